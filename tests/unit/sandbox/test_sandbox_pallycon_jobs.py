# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon sandbox: packaging job rules, duplicates, the job list (filters, paging, order), status, tracks."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

import pytest

import sandbox
from sandbox_testlib import Sandbox
from test_sandbox_pallycon_lib import (CONTENTS, DRM_STEPS, MISSING_STEPS, PACK, WATERMARK_STEPS, PallyCon, error_of,
                                       timestamp)

FROZEN_TICK = 60.0
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
ROW_KEYS = {"job_id", "job_name", "start_date", "update_date", "reg_date", "watermark", "drm", "dash", "hls", "content_id",
            "status", "error_code", "error_message", "storage", "subtitles"}
TRACK_KEYS = {"job_id", "seq", "input_path", "status", "duration", "content_size", "width", "height", "fps", "bitrate",
              "update_date"}


@pytest.fixture(name="frozen")
def fixture_frozen():
    """A sandbox whose tick is a minute: statuses only move when a test ages a job."""
    server, base = sandbox.start(port=0, tick=FROZEN_TICK)
    box = Sandbox(server, base, tick=FROZEN_TICK)
    try:
        yield box
    finally:
        box.control("POST", "/reset", json={"data": True})
        box.http.close()
        server.shutdown()


def _with(data, path, value):
    """A copy of ``data`` with the dotted ``path`` set to ``value`` (or removed if value is ``...``)."""
    data = dict(data, storage={"input": dict(data["storage"]["input"]), "output": dict(data["storage"]["output"])})
    *parents, leaf = path.split(".")
    target = data
    for key in parents:
        target = target[key]
    if value is Ellipsis:
        del target[leaf]
    else:
        target[leaf] = value
    return data


def test_register_returns_numeric_ids_and_counts(sb):
    pc = PallyCon(sb)
    storage_id = pc.storage()
    answer = pc.ok("POST", PACK, pc.job_data(storage_id))
    assert answer == {"error_code": "0000", "error_message": "", "job_id": 100001}
    assert pc.job(storage_id, content_id="cid-2") == 100002
    creates = sb.stats()["creates"]
    assert creates["pallycon.job"] == 2
    assert "pallycon.job_duplicates" not in creates


@pytest.mark.parametrize("path, value, field", [
    ("job_name", ..., "job_name"), ("job_name", "", "job_name"), ("storage", ..., "storage"),
    ("storage.input", ..., "storage.input"), ("storage.output", ..., "storage.output"),
    ("storage.input.storage_id", "ST999999", "storage.input.storage_id"),
    ("storage.output.storage_id", "ST999999", "storage.output.storage_id"),
    ("storage.input.contents_path", [], "storage.input.contents_path"),
    ("storage.input.contents_path", "in/movie.mp4", "storage.input.contents_path"),
    ("storage.input.contents_path", ["in/a.mp4", 3], "storage.input.contents_path"),
    ("storage.input.region", "RG011", "storage.input.region"),
    ("storage.output.path", ["a/", "b/"], "storage.output.path"), ("storage.output.path", "", "storage.output.path"),
    ("content_id", ..., "content_id"), ("content_id", "\u00e9" * 100 + "x", "content_id"),
    ("streaming_format", [], "streaming_format"), ("streaming_format", ["dash", "smooth"], "streaming_format"),
    ("streaming_format", ["dash", "dash"], "streaming_format"), ("streaming_format", "dash", "streaming_format"),
    ("protect_type", ..., "protect_type"), ("protect_type", ["drm"], "protect_type"), ("protect_type", [], "protect_type"),
    ("protect_type", ["watermark", "fairplay"], "protect_type"),
    ("subtitles", {"path": "s.vtt"}, "subtitles"), ("subtitles", [{"language": "en"}], "subtitles[0].path"),
    ("subtitles", [{"path": "s.vtt", "lang": "en"}], "subtitles[0].lang"),
    ("dash_option", {"min_buffer_time": 1}, "dash_option.min_buffer_time"),
    ("dash_option", {"enable_average_bandwidth_mpd": "true"}, "dash_option.enable_average_bandwidth_mpd"),
    ("dash_option", [], "dash_option"),
    ("drm_option", {"multi_key": 1}, "drm_option.multi_key"), ("drm_option", {"clear_lead": -1}, "drm_option.clear_lead"),
    ("drm_option", {"max_hd_height": "1080"}, "drm_option.max_hd_height"), ("drm_option", {"key_rotation": True}, "drm_option.key_rotation"),
    ("priority", 1, "priority"),
])
def test_register_rules(sb, path, value, field):
    pc = PallyCon(sb)
    data = _with(pc.job_data(pc.storage()), path, value)
    assert field in error_of(pc.do("POST", PACK, data), "A1000")
    assert "pallycon.job" not in sb.stats()["creates"]


def test_register_accepts_the_documented_variants(sb):
    pc = PallyCon(sb)
    storage_id = pc.storage()
    out = pc.storage(storage_name="out")
    data = pc.job_data(storage_id, content_id="\u00e9" * 100, streaming_format=["hls"], subtitles=[{"path": "s.vtt", "language": "en"}],
                       dash_option={"min_buffer_time": 2, "enable_average_bandwidth_mpd": True},
                       drm_option={"multi_key": True, "skip_audio_encryption": False, "generate_tracktype_manifests": True,
                                   "max_sd_height": 480, "max_hd_height": 1080, "max_uhd1_height": 2160, "clear_lead": 0})
    data["storage"]["output"] = {"storage_id": out, "path": ["out/list/"]}
    del data["protect_type"]
    data["protection_type"] = ["drm", "watermark"]
    job_id = pc.ok("POST", PACK, data)["job_id"]
    row = pc.job_row(job_id)
    assert row["storage"] == {"input": {"storage_id": storage_id, "contents_path": ["in/movie_1080.mp4"]},
                              "output": {"storage_id": out, "path": "out/list/"}}
    assert (row["content_id"], row["drm"], row["dash"], row["hls"]) == ("\u00e9" * 100, "true", "false", "true")
    assert row["subtitles"] == [{"path": "s.vtt", "language": "en"}]
    both = dict(data, protect_type=["watermark"])
    assert "protect_type" in error_of(pc.do("POST", PACK, both), "A1000")
    assert sb.control("GET", "/pallycon/job/%d" % job_id)["data"] == data


def test_no_deduplication_and_duplicates_are_counted(sb):
    pc = PallyCon(sb)
    storage_id = pc.storage()
    first, second, third = [pc.job(storage_id, content_id="cid-dup") for _index in range(3)]
    pc.job(storage_id, content_id="cid-other")
    assert (first, second, third) == (100001, 100002, 100003)
    creates = sb.stats()["creates"]
    assert (creates["pallycon.job"], creates["pallycon.job_duplicates"]) == (4, 2)
    assert sb.control("GET", "/pallycon/duplicates") == {"total": 2, "by_content_id": {"cid-dup": 2}}
    rows = pc.jobs(search_keyword_type="cid", search_keyword="cid-dup")["data"]
    assert [row["job_id"] for row in rows] == [third, second, first]


def test_list_row_shape_while_ready(frozen):
    pc = PallyCon(frozen)
    storage_id = pc.storage()
    job_id = pc.job(storage_id, job_name="first")
    answer = pc.jobs()
    assert (answer["total_count"], answer["time_zone"]) == (1, "+00:00")
    row = answer["data"][0]
    assert set(row) == ROW_KEYS
    assert (row["job_id"], row["job_name"], row["content_id"], row["status"]) == (job_id, "first", "cid-1", "WM000")
    assert (row["watermark"], row["drm"], row["dash"], row["hls"]) == ("true", "false", "true", "true")
    assert (row["error_code"], row["error_message"], row["start_date"], row["subtitles"]) == ("", "", "", [])
    assert DATE.match(row["reg_date"]) and row["update_date"] == row["reg_date"]
    pc.age(job_id, 2)
    row = pc.job_row(job_id)
    assert row["status"] == "WM021100"
    assert DATE.match(row["start_date"]) and row["update_date"] >= row["start_date"] > row["reg_date"]


def test_list_order_and_paging(frozen):
    pc = PallyCon(frozen)
    storage_id = pc.storage()
    ids = [pc.job(storage_id, content_id="c%d" % index) for index in range(5)]
    pages = [pc.jobs(page_unit=2, page_index=index) for index in (1, 2, 3, 4)]
    assert [page["total_count"] for page in pages] == [5] * 4
    assert [[row["job_id"] for row in page["data"]] for page in pages] == [ids[4:2:-1], ids[2:0:-1], ids[:1], []]
    assert [row["job_id"] for row in pc.jobs(page_unit="1000")["data"]] == ids[::-1]
    assert [row["job_id"] for row in pc.jobs(search_status="ready", page_unit=2, page_index=2)["data"]] == ids[2:0:-1]


def test_list_keyword_filters_are_exact(frozen):
    pc = PallyCon(frozen)
    storage_id = pc.storage()
    first = pc.job(storage_id, content_id="movie-1", job_name="Movie one")
    second = pc.job(storage_id, content_id="movie-10", job_name="Movie ten")

    def found(kind, word):
        return [row["job_id"] for row in pc.jobs(search_keyword_type=kind, search_keyword=word)["data"]]

    assert found("cid", "movie-1") == [first]
    assert found("cid", "movie") == []
    assert found("jobId", str(second)) == [second]
    assert found("jobId", "0%d" % second) == []
    assert found("jobName", "Movie one") == [first]
    assert found("jobName", "movie one") == []


def test_list_status_type_condition_and_date_filters(frozen):
    pc = PallyCon(frozen)
    storage_id = pc.storage()
    ready = pc.job(storage_id, streaming_format=["hls"])
    working = pc.job(storage_id, protect_type=["watermark", "drm"], streaming_format=["dash"])
    success = pc.job(storage_id, protect_type=["drm", "watermark"])
    missing = "in/missing_1080.mp4"
    failed = pc.job(storage_id, storage={"input": {"storage_id": storage_id, "contents_path": ["in/a.mp4", missing]},
                                         "output": {"storage_id": storage_id, "path": "out/"}})
    pc.age(working, 7)
    pc.age(success, 30)
    pc.age(failed, 30)

    def found(**query):
        answer = pc.jobs(**query)
        assert answer["total_count"] == len(answer["data"])
        return [row["job_id"] for row in answer["data"]]

    assert found(search_status="ready") == [ready]
    assert found(search_status="working") == [working]
    assert found(search_status="success") == [success]
    assert found(search_status="failed") == [failed]
    assert found(search_status="complete") == [failed, success]
    assert found(search_status="stop") == []
    assert found(search_type="drm") == [success, working]
    assert found(search_type="watermark") == [failed, success, working, ready]
    assert found(search_condition="hls") == [failed, success, ready]
    assert found(search_condition="dash", search_type="drm", search_status="working") == [working]
    assert found(**{"from": timestamp(-120), "to": timestamp(120)}) == [failed, success, working, ready]
    assert found(**{"from": timestamp(120)}) == []
    assert found(region="RG011", time_zone="00:00") == [failed, success, working, ready]
    assert missing in pc.job_row(failed)["storage"]["input"]["contents_path"]


@pytest.mark.parametrize("query, field", [
    ({"search_status": "process"}, "search_status"), ({"search_type": "fairplay"}, "search_type"),
    ({"search_condition": "smooth"}, "search_condition"), ({"page_unit": 1001}, "page_unit"), ({"page_index": -1}, "page_index"),
    ({"search_keyword_type": "contentId", "search_keyword": "x"}, "search_keyword_type"), ({"search_keyword": "x"}, "search_keyword_type"),
    ({"search_keyword_type": "cid", "search_keyword": 5}, "search_keyword"), ({"to": "2024-01-01T00:00:00"}, "to"),
    ({"region": "bad region"}, "region"), ({"job_id": 1}, "job_id"),
])
def test_list_rules(sb, query, field):
    assert field in error_of(PallyCon(sb).do("GET", PACK, query), "A1000")


def _watch(pc, job_id, timeout=10.0):
    """Every distinct status of ``job_id`` seen through the list until it is final."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = pc.job_row(job_id)["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in ("WM030", "WM999"):
            return seen
        time.sleep(0.005)
    raise AssertionError("job %s never finished: %s" % (job_id, seen))


def _in_order(seen, steps):
    return [steps.index(status) for status in seen] == sorted(steps.index(status) for status in seen)


@pytest.mark.parametrize("protection, steps", [(["watermark"], WATERMARK_STEPS), (["watermark", "drm"], DRM_STEPS)])
def test_status_moves_one_step_per_tick_to_wm030(sb_slow, protection, steps):
    pc = PallyCon(sb_slow)
    job_id = pc.job(pc.storage(), protect_type=protection)
    assert sb_slow.control("GET", "/pallycon/job/%d" % job_id)["steps"] == steps
    seen = _watch(pc, job_id)
    assert seen[0] == "WM000" and seen[-1] == "WM030"
    assert _in_order(seen, steps)
    assert len(seen) >= len(steps) // 2
    row = pc.job_row(job_id)
    assert (row["error_code"], row["error_message"]) == ("", "")


def test_missing_input_fails_after_download(sb):
    pc = PallyCon(sb)
    storage_id = pc.storage()
    job_id = pc.job(storage_id, storage={"input": {"storage_id": storage_id, "contents_path": ["in/ok.mp4", "in/missing.mp4"]},
                                         "output": {"storage_id": storage_id, "path": "out/"}})
    assert sb.control("GET", "/pallycon/job/%d" % job_id)["steps"] == MISSING_STEPS
    seen = _watch(pc, job_id)
    assert _in_order(seen, MISSING_STEPS) and seen[-1] == "WM999"
    row = pc.job_row(job_id)
    assert (row["error_code"], row["error_message"]) == ("WM900013", "Input file does not exist")


def test_tracks(frozen):
    pc = PallyCon(frozen)
    storage_id = pc.storage()
    paths = ["in/movie_1080.mp4", "in/movie_720.mp4", "in/audio_en.m4a"]
    job_id = pc.job(storage_id, storage={"input": {"storage_id": storage_id, "contents_path": paths},
                                         "output": {"storage_id": storage_id, "path": "out/"}})
    pc.age(job_id, 4)
    answer = pc.ok("GET", CONTENTS, {"job_id": str(job_id)})
    assert answer["total_count"] == 3
    rows = answer["data"]
    assert all(set(row) == TRACK_KEYS for row in rows)
    assert [(row["job_id"], row["seq"], row["input_path"], row["status"]) for row in rows] == [
        (job_id, 1, paths[0], "WM022100"), (job_id, 2, paths[1], "WM022100"), (job_id, 3, paths[2], "WM022100")]
    assert [(row["width"], row["height"]) for row in rows] == [("1920", "1080"), ("1280", "720"), ("0", "0")]
    for row in rows:
        for key in ("duration", "content_size", "width", "height", "fps", "bitrate"):
            assert isinstance(row[key], str) and float(row[key]) >= 0
        assert float(row["duration"]) >= 30 and int(row["content_size"]) > 0
        assert row["update_date"] == pc.job_row(job_id)["update_date"]
    assert pc.ok("GET", CONTENTS, {"job_id": job_id})["data"] == rows


@pytest.mark.parametrize("query, field", [
    ({}, "job_id"), ({"job_id": 99}, "job_id"), ({"job_id": "abc"}, "job_id"), ({"job_id": 100001, "seq": 1}, "seq"),
])
def test_tracks_rules(sb, query, field):
    pc = PallyCon(sb)
    pc.job(pc.storage())
    assert field in error_of(pc.do("GET", CONTENTS, query), "A1000")
