# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder (seed 000), served strictly per docs/docsite/rst/wire_ankoder.rst under the prefix ``/ankoder``.

The one account:

* ``LOGIN`` = ``demo``, ``PASSWORD`` = ``demo-password`` (Basic auth and ``POST /auth/login``)
* ``ACCESS_KEY`` = ``AKDEMO0000000000000000000000000000000001``,
  ``PRIVATE_KEY`` = ``demo-private-key-0001`` (signature auth, ``/files/upload``)

Routes (GET routes also answer with ``.xml`` appended)::

    POST /ankoder/auth/login        form login, password -> <session> + cookie (401 + cookie if wrong)
    POST /ankoder/download          urlencoded form -> <video> (id, progress, created_at)
    GET  /ankoder/video/{id}        <video> with specs, status, progress, error
    GET  /ankoder/profile           <profiles>
    GET  /ankoder/profile/{id}      <profile>
    POST /ankoder/job               urlencoded form -> <job>
    GET  /ankoder/job/{id}          <job>
    POST /ankoder/files/upload      multipart (no auth, no Accept needed) -> <video> or 302

Every API route but ``/files/upload`` needs ``Accept`` containing ``text/xml``
(else 406); every one but ``/auth/login`` and ``/files/upload`` needs Basic,
signature or session auth (else 401).  POST routes take their fields from the
body only: a query string on them is refused (422), and so are unknown or
repeated fields.  An import or job given a ``postback_url`` is notified there
once final (``ankoder_notify``).  An upload whose Content-Length exceeds 2 GiB is refused
unread (413).  Video ids start at 1001 (converted outputs share that
sequence), job ids at 5001.  ``GET /_sandbox/ankoder/video/{id}`` and
``/_sandbox/ankoder/job/{id}`` show what was stored (form fields, upload
SHA-256) as JSON; ``GET /_sandbox/ankoder/notifications`` ->
``{"delivered", "failed", "retried", "skipped", "pending"}``.

The account's settings, ``GET|POST /_sandbox/ankoder/account`` (a POST sets the
keys it gives; ``reset`` with data restores the defaults):

* ``notification_url`` (a loopback URL or null, the default): the account's
  notification URL of the user settings, where uploads are notified (``NewVideo``).
* ``video_reply``: how ``GET /video/{id}`` answers (``ankoder_xml.VIDEO_REPLIES``):
  ``contract`` (status, progress, error; the default), ``seed`` (the seed's
  fields only: a failed import shows nothing but a progress that stopped) or
  ``seed_errors`` (``seed``, plus ``<errors>`` on a failed import).

``POST /_sandbox/ankoder/inbox`` is a notification receiver for tests (give
``http://127.0.0.1:PORT/_sandbox/ankoder/inbox`` as a ``postback_url`` or the
``notification_url``): it keeps each body as received; ``GET`` lists them
(``{"received": [{"content_type", "body"}]}``), ``DELETE`` forgets them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
from urllib.parse import quote

from . import ankoder_xml as xml
from .delivery import check_url
from .ankoder_auth import REALM, SESSION_COOKIE, AnkoderAuth
from .ankoder_notify import AnkoderNotifier
from .ankoder_profiles import PROFILES, RECIPES, effective_profile, lookup
from .ankoder_rules import (CONVERSION_FIELDS, DESTINATION_FIELDS, check_conversion, check_destinations, check_fields,
                            is_http_url, is_source_url)
from .ankoder_store import AnkoderStore
from .forms import URLENCODED, FormError, parse_form
from .service import Response, Route, Service
from .xmlout import render

LOGIN = "demo"
PASSWORD = "demo-password"
ACCESS_KEY = "AKDEMO0000000000000000000000000000000001"
PRIVATE_KEY = "demo-private-key-0001"

PREFIX = "/ankoder"
MAX_UPLOAD_BYTES = 2 * 1024 ** 3

DOWNLOAD_FIELDS = frozenset(("url", "custom_profile", "custom_recipe") + DESTINATION_FIELDS + CONVERSION_FIELDS)
JOB_FIELDS = frozenset(("original_file_id", "profile_id") + DESTINATION_FIELDS + CONVERSION_FIELDS)
LOGIN_FIELDS = frozenset(("login", "password"))
UPLOAD_FIELDS = frozenset(("file", "access_key", "success_redirect", "failed_redirect", "commit"))
ACCOUNT_DEFAULTS = {"notification_url": None, "video_reply": "contract"}


def accepts_xml(request):
    """True if an ``Accept`` header lists ``text/xml``."""
    for value in request.header_values("Accept"):
        for item in value.split(","):
            if item.split(";")[0].strip().lower() == "text/xml":
                return True
    return False


def _with_query(url, name, value):
    return "%s%s%s=%s" % (url, "&" if "?" in url else "?", name, quote(str(value), safe=""))


class AnkoderService(Service):
    """The Ankoder fake: one account, fixed profiles, videos and jobs that progress per tick."""

    name = "ankoder"
    prefix = PREFIX
    resource_kinds = ("ankoder.video", "ankoder.job")

    def __init__(self):
        Service.__init__(self)
        self.auth = None
        self.store = None
        self.notifier = None
        self.account = dict(ACCOUNT_DEFAULTS)
        self.inbox = []

    def attach(self, app):
        Service.attach(self, app)
        self.auth = AnkoderAuth({LOGIN: PASSWORD}, {ACCESS_KEY: PRIVATE_KEY}, app.clock, app.stats)
        self.store = AnkoderStore(app.clock)
        self.notifier = AnkoderNotifier(app.clock, PRIVATE_KEY)

    def reset(self):
        self.auth.reset()
        self.store.reset()
        self.notifier.reset()
        self.account = dict(ACCOUNT_DEFAULTS)
        self.inbox = []

    def routes(self):
        api = self._api
        return [
            Route("POST", PREFIX + "/auth/login", api(self.login, auth=False)),
            Route("POST", PREFIX + "/download", api(self.download)),
            Route("GET", PREFIX + "/video/{id}", api(self.video_get), xml_suffix=True),
            Route("GET", PREFIX + "/profile", api(self.profile_list), xml_suffix=True),
            Route("GET", PREFIX + "/profile/{id}", api(self.profile_get), xml_suffix=True),
            Route("POST", PREFIX + "/job", api(self.job_create)),
            Route("GET", PREFIX + "/job/{id}", api(self.job_get), xml_suffix=True),
            Route("POST", PREFIX + "/files/upload", self.upload, max_body=MAX_UPLOAD_BYTES),
        ]

    def control_routes(self):
        return [
            ("GET", "/ankoder/video/{id}", self.inspect_video),
            ("GET", "/ankoder/job/{id}", self.inspect_job),
            ("GET", "/ankoder/notifications", self.inspect_notifications),
            ("GET", "/ankoder/account", self.account_get),
            ("POST", "/ankoder/account", self.account_set),
            ("GET", "/ankoder/inbox", self.inbox_list),
            ("POST", "/ankoder/inbox", self.inbox_receive),
            ("DELETE", "/ankoder/inbox", self.inbox_clear),
        ]

    def sample_body(self):
        return render(xml.sample_video())

    # -- plumbing ---------------------------------------------------------------------------

    def _xml(self, element, status=200, headers=None):
        return Response(status, render(element), self.content_type, headers)

    def _api(self, handler, auth=True):
        """Wrap ``handler`` with the Accept check and (unless ``auth`` is False) authentication."""
        def serve(request):
            if not accepts_xml(request):
                return self.error_response(406, ["Accept header must include text/xml"])
            if auth:
                failure = self.auth.authenticate(request)
                if failure is not None:
                    headers = [("WWW-Authenticate", REALM)] if failure.challenge else []
                    return self.error_response(401, [failure.message], headers)
            return handler(request)
        return serve

    def _form(self, request, allowed, encodings=(URLENCODED,)):
        """``(form dict, errors)`` of a POST body restricted to ``allowed`` text fields."""
        if request.query:
            return {}, ["Parameters must be sent in the request body, not the query string"]
        media_type, _params = request.media_type()
        if media_type not in encodings and (media_type or request.body):
            return {}, ["Content-Type must be %s" % " or ".join(encodings)]
        try:
            parts = parse_form(media_type, request.header("Content-Type") or "", request.body)
            pairs = [(part.name, part.value if part.filename is None else None) for part in parts]
        except FormError as error:
            return {}, ["Malformed form: %s" % error]
        return check_fields(pairs, allowed)

    def _steady(self):
        return self.app.clock.steady()

    # -- routes -----------------------------------------------------------------------------

    def login(self, request):
        """``POST /auth/login``."""
        form, errors = self._form(request, LOGIN_FIELDS, (URLENCODED, "multipart/form-data"))
        if errors:
            return self.error_response(422, errors)
        ok, token = self.auth.login(form.get("login", ""), form.get("password", ""))
        cookie = [("Set-Cookie", "%s=%s; path=/" % (SESSION_COOKIE, token))]
        if not ok:
            return self.error_response(401, ["Invalid login or password"], cookie)
        return self._xml(xml.session(form["login"]), headers=cookie)

    def download(self, request):
        """``POST /download``."""
        form, errors = self._form(request, DOWNLOAD_FIELDS)
        if errors:
            return self.error_response(422, errors)
        url = form.get("url", "")
        if not url:
            errors.append("Url can't be blank")
        elif not is_source_url(url):
            errors.append("Url is invalid")
        if "custom_profile" in form and lookup(form["custom_profile"]) is None:
            errors.append("Custom profile not found")
        if "custom_recipe" in form and not (form["custom_recipe"].isdigit() and int(form["custom_recipe"]) in RECIPES):
            errors.append("Custom recipe not found")
        mandatory = "custom_profile" not in form and "custom_recipe" not in form
        errors += check_conversion(form, mandatory) + check_destinations(form)
        if errors:
            return self.error_response(422, errors)
        video = self.store.add_download(url, form)
        self.app.stats.count_create("ankoder.video")
        self.notifier.video_imported(video)
        return self._xml(xml.video_created(video))

    def video_get(self, request):
        """``GET /video/{id}``."""
        video = self.store.video(request.params["id"])
        if video is None:
            return self.error_response(404, ["Video not found"])
        return self._xml(xml.video_full(video, video.state(self._steady(), self.app.clock.tick),
                                        self.account["video_reply"]))

    def profile_list(self, _request):
        """``GET /profile``."""
        return self._xml(xml.profiles([PROFILES[key] for key in sorted(PROFILES)]))

    def profile_get(self, request):
        """``GET /profile/{id}``."""
        profile = lookup(request.params["id"])
        if profile is None:
            return self.error_response(404, ["Profile not found"])
        return self._xml(xml.profile(profile))

    def job_create(self, request):
        """``POST /job``."""
        form, errors = self._form(request, JOB_FIELDS)
        if errors:
            return self.error_response(422, errors)
        video = None
        if not form.get("original_file_id"):
            errors.append("Original file can't be blank")
        else:
            video = self.store.video(form["original_file_id"])
            if video is None:
                errors.append("Original file not found")
        profile = None
        if "profile_id" in form:
            profile = lookup(form["profile_id"])
            if profile is None:
                errors.append("Profile not found")
        errors += check_conversion(form, "profile_id" not in form) + check_destinations(form)
        if errors:
            return self.error_response(422, errors)
        job = self.store.add_job(video, effective_profile(profile, form), form)
        self.app.stats.count_create("ankoder.job")
        self.notifier.job_created(job)
        return self._job_reply(job)

    def _job_reply(self, job):
        now, tick = self._steady(), self.app.clock.tick
        state = job.state(now, tick)
        output_state = job.output.state(now, tick) if state[0] == "completed" else None
        return self._xml(xml.job(job, state, job.video.state(now, tick), output_state))

    def job_get(self, request):
        """``GET /job/{id}``."""
        job = self.store.job(request.params["id"])
        if job is None:
            return self.error_response(404, ["Job not found"])
        return self._job_reply(job)

    def upload(self, request):
        """``POST /files/upload`` (browser form: no Accept check, the access key authorizes)."""
        media_type, _params = request.media_type()
        failure, form, upload = self._upload_form(request, media_type)
        failed_redirect = form.get("failed_redirect")
        if failed_redirect is not None and not is_http_url(failed_redirect):
            return self.error_response(422, ["Failed redirect is invalid"])
        if failure:
            if failed_redirect:
                location = _with_query(failed_redirect, "error", "; ".join(failure))
                return self._xml(xml.redirect(location), 302, [("Location", location)])
            return self.error_response(422, failure)
        video = self.store.add_upload(upload.filename, upload.data, form)
        self.app.stats.count_create("ankoder.video")
        self.notifier.video_uploaded(video, lambda: self.account["notification_url"])
        if form.get("success_redirect"):
            location = _with_query(form["success_redirect"], "video_id", video.id)
            return self._xml(xml.redirect(location), 302, [("Location", location)])
        return self._xml(xml.video_full(video, video.state(self._steady(), self.app.clock.tick),
                                        self.account["video_reply"]))

    def _upload_form(self, request, media_type):
        """``(errors, form, file part)`` of an upload."""
        if media_type != "multipart/form-data":
            return ["Content-Type must be multipart/form-data"], {}, None
        try:
            parts = parse_form(media_type, request.header("Content-Type"), request.body)
            pairs = [(part.name, part.value) for part in parts if part.name != "file"]
        except FormError as error:
            return ["Malformed form: %s" % error], {}, None
        files = [part for part in parts if part.name == "file"]
        allowed = UPLOAD_FIELDS | set(name for name, _value in pairs if name.startswith("custom_"))
        form, errors = check_fields(pairs, allowed)
        if not files or files[0].filename is None or not files[0].data:
            errors.append("File can't be blank")
        elif len(files) > 1:
            errors.append("File is given more than once")
        elif len(files[0].data) > MAX_UPLOAD_BYTES:
            errors.append("File is too large (max 2 GiB)")
        if not form.get("access_key"):
            errors.append("Access key can't be blank")
        elif not self.auth.known_access_key(form["access_key"]):
            errors.append("Access key is invalid")
        if "success_redirect" in form and not is_http_url(form["success_redirect"]):
            errors.append("Success redirect is invalid")
        return errors, form, files[0] if files else None

    # -- control extras ---------------------------------------------------------------------

    def inspect_video(self, request):
        """``GET /_sandbox/ankoder/video/{id}``: what the sandbox stored (JSON)."""
        video = self.store.video(request.params["id"])
        if video is None:
            return 404, {"error": "no such video"}
        status, progress, error = video.state(self._steady(), self.app.clock.tick)
        return 200, {
            "id": video.id, "filename": video.filename, "source": video.source, "form": video.form,
            "sha256": video.sha256, "size": video.specs.size, "status": status, "progress": progress, "error": error,
        }

    def inspect_job(self, request):
        """``GET /_sandbox/ankoder/job/{id}``: what the sandbox stored (JSON)."""
        job = self.store.job(request.params["id"])
        if job is None:
            return 404, {"error": "no such job"}
        status, progress, error = job.state(self._steady(), self.app.clock.tick)
        return 200, {
            "id": job.id, "original_file_id": job.video.id, "output_video_id": job.output.id, "form": job.form,
            "profile": job.profile, "status": status, "convert_progress": progress, "error": error,
        }

    def inspect_notifications(self, _request):
        """``GET /_sandbox/ankoder/notifications``: the delivery counters of the notifications."""
        return 200, self.notifier.document()

    def account_get(self, _request):
        """``GET /_sandbox/ankoder/account``: the account's settings."""
        return 200, dict(self.account)

    def account_set(self, request):
        """``POST /_sandbox/ankoder/account``: set the settings given (``notification_url``, ``video_reply``)."""
        data = json.loads(request.body.decode("utf-8")) if request.body.strip() else {}
        if not isinstance(data, dict) or not data or set(data) - set(ACCOUNT_DEFAULTS):
            raise ValueError("the body is an object of some of %s" % ", ".join(sorted(ACCOUNT_DEFAULTS)))
        if "video_reply" in data and data["video_reply"] not in xml.VIDEO_REPLIES:
            raise ValueError("video_reply must be one of %s" % ", ".join(xml.VIDEO_REPLIES))
        if "notification_url" in data:
            check_url(data["notification_url"])
        self.account.update(data)
        return 200, dict(self.account)

    def inbox_receive(self, request):
        """``POST /_sandbox/ankoder/inbox``: keep a notification as received."""
        self.inbox.append({"content_type": request.header("Content-Type"),
                           "body": request.body.decode("utf-8", "replace")})
        return 200, {"received": len(self.inbox)}

    def inbox_list(self, _request):
        """``GET /_sandbox/ankoder/inbox``: the notifications received, oldest first."""
        return 200, {"received": list(self.inbox)}

    def inbox_clear(self, _request):
        """``DELETE /_sandbox/ankoder/inbox``: forget them."""
        self.inbox = []
        return 200, {"received": []}
