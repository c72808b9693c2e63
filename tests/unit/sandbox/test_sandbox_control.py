# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sandbox core: stats, injected faults, the shifted clock and reset (exercised through Ankoder)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from sandbox_testlib import Client, call, errors_of, parse, rfc1123


def test_stats_count_per_route_template(sb):
    video = sb.new_video()
    sb.get("/video/%s" % video)
    sb.get("/video/%s.xml" % video)
    sb.get("/video/999")
    call("GET", sb.ankoder + "/video/%s" % video, headers={"Accept": "text/xml"})
    sb.download(width="0")
    sb.post("/job", data={"original_file_id": video, "profile_id": "5"})
    sb.get("/nowhere")
    call("DELETE", sb.ankoder + "/video/1")
    sb.control("GET", "/faults")
    stats = sb.stats()
    assert stats["requests"] == {
        "POST /ankoder/download": 2,
        "GET /ankoder/video/{id}": 4,
        "POST /ankoder/job": 1,
        "GET <unknown>": 1,
        "DELETE <unknown>": 1,
    }
    assert stats["total_requests"] == 9
    assert stats["creates"] == {"ankoder.video": 1, "ankoder.job": 1}
    assert stats["rejected"] == {"401": 1, "404": 2, "405": 1, "422": 1}


def test_wrong_method_is_405_and_unknown(sb):
    response = call("PUT", sb.ankoder + "/job/1", headers={"Accept": "text/xml"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert errors_of(response) == ["Method not allowed"]
    assert sb.stats()["requests"] == {"PUT <unknown>": 1}


def test_post_with_xml_suffix_is_unknown(sb):
    assert sb.post("/job.xml", data={"original_file_id": "1"}).status_code == 404
    assert sb.stats()["requests"] == {"POST <unknown>": 1}


def test_reset_stats_only_then_data(sb):
    video = sb.new_video()
    sb.fault(route="GET /ankoder/profile", kind="status", status=503)
    sb.control("POST", "/clock", json={"offset": 60})
    assert sb.control("POST", "/reset") == {"reset": True, "data": False}
    stats = sb.stats()
    assert stats["total_requests"] == 0
    assert stats["creates"] == {"ankoder.video": 0, "ankoder.job": 0}
    assert sb.get("/video/%s" % video).status_code == 200
    assert sb.control("GET", "/faults")["faults"] != []
    sb.control("POST", "/reset", json={"data": True})
    assert sb.get("/video/%s" % video).status_code == 404
    assert sb.control("GET", "/faults") == {"faults": []}
    assert sb.control("GET", "/clock")["offset"] == 0
    assert sb.new_video() == "1002"  # ids go on: the forgotten 1001 is never reused


def test_reset_forgets_sessions(sb):
    session = Client()
    session.headers["Accept"] = "text/xml"
    session.post(sb.ankoder + "/auth/login", data={"login": "demo", "password": "demo-password"})
    assert session.get(sb.ankoder + "/profile").status_code == 200
    sb.control("POST", "/reset", json={"data": True})
    assert session.get(sb.ankoder + "/profile").status_code == 401


def test_reset_forgets_replay_cache(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile")
    assert call("GET", sb.ankoder + "/profile", headers=headers).status_code == 200
    sb.control("POST", "/reset", json={"data": True})
    assert call("GET", sb.ankoder + "/profile", headers=headers).status_code == 200


def test_fault_status(sb):
    sb.fault(route="POST /ankoder/download", kind="status", status=503)
    response = sb.download()
    assert response.status_code == 503
    assert errors_of(response) == ["Injected failure"]
    assert sb.download().status_code == 200
    stats = sb.stats()
    assert stats["creates"]["ankoder.video"] == 1
    assert stats["rejected"] == {"503": 1}
    assert stats["faults_fired"] == {"status": 1}


def test_fault_count_and_route_scope(sb):
    sb.fault(route="GET /ankoder/profile/{id}", kind="status", status=500, count=2)
    assert sb.get("/profile").status_code == 200
    assert sb.get("/profile/2").status_code == 500
    assert sb.get("/profile/2.xml").status_code == 500
    assert sb.get("/profile/2").status_code == 200
    assert sb.control("GET", "/faults") == {"faults": []}


def test_fault_wildcard_and_listing(sb):
    added = sb.fault(route="*", kind="throttle", retry_after=7, count=3)
    assert added["added"] == {"route": "*", "kind": "throttle", "remaining": 3, "retry_after": 7}
    response = sb.get("/profile")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert errors_of(response) == ["Rate limit exceeded"]
    assert sb.control("GET", "/faults")["faults"][0]["remaining"] == 2
    assert sb.control("DELETE", "/faults") == {"faults": []}
    assert sb.get("/profile").status_code == 200


def test_fault_throttle_default_retry_after(sb):
    sb.fault(route="POST /ankoder/job", kind="throttle")
    video = sb.new_video()
    response = sb.post("/job", data={"original_file_id": video, "profile_id": "5"})
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert sb.stats()["creates"]["ankoder.job"] == 0


def test_fault_drop(sb):
    sb.fault(route="POST /ankoder/download", kind="drop")
    with pytest.raises(requests.ConnectionError):
        call("POST", sb.ankoder + "/download", auth=("demo", "demo-password"), headers={"Accept": "text/xml"},
             data={"url": "http://m.example.com/a.mp4", "custom_profile": "5"})
    stats = sb.stats()
    assert stats["creates"]["ankoder.video"] == 0
    assert stats["requests"]["POST /ankoder/download"] == 1
    assert sb.get("/video/1001").status_code == 404


def test_fault_drop_after_action_creates(sb):
    video = sb.new_video()
    sb.fault(route="POST /ankoder/job", kind="drop", after_action=True)
    with pytest.raises(requests.ConnectionError):
        call("POST", sb.ankoder + "/job", auth=("demo", "demo-password"), headers={"Accept": "text/xml"},
             data={"original_file_id": video, "profile_id": "5"})
    assert sb.stats()["creates"]["ankoder.job"] == 1
    assert parse(sb.get("/job/5001")).findtext("original_file/id") == video


def test_fault_slow(sb):
    sb.fault(route="GET /ankoder/profile", kind="slow", delay=0.4)
    started = time.monotonic()
    response = sb.get("/profile")
    assert time.monotonic() - started >= 0.4
    assert response.status_code == 200
    with pytest.raises(requests.Timeout):
        sb.fault(route="GET /ankoder/profile", kind="slow", delay=1)
        sb.get("/profile", timeout=0.2)


def test_fault_malformed(sb):
    sb.fault(route="POST /ankoder/download", kind="malformed")
    response = sb.download()
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    with pytest.raises(ET.ParseError):
        ET.fromstring(response.content)
    assert sb.stats()["creates"]["ankoder.video"] == 0


def test_fault_malformed_after_action_creates(sb):
    sb.fault(route="POST /ankoder/download", kind="malformed", after_action=True)
    response = sb.download()
    assert response.status_code == 200
    assert response.content.startswith(b"<?xml")
    with pytest.raises(ET.ParseError):
        ET.fromstring(response.content)
    assert sb.stats()["creates"]["ankoder.video"] == 1
    assert sb.get("/video/1001").status_code == 200


def test_fault_hostile_billion_laughs(sb):
    sb.fault(route="GET /ankoder/video/{id}", kind="hostile_xml")
    response = sb.get("/video/1")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    body = response.text
    assert "<!DOCTYPE" in body
    assert body.count("<!ENTITY") == 10
    assert '<!ENTITY lol9 "' + "&lol8;" * 10 + '">' in body
    assert "&lol9;" in body.split("]>")[1]


def test_fault_hostile_xxe(sb):
    sb.fault(route="GET /ankoder/video/{id}", kind="hostile_xml", variant="xxe")
    video = sb.new_video()
    response = sb.get("/video/%s" % video)
    assert response.status_code == 200
    assert '<!ENTITY xxe SYSTEM "file:///etc/passwd">' in response.text
    assert "&xxe;" in response.text.split("]>")[1]


@pytest.mark.parametrize("rule", [
    {"kind": "explode"},
    {"kind": "status", "status": 200},
    {"kind": "status", "count": 0},
    {"kind": "throttle", "retry_after": "1"},
    {"kind": "slow", "delay": -1},
    {"kind": "drop", "after_action": "yes"},
    {"kind": "status", "after_action": True},
    {"kind": "hostile_xml", "variant": "zip-bomb"},
    {"kind": "status", "route": "/ankoder/job"},
])
def test_bad_fault_rules_refused(sb, rule):
    response = call("POST", sb.base + "/_sandbox/faults", json=rule)
    assert response.status_code == 400
    assert "error" in response.json()


def test_every_response_has_a_date_header(sb):
    for response in (sb.get("/profile"), sb.get("/nothing"), call("GET", sb.base + "/_sandbox/stats")):
        parsed = email.utils.parsedate_to_datetime(response.headers["Date"])
        assert abs(parsed.timestamp() - time.time()) < 5
        assert response.headers["Date"].endswith(" GMT")


def test_clock_offset_shifts_date_and_window(sb):
    reply = sb.control("POST", "/clock", json={"offset": 3600})
    assert reply["offset"] == 3600
    response = sb.get("/profile")
    server_now = email.utils.parsedate_to_datetime(response.headers["Date"]).timestamp()
    assert abs(server_now - (time.time() + 3600)) < 5
    real_now = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=rfc1123(time.time())))
    assert real_now.status_code == 401
    assert errors_of(real_now) == ["Request date outside the allowed window"]
    shifted = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=rfc1123(server_now)))
    assert shifted.status_code == 200
    sb.control("POST", "/clock", json={"offset": 0})
    again = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=rfc1123(time.time() - 1)))
    assert again.status_code == 200


def test_clock_offset_does_not_change_progression(sb):
    sb.control("POST", "/clock", json={"offset": -86400})
    video = sb.new_video()
    final = sb.poll("/video/%s" % video, lambda root: root.findtext("status") == "downloaded")[-1]
    assert final.findtext("progress") == "100"


def test_bad_clock_body_refused(sb):
    assert call("POST", sb.base + "/_sandbox/clock", json={"offset": "1h"}).status_code == 400
    assert call("POST", sb.base + "/_sandbox/clock", data="{").status_code == 400


def test_control_endpoints_not_counted(sb):
    sb.control("GET", "/stats")
    sb.control("GET", "/clock")
    call("GET", sb.base + "/_sandbox/nothing")
    assert sb.stats()["total_requests"] == 0


def test_unknown_control_endpoint(sb):
    response = call("GET", sb.base + "/_sandbox/nothing")
    assert response.status_code == 404
    assert call("GET", sb.base + "/_sandbox/reset").status_code == 405
