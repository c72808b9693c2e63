# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder sandbox: signed notifications posted to a job's (or an import's) ``postback_url``.

Each notification is checked here by hand: the form is parsed, and the
signature recomputed as docs/docsite/rst/wire_ankoder.rst (Callbacks) writes it, base64(HMAC-SHA1(key=private
key, msg=message)), over the ``message`` value exactly as received.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import json
import queue
from urllib.parse import parse_qsl

import pytest

from sandbox_testlib import PRIVATE_KEY, free_port, parse, receiver, settled

WAIT = 10
FORM_TYPE = "application/x-www-form-urlencoded"


def _verify(headers, body, key=PRIVATE_KEY):
    """The notification's message (a dict) once its form and signature check out."""
    assert headers["Content-Type"] == FORM_TYPE
    fields = parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=True)
    assert [name for name, _value in fields] == ["message", "signature"]
    message, signature = fields[0][1], fields[1][1]
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha1).digest()
    expected = base64.b64encode(digest).decode("ascii")
    assert len(signature) == 28
    assert hmac.compare_digest(signature, expected)
    return json.loads(message)


def _counts(sb):
    return sb.control("GET", "/ankoder/notifications")


def _job(sb, video_id, **fields):
    form = {"original_file_id": video_id, "profile_id": "2"}
    form.update(fields)
    response = sb.post("/job", data=form)
    assert response.status_code == 200, response.text
    return parse(response).findtext("id")


def _next(received):
    path, headers, body, _status = received.get(timeout=WAIT)
    return path, _verify(headers, body)


def test_convert_notification_is_signed_and_matches_the_job(sb):
    with receiver() as (base, received):
        video_id = sb.new_video()
        job_id = _job(sb, video_id, postback_url=base + "/hooks/ankoder?token=t0")
        assert _counts(sb)["pending"] == 1
        path, message = _next(received)
        assert path == "/hooks/ankoder?token=t0"
        job = parse(sb.get("/job/%s" % job_id))
        assert job.findtext("status") == "completed"
        output_id = job.findtext("convert_file/id")
        assert message == {
            "name": job.findtext("convert_file/filename"), "result": "success", "convert_video_id": output_id,
            "is_trimmed": False, "original_video_id": video_id, "type": "Convert", "thumbnail_result": "success",
            "Job": job_id, "error": "",
        }
        assert message["name"].startswith(output_id + "_clip_" + job_id)
        assert settled(lambda: _counts(sb), delivered=1) == {
            "delivered": 1, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_message_is_compact_json_in_the_seed_order_and_signed_as_sent(sb):
    with receiver() as (base, received):
        _job(sb, sb.new_video(), postback_url=base + "/n", duration="10")
        _path, headers, body, _status = received.get(timeout=WAIT)
        message = dict(parse_qsl(body.decode("ascii")))["message"]
        assert message.startswith('{"name":"') and '"is_trimmed":true,' in message and ": " not in message
        assert list(json.loads(message)) == ["name", "result", "convert_video_id", "is_trimmed", "original_video_id",
                                             "type", "thumbnail_result", "Job", "error"]
        _verify(headers, body)
        # the signature covers that exact text: the same JSON spaced differently, or another key, does not verify
        respaced = body.replace(b"message=%7B%22name%22%3A", b"message=%7B%22name%22%3A+")
        assert respaced != body
        with pytest.raises(AssertionError):
            _verify(headers, respaced)
        with pytest.raises(AssertionError):
            _verify(headers, body, key="not-" + PRIVATE_KEY)


@pytest.mark.parametrize("source, profile", [
    ("http://media.example.com/clip.mp4", "9"),           # the broken profile fails after processing
    ("http://media.example.com/corrupt.mp4", "2"),        # a failed import fails the job
])
def test_failed_job_sends_a_fail_notification(sb, source, profile):
    with receiver() as (base, received):
        video_id = sb.new_video(source)
        job_id = _job(sb, video_id, profile_id=profile, postback_url=base + "/n")
        _path, message = _next(received)
        assert parse(sb.get("/job/%s" % job_id)).findtext("status") == "failed"
        assert message == {"result": "fail", "is_trimmed": False, "original_video_id": video_id, "type": "Convert",
                           "Job": job_id, "error": "Original video is corrupted"}


@pytest.mark.parametrize("source, result, error", [
    ("http://media.example.com/films/clip%20one.mp4", "success", ""),
    ("http://media.example.com/corrupt.mp4", "fail", "The downloaded file is not a supported video"),
])
def test_download_notification(sb, source, result, error):
    with receiver() as (base, received):
        response = sb.download(source, postback_url=base + "/imports")
        assert response.status_code == 200, response.text
        video_id = parse(response).findtext("id")
        path, message = _next(received)
        assert path == "/imports"
        video = parse(sb.get("/video/%s" % video_id))
        assert video.findtext("status") == ("downloaded" if result == "success" else "failed")
        assert message == {"result": result, "error": error, "video_id": video_id, "type": "Download",
                           "video_name": video.findtext("filename")}


def test_upload_notification_follows_convert_without_the_password(sb):
    with receiver() as (base, received):
        video_id = sb.new_video()
        job_id = _job(sb, video_id, postback_url=base + "/n", upload_url="ftp://user:pa55w0rd@ftp.example.com/out/",
                      thumbnail_upload_url="s3://thumbs", thumb_moments="5")
        _path, convert = _next(received)
        _path, upload = _next(received)
        assert convert["type"] == "Convert"
        job = parse(sb.get("/job/%s" % job_id))
        output = job.find("convert_file")
        filename = output.findtext("filename")
        assert upload["type"] == "Upload" and upload["result"] == "success" and upload["error"] == ""
        assert upload["job"]["id"] == job_id and upload["job"]["status"] == "completed"
        assert upload["job"]["profile"] == {"id": "2", "name": job.findtext("profile/name")}
        assert upload["job"]["input_file"]["id"] == video_id
        assert upload["job"]["output_file"]["id"] == output.findtext("id")
        assert upload["job"]["output_file"]["url"] == "ftp://user@ftp.example.com/out/" + filename
        assert upload["job"]["output_file"]["filename"] == filename
        assert upload["job"]["output_file"]["thumbnails"] == ["%s-5-480x272.png" % output.findtext("id")]
        assert "pa55w0rd" not in json.dumps(upload)


def test_no_postback_url_no_notification(sb):
    with receiver() as (_base, received):
        video_id = sb.new_video()
        job_id = _job(sb, video_id)
        sb.poll("/job/%s" % job_id, lambda root: root.findtext("status") == "completed")
        with pytest.raises(queue.Empty):
            received.get(timeout=0.3)
    assert _counts(sb) == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}


def test_non_loopback_postback_is_accepted_but_skipped(sb):
    job_id = _job(sb, sb.new_video(), postback_url="https://hooks.example.com/ankoder")
    sb.poll("/job/%s" % job_id, lambda root: root.findtext("status") == "completed")
    assert _counts(sb) == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 1, "pending": 0}


def test_unreachable_postback_is_retried_then_counted_failed(sb):
    _job(sb, sb.new_video(), postback_url="http://127.0.0.1:%d/gone" % free_port())
    assert settled(lambda: _counts(sb), failed=1) == {"delivered": 0, "failed": 1, "retried": 2, "skipped": 0,
                                                      "pending": 0}


def test_reset_with_data_cancels_pending_notifications(sb_slow):
    with receiver() as (base, received):
        _job(sb_slow, sb_slow.new_video(), postback_url=base + "/n")
        assert _counts(sb_slow)["pending"] == 1
        sb_slow.control("POST", "/reset")
        assert _counts(sb_slow)["pending"] == 1
        sb_slow.control("POST", "/reset", json={"data": True})
        assert _counts(sb_slow) == {"delivered": 0, "failed": 0, "retried": 0, "skipped": 0, "pending": 0}
        with pytest.raises(queue.Empty):
            received.get(timeout=10 * sb_slow.tick)
