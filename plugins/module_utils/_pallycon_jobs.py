# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: PallyCon packaging jobs as declared state, one or thousands at a time.

A job's identity is its ``content_id``. One paged listing finds every
declared job (a single job: the cid-filtered list; many: the whole list, not
one lookup per job). Missing jobs are registered concurrently with a small
bound; a registration whose answer is lost is looked up by cid before it is
ever sent again. One polling loop waits for all of them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, MediaopsError, ValidationError, WaitTimeout
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import TERMINAL
from ansible_collections.mediaops.video.plugins.module_utils._state import normalise
from ansible_collections.mediaops.video.plugins.module_utils._waiter import poll

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


class Plan(object):
    """What to do for one declared job."""

    def __init__(self, spec, existing, action, reason, diffs=()):
        self.spec = spec
        self.existing = existing
        self.action = action  # 'keep' or 'create'
        self.reason = reason
        self.differences = list(diffs)
        self.job = existing


def plan(specs, listed, recreate=False, retry_failed=False):
    newest = {}
    for job in listed:  # listed newest first
        newest.setdefault(job.get('content_id'), job)
    plans = []
    for spec in specs:
        existing = newest.get(spec['content_id'])
        if existing is None:
            plans.append(Plan(spec, None, 'create', 'no job has this content_id'))
            continue
        diffs = differences(spec, existing)
        if existing['status'] == 'failed' and retry_failed:
            plans.append(Plan(spec, existing, 'create', 'job %s failed; retry_failed' % existing['job_id'], diffs))
        elif diffs and recreate:
            plans.append(Plan(spec, existing, 'create', 'job %s differs in %s; recreate' % (existing['job_id'], ', '.join(diffs)), diffs))
        else:
            reason = 'job %s differs in %s (set recreate to register a new job)' % (existing['job_id'], ', '.join(diffs)) if diffs else None
            plans.append(Plan(spec, existing, 'keep', reason, diffs))
    return plans


def register_once(api, spec, known_ids):
    """Register one job; after a lost answer, find it by content_id before sending it again."""
    try:
        return api.register_job(registration(spec))
    except ApiError as exc:
        if not exc.may_have_applied:
            raise
    for job in api.list_jobs(content_id=spec['content_id']):
        if job['job_id'] not in known_ids:
            return job['job_id']
    return api.register_job(registration(spec))


def create_all(api, plans, concurrency):
    """Register the planned jobs, at most ``concurrency`` at a time; the job ids in plan order."""
    todo = [p for p in plans if p.action == 'create']
    known = set(p.existing['job_id'] for p in plans if p.existing)
    if not todo:
        return
    workers = max(1, min(concurrency, len(todo)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [(p, pool.submit(register_once, api, p.spec, known)) for p in todo]
        errors = []
        for item, future in futures:
            try:
                item.job = {'job_id': future.result(), 'content_id': item.spec['content_id']}
            except MediaopsError as exc:
                errors.append('%s: %s' % (item.spec['content_id'], exc.message))
    if errors:
        raise MediaopsError('%d of %d packaging jobs could not be registered: %s' % (
            len(errors), len(todo), '; '.join(errors[:20])), created=len(todo) - len(errors))


def refresh(api, plans, page_size):
    """Re-read the jobs of the plans: by job id for one, with one listing for many."""
    ids = [p.job['job_id'] for p in plans if p.job]
    if len(ids) == 1:
        rows = api.list_jobs(job_id=ids[0])
    else:
        rows = api.list_jobs(page_unit=page_size)
    by_id = dict((row['job_id'], row) for row in rows)
    for item in plans:
        if item.job and item.job['job_id'] in by_id:
            item.job = by_id[item.job['job_id']]
    return plans


def wait_all(api, plans, page_size, timeout, sleep_base):
    """One polling loop for every job until each is terminal; fail with the vendor's errors."""
    def fetch():
        return refresh(api, plans, page_size)

    def done(current):
        return all(p.job.get('status') in TERMINAL for p in current if p.job)

    try:
        poll(fetch, done, timeout, sleep_base=sleep_base, first=plans if done(plans) else None,
             describe=lambda current: '%d job(s) in progress' % sum(1 for p in current if p.job.get('status') not in TERMINAL))
    except WaitTimeout as exc:
        raise MediaopsError('packaging jobs: %s' % exc.message, jobs=[p.job for p in plans])
    failed = [p.job for p in plans if p.job.get('status') in ('failed', 'stopped')]
    if failed:
        raise MediaopsError('%d packaging job(s) did not succeed: %s' % (len(failed), '; '.join(
            '%s (job %s): %s %s %s' % (j.get('content_id'), j.get('job_id'), j.get('status_code'), j.get('error_code') or '',
                                       j.get('error_message') or '') for j in failed[:20])), jobs=[p.job for p in plans])


def would_be(spec):
    return dict(job_id=None, status=None, status_code=None, **declared_view(spec))
