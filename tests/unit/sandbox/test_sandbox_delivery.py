# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sandbox's one callback mechanism (``sandbox.delivery``): when it sends, what it retries, what it counts."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import queue
import time
from urllib.request import Request

import pytest

from sandbox.clock import Clock
from sandbox.delivery import Deliveries, check_url, is_loopback, where
from sandbox_testlib import TICK, free_port, receiver, settled

WAIT = 10


def _post(url, body=b"{}"):
    return Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")


@pytest.fixture(name="deliveries")
def fixture_deliveries():
    deliveries = Deliveries(Clock(tick=TICK), "test")
    try:
        yield deliveries
    finally:
        deliveries.reset()


def _received(received, count):
    return [received.get(timeout=WAIT) for _index in range(count)]


def test_sent_when_due_in_due_order(deliveries):
    with receiver() as (base, received):
        now = deliveries.clock.steady()
        deliveries.schedule(now + 4 * TICK, "late", lambda: _post(base + "/late"))
        deliveries.schedule(now + 2 * TICK, "early", lambda: _post(base + "/early"))
        deliveries.schedule(now + 2 * TICK, "early too", lambda: _post(base + "/early-too"))
        assert deliveries.counts()["pending"] == 3
        paths = [path for path, _headers, _body, _status in _received(received, 3)]
        assert deliveries.clock.steady() >= now + 4 * TICK
        assert paths == ["/early", "/early-too", "/late"]
        counts = settled(deliveries.counts, delivered=3)
        assert counts == {"delivered": 3, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_request_is_built_at_sending_time(deliveries):
    built = []

    def build(base):
        built.append(deliveries.clock.steady())
        return _post(base)

    with receiver() as (base, received):
        due = deliveries.clock.steady() + 3 * TICK
        deliveries.schedule(due, "x", lambda: build(base))
        assert not built
        _received(received, 1)
        assert built[0] >= due


@pytest.mark.parametrize("statuses", [[503], [500, 429]])
def test_no_answer_or_5xx_429_is_retried_with_a_fresh_build(deliveries, statuses):
    tries = []

    def build(base):
        tries.append(len(tries) + 1)
        return _post(base + "/try-%d" % len(tries))

    with receiver(statuses) as (base, received):
        deliveries.schedule(deliveries.clock.steady(), "x", lambda: build(base))
        seen = _received(received, len(statuses) + 1)
        assert [(path, status) for path, _h, _b, status in seen] == [
            ("/try-%d" % (index + 1), status) for index, status in enumerate(statuses + [200])]
        counts = settled(deliveries.counts, delivered=1)
        assert counts == {"delivered": 1, "failed": 0, "retried": len(statuses), "skipped": 0, "pending": 0}


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413])
def test_a_refusal_is_final(deliveries, status):
    with receiver([status]) as (base, received):
        deliveries.schedule(deliveries.clock.steady(), "x", lambda: _post(base + "/hook"))
        assert _received(received, 1)[0][3] == status
        counts = settled(deliveries.counts, failed=1)
        assert counts == {"delivered": 0, "failed": 1, "retried": 0, "skipped": 0, "pending": 0}
        with pytest.raises(queue.Empty):
            received.get(timeout=6 * TICK)


def test_gives_up_after_three_tries(deliveries):
    with receiver([502, 502, 502, 502]) as (base, received):
        deliveries.schedule(deliveries.clock.steady(), "x", lambda: _post(base + "/hook"))
        assert [status for _p, _h, _b, status in _received(received, 3)] == [502, 502, 502]
        counts = settled(deliveries.counts, failed=1)
        assert counts == {"delivered": 0, "failed": 1, "retried": 2, "skipped": 0, "pending": 0}
        with pytest.raises(queue.Empty):
            received.get(timeout=8 * TICK)


def test_unreachable_is_retried_then_failed(deliveries):
    deliveries.schedule(deliveries.clock.steady(), "x", lambda: _post("http://127.0.0.1:%d/" % free_port()))
    counts = settled(deliveries.counts, failed=1)
    assert counts == {"delivered": 0, "failed": 1, "retried": 2, "skipped": 0, "pending": 0}


def test_nothing_to_send_is_skipped(deliveries):
    deliveries.schedule(deliveries.clock.steady(), "x", lambda: None)
    deliveries.schedule(deliveries.clock.steady(), "y", lambda: _post("https://hooks.example.com/x"),
                        url="https://hooks.example.com/x")
    counts = settled(deliveries.counts, skipped=2)
    assert counts == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 2, "pending": 0}


def test_reset_drops_pending_and_counters(deliveries):
    with receiver() as (base, received):
        deliveries.schedule(deliveries.clock.steady(), "now", lambda: _post(base + "/now"))
        _received(received, 1)
        settled(deliveries.counts, delivered=1)
        deliveries.schedule(deliveries.clock.steady() + 6 * TICK, "later", lambda: _post(base + "/later"))
        deliveries.reset()
        assert deliveries.counts() == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}
        with pytest.raises(queue.Empty):
            received.get(timeout=10 * TICK)
        # the thread is gone once nothing is pending, and comes back for the next one
        time.sleep(2 * TICK)
        deliveries.schedule(deliveries.clock.steady(), "again", lambda: _post(base + "/again"))
        assert _received(received, 1)[0][0] == "/again"


@pytest.mark.parametrize("url, loopback", [
    ("http://127.0.0.1:8080/x", True), ("https://localhost/x", True), ("http://[::1]:9/x", True),
    ("http://hooks.example.com/x", False), ("ftp://127.0.0.1/x", False), ("http://[::1/x", False), ("", False),
])
def test_is_loopback(url, loopback):
    assert is_loopback(url) is loopback


@pytest.mark.parametrize("url", ["https://hooks.example.com/x", "ftp://127.0.0.1/x", 5, "http://127.0.0.1:0/",
                                 "http://[::1/x"])
def test_check_url_refuses(url):
    with pytest.raises(ValueError):
        check_url(url)


def test_check_url_and_where():
    assert check_url(None) is None
    assert check_url("http://127.0.0.1:5000/cb?token=x") == "http://127.0.0.1:5000/cb?token=x"
    assert where("http://u:secret@127.0.0.1:5000/cb?token=s3cr3t") == "http://127.0.0.1:5000/cb"
