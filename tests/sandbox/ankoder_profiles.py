# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder's fixed profiles and recipes, in the vendor's shape (``None`` renders as an empty element).

* 2 ``psp``       the seed's example profile
* 5 ``web-720p``  1280x720 mp4 h264/aac 2500 kb/s
* 7 ``hls-1080p`` 1920x1080 mpegts h264/aac 5000 kb/s
* 9 ``broken``    mp4 h264/aac; every job with it fails ("Original video is corrupted")
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

PROFILE_FIELDS = (
    "id", "name", "created_at", "width", "height", "video_format", "video_fps", "video_bitrate",
    "video_codec", "audio_channel", "audio_codec", "audio_bitrate", "audio_rate", "thumbnail_width",
    "thumbnail_height", "trim_begin", "max_duration", "add_padding", "keep_aspect",
)

BROKEN_PROFILE_ID = 9
BROKEN_PROFILE_ERROR = "Original video is corrupted"


def _profile(values):
    return dict((field, values.get(field)) for field in PROFILE_FIELDS)


PROFILES = dict((profile["id"], profile) for profile in (
    _profile({
        "id": 2, "name": "psp", "created_at": "2007-12-27 06:33:39 UTC", "width": 480, "height": 272,
        "video_format": "mp4", "video_fps": "29.97", "video_bitrate": "768.0", "video_codec": "h264",
        "audio_channel": 2, "audio_codec": "aac", "audio_bitrate": "128.0", "audio_rate": 48000,
        "add_padding": False, "keep_aspect": False,
    }),
    _profile({
        "id": 5, "name": "web-720p", "created_at": "2008-03-04 09:12:44 UTC", "width": 1280, "height": 720,
        "video_format": "mp4", "video_fps": "25.0", "video_bitrate": "2500.0", "video_codec": "h264",
        "audio_channel": 2, "audio_codec": "aac", "audio_bitrate": "128.0", "audio_rate": 48000,
        "add_padding": False, "keep_aspect": True,
    }),
    _profile({
        "id": 7, "name": "hls-1080p", "created_at": "2008-03-04 09:13:02 UTC", "width": 1920, "height": 1080,
        "video_format": "mpegts", "video_fps": "29.97", "video_bitrate": "5000.0", "video_codec": "h264",
        "audio_channel": 2, "audio_codec": "aac", "audio_bitrate": "192.0", "audio_rate": 48000,
        "add_padding": True, "keep_aspect": True,
    }),
    _profile({
        "id": BROKEN_PROFILE_ID, "name": "broken", "created_at": "2008-05-20 17:40:11 UTC", "width": 640,
        "height": 360, "video_format": "mp4", "video_fps": "25.0", "video_bitrate": "1000.0",
        "video_codec": "h264", "audio_channel": 2, "audio_codec": "aac", "audio_bitrate": "96.0",
        "audio_rate": 44100, "add_padding": False, "keep_aspect": False,
    }),
))

# Recipes are opaque to the sandbox: only their ids are checked by /download.
RECIPES = {3: "web-and-hls"}

# Form field -> profile element it overrides (job/download conversion fields).
OVERRIDES = {
    "width": "width", "height": "height", "video_format": "video_format", "video_fps": "video_fps",
    "video_bitrate": "video_bitrate", "video_codec": "video_codec", "audio_channel": "audio_channel",
    "audio_codec": "audio_codec", "audio_bitrate": "audio_bitrate", "audio_sample_rate": "audio_rate",
    "thumbnail_width": "thumbnail_width", "thumbnail_height": "thumbnail_height",
    "trim_begin": "trim_begin", "duration": "max_duration", "add_padding": "add_padding",
    "keep_aspect": "keep_aspect",
}
_FLOATS = ("video_bitrate", "audio_bitrate")
_BOOLEANS = ("add_padding", "keep_aspect")


def lookup(text):
    """The profile whose id is the decimal string ``text``, or None."""
    if not text.isdigit():
        return None
    return PROFILES.get(int(text))


def effective_profile(profile, form):
    """The profile a job converts with: ``profile`` (or a blank one) with the form's overrides."""
    merged = dict(profile) if profile is not None else _profile({})
    for field, element in OVERRIDES.items():
        if field not in form:
            continue
        value = form[field]
        if element in _FLOATS:
            value = "%.1f" % int(value)
        elif element in _BOOLEANS:
            value = value == "1"
        merged[element] = value
    return merged
