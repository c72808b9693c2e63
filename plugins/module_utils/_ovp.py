# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: normalise a CDNetworks Cloud VoD (OVP) "video upload callback".

The platform POSTs ``{"code": ..., "data": {"videoListInfo": [...],
"videoTotal": N}, "message": ...}``; business errors come with HTTP 200 and a
``code`` other than 200, so the code is always checked (OvpError otherwise).

Each ``videoListInfo`` item becomes a dict with snake_case keys, in the order of
the vendor's field list; every documented key is present (None when the item
lacks it). Typing:

- the string ``"null"``, the empty string and JSON null become None;
- sizes, durations, widths, heights and totals become numbers (int where
  integral, float otherwise); a value that is not a number is kept as received;
- epoch-second times become ISO 8601 UTC text (``2017-08-01T09:14:34Z``) with
  the number kept beside them as ``<name>_epoch``; a time that is not an epoch
  is kept as received (its ``_epoch`` is None), one out of range has an ISO
  value of None;
- ``flashAutoPlay`` becomes a boolean (0/1, "0"/"1", "true"/"false");
- coded fields become ``{"code": <typed code>, "name": <name>}``; a code outside
  the vendor's table keeps its value and is named ``unknown``; nothing fails on
  an unknown code. ``transcodeState`` is read with the table of the item's
  ``encrypt`` value (with an unknown ``encrypt`` only the codes both tables
  share, 3 and 4, are named);
- every coded field named ``unknown`` is also listed in the video's
  ``unknown_codes``: ``{"field": <output path>, "code": <typed code>, "raw":
  <the value as received>}``, in field order (``[]`` when every code is known);
- a field the vendor does not document is kept under its snake_case name,
  typed generically (nulls, canonical integer and decimal strings, nested keys).

No Ansible imports beyond module_utils: the filter and the EDA event source
share this file.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import math
import re

from collections.abc import Mapping

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError
from ansible_collections.mediaops.video.plugins.module_utils._numbers import canonical_number, integral, number
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_text

SUCCESS_CODE = 200
UNKNOWN = 'unknown'

ENCRYPT = {0: 'unencrypted', 1: 'encrypted'}
TRANSCODE_STATE = {
    0: {1: 'transcoded', 2: 'not_transcoded', 3: 'transcoding', 4: 'failed'},
    1: {1: 'encrypted_transcoded', 2: 'unencrypted_transcoded', 3: 'transcoding', 4: 'failed', 5: 'not_transcoded'},
}
# the codes that mean the same whatever ``encrypt`` says
TRANSCODE_STATE_COMMON = {3: 'transcoding', 4: 'failed'}
VIDEO_STATE = {0: 'unavailable', 1: 'available'}
VIDEO_SOURCE = {
    0: 'other',
    1: 'upload',
    2: 'live_recording',
    3: 'video_fetch',
    4: 'video_trimming',
    5: 'video_splicing',
    6: 'cdn_edge_live_recording',
    10: 'common_live_recording',
    11: 'upload_sdk',
    12: 'upload_tool',
}
FLASH_IMAGE_RATIO = {0: '16:9', 1: '4:3'}
CLARITY = {1: 'original', 2: 'fd', 3: 'ld', 4: 'sd', 5: 'hd', -99: 'live_recording'}
SERVER_TYPE = {0: 'pc', 1: 'raw', 2: 'mobile'}

_ACRONYM = re.compile(r'([A-Z]+)([A-Z][a-z])')
_CAMEL = re.compile(r'([a-z0-9])([A-Z])')
_SEPARATORS = re.compile(r'[\s.\-]+')


class OvpError(MediaopsError):
    """A callback payload that is malformed or reports an error ``code``.

    ``code`` is the payload's code (typed), ``vendor_message`` its ``message``.
    """

    def __init__(self, message, code=None, vendor_message=None):
        super(OvpError, self).__init__(message, code=code, vendor_message=vendor_message)
        self.code = code
        self.vendor_message = vendor_message


def snake_case(name):
    """``videoListInfo`` -> ``video_list_info``, ``imageURL`` -> ``image_url``; a name that would vanish is kept."""
    text = name if isinstance(name, str) else str(name)
    snake = _SEPARATORS.sub('_', _CAMEL.sub(r'\1_\2', _ACRONYM.sub(r'\1_\2', text))).strip('_').lower()
    return snake or text


def is_null(value):
    """JSON null, the empty string and the string ``"null"`` all mean "no value"."""
    return value is None or (isinstance(value, str) and value in ('', 'null'))


def to_number(value):
    """An int where integral, a float otherwise (the rules of _numbers), None for a null; a value that is no
    number (a bool included) is kept as received."""
    if is_null(value):
        return None
    return number(value, value)


def to_text(value):
    """A string field: None for a null, numbers as their text, anything else as received."""
    if is_null(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def to_flag(value):
    """A 0/1 field as a boolean; a value that is not one is kept as received."""
    if is_null(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ('true', 'false'):
        return value.strip().lower() == 'true'
    bit = to_number(value)
    if isinstance(bit, int) and bit in (0, 1):
        return bit == 1
    return value


def to_time(value):
    """``(iso, epoch)`` of an epoch-second time: ISO 8601 UTC text and the typed number.

    A value that is not a number is kept as the first item with no epoch; a
    number out of the calendar's range gives no ISO text.
    """
    epoch = to_number(value)
    if epoch is None:
        return None, None
    if isinstance(epoch, bool) or not isinstance(epoch, (int, float)) or not math.isfinite(epoch):
        return value, None
    try:
        return utc_text(epoch, microseconds=isinstance(epoch, float)), epoch
    except (OverflowError, ValueError):
        return None, epoch


def named(value, table):
    """``{"code": <typed code>, "name": <name from table or "unknown">}``; None for a null."""
    if is_null(value):
        return None
    code = to_number(value)
    if isinstance(code, bool):
        code = int(code)
    name = table.get(code, UNKNOWN) if isinstance(code, int) else UNKNOWN
    return {'code': code, 'name': name}


def transcode_table(encrypt):
    """The ``transcodeState`` table that applies under a normalised ``encrypt`` value."""
    code = encrypt['code'] if encrypt else None
    if isinstance(code, int) and code in TRANSCODE_STATE:
        return TRANSCODE_STATE[code]
    return TRANSCODE_STATE_COMMON


def to_generic(value):
    """A value of a field the vendor does not document: nulls to None, canonical numeric strings to numbers,
    integral floats to ints, mapping keys to snake_case, recursively."""
    if is_null(value):
        return None
    if isinstance(value, Mapping):
        return _with_extras({}, value, ())
    if isinstance(value, (list, tuple)):
        return [to_generic(item) for item in value]
    if isinstance(value, str):
        return canonical_number(value, value)
    if isinstance(value, bool):
        return value
    return integral(value)


def _with_extras(out, item, known):
    """Add every key of item not in known to out under its snake_case name; on a clash under its own name,
    then under the snake_case name suffixed ``_2``, ``_3``... so that nothing is lost."""
    for key, value in item.items():
        if key in known:
            continue
        snake, raw = snake_case(key), key if isinstance(key, str) else str(key)
        name, suffix = snake, 1
        if name in out:
            name = raw
        while name in out:
            suffix += 1
            name = '%s_%d' % (snake, suffix)
        out[name] = to_generic(value)
    return out


def normalise_resolution(item):
    """One ``videoResolutions`` entry: clarity, server type, width, height and file size."""
    out = {
        'clarity': named(item.get('clarity'), CLARITY),
        'server_type': named(item.get('serverType'), SERVER_TYPE),
        'width': to_number(item.get('width')),
        'height': to_number(item.get('height')),
        'file_size': to_number(item.get('fileSize')),
    }
    return _with_extras(out, item, ('clarity', 'serverType', 'width', 'height', 'fileSize'))


def _coded(table):
    return lambda value, _video: named(value, table)


def _transcode_state(value, video):
    return named(value, transcode_table(video['encrypt']))


def _text(value, _video):
    return to_text(value)


def _number(value, _video):
    return to_number(value)


def _flag(value, _video):
    return to_flag(value)


def _resolutions(value, _video):
    if is_null(value):
        return None
    if not isinstance(value, (list, tuple)):
        return to_generic(value)
    return [normalise_resolution(item) if isinstance(item, Mapping) else to_generic(item) for item in value]


# the vendor's fields in its order: (wire name, output key, conversion); None converts a time to <key> and <key>_epoch
VIDEO_FIELDS = (
    ('videoName', 'video_name', _text),
    ('videoId', 'video_id', _text),
    ('createUser', 'create_user', _text),
    ('encrypt', 'encrypt', _coded(ENCRYPT)),
    ('videoSize', 'video_size', _number),
    ('videoDuration', 'video_duration', _number),
    ('createTime', 'create_time', None),
    ('uploadTime', 'upload_time', None),
    ('updateTime', 'update_time', None),
    ('videoDescription', 'video_description', _text),
    ('videoClassification', 'video_classification', _text),
    ('imageUrl', 'image_url', _text),
    ('publishDomain', 'publish_domain', _text),
    ('flashPlayerName', 'flash_player_name', _text),
    ('flashPlayerId', 'flash_player_id', _text),
    ('flashImageRatio', 'flash_image_ratio', _coded(FLASH_IMAGE_RATIO)),
    ('flashAutoPlay', 'flash_auto_play', _flag),
    ('videoState', 'video_state', _coded(VIDEO_STATE)),
    ('transcodeState', 'transcode_state', _transcode_state),
    ('videoSourceCode', 'video_source', _coded(VIDEO_SOURCE)),
    ('videoResolutions', 'video_resolutions', _resolutions),
)
_KNOWN = frozenset(field[0] for field in VIDEO_FIELDS)


# the coded fields (wire name, output key) of a video and of each of its resolutions, for ``unknown_codes``
_VIDEO_CODES = (('encrypt', 'encrypt'), ('flashImageRatio', 'flash_image_ratio'), ('videoState', 'video_state'),
                ('transcodeState', 'transcode_state'), ('videoSourceCode', 'video_source'))
_RESOLUTION_CODES = (('clarity', 'clarity'), ('serverType', 'server_type'))


def _unknown(found, path, coded, raw):
    if isinstance(coded, Mapping) and coded.get('name') == UNKNOWN:
        found.append({'field': path, 'code': coded.get('code'), 'raw': raw})


def unknown_codes(item, video):
    """The coded fields of a normalised video (and of its resolutions) named ``unknown``: ``[{"field", "code",
    "raw"}]``, ``field`` the output path (``video_resolutions[0].server_type``), ``raw`` the value as received."""
    found = []
    for wire, key in _VIDEO_CODES:
        _unknown(found, key, video.get(key), item.get(wire))
    resolutions, raw_resolutions = video.get('video_resolutions'), item.get('videoResolutions')
    if isinstance(resolutions, list) and isinstance(raw_resolutions, (list, tuple)):
        for index, (resolution, raw) in enumerate(zip(resolutions, raw_resolutions)):
            if isinstance(raw, Mapping):
                for wire, key in _RESOLUTION_CODES:
                    _unknown(found, 'video_resolutions[%d].%s' % (index, key), resolution.get(key), raw.get(wire))
    return found


def normalise_video(item):
    """One ``videoListInfo`` item (a mapping) as a dict of typed, snake_case fields."""
    if not isinstance(item, Mapping):
        raise OvpError('an OVP video must be a JSON object, not %s' % type(item).__name__)
    out = {}
    for wire, key, convert in VIDEO_FIELDS:
        if convert is None:
            out[key], out[key + '_epoch'] = to_time(item.get(wire))
        else:
            out[key] = convert(item.get(wire), out)
    out['unknown_codes'] = unknown_codes(item, out)
    return _with_extras(out, item, _KNOWN)


def load_payload(payload):
    """The payload as a mapping: a mapping as is, JSON text (str or bytes) parsed."""
    if isinstance(payload, (bytes, bytearray)):
        try:
            payload = json.loads(bytes(payload))
        except RecursionError:
            raise OvpError('the OVP callback payload is nested too deeply')
        except ValueError as exc:
            raise OvpError('the OVP callback payload is not JSON: %s' % exc)
    elif isinstance(payload, str):
        try:
            payload = json.loads(payload.lstrip('\ufeff'))
        except RecursionError:
            raise OvpError('the OVP callback payload is nested too deeply')
        except ValueError as exc:
            raise OvpError('the OVP callback payload is not JSON: %s' % exc)
    if not isinstance(payload, Mapping):
        raise OvpError('an OVP callback payload must be a JSON object, not %s' % type(payload).__name__)
    return payload


def check_code(payload):
    """Raise OvpError unless the (loaded) payload's ``code`` is 200, as a number or a string."""
    if 'code' not in payload:
        raise OvpError('the OVP callback payload has no code', vendor_message=to_text(payload.get('message')))
    code = to_number(payload.get('code'))
    if isinstance(code, bool) or code != SUCCESS_CODE:
        message = to_text(payload.get('message'))
        raise OvpError('the OVP callback reports code %s: %s' % (code, message if message is not None else '(no message)'),
                       code=code, vendor_message=message)


def summary(payload):
    """``{"videos": [...], "video_total": N, "message": ...}`` of a callback payload (mapping or JSON text)."""
    payload = load_payload(payload)
    check_code(payload)
    data = payload.get('data')
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise OvpError('the OVP callback data must be a JSON object, not %s' % type(data).__name__)
    items = data.get('videoListInfo')
    if items is None:
        items = []
    if not isinstance(items, (list, tuple)):
        raise OvpError('the OVP callback videoListInfo must be a list, not %s' % type(items).__name__)
    videos = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise OvpError('the OVP callback videoListInfo[%d] is not a JSON object but %s' % (index, type(item).__name__))
        try:
            videos.append(normalise_video(item))
        except RecursionError:
            # a field the vendor does not document, nested (or, in a mapping given as is, cyclic) too deeply
            raise OvpError('the OVP callback videoListInfo[%d] is nested too deeply' % index)
    return {'videos': videos, 'video_total': to_number(data.get('videoTotal')), 'message': to_text(payload.get('message'))}


def normalise_payload(payload):
    """The callback's videos, each normalised by normalise_video (OvpError on a code other than 200)."""
    return summary(payload)['videos']
