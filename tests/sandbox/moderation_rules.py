# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iLiveData body rules (docs/docsite/rst/wire_moderation.rst, Endpoints): the JSON body, then each field, in the order of ``SUBMIT_FIELDS``.

Malformed JSON (not UTF-8, not an object, duplicate keys, NaN): 400/1003.
A missing required field is 401/2000, a bad value 401/2001, both naming the
field; unknown fields are 2001.  Numbers are JSON integers (``type``,
``frequency``), texts non-empty JSON strings (``dtype`` too: ``"1"``-``"7"``);
``null`` is a bad value.  Decisions where the seed is silent: ``userIP`` must
be an IPv4/IPv6 address; ``callbackSecretKey`` is required with ``callbackUrl``
(there is nothing to sign the callback with otherwise); a base64 ``video``
uses the standard alphabet with padding and no whitespace, and decodes to 1
byte up to 10 MiB - 1.

The page's limits (its "Supported Formats" and "Size limit"), decisions where
it is vague: the format is the extension of ``videoName`` when that has one,
else (type 1) of the URL path's last segment, case-insensitive; it must be one
of ``FORMATS`` (the page's list; its "etc." names no other) or 2001 naming that
field.  A type 2 ``videoName`` must have one (the page: it "can indicate the
video format"); a URL without one is taken (the service reads the content).
A URL video of 1 GiB or more ("<1G", read as binary like the contract's 10 MiB)
is 2001 naming ``video``, when its size is known (``size_of(url)``: the
sandbox's own ``/media`` videos; it never fetches another host's).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import ipaddress
import json
from urllib.parse import unquote, urlsplit

from .moderation_auth import MALFORMED, ModerationError, invalid, missing

URL_TYPE = 1
BASE64_TYPE = 2
MAX_BASE64_BYTES = 10 * 1024 * 1024
MAX_URL_VIDEO_BYTES = 1024 * 1024 * 1024
FORMATS = ("flv", "mkv", "mp4", "rmvb", "avi", "wmv", "3gp", "ts", "mov")
MAX_USER_ID = 32
DEFAULT_FREQUENCY = 5
DEFAULT_LANG = "zh-CN"
DEFAULT_REGION = "cn"
REGIONS = ("cn", "us", "eu")
DTYPES = ("1", "2", "3", "4", "5", "6", "7")
SUBMIT_FIELDS = ("type", "video", "videoName", "frequency", "lang", "userId", "userIP", "did", "dtype", "callbackRegion",
                 "callbackUrl", "callbackSecretKey")
RESULT_FIELDS = ("taskId",)


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError("duplicate key %r" % key)
        out[key] = value
    return out


def _no_constant(name):
    raise ValueError("%s is not JSON" % name)


def load_body(raw):
    """The JSON object of the body bytes ``raw``, or a 400/1003."""
    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise ModerationError(400, MALFORMED, "malformed JSON body (%s)" % error) from error
    if not isinstance(value, dict):
        raise ModerationError(400, MALFORMED, "the body must be a JSON object")
    return value


def _only(data, allowed):
    for key in sorted(data):
        if key not in allowed:
            raise invalid(key, "unknown field")


def _text(data, key, required=False, maximum=None):
    if key not in data:
        if required:
            raise missing(key)
        return None
    value = data[key]
    if not isinstance(value, str) or not value:
        raise invalid(key, "must be a non-empty string")
    if maximum is not None and len(value) > maximum:
        raise invalid(key, "at most %d characters" % maximum)
    return value


def _integer(data, key, choices, default=None, required=False):
    if key not in data:
        if required:
            raise missing(key)
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or value not in choices:
        raise invalid(key, "must be an integer %d-%d" % (choices[0], choices[-1]))
    return value


def _url(data, key, required=False):
    value = _text(data, key, required)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        parts.port  # pylint: disable=pointless-statement
    except ValueError as error:
        raise invalid(key, "not a valid URL") from error
    if parts.scheme not in ("http", "https") or not parts.hostname or any(char.isspace() for char in value):
        raise invalid(key, "must be an http(s) URL")
    return value


def _base64_video(value):
    try:
        decoded = base64.b64decode(value.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error) as error:
        raise invalid("video", "not valid base64") from error
    if not decoded or len(decoded) >= MAX_BASE64_BYTES:
        raise invalid("video", "a base64 video must decode to less than 10 MiB")
    return decoded


def _choice(data, key, choices, default=None):
    value = _text(data, key)
    if value is None:
        return default
    if value not in choices:
        raise invalid(key, "must be one of %s" % ", ".join(choices))
    return value


def _address(data, key):
    value = _text(data, key)
    if value is not None:
        try:
            ipaddress.ip_address(value)
        except ValueError as error:
            raise invalid(key, "must be an IPv4 or IPv6 address") from error
    return value


def extension(name):
    """The lower-cased extension of a file name (``Clip.MP4`` -> ``mp4``), None without one (``clip``, ``.mp4``)."""
    stem, dot, suffix = name.rpartition(".")
    return suffix.lower() if dot and stem and suffix else None


def _url_size(url, size_of):
    size = size_of(url) if size_of is not None else None
    if size is not None and size >= MAX_URL_VIDEO_BYTES:
        raise invalid("video", "the video must be smaller than 1 GiB (%d bytes), not %d bytes" % (MAX_URL_VIDEO_BYTES, size))


def _format(spec):
    """The video's format, by ``videoName`` or (type 1) the URL path, must be one of FORMATS when it can be told."""
    named = extension(spec["videoName"]) if spec["videoName"] is not None else None
    if named is None and spec["type"] == BASE64_TYPE:
        raise invalid("videoName", "must end with the video's format, one of %s" % ", ".join(FORMATS))
    field = "videoName"
    if named is None:
        field, named = "video", extension(unquote(urlsplit(spec["video"]).path).rpartition("/")[2])
    if named is not None and named not in FORMATS:
        raise invalid(field, "format %s is not supported: %s" % (named, ", ".join(FORMATS)))


def submit(data, size_of=None):
    """The normalized submit fields (defaults filled in; ``decoded``: the bytes of a base64 video).

    ``size_of(url)``: the size of a URL video in bytes when known, else None.
    """
    _only(data, SUBMIT_FIELDS)
    spec = {"type": _integer(data, "type", (URL_TYPE, BASE64_TYPE), required=True)}
    spec["video"] = _text(data, "video", required=True)
    spec["decoded"] = None
    if spec["type"] == URL_TYPE:
        _url(data, "video")
        _url_size(spec["video"], size_of)
    else:
        spec["decoded"] = _base64_video(spec["video"])
    spec["videoName"] = _text(data, "videoName", required=spec["type"] == BASE64_TYPE)
    _format(spec)
    spec["frequency"] = _integer(data, "frequency", tuple(range(1, 61)), DEFAULT_FREQUENCY)
    spec["lang"] = _text(data, "lang") or DEFAULT_LANG
    spec["userId"] = _text(data, "userId", maximum=MAX_USER_ID)
    spec["userIP"] = _address(data, "userIP")
    spec["did"] = _text(data, "did")
    spec["dtype"] = _choice(data, "dtype", DTYPES)
    spec["callbackRegion"] = _choice(data, "callbackRegion", REGIONS, DEFAULT_REGION)
    spec["callbackUrl"] = _url(data, "callbackUrl")
    spec["callbackSecretKey"] = _text(data, "callbackSecretKey", required=spec["callbackUrl"] is not None)
    return spec


def result(data):
    """The task id of a result request body."""
    _only(data, RESULT_FIELDS)
    return _text(data, "taskId", required=True)
