# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moderation sandbox: the submit body rules (2000/2001 naming the field), defaults, no deduplication."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib

import pytest

from test_sandbox_moderation_lib import RESULT, URL, Moderation

TEN_MIB = 10 * 1024 * 1024
SMALL = base64.b64encode(b"\x00\x00\x00\x18ftypmp42 tiny video").decode("ascii")
ALL_FIELDS = {
    "type": 1, "video": URL, "videoName": "clip.mp4", "frequency": 60, "lang": "en-US", "userId": "u" * 32,
    "userIP": "2001:db8::1", "did": "868034031518269", "dtype": "7", "callbackRegion": "eu",
    "callbackUrl": "https://hooks.example.com/moderation?token=1", "callbackSecretKey": "cb-secret",
}
_DROP = object()


def _with(**fields):
    document = {"type": 1, "video": URL}
    for key, value in fields.items():
        if value is _DROP:
            document.pop(key, None)
        else:
            document[key] = value
    return document


@pytest.mark.parametrize("document, field", [
    (_with(type=_DROP), "type"),
    (_with(video=_DROP), "video"),
    ({"type": 2, "video": SMALL}, "videoName"),
    (_with(callbackUrl="http://127.0.0.1:9/cb"), "callbackSecretKey"),
])
def test_missing_field_is_2000(sb, document, field):
    assert Moderation(sb).error(401, 2000, document=document) == "missing parameter: %s" % field


@pytest.mark.parametrize("document, field", [
    (_with(type=3), "type"), (_with(type=0), "type"), (_with(type="1"), "type"), (_with(type=True), "type"),
    (_with(type=1.0), "type"), (_with(type=None), "type"),
    (_with(video=""), "video"), (_with(video=5), "video"), (_with(video="ftp://cdn.example.com/a.mp4"), "video"),
    (_with(video="cdn.example.com/a.mp4"), "video"), (_with(video="https:///a.mp4"), "video"),
    (_with(video="https://cdn.example.com/a b.mp4"), "video"), (_with(video="http://[::1/a.mp4"), "video"),
    (_with(video="http://cdn.example.com:99999/a.mp4"), "video"),
    ({"type": 2, "video": "not base64!", "videoName": "a.mp4"}, "video"),
    ({"type": 2, "video": "QUJD\nREVG", "videoName": "a.mp4"}, "video"),
    ({"type": 2, "video": "QUJ", "videoName": "a.mp4"}, "video"),
    ({"type": 2, "video": SMALL, "videoName": ""}, "videoName"),
    (_with(videoName=7), "videoName"),
    (_with(frequency=0), "frequency"), (_with(frequency=61), "frequency"), (_with(frequency="5"), "frequency"),
    (_with(frequency=5.5), "frequency"), (_with(frequency=False), "frequency"),
    (_with(lang=""), "lang"), (_with(lang=["zh-CN"]), "lang"),
    (_with(userId="u" * 33), "userId"), (_with(userId=12345678), "userId"), (_with(userId=""), "userId"),
    (_with(userIP="300.1.1.1"), "userIP"), (_with(userIP="localhost"), "userIP"), (_with(userIP=""), "userIP"),
    (_with(did=868034031518269), "did"), (_with(did=""), "did"),
    (_with(dtype=1), "dtype"), (_with(dtype="0"), "dtype"), (_with(dtype="8"), "dtype"), (_with(dtype="iPhone"), "dtype"),
    (_with(callbackRegion="CN"), "callbackRegion"), (_with(callbackRegion="ap"), "callbackRegion"),
    (_with(callbackUrl="ftp://127.0.0.1/cb", callbackSecretKey="k"), "callbackUrl"),
    (_with(callbackUrl="127.0.0.1:8080/cb", callbackSecretKey="k"), "callbackUrl"),
    (_with(callbackUrl="http://127.0.0.1/cb", callbackSecretKey=""), "callbackSecretKey"),
    (_with(callbackUrl="http://127.0.0.1/cb", callbackSecretKey=1), "callbackSecretKey"),
    (_with(taskId="abc"), "taskId"), (_with(Type=1), "Type"), (_with(extra=None), "extra"),
])
def test_invalid_field_is_2001(sb, document, field):
    message = Moderation(sb).error(401, 2001, document=document)
    assert message.startswith("invalid parameter: %s (" % field), message


def test_every_field_accepted_and_kept(sb):
    mod = Moderation(sb)
    task_id = mod.submit(**dict((key, value) for key, value in ALL_FIELDS.items() if key not in ("type", "video")))
    task = sb.control("GET", "/moderation/task/" + task_id)
    assert task["fields"] == ALL_FIELDS
    assert (task["taskId"], task["appId"], task["video_key"]) == (task_id, "demo-app-0001", URL)


def test_defaults(sb):
    task_id = Moderation(sb).submit()
    fields = sb.control("GET", "/moderation/task/" + task_id)["fields"]
    assert fields == {"type": 1, "video": URL, "videoName": None, "frequency": 5, "lang": "zh-CN", "userId": None,
                      "userIP": None, "did": None, "dtype": None, "callbackRegion": "cn", "callbackUrl": None,
                      "callbackSecretKey": None}


def test_ipv4_user_ip_and_each_device_type(sb):
    mod = Moderation(sb)
    for dtype in "1234567":
        mod.submit(userIP="192.0.2.10", dtype=dtype)


def test_base64_video(sb):
    mod = Moderation(sb)
    task_id = mod.submit(video=SMALL, type=2, videoName="clip.mp4")
    task = sb.control("GET", "/moderation/task/" + task_id)
    digest = hashlib.sha256(base64.b64decode(SMALL)).hexdigest()
    assert task["video_key"] == "base64:" + digest
    assert task["fields"]["video"] == "base64:" + digest


def test_base64_video_must_be_under_10_mib(sb):
    mod = Moderation(sb)
    just_under = base64.b64encode(b"\x00" * (TEN_MIB - 1)).decode("ascii")
    mod.submit(video=just_under, type=2, videoName="big.mp4")
    exactly = base64.b64encode(b"\x00" * TEN_MIB).decode("ascii")
    message = mod.error(401, 2001, document={"type": 2, "video": exactly, "videoName": "big.mp4"})
    assert message == "invalid parameter: video (a base64 video must decode to less than 10 MiB)"


def test_every_submit_is_a_new_task_and_duplicates_are_counted(sb):
    mod = Moderation(sb)
    first = mod.submit()
    second = mod.submit()
    assert first != second
    mod.submit(video=URL + "?v=2")
    mod.submit(video=SMALL, type=2, videoName="a.mp4")
    mod.submit(video=SMALL, type=2, videoName="b.mp4")
    digest = hashlib.sha256(base64.b64decode(SMALL)).hexdigest()
    assert sb.control("GET", "/moderation/tasks") == {
        "total": 5, "duplicates": 2, "by_video": {URL: 2, URL + "?v=2": 1, "base64:" + digest: 2}}
    creates = sb.stats()["creates"]
    assert (creates["moderation.task"], creates["moderation.task_duplicates"]) == (5, 2)


def test_refused_submits_create_nothing(sb):
    mod = Moderation(sb)
    mod.error(401, 2001, document=_with(frequency=0))
    mod.error(401, 1110, secret="wrong")
    assert sb.control("GET", "/moderation/tasks") == {"total": 0, "duplicates": 0, "by_video": {}}
    assert "moderation.task" not in sb.stats()["creates"]
    assert sb.stats()["rejected"] == {"401": 2}


@pytest.mark.parametrize("document, code, field", [
    ({}, 2000, "taskId"), ({"taskId": 5}, 2001, "taskId"), ({"taskId": ""}, 2001, "taskId"),
    ({"taskId": "a" * 32, "type": 1}, 2001, "type"),
])
def test_result_body_rules(sb, document, code, field):
    message = Moderation(sb).error(401, code, path=RESULT, document=document)
    assert ("parameter: %s" % field) in message
