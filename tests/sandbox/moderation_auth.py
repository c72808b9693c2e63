# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iLiveData's request signature (docs/docsite/rst/wire_moderation.rst, Signing), the error type, and the checks before the body is read.

``StringToSign = METHOD \\n lowercase(Host header as sent, with :port) \\n path
("/" if empty, no query) \\n lowercase_hex(SHA256(body bytes)) \\n "X-AppId:" +
app_id \\n "X-TimeStamp:" + ts`` (no trailing newline), ``Authorization =
base64(HMAC-SHA256(key=secret, msg=StringToSign))``.  The same algorithm
signs the callbacks the sandbox sends (keyed with ``callbackSecretKey``).

Checks, in this order (HTTP status / errorCode):

1. Content-Type not ``application/json`` (a ``charset`` parameter, if any, must be UTF-8): 400/1003
2. ``X-AppId``, ``X-TimeStamp`` or ``Authorization`` missing or empty: 401/2000 naming the header;
   given twice: 401/2001
3. unknown app id: 401/1110
4. ``X-TimeStamp`` not ``YYYY-MM-DDThh:mm:ssZ`` or more than 900 s away from the sandbox clock: 401/1108
5. signature mismatch (constant-time comparison): 401/1110
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import calendar
import hashlib
import hmac
import re
import time

SKEW_SECONDS = 900
AUTH_HEADERS = ("X-AppId", "X-TimeStamp", "Authorization")

MALFORMED = 1003
WRONG_METHOD = 1004
BAD_TIMESTAMP = 1108
BAD_SIGNATURE = 1110
MISSING = 2000
INVALID = 2001

_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class ModerationError(Exception):
    """A refused request: HTTP ``status``, the vendor's ``code`` and a message."""

    def __init__(self, status, code, message):
        Exception.__init__(self, "%d/%d: %s" % (status, code, message))
        self.status = status
        self.code = code
        self.message = message

    def document(self):
        """The reply body as a dict."""
        return {"errorCode": self.code, "errorMessage": self.message}


def missing(field):
    """A 401/2000 naming ``field``."""
    return ModerationError(401, MISSING, "missing parameter: %s" % field)


def invalid(field, why):
    """A 401/2001 naming ``field``."""
    return ModerationError(401, INVALID, "invalid parameter: %s (%s)" % (field, why))


def format_timestamp(epoch):
    """``YYYY-MM-DDThh:mm:ssZ`` (UTC) of epoch seconds."""
    return time.strftime(_TIMESTAMP_FORMAT, time.gmtime(int(epoch)))


def parse_timestamp(text):
    """Epoch seconds of ``YYYY-MM-DDThh:mm:ssZ``, or None if ``text`` is not exactly that (a real date)."""
    if not _TIMESTAMP.match(text):
        return None
    try:
        return calendar.timegm(time.strptime(text, _TIMESTAMP_FORMAT))
    except ValueError:
        return None


def string_to_sign(method, host, path, body, app_id, timestamp):
    """The StringToSign of docs/docsite/rst/wire_moderation.rst, Signing (``body``: the exact bytes)."""
    return "\n".join((method, host.lower(), path or "/", hashlib.sha256(body).hexdigest(), "X-AppId:" + app_id,
                      "X-TimeStamp:" + timestamp))


def sign(secret, text):
    """``base64(HMAC-SHA256(key=secret, msg=text))``."""
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _content_type(request):
    media_type, params = request.media_type()
    charset = params.get("charset")
    if media_type != "application/json" or (charset is not None and charset.lower().replace("-", "") != "utf8"):
        raise ModerationError(400, MALFORMED, "Content-Type must be application/json;charset=UTF-8")


def _headers(request):
    values = []
    for name in AUTH_HEADERS:
        found = request.header_values(name)
        if not found or not found[0].strip():
            raise missing(name)
        if len(found) > 1:
            raise invalid(name, "given more than once")
        values.append(found[0].strip())
    return values


def authenticate(request, apps, now):
    """The app id of a correctly signed ``request``, or a ``ModerationError``.

    ``apps`` maps app ids to secret keys; ``now`` is the sandbox's (shifted) epoch time.
    """
    _content_type(request)
    app_id, timestamp, given = _headers(request)
    secret = apps.get(app_id)
    if secret is None:
        raise ModerationError(401, BAD_SIGNATURE, "unknown app id")
    when = parse_timestamp(timestamp)
    if when is None:
        raise ModerationError(401, BAD_TIMESTAMP, "X-TimeStamp must be YYYY-MM-DDThh:mm:ssZ (UTC)")
    if abs(when - now) > SKEW_SECONDS:
        raise ModerationError(401, BAD_TIMESTAMP, "X-TimeStamp is more than %d seconds away from the server time %s"
                              % (SKEW_SECONDS, format_timestamp(now)))
    text = string_to_sign(request.method, request.header("Host") or "", request.path, request.body, app_id, timestamp)
    if not hmac.compare_digest(sign(secret, text).encode("ascii"), given.encode("utf-8", "surrogateescape")):
        raise ModerationError(401, BAD_SIGNATURE, "signature mismatch")
    return app_id
