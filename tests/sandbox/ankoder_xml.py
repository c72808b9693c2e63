# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder's XML documents, in the seed's shapes.

``created_at`` follows the seed: ``Tue May 13 10:31:30 +0000 2008`` on
``/download`` and ``/video``, ``2009-08-17 11:15:59 UTC`` inside jobs and
profiles.  Specs are empty (elements empty, attributes ``""``) until the file
is downloaded.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from .ankoder_profiles import PROFILE_FIELDS
from .xmlout import node

VIDEO_TIME = "%a %b %d %H:%M:%S +0000 %Y"
JOB_TIME = "%Y-%m-%d %H:%M:%S UTC"


def stamp(epoch, fmt):
    """UTC rendering of ``epoch`` (English day/month names whatever the locale)."""
    parts = time.gmtime(epoch)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    fmt = fmt.replace("%a", days[parts.tm_wday]).replace("%b", months[parts.tm_mon - 1])
    return time.strftime(fmt, parts)


def _spec_nodes(video, ready):
    specs = video.specs
    if not ready:
        return [node("size"), node("audio", attrs=[("codec", "")]), node("video", attrs=[("codec", ""), ("fps", "")]),
                node("spec", attrs=[("width", ""), ("height", ""), ("content_type", "")])]
    return [
        node("size", specs.size),
        node("audio", attrs=[("codec", specs.audio_codec)]),
        node("video", attrs=[("codec", specs.video_codec), ("fps", specs.fps)]),
        node("spec", attrs=[("width", specs.width), ("height", specs.height), ("content_type", specs.content_type)]),
    ]


def video_created(video):
    """``/download`` reply: id, progress 0, created_at."""
    return node("video", children=[node("id", video.id), node("progress", 0), node("created_at", stamp(video.created, VIDEO_TIME))])


# How ``GET /video/{id}`` answers (``POST /_sandbox/ankoder/account {"video_reply": ...}``):
#   contract     status, progress and error (the contract's reply; the default)
#   seed         only the seed's fields: no status, no error; a failed import stays at the progress it stopped at
#   seed_errors  as seed, and a failed import carries <errors><error>reason</error></errors>
VIDEO_REPLIES = ("contract", "seed", "seed_errors")
STOPPED_AT = 75  # the progress a failed import shows without a status (its last downloading step)


def video_full(video, state, reply="contract"):
    """``GET /video/{id}`` reply; ``state`` is ``(status, progress, error)``, ``reply`` one of VIDEO_REPLIES."""
    status, progress, error = state
    ready = status == "downloaded"
    failed = status == "failed"
    children = [node("id", video.id), node("filename", video.filename), node("readable", ready)]
    if reply == "contract":
        children.append(node("status", status))
    children += [
        node("progress", STOPPED_AT if failed and reply != "contract" else progress),
        node("specs", children=_spec_nodes(video, ready)),
        node("duration", video.specs.duration if ready else None),
        node("created_at", stamp(video.created, VIDEO_TIME)),
    ]
    if reply == "contract":
        children.append(node("error", error))
    elif reply == "seed_errors" and failed:
        children.append(node("errors", children=[node("error", error)]))
    return node("video", children=children)


def file_summary(tag, video, state):
    """``<original_file>``/``<convert_file>`` inside a job (the seed's flat shape)."""
    status, progress = state[0], state[1]
    ready = status == "downloaded"
    return node(tag, children=[node("id", video.id), node("filename", video.filename), node("readable", ready)]
                + _spec_nodes(video, ready)
                + [node("duration", video.specs.duration if ready else None), node("progress", progress),
                   node("created_at", stamp(video.created, JOB_TIME))])


def profile(values):
    """``<profile>`` of a profile dict (``None`` renders empty)."""
    return node("profile", children=[node(field, values.get(field)) for field in PROFILE_FIELDS])


def profiles(values_list):
    """``<profiles>`` listing."""
    return node("profiles", children=[profile(values) for values in values_list])


def job(record, state, source_state, output_state):
    """``<job>``; ``output_state`` is None until completed (no ``<convert_file>`` then)."""
    status, convert_progress, error = state
    children = [node("id", record.id), node("status", status), file_summary("original_file", record.video, source_state)]
    if output_state is not None:
        children.append(file_summary("convert_file", record.output, output_state))
    children += [
        profile(record.profile),
        node("convert_progress", convert_progress),
        node("error", error),
        node("created_at", stamp(record.created, JOB_TIME)),
    ]
    return node("job", children=children)


def session(login):
    """``POST /auth/login`` reply."""
    return node("session", children=[node("login", login)])


def sample_video():
    """A typical small document (what the ``malformed`` fault truncates when no work is done)."""
    return node("video", children=[node("id", 1001), node("filename", "sample.mp4"), node("status", "downloading"),
                                   node("progress", 50), node("error", "")])


def redirect(location):
    """Body of a 302 (every Ankoder body is XML)."""
    return node("redirect", location)
