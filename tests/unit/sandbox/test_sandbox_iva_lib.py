# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the IVA sandbox tests (no tests here): signed order URLs built by hand, raw requests, a small client.

Every step follows docs/docsite/rst/wire_iva.rst (Signing) literally (MD5 of the lowercased token + URL,
lowercase hex); nothing comes from ``plugins/``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import http.client
import json
import time
from urllib.parse import urlsplit

from sandbox_testlib import TIMEOUT, call

CUSTOMER = "45678"
TOKEN = "demo-iva-token-0001"
DEVELOPER = "dev-45678"
OTHER_CUSTOMER = "99999"
OTHER_TOKEN = "other-iva-token-0002"
OTHER_DEVELOPER = "dev-99999"
ORDER_PATH = "/iva/captionorder.ashx"
CAPTIONS_PATH = "/iva/odata/Captions"
JSON_TYPE = "application/json; charset=utf-8"
LANGUAGES = (0, 2, 3, 4, 7, 8, 10, 11, 13, 15, 16, 17, 26, 36, 64)


def md5_hash(token, url):
    """``lowercase_hex(MD5(lowercase(token + url)))``, step by step."""
    text = token + url
    lowered = text.lower()
    return hashlib.md5(lowered.encode("utf-8")).hexdigest()


def expiry(shift=300):
    """``e``: epoch seconds ``shift`` from now."""
    return int(time.time() + shift)


def signed_query(base, query, token=TOKEN, after="", host=None):
    """The request-target (path + query) of an order whose URL, before ``&h=``, is ``base`` + path + ``?query``.

    ``host`` replaces the ``host:port`` of ``base`` in the hashed URL only; ``after`` is appended after the hash.
    """
    netloc = urlsplit(base).netloc if host is None else host
    url = "http://%s%s?%s" % (netloc, ORDER_PATH, query)
    return "%s?%s&h=%s%s" % (ORDER_PATH, query, md5_hash(token, url), after)


def order_query(customer=CUSTOMER, published=126095, language=0, e=None):
    """``customerid=..&publishedid=..&languageid=..&e=..`` (``e`` defaults to 5 minutes ahead)."""
    return "customerid=%s&publishedid=%s&languageid=%s&e=%s" % (customer, published, language, expiry() if e is None else e)


def raw_get(base, target, headers=None):
    """GET ``target`` exactly as written (no re-encoding); ``(status, headers, decoded JSON or None)``."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    document = json.loads(body.decode("utf-8")) if body else None
    return response.status, response.headers, document


class Iva:
    """Talks to ``/iva`` of a running sandbox."""

    def __init__(self, sb):
        self.sb = sb
        self.base = sb.base

    def order_raw(self, query=None, token=TOKEN, after="", **fields):
        """Order with ``query`` (default ``order_query(**fields)``), signed with ``token``; ``(status, document)``."""
        query = order_query(**fields) if query is None else query
        status, headers, document = raw_get(self.base, signed_query(self.base, query, token, after))
        assert headers["Content-Type"] == JSON_TYPE
        return status, document

    def order(self, **fields):
        """A valid order; its CaptionId."""
        token = OTHER_TOKEN if fields.get("customer") == OTHER_CUSTOMER else TOKEN
        status, document = self.order_raw(token=token, **fields)
        assert status == 200, document
        return document["CaptionId"]

    def refused(self, status, query=None, token=TOKEN, after="", **fields):
        """An order that must fail with ``status``; its message."""
        got, document = self.order_raw(query, token, after, **fields)
        assert got == status, document
        assert set(document) == {"Message"}
        return document["Message"]

    def catalog_raw(self, query):
        """GET the catalog with the raw query string; ``(status, headers, document)``."""
        return raw_get(self.base, CAPTIONS_PATH + "?" + query)

    def catalog(self, query):
        """A catalog page that must succeed: its ``d`` object."""
        status, headers, document = self.catalog_raw(query)
        assert status == 200, document
        assert headers["Content-Type"] == JSON_TYPE
        assert headers["DataServiceVersion"] == "2.0"
        assert set(document) == {"d"}
        return document["d"]

    def catalog_error(self, query):
        """A catalog query that must be a 400: the OData error message."""
        status, _headers, document = self.catalog_raw(query)
        assert status == 400, document
        assert document["error"]["code"] == "400"
        assert document["error"]["message"]["lang"] == "en-US"
        return document["error"]["message"]["value"]

    def follow(self, query):
        """Every page of a catalog query, following ``__next``: the list of pages (each a ``d`` object)."""
        pages = [self.catalog(query)]
        while "__next" in pages[-1]:
            response = call("GET", pages[-1]["__next"])
            assert response.status_code == 200, response.text
            pages.append(response.json()["d"])
            assert len(pages) < 100
        return pages

    def caption(self, caption_id):
        """``GET /_sandbox/iva/caption/{id}``."""
        return self.sb.control("GET", "/iva/caption/%d" % caption_id)

    def orders(self):
        """``GET /_sandbox/iva/orders``."""
        return self.sb.control("GET", "/iva/orders")

    def service(self):
        """The in-process ``IvaService`` (to age captions without waiting)."""
        return [service for service in self.sb.server.app.services if service.name == "iva"][0]


def filter_query(published=None, language=None, developer=DEVELOPER, space="%20", extra=""):
    """A catalog query string with ``$filter`` built from ``published``/``language`` (spaces as ``space``)."""
    parts = []
    if published is not None:
        text = "PublishedId eq %d" % published
        if language is not None:
            text += " and LanguageId eq %d" % language
        parts.append("$filter=" + text.replace(" ", space))
    parts.append("$format=json")
    if developer is not None:
        parts.append("developerid=" + developer)
    return "&".join(parts) + extra
