# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder's videos and jobs, and how their status moves with the tick.

Imported video (``/download`` or ``/files/upload``), one step per tick::

    submitting 0 -> queueing 0 -> downloading 25 -> 50 -> 75 -> downloaded 100
                                                              (or failed 100)

A source whose URL path (or uploaded file name) contains ``corrupt`` ends
``failed`` with "The downloaded file is not a supported video".  One whose
path (or file name) contains ``stall`` stops at ``downloading`` 50 for good:
it never ends, and is never notified.

Job: ``submitting`` (convert_progress empty) -> ``queuing`` 0 (at least one
tick, and until the source video has finished importing) -> ``processing`` 50
-> ``completed`` 100 with a ``convert_file``, or ``failed``: with the
``broken`` profile after processing ("Original video is corrupted", progress
stays 50), or at once when the source video failed (progress 0).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import os.path
import threading
from urllib.parse import unquote, urlsplit

from .ankoder_profiles import BROKEN_PROFILE_ERROR, BROKEN_PROFILE_ID

FIRST_VIDEO_ID = 1001
FIRST_JOB_ID = 5001
IMPORT_STEPS = (("submitting", 0), ("queueing", 0), ("downloading", 25), ("downloading", 50), ("downloading", 75))
UNSUPPORTED_VIDEO = "The downloaded file is not a supported video"
STALL_MARKER = "stall"
STALLED_AT = 3  # the import step it never leaves (downloading 50)
NEVER = float("inf")
DEFAULT_DURATION_MS = 30000
CONTENT_TYPES = {
    "mp4": "video/mp4", "m4v": "video/mp4", "mov": "video/quicktime", "flv": "video/x-flv",
    "wmv": "video/x-ms-wmv", "asf": "video/x-ms-asf", "avi": "video/x-msvideo", "mkv": "video/x-matroska",
    "matroska": "video/x-matroska", "webm": "video/webm", "ts": "video/mp2t", "mpegts": "video/mp2t",
    "mpg": "video/mpeg", "mpeg": "video/mpeg", "3gp": "video/3gpp", "3g2": "video/3gpp2",
    "ogg": "video/ogg", "ogv": "video/ogg",
}


def content_type_of(extension):
    """MIME type of a file extension or video format."""
    return CONTENT_TYPES.get(extension.lower(), "application/octet-stream")


class Specs:
    """What the service learns about a file once it has it."""

    def __init__(self, size, audio_codec="aac", video_codec="h264", fps="25", width=1280, height=720,
                 content_type="video/mp4", duration=DEFAULT_DURATION_MS):
        self.size = size
        self.audio_codec = audio_codec
        self.video_codec = video_codec
        self.fps = fps
        self.width = width
        self.height = height
        self.content_type = content_type
        self.duration = duration


class Video:
    """A source (imported) or converted video."""

    def __init__(self, video_id, filename, created, started, specs, broken=False, stalled=False):
        self.id = video_id
        self.filename = filename
        self.created = created        # shifted wall clock, epoch seconds
        self.started = started        # monotonic seconds
        self.specs = specs
        self.broken = broken
        self.stalled = stalled        # never leaves IMPORT_STEPS[STALLED_AT]
        self.source = None            # URL, or None for uploads
        self.form = {}                # fields as received
        self.sha256 = None            # uploads only
        self.converted_by = None      # Job, for converted videos

    def finished_at(self, tick):
        """Monotonic time at which the import ends (downloaded or failed); ``NEVER`` for a stalled one."""
        if self.converted_by is not None:
            return self.started
        if self.stalled:
            return NEVER
        return self.started + len(IMPORT_STEPS) * tick

    def state(self, now, tick):
        """``(status, progress, error)`` at monotonic time ``now``."""
        step = int((now - self.started) / tick) if now > self.started else 0
        if self.stalled:
            step = min(step, STALLED_AT)
        if step < len(IMPORT_STEPS) and self.converted_by is None:
            status, progress = IMPORT_STEPS[step]
            return status, progress, ""
        if self.broken:
            return "failed", 100, UNSUPPORTED_VIDEO
        return "downloaded", 100, ""


class Job:
    """A conversion of ``video`` with the effective ``profile`` (a dict of profile elements)."""

    def __init__(self, job_id, video, profile, created, started, form):
        self.id = job_id
        self.video = video
        self.profile = profile
        self.created = created
        self.started = started
        self.form = form
        self.output = None            # the converted Video, reserved at creation

    def state(self, now, tick):
        """``(status, convert_progress, error)`` at monotonic time ``now``."""
        if now < self.started + tick:
            return "submitting", "", ""
        processing = max(self.started + 2 * tick, self.video.finished_at(tick))
        if now < processing:
            return "queuing", 0, ""
        if self.video.broken:
            return "failed", 0, BROKEN_PROFILE_ERROR
        if now < processing + tick:
            return "processing", 50, ""
        if self.profile.get("id") == BROKEN_PROFILE_ID:
            return "failed", 50, BROKEN_PROFILE_ERROR
        return "completed", 100, ""

    def completed_at(self, tick):
        """Monotonic time the job completes (if it does)."""
        return max(self.started + 2 * tick, self.video.finished_at(tick)) + tick

    def finished_at(self, tick):
        """Monotonic time the job reaches ``completed`` or ``failed`` (at once when its source failed)."""
        processing = max(self.started + 2 * tick, self.video.finished_at(tick))
        return processing if self.video.broken else processing + tick


def _url_filename(url):
    path = unquote(urlsplit(url).path)
    return os.path.basename(path.rstrip("/")) or "video"


def _pseudo_size(seed):
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()
    return 1000000 + int(digest[:8], 16) % 50000000


class AnkoderStore:
    """Videos and jobs of one service, guarded by a lock."""

    def __init__(self, clock):
        self.clock = clock
        self._lock = threading.Lock()
        self._videos = {}
        self._jobs = {}
        self._next_video = FIRST_VIDEO_ID
        self._next_job = FIRST_JOB_ID

    def reset(self):
        """Forget everything. Ids go on from where they were, as at a real service: a stale
        ledger entry must find its id gone, not a new resource under the same id."""
        with self._lock:
            self._videos = {}
            self._jobs = {}

    def _new_video_id(self):
        video_id = self._next_video
        self._next_video += 1
        return video_id

    def add_download(self, url, form):
        """A video imported from ``url``."""
        filename = _url_filename(url)
        extension = os.path.splitext(filename)[1].lstrip(".")
        specs = Specs(_pseudo_size(url), content_type=content_type_of(extension or "mp4"))
        path = urlsplit(url).path
        with self._lock:
            video = Video(self._new_video_id(), filename, self.clock.now(), self.clock.steady(), specs,
                          "corrupt" in path, STALL_MARKER in path)
            video.source = url
            video.form = dict(form)
            self._videos[video.id] = video
        return video

    def add_upload(self, filename, data, form):
        """A video uploaded through ``/files/upload``."""
        filename = os.path.basename(filename.replace("\\", "/")) or "upload"
        extension = os.path.splitext(filename)[1].lstrip(".")
        specs = Specs(len(data), content_type=content_type_of(extension or "mp4"))
        with self._lock:
            video = Video(self._new_video_id(), filename, self.clock.now(), self.clock.steady(), specs,
                          "corrupt" in filename, STALL_MARKER in filename)
            video.form = dict(form)
            video.sha256 = hashlib.sha256(data).hexdigest()
            self._videos[video.id] = video
        return video

    def add_job(self, video, profile, form):
        """A job converting ``video``; its output video id is reserved now."""
        with self._lock:
            job = Job(self._next_job, video, profile, self.clock.now(), self.clock.steady(), dict(form))
            self._next_job += 1
            stem = os.path.splitext(video.filename)[0]
            fmt = profile.get("video_format") or "mp4"
            output_id = self._new_video_id()
            specs = Specs(_pseudo_size("%s-%s" % (video.id, job.id)), profile.get("audio_codec") or "aac",
                          profile.get("video_codec") or "h264", profile.get("video_fps") or "25",
                          profile.get("width") or video.specs.width, profile.get("height") or video.specs.height,
                          content_type_of(fmt), video.specs.duration)
            output = Video(output_id, "%d_%s_%d.%s" % (output_id, stem, job.id, fmt), job.created,
                           job.completed_at(self.clock.tick), specs)
            output.converted_by = job
            job.output = output
            self._videos[output_id] = output
            self._jobs[job.id] = job
        return job

    def video(self, video_id):
        """The video with that decimal id if it exists and is visible now, else None."""
        if not video_id.isdigit():
            return None
        with self._lock:
            video = self._videos.get(int(video_id))
        if video is not None and video.converted_by is not None:
            status = video.converted_by.state(self.clock.steady(), self.clock.tick)[0]
            if status != "completed":
                return None
        return video

    def job(self, job_id):
        """The job with that decimal id, or None."""
        if not job_id.isdigit():
            return None
        with self._lock:
            return self._jobs.get(int(job_id))
