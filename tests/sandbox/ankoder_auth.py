# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder authentication: Basic, key + signature (with replay refusal) and session cookie.

Signature (docs/docsite/rst/wire_ankoder.rst, Signing)::

    string  = "-" + ankoder_date + "-" + METHOD + "-" + request_target + "-"
    salt    = sha1(string).hexdigest()[:20]
    passkey = base64(hmac_sha1(key=private_key, msg=salt))   # no newline

``ankoder_date`` must parse (RFC 2822 numeric zone, RFC 1123 GMT, or Unix
``date`` with UTC/GMT) and lie within ``WINDOW_SECONDS`` of the server clock.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import calendar
import hashlib
import hmac
import re
import secrets
import threading
from http.cookies import CookieError, SimpleCookie

WINDOW_SECONDS = 900
SESSION_COOKIE = "_ankoderapi_session"
REALM = 'Basic realm="Ankoder"'
SIGNATURE_HEADERS = ("ankoder_access_key", "ankoder_date", "ankoder_passkey")
MAX_REPLAY_ENTRIES = 100000

AUTH_REQUIRED = "Authentication required"
BAD_LOGIN = "Invalid login or password"
BAD_DATE = "Malformed ankoder_date"
STALE_DATE = "Request date outside the allowed window"
BAD_SIGNATURE = "Invalid signature"
REPLAYED = "Replayed signature"
BAD_SESSION = "Invalid session"

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RFC2822 = re.compile(
    r"^(?P<wday>[A-Z][a-z]{2}), (?P<day>\d{1,2}) (?P<month>[A-Z][a-z]{2}) (?P<year>\d{4}) "
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2}) (?P<zone>[+-]\d{4}|GMT)$"
)
_UNIX_DATE = re.compile(
    r"^(?P<wday>[A-Z][a-z]{2}) (?P<month>[A-Z][a-z]{2}) {1,2}(?P<day>\d{1,2}) "
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2}) (?P<zone>UTC|GMT) (?P<year>\d{4})$"
)


def parse_date(value):
    """Epoch seconds of an ``ankoder_date`` value, or None if it is not one of the accepted forms.

    The weekday must agree with the date (a locale-dependent ``%a`` is a client bug).
    """
    found = _RFC2822.match(value) or _UNIX_DATE.match(value)
    if not found or found.group("wday") not in _DAYS or found.group("month") not in _MONTHS:
        return None
    parts = found.groupdict()
    fields = (int(parts["year"]), _MONTHS.index(parts["month"]) + 1, int(parts["day"]),
              int(parts["hour"]), int(parts["minute"]), int(parts["second"]))
    if not 1 <= fields[2] <= 31 or fields[3] > 23 or fields[4] > 59 or fields[5] > 60:
        return None
    try:
        epoch = calendar.timegm(fields + (0, 0, 0))
        weekday = calendar.weekday(fields[0], fields[1], fields[2])
    except ValueError:
        return None
    if _DAYS[weekday] != parts["wday"] or calendar.monthrange(fields[0], fields[1])[1] < fields[2]:
        return None
    zone = parts["zone"]
    if zone[0] in "+-":
        offset = int(zone[1:3]) * 3600 + int(zone[3:5]) * 60
        epoch -= offset if zone[0] == "+" else -offset
    return epoch


def expected_passkey(private_key, date, method, target):
    """The passkey the server expects (see module docstring)."""
    string = "-%s-%s-%s-" % (date, method, target)
    salt = hashlib.sha1(string.encode("utf-8")).hexdigest()[:20]
    digest = hmac.new(private_key.encode("utf-8"), salt.encode("ascii"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


class AuthFailure:
    """Why a request is refused (401); ``challenge`` adds ``WWW-Authenticate``."""

    def __init__(self, message, challenge=False):
        self.message = message
        self.challenge = challenge


class AnkoderAuth:
    """Credentials, sessions and the replay cache of one Ankoder service."""

    def __init__(self, users, keys, clock, stats=None):
        self.users = dict(users)      # login -> password
        self.keys = dict(keys)        # access key -> private key
        self.clock = clock
        self.stats = stats            # records which methods each request presented and which one authenticated it
        self._lock = threading.Lock()
        self._sessions = {}           # token -> login (only successful logins)
        self._replays = {}            # (access_key, date, passkey) -> date epoch

    def reset(self):
        """Forget sessions and the replay cache."""
        with self._lock:
            self._sessions = {}
            self._replays = {}

    def _password_ok(self, login, password):
        known = self.users.get(login)
        if known is None:
            hmac.compare_digest(password.encode("utf-8"), password.encode("utf-8"))
            return False
        return hmac.compare_digest(known.encode("utf-8"), password.encode("utf-8"))

    def login(self, login, password):
        """``(ok, token)``: a token is issued either way; only a good one authorizes."""
        token = secrets.token_hex(32)
        ok = self._password_ok(login, password)
        if ok:
            with self._lock:
                self._sessions[token] = login
        return ok, token

    def known_access_key(self, access_key):
        """True if ``access_key`` belongs to an account."""
        return any(hmac.compare_digest(access_key.encode("utf-8"), key.encode("utf-8")) for key in self.keys)

    def authenticate(self, request):
        """None if any presented method authorizes ``request``, else the first method's ``AuthFailure``.

        Any one valid method lets a request in, whatever else it carries; ``stats`` records
        which methods it carried and which one let it in.
        """
        checks = []
        if request.header_values("Authorization"):
            checks.append(("basic", self._basic))
        if any(request.header_values(name) for name in SIGNATURE_HEADERS):
            checks.append(("signature", self._signature))
        if request.header_values("Cookie"):
            checks.append(("session", self._session))
        failure, authenticated = None, None
        for method, check in checks:
            result = check(request)
            if result is None:
                authenticated = method
                break
            failure = failure or result
        if self.stats is not None:
            self.stats.count_auth("ankoder", [method for method, _check in checks], authenticated)
        if authenticated is not None:
            return None
        return failure or AuthFailure(AUTH_REQUIRED, challenge=True)

    def _basic(self, request):
        values = request.header_values("Authorization")
        scheme, _sep, encoded = values[0].strip().partition(" ")
        if len(values) != 1 or scheme.lower() != "basic":
            return AuthFailure(AUTH_REQUIRED, challenge=True)
        try:
            decoded = base64.b64decode(encoded.strip().encode("ascii"), validate=True).decode("utf-8")
        except (ValueError, binascii.Error, UnicodeError):
            return AuthFailure(BAD_LOGIN, challenge=True)
        login, sep, password = decoded.partition(":")
        if not sep or not self._password_ok(login, password):
            return AuthFailure(BAD_LOGIN, challenge=True)
        return None

    def _signature(self, request):
        for name in SIGNATURE_HEADERS:
            found = request.header_values(name)
            if len(found) != 1 or not found[0]:
                return AuthFailure("Missing or repeated header %s" % name)
        access_key, date, passkey = (request.header(name) for name in SIGNATURE_HEADERS)
        epoch = parse_date(date)
        if epoch is None:
            return AuthFailure(BAD_DATE)
        now = self.clock.now()
        if abs(now - epoch) > WINDOW_SECONDS:
            return AuthFailure(STALE_DATE)
        private_key = self.keys.get(access_key)
        if private_key is None:
            return AuthFailure(BAD_SIGNATURE)
        expected = expected_passkey(private_key, date, request.method, request.target)
        if not hmac.compare_digest(expected.encode("utf-8"), passkey.encode("utf-8")):
            return AuthFailure(BAD_SIGNATURE)
        return self._remember(access_key, date, passkey, epoch, now)

    def _remember(self, access_key, date, passkey, epoch, now):
        """Refuse a triple already accepted; else record it (entries expire with the window)."""
        triple = (access_key, date, passkey)
        with self._lock:
            if triple in self._replays:
                return AuthFailure(REPLAYED)
            horizon = now - WINDOW_SECONDS
            if len(self._replays) >= MAX_REPLAY_ENTRIES or any(seen < horizon for seen in self._replays.values()):
                live = sorted((seen, key) for key, seen in self._replays.items() if seen >= horizon)
                self._replays = dict((key, seen) for seen, key in live[-(MAX_REPLAY_ENTRIES - 1):])
            self._replays[triple] = epoch
        return None

    def _session(self, request):
        cookie = SimpleCookie()
        try:
            cookie.load("; ".join(request.header_values("Cookie")))
        except CookieError:
            return AuthFailure(BAD_SESSION)
        if SESSION_COOKIE not in cookie:
            return AuthFailure(AUTH_REQUIRED, challenge=True)
        with self._lock:
            login = self._sessions.get(cookie[SESSION_COOKIE].value)
        return None if login is not None else AuthFailure(BAD_SESSION)
