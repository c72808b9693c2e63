# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: verify and parse an Ankoder notification.

The service POSTs ``application/x-www-form-urlencoded`` with ``message`` (JSON
text) and ``signature`` = base64(HMAC-SHA1(private_key, message)). The
signature is checked over the ``message`` value exactly as received, never a
re-serialisation of the JSON, and in constant time.

A ``Convert`` notification does not say whether an ``Upload`` one follows (the
job was given an ``upload_url``, or the account uploads every output to its
external storage): only whoever created the job knows. The receiver reads it
from the postback URL the job was created with, ``...?upload_step=true|false``
(``upload_step``); unsaid, it is None.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import threading
import time

from urllib.parse import parse_qsl

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError
from ansible_collections.mediaops.video.plugins.module_utils._files import replace_file
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_signer import notification_is_authentic

MAX_BODY = 1024 * 1024
# The query parameter of a postback URL that says whether the job uploads its output (see upload_step).
UPLOAD_STEP = 'upload_step'
# What an event source records per notification: the body as received, in a file of its own.
RECORD_SUFFIX = '.form'
# The notifications that say an import ended, and the results that mean it failed.
IMPORT_TYPES = ('Download', 'NewVideo')
FAILED_RESULTS = ('fail', 'failed', 'failure', 'error')
# File times move by clock ticks (by 2 s on some file systems): a directory changed this recently may change again
# without its time moving, so it is listed again whatever its time says.
RACY_SECONDS = 2.0
_TRUE = ('true', 'yes', 'on', '1')
_FALSE = ('false', 'no', 'off', '0')


class NotificationError(MediaopsError):
    """A notification that is malformed or not signed by the account's key."""


def form_fields(body):
    """``message`` and ``signature`` of a raw form body (str or bytes) or an already-parsed mapping."""
    if isinstance(body, dict):
        fields = body
    else:
        if isinstance(body, bytes):
            body = body.decode('utf-8', 'strict')
        if not isinstance(body, str):
            raise NotificationError('an Ankoder notification body must be text, not %s' % type(body).__name__)
        if len(body) > MAX_BODY:
            raise NotificationError('the notification body is larger than %d bytes' % MAX_BODY)
        try:
            pairs = parse_qsl(body, keep_blank_values=True, strict_parsing=True)
        except ValueError as exc:
            raise NotificationError('the notification body is not form-encoded: %s' % exc)
        fields = {}
        for name, value in pairs:
            if name in fields:
                raise NotificationError('the notification repeats the field %s' % name)
            fields[name] = value
    message, signature = fields.get('message'), fields.get('signature')
    if not isinstance(message, str) or not isinstance(signature, str) or not message or not signature:
        raise NotificationError('an Ankoder notification needs the form fields message and signature')
    return message, signature


def parse_notification(body, private_key):
    """The notification's JSON message as a dict, once its signature is verified."""
    if not private_key:
        raise NotificationError('verifying an Ankoder notification needs the private key')
    message, signature = form_fields(body)
    if not notification_is_authentic(private_key, message, signature):
        raise NotificationError('the Ankoder notification signature does not match its message')
    return parse_message(message)


def parse_message(message):
    """The JSON object of a notification ``message`` whose signature was verified already."""
    try:
        parsed = json.loads(message)
    except RecursionError:
        raise NotificationError('the Ankoder notification message is nested too deeply')
    except ValueError as exc:
        raise NotificationError('the Ankoder notification message is not JSON: %s' % exc)
    if not isinstance(parsed, dict):
        raise NotificationError('the Ankoder notification message is not a JSON object')
    return parsed


def upload_step(values):
    """Whether the notifying job has an upload step, as its postback URL's ``upload_step`` says: True, False or None.

    ``values``: the parameter's values in the query (none: the URL does not say, None). The parameter is not
    signed (Ankoder signs the message only), so it is read as the URL's owner wrote it: one boolean word.
    """
    values = list(values)
    if not values:
        return None
    if len(values) > 1:
        raise NotificationError('the postback URL repeats %s' % UPLOAD_STEP)
    word = values[0].strip().lower() if isinstance(values[0], str) else None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise NotificationError('%s in the postback URL must be true or false' % UPLOAD_STEP)


def import_failure(message):
    """``(video id as text, reason)`` of a notification saying an import failed (``Download`` or ``NewVideo`` whose
    ``result`` is a failure); None for any other."""
    result = message.get('result')
    if message.get('type') not in IMPORT_TYPES or not isinstance(result, str) or result.strip().lower() not in FAILED_RESULTS:
        return None
    video_id = message.get('video_id')
    if isinstance(video_id, bool) or not isinstance(video_id, (int, str)) or not str(video_id).strip():
        return None
    error = message.get('error')
    reason = error.strip() if isinstance(error, str) and error.strip() else 'no reason given'
    return str(video_id).strip(), '%s (the %s notification)' % (reason, message['type'])


def record(directory, body, now):
    """Keep a verified notification ``body`` (bytes, as received) in ``directory``, one file each, written whole or
    not at all (a reader never sees half a file); the file's path. Its name sorts by ``now`` (epoch seconds)."""
    name = '%016d-%s%s' % (int(round(now * 1e6)), hashlib.sha256(body).hexdigest()[:16], RECORD_SUFFIX)
    path = os.path.join(directory, name)
    replace_file(path, body, prefix='.incoming-')
    return path


class ImportFailures(object):
    """The imports that verified notifications say failed: given bodies (raw form bodies, or mappings with
    ``message`` and ``signature``), and those recorded in ``directory`` (see ``record``), read again on every
    look (listed again only when its modification time has moved, or is too recent to tell: a bulk wait looks once
    per video). A given body that does not verify raises NotificationError; a recorded one is skipped with ``warn``."""

    def __init__(self, private_key, bodies=(), directory=None, warn=None):
        self.private_key = private_key
        self.directory = directory
        self.warn = warn or (lambda text: None)
        self._failed = {}
        self._seen = set()
        self._listed_at = None  # the directory's modification time (ns) when it was last listed
        self._lock = threading.Lock()
        for index, body in enumerate(bodies or ()):
            try:
                self._note(parse_notification(body, private_key))
            except NotificationError as exc:
                raise NotificationError('notifications[%d]: %s' % (index, exc.message))

    def _note(self, message):
        failure = import_failure(message)
        if failure is not None:
            self._failed.setdefault(failure[0], failure[1])

    def _scan(self):
        try:
            modified = os.stat(self.directory).st_mtime_ns
            if modified == self._listed_at and time.time() - modified / 1e9 >= RACY_SECONDS:
                return
            names = sorted(name for name in os.listdir(self.directory) if name.endswith(RECORD_SUFFIX))
        except OSError as exc:
            raise NotificationError('cannot read notification_dir %s: %s' % (self.directory, exc))
        self._listed_at = modified
        for name in names:
            if name in self._seen:
                continue
            self._seen.add(name)
            try:
                with open(os.path.join(self.directory, name), 'rb') as handle:
                    body = handle.read(MAX_BODY + 1)
                self._note(parse_notification(body, self.private_key))
            except (OSError, UnicodeDecodeError, NotificationError) as exc:
                self.warn('skipped the notification %s in notification_dir: %s' % (name, getattr(exc, 'message', exc)))

    def reason(self, video_id):
        """Why the import of ``video_id`` failed, as a notification says; None when none says so."""
        with self._lock:
            if self.directory:
                self._scan()
            return self._failed.get(str(video_id))

    def judge(self, video):
        """``video``, ``failed`` with the notification's reason when one says its import failed (unless the
        video itself says ``downloaded``)."""
        reason = self.reason(video.get('id')) if video.get('id') is not None else None
        if reason is None or video.get('status') in ('downloaded', 'failed'):
            return video
        return dict(video, status='failed', error=reason)
