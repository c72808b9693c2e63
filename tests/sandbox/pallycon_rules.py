# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon API data rules (docs/docsite/rst/wire_pallycon.rst, Endpoints): each check returns normalized values or raises ``A1000``.

The ``A1000`` message names the field (``invalid parameter storage.input.storage_id:
unknown storage``).  Unknown keys are refused everywhere.  Texts are non-empty
strings; "Number" fields (``page_unit``, ``page_index``, ``job_id``) take a JSON
integer or a string of digits (the seed quotes them); booleans are JSON booleans.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from .pallycon_envelope import invalid, parse_timestamp

STORAGE_TYPE = "S3"
REGION = re.compile(r"^[A-Za-z0-9-]{2,32}$")
BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
TIME_ZONE = re.compile(r"^([+-]?)(\d{2}):(\d{2})$")
ZONE_WEST_MINUTES = 12 * 60
ZONE_EAST_MINUTES = 14 * 60
MAX_CONTENT_ID_BYTES = 200
DEFAULT_PAGE_UNIT = 25
MAX_PAGE_UNIT = 1000
MIN_BUFFER_TIME = 2
STREAMING_FORMATS = ("dash", "hls")
PROTECTIONS = ("drm", "watermark")
PROTECTION_KEYS = ("protect_type", "protection_type")
DRM_FLAGS = ("multi_key", "skip_audio_encryption", "generate_tracktype_manifests")
DRM_HEIGHTS = ("max_sd_height", "max_hd_height", "max_uhd1_height", "clear_lead")

STATUS_GROUPS = {
    "ready": frozenset(("WM000",)),
    "success": frozenset(("WM030",)),
    "failed": frozenset(("WM999",)),
    "complete": frozenset(("WM030", "WM999")),
    "working": frozenset(("WM010", "WM020", "WM021100", "WM021200", "WM022100", "WM022200",
                          "WM023100", "WM023200", "WM024100", "WM024200")),
    "stop": frozenset(("WM100", "WM200")),
}
STORAGE_KEYWORDS = ("storageId", "storageName")
JOB_KEYWORDS = ("cid", "jobId", "jobName")
LIST_COMMON = ("search_keyword", "search_keyword_type", "from", "to", "page_unit", "page_index", "time_zone")
STORAGE_REGISTER = ("storage_name", "type", "id", "password", "aws_bucket", "region", "description")
STORAGE_LIST = LIST_COMMON + ("storage_type", "region")
JOB_REGISTER = ("job_name", "storage", "content_id", "streaming_format", "subtitles", "dash_option", "drm_option") + PROTECTION_KEYS
JOB_LIST = LIST_COMMON + ("search_type", "search_status", "search_condition", "region")


def _join(where, key):
    return "%s.%s" % (where, key) if where else key


def only(data, allowed, where=""):
    """Refuse keys of ``data`` outside ``allowed``."""
    for key in sorted(data):
        if key not in allowed:
            raise invalid(_join(where, key), "unknown field")


def text(data, key, where="", required=True):
    """A non-empty string (None if absent and not ``required``)."""
    field = _join(where, key)
    if key not in data:
        if required:
            raise invalid(field, "required")
        return None
    value = data[key]
    if not isinstance(value, str) or not value:
        raise invalid(field, "must be a non-empty string")
    return value


def optional_string(data, key, where=""):
    """A string, possibly empty (None if absent)."""
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise invalid(_join(where, key), "must be a string")
    return value


def obj(data, key, where="", required=True):
    """A JSON object (None if absent and not ``required``)."""
    field = _join(where, key)
    if key not in data:
        if required:
            raise invalid(field, "required")
        return None
    if not isinstance(data[key], dict):
        raise invalid(field, "must be an object")
    return data[key]


def number(data, key, default=None, minimum=0, maximum=None):
    """A non-negative integer given as a JSON integer or a string of digits."""
    if key not in data:
        if default is None:
            raise invalid(key, "required")
        return default
    value = data[key]
    if isinstance(value, str) and value.isdigit() and value.isascii():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(key, "must be a number")
    if value < minimum or (maximum is not None and value > maximum):
        limits = "at least %d" % minimum if maximum is None else "between %d and %d" % (minimum, maximum)
        raise invalid(key, "must be %s" % limits)
    return value


def choice(data, key, allowed, required=False):
    """One of ``allowed`` (None if absent and not ``required``)."""
    value = text(data, key, required=required)
    if value is not None and value not in allowed:
        raise invalid(key, "must be one of %s" % ", ".join(allowed))
    return value


def subset(data, key, allowed):
    """A non-empty list of distinct values from ``allowed``."""
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise invalid(key, "must be a non-empty list of %s" % ", ".join(allowed))
    if any(item not in allowed for item in value) or len(set(value)) != len(value):
        raise invalid(key, "must hold distinct values from %s" % ", ".join(allowed))
    return tuple(value)


def region(data, key="region"):
    """A region code (``RG011``, ``us-east-1``)."""
    value = text(data, key)
    if not REGION.match(value):
        raise invalid(key, "must match %s" % REGION.pattern)
    return value


def paging(data):
    """``(page_unit, page_index)``: default 25 and 1, page_unit at most 1000."""
    return (number(data, "page_unit", DEFAULT_PAGE_UNIT, 1, MAX_PAGE_UNIT),
            number(data, "page_index", 1, 1))


def _date(data, key, offset):
    if key not in data:
        return None
    when = parse_timestamp(data[key])
    if when is None:
        raise invalid(key, "must be YYYY-MM-DDThh:mm:ssZ")
    return when - offset


def date_bounds(data, offset=0):
    """``(from, to)`` epoch seconds (inclusive; None where absent), read as wall-clock times ``offset`` seconds
    east of UTC."""
    return _date(data, "from", offset), _date(data, "to", offset)


def time_zone(data):
    """``(offset seconds east of UTC, "+hh:mm")`` of ``time_zone`` (the seed's ``hh:mm``, a sign allowed,
    -12:00 to +14:00); UTC when absent."""
    if "time_zone" not in data:
        return 0, "+00:00"
    match = TIME_ZONE.match(data["time_zone"]) if isinstance(data["time_zone"], str) else None
    minutes = int(match.group(2)) * 60 + int(match.group(3)) if match and int(match.group(3)) < 60 else None
    if minutes is None or minutes > (ZONE_WEST_MINUTES if match.group(1) == "-" else ZONE_EAST_MINUTES):
        raise invalid("time_zone", "must be hh:mm, +hh:mm or -hh:mm between -12:00 and +14:00")
    sign = "-" if match.group(1) == "-" and minutes else "+"
    return (-60 if sign == "-" else 60) * minutes, "%s%02d:%02d" % (sign, minutes // 60, minutes % 60)


def keyword(data, kinds):
    """``(search_keyword_type, search_keyword)`` or None; both or neither."""
    kind = choice(data, "search_keyword_type", kinds)
    word = optional_string(data, "search_keyword")
    if kind is None and word is not None:
        raise invalid("search_keyword_type", "required with search_keyword")
    if kind is not None and word is None:
        raise invalid("search_keyword", "required with search_keyword_type")
    return None if kind is None else (kind, word)


def _list_common(data, allowed, kinds):
    only(data, allowed)
    offset, zone = time_zone(data)
    unit, index = paging(data)
    low, high = date_bounds(data, offset)
    return {"keyword": keyword(data, kinds), "from": low, "to": high, "page_unit": unit, "page_index": index,
            "offset": offset, "time_zone": zone}


# -- storage ---------------------------------------------------------------------------------


def storage_register(data):
    """The fields of a new storage."""
    only(data, STORAGE_REGISTER)
    spec = {"storage_name": text(data, "storage_name"), "type": choice(data, "type", (STORAGE_TYPE,), True),
            "id": text(data, "id"), "password": text(data, "password"), "aws_bucket": text(data, "aws_bucket"),
            "region": region(data), "description": optional_string(data, "description") or ""}
    if not BUCKET.match(spec["aws_bucket"]):
        raise invalid("aws_bucket", "not a valid S3 bucket name")
    return spec


def storage_update(data):
    """``(storage_id, changes)``: only ``storage_name`` and ``description`` may change."""
    only(data, ("storage_id", "storage_name", "description"))
    storage_id = text(data, "storage_id")
    changes = {}
    if "storage_name" in data:
        changes["storage_name"] = text(data, "storage_name")
    if "description" in data:
        if not isinstance(data["description"], str):
            raise invalid("description", "must be a string")
        changes["description"] = data["description"]
    return storage_id, changes


def storage_query(data):
    """Filters and paging of the storage list."""
    query = _list_common(data, STORAGE_LIST, STORAGE_KEYWORDS)
    query["type"] = choice(data, "storage_type", (STORAGE_TYPE,), True)
    query["region"] = region(data)
    return query


# -- packaging jobs --------------------------------------------------------------------------


def _input(storage, storage_exists):
    where = "storage.input"
    section = obj(storage, "input", "storage")
    only(section, ("storage_id", "contents_path"), where)
    storage_id = text(section, "storage_id", where)
    if not storage_exists(storage_id):
        raise invalid(where + ".storage_id", "unknown storage %s" % storage_id)
    paths = section.get("contents_path")
    if not isinstance(paths, list) or not paths or not all(isinstance(path, str) and path for path in paths):
        raise invalid(where + ".contents_path", "must be a non-empty list of non-empty strings")
    return storage_id, tuple(paths)


def _output(storage, storage_exists):
    where = "storage.output"
    section = obj(storage, "output", "storage")
    only(section, ("storage_id", "path"), where)
    storage_id = text(section, "storage_id", where)
    if not storage_exists(storage_id):
        raise invalid(where + ".storage_id", "unknown storage %s" % storage_id)
    path = section.get("path")
    if isinstance(path, list) and len(path) == 1:
        path = path[0]
    if not isinstance(path, str) or not path:
        raise invalid(where + ".path", "must be a non-empty string (or a list of one)")
    return storage_id, path


def _protection(data):
    given = [key for key in PROTECTION_KEYS if key in data]
    if len(given) > 1:
        raise invalid("protect_type", "give protect_type or protection_type, not both")
    key = given[0] if given else PROTECTION_KEYS[0]
    value = subset(data, key, PROTECTIONS)
    if "watermark" not in value:
        raise invalid(key, "must contain watermark")
    return value


def _subtitles(data):
    value = data.get("subtitles", [])
    if not isinstance(value, list):
        raise invalid("subtitles", "must be a list")
    out = []
    for position, item in enumerate(value):
        where = "subtitles[%d]" % position
        if not isinstance(item, dict):
            raise invalid(where, "must be an object")
        only(item, ("path", "language"), where)
        out.append({"path": text(item, "path", where), "language": optional_string(item, "language", where) or ""})
    return out


def _dash_option(data):
    section = obj(data, "dash_option", required=False)
    if section is None:
        return None
    only(section, ("min_buffer_time", "enable_average_bandwidth_mpd"), "dash_option")
    if "min_buffer_time" in section:
        value = section["min_buffer_time"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < MIN_BUFFER_TIME:
            raise invalid("dash_option.min_buffer_time", "must be a number >= %d" % MIN_BUFFER_TIME)
    if "enable_average_bandwidth_mpd" in section and not isinstance(section["enable_average_bandwidth_mpd"], bool):
        raise invalid("dash_option.enable_average_bandwidth_mpd", "must be true or false")
    return dict(section)


def _drm_option(data):
    section = obj(data, "drm_option", required=False)
    if section is None:
        return None
    only(section, DRM_FLAGS + DRM_HEIGHTS, "drm_option")
    for key in DRM_FLAGS:
        if key in section and not isinstance(section[key], bool):
            raise invalid("drm_option." + key, "must be true or false")
    for key in DRM_HEIGHTS:
        value = section.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise invalid("drm_option." + key, "must be a non-negative integer")
    return dict(section)


def job_register(data, storage_exists):
    """The normalized fields of a new packaging job; ``storage_exists(storage_id)`` tells known storages."""
    only(data, JOB_REGISTER)
    name = text(data, "job_name")
    storage = obj(data, "storage")
    only(storage, ("input", "output"), "storage")
    input_id, paths = _input(storage, storage_exists)
    output_id, output_path = _output(storage, storage_exists)
    content_id = text(data, "content_id")
    if len(content_id.encode("utf-8")) > MAX_CONTENT_ID_BYTES:
        raise invalid("content_id", "longer than %d bytes (UTF-8)" % MAX_CONTENT_ID_BYTES)
    return {
        "job_name": name, "input_storage": input_id, "contents_path": paths, "output_storage": output_id,
        "output_path": output_path, "content_id": content_id, "streaming_format": subset(data, "streaming_format", STREAMING_FORMATS),
        "protect_type": _protection(data), "subtitles": _subtitles(data), "dash_option": _dash_option(data),
        "drm_option": _drm_option(data),
    }


def job_query(data):
    """Filters and paging of the job list (``region``, the seed's copy-paste, is accepted and ignored)."""
    query = _list_common(data, JOB_LIST, JOB_KEYWORDS)
    if "region" in data:
        region(data)
    status = choice(data, "search_status", tuple(sorted(STATUS_GROUPS)))
    query["statuses"] = STATUS_GROUPS[status] if status else None
    query["drm_only"] = choice(data, "search_type", PROTECTIONS) == "drm"
    query["format"] = choice(data, "search_condition", STREAMING_FORMATS)
    return query


def tracks_query(data):
    """The job id of a track list."""
    only(data, ("job_id",))
    return number(data, "job_id")
