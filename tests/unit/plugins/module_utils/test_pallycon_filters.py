# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""PallyCon list filters (built and checked before any request) and the status of undocumented codes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _pallycon
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_filters as filters
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._pallycon_jobs import JOB


def test_storage_filters_keyword_and_times():
    assert filters.storage_filters('RG011') == {'storage_type': 'S3', 'region': 'RG011'}
    assert filters.storage_filters('RG011', name='masters') == {
        'storage_type': 'S3', 'region': 'RG011', 'search_keyword_type': 'storageName', 'search_keyword': 'masters'}
    # the id is the sharper keyword: sent instead of the name
    assert filters.storage_filters('RG011', name='masters', storage_id='ST000001')['search_keyword_type'] == 'storageId'
    data = filters.storage_filters('RG011', registered_from='2026-12-01T00:00:00Z', registered_to='2026-12-31T23:59:59Z',
                                   time_zone='+09:00')
    assert (data['from'], data['to'], data['time_zone']) == ('2026-12-01T00:00:00Z', '2026-12-31T23:59:59Z', '+09:00')


def test_job_filters_map_each_option_to_the_lists_field():
    data = filters.job_filters(job_name='Title 1', status='working', protection='drm', streaming_format='hls',
                               registered_from='2026-12-01T00:00:00Z', time_zone='-05:00')
    assert data == {'search_keyword_type': 'jobName', 'search_keyword': 'Title 1', 'search_status': 'working',
                    'search_type': 'drm', 'search_condition': 'hls', 'from': '2026-12-01T00:00:00Z', 'time_zone': '-05:00'}
    assert filters.job_filters() == {}


@pytest.mark.parametrize('given, keyword', [
    ({'job_id': '100001', 'content_id': 'c', 'job_name': 'n'}, ('jobId', '100001')),
    ({'job_id': 100001}, ('jobId', '100001')),
    ({'content_id': 'c', 'job_name': 'n'}, ('cid', 'c')),
    ({'job_name': 'n'}, ('jobName', 'n')),
])
def test_one_keyword_is_sent_the_sharpest_first(given, keyword):
    data = filters.job_filters(**given)
    assert (data['search_keyword_type'], data['search_keyword']) == keyword


@pytest.mark.parametrize('given, message', [
    ({'registered_from': '2026-12-01'}, 'from must be a date as YYYY-MM-DDThh:mm:ssZ'),
    ({'registered_to': '2026-12-01T00:00:00+09:00'}, 'to must be a date'),
    ({'registered_to': '2026-02-30T00:00:00Z'}, 'to must be a date'),
    ({'registered_from': '2026-12-02T00:00:00Z', 'registered_to': '2026-12-01T00:00:00Z'}, 'from (2026-12-02T00:00:00Z) is after to'),
    ({'time_zone': '9:00'}, 'time_zone must be an offset'),
    ({'time_zone': '+14:30'}, 'time_zone must be an offset'),
    ({'time_zone': '-12:01'}, 'time_zone must be an offset'),
    ({'time_zone': '09:60'}, 'time_zone must be an offset'),
    ({'time_zone': 'Asia/Seoul'}, 'time_zone must be an offset'),
    ({'status': 'process'}, 'search_status must be one of ready, success'),
    ({'protection': 'fairplay'}, 'search_type must be one of drm, watermark'),
    ({'streaming_format': 'smooth'}, 'search_condition must be one of dash, hls'),
    ({'job_id': 'abc'}, 'job_id must be a number'),
    ({'job_name': ''}, 'job_name must be a non-empty string'),
])
def test_bad_job_filters_are_refused_with_the_reason(given, message):
    with pytest.raises(ValidationError) as info:
        filters.job_filters(**given)
    assert message in info.value.message


def test_every_problem_is_named_at_once():
    with pytest.raises(ValidationError) as info:
        filters.storage_filters('', storage_id='', registered_from='x', time_zone='+15:00')
    assert len(info.value.details()['problems']) == 4


@pytest.mark.parametrize('zone, minutes', [('00:00', 0), ('+09:00', 540), ('09:00', 540), ('-05:00', -300), ('+05:45', 345),
                                           ('+14:00', 840), ('-12:00', -720), ('-00:00', 0)])
def test_zone_minutes(zone, minutes):
    assert filters.zone_minutes(zone) == minutes


def test_a_bad_filter_sends_nothing():
    class Refuse(object):
        def request(self, *args, **kwargs):
            raise AssertionError('a request was sent')
    client = _pallycon.PallyConClient(site_id='DEMO', site_key='k' * 32, access_key='a', http=Refuse())
    with pytest.raises(ValidationError):
        client.list_storages('RG011', registered_from='yesterday')
    with pytest.raises(ValidationError):
        client.list_jobs(time_zone='KST')


# -- undocumented status codes ------------------------------------------------------------------------

@pytest.mark.parametrize('code, name', [
    ('WM000', 'ready'), ('WM010', 'processing'), ('WM020', 'processing'), ('WM021100', 'processing'), ('WM024200', 'processing'),
    ('WM030', 'success'), ('WM100', 'stopped'), ('WM200', 'stopped'), ('WM999', 'failed'),
    ('WM777', 'unknown'), ('WM025100', 'unknown'), ('WM0', 'unknown'), ('', 'unknown'), (None, 'unknown'), (30, 'unknown'),
])
def test_status_names_only_the_documented_codes(code, name):
    assert _pallycon.status_name(code) == name


def test_a_job_in_an_undocumented_status_is_unknown_with_its_code():
    job = _pallycon.typed_job({'job_id': '100001', 'status': 'WM777'})
    assert (job['status'], job['status_code']) == ('unknown', 'WM777')
    assert JOB.unknown_of(job) == 'WM777'
    assert not JOB.terminal(job)
    assert JOB.unknown_of(_pallycon.typed_job({'job_id': '1', 'status': 'WM022100'})) is None
    assert JOB.unknown_of(_pallycon.typed_job({'job_id': '1'})) == '(none)'
    assert JOB.unknown_of({'job_id': None, 'status': None, 'status_code': None}) is None  # check mode's would-be job
    track = _pallycon.typed_track({'job_id': '1', 'status': 'WM778'})
    assert (track['status'], track['status_code']) == ('unknown', 'WM778')
