# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: iLiveData's request signature, for requests and for callbacks.

docs/docsite/rst/wire_moderation.rst, Signing (callbacks: Callbacks):
StringToSign = METHOD \\n lowercase(Host as sent, with :port) \\n path ("/" if empty, no query) \\n
               lowercase_hex(SHA256(body bytes)) \\n "X-AppId:" + app_id \\n "X-TimeStamp:" + ts
Authorization = base64(HMAC-SHA256(key=secret_key, msg=StringToSign))
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import json
import time

from urllib.parse import urlsplit

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_seconds, utc_text

SKEW_WINDOW = 900


class CallbackError(MediaopsError):
    """A moderation callback that is not authentic, or too old or new."""


class CallbackBodyError(CallbackError):
    """An authentic moderation callback whose body is not JSON (raised after the signature matched)."""


def _bytes(value):
    return value if isinstance(value, bytes) else value.encode('utf-8')


def body_bytes(payload):
    """The exact bytes sent (and signed): compact JSON, UTF-8."""
    return json.dumps(payload, separators=(',', ':'), ensure_ascii=False).encode('utf-8')


def timestamp(epoch):
    return utc_text(int(epoch))


def host_and_path(url):
    """(lowercase host[:port] as a client sends it, path or "/") of a URL."""
    parts = urlsplit(url)
    return parts.netloc.rsplit('@', 1)[-1].lower(), parts.path or '/'


def string_to_sign(method, host, path, body, app_id, stamp):
    return '\n'.join((method.upper(), host.lower(), path or '/', hashlib.sha256(_bytes(body)).hexdigest(),
                      'X-AppId:' + app_id, 'X-TimeStamp:' + stamp))


def signature(secret_key, method, host, path, body, app_id, stamp):
    digest = hmac.new(_bytes(secret_key), _bytes(string_to_sign(method, host, path, body, app_id, stamp)), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode('ascii')


def request_headers(app_id, secret_key, method, url, body, stamp):
    """Every header of a signed request, Host included (it is signed as sent)."""
    host, path = host_and_path(url)
    return {
        'Host': host,
        'Content-Type': 'application/json;charset=UTF-8',
        'Accept': 'application/json;charset=UTF-8',
        'X-AppId': app_id,
        'X-TimeStamp': stamp,
        'Authorization': signature(secret_key, method, host, path, body, app_id, stamp),
    }


def verify_callback(secret_key, url, body, headers, method='POST', app_id=None, now=None, window=SKEW_WINDOW):
    """Check a callback's signature over the raw body, in constant time, inside the skew window.

    ``url`` is the callback URL as given to the service (its host and path are
    signed); ``headers`` the request's headers (any case). Returns the parsed
    JSON body; raises CallbackError otherwise.
    """
    if not secret_key:
        raise CallbackError('verifying a moderation callback needs the callback secret key')
    found = dict((str(k).lower(), v) for k, v in (headers or {}).items())
    stamp, sent_app, given = found.get('x-timestamp'), found.get('x-appid'), found.get('authorization')
    if not stamp or not sent_app or not given:
        raise CallbackError('the callback lacks X-TimeStamp, X-AppId or Authorization')
    if app_id is not None and not hmac.compare_digest(_bytes(sent_app), _bytes(app_id)):
        raise CallbackError('the callback comes from another app id')
    moment = utc_seconds(stamp)
    if moment is None:
        raise CallbackError('the callback X-TimeStamp %r is not of the form 2026-11-22T00:21:52Z' % (stamp,))
    now = time.time() if now is None else now
    if abs(now - moment) > window:
        raise CallbackError('the callback X-TimeStamp is %d s away from now, outside the %d s window' % (abs(now - moment), window))
    host, path = host_and_path(url)
    expected = signature(secret_key, method, found.get('host', host), path, body, sent_app, stamp)
    if not hmac.compare_digest(_bytes(expected), _bytes(given.strip())):
        raise CallbackError('the callback signature does not match its body')
    try:
        return json.loads(_bytes(body).decode('utf-8'))
    except RecursionError:
        raise CallbackBodyError('the callback body is nested too deeply')
    except ValueError as exc:
        raise CallbackBodyError('the callback body is not JSON: %s' % exc)
