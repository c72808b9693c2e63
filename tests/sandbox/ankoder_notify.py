# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder's notifications (seed 000; docs/docsite/rst/wire_ankoder.rst, Callbacks): signed form posts to a job's ``postback_url``.

When something given a ``postback_url`` is final, the sandbox POSTs
``application/x-www-form-urlencoded`` ``message=<JSON text>&signature=<sig>``
to it, ``sig = base64(HMAC-SHA1(key=the account's private key,
msg=message))`` over the exact message text (compact JSON, UTF-8, keys in
the seed's order, numbers as strings as the seed shows them):

* ``POST /download`` (an import) when the video is ``downloaded`` or
  ``failed``: a ``Download`` notification (``result`` success/fail,
  ``error``, ``video_id``, ``type``, ``video_name``).
* ``POST /job`` (a conversion) when the job is ``completed`` or ``failed``: a
  ``Convert`` notification (success: ``name``, ``result``,
  ``convert_video_id``, ``is_trimmed``, ``original_video_id``, ``type``,
  ``thumbnail_result``, ``Job``, ``error``; failure: ``result`` fail,
  ``is_trimmed``, ``original_video_id``, ``type``, ``Job``, ``error``); then,
  if the job was given an ``upload_url`` and completed, an ``Upload``
  notification with the ``job`` details (``profile``, ``input_file``,
  ``output_file`` whose ``url`` is the upload URL plus the file name, without
  the password that URL may hold: a notification is often printed).

``NewVideo`` notifications go to the account's notification URL (user
settings; ``/files/upload`` takes no ``postback_url``), which the sandbox sets
with ``POST /_sandbox/ankoder/account {"notification_url": ...}``: once an
upload is final, its ``NewVideo`` in the seed's two shapes (success:
``result``, ``error`` null, ``video_id`` a number, ``type``,
``custom_fields``, ``duration``, ``size``, ``filename``; failure: ``result``
``failed``, ``error``, ``video_id``, ``type``, ``custom_fields``,
``video_name``), ``custom_fields`` holding the upload's ``custom_*`` form
fields by their full names.  No notification is sent for an import that
never ends (``stall``).  Delivery (background thread, retries, counters) is the
shared mechanism of ``delivery``; only loopback URLs are called, others are
counted ``skipped``.  ``GET /_sandbox/ankoder/notifications`` serves the
counters.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import json
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request

from .ankoder_store import NEVER, UNSUPPORTED_VIDEO
from .ankoder_profiles import BROKEN_PROFILE_ERROR, BROKEN_PROFILE_ID
from .delivery import Deliveries

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def sign(private_key, message):
    """``base64(HMAC-SHA1(key=private_key, msg=message))`` (both text, UTF-8)."""
    digest = hmac.new(private_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def message_text(message):
    """The JSON text of a notification, as the vendor's worker writes it (compact, UTF-8)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def form_body(message, private_key):
    """The urlencoded body ``message=...&signature=...`` of ``message`` (a dict)."""
    text = message_text(message)
    return urlencode([("message", text), ("signature", sign(private_key, text))]).encode("ascii")


def without_password(url):
    """``url`` with any password of its user info dropped (``ftp://user:pw@host/`` -> ``ftp://user@host/``)."""
    parts = urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    if not at:
        return url
    return urlunsplit(parts._replace(netloc="%s@%s" % (userinfo.partition(":")[0], host)))


def download_message(video):
    """The ``Download`` notification of a finished import."""
    failed = video.broken
    return {
        "result": "fail" if failed else "success",
        "error": UNSUPPORTED_VIDEO if failed else "",
        "video_id": str(video.id),
        "type": "Download",
        "video_name": video.filename,
    }


def new_video_message(video):
    """The ``NewVideo`` notification of a finished upload (the seed's shapes: a number id, ``error`` null)."""
    custom = dict((name, value) for name, value in sorted(video.form.items()) if name.startswith("custom_"))
    if video.broken:
        return {"result": "failed", "error": UNSUPPORTED_VIDEO, "video_id": video.id, "type": "NewVideo",
                "custom_fields": custom, "video_name": video.filename}
    return {"result": "success", "error": None, "video_id": video.id, "type": "NewVideo", "custom_fields": custom,
            "duration": str(video.specs.duration), "size": str(video.specs.size), "filename": video.filename}


def job_outcome(job):
    """``(completed?, error)`` of a finished job."""
    if job.video.broken or job.profile.get("id") == BROKEN_PROFILE_ID:
        return False, BROKEN_PROFILE_ERROR
    return True, ""


def _trimmed(job):
    return bool(job.profile.get("trim_begin") or job.profile.get("max_duration"))


def convert_message(job):
    """The ``Convert`` notification of a finished job."""
    completed, error = job_outcome(job)
    if not completed:
        return {"result": "fail", "is_trimmed": _trimmed(job), "original_video_id": str(job.video.id),
                "type": "Convert", "Job": str(job.id), "error": error}
    return {
        "name": job.output.filename,
        "result": "success",
        "convert_video_id": str(job.output.id),
        "is_trimmed": _trimmed(job),
        "original_video_id": str(job.video.id),
        "type": "Convert",
        "thumbnail_result": "success",
        "Job": str(job.id),
        "error": "",
    }


def _file(video):
    specs = video.specs
    return {"duration": str(specs.duration), "name": video.filename, "size": str(specs.size), "id": str(video.id),
            "height": str(specs.height), "width": str(specs.width)}


def upload_message(job):
    """The ``Upload`` notification of a completed job given an ``upload_url``."""
    output = _file(job.output)
    output["url"] = "%s/%s" % (without_password(job.form["upload_url"]).rstrip("/"), job.output.filename)
    output["filename"] = job.output.filename
    output["thumbnails"] = []
    if "thumbnail_upload_url" in job.form:
        moment = job.form.get("thumb_moments", "1")
        output["thumbnails"] = ["%d-%s-%sx%s.png" % (job.output.id, moment, job.output.specs.width,
                                                     job.output.specs.height)]
    profile = {"id": str(job.profile.get("id") or ""), "name": job.profile.get("name") or ""}
    return {
        "result": "success",
        "error": "",
        "type": "Upload",
        "job": {"id": str(job.id), "status": "completed", "profile": profile, "input_file": _file(job.video),
                "output_file": output},
    }


class AnkoderNotifier:
    """Schedules the notifications of imports and jobs given a ``postback_url``."""

    def __init__(self, clock, private_key):
        self.clock = clock
        self.private_key = private_key
        self.deliveries = Deliveries(clock, "ankoder")

    def reset(self):
        """Forget what is pending and the counters."""
        self.deliveries.reset()

    def document(self):
        """``GET /_sandbox/ankoder/notifications``."""
        return self.deliveries.counts()

    def _request(self, url, message):
        return Request(url, data=form_body(message, self.private_key), headers={"Content-Type": FORM_CONTENT_TYPE},
                       method="POST")

    def _schedule(self, url, due, label, message_of):
        if due != NEVER:
            self.deliveries.schedule(due, label, lambda: self._request(url, message_of()), url=url)

    def video_uploaded(self, video, account_url):
        """An upload was registered: notify the account's URL (``account_url()`` when sending) once it is final."""
        if account_url() is None or video.finished_at(self.clock.tick) == NEVER:
            return

        def build():
            url = account_url()
            return self._request(url, new_video_message(video)) if url else None
        self.deliveries.schedule(video.finished_at(self.clock.tick), "NewVideo of video %d" % video.id, build)

    def video_imported(self, video):
        """An import (``/download``) was registered: notify its ``postback_url`` once it is final."""
        url = video.form.get("postback_url")
        if url:
            self._schedule(url, video.finished_at(self.clock.tick), "Download of video %d" % video.id,
                           lambda: download_message(video))

    def job_created(self, job):
        """A job was registered: notify its ``postback_url`` once it is final (Convert, then Upload)."""
        url = job.form.get("postback_url")
        if not url:
            return
        due = job.finished_at(self.clock.tick)
        self._schedule(url, due, "Convert of job %d" % job.id, lambda: convert_message(job))
        if "upload_url" in job.form and job_outcome(job)[0]:
            self._schedule(url, due, "Upload of job %d" % job.id, lambda: upload_message(job))
