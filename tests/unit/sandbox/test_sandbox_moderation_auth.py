# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moderation sandbox: headers, the skew window and the request signature, check by check."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac

import pytest

from sandbox.moderation_auth import sign as sandbox_sign
from sandbox.moderation_auth import string_to_sign as sandbox_string_to_sign
from sandbox_testlib import call
from test_sandbox_moderation_lib import (APP_ID, JSON_TYPE, RESULT, SECRET, SUBMIT, URL, Moderation, encode, raw_post, signature,
                                         string_to_sign, timestamp)

BODY = {"type": 1, "video": URL}


def test_signature_by_hand_and_the_sandbox_agree():
    body = b'{"type":1,"video":"https://cdn.example.com/a.mp4"}'
    text = string_to_sign("POST", "VSafe.iLiveData.com", "/api/v1/video/check/submit", body, "app", "2026-11-22T00:21:52Z")
    assert text == ("POST\nvsafe.ilivedata.com\n/api/v1/video/check/submit\n" + hashlib.sha256(body).hexdigest()
                    + "\nX-AppId:app\nX-TimeStamp:2026-11-22T00:21:52Z")
    assert string_to_sign("POST", "h", "", b"", "a", "t").split("\n")[2] == "/"
    expected = base64.b64encode(hmac.new(b"key", text.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")
    assert signature("key", text) == expected
    assert sandbox_string_to_sign("POST", "VSafe.iLiveData.com", "/api/v1/video/check/submit", body, "app",
                                  "2026-11-22T00:21:52Z") == text
    assert sandbox_sign("key", text) == expected


def test_a_signed_submit_succeeds(sb):
    status, answer = Moderation(sb).send(SUBMIT, BODY)
    assert status == 200
    assert answer["errorCode"] == 0
    task_id = answer["result"]["taskId"]
    assert len(task_id) == 32 and task_id == task_id.lower() and int(task_id, 16) >= 0


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "Application/JSON;Charset=UTF-8", "application/json;charset=utf8",
])
def test_json_content_types_accepted(sb, content_type):
    assert Moderation(sb).send(SUBMIT, BODY, Content_Type=content_type)[0] == 200


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "application/json;charset=ISO-8859-1", "text/json"])
def test_other_content_types_are_1003(sb, content_type):
    assert "Content-Type" in Moderation(sb).error(400, 1003, Content_Type=content_type)


@pytest.mark.parametrize("header", ["X-AppId", "X-TimeStamp", "Authorization"])
def test_missing_header_is_2000_naming_it(sb, header):
    mod = Moderation(sb)
    assert mod.error(401, 2000, **{header.replace("-", "_"): None}) == "missing parameter: %s" % header
    assert mod.error(401, 2000, **{header.replace("-", "_"): ""}) == "missing parameter: %s" % header


def test_unknown_app_is_1110(sb):
    assert Moderation(sb).error(401, 1110, app_id="other-app", secret=SECRET) == "unknown app id"


@pytest.mark.parametrize("change", [
    {"secret": "wrong-secret"}, {"method": "PUT"}, {"host": "127.0.0.1"}, {"host": "vsafe.ilivedata.com"},
    {"path": RESULT}, {"path": SUBMIT + "?x=1"}, {"path": SUBMIT + "/"}, {"path": ""},
    {"body": encode({"type": 1, "video": URL + "?"})},
])
def test_signature_over_something_else_is_1110(sb, change):
    mod = Moderation(sb)
    body = encode(BODY)
    signed_body = change.pop("body", body)
    path = change.pop("path", SUBMIT)
    headers = mod.headers(path, signed_body, **change)
    response = call("POST", sb.base + SUBMIT, data=body, headers=headers)
    assert (response.status_code, response.json()) == (401, {"errorCode": 1110, "errorMessage": "signature mismatch"})


def test_signature_checks_the_exact_body_bytes(sb):
    mod = Moderation(sb)
    pretty = b'{\n  "video": "' + URL.encode() + b'",\n  "type": 1\n}'
    assert mod.send(SUBMIT, body=pretty)[0] == 200
    headers = mod.headers(SUBMIT, pretty)
    response = call("POST", sb.base + SUBMIT, data=pretty.replace(b"\n", b"\r\n"), headers=headers)
    assert response.json()["errorCode"] == 1110


def test_tampered_authorization_is_1110(sb):
    mod = Moderation(sb)
    headers = mod.headers(SUBMIT, encode(BODY))
    for value in (headers["Authorization"].lower(), headers["Authorization"][:-2], "x" * 44, "é"):
        tampered = dict(headers, Authorization=value)
        response = call("POST", sb.base + SUBMIT, data=encode(BODY), headers=tampered)
        assert response.json() == {"errorCode": 1110, "errorMessage": "signature mismatch"}


def test_query_is_not_signed(sb):
    assert Moderation(sb).send(SUBMIT, BODY, target=SUBMIT + "?lang=en")[0] == 200


def test_host_is_signed_lowercased_as_sent(sb):
    mod = Moderation(sb)
    body = encode(BODY)
    for sent in ("LOCALHOST:%d" % sb.server.port, "127.0.0.1:%d" % sb.server.port):
        headers = mod.headers(SUBMIT, body, host=sent.lower())
        headers["Host"] = sent
        assert raw_post(sb.base, SUBMIT, body, headers)[0] == 200
    headers = mod.headers(SUBMIT, body, host="localhost")
    headers["Host"] = "localhost:%d" % sb.server.port
    assert raw_post(sb.base, SUBMIT, body, headers)[1]["errorCode"] == 1110


@pytest.mark.parametrize("when", [
    "2026-11-22 00:21:52", "2026-11-22T00:21:52", "2026-11-22T00:21:52.000Z", "2026-13-01T00:00:00Z",
    "1795300000", "Sun, 22 Nov 2026 00:21:52 GMT", "2026-11-22T00:21:52+00:00",
])
def test_malformed_timestamp_is_1108(sb, when):
    assert "X-TimeStamp must be" in Moderation(sb).error(401, 1108, when=when)


@pytest.mark.parametrize("shift", [-905, 905, -86400, 3600])
def test_timestamp_outside_the_window_is_1108(sb, shift):
    assert "900 seconds" in Moderation(sb).error(401, 1108, when=timestamp(shift))


@pytest.mark.parametrize("shift", [-880, 880])
def test_timestamp_inside_the_window(sb, shift):
    assert Moderation(sb).send(SUBMIT, BODY, when=timestamp(shift))[0] == 200


def test_window_follows_the_shifted_clock(sb):
    mod = Moderation(sb)
    sb.control("POST", "/clock", json={"offset": 1200})
    mod.error(401, 1108, when=timestamp())
    assert mod.send(SUBMIT, BODY, when=timestamp(1200))[0] == 200


def test_repeated_header_is_2001(sb):
    mod = Moderation(sb)
    body = encode(BODY)
    headers = mod.headers(SUBMIT, body)
    headers["Host"] = mod.host
    assert raw_post(sb.base, SUBMIT, body, headers)[0] == 200
    pairs = list(headers.items()) + [("X-AppId", APP_ID)]

    class Repeated(dict):
        """Headers as a dict that yields a repeated name."""

        def items(self):
            return pairs

    status, answer = raw_post(sb.base, SUBMIT, body, Repeated())
    assert (status, answer) == (401, {"errorCode": 2001, "errorMessage": "invalid parameter: X-AppId (given more than once)"})


@pytest.mark.parametrize("body", [
    b"", b"{", b"[]", b'"text"', b'{"type": 1, "type": 2, "video": "x"}', b'{"type": NaN}', b"\xff\xfe{}", b"null",
])
def test_malformed_json_is_1003(sb, body):
    status, answer = Moderation(sb).send(SUBMIT, body=body)
    assert (status, answer["errorCode"]) == (400, 1003), answer


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_wrong_method_is_1004(sb, method):
    for path in (SUBMIT, RESULT):
        response = call(method, sb.base + path)
        assert response.status_code == 405
        assert response.json() == {"errorCode": 1004, "errorMessage": "Method not allowed"}
        assert response.headers["Allow"] == "POST"
        assert response.headers["Content-Type"] == JSON_TYPE


def test_unknown_path_is_404(sb):
    response = call("POST", sb.base + "/moderation/api/v1/video/check/status")
    assert (response.status_code, response.json()) == (404, {"errorCode": 404, "errorMessage": "Not found"})


def test_checks_come_in_order(sb):
    mod = Moderation(sb)
    # content type before auth, auth before the body
    assert mod.error(400, 1003, Content_Type="text/plain", Authorization=None)
    assert mod.error(401, 2000, X_AppId=None, when="garbage")
    assert mod.error(401, 1110, app_id="nope", when="garbage")
    assert mod.error(401, 1108, when="garbage", secret="wrong")
    assert mod.error(401, 1110, secret="wrong", document={"type": 9})
    status, answer = mod.send(SUBMIT, body=b"{", secret="wrong")
    assert (status, answer["errorCode"]) == (401, 1110)
