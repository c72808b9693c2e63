# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon sandbox: the lists' time_zone, a storage renamed with PUT, and a job made to hold an undocumented status."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import time

import pytest

from test_sandbox_pallycon_lib import PACK, STORAGE, PallyCon, error_of, timestamp

LIST = {"storage_type": "S3", "region": "RG011"}


def shifted(text, seconds):
    """A ``YYYY-MM-DDThh:mm:ssZ`` date moved by ``seconds``."""
    epoch = calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch + seconds))


def test_storage_list_reads_and_writes_dates_in_the_time_zone(sb):
    pc = PallyCon(sb)
    pc.storage()
    utc = pc.ok("GET", STORAGE, LIST)
    seoul = pc.ok("GET", STORAGE, dict(LIST, time_zone="+09:00"))
    assert (utc["time_zone"], seoul["time_zone"]) == ("+00:00", "+09:00")
    assert seoul["data"][0]["reg_date"] == shifted(utc["data"][0]["reg_date"], 9 * 3600)
    # a bound is a wall-clock time of the zone: Seoul's clock is 9 hours ahead of UTC's
    assert pc.ok("GET", STORAGE, dict(LIST, **{"from": timestamp(60)}))["total_count"] == 0
    assert pc.ok("GET", STORAGE, dict(LIST, time_zone="+09:00", **{"from": timestamp(60)}))["total_count"] == 1
    assert pc.ok("GET", STORAGE, dict(LIST, time_zone="09:00", **{"from": timestamp(9 * 3600 - 60)}))["total_count"] == 1
    assert pc.ok("GET", STORAGE, dict(LIST, time_zone="09:00", **{"from": timestamp(9 * 3600 + 60)}))["total_count"] == 0
    assert pc.ok("GET", STORAGE, dict(LIST, time_zone="-05:00", to=timestamp(-5 * 3600 + 60)))["total_count"] == 1
    assert pc.ok("GET", STORAGE, dict(LIST, time_zone="-05:00", to=timestamp(-60)))["total_count"] == 1
    assert pc.ok("GET", STORAGE, dict(LIST, time_zone="-05:00", to=timestamp(-5 * 3600 - 60)))["total_count"] == 0


def test_job_list_reads_and_writes_dates_in_the_time_zone(sb):
    pc = PallyCon(sb)
    job_id = pc.job(pc.storage())
    utc = pc.job_row(job_id)
    answer = pc.jobs(time_zone="+05:30", search_keyword_type="jobId", search_keyword=str(job_id))
    assert answer["time_zone"] == "+05:30"
    assert answer["data"][0]["reg_date"] == shifted(utc["reg_date"], 5 * 3600 + 1800)
    assert pc.jobs(time_zone="+05:30", **{"from": timestamp(5 * 3600 + 1800 + 60)})["total_count"] == 0
    assert pc.jobs(time_zone="+05:30", **{"from": timestamp(5 * 3600 + 1800 - 60)})["total_count"] == 1


@pytest.mark.parametrize("zone", ["+14:01", "-12:30", "15:00", "9:00", "+0900", "09:60", "UTC", "", 9])
def test_time_zone_rules(sb, zone):
    pc = PallyCon(sb)
    assert "time_zone" in error_of(pc.do("GET", STORAGE, dict(LIST, time_zone=zone)), "A1000")
    assert "time_zone" in error_of(pc.do("GET", PACK, {"time_zone": zone}), "A1000")


@pytest.mark.parametrize("zone", ["+14:00", "-12:00", "00:00", "-00:00", "+05:45"])
def test_time_zone_limits_accepted(sb, zone):
    assert PallyCon(sb).ok("GET", STORAGE, dict(LIST, time_zone=zone))["time_zone"] in (zone, "+" + zone, "+00:00")


def test_rename_by_put_changes_the_name_only(sb):
    pc = PallyCon(sb)
    storage_id = pc.storage(storage_name="before", description="kept")
    assert pc.ok("PUT", STORAGE, {"storage_id": storage_id, "storage_name": "after"}) == {
        "error_code": "0000", "error_message": "", "storage_id": storage_id}
    row = pc.ok("GET", STORAGE, dict(LIST, search_keyword_type="storageId", search_keyword=storage_id))["data"][0]
    assert (row["storage_name"], row["description"], row["aws_bucket"]) == ("after", "kept", "media-in")
    assert pc.ok("GET", STORAGE, dict(LIST, search_keyword_type="storageName", search_keyword="before"))["total_count"] == 0
    assert sb.stats()["creates"]["pallycon.storage_update"] == 1


def test_a_job_made_to_hold_an_undocumented_status(sb):
    pc = PallyCon(sb)
    job_id = pc.job(pc.storage())
    forced = sb.control("POST", "/pallycon/job/%d" % job_id, json={"status": "WM777"})
    assert forced["status"] == "WM777"
    assert pc.job_row(job_id)["status"] == "WM777"
    time.sleep(3 * sb.tick)
    assert pc.job_row(job_id)["status"] == "WM777"
    assert [row["status"] for row in pc.ok("GET", PACK + "/contents", {"job_id": str(job_id)})["data"]] == ["WM777"]
    assert pc.jobs(search_status="working")["total_count"] == 0


@pytest.mark.parametrize("body", [{"status": "done"}, {"status": 777}, {"status": "WM7"}, {}, {"status": "WM777", "x": 1}])
def test_forcing_a_status_takes_a_code(sb, body):
    pc = PallyCon(sb)
    job_id = pc.job(pc.storage())
    assert sb.control("POST", "/pallycon/job/%d" % job_id, json=body)["error"]
    assert sb.control("POST", "/pallycon/job/999", json={"status": "WM777"}) == {"error": "no such job"}
