# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder form validation shared by ``POST /download`` and ``POST /job`` (the rules of docs/docsite/rst/wire_ankoder.rst, Endpoints).

Each check returns a list of Rails-style messages (``"Video codec is not
included in the list"``), one per broken rule; the caller answers 422 with one
``<error>`` per message.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

VIDEO_FORMATS = (
    "3g2", "3gp", "asf", "avi", "dvd", "flv", "mjpeg", "mov", "mp3", "mp4", "mpeg", "mpeg2video",
    "mpegts", "ogg", "psp", "rm", "svcd", "vcd", "vob", "matroska", "wmv",
)
VIDEO_CODECS = ("flv", "h263", "h264", "huffyuv", "mjpeg", "mp4", "wmv1", "wmv2", "xvid", "mpeg4", "theora", "msmpeg4v2")
AUDIO_CODECS = ("aac", "ac3", "amr", "flac", "mp3", "vorbis", "wmav2", "mpeg4aac", "mp2")
MANDATORY_WITHOUT_PROFILE = ("video_format", "video_codec", "audio_codec")
DESTINATION_FIELDS = ("upload_url", "thumbnail_upload_url", "postback_url")

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_INTEGER = re.compile(r"^-?[0-9]+$")
_HTTP_URL = re.compile(r"^https?://[^/\s?#]+(/\S*)?$")
_S3_URL = re.compile(r"^s3://[^/\s]+/\S+$")
_FTP_URL = re.compile(r"^ftp://[^:@/\s]+:[^@/\s]*@[^/\s]+/\S+$")
_UPLOAD_URL = re.compile(r"^(s3|ftp|sftp)://\S+$")


def humanize(field):
    """``video_codec`` -> ``Video codec`` (Rails' attribute naming)."""
    return field.replace("_", " ").capitalize()


def _inclusion(allowed):
    def check(value):
        return None if value in allowed else "is not included in the list"
    return check


def _integer(test, message):
    def check(value):
        if not _NUMBER.match(value):
            return "is not a number"
        if not _INTEGER.match(value):
            return "must be an integer"
        return None if test(int(value)) else message
    return check


def _any(_value):
    return None


def _non_zero(value):
    return _integer(lambda n: n != 0, "must be other than 0")(value)


def _non_negative(value):
    return _integer(lambda n: n >= 0, "must be greater than or equal to 0")(value)


def _over_hundredth(value):
    if not _NUMBER.match(value):
        return "is not a number"
    return None if float(value) > 0.01 else "must be greater than 0.01"


def _binary(value):
    return _inclusion(("0", "1"))(value)


# The conversion fields, in the order their errors are reported.
CONVERSION_RULES = (
    ("video_format", _inclusion(VIDEO_FORMATS)),
    ("video_codec", _inclusion(VIDEO_CODECS)),
    ("audio_codec", _inclusion(AUDIO_CODECS)),
    ("width", _non_zero),
    ("height", _non_zero),
    ("video_bitrate", _integer(lambda n: n < 10000, "must be less than 10000")),
    ("video_fps", _non_zero),
    ("audio_bitrate", _non_zero),
    ("audio_sample_rate", _non_zero),
    ("audio_channel", _inclusion(("1", "2"))),
    ("keep_aspect", _binary),
    ("add_padding", _binary),
    ("suffix", _any),
    ("trim_begin", _non_negative),
    ("duration", _integer(lambda n: n > 0, "must be greater than 0")),
    ("bitrate_tolerance", _any),
    ("thumbnail_width", _non_negative),
    ("thumbnail_height", _non_negative),
    ("thumb_moments", _over_hundredth),
    ("thumb_amount", _non_negative),
    ("thumb_start", _over_hundredth),
    ("thumb_end", _over_hundredth),
    ("thumb_way", _inclusion(("even", "rand"))),
    ("watermark_url", _any),
    ("watermark_transparent", _binary),
    ("watermark_size", _integer(lambda n: 0 <= n <= 99, "must be between 0 and 99")),
    ("watermark_top", _non_negative),
    ("watermark_left", _non_negative),
    ("segment_duration", _integer(lambda n: n >= 5, "must be greater than or equal to 5")),
)
CONVERSION_FIELDS = tuple(field for field, _check in CONVERSION_RULES)


def is_source_url(value):
    """``http(s)://host/...``, ``s3://bucket/key`` or ``ftp://user:pass@host/path`` (case-sensitive)."""
    return bool(_HTTP_URL.match(value) or _S3_URL.match(value) or _FTP_URL.match(value))


def is_http_url(value):
    """``http://`` or ``https://`` with a host."""
    return bool(_HTTP_URL.match(value))


def check_fields(pairs, allowed):
    """``(form dict, errors)``: unknown, repeated and file (value None) fields are errors (strict)."""
    form = {}
    errors = []
    for name, value in pairs:
        if name not in allowed:
            errors.append("Unknown parameter %s" % name)
        elif value is None:
            errors.append("%s must be a text field, not a file" % humanize(name))
        elif name in form:
            errors.append("%s is given more than once" % humanize(name))
        else:
            form[name] = value
    return form, errors


def check_conversion(form, mandatory):
    """Errors of the conversion fields; with ``mandatory`` the three format fields must be set."""
    errors = []
    for field, check in CONVERSION_RULES:
        value = form.get(field)
        if mandatory and field in MANDATORY_WITHOUT_PROFILE and not value:
            errors.append("%s can't be blank" % humanize(field))
            continue
        if value is None:
            continue
        message = check(value)
        if message:
            errors.append("%s %s" % (humanize(field), message))
    return errors


def check_destinations(form):
    """``upload_url``/``thumbnail_upload_url`` are s3/ftp/sftp URLs; ``postback_url`` is http(s)."""
    errors = []
    for field in ("upload_url", "thumbnail_upload_url"):
        if field in form and not _UPLOAD_URL.match(form[field]):
            errors.append("%s is invalid" % humanize(field))
    if "postback_url" in form and not is_http_url(form["postback_url"]):
        errors.append("Postback url is invalid")
    return errors
