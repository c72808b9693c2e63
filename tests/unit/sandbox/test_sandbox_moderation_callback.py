# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moderation sandbox: signed result callbacks, verified here step by step; skipped, failed, reset."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import json
import queue
import time

import pytest

import sandbox_testlib
from test_sandbox_moderation_lib import APP_ID, JSON_TYPE, Moderation, signature, string_to_sign

WAIT = 10
CALLBACK_SECRET = "my-callback-secret"


@pytest.fixture(name="receiver")
def fixture_receiver():
    """A local HTTP server collecting callbacks; yields ``(base URL, queue of (path, headers, body, status))``."""
    with sandbox_testlib.receiver() as found:
        yield found


def _verify(method, path, headers, body, secret=CALLBACK_SECRET):
    """Check the callback's signature by hand; its JSON payload."""
    assert headers["Content-Type"] == JSON_TYPE
    assert headers["X-AppId"] == APP_ID
    when = headers["X-TimeStamp"]
    sent = calendar.timegm(time.strptime(when, "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(sent - time.time()) < 60
    text = string_to_sign(method, headers["Host"], path.partition("?")[0], body, APP_ID, when)
    assert headers["Authorization"] == signature(secret, text)
    return json.loads(body.decode("utf-8"))


def _callbacks(sb):
    return sb.control("GET", "/moderation/callbacks")


def _settled(sb, **counts):
    """The callback counters once they reach ``counts`` (the receiver sees a callback before the sender counts it)."""
    for _attempt in range(400):
        document = _callbacks(sb)
        if all(document[key] >= value for key, value in counts.items()):
            return document
        time.sleep(0.025)
    raise AssertionError("callback counters never reached %s: %s" % (counts, document))


def test_signed_callbacks_arrive_for_each_outcome(sb, receiver):
    base, received = receiver
    mod = Moderation(sb)
    secret = {"callbackSecretKey": CALLBACK_SECRET}
    tasks = {
        mod.submit("https://cdn.example.com/fine.mp4", callbackUrl=base + "/hooks/pass?token=abc", **secret): "pass",
        mod.submit("https://cdn.example.com/reject.mp4", callbackUrl=base + "/hooks/reject", **secret): "reject",
        mod.submit("https://cdn.example.com/review.mp4", callbackUrl=base + "/hooks/review", **secret): "review",
        mod.submit("https://cdn.example.com/broken.mp4", callbackUrl=base, **secret): "broken",
    }
    payloads = {}
    for _index in range(4):
        path, headers, body, _status = received.get(timeout=WAIT)
        payload = _verify("POST", path, headers, body)
        assert headers["Host"] == base[len("http://"):]
        payloads[tasks[payload["taskId"]]] = (path, payload)
    for task_id, word in tasks.items():
        path, payload = payloads[word]
        expected = mod.result(task_id)
        expected["taskId"] = task_id
        assert payload == expected
    assert payloads["pass"] == ("/hooks/pass?token=abc", {"errorCode": 0, "code": 0, "result": 0, "videoSpams": [],
                                                          "taskId": payloads["pass"][1]["taskId"]})
    assert payloads["broken"][0] == "/"
    assert payloads["broken"][1]["code"] == 1
    assert payloads["reject"][1]["result"] == 2
    assert payloads["review"][1]["result"] == 1
    assert _settled(sb, delivered=4) == {"delivered": 4, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_callback_body_is_utf8_json_signed_as_sent(sb, receiver):
    base, received = receiver
    mod = Moderation(sb)
    mod.submit("https://cdn.example.com/reject.mp4", callbackUrl=base + "/cb", callbackSecretKey=CALLBACK_SECRET)
    path, headers, body, _status = received.get(timeout=WAIT)
    assert "暴恐".encode("utf-8") in body
    _verify("POST", path, headers, body)
    # the signature covers these exact bytes: another serialization does not verify
    with pytest.raises(AssertionError):
        _verify("POST", path, headers, json.dumps(json.loads(body.decode("utf-8"))).encode("utf-8"))
    with pytest.raises(AssertionError):
        _verify("POST", path, headers, body, secret="other-secret")


def test_callback_arrives_without_polling_once_done(sb_slow, receiver):
    base, received = receiver
    mod = Moderation(sb_slow)
    start = time.monotonic()
    mod.submit(callbackUrl=base + "/cb", callbackSecretKey=CALLBACK_SECRET)
    assert _callbacks(sb_slow)["pending"] == 1
    received.get(timeout=WAIT)
    assert time.monotonic() - start >= 2 * sb_slow.tick - 0.01
    assert _settled(sb_slow, delivered=1) == {"delivered": 1, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_no_callback_url_no_callback(sb, receiver):
    _base, received = receiver
    mod = Moderation(sb)
    mod.wait(mod.submit(callbackSecretKey=CALLBACK_SECRET))
    with pytest.raises(queue.Empty):
        received.get(timeout=0.5)
    assert _callbacks(sb) == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_non_loopback_callback_is_accepted_but_skipped(sb):
    mod = Moderation(sb)
    task_id = mod.submit(callbackUrl="https://hooks.example.com/cb", callbackSecretKey=CALLBACK_SECRET)
    assert mod.wait(task_id)["code"] == 0
    assert _callbacks(sb) == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 1, "pending": 0}


def test_failed_delivery_is_retried_then_counted(sb):
    mod = Moderation(sb)
    mod.submit(callbackUrl="http://127.0.0.1:%d/gone" % sandbox_testlib.free_port(), callbackSecretKey=CALLBACK_SECRET)
    _settled(sb, failed=1)
    time.sleep(0.2)
    assert _callbacks(sb) == {"delivered": 0, "failed": 1, "retried": 2, "skipped": 0, "pending": 0}


def test_a_retry_is_signed_again_and_a_refusal_is_not_retried(sb):
    mod = Moderation(sb)
    with sandbox_testlib.receiver([503, 401]) as (base, received):
        mod.submit(callbackUrl=base + "/cb", callbackSecretKey=CALLBACK_SECRET)
        first, second = received.get(timeout=WAIT), received.get(timeout=WAIT)
        assert (first[3], second[3]) == (503, 401)
        for path, headers, body, _status in (first, second):
            _verify("POST", path, headers, body)
        assert first[2] == second[2]
        assert _settled(sb, failed=1) == {"delivered": 0, "failed": 1, "retried": 1, "skipped": 0, "pending": 0}
        with pytest.raises(queue.Empty):
            received.get(timeout=0.5)


def test_reset_with_data_cancels_pending_callbacks(sb_slow, receiver):
    base, received = receiver
    mod = Moderation(sb_slow)
    mod.submit(callbackUrl=base + "/cb", callbackSecretKey=CALLBACK_SECRET)
    mod.submit(callbackUrl="https://hooks.example.com/cb", callbackSecretKey=CALLBACK_SECRET)
    assert _callbacks(sb_slow) == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 1, "pending": 1}
    sb_slow.control("POST", "/reset", json={"data": True})
    assert _callbacks(sb_slow) == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}
    with pytest.raises(queue.Empty):
        received.get(timeout=3 * sb_slow.tick)
