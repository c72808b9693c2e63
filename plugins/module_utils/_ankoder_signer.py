# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: Ankoder's request signature and notification signature.

Pure functions (docs/docsite/rst/wire_ankoder.rst, Signing and Callbacks):
string  = "-" + date + "-" + METHOD + "-" + request-target + "-"
salt    = lowercase_hex(SHA1(string))[:20]
passkey = base64(HMAC-SHA1(key=private_key, msg=salt))
A notification's signature is base64(HMAC-SHA1(key=private_key, msg=message))
over the exact ``message`` form value received.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import email.utils
import hashlib
import hmac
import threading
import time


def _bytes(value):
    return value if isinstance(value, bytes) else value.encode('utf-8')


def string_to_sign(date, method, path):
    return '-%s-%s-%s-' % (date, method.upper(), path)


def salt(date, method, path):
    return hashlib.sha1(_bytes(string_to_sign(date, method, path))).hexdigest()[:20]


def passkey(private_key, date, method, path):
    digest = hmac.new(_bytes(private_key), _bytes(salt(date, method, path)), hashlib.sha1).digest()
    return base64.b64encode(digest).decode('ascii')


def format_date(epoch):
    """RFC 1123 in GMT, the form the vendor's own client sent."""
    return email.utils.formatdate(epoch, usegmt=True)


def signature_headers(access_key, private_key, date, method, path):
    return {
        'ankoder_access_key': access_key,
        'ankoder_date': date,
        'ankoder_passkey': passkey(private_key, date, method, path),
    }


def sign_notification(private_key, message):
    digest = hmac.new(_bytes(private_key), _bytes(message), hashlib.sha1).digest()
    return base64.b64encode(digest).decode('ascii')


def notification_is_authentic(private_key, message, signature):
    """Constant-time check of a notification's signature over the raw message.

    The vendor's samples send the signature unescaped and once in quotes; a
    form decoder turns an unescaped '+' into a space, which Base64 never holds.
    """
    if isinstance(signature, bytes):
        signature = signature.decode('ascii', 'replace')
    if not isinstance(signature, str) or not isinstance(message, (str, bytes)):
        return False
    expected = _bytes(sign_notification(private_key, message))
    # a leading space is either padding or an unescaped '+' (a signature may begin with one): try both readings
    as_plus = signature.strip('\r\n\t').strip('"').replace(' ', '+')
    as_blank = signature.strip().strip('"').replace(' ', '+')
    matches = [hmac.compare_digest(expected, _bytes(candidate)) for candidate in (as_plus, as_blank)]
    return any(matches)


class DateSource(object):
    """Dates for signed requests, never the same one twice for a method and path.

    The service refuses a replayed (access key, date, passkey) triple, and its
    dates have one-second resolution. A second call to the same method and
    path within one second waits for the next second rather than signing a
    date ahead of the clock: a date ahead would collide with the dates of the
    next process that calls the same path. ``clock`` is the HTTP client's
    ``now``, which corrects a local clock that the service has shown to be off.
    """

    def __init__(self, clock=time.time, sleep=time.sleep):
        self.clock = clock
        self.sleep = sleep
        self._last = {}
        self._lock = threading.Lock()

    def next(self, method, path):
        key = (method.upper(), path)
        with self._lock:  # concurrent calls of a bulk task: each reserves its own second, then waits outside the lock
            now = self.clock()
            last = self._last.get(key)
            second = int(now) if last is None else max(int(now), last + 1)
            self._last[key] = second
        while self.clock() < second:
            self.sleep(second - self.clock())
        return format_date(second)
