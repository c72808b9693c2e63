# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder sandbox: imports that fail or stall, the seed's video reply, the account's settings, the NewVideo
notification of an upload (its ``custom_*`` fields), and the test inbox."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl

import pytest

from sandbox_testlib import ACCESS_KEY, PRIVATE_KEY, call, parse, receiver

WAIT = 10
UNSUPPORTED = "The downloaded file is not a supported video"


def _message(body):
    """The JSON message of a notification body, once its signature checks out (recomputed here by hand)."""
    fields = dict(parse_qsl(body if isinstance(body, str) else body.decode("ascii"), strict_parsing=True))
    digest = hmac.new(PRIVATE_KEY.encode(), fields["message"].encode(), hashlib.sha1).digest()
    assert hmac.compare_digest(fields["signature"], base64.b64encode(digest).decode())
    return json.loads(fields["message"])


def _account(sb, **settings):
    return sb.control("POST", "/ankoder/account", json=settings)


def _upload(sb, filename="clip.mp4", **fields):
    form = {"access_key": ACCESS_KEY}
    form.update(fields)
    return call("POST", sb.ankoder + "/files/upload", files={"file": (filename, b"video bytes", "video/mp4")},
                data=form, allow_redirects=False)


def _after_import(sb):
    time.sleep(sb.tick * 7)


def test_a_stalled_import_stops_at_downloading_50_and_is_never_notified(sb):
    with receiver() as (base, received):
        response = sb.download("http://media.example.com/masters/stall-1.mov", postback_url=base + "/hook")
        video_id = parse(response).findtext("id")
        seen = sb.poll("/video/%s" % video_id, lambda root: root.findtext("progress") == "50")
        _after_import(sb)
        root = parse(sb.get("/video/%s" % video_id))
        assert (root.findtext("status"), root.findtext("progress"), root.findtext("error")) == ("downloading", "50", "")
        assert [node.findtext("status") for node in seen][-1] == "downloading"
        assert received.empty()
    assert sb.control("GET", "/ankoder/notifications")["pending"] == 0


def test_a_job_of_a_stalled_video_stays_queuing(sb):
    video_id = parse(sb.download("http://media.example.com/masters/stall-2.mov")).findtext("id")
    job_id = parse(sb.post("/job", data={"original_file_id": video_id, "profile_id": "2"})).findtext("id")
    _after_import(sb)
    assert parse(sb.get("/job/%s" % job_id)).findtext("status") == "queuing"


def test_the_seed_reply_has_no_status_and_a_failure_stops_at_75(sb):
    assert _account(sb, video_reply="seed") == {"notification_url": None, "video_reply": "seed"}
    good = sb.new_video("http://media.example.com/masters/good.mov")
    bad = sb.new_video("http://media.example.com/masters/corrupt.mov")
    _after_import(sb)
    good_root, bad_root = parse(sb.get("/video/%s" % good)), parse(sb.get("/video/%s" % bad))
    assert good_root.find("status") is None and good_root.findtext("progress") == "100"
    assert bad_root.find("status") is None and bad_root.find("error") is None and bad_root.find("errors") is None
    assert bad_root.findtext("progress") == "75"


def test_the_seed_reply_with_errors_names_the_reason(sb):
    _account(sb, video_reply="seed_errors")
    bad = sb.new_video("http://media.example.com/masters/corrupt.mov")
    _after_import(sb)
    root = parse(sb.get("/video/%s" % bad))
    assert root.find("status") is None
    assert [node.text for node in root.findall("errors/error")] == [UNSUPPORTED]


def test_the_contract_reply_is_the_default_again_after_a_data_reset(sb):
    _account(sb, video_reply="seed")
    sb.control("POST", "/reset", json={"data": True})
    assert sb.control("GET", "/ankoder/account") == {"notification_url": None, "video_reply": "contract"}


@pytest.mark.parametrize("settings", [{}, {"colour": "red"}, {"video_reply": "xml"},
                                      {"notification_url": "http://hooks.example.com/ankoder"}])
def test_bad_account_settings_are_refused(sb, settings):
    response = call("POST", sb.base + "/_sandbox/ankoder/account", json=settings)
    assert response.status_code == 400


def test_an_upload_is_notified_to_the_account_url_with_its_custom_fields(sb):
    with receiver() as (base, received):
        _account(sb, notification_url=base + "/account-hook")
        ok = parse(_upload(sb, custom_title="Title 1042", custom_user="7")).findtext("id")
        bad = parse(_upload(sb, filename="corrupt.mp4", custom_title="Title 1043")).findtext("id")
        messages = [_message(received.get(timeout=WAIT)[2]) for dummy in range(2)]
    by_id = dict((message["video_id"], message) for message in messages)
    assert by_id[int(ok)] == {"result": "success", "error": None, "video_id": int(ok), "type": "NewVideo",
                              "custom_fields": {"custom_title": "Title 1042", "custom_user": "7"},
                              "duration": "30000", "size": "11", "filename": "clip.mp4"}
    assert by_id[int(bad)] == {"result": "failed", "error": UNSUPPORTED, "video_id": int(bad), "type": "NewVideo",
                               "custom_fields": {"custom_title": "Title 1043"}, "video_name": "corrupt.mp4"}


def test_without_a_notification_url_an_upload_notifies_nobody(sb):
    _upload(sb)
    _after_import(sb)
    assert sb.control("GET", "/ankoder/notifications") == {
        "delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_the_inbox_keeps_a_failed_download_notification_as_sent(sb):
    inbox = sb.base + "/_sandbox/ankoder/inbox"
    bad = sb.new_video("http://media.example.com/masters/corrupt-notified.mov")
    sb.download("http://media.example.com/masters/corrupt-posted.mov", postback_url=inbox)
    deadline = time.monotonic() + WAIT
    while not sb.control("GET", "/ankoder/inbox")["received"] and time.monotonic() < deadline:
        time.sleep(0.02)
    received = sb.control("GET", "/ankoder/inbox")["received"]
    assert [item["content_type"] for item in received] == ["application/x-www-form-urlencoded"]
    assert _message(received[0]["body"]) == {"result": "fail", "error": UNSUPPORTED, "video_id": str(int(bad) + 1),
                                             "type": "Download", "video_name": "corrupt-posted.mov"}
    assert sb.control("DELETE", "/ankoder/inbox") == {"received": []}
    assert "/_sandbox/ankoder/inbox" not in json.dumps(sb.stats()["requests"])
