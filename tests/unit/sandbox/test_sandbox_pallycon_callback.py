# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon sandbox: the result callback (delivered without anyone polling) and reset."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import queue
import time

import pytest

import sandbox_testlib
from sandbox_testlib import call
from test_sandbox_pallycon_lib import PACK, STORAGE, PallyCon, error_of

WAIT = 10


@pytest.fixture(name="receiver")
def fixture_receiver():
    """A local HTTP server collecting callbacks; yields ``(url with a token, queue of (path, headers, body, status))``."""
    with sandbox_testlib.receiver() as (base, received):
        yield base + "/hooks/pallycon?token=s3cr3t", received


def test_callback_is_delivered_for_success_and_failure(sb, receiver):
    url, received = receiver
    assert sb.control("GET", "/pallycon/callback") == {"url": None, "delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}
    assert sb.control("POST", "/pallycon/callback", json={"url": url})["url"] == url
    pc = PallyCon(sb)
    storage_id = pc.storage()
    good = pc.job(storage_id, protect_type=["watermark", "drm"])
    bad = pc.job(storage_id, storage={"input": {"storage_id": storage_id, "contents_path": ["in/missing.mp4"]},
                                      "output": {"storage_id": storage_id, "path": "out/bad/"}})
    payloads = {}
    for _index in range(2):
        path, headers, body, _status = received.get(timeout=WAIT)
        content_type, payload = headers.get("Content-Type"), json.loads(body.decode("utf-8"))
        assert (path, content_type) == ("/hooks/pallycon?token=s3cr3t", "application/json")
        payloads[payload["job_id"]] = payload
    assert payloads[good] == {"job_id": good, "error_code": "0000", "error_message": "",
                              "input_contents_path": ["in/movie_1080.mp4"], "output_path": "out/movie"}
    assert payloads[bad] == {"job_id": bad, "error_code": "WM900013", "error_message": "Input file does not exist",
                             "input_contents_path": ["in/missing.mp4"], "output_path": "out/bad/"}
    assert pc.job_row(good)["status"] == "WM030"
    assert pc.job_row(bad)["status"] == "WM999"
    assert sb.control("GET", "/pallycon/callback") == {"url": url, "delivered": 2, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_no_url_no_callback_and_null_clears(sb, receiver):
    url, received = receiver
    pc = PallyCon(sb)
    storage_id = pc.storage()
    sb.control("POST", "/pallycon/callback", json={"url": url})
    assert sb.control("POST", "/pallycon/callback", json={"url": None})["url"] is None
    pc.job(storage_id)
    with pytest.raises(queue.Empty):
        received.get(timeout=1.0)
    document = sb.control("GET", "/pallycon/callback")
    assert (document["delivered"], document["skipped"]) == (0, 1)


def test_failed_delivery_is_retried_counted_and_ignored(sb):
    url = "http://127.0.0.1:%d/gone" % sandbox_testlib.free_port()
    sb.control("POST", "/pallycon/callback", json={"url": url})
    pc = PallyCon(sb)
    job_id = pc.job(pc.storage())
    for _attempt in range(400):
        if sb.control("GET", "/pallycon/callback")["failed"] == 1:
            break
        time.sleep(0.025)
    assert sb.control("GET", "/pallycon/callback") == {"url": url, "delivered": 0, "failed": 1, "retried": 2, "skipped": 0, "pending": 0}
    assert pc.job_row(job_id)["status"] == "WM030"


@pytest.mark.parametrize("body", [
    {"url": "https://hooks.example.com/pallycon"}, {"url": "ftp://127.0.0.1/x"}, {"url": 5}, {"url": "http://127.0.0.1:0/"},
    {"address": "http://127.0.0.1/"}, {}, [],
])
def test_callback_url_rules(sb, body):
    response = call("POST", sb.base + "/_sandbox/pallycon/callback", json=body)
    assert response.status_code == 400
    assert response.json()["error"]


def test_reset_with_data_forgets_pallycon(sb, receiver):
    url, _received = receiver
    pc = PallyCon(sb)
    storage_id = pc.storage()
    pc.job(storage_id)
    pc.job(storage_id)
    sb.control("POST", "/pallycon/callback", json={"url": url})
    assert sb.control("POST", "/reset") == {"reset": True, "data": False}
    assert "pallycon.job" not in sb.stats()["creates"]
    assert pc.jobs()["total_count"] == 2
    assert sb.control("POST", "/reset", json={"data": True}) == {"reset": True, "data": True}
    assert pc.jobs()["total_count"] == 0
    assert pc.ok("GET", STORAGE, {"storage_type": "S3", "region": "RG011"})["total_count"] == 0
    assert sb.control("GET", "/pallycon/callback") == {"url": None, "delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}
    assert sb.control("GET", "/pallycon/duplicates") == {"total": 0, "by_content_id": {}}
    assert "storage" in error_of(pc.do("POST", PACK, pc.job_data(storage_id)), "A1000")
    assert pc.storage() == "ST000002"  # ids go on: the forgotten ST000001 is never reused
    assert pc.job("ST000002") == 100003  # two jobs were issued before the reset
