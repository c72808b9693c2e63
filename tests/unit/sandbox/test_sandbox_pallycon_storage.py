# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon sandbox: storage register, update and list (filters, paging, the listed secret)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

from test_sandbox_pallycon_lib import BUCKET_FIELDS, STORAGE, PallyCon, error_of, timestamp

LIST = {"storage_type": "S3", "region": "RG011"}
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_register_returns_string_ids_and_counts(sb):
    pc = PallyCon(sb)
    answer = pc.ok("POST", STORAGE, BUCKET_FIELDS)
    assert answer == {"error_code": "0000", "error_message": "", "storage_id": "ST000001"}
    assert pc.storage(description="second", region="us-east-1") == "ST000002"
    assert sb.stats()["creates"]["pallycon.storage"] == 2


@pytest.mark.parametrize("field", ["storage_name", "type", "id", "password", "aws_bucket", "region"])
def test_register_requires_each_field(sb, field):
    data = dict(BUCKET_FIELDS)
    del data[field]
    assert field in error_of(PallyCon(sb).do("POST", STORAGE, data), "A1000")
    assert "pallycon.storage" not in sb.stats()["creates"]


@pytest.mark.parametrize("field, value", [
    ("type", "GCS"), ("type", "s3"), ("region", "RG 011"), ("region", "x"), ("aws_bucket", "Bad_Bucket"),
    ("storage_name", ""), ("password", 12), ("description", 5), ("endpoint", "https://s3.example.com"),
])
def test_register_rules(sb, field, value):
    data = dict(BUCKET_FIELDS)
    data[field] = value
    assert field in error_of(PallyCon(sb).do("POST", STORAGE, data), "A1000")


def test_update_name_and_description_only(sb):
    pc = PallyCon(sb)
    storage_id = pc.storage()
    assert pc.ok("PUT", STORAGE, {"storage_id": storage_id, "storage_name": "renamed"})["storage_id"] == storage_id
    pc.ok("PUT", STORAGE, {"storage_id": storage_id, "storage_name": "renamed"})
    pc.ok("PUT", STORAGE, {"storage_id": storage_id})
    pc.ok("PUT", STORAGE, {"storage_id": storage_id, "description": "now described"})
    row = pc.ok("GET", STORAGE, LIST)["data"][0]
    assert (row["storage_name"], row["description"]) == ("renamed", "now described")
    assert sb.stats()["creates"]["pallycon.storage_update"] == 2
    for field in ("password", "id", "aws_bucket", "region", "type"):
        assert field in error_of(pc.do("PUT", STORAGE, {"storage_id": storage_id, field: "x"}), "A1000")
    assert "storage_id" in error_of(pc.do("PUT", STORAGE, {"storage_name": "n"}), "A1000")
    assert "storage_id" in error_of(pc.do("PUT", STORAGE, {"storage_id": "ST999999", "storage_name": "n"}), "A1000")
    assert "storage_name" in error_of(pc.do("PUT", STORAGE, {"storage_id": storage_id, "storage_name": ""}), "A1000")


def test_list_shows_every_field_and_the_secret(sb):
    pc = PallyCon(sb)
    pc.storage(description="in")
    answer = pc.ok("GET", STORAGE, LIST)
    assert (answer["total_count"], answer["time_zone"]) == (1, "+00:00")
    row = answer["data"][0]
    assert set(row) == {"storage_id", "storage_name", "type", "id", "password", "aws_bucket", "description", "region", "reg_date"}
    assert row["password"] == BUCKET_FIELDS["password"]
    assert (row["storage_id"], row["type"], row["id"], row["description"]) == ("ST000001", "S3", "AKIADEMO", "in")
    assert DATE.match(row["reg_date"])


@pytest.mark.parametrize("query, field", [
    ({"region": "RG011"}, "storage_type"), ({"storage_type": "S3"}, "region"), (dict(LIST, storage_type="GCS"), "storage_type"),
    (dict(LIST, page_unit=1001), "page_unit"), (dict(LIST, page_unit=0), "page_unit"), (dict(LIST, page_index=0), "page_index"),
    (dict(LIST, page_unit="ten"), "page_unit"), (dict(LIST, page_unit=True), "page_unit"),
    (dict(LIST, search_keyword_type="name", search_keyword="x"), "search_keyword_type"),
    (dict(LIST, search_keyword="x"), "search_keyword_type"), (dict(LIST, search_keyword_type="storageId"), "search_keyword"),
    (dict(LIST, **{"from": "2024-01-01"}), "from"), (dict(LIST, to="yesterday"), "to"), (dict(LIST, time_zone="15:00"), "time_zone"),
    (dict(LIST, storage_name="x"), "storage_name"),
])
def test_list_rules(sb, query, field):
    assert field in error_of(PallyCon(sb).do("GET", STORAGE, query), "A1000")


def test_list_paging_and_filters(sb):
    pc = PallyCon(sb)
    ids = [pc.storage(storage_name="store-%d" % index) for index in range(5)]
    pc.storage(storage_name="elsewhere", region="RG012")
    pages = [pc.ok("GET", STORAGE, dict(LIST, page_unit=2, page_index=index)) for index in (1, 2, 3, 4)]
    assert [page["total_count"] for page in pages] == [5, 5, 5, 5]
    assert [[row["storage_id"] for row in page["data"]] for page in pages] == [ids[4:2:-1], ids[2:0:-1], ids[:1], []]
    assert pc.ok("GET", STORAGE, dict(LIST, page_unit="2", page_index="3"))["data"][0]["storage_id"] == ids[0]
    assert pc.ok("GET", STORAGE, dict(LIST, page_unit=1000))["total_count"] == 5
    assert len(pc.ok("GET", STORAGE, LIST)["data"]) == 5
    by_name = pc.ok("GET", STORAGE, dict(LIST, search_keyword_type="storageName", search_keyword="store-3"))
    assert [row["storage_id"] for row in by_name["data"]] == [ids[3]]
    assert pc.ok("GET", STORAGE, dict(LIST, search_keyword_type="storageName", search_keyword="store"))["total_count"] == 0
    by_id = pc.ok("GET", STORAGE, dict(LIST, search_keyword_type="storageId", search_keyword=ids[1]))
    assert [row["storage_name"] for row in by_id["data"]] == ["store-1"]
    other = pc.ok("GET", STORAGE, {"storage_type": "S3", "region": "RG012"})
    assert [row["storage_name"] for row in other["data"]] == ["elsewhere"]


def test_list_from_to_on_reg_date(sb):
    pc = PallyCon(sb)
    pc.storage()
    assert pc.ok("GET", STORAGE, dict(LIST, **{"from": timestamp(-60), "to": timestamp(60)}))["total_count"] == 1
    assert pc.ok("GET", STORAGE, dict(LIST, **{"from": timestamp(60)}))["total_count"] == 0
    assert pc.ok("GET", STORAGE, dict(LIST, to=timestamp(-60), time_zone="+00:00"))["total_count"] == 0
