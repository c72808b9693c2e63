# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA sandbox: fmt on orders, the caption file (signed URL -> 302 -> CDN), and the hooks that fail or revise a caption."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import http.client
import time
from urllib.parse import urlsplit

from test_sandbox_iva_lib import CUSTOMER, TOKEN, Iva, expiry, md5_hash, raw_get

CAPTION_PATH = "/iva/caption.ashx"


def caption_target(base, query, token=TOKEN):
    url = "http://%s%s?%s" % (urlsplit(base).netloc, CAPTION_PATH, query)
    return "%s?%s&h=%s" % (CAPTION_PATH, query, md5_hash(token, url))


def caption_query(published=126095, language=0, fmt="7"):
    query = "customerid=%s&publishedid=%s&languageid=%s" % (CUSTOMER, published, language)
    if fmt is not None:
        query += "&fmt=%s" % fmt
    return query + "&e=%d" % expiry()


def completed(iva, caption_id, timeout=5.0):
    deadline = time.monotonic() + timeout
    while iva.caption(caption_id)["Status"] not in ("Completed", "Failed"):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return iva.caption(caption_id)["Status"]


def test_fmt_on_an_order_is_hashed_checked_and_recorded(sb):
    iva = Iva(sb)
    with_fmt = "customerid=%s&publishedid=126095&languageid=0&fmt=2&e=%d" % (CUSTOMER, expiry())
    status, document = iva.order_raw(with_fmt)
    assert status == 200
    assert iva.caption(document["CaptionId"])["Fmt"] == 2
    assert iva.caption(iva.order())["Fmt"] is None  # optional on an order
    for bad in ("5", "x", "-1", ""):
        query = "customerid=%s&publishedid=126095&languageid=0&fmt=%s&e=%d" % (CUSTOMER, bad, expiry())
        assert "fmt" in iva.refused(400, query)
    twice = "customerid=%s&publishedid=126095&languageid=0&fmt=2&FMT=7&e=%d" % (CUSTOMER, expiry())
    assert "more than once" in iva.refused(400, twice)
    assert sb.stats()["creates"]["iva.order"] == 2


def test_the_caption_file_is_a_redirect_to_the_cdn_once_completed(sb):
    iva = Iva(sb)
    status, _headers, document = raw_get(sb.base, caption_target(sb.base, caption_query(published=222)))
    assert status == 404 and "no completed caption" in document["Message"]
    caption_id = iva.order(published=222)
    assert completed(iva, caption_id) == "Completed"
    status, headers, _document = raw_get(sb.base, caption_target(sb.base, caption_query(published=222)))
    assert status == 302
    location = urlsplit(headers["Location"])
    assert (location.hostname, location.port) == ("localhost", sb.server.port)
    assert location.path == "/iva/cdn/captions/%d.vtt" % caption_id
    cdn = raw_cdn(sb.base, location.path)
    assert cdn[0] == 200 and cdn[1].startswith(b"WEBVTT\n")


def raw_cdn(base, path):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_caption_file_url_is_checked_like_an_order(sb):
    iva = Iva(sb)
    iva.order(published=333)
    assert raw_get(sb.base, caption_target(sb.base, caption_query(published=333), token="wrong"))[0] == 403
    status, _headers, document = raw_get(sb.base, caption_target(sb.base, caption_query(published=333, fmt=None)))
    assert status == 400 and document["Message"].startswith("fmt is required")
    status, _headers, document = raw_get(sb.base, caption_target(sb.base, caption_query(published=333, fmt="4")))
    assert status == 400 and "not a supported caption format" in document["Message"]
    assert sb.stats()["creates"]["iva.order"] == 1  # the caption file orders nothing


def test_a_caption_made_to_fail_ends_failed_and_a_revision_changes_the_file(sb):
    iva = Iva(sb)
    first = iva.order(published=444, language=3)
    assert sb.control("POST", "/iva/fail", json={"published_id": 444}) == {"failing": {"published_id": 444, "language_id": None}}
    later = iva.order(published=444, language=2)
    assert completed(iva, first) == "Failed" and completed(iva, later) == "Failed"
    kept = iva.order(published=445)
    assert completed(iva, kept) == "Completed"
    path = "/iva/cdn/captions/%d.srt" % kept
    before = raw_cdn(sb.base, path)[1]
    assert sb.control("POST", "/iva/caption/%d/revise" % kept) == {"CaptionId": kept, "revision": 2}
    assert raw_cdn(sb.base, path)[1] != before
    assert raw_cdn(sb.base, "/iva/cdn/captions/%d.srt" % first)[0] == 404
    assert sb.control("POST", "/iva/fail", json={"published_id": "444"}).get("error")
