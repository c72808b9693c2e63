# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder sandbox: videos, profiles, jobs, uploads and how their status moves with the tick."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import socket
import threading
from urllib.parse import parse_qs, urlsplit

from sandbox_testlib import ACCESS_KEY, Client, call, errors_of, parse

VIDEO_ORDER = ["submitting", "queueing", "downloading", "downloaded"]
JOB_ORDER = ["submitting", "queuing", "processing", "completed"]


def _statuses(roots):
    out = []
    for root in roots:
        status = root.findtext("status")
        if not out or out[-1] != status:
            out.append(status)
    return out


def _in_order(seen, order):
    indexes = [order.index(status) for status in seen]
    return indexes == sorted(indexes)


def test_download_reply_shape_and_ids(sb):
    response = sb.download()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = parse(response)
    assert root.tag == "video"
    assert [child.tag for child in root] == ["id", "progress", "created_at"]
    assert root.findtext("id") == "1001"
    assert root.findtext("progress") == "0"
    assert root.findtext("created_at").endswith(" +0000 " + root.findtext("created_at")[-4:])
    assert parse(sb.download()).findtext("id") == "1002"


def test_video_progresses_to_downloaded(sb):
    video = sb.new_video("https://cdn.example.com/path/movie.mov")
    first = parse(sb.get("/video/%s" % video))
    assert first.findtext("status") == "submitting"
    assert first.findtext("readable") == "false"
    assert first.find("specs/size").text is None
    assert first.find("specs/audio").get("codec") == ""
    assert first.find("specs/spec").get("width") == ""
    seen = sb.poll("/video/%s" % video, lambda root: root.findtext("status") == "downloaded")
    statuses = _statuses(seen)
    assert _in_order(statuses, VIDEO_ORDER)
    progress = [int(root.findtext("progress")) for root in seen]
    assert progress == sorted(progress)
    done = seen[-1]
    assert [child.tag for child in done] == [
        "id", "filename", "readable", "status", "progress", "specs", "duration", "created_at", "error"]
    assert done.findtext("progress") == "100"
    assert done.findtext("readable") == "true"
    assert done.findtext("filename") == "movie.mov"
    assert int(done.findtext("specs/size")) > 0
    assert done.find("specs/audio").get("codec") == "aac"
    assert done.find("specs/video").attrib == {"codec": "h264", "fps": "25"}
    assert done.find("specs/spec").attrib == {"width": "1280", "height": "720", "content_type": "video/quicktime"}
    assert done.findtext("duration") == "30000"
    assert done.find("error").text is None


def test_video_sees_every_status(sb_slow):
    sb = sb_slow
    video = sb.new_video()
    seen = sb.poll("/video/%s" % video, lambda root: root.findtext("status") == "downloaded")
    assert _statuses(seen) == VIDEO_ORDER


def test_corrupt_source_fails(sb):
    video = sb.new_video("http://media.example.com/corrupt/clip.mp4")
    seen = sb.poll("/video/%s" % video, lambda root: root.findtext("status") in ("downloaded", "failed"))
    final = seen[-1]
    assert final.findtext("status") == "failed"
    assert final.findtext("error") == "The downloaded file is not a supported video"
    assert final.findtext("readable") == "false"


def test_video_xml_suffix_and_404(sb):
    video = sb.new_video()
    assert parse(sb.get("/video/%s.xml" % video)).findtext("id") == video
    missing = sb.get("/video/424242")
    assert missing.status_code == 404
    assert errors_of(missing) == ["Video not found"]
    assert errors_of(sb.get("/video/abc.xml")) == ["Video not found"]


def test_no_list_endpoints(sb):
    assert sb.get("/video").status_code == 404
    assert sb.get("/job").status_code == 405


def test_profiles(sb):
    root = parse(sb.get("/profile"))
    assert root.tag == "profiles"
    assert [profile.findtext("id") for profile in root] == ["2", "5", "7", "9"]
    assert [profile.findtext("name") for profile in root] == ["psp", "web-720p", "hls-1080p", "broken"]
    psp = parse(sb.get("/profile/2.xml"))
    assert [child.tag for child in psp] == [
        "id", "name", "created_at", "width", "height", "video_format", "video_fps", "video_bitrate", "video_codec",
        "audio_channel", "audio_codec", "audio_bitrate", "audio_rate", "thumbnail_width", "thumbnail_height",
        "trim_begin", "max_duration", "add_padding", "keep_aspect"]
    assert psp.findtext("video_fps") == "29.97"
    assert psp.findtext("video_bitrate") == "768.0"
    assert psp.find("trim_begin").text is None
    assert b"<trim_begin></trim_begin>" in sb.get("/profile/2").content
    hls = parse(sb.get("/profile/7"))
    assert (hls.findtext("width"), hls.findtext("height"), hls.findtext("video_format")) == ("1920", "1080", "mpegts")
    assert hls.findtext("video_bitrate") == "5000.0"
    web = parse(sb.get("/profile/5"))
    assert (web.findtext("width"), web.findtext("video_codec"), web.findtext("audio_codec")) == ("1280", "h264", "aac")
    assert errors_of(sb.get("/profile/3")) == ["Profile not found"]


def test_job_create_shape(sb):
    video = sb.new_video()
    response = sb.post("/job", data={"original_file_id": video, "profile_id": "2", "upload_url": "s3://out",
                                     "postback_url": "http://hooks.example.com/ankoder"})
    assert response.status_code == 200, response.text
    job = parse(response)
    assert [child.tag for child in job] == ["id", "status", "original_file", "profile", "convert_progress", "error", "created_at"]
    assert job.findtext("id") == "5001"
    assert job.findtext("status") == "submitting"
    assert job.find("convert_progress").text is None
    assert job.findtext("original_file/id") == video
    assert [child.tag for child in job.find("original_file")] == [
        "id", "filename", "readable", "size", "audio", "video", "spec", "duration", "progress", "created_at"]
    assert job.findtext("profile/name") == "psp"
    assert job.findtext("created_at").endswith(" UTC")
    inspected = sb.control("GET", "/ankoder/job/5001")
    assert inspected["form"]["upload_url"] == "s3://out"


def test_job_progresses_to_completed(sb):
    video = sb.new_video()
    job = parse(sb.post("/job", data={"original_file_id": video, "profile_id": "5"})).findtext("id")
    seen = sb.poll("/job/%s.xml" % job, lambda root: root.findtext("status") in ("completed", "failed"))
    assert _in_order(_statuses(seen), JOB_ORDER)
    final = seen[-1]
    assert final.findtext("status") == "completed"
    assert final.findtext("convert_progress") == "100"
    assert final.find("error").text is None
    for root in seen[:-1]:
        assert root.find("convert_file") is None
        assert root.findtext("convert_progress") in ("", "0", "50")
    output = final.find("convert_file")
    assert output is not None
    converted = parse(sb.get("/video/%s" % output.findtext("id")))
    assert converted.findtext("status") == "downloaded"
    assert converted.find("specs/spec").get("width") == "1280"
    assert converted.findtext("filename").endswith("_%s.mp4" % job)


def test_job_sees_every_status(sb_slow):
    sb = sb_slow
    video = sb.new_video()
    sb.poll("/video/%s" % video, lambda root: root.findtext("status") == "downloaded")
    job = parse(sb.post("/job", data={"original_file_id": video, "profile_id": "7"})).findtext("id")
    seen = sb.poll("/job/%s" % job, lambda root: root.findtext("status") == "completed")
    assert _statuses(seen) == JOB_ORDER
    progress = [root.findtext("convert_progress") for root in seen]
    assert progress[0] == ""
    assert [value for value in progress[1:] if value] == sorted([value for value in progress[1:] if value], key=int)


def test_converted_video_hidden_until_job_completes(sb):
    video = sb.new_video()
    job = parse(sb.post("/job", data={"original_file_id": video, "profile_id": "5"})).findtext("id")
    output_id = sb.control("GET", "/ankoder/job/%s" % job)["output_video_id"]
    assert sb.get("/video/%s" % output_id).status_code == 404
    sb.poll("/job/%s" % job, lambda root: root.findtext("status") == "completed")
    assert sb.get("/video/%s" % output_id).status_code == 200


def test_broken_profile_fails(sb):
    video = sb.new_video()
    job = parse(sb.post("/job", data={"original_file_id": video, "profile_id": "9"})).findtext("id")
    seen = sb.poll("/job/%s" % job, lambda root: root.findtext("status") in ("completed", "failed"))
    final = seen[-1]
    assert final.findtext("status") == "failed"
    assert final.findtext("error") == "Original video is corrupted"
    assert final.find("convert_file") is None


def test_job_on_corrupt_source_fails(sb):
    video = sb.new_video("s3://bucket/corrupt.mp4")
    job = parse(sb.post("/job", data={"original_file_id": video, "profile_id": "5"})).findtext("id")
    final = sb.poll("/job/%s" % job, lambda root: root.findtext("status") in ("completed", "failed"))[-1]
    assert final.findtext("status") == "failed"
    assert final.findtext("error") == "Original video is corrupted"


def test_job_404(sb):
    response = sb.get("/job/5001")
    assert response.status_code == 404
    assert errors_of(response) == ["Job not found"]


def _upload(sb, data=b"\x00\x01video-bytes\r\n--x\r\n", filename="holiday clip.mp4", **fields):
    form = {"access_key": ACCESS_KEY}
    form.update(fields)
    return call("POST", sb.ankoder + "/files/upload", files={"file": (filename, data, "video/mp4")}, data=form,
                allow_redirects=False)


def test_upload_without_redirect(sb):
    data = bytes(range(256)) * 41 + b"\r\n\r\n"
    response = _upload(sb, data=data, custom_user="7")
    assert response.status_code == 200, response.text
    video = parse(response)
    assert video.tag == "video"
    assert video.findtext("filename") == "holiday clip.mp4"
    assert video.findtext("status") == "submitting"
    inspected = sb.control("GET", "/ankoder/video/%s" % video.findtext("id"))
    assert inspected["sha256"] == hashlib.sha256(data).hexdigest()
    assert inspected["size"] == len(data)
    assert inspected["form"]["custom_user"] == "7"
    done = sb.poll("/video/%s" % video.findtext("id"), lambda root: root.findtext("status") == "downloaded")[-1]
    assert done.findtext("specs/size") == str(len(data))
    assert sb.stats()["creates"]["ankoder.video"] == 1


def test_upload_success_redirect(sb):
    response = _upload(sb, success_redirect="http://app.example.com/done")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("http://app.example.com/done?video_id=")
    video_id = parse_qs(urlsplit(location).query)["video_id"][0]
    assert sb.get("/video/%s" % video_id).status_code == 200
    response = _upload(sb, success_redirect="http://app.example.com/done?user=3")
    assert response.headers["Location"] == "http://app.example.com/done?user=3&video_id=%d" % (int(video_id) + 1)


def test_upload_failure_redirect(sb):
    response = _upload(sb, access_key="AKWRONG", failed_redirect="https://app.example.com/failed?x=1")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc == "app.example.com"
    assert parse_qs(location.query) == {"x": ["1"], "error": ["Access key is invalid"]}
    assert sb.stats()["creates"]["ankoder.video"] == 0


def test_upload_failures_without_redirect(sb):
    assert errors_of(_upload(sb, access_key="AKWRONG")) == ["Access key is invalid"]
    response = call("POST", sb.ankoder + "/files/upload", files={"file": ("a.mp4", b"abc")})
    assert response.status_code == 422
    assert errors_of(response) == ["Access key can't be blank"]
    response = call("POST", sb.ankoder + "/files/upload", files={"access_key": (None, ACCESS_KEY)})
    assert errors_of(response) == ["File can't be blank"]
    assert errors_of(_upload(sb, data=b"")) == ["File can't be blank"]
    assert errors_of(_upload(sb, colour="red")) == ["Unknown parameter colour"]
    assert errors_of(_upload(sb, success_redirect="javascript:alert(1)")) == ["Success redirect is invalid"]
    response = call("POST", sb.ankoder + "/files/upload", data={"access_key": ACCESS_KEY})
    assert errors_of(response) == ["Content-Type must be multipart/form-data"]


def test_upload_needs_no_accept_nor_auth(sb):
    session = Client()
    del session.headers["Accept"]
    response = session.post(sb.ankoder + "/files/upload", files={"file": ("a.mp4", b"x")}, data={"access_key": ACCESS_KEY})
    assert response.status_code == 200


def test_upload_bigger_than_2_gib_refused_unread(sb):
    port = int(sb.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"POST /ankoder/files/upload HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 2147483649\r\n\r\n")
        reply = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in reply


def test_concurrent_downloads_get_distinct_ids(sb):
    ids = []
    lock = threading.Lock()

    def worker():
        with Client() as session:
            response = session.post(sb.ankoder + "/download", headers={"Accept": "text/xml"}, auth=("demo", "demo-password"),
                                    data={"url": "http://m.example.com/a.mp4", "custom_profile": "5"})
            with lock:
                ids.append(parse(response).findtext("id"))

    threads = [threading.Thread(target=worker) for _index in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(ids, key=int) == [str(1001 + index) for index in range(16)]
    assert sb.stats()["creates"]["ankoder.video"] == 16
