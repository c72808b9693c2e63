# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA sandbox: the OData catalog (filters, visibility, paging with ``__next``) and caption status."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time
from urllib.parse import parse_qsl, urlsplit

import pytest

from sandbox_testlib import call
from test_sandbox_iva_lib import CAPTIONS_PATH, DEVELOPER, OTHER_CUSTOMER, OTHER_DEVELOPER, Iva, filter_query

ROW_KEYS = {"__metadata", "CaptionId", "PublishedId", "LanguageId", "Status", "DateCreated"}


def _ids(rows):
    return [row["CaptionId"] for row in rows]


def _created_ms(row):
    text = row["DateCreated"]
    assert text.startswith("/Date(") and text.endswith(")/"), text
    return int(text[6:-2])


def test_row_shape(sb):
    iva = Iva(sb)
    before = int(time.time() * 1000)
    caption_id = iva.order(published=126095, language=2)
    after = int(time.time() * 1000)
    d = iva.catalog(filter_query(126095, 2))
    assert set(d) == {"results"}
    [row] = d["results"]
    assert set(row) == ROW_KEYS
    assert (row["CaptionId"], row["PublishedId"], row["LanguageId"]) == (caption_id, 126095, 2)
    assert row["Status"] in ("Ordered", "InProgress", "Completed")
    assert before - 1 <= _created_ms(row) <= after + 1
    assert row["__metadata"] == {"uri": "%s/iva/odata/Captions(%d)" % (sb.base, caption_id), "type": "IVA.Caption"}


def test_filters(sb):
    iva = Iva(sb)
    first = iva.order(published=1001, language=0)
    second = iva.order(published=1001, language=3)
    third = iva.order(published=1002, language=0)
    again = iva.order(published=1001, language=0)
    assert _ids(iva.catalog(filter_query(1001, 0))["results"]) == [first, again]
    assert _ids(iva.catalog(filter_query(1001))["results"]) == [first, second, again]
    assert _ids(iva.catalog(filter_query(1001, space="+"))["results"]) == [first, second, again]
    assert _ids(iva.catalog(filter_query())["results"]) == [first, second, third, again]
    assert iva.catalog(filter_query(1003))["results"] == []
    assert iva.catalog(filter_query(1001, 64))["results"] == []
    spaced = "$filter=PublishedId%20%20eq%201002%20&$format=json&developerid=" + DEVELOPER
    assert _ids(iva.catalog(spaced)["results"]) == [third]
    encoded = "%24filter=PublishedId+eq+1002&%24format=json&developerid=" + DEVELOPER
    assert _ids(iva.catalog(encoded)["results"]) == [third]


@pytest.mark.parametrize("text", [
    "LanguageId eq 0 and PublishedId eq 1001", "publishedid eq 1001", "PublishedId eq abc", "PublishedId eq -1",
    "PublishedId eq 1001 or LanguageId eq 0", "PublishedId Eq 1001", "PublishedId eq 1001 and", "PublishedId eq '1001'",
    "", "LanguageId eq 0",
])
def test_bad_filter_is_400(sb, text):
    query = "$filter=%s&$format=json&developerid=%s" % (text.replace(" ", "%20"), DEVELOPER)
    assert "$filter must be" in Iva(sb).catalog_error(query)


@pytest.mark.parametrize("query, why", [
    ("developerid=dev-45678", "$format=json is required"),
    ("$format=xml&developerid=dev-45678", "$format=json is required"),
    ("$format=JSON&developerid=dev-45678", "$format=json is required"),
    ("$format=json", "developerid is required"),
    ("$format=json&developerid=", "developerid is required"),
    ("$format=json&developerid=dev-45678&$orderby=CaptionId", "$orderby is not supported"),
    ("$format=json&developerid=dev-45678&$inlinecount=allpages", "$inlinecount is not supported"),
    ("$format=json&developerid=dev-45678&$Top=1", "$Top is not supported"),
    ("$format=json&developerid=dev-45678&$format=json", "more than once"),
    ("$format=json&developerid=dev-45678&DeveloperId=dev-45678", "more than once"),
    ("$format=json&developerid=dev-45678&$top=501", "$top must be an integer 0-500"),
    ("$format=json&developerid=dev-45678&$top=-1", "$top must be"),
    ("$format=json&developerid=dev-45678&$top=ten", "$top must be"),
    ("$format=json&developerid=dev-45678&$skip=-1", "$skip must be"),
    ("$format=json&developerid=dev-45678&$skip=1.5", "$skip must be"),
])
def test_bad_query_is_400(sb, query, why):
    assert why in Iva(sb).catalog_error(query)


def test_developer_sees_only_its_customer(sb):
    iva = Iva(sb)
    mine = iva.order(published=2001)
    theirs = iva.order(published=2001, customer=OTHER_CUSTOMER)
    assert _ids(iva.catalog(filter_query(2001))["results"]) == [mine]
    assert _ids(iva.catalog(filter_query(2001, developer=OTHER_DEVELOPER))["results"]) == [theirs]
    assert iva.catalog(filter_query(2001, developer="dev-12345"))["results"] == []
    assert iva.catalog(filter_query(2001, developer="45678"))["results"] == []
    # developerid's name in any case, unknown plain parameters ignored
    assert _ids(iva.catalog("$format=json&DeveloperID=dev-45678&foo=bar")["results"]) == [mine]


def test_top_and_skip(sb):
    iva = Iva(sb)
    ids = [iva.order(published=3001) for _index in range(5)]
    assert _ids(iva.catalog(filter_query(3001, extra="&$top=2"))["results"]) == ids[:2]
    assert "__next" not in iva.catalog(filter_query(3001, extra="&$top=2"))
    assert _ids(iva.catalog(filter_query(3001, extra="&$skip=3"))["results"]) == ids[3:]
    assert _ids(iva.catalog(filter_query(3001, extra="&$skip=1&$top=2"))["results"]) == ids[1:3]
    assert iva.catalog(filter_query(3001, extra="&$top=0")) == {"results": []}
    assert iva.catalog(filter_query(3001, extra="&$skip=9")) == {"results": []}


def test_paging_with_next(sb):
    iva = Iva(sb)
    ids = [iva.order(published=4001, language=0) for _index in range(5)]
    iva.order(published=4001, language=2)
    assert sb.control("POST", "/iva/catalog_page_size", json={"size": 2}) == {"size": 2}
    assert sb.control("GET", "/iva/catalog_page_size") == {"size": 2}
    pages = iva.follow(filter_query(4001, 0))
    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    assert _ids(sum((page["results"] for page in pages), [])) == ids
    following = urlsplit(pages[0]["__next"])
    assert "%s://%s" % (following.scheme, following.netloc) == sb.base
    assert following.path == CAPTIONS_PATH
    assert dict(parse_qsl(following.query)) == {"$filter": "PublishedId eq 4001 and LanguageId eq 0", "$format": "json",
                                                "developerid": DEVELOPER, "$skip": "2"}
    assert "__next" not in pages[-1]


def test_paging_with_top_stops_at_top(sb):
    iva = Iva(sb)
    ids = [iva.order(published=5001) for _index in range(6)]
    sb.control("POST", "/iva/catalog_page_size", json={"size": 2})
    pages = iva.follow(filter_query(5001, extra="&$skip=1&$top=3"))
    assert [_ids(page["results"]) for page in pages] == [ids[1:3], ids[3:4]]
    assert dict(parse_qsl(urlsplit(pages[0]["__next"]).query))["$top"] == "1"
    # exactly one page's worth: no __next
    assert "__next" not in iva.catalog(filter_query(5001, extra="&$skip=4"))


def test_default_page_is_500(sb):
    iva = Iva(sb)
    store = iva.service().store
    for _index in range(501):
        store.add({"customer_id": "45678", "published_id": 6001, "language_id": 0, "url": "white-box"})
    pages = iva.follow(filter_query(6001))
    assert [len(page["results"]) for page in pages] == [500, 1]
    assert len(iva.catalog(filter_query(6001, extra="&$top=500"))["results"]) == 500


@pytest.mark.parametrize("body", [{"size": 0}, {"size": 501}, {"size": "2"}, {"size": True}, {}, {"size": 2, "x": 1}, []])
def test_page_size_control_rules(sb, body):
    response = call("POST", sb.base + "/_sandbox/iva/catalog_page_size", json=body)
    assert response.status_code == 400
    assert response.json()["error"]


def test_reset_with_data_forgets_orders_and_page_size(sb):
    iva = Iva(sb)
    iva.order()
    iva.order()
    sb.control("POST", "/iva/catalog_page_size", json={"size": 1})
    sb.control("POST", "/reset")
    assert iva.orders() == {"total": 0, "duplicates": 0, "by_key": {}}
    assert len(iva.follow(filter_query())) == 2
    assert sb.control("GET", "/iva/catalog_page_size") == {"size": 1}
    sb.control("POST", "/reset", json={"data": True})
    assert iva.orders() == {"total": 0, "duplicates": 0, "by_key": {}}
    assert iva.catalog(filter_query()) == {"results": []}
    assert sb.control("GET", "/iva/catalog_page_size") == {"size": 500}
    response = call("GET", sb.base + "/_sandbox/iva/caption/700001")
    assert (response.status_code, response.json()) == (404, {"error": "no such caption"})
    assert iva.order() == 700003  # ids are never reused


def test_date_created_follows_the_shifted_clock(sb):
    iva = Iva(sb)
    sb.control("POST", "/clock", json={"offset": 3600})
    caption_id = iva.order(e=int(time.time() + 3600 + 300))
    [row] = iva.catalog(filter_query())["results"]
    assert abs(_created_ms(row) - (time.time() + 3600) * 1000) < 5000
    assert iva.caption(caption_id)["DateCreated"] == row["DateCreated"]


def _statuses(iva, caption_id, query, final):
    seen = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        [row] = [row for row in iva.catalog(query)["results"] if row["CaptionId"] == caption_id]
        if not seen or seen[-1] != row["Status"]:
            seen.append(row["Status"])
        if row["Status"] == final:
            return seen
        time.sleep(0.02)
    raise AssertionError("caption %d never became %s (%s)" % (caption_id, final, seen))


def test_status_progression(sb_slow):
    iva = Iva(sb_slow)
    caption_id = iva.order(published=126095)
    assert _statuses(iva, caption_id, filter_query(126095), "Completed") == ["Ordered", "InProgress", "Completed"]
    assert iva.caption(caption_id)["steps"] == ["Ordered", "InProgress", "Completed"]
    assert iva.caption(caption_id)["Status"] == "Completed"


def test_published_id_ending_in_13_fails(sb_slow):
    iva = Iva(sb_slow)
    caption_id = iva.order(published=126013)
    assert _statuses(iva, caption_id, filter_query(126013), "Failed") == ["Ordered", "InProgress", "Failed"]
    assert iva.caption(caption_id)["Status"] == "Failed"


def test_inspect_unknown_caption(sb):
    for caption_id in ("1", "abc", "700001"):
        response = call("GET", sb.base + "/_sandbox/iva/caption/" + caption_id)
        assert response.status_code == 404
