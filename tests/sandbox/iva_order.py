# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA's signed caption URLs (docs/docsite/rst/wire_iva.rst, Signing): the order and the caption file, checked in order.

``GET /iva/captionorder.ashx?customerid=C&publishedid=P&languageid=L[&fmt=F]&e=E&h=H`` (an order) and
``GET /iva/caption.ashx?customerid=C&publishedid=P&languageid=L&fmt=F&e=E&h=H`` (the caption file)
with ``H = lowercase_hex(MD5(lowercase(token + U)))``, ``U`` the full URL as
sent (``http://`` + the Host header + the request-target, bytes as sent) up
to, not including, the ``&h=`` that starts the hash.  Parameter names are
case-insensitive (the seed writes both ``customerid`` and ``customerId``);
the hash covers the URL exactly as sent.  Parameters after ``h`` are neither
hashed nor read (the seed lets clients append "stuff not included in the
hash"); unknown parameters before it are hashed and ignored.  ``fmt`` (the
seed's example orders ``fmt=2``) is one of IVA's caption formats: 0 SRT,
1 SBV, 2 DFXP, 3 QT, 6 TPM, 7 VTT, 8 ECHO; optional on an order, required
for the caption file.

Checks, in this order:

1. ``h`` missing, empty, or first (nothing before it to hash): 403
2. one of customerid, publishedid, languageid, fmt, e given twice (any case): 400
3. customerid missing or unknown: 403
4. hash mismatch (``h`` must be the lowercase hex, compared in constant time): 403
5. ``e`` missing, not decimal digits, in the past, or more than 24 h ahead of the sandbox clock: 403
6. ``publishedid`` missing or not an integer 1..2147483647: 400
7. ``languageid`` missing, not an integer, or unsupported: 400
8. ``fmt`` not an integer or not one of the formats (missing, for the caption file): 400
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import hashlib
import hmac
import re
from urllib.parse import unquote_plus

MAX_TTL = 24 * 3600
MAX_PUBLISHED_ID = 2147483647
PARAMETERS = ("customerid", "publishedid", "languageid", "fmt", "e")
LANGUAGES = {
    0: "en", 2: "es", 3: "fr", 4: "ru", 7: "ja", 8: "zh-Hant", 10: "de", 11: "it", 13: "ko", 15: "he",
    16: "zh (Mandarin)", 17: "pt", 26: "ar", 36: "hi", 64: "tr",
}
FORMATS = {0: "srt", 1: "sbv", 2: "dfxp", 3: "qt", 6: "tpm", 7: "vtt", 8: "echo"}
_DIGITS = re.compile(r"^[0-9]+$")

Customer = collections.namedtuple("Customer", "customer_id token developer_id")


class IvaError(Exception):
    """A refused request: HTTP ``status`` and a message."""

    def __init__(self, status, message):
        Exception.__init__(self, message)
        self.status = status
        self.message = message


def order_hash(token, url):
    """``lowercase_hex(MD5(lowercase(token + url)))`` (``url`` a str of the characters as sent)."""
    return hashlib.md5((token + url).lower().encode("utf-8", "surrogateescape")).hexdigest()


def as_sent(text):
    """The characters the client sent: ``http.server`` reads the request line as Latin-1, UTF-8 bytes included."""
    return text.encode("iso-8859-1", "replace").decode("utf-8", "surrogateescape")


def split_signed(query):
    """``(signed raw parameters, h value or None)``: the raw ``name=value`` items before the first ``h``."""
    items = query.split("&") if query else []
    for index, item in enumerate(items):
        name, _sep, value = item.partition("=")
        if unquote_plus(name).lower() == "h":
            return items[:index], unquote_plus(value)
    return items, None


def _parameters(items):
    """``{lowercased name: decoded value}`` of the order parameters among ``items`` (400 if one repeats)."""
    found = {}
    for item in items:
        name, _sep, value = item.partition("=")
        name = unquote_plus(name).lower()
        if name in PARAMETERS:
            if name in found:
                raise IvaError(400, "parameter %s is given more than once" % name)
            found[name] = unquote_plus(value)
    return found


def _expiry(value, now):
    if value is None:
        raise IvaError(403, "e (expiry, epoch seconds) is required")
    if not _DIGITS.match(value):
        raise IvaError(403, "e must be epoch seconds")
    if int(value) < int(now):
        raise IvaError(403, "the URL has expired (e is in the past)")
    if int(value) > now + MAX_TTL:
        raise IvaError(403, "e is more than 24 hours ahead")


def _integer(params, name, valid, why):
    value = params.get(name)
    if value is None:
        raise IvaError(400, "%s is required" % name)
    if not _DIGITS.match(value) or not valid(int(value)):
        raise IvaError(400, "%s %s" % (name, why))
    return int(value)


def _format(params, required):
    if params.get("fmt") is None and not required:
        return None
    return _integer(params, "fmt", lambda value: value in FORMATS,
                    "is not a supported caption format (%s)" % ", ".join(str(key) for key in sorted(FORMATS)))


def check_order(request, customers, now):
    """The order ``{customer_id, published_id, language_id, fmt, url}`` of ``request``, or an ``IvaError``.

    ``customers`` maps customer ids (strings) to ``Customer``; ``now`` is the sandbox's epoch time.
    """
    return _check(request, customers, now, fmt_required=False)


def check_caption(request, customers, now):
    """The caption file request ``{customer_id, published_id, language_id, fmt, url}``, or an ``IvaError``."""
    return _check(request, customers, now, fmt_required=True)


def _check(request, customers, now, fmt_required):
    signed, given_hash = split_signed(request.query)
    if not given_hash or not signed:
        raise IvaError(403, "h (the hash) is required after the signed parameters")
    params = _parameters(signed)
    customer = customers.get(params.get("customerid"))
    if customer is None:
        raise IvaError(403, "unknown customer")
    url = as_sent("http://%s%s?%s" % (request.header("Host") or "", request.path, "&".join(signed)))
    expected = order_hash(customer.token, url)
    if not hmac.compare_digest(expected.encode("ascii"), given_hash.encode("utf-8", "surrogateescape")):
        raise IvaError(403, "hash mismatch")
    _expiry(params.get("e"), now)
    published_id = _integer(params, "publishedid", lambda value: 1 <= value <= MAX_PUBLISHED_ID,
                            "must be an integer 1-%d" % MAX_PUBLISHED_ID)
    language_id = _integer(params, "languageid", lambda value: value in LANGUAGES,
                           "is not a supported language (%s)" % ", ".join(str(key) for key in sorted(LANGUAGES)))
    fmt = _format(params, fmt_required)
    return {"customer_id": customer.customer_id, "published_id": published_id, "language_id": language_id,
            "fmt": fmt, "url": url + "&h=" + given_hash}
