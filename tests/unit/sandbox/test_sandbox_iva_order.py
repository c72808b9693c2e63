# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA sandbox: the signed caption order, check by check, and no deduplication."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
from urllib.parse import urlsplit

import pytest

from sandbox.iva_order import order_hash as sandbox_hash
from sandbox.stats import Stats, tally_document
from sandbox_testlib import call
from test_sandbox_iva_lib import (CUSTOMER, LANGUAGES, ORDER_PATH, OTHER_CUSTOMER, OTHER_TOKEN, TOKEN, Iva, expiry, md5_hash,
                                  order_query, raw_get, signed_query)


def test_hash_by_hand_and_the_sandbox_agree():
    url = "http://video.internetvideoarchive.net/captionorder.ashx?customerId=123456&publishedid=126095&languageid=0&e=1171159092"
    lowered = ("1234" + url).lower()
    assert lowered.startswith("1234http://video.internetvideoarchive.net/captionorder.ashx?customerid=123456&")
    assert md5_hash("1234", url) == hashlib.md5(lowered.encode("ascii")).hexdigest()
    assert sandbox_hash("1234", url) == md5_hash("1234", url)
    assert md5_hash("1234", url) == md5_hash("1234", url.upper().replace("HTTP://", "http://"))


def test_order_succeeds_with_new_caption_ids(sb):
    iva = Iva(sb)
    assert iva.order_raw() == (200, {"CaptionId": 700001, "PublishedId": 126095, "LanguageId": 0})
    assert iva.order_raw(published=98765, language=26) == (200, {"CaptionId": 700002, "PublishedId": 98765, "LanguageId": 26})
    caption = iva.caption(700001)
    assert caption["CustomerId"] == CUSTOMER
    assert caption["url"].startswith("http://127.0.0.1:%d/iva/captionorder.ashx?customerid=45678&" % sb.server.port)
    assert sb.stats()["requests"]["GET " + ORDER_PATH] == 2


def test_identical_orders_are_each_paid_and_counted(sb):
    iva = Iva(sb)
    query = order_query()
    first = iva.order_raw(query)[1]["CaptionId"]
    second = iva.order_raw(query)[1]["CaptionId"]
    assert second == first + 1
    iva.order(language=2)
    iva.order(customer=OTHER_CUSTOMER)
    iva.order()
    assert iva.orders() == {"total": 5, "duplicates": 2,
                            "by_key": {"45678/126095/0": 3, "45678/126095/2": 1, "99999/126095/0": 1}}
    creates = sb.stats()["creates"]
    assert (creates["iva.order"], creates["iva.order_duplicates"]) == (5, 2)


def test_any_reset_zeroes_the_paid_orders_tally(sb):
    iva = Iva(sb)
    iva.order()
    iva.order()
    sb.control("POST", "/reset")
    assert iva.orders() == {"total": 0, "duplicates": 0, "by_key": {}}
    assert "iva.order" not in sb.stats()["creates"]
    iva.order()
    assert iva.orders() == {"total": 1, "duplicates": 0, "by_key": {"45678/126095/0": 1}}
    assert "iva.order_duplicates" not in sb.stats()["creates"]
    assert iva.caption(700001)["PublishedId"] == 126095  # the captions themselves stay


def test_stats_tallies():
    stats = Stats()
    assert stats.tally("t") == {}
    assert [stats.count_keyed("t", "a"), stats.count_keyed("t", "a"), stats.count_keyed("t", "b")] == [1, 2, 1]
    assert stats.tally("t") == {"a": 2, "b": 1}
    assert tally_document(stats.tally("t"), "by_key") == {"total": 3, "duplicates": 1, "by_key": {"a": 2, "b": 1}}
    assert set(stats.snapshot()) == {"requests", "total_requests", "creates", "rejected", "faults_fired", "auth"}
    stats.reset()
    assert stats.tally("t") == {}


def test_refused_orders_are_not_counted(sb):
    iva = Iva(sb)
    iva.refused(400, language=1)
    iva.refused(403, token="wrong")
    assert iva.orders() == {"total": 0, "duplicates": 0, "by_key": {}}
    assert "iva.order" not in sb.stats()["creates"]
    assert sb.stats()["rejected"] == {"400": 1, "403": 1}


def test_parameter_names_in_any_case(sb):
    iva = Iva(sb)
    query = "customerId=45678&PublishedID=126095&LANGUAGEID=3&E=%d" % expiry()
    assert iva.order_raw(query)[1]["LanguageId"] == 3
    head, _sep, digest = signed_query(sb.base, order_query()).rpartition("&h=")
    assert raw_get(sb.base, head + "&H=" + digest)[0] == 200


def test_second_customer_orders_with_its_own_token(sb):
    iva = Iva(sb)
    status, document = iva.order_raw(customer=OTHER_CUSTOMER, token=OTHER_TOKEN)
    assert status == 200 and document["CaptionId"] == 700001
    assert iva.refused(403, customer=OTHER_CUSTOMER, token=TOKEN) == "hash mismatch"
    assert iva.refused(403, customer=CUSTOMER, token=OTHER_TOKEN) == "hash mismatch"


@pytest.mark.parametrize("customer", ["12345", "045678", "", "dev-45678"])
def test_unknown_customer_is_403(sb, customer):
    assert Iva(sb).refused(403, customer=customer) == "unknown customer"


def test_missing_customer_is_403(sb):
    query = "publishedid=126095&languageid=0&e=%d" % expiry()
    assert Iva(sb).refused(403, query) == "unknown customer"


def test_missing_empty_or_leading_hash_is_403(sb):
    query = order_query()
    status, _headers, document = raw_get(sb.base, ORDER_PATH + "?" + query)
    assert (status, "h (the hash)" in document["Message"]) == (403, True)
    status, _headers, document = raw_get(sb.base, ORDER_PATH + "?" + query + "&h=")
    assert (status, "h (the hash)" in document["Message"]) == (403, True)
    digest = signed_query(sb.base, query).rpartition("&h=")[2]
    status, _headers, document = raw_get(sb.base, ORDER_PATH + "?h=" + digest + "&" + query)
    assert (status, "h (the hash)" in document["Message"]) == (403, True)


def test_uppercase_hex_hash_is_refused(sb):
    target = signed_query(sb.base, order_query())
    head, _sep, digest = target.rpartition("&h=")
    assert raw_get(sb.base, head + "&h=" + digest.upper())[0] == 403
    assert raw_get(sb.base, head + "&h=" + digest)[0] == 200


def test_hash_covers_the_url_exactly_as_sent(sb):
    iva = Iva(sb)
    e = expiry()
    signed = "customerid=45678&publishedid=126095&languageid=0&e=%d" % e
    digest = signed_query(sb.base, signed).rpartition("&h=")[2]
    reordered = "publishedid=126095&customerid=45678&languageid=0&e=%d" % e
    status, _headers, document = raw_get(sb.base, "%s?%s&h=%s" % (ORDER_PATH, reordered, digest))
    assert (status, document) == (403, {"Message": "hash mismatch"})
    # percent-encoding is hashed as sent: %33 decodes to "3" but is not the same URL
    status, _headers, _doc = raw_get(sb.base, "%s?%s&h=%s" % (ORDER_PATH, signed.replace("languageid=0", "languageid=%30"), digest))
    assert status == 403
    assert iva.order_raw(signed.replace("languageid=0", "languageid=%30"))[0] == 200


def test_hash_covers_scheme_host_and_port(sb):
    query = order_query()
    port = sb.server.port
    for host in ("127.0.0.1", "localhost:%d" % port, "127.0.0.1:%d0" % port):
        assert raw_get(sb.base, signed_query(sb.base, query, host=host))[0] == 403
    # the Host header as sent goes into U, compared lowercased
    target = signed_query(sb.base, query, host="localhost:%d" % port)
    assert raw_get(sb.base, target, headers={"Host": "LocalHost:%d" % port})[0] == 200
    https = "https://%s%s?%s" % (urlsplit(sb.base).netloc, ORDER_PATH, query)
    assert raw_get(sb.base, "%s?%s&h=%s" % (ORDER_PATH, query, md5_hash(TOKEN, https)))[0] == 403


def test_unknown_parameters_are_hashed_and_stuff_after_h_is_not(sb):
    iva = Iva(sb)
    query = order_query() + "&fmt=2"
    assert iva.order_raw(query, after="&stuff=not+hashed&customerid=99999")[0] == 200
    assert iva.caption(700001)["CustomerId"] == CUSTOMER
    # a required parameter only after h is not read
    e = expiry()
    head = "customerid=45678&publishedid=126095&languageid=0"
    assert iva.refused(403, head, after="&e=%d" % e).startswith("e (expiry")


def test_repeated_parameter_is_400(sb):
    iva = Iva(sb)
    assert "more than once" in iva.refused(400, order_query() + "&LanguageId=2")
    assert "more than once" in iva.refused(400, "customerid=45678&" + order_query())


@pytest.mark.parametrize("shift, why", [
    (-1, "expired"), (-3600, "expired"), (24 * 3600 + 5, "24 hours"),
])
def test_expiry_window_is_403(sb, shift, why):
    assert why in Iva(sb).refused(403, e=expiry(shift))


@pytest.mark.parametrize("e", ["", "1.5e9", "abc", "-5", "1795300000.0"])
def test_malformed_expiry_is_403(sb, e):
    assert "epoch seconds" in Iva(sb).refused(403, e=e)


def test_missing_expiry_is_403(sb):
    query = "customerid=45678&publishedid=126095&languageid=0"
    assert Iva(sb).refused(403, query).startswith("e (expiry")


def test_expiry_just_inside_the_window(sb):
    iva = Iva(sb)
    assert iva.order_raw(e=expiry(24 * 3600 - 5))[0] == 200
    assert iva.order_raw(e=expiry(1))[0] == 200


def test_expiry_follows_the_shifted_clock(sb):
    iva = Iva(sb)
    sb.control("POST", "/clock", json={"offset": 2 * 24 * 3600})
    assert "expired" in iva.refused(403, e=expiry(300))
    assert iva.order_raw(e=expiry(2 * 24 * 3600 + 300))[0] == 200
    sb.control("POST", "/clock", json={"offset": -2 * 24 * 3600})
    assert "24 hours" in iva.refused(403, e=expiry(300))


def test_every_supported_language(sb):
    iva = Iva(sb)
    for language in LANGUAGES:
        assert iva.order_raw(language=language)[1]["LanguageId"] == language
    assert iva.orders()["total"] == 15


@pytest.mark.parametrize("language", ["1", "5", "99", "65", "en", "", "-1", "0.0", "%2B0"])
def test_unsupported_language_is_400(sb, language):
    message = Iva(sb).refused(400, language=language)
    assert message.startswith("languageid")


def test_missing_language_is_400(sb):
    query = "customerid=45678&publishedid=126095&e=%d" % expiry()
    assert Iva(sb).refused(400, query) == "languageid is required"


@pytest.mark.parametrize("published", ["abc", "12.5", "-1", "0", "2147483648", "", "1e5", "%201"])
def test_bad_published_id_is_400(sb, published):
    assert Iva(sb).refused(400, published=published).startswith("publishedid must be an integer")


def test_missing_published_id_is_400(sb):
    query = "customerid=45678&languageid=0&e=%d" % expiry()
    assert Iva(sb).refused(400, query) == "publishedid is required"


def test_largest_published_id(sb):
    assert Iva(sb).order(published=2147483647) == 700001


def test_wrong_method_and_unknown_path(sb):
    response = call("POST", sb.base + ORDER_PATH)
    assert response.status_code == 405
    assert response.json() == {"Message": "Method not allowed"}
    assert response.headers["Allow"] == "GET"
    response = call("GET", sb.base + "/iva/captionorder.aspx")
    assert (response.status_code, response.json()) == (404, {"Message": "Not found"})
