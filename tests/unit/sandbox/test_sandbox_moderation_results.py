# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moderation sandbox: results over ticks, verdicts by words in the video, the tag table, reset."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import time

import pytest

from sandbox.moderation_results import TAGS
from test_sandbox_moderation_lib import Moderation

ITEM_KEYS = {"beginTime", "endTime", "type", "url", "tags"}
TAG_KEYS = {"tag", "tagName", "tagNameEn", "level", "subTags"}
SUB_TAG_KEYS = {"subTag", "subTagName", "subTagNameEn", "level"}
TAG_TABLE = {  # docs/docsite/rst/wire_moderation.rst (Statuses), word for word
    100: "politics", 110: "violence", 120: "prohibited", 130: "erotic", 140: "sexy", 150: "ads", 160: "abuse", 170: "hate",
    180: "minors", 190: "hot spots", 200: "QR code", 300: "logo", 400: "text", 900: "other",
}


def test_tag_table_is_the_documented_one():
    assert dict((tag, names[1]) for tag, names in TAGS.items()) == TAG_TABLE
    assert all(names[0] and not names[0].isascii() for tag, names in TAGS.items() if tag != 300)


def _check_items(items):
    for item in items:
        assert set(item) == ITEM_KEYS
        assert item["type"] in (1, 2)
        assert 0 <= item["beginTime"] <= item["endTime"]
        assert item["url"].startswith("https://")
        for tag in item["tags"]:
            assert set(tag) == TAG_KEYS
            assert tag["tagNameEn"] == TAG_TABLE[tag["tag"]]
            assert tag["tagName"] and not tag["tagName"].isascii()
            for sub in tag["subTags"]:
                assert set(sub) == SUB_TAG_KEYS
                assert str(sub["subTag"]).startswith(str(tag["tag"]))
                assert sub["subTagName"] and sub["subTagNameEn"]


def _tags(answer):
    return [(item["type"], [(tag["tag"], tag["level"], [sub["subTag"] for sub in tag["subTags"]]) for tag in item["tags"]])
            for item in answer["videoSpams"]]


def _age(sb, task_id, ticks):
    """White box: make the task ``ticks`` ticks old now."""
    service = [service for service in sb.server.app.services if service.name == "moderation"][0]
    clock = sb.server.app.clock
    service.store.task(task_id).started = clock.steady() - ticks * clock.tick


def test_detecting_for_two_ticks_then_pass(sb_slow):
    mod = Moderation(sb_slow)
    task_id = mod.submit()
    assert mod.result(task_id) == {"errorCode": 0, "code": 2}
    _age(sb_slow, task_id, 1.5)
    assert mod.result(task_id) == {"errorCode": 0, "code": 2}
    _age(sb_slow, task_id, 2.5)
    assert mod.result(task_id) == {"errorCode": 0, "code": 0, "result": 0, "videoSpams": []}
    assert sb_slow.control("GET", "/moderation/task/" + task_id)["code"] == 0


def test_done_after_two_ticks_in_real_time(sb):
    mod = Moderation(sb)
    start = time.monotonic()
    task_id = mod.submit()
    assert mod.wait(task_id)["code"] == 0
    assert time.monotonic() - start >= 2 * sb.tick


def test_reject(sb):
    mod = Moderation(sb)
    answer = mod.wait(mod.submit("https://cdn.example.com/REJECT-me.mp4", frequency=10))
    assert (answer["errorCode"], answer["code"], answer["result"]) == (0, 0, 2)
    _check_items(answer["videoSpams"])
    assert _tags(answer) == [(1, [(110, 2, [110001])]), (2, [(130, 2, [130001, 130002])])]
    assert [(item["beginTime"], item["endTime"]) for item in answer["videoSpams"]] == [(10000, 10000), (20000, 40000)]
    violence = answer["videoSpams"][0]["tags"][0]
    assert (violence["tagName"], violence["tagNameEn"]) == ("暴恐", "violence")


def test_review(sb):
    mod = Moderation(sb)
    answer = mod.wait(mod.submit("https://cdn.example.com/needs-review.mp4"))
    assert (answer["code"], answer["result"]) == (0, 1)
    _check_items(answer["videoSpams"])
    assert _tags(answer) == [(1, [(150, 1, [150001])])]
    assert answer["videoSpams"][0]["beginTime"] == 5000
    assert answer["videoSpams"][0]["tags"][0]["tagName"] == "广告"


def test_broken_fails(sb):
    mod = Moderation(sb)
    assert mod.wait(mod.submit("https://cdn.example.com/broken-reject.mp4")) == {"errorCode": 0, "code": 1}


def test_base64_verdict_comes_from_the_name(sb):
    mod = Moderation(sb)
    video = base64.b64encode(b"tiny").decode("ascii")
    assert mod.wait(mod.submit(video, type=2, videoName="reject.mp4"))["result"] == 2
    assert mod.wait(mod.submit(video, type=2, videoName="broken.mp4"))["code"] == 1
    assert mod.wait(mod.submit(video, type=2, videoName="fine.mp4"))["result"] == 0


@pytest.mark.parametrize("url, code, verdict", [
    ("https://cdn.example.com/previews/clean-1.mp4", 0, 0), ("https://cdn.example.com/rejected.mp4", 0, 0),
    ("https://cdn.example.com/unbroken.mp4", 0, 0), ("https://cdn.example.com/x.mp4?q=Review", 0, 1),
    ("https://cdn.example.com/reject/review_2.mp4", 0, 2), ("https://broken.example.com/reject.mp4", 1, None),
    ("https://cdn.example.com/a/Reject1.mp4", 0, 2),
])
def test_verdict_words_are_whole_words(sb, url, code, verdict):
    mod = Moderation(sb)
    answer = mod.wait(mod.submit(url))
    assert (answer["code"], answer.get("result")) == (code, verdict)


@pytest.mark.parametrize("task_id", ["0" * 32, "nope", "A" * 32])
def test_unknown_task_is_code_3(sb, task_id):
    assert Moderation(sb).result(task_id) == {"errorCode": 0, "code": 3}


def test_task_ids_are_case_sensitive(sb):
    mod = Moderation(sb)
    task_id = mod.submit()
    assert mod.result(task_id.upper()) == {"errorCode": 0, "code": 3}


def test_reset_with_data_forgets_tasks(sb):
    mod = Moderation(sb)
    task_id = mod.submit()
    sb.control("POST", "/reset")
    assert mod.result(task_id)["code"] in (0, 2)
    assert sb.control("GET", "/moderation/tasks") == {"total": 0, "duplicates": 0, "by_video": {}}
    mod.submit()
    assert sb.control("GET", "/moderation/tasks")["duplicates"] == 0
    sb.control("POST", "/reset", json={"data": True})
    assert mod.result(task_id) == {"errorCode": 0, "code": 3}
    assert sb.control("GET", "/moderation/tasks") == {"total": 0, "duplicates": 0, "by_video": {}}
    assert sb.control("GET", "/moderation/task/" + task_id) == {"error": "no such task"}


def test_injected_faults_answer_json(sb):
    mod = Moderation(sb)
    sb.fault(route="POST /moderation/api/v1/video/check/submit", kind="throttle", retry_after=3)
    status, answer = mod.send("/moderation/api/v1/video/check/submit", {"type": 1, "video": "https://a.example/v.mp4"})
    assert (status, answer) == (429, {"errorCode": 429, "errorMessage": "Rate limit exceeded"})
    assert sb.control("GET", "/moderation/tasks")["total"] == 0
