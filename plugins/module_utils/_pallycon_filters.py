# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the list filters of PallyCon's storage and job lists, checked before any request.

``storage_filters`` and ``job_filters`` return the API data of a list request
(paging aside) or raise ValidationError naming every bad value. Registration
times (``from``, ``to``) are the seed's ``YYYY-MM-DDThh:mm:ssZ``; with
``time_zone`` (the seed's ``hh:mm``, an optional sign: ``+09:00``, ``-05:00``)
the service reads them, and writes the dates of its answer, in that zone.
Only one keyword goes to the service (it takes one ``search_keyword_type``);
the client narrows the answer by the others.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_seconds

DATE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$')
TIME_ZONE = re.compile(r'^([+-]?)(\d{2}):(\d{2})$')
# the offsets of the world's time zones: UTC-12:00 to UTC+14:00
WEST_LIMIT = 12 * 60
EAST_LIMIT = 14 * 60
PROTECTIONS = ('drm', 'watermark')
STREAMING_FORMATS = ('dash', 'hls')
JOB_STATUSES = ('ready', 'success', 'failed', 'complete', 'working', 'stop')


def date_epoch(text):
    """Epoch seconds of a ``YYYY-MM-DDThh:mm:ssZ`` date, or None when ``text`` is not exactly one (a real date)."""
    return utc_seconds(text) if isinstance(text, str) and DATE.match(text) else None


def zone_minutes(text):
    """Minutes east of UTC of a ``[+-]hh:mm`` time zone, or None when ``text`` is not one."""
    match = TIME_ZONE.match(text) if isinstance(text, str) else None
    if not match:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3))
    if minutes > 59:
        return None
    offset = hours * 60 + minutes
    if sign == '-':
        return -offset if offset <= WEST_LIMIT else None
    return offset if offset <= EAST_LIMIT else None


def _times(registered_from, registered_to, time_zone, problems):
    """The ``from``/``to``/``time_zone`` API data of the registration-time filter."""
    data = {}
    for key, value in (('from', registered_from), ('to', registered_to)):
        if value is None:
            continue
        if date_epoch(value) is None:
            problems.append('%s must be a date as YYYY-MM-DDThh:mm:ssZ (e.g. 2026-12-01T00:00:00Z), not %r' % (key, value))
        else:
            data[key] = value
    if 'from' in data and 'to' in data and date_epoch(data['from']) > date_epoch(data['to']):
        problems.append('from (%s) is after to (%s)' % (data['from'], data['to']))
    if time_zone is not None:
        if zone_minutes(time_zone) is None:
            problems.append('time_zone must be an offset from UTC as hh:mm, +hh:mm or -hh:mm between -12:00 and +14:00 '
                            '(e.g. +09:00), not %r' % (time_zone,))
        else:
            data['time_zone'] = time_zone
    return data


def _fail(what, problems):
    if problems:
        raise ValidationError('invalid %s filters: %s' % (what, '; '.join(problems)), problems=problems)


def _text(name, value, problems):
    if value is not None and (not isinstance(value, str) or not value):
        problems.append('%s must be a non-empty string' % name)
        return None
    return value


def storage_filters(region, name=None, storage_id=None, registered_from=None, registered_to=None, time_zone=None):
    """The API data of a storage list: exact ``storage_id`` (sent first) or ``name``, registration time."""
    problems = []
    if not isinstance(region, str) or not region:
        problems.append('region is required (the storage list needs it)')
    name, storage_id = _text('name', name, problems), _text('storage_id', storage_id, problems)
    data = {'storage_type': 'S3', 'region': region}
    if storage_id is not None:
        data.update(search_keyword_type='storageId', search_keyword=storage_id)
    elif name is not None:
        data.update(search_keyword_type='storageName', search_keyword=name)
    data.update(_times(registered_from, registered_to, time_zone, problems))
    _fail('storage list', problems)
    return data


def job_filters(content_id=None, job_id=None, job_name=None, status=None, protection=None, streaming_format=None,
                registered_from=None, registered_to=None, time_zone=None):
    """The API data of a job list: one exact keyword (``job_id``, else ``content_id``, else ``job_name``),
    ``search_status``, ``search_type`` (``protection``), ``search_condition`` (``streaming_format``), registration time."""
    problems = []
    content_id, job_name = _text('content_id', content_id, problems), _text('job_name', job_name, problems)
    if job_id is not None and not re.match(r'^[0-9]+$', str(job_id)):
        problems.append('job_id must be a number, not %r' % (job_id,))
    data = {}
    if job_id is not None:
        data.update(search_keyword_type='jobId', search_keyword=str(job_id))
    elif content_id is not None:
        data.update(search_keyword_type='cid', search_keyword=content_id)
    elif job_name is not None:
        data.update(search_keyword_type='jobName', search_keyword=job_name)
    for key, value, allowed in (('search_status', status, JOB_STATUSES), ('search_type', protection, PROTECTIONS),
                                ('search_condition', streaming_format, STREAMING_FORMATS)):
        if value is None:
            continue
        if value not in allowed:
            problems.append('%s must be one of %s, not %r' % (key, ', '.join(allowed), value))
        else:
            data[key] = value
    data.update(_times(registered_from, registered_to, time_zone, problems))
    _fail('job list', problems)
    return data
