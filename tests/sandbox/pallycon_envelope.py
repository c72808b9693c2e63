# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon's request envelope (docs/docsite/rst/wire_pallycon.rst, Signing): ``pallycon-apidata`` opened and checked in order.

``pallycon-apidata`` (URL query parameter, percent-decoded by the query parser,
or a request header of that name) is ``base64(JSON {"data": D, "timestamp": T,
"hash": H})`` with

* ``D = base64(AES-256-CBC(key=site key, iv=b"0123456789abcdef", PKCS#7, API data JSON))``
* ``T = "YYYY-MM-DDThh:mm:ssZ"`` (UTC), within +-900 s of the sandbox clock
* ``H = base64(SHA256(access_key + site_id + D + T))``

Checks, in this order, each failing with a ``PallyConError`` whose code the
service answers (HTTP 200): unknown site id ``A1003``; a request body, or a
query parameter other than ``pallycon-apidata``, ``A1000``; envelope missing,
repeated, not base64, not a JSON object or without exactly those three string
keys ``A7008``; timestamp malformed or outside the window ``A1002``; hash
mismatch ``A1007``; ``D`` not decryptable ``A1006``; plaintext not a JSON
object ``A7008``.  AES comes from ``cryptography`` (always installed with
ansible-core), imported when first needed so that the other services run
without it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import calendar
import hashlib
import hmac
import json
import re
import time

APIDATA = "pallycon-apidata"
IV = b"0123456789abcdef"
SKEW_SECONDS = 900
ENVELOPE_KEYS = ("data", "hash", "timestamp")

SUCCESS = "0000"
INVALID_PARAMETER = "A1000"
BAD_TIMESTAMP = "A1002"
UNKNOWN_SITE = "A1003"
UNDECRYPTABLE = "A1006"
HASH_MISMATCH = "A1007"
NOT_JSON = "A7008"

_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class PallyConError(Exception):
    """A request the vendor refuses: ``code`` and ``message`` go into the HTTP 200 JSON reply."""

    def __init__(self, code, message):
        Exception.__init__(self, "%s: %s" % (code, message))
        self.code = code
        self.message = message

    def document(self):
        """The reply body as a dict."""
        return {"error_code": self.code, "error_message": self.message}


class Account:
    """One PallyCon site: id, 32-byte site key (AES), access key (hash)."""

    def __init__(self, site_id, site_key, access_key):
        if len(site_key.encode("utf-8")) != 32:
            raise ValueError("a PallyCon site key is 32 bytes")
        self.site_id = site_id
        self.site_key = site_key
        self.access_key = access_key


def invalid(field, why):
    """An ``A1000`` naming ``field``."""
    return PallyConError(INVALID_PARAMETER, "invalid parameter %s: %s" % (field, why))


def format_timestamp(epoch):
    """``YYYY-MM-DDThh:mm:ssZ`` (UTC) of epoch seconds."""
    return time.strftime(_TIMESTAMP_FORMAT, time.gmtime(int(epoch)))


def parse_timestamp(text):
    """Epoch seconds of ``YYYY-MM-DDThh:mm:ssZ``, or None if ``text`` is not exactly that (a real date)."""
    if not isinstance(text, str) or not _TIMESTAMP.match(text):
        return None
    try:
        return calendar.timegm(time.strptime(text, _TIMESTAMP_FORMAT))
    except ValueError:
        return None


def api_hash(access_key, site_id, data, timestamp):
    """``base64(SHA256(access_key + site_id + data + timestamp))``."""
    message = (access_key + site_id + data + timestamp).encode("utf-8")
    return base64.b64encode(hashlib.sha256(message).digest()).decode("ascii")


def strict_b64decode(text):
    """Bytes of canonical-alphabet base64 ``text``; ValueError on anything else (spaces included)."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as error:
        raise ValueError("not base64") from error


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError("duplicate key %r" % key)
        out[key] = value
    return out


def _no_constant(name):
    raise ValueError("%s is not JSON" % name)


def loads_object(raw):
    """The JSON object in UTF-8 bytes ``raw`` (duplicate keys, NaN, Infinity refused); ValueError otherwise."""
    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise ValueError("not UTF-8") from error
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def decrypt(site_key, data):
    """The plaintext bytes of ``data`` (base64 AES-256-CBC, PKCS#7); ValueError if it cannot be."""
    from cryptography.hazmat.primitives import padding  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # pylint: disable=import-outside-toplevel

    blob = strict_b64decode(data)
    if not blob or len(blob) % 16:
        raise ValueError("not a whole number of AES blocks")
    decryptor = Cipher(algorithms.AES(site_key.encode("utf-8")), modes.CBC(IV)).decryptor()
    padded = decryptor.update(blob) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def _apidata_values(request):
    """Every ``pallycon-apidata`` value (query first, then headers); A1000 on other query parameters."""
    values = []
    for name, value in request.query_pairs():
        if name != APIDATA:
            raise invalid(name, "unknown query parameter (the API data goes in %s)" % APIDATA)
        values.append(value)
    return values + list(request.header_values(APIDATA))


def _envelope(request):
    """``(data, timestamp, hash)`` of the request's single envelope (A7008 otherwise)."""
    values = _apidata_values(request)
    if not values:
        raise PallyConError(NOT_JSON, "%s is missing" % APIDATA)
    if len(values) > 1:
        raise PallyConError(NOT_JSON, "%s is given more than once" % APIDATA)
    try:
        envelope = loads_object(strict_b64decode(values[0]))
    except ValueError as error:
        raise PallyConError(NOT_JSON, "%s is not base64 of a JSON object (%s)" % (APIDATA, error)) from error
    if sorted(envelope) != list(ENVELOPE_KEYS) or not all(isinstance(envelope[key], str) for key in ENVELOPE_KEYS):
        raise PallyConError(NOT_JSON, "%s must hold exactly the strings data, timestamp and hash" % APIDATA)
    return envelope["data"], envelope["timestamp"], envelope["hash"]


def open_request(request, accounts, now):
    """The API data dict of ``request`` to site ``request.params["site_id"]``, or a ``PallyConError``.

    ``accounts`` maps site ids to ``Account``; ``now`` is the sandbox's (shifted) epoch time.
    """
    account = accounts.get(request.params.get("site_id"))
    if account is None:
        raise PallyConError(UNKNOWN_SITE, "unknown site id")
    if request.body:
        raise invalid("body", "the API data goes in %s, not the body" % APIDATA)
    data, timestamp, given_hash = _envelope(request)
    when = parse_timestamp(timestamp)
    if when is None:
        raise PallyConError(BAD_TIMESTAMP, "timestamp must be YYYY-MM-DDThh:mm:ssZ (UTC)")
    if abs(when - now) > SKEW_SECONDS:
        raise PallyConError(BAD_TIMESTAMP, "timestamp is more than %d seconds away from the server time %s"
                            % (SKEW_SECONDS, format_timestamp(now)))
    expected = api_hash(account.access_key, account.site_id, data, timestamp)
    if not hmac.compare_digest(expected.encode("ascii"), given_hash.encode("utf-8")):
        raise PallyConError(HASH_MISMATCH, "hash mismatch")
    try:
        plaintext = decrypt(account.site_key, data)
    except ValueError as error:
        raise PallyConError(UNDECRYPTABLE, "data cannot be decrypted with the site key") from error
    try:
        return loads_object(plaintext)
    except ValueError as error:
        raise PallyConError(NOT_JSON, "the API data is not a JSON object (%s)" % error) from error
