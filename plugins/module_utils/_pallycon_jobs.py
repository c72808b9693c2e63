# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: PallyCon packaging jobs as declared state, one or thousands at a time.

A job's identity is its ``content_id``. One paged listing finds every
declared job (a single job: the cid-filtered list; many: the whole list, not
one lookup per job). What is created, confirmed and waited for, and what a
lost answer leads to, is the create-once engine's (``_create_once``); a job
whose status code is not one the vendor documents ends a wait after
``unknown_status_grace`` seconds.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._create_once import LISTED, Item, Kind, Source
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import unknown_code
from ansible_collections.mediaops.video.plugins.module_utils._state import normalise

REQUIRED_TO_REGISTER = ('job_name', 'input_storage_id', 'contents_path', 'output_storage_id', 'output_path',
                        'streaming_format')
DASH_OPTIONS = dict(min_buffer_time=dict(type='int'), enable_average_bandwidth_mpd=dict(type='bool'))
DRM_OPTIONS = dict(multi_key=dict(type='bool'), skip_audio_encryption=dict(type='bool'), max_sd_height=dict(type='int'),
                   max_hd_height=dict(type='int'), max_uhd1_height=dict(type='int'), clear_lead=dict(type='int'),
                   generate_tracktype_manifests=dict(type='bool'))
JOB_OPTIONS = dict(
    content_id=dict(type='str'),
    job_name=dict(type='str'),
    input_storage_id=dict(type='str'),
    contents_path=dict(type='list', elements='str'),
    output_storage_id=dict(type='str'),
    output_path=dict(type='str'),
    streaming_format=dict(type='list', elements='str', choices=['dash', 'hls']),
    protection=dict(type='list', elements='str', choices=['drm', 'watermark'], default=['watermark']),
    subtitles=dict(type='list', elements='dict', options=dict(path=dict(type='str', required=True),
                                                              language=dict(type='str'))),
    dash_option=dict(type='dict', options=DASH_OPTIONS),
    drm_option=dict(type='dict', options=DRM_OPTIONS),
)
SHOWN = ('content_id', 'job_name', 'input_storage_id', 'contents_path', 'output_storage_id', 'output_path',
         'streaming_format', 'protection', 'subtitles')


def job_specs(params):
    """The declared jobs (one from the top-level options, or the ``jobs`` list), checked before any request."""
    if params.get('jobs') is not None:
        specs = [dict(item) for item in params['jobs']]
    else:
        specs = [dict((name, params.get(name)) for name in JOB_OPTIONS)]
    problems = []
    seen = set()
    for index, spec in enumerate(specs):
        where = 'jobs[%d]' % index if params.get('jobs') is not None else 'the job'
        cid = spec.get('content_id')
        if not cid:
            problems.append('%s has no content_id' % where)
            continue
        where = 'job %s' % cid
        if cid in seen:
            problems.append('content_id %s is declared twice' % cid)
        seen.add(cid)
        if len(cid.encode('utf-8')) > 200:
            problems.append('%s: content_id is longer than 200 bytes' % where)
        missing = [name for name in REQUIRED_TO_REGISTER if not spec.get(name)]
        if missing:
            problems.append('%s needs %s' % (where, ', '.join(missing)))
        if 'watermark' not in (spec.get('protection') or []):
            problems.append('%s: protection must contain watermark (drm is optional)' % where)
        buffer_time = (spec.get('dash_option') or {}).get('min_buffer_time')
        if buffer_time is not None and buffer_time < 2:
            problems.append('%s: dash_option.min_buffer_time must be 2 or more' % where)
        for name in ('max_sd_height', 'max_hd_height', 'max_uhd1_height', 'clear_lead'):
            value = (spec.get('drm_option') or {}).get(name)
            if value is not None and value < 0:
                problems.append('%s: drm_option.%s must be 0 or more' % (where, name))
    if problems:
        raise ValidationError('invalid packaging jobs: ' + '; '.join(problems), problems=problems)
    return specs


def _compact(options):
    return dict((k, v) for k, v in (options or {}).items() if v is not None)


def registration(spec):
    """The API data of a job registration."""
    body = {
        'job_name': spec['job_name'],
        'storage': {
            'input': {'storage_id': spec['input_storage_id'], 'contents_path': list(spec['contents_path'])},
            'output': {'storage_id': spec['output_storage_id'], 'path': spec['output_path']},
        },
        'content_id': spec['content_id'],
        'streaming_format': list(spec['streaming_format']),
        'protect_type': list(spec['protection']),
    }
    if spec.get('subtitles'):
        body['subtitles'] = [_compact(s) for s in spec['subtitles']]
    if _compact(spec.get('dash_option')):
        body['dash_option'] = _compact(spec['dash_option'])
    if _compact(spec.get('drm_option')):
        body['drm_option'] = _compact(spec['drm_option'])
    return body


def shown(job):
    """A listed job in the shape of the declared options (for comparisons and diffs)."""
    storage = job.get('storage') or {}
    source, target = storage.get('input') or {}, storage.get('output') or {}
    return {
        'content_id': job.get('content_id'),
        'job_name': job.get('job_name'),
        'input_storage_id': source.get('storage_id'),
        'contents_path': source.get('contents_path'),
        'output_storage_id': target.get('storage_id'),
        'output_path': target.get('path'),
        'streaming_format': [f for f in ('dash', 'hls') if job.get(f)],
        'protection': ['drm', 'watermark'] if job.get('drm') else ['watermark'],
        'subtitles': [_compact(s) for s in job.get('subtitles') or []] or None,
    }


def declared_view(spec):
    view = dict((name, spec.get(name)) for name in SHOWN)
    view['streaming_format'] = sorted(set(spec['streaming_format']))
    view['protection'] = sorted(set(spec['protection']))
    view['subtitles'] = [_compact(s) for s in spec.get('subtitles') or []] or None
    return view


def differences(spec, job):
    """Declared fields that differ from the listed job (options the list does not return are not compared)."""
    want, have = declared_view(spec), shown(job)
    return sorted(name for name in SHOWN if normalise(want[name]) != normalise(have[name]))


JOB = Kind('pallycon', 'packaging_job', LISTED, 'PallyCon', {'success': True, 'failed': False, 'stopped': False},
           id_key='job_id', error_of=lambda job: ' '.join(str(job.get(k) or '') for k in ('status_code', 'error_code', 'error_message')).strip(),
           blind_hint='the job list of this site does not show it (check site_id and api_url)', unknown_of=unknown_code)


class Jobs(Source):
    """Packaging jobs as the engine sees them: found by content id in one paged listing."""

    def __init__(self, api, page_size):
        Source.__init__(self, JOB)
        self.api = api
        self.page_size = page_size

    def find(self, items):
        if len(items) == 1:
            rows = self.api.list_jobs(content_id=items[0].key)
        else:
            rows = self.api.list_jobs(page_unit=self.page_size)
        found = {}
        for row in sorted(rows, key=lambda row: row.get('job_id') or 0):
            found.setdefault(row.get('content_id'), []).append(row)
        return found

    def differences(self, item, obj):
        return differences(item.data, obj)

    def create(self, item):
        return {'job_id': self.api.register_job(registration(item.data)), 'content_id': item.key}

    def would_be(self, item):
        return would_be(item.data)

    def view(self, obj):
        return shown(obj)


def items(specs, params):
    """The engine's items: a job's identity is its content id; its request, the declared view."""
    return [Item(spec['content_id'], 'packaging job %s' % spec['content_id'], declared_view(spec), data=spec,
                 adopt_id=spec.get('id') if params.get('jobs') is not None else params.get('id'))
            for spec in specs]


def would_be(spec):
    return dict(job_id=None, status=None, status_code=None, **declared_view(spec))
