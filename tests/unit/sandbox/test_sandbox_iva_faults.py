# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA sandbox under injected faults: orders placed then lost, and faults firing on a fraction (``probability``)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from sandbox.faults import FaultBook
from sandbox_testlib import call
from test_sandbox_iva_lib import ORDER_PATH, Iva, order_query, signed_query

ORDER_ROUTE = "GET " + ORDER_PATH


def _lost(sb, query):
    """Send one signed order; True if the connection was dropped without an answer."""
    try:
        response = call("GET", sb.base + signed_query(sb.base, query))
    except requests.exceptions.ConnectionError:
        return True
    assert response.status_code == 200, response.text
    return False


def test_drop_after_action_places_the_order(sb):
    iva = Iva(sb)
    sb.fault(route=ORDER_ROUTE, kind="drop", after_action=True)
    query = order_query()
    assert _lost(sb, query)
    assert iva.orders() == {"total": 1, "duplicates": 0, "by_key": {"45678/126095/0": 1}}
    assert iva.caption(700001)["PublishedId"] == 126095
    # the client retries the same URL: a second paid order
    assert not _lost(sb, query)
    assert iva.orders()["duplicates"] == 1
    stats = sb.stats()
    assert stats["faults_fired"] == {"drop": 1}
    assert stats["creates"]["iva.order"] == 2


def _pattern(sb, seed, orders=40):
    sb.control("POST", "/reset", json={"data": True})
    sb.fault(route=ORDER_ROUTE, kind="drop", after_action=True, probability=0.3, seed=seed, count=1000)
    return [_lost(sb, order_query(published=7000 + index)) for index in range(orders)]


def test_probability_drop_loses_a_fraction_after_placing_every_order(sb):
    iva = Iva(sb)
    lost = _pattern(sb, seed=7)
    assert 4 <= sum(lost) <= 24, lost
    assert iva.orders()["total"] == 40
    assert sb.stats()["faults_fired"] == {"drop": sum(lost)}
    [rule] = sb.control("GET", "/faults")["faults"]
    assert rule == {"route": ORDER_ROUTE, "kind": "drop", "after_action": True, "probability": 0.3, "seed": 7,
                    "remaining": 1000 - sum(lost)}
    # the same seed loses the same orders
    assert _pattern(sb, seed=7) == lost
    assert _pattern(sb, seed=8) != lost


def test_probability_with_count_fires_count_times_at_most(sb):
    sb.fault(route=ORDER_ROUTE, kind="status", status=503, probability=0.5, seed=1, count=2)
    iva = Iva(sb)
    statuses = [iva.order_raw(published=8000 + index)[0] for index in range(30)]
    assert statuses.count(503) == 2
    assert statuses.count(200) == 28
    assert sb.control("GET", "/faults") == {"faults": []}


def test_probability_one_always_fires(sb):
    sb.fault(route=ORDER_ROUTE, kind="status", status=500, probability=1, count=3)
    statuses = [Iva(sb).order_raw()[0] for _index in range(4)]
    assert statuses == [500, 500, 500, 200]


def _fires(book, route, requests_count):
    return [book.take(route) is not None for _index in range(requests_count)]


def test_fault_book_seeded_draws_are_repeatable():
    patterns = []
    for _run in range(2):
        book = FaultBook()
        book.add({"route": "*", "kind": "drop", "probability": 0.25, "seed": 42, "count": 10000})
        patterns.append(_fires(book, "GET /x", 2000))
    assert patterns[0] == patterns[1]
    assert 400 <= sum(patterns[0]) <= 600


def test_fault_book_unseeded_probability_fires_on_a_fraction():
    book = FaultBook()
    book.add({"route": "GET /x", "kind": "status", "probability": 0.3, "count": 10000})
    fired = _fires(book, "GET /x", 2000)
    assert 450 <= sum(fired) <= 750
    assert _fires(book, "GET /y", 10) == [False] * 10


def test_fault_book_a_missed_draw_lets_the_next_rule_fire():
    book = FaultBook()
    book.add({"route": "*", "kind": "drop", "probability": 0.5, "seed": 3, "count": 1000})
    book.add({"route": "*", "kind": "status", "status": 503, "count": 1000})
    kinds = [book.take("GET /x").kind for _index in range(200)]
    assert 60 <= kinds.count("drop") <= 140
    assert kinds.count("drop") + kinds.count("status") == 200


def test_fault_book_listing_without_probability_is_unchanged():
    book = FaultBook()
    book.add({"route": "*", "kind": "status", "status": 502})
    assert book.listing() == [{"route": "*", "kind": "status", "remaining": 1, "status": 502}]


@pytest.mark.parametrize("rule", [
    {"kind": "drop", "probability": 0},
    {"kind": "drop", "probability": 1.5},
    {"kind": "drop", "probability": -0.1},
    {"kind": "drop", "probability": "0.3"},
    {"kind": "drop", "probability": True},
    {"kind": "drop", "probability": None, "seed": 1},
    {"kind": "drop", "seed": 1},
    {"kind": "drop", "probability": 0.3, "seed": "7"},
    {"kind": "drop", "probability": 0.3, "seed": 1.5},
    {"kind": "drop", "probability": 0.3, "seed": False},
])
def test_bad_probability_rules_refused(sb, rule):
    response = call("POST", sb.base + "/_sandbox/faults", json=rule)
    assert response.status_code == 400
    assert "error" in response.json()
