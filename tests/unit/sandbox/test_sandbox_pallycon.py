# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon sandbox: the vendor's published test vectors (docs/docsite/rst/wire_pallycon.rst, Signing) and the ``pallycon-apidata`` envelope, check by check."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json

import pytest

from sandbox.pallycon_envelope import api_hash as sandbox_hash
from sandbox.pallycon_envelope import decrypt as sandbox_decrypt
from sandbox_testlib import call
from test_sandbox_pallycon_lib import (ACCESS_KEY, APIDATA, JSON_TYPE, PACK, SITE_ID, SITE_KEY, STORAGE, PallyCon, aes_decrypt,
                                       aes_encrypt, api_hash, envelope, error_of, outer, timestamp)

VECTOR_SITE = "TUTO"
VECTOR_ACCESS_KEY = "LT2FVJDp2Xr018zf4Di6lzvNOv3DKP20"
VECTOR_SITE_KEY = "lU5D8s3PWoLls3PWFWkClULlFWk5D8oC"
VECTORS = [
    ("2022-03-30T08:29:57Z", json.dumps({"storage_type": "S3", "region": "RG011"}),
     "1hcG+9HLrDueiIN9CYt8ISozB3cLzg/CoeG4NO+66qoVEj9xBuKbsfCTiS7+6kYj",
     "miTiLRnhyfpVva2dyUmwGTr5W5w5JdFaknytawE55sk="),
    ("2020-07-15T10:42:34Z", json.dumps({"storage_type": "S3", "region": "RG011"}, indent=4),
     "vvl3SpynNOShxsNa3cBOomYzaKX3+7JQ5ohZ4aqOFJFAUotKeUoV0wYN6nUu7lrdiFW3OCgGiIHDe1/BvdQhOQ==",
     "38MDPO7fkXhRxmaLISVMy0UCZ1ExScIT7b33z6E+S7E="),
]
LIST_STORAGES = {"storage_type": "S3", "region": "RG011"}


def test_constants_are_the_documented_account():
    assert len(SITE_KEY.encode("utf-8")) == 32
    assert (SITE_ID, ACCESS_KEY) == ("DEMO", "demo-access-key-pallycon-0000001")


@pytest.mark.parametrize("when, plaintext, data, digest", VECTORS)
def test_published_vectors(when, plaintext, data, digest):
    assert aes_decrypt(VECTOR_SITE_KEY, data) == plaintext.encode("utf-8")
    assert aes_encrypt(VECTOR_SITE_KEY, plaintext.encode("utf-8")) == data
    assert api_hash(VECTOR_ACCESS_KEY, VECTOR_SITE, data, when) == digest
    # and the sandbox's own code agrees
    assert sandbox_decrypt(VECTOR_SITE_KEY, data) == plaintext.encode("utf-8")
    assert sandbox_hash(VECTOR_ACCESS_KEY, VECTOR_SITE, data, when) == digest


def test_a_well_formed_request_succeeds(sb):
    answer = PallyCon(sb).ok("GET", STORAGE, LIST_STORAGES)
    assert answer == {"error_code": "0000", "error_message": "", "total_count": 0, "time_zone": "+00:00", "data": []}


def test_unknown_site_is_a1003_before_anything_else(sb):
    pc = PallyCon(sb)
    error_of(pc.send("GET", "/storage/TUTO", envelope(LIST_STORAGES, site_id="TUTO")), "A1003")
    error_of(pc.send("GET", "/storage/demo", "garbage"), "A1003")
    error_of(pc.send("GET", "/pack/NOPE/contents"), "A1003")


@pytest.mark.parametrize("value", [
    "not base64!",
    base64.b64encode(b"not json").decode(),
    base64.b64encode(b"[1, 2]").decode(),
    outer({"data": "x", "timestamp": timestamp()}),
    outer({"data": "x", "timestamp": timestamp(), "hash": "h", "extra": "1"}),
    outer({"data": 1, "timestamp": timestamp(), "hash": "h"}),
    base64.b64encode(b'{"data":"a","data":"b","timestamp":"t","hash":"h"}').decode(),
    "",
], ids=["not-base64", "not-json", "not-object", "no-hash", "extra-key", "number", "duplicate-key", "empty"])
def test_bad_envelope_is_a7008(sb, value):
    error_of(PallyCon(sb).send("GET", STORAGE, value), "A7008")


def test_missing_or_repeated_envelope_is_a7008(sb):
    pc = PallyCon(sb)
    assert APIDATA in error_of(pc.send("GET", STORAGE), "A7008")
    value = envelope(LIST_STORAGES)
    assert "more than once" in error_of(pc.send("GET", STORAGE, value, headers={APIDATA: value}), "A7008")


@pytest.mark.parametrize("when", [
    "2022-03-30T08:29:57", "2022-03-30 08:29:57Z", "2022-03-30T08:29:57.000Z", "2022-02-30T08:29:57Z",
    "1648628997", "",
])
def test_malformed_timestamp_is_a1002(sb, when):
    error_of(PallyCon(sb).do("GET", STORAGE, LIST_STORAGES, when=when), "A1002")


def test_timestamp_window_is_900_seconds_of_the_sandbox_clock(sb):
    pc = PallyCon(sb)
    error_of(pc.do("GET", STORAGE, LIST_STORAGES, when=timestamp(-905)), "A1002")
    error_of(pc.do("GET", STORAGE, LIST_STORAGES, when=timestamp(905)), "A1002")
    assert pc.do("GET", STORAGE, LIST_STORAGES, when=timestamp(-880))["error_code"] == "0000"
    assert pc.do("GET", STORAGE, LIST_STORAGES, when=timestamp(880))["error_code"] == "0000"
    sb.control("POST", "/clock", json={"offset": 3600})
    error_of(pc.do("GET", STORAGE, LIST_STORAGES), "A1002")
    assert pc.do("GET", STORAGE, LIST_STORAGES, when=timestamp(3600))["error_code"] == "0000"


def test_hash_mismatch_is_a1007_and_checked_before_the_data(sb):
    pc = PallyCon(sb)
    error_of(pc.do("GET", STORAGE, LIST_STORAGES, access_key="demo-access-key-pallycon-0000002"), "A1007")
    when = timestamp()
    data = aes_encrypt(SITE_KEY, b"{}")
    error_of(pc.send("GET", STORAGE, outer({"data": data, "timestamp": when, "hash": api_hash(ACCESS_KEY, SITE_ID, data, timestamp(-1))})),
             "A1007")
    error_of(pc.send("GET", STORAGE, outer({"data": "%%%", "timestamp": when, "hash": "AAAA"})), "A1007")


@pytest.mark.parametrize("data", [
    aes_encrypt("another-site-key-0123456789abcde", json.dumps(LIST_STORAGES).encode()),
    "not base64 at all",
    base64.b64encode(b"fifteen bytes!!").decode(),
    "",
], ids=["other-key", "not-base64", "partial-block", "empty"])
def test_undecryptable_data_is_a1006(sb, data):
    when = timestamp()
    value = outer({"data": data, "timestamp": when, "hash": api_hash(ACCESS_KEY, SITE_ID, data, when)})
    assert "decrypt" in error_of(PallyCon(sb).send("GET", STORAGE, value), "A1006")


@pytest.mark.parametrize("plaintext", [b"not json", b"[1]", b'"text"', b'{"a": NaN}', b'{"a": 1, "a": 2}', b"\xff\xfe"])
def test_plaintext_not_a_json_object_is_a7008(sb, plaintext):
    error_of(PallyCon(sb).do("GET", STORAGE, None, plaintext=plaintext), "A7008")


def test_field_rules_are_a1000_naming_the_field(sb):
    assert "region" in error_of(PallyCon(sb).do("GET", STORAGE, {"storage_type": "S3"}), "A1000")


def test_a_body_is_refused(sb):
    pc = PallyCon(sb)
    value = envelope(LIST_STORAGES)
    message = error_of(pc.send("GET", STORAGE, value, data=b'{"storage_type": "S3"}'), "A1000")
    assert "not the body" in message
    error_of(pc.send("POST", PACK, data=value), "A1000")


def test_other_query_parameters_are_refused(sb):
    url = PallyCon(sb).api + STORAGE + "?region=RG011&%s=x" % APIDATA
    assert "region" in error_of(call("GET", url).json(), "A1000")


def test_a_valid_envelope_never_holds_plus_or_slash():
    # base64 of ASCII text yields "+" or "/" only from ">", "?", "~" or DEL, which no valid envelope holds:
    # unescaped, a valid value survives the query parser ("=" included); the sandbox still decodes escapes.
    for index in range(200):
        value = envelope(dict(LIST_STORAGES, search_keyword_type="storageName", search_keyword="n%d" % index))
        assert "+" not in value and "/" not in value


def test_percent_encoding_matters(sb):
    pc = PallyCon(sb)
    when = timestamp()
    data = "~~~" + aes_encrypt(SITE_KEY, b"{}")
    value = outer({"data": data, "timestamp": when, "hash": api_hash(ACCESS_KEY, SITE_ID, data, when)})
    assert "+" in value
    error_of(pc.send("GET", STORAGE, value, encode=False), "A7008")     # "+" became a space
    error_of(pc.send("GET", STORAGE, value), "A1006")                   # the envelope got through
    value = envelope(LIST_STORAGES)
    assert pc.send("GET", STORAGE, value, encode=False)["error_code"] == "0000"
    every_byte = "".join("%%%02X" % ord(char) for char in value)
    assert pc.send("GET", STORAGE, every_byte, encode=False)["error_code"] == "0000"


def test_header_form_is_accepted(sb):
    pc = PallyCon(sb)
    answer = pc.send("GET", STORAGE, headers={APIDATA: envelope(LIST_STORAGES)})
    assert answer["error_code"] == "0000"
    fields = {"storage_name": "h", "type": "S3", "id": "a", "password": "b", "aws_bucket": "bucket", "region": "RG011"}
    answer = pc.send("POST", STORAGE, headers={APIDATA: envelope(fields)})
    assert answer["storage_id"] == "ST000001"


def test_request_lines_up_to_64_kib(sb):
    pc = PallyCon(sb)
    size = 40000
    while True:
        value = envelope(dict(LIST_STORAGES, search_keyword_type="storageName", search_keyword="k" * size))
        query = "/pallycon/api/v2%s?%s=%s" % (STORAGE, APIDATA, value.replace("+", "%2B").replace("=", "%3D"))
        if len("GET %s HTTP/1.1\r\n" % query) <= 65536:
            break
        size -= 200
    assert len(query) > 60000
    assert pc.send("GET", STORAGE, value)["total_count"] == 0
    too_long = pc.raw("GET", STORAGE, value + "A" * 8000, encode=False)
    assert too_long.status_code == 414


def test_core_errors_and_faults_answer_json(sb):
    pc = PallyCon(sb)
    response = pc.raw("DELETE", STORAGE)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST, PUT"
    assert response.json() == {"error_code": "405", "error_message": "Method not allowed"}
    assert pc.raw("GET", "/nowhere").json()["error_code"] == "404"
    sb.fault(route="GET /pallycon/api/v2/pack/{site_id}", kind="throttle", retry_after=3)
    response = pc.raw("GET", PACK, envelope({}))
    assert (response.status_code, response.headers["Retry-After"], response.headers["Content-Type"]) == (429, "3", JSON_TYPE)
    assert pc.send("GET", PACK, envelope({}))["error_code"] == "0000"
    stats = sb.stats()
    assert stats["requests"]["GET /pallycon/api/v2/pack/{site_id}"] == 2
    assert stats["requests"]["DELETE <unknown>"] == 1
    assert stats["faults_fired"] == {"throttle": 1}
