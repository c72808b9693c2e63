# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON rows PallyCon answers with: storages, jobs, tracks, and the result callback payload.

Dates are ``YYYY-MM-DDThh:mm:ssZ``: UTC, or with the list's ``time_zone`` the wall-clock
time of that zone (the ``Z`` stays, as the vendor's format has it).  A job's ``start_date`` is empty
while it is ``WM000``; its ``update_date`` is when it reached its current
status.  Track numbers are strings (as the vendor sends them), made up but
stable per input path: resolution from a hint in the path (``2160``,
``1080``, ``720``, ``480``; else 1280x720), audio-only for ``.m4a``/``.aac``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from .pallycon_envelope import SUCCESS, format_timestamp

TIME_ZONE = "+00:00"
RESOLUTIONS = (("2160", 3840, 2160, 16000000), ("1080", 1920, 1080, 5000000), ("720", 1280, 720, 2500000),
               ("480", 854, 480, 1000000))
DEFAULT_RESOLUTION = (1280, 720, 2500000)
AUDIO_EXTENSIONS = (".m4a", ".aac", ".mp3")
AUDIO_BITRATE = 128000
FRAME_RATES = ("23.976", "25", "29.97", "30")


def _flag(value):
    return "true" if value else "false"


def storage_row(storage, offset=0):
    """One row of the storage list (the secret included, as the vendor does); dates ``offset`` s east of UTC."""
    return {
        "storage_id": storage.storage_id, "storage_name": storage.storage_name, "type": storage.type,
        "id": storage.id, "password": storage.password, "aws_bucket": storage.aws_bucket,
        "description": storage.description, "region": storage.region, "reg_date": format_timestamp(storage.reg + offset),
    }


def _dates(job, step, tick, offset=0):
    """``(start_date, update_date, reg_date)`` of ``job`` at ``step``, ``offset`` seconds east of UTC."""
    reg = job.reg + offset
    start = format_timestamp(reg + tick) if step > 0 else ""
    return start, format_timestamp(reg + step * tick), format_timestamp(reg)


def job_row(job, step, tick, offset=0):
    """One row of the job list (dates ``offset`` seconds east of UTC)."""
    spec = job.spec
    start, update, reg = _dates(job, step, tick, offset)
    error_code, error_message = job.error(step)
    return {
        "job_id": job.job_id, "job_name": spec["job_name"], "start_date": start, "update_date": update,
        "reg_date": reg, "watermark": "true", "drm": _flag("drm" in spec["protect_type"]),
        "dash": _flag("dash" in spec["streaming_format"]), "hls": _flag("hls" in spec["streaming_format"]),
        "content_id": spec["content_id"], "status": job.steps[step], "error_code": error_code,
        "error_message": error_message,
        "storage": {
            "input": {"storage_id": spec["input_storage"], "contents_path": list(spec["contents_path"])},
            "output": {"storage_id": spec["output_storage"], "path": spec["output_path"]},
        },
        "subtitles": [dict(item) for item in spec["subtitles"]],
    }


def _media(path):
    """``(width, height, fps, bitrate)`` of an input path."""
    if path.lower().endswith(AUDIO_EXTENSIONS):
        return 0, 0, "0", AUDIO_BITRATE
    digest = hashlib.sha256(path.encode("utf-8")).digest()
    fps = FRAME_RATES[digest[0] % len(FRAME_RATES)]
    for hint, width, height, bitrate in RESOLUTIONS:
        if hint in path:
            return width, height, fps, bitrate
    width, height, bitrate = DEFAULT_RESOLUTION
    return width, height, fps, bitrate


def track_rows(job, step, tick):
    """The track list of ``job`` at ``step``: one row per input path."""
    update = _dates(job, step, tick)[1]
    rows = []
    for seq, path in enumerate(job.spec["contents_path"], 1):
        digest = hashlib.sha256(path.encode("utf-8")).digest()
        duration = 30 + int.from_bytes(digest[1:4], "big") % 3570000 / 1000.0
        width, height, fps, bitrate = _media(path)
        rows.append({
            "job_id": job.job_id, "seq": seq, "input_path": path, "status": job.steps[step],
            "duration": "%.3f" % duration, "content_size": str(int(bitrate * duration / 8)), "width": str(width),
            "height": str(height), "fps": fps, "bitrate": str(bitrate), "update_date": update,
        })
    return rows


def callback_payload(job):
    """What the sandbox POSTs to the result callback URL once ``job`` is final."""
    error_code, error_message = job.error(len(job.steps) - 1)
    return {
        "job_id": job.job_id, "error_code": error_code or SUCCESS, "error_message": error_message,
        "input_contents_path": list(job.spec["contents_path"]), "output_path": job.spec["output_path"],
    }
