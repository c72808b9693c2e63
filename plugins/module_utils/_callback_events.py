# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the events of verified vendor callbacks, as the event source puts them on its queue.

Every event is ``{service, kind, id, status, payload, received_at}``: ``payload``
is the service's own JSON, ``id`` its job, video or task id as text, and
``status`` named as the modules name it (PallyCon through ``_pallycon_callback``,
moderation verdicts through ``typed_result``, OVP videos through the
``ovp_videos`` normaliser).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils import _ovp
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_callback
from ansible_collections.mediaops.video.plugins.module_utils._moderation import typed_result
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_text

# Ankoder's notification type -> (the status on success, the key paths of the id, first present wins)
ANKODER_KINDS = {
    'Download': ('downloaded', (('video_id',),)),
    'NewVideo': ('downloaded', (('video_id',),)),
    'Convert': ('completed', (('Job',), ('job',), ('job_id',))),
    'Upload': ('completed', (('job', 'id'), ('Job',), ('job_id',))),
}
ANKODER_ID_FALLBACK = (('Job',), ('job', 'id'), ('job_id',), ('convert_video_id',), ('video_id',))


def utc_now_iso(now=None):
    """ISO 8601 UTC text of ``now`` (epoch seconds, default the current time)."""
    return utc_text(now, microseconds=True)


def _text_id(value):
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _dig(payload, path):
    value = payload
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _event(service, kind, ident, status, payload, received_at):
    return {'service': service, 'kind': kind, 'id': ident, 'status': status, 'payload': payload, 'received_at': received_at}


def normalise_ankoder(message, received_at):
    """The event of a verified Ankoder notification (its JSON message as a dict)."""
    kind = message.get('type')
    kind = kind if isinstance(kind, str) and kind else 'notification'
    success, paths = ANKODER_KINDS.get(kind, ('completed', ANKODER_ID_FALLBACK))
    ident = None
    for path in paths + ANKODER_ID_FALLBACK:
        ident = _text_id(_dig(message, path))
        if ident is not None:
            break
    result = message.get('result')
    result = result.strip().lower() if isinstance(result, str) else None
    if result == 'success':
        status = success
    elif result in ('fail', 'failed', 'failure', 'error'):
        status = 'failed'
    else:
        status = 'unknown'
    return [_event('ankoder', kind, ident, status, message, received_at)]


def normalise_moderation(body, received_at):
    """The event of a verified moderation result callback (its JSON body as a dict)."""
    result = typed_result(body, None)
    if result['state'] == 'done':
        status = result['verdict'] or 'unknown'
    else:
        status = result['state']
    return [_event('moderation', 'moderation_result', _text_id(result['task_id']), status, body, received_at)]


def normalise_pallycon(body, received_at):
    """The event of a PallyCon packaging result callback (its JSON body as a dict), with ``result``, the body
    typed by the normaliser the ``pallycon_callback`` filter uses (a ValueError for a field of the wrong type)."""
    result = _pallycon_callback.normalise(body)
    event = _event('pallycon', 'packaging_result', _text_id(result['job_id']), result['status'], body, received_at)
    event['result'] = result
    return [event]


def ovp_status(video):
    """The transcode state's name of a normalised OVP video, else its video state's name."""
    for key in ('transcode_state', 'video_state'):
        coded = video.get(key)
        if isinstance(coded, dict) and coded.get('name'):
            return coded['name']
    return 'unknown'


def ovp_video_payload(payload, index):
    """The callback as received, its ``data.videoListInfo`` holding only the video at ``index``."""
    data = dict(payload['data'])
    data['videoListInfo'] = [data['videoListInfo'][index]]
    return dict(payload, data=data)


def normalise_ovp(payload, received_at):
    """One event per video of an OVP upload callback; one ``failed`` event for a callback reporting an error code.

    Each video's event carries only its own video: its ``payload`` is the callback with
    ``data.videoListInfo`` cut down to that video, its ``video`` that video normalised.
    """
    try:
        videos = _ovp.normalise_payload(payload)
    except _ovp.OvpError as exc:
        if exc.code is None:
            raise
        return [_event('ovp', 'video_upload', None, 'failed', payload, received_at)]
    events = []
    for index, video in enumerate(videos):
        event = _event('ovp', 'video_upload', _text_id(video.get('video_id')), ovp_status(video), ovp_video_payload(payload, index),
                       received_at)
        event['video'] = video
        events.append(event)
    return events
