# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_jobs as jobs
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import typed_job


def spec(cid='title-1', **overrides):
    value = dict(content_id=cid, job_name='Title 1', input_storage_id='ST1', contents_path=['in/a.mp4', 'in/b.mp4'],
                 output_storage_id='ST2', output_path='out/title-1', streaming_format=['hls', 'dash'],
                 protection=['watermark'], subtitles=None, dash_option=None, drm_option=None)
    value.update(overrides)
    return value


def listed(cid='title-1', job_id=100001, status='WM030', **overrides):
    row = {'job_id': str(job_id), 'job_name': 'Title 1', 'content_id': cid, 'status': status, 'watermark': 'true',
           'drm': 'false', 'dash': 'true', 'hls': 'true',
           'storage': {'input': {'storage_id': 'ST1', 'contents_path': ['in/a.mp4', 'in/b.mp4']},
                       'output': {'storage_id': 'ST2', 'path': 'out/title-1'}}, 'subtitles': []}
    row.update(overrides)
    return typed_job(row)


def test_registration_body():
    body = jobs.registration(spec(protection=['watermark', 'drm'], dash_option={'min_buffer_time': 4, 'enable_average_bandwidth_mpd': None},
                                  drm_option={'multi_key': None}, subtitles=[{'path': 'sub/en.vtt', 'language': None}]))
    assert body == {
        'job_name': 'Title 1',
        'storage': {'input': {'storage_id': 'ST1', 'contents_path': ['in/a.mp4', 'in/b.mp4']},
                    'output': {'storage_id': 'ST2', 'path': 'out/title-1'}},
        'content_id': 'title-1',
        'streaming_format': ['hls', 'dash'],
        'protect_type': ['watermark', 'drm'],
        'subtitles': [{'path': 'sub/en.vtt'}],
        'dash_option': {'min_buffer_time': 4},
    }


def test_typed_job_normalises_status_and_flags():
    row = listed(status='WM022100', drm='true')
    assert row['job_id'] == 100001
    assert (row['status'], row['status_code']) == ('processing', 'WM022100')
    assert row['drm'] is True and row['dash'] is True
    assert listed(status='WM000')['status'] == 'ready'
    assert listed(status='WM999')['status'] == 'failed'
    assert listed(status='WM200')['status'] == 'stopped'


def test_an_identical_job_is_kept():
    (item,) = jobs.plan([spec()], [listed()])
    assert (item.action, item.differences, item.reason) == ('keep', [], None)


def test_a_missing_job_is_created():
    (item,) = jobs.plan([spec('title-2')], [listed()])
    assert item.action == 'create'
    assert item.existing is None


def test_the_newest_listed_job_counts():
    older_failed = listed(job_id=100001, status='WM999')
    newer_ok = listed(job_id=100007, status='WM030')
    (item,) = jobs.plan([spec()], [newer_ok, older_failed], retry_failed=True)
    assert item.action == 'keep'
    assert item.existing['job_id'] == 100007


def test_a_different_job_is_reported_and_kept_unless_recreate():
    changed = spec(output_path='out/other', streaming_format=['dash'], protection=['watermark', 'drm'])
    (kept,) = jobs.plan([changed], [listed()])
    assert kept.action == 'keep'
    assert kept.differences == ['output_path', 'protection', 'streaming_format']
    assert 'recreate' in kept.reason
    (made,) = jobs.plan([changed], [listed()], recreate=True)
    assert made.action == 'create'


def test_contents_path_order_matters_format_order_does_not():
    (item,) = jobs.plan([spec(contents_path=['in/b.mp4', 'in/a.mp4'], streaming_format=['dash', 'hls'])], [listed()])
    assert item.differences == ['contents_path']


def test_a_failed_job_is_retried_only_when_asked():
    (kept,) = jobs.plan([spec()], [listed(status='WM999')])
    assert kept.action == 'keep'
    (retried,) = jobs.plan([spec()], [listed(status='WM999')], retry_failed=True)
    assert retried.action == 'create'


@pytest.mark.parametrize('bad, message', [
    (dict(content_id='x' * 201), 'longer than 200 bytes'),
    (dict(protection=['drm']), 'must contain watermark'),
    (dict(job_name=None), 'needs job_name'),
    (dict(streaming_format=[]), 'needs streaming_format'),
    (dict(dash_option={'min_buffer_time': 1}), 'min_buffer_time must be 2 or more'),
    (dict(drm_option={'clear_lead': -1}), 'clear_lead must be 0 or more'),
])
def test_job_specs_refuse_bad_declarations(bad, message):
    with pytest.raises(ValidationError) as caught:
        jobs.job_specs({'jobs': [spec(**bad)]})
    assert message in caught.value.message


def test_job_specs_refuse_a_content_id_declared_twice():
    with pytest.raises(ValidationError) as caught:
        jobs.job_specs({'jobs': [spec('a'), spec('b'), spec('a')]})
    assert 'content_id a is declared twice' in caught.value.message


def test_job_specs_single_from_top_level_options():
    params = dict(spec(), jobs=None)
    assert jobs.job_specs(params) == [dict((k, params[k]) for k in jobs.JOB_OPTIONS)]
