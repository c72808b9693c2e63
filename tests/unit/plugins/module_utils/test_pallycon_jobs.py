# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_jobs as jobs
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import PallyConClient, typed_job
from ansible_collections.mediaops.video.tests import sandbox

# The sandbox's PallyCon site (tests/sandbox/pallycon.py)
SITE_ID = 'DEMO'
SITE_KEY = 'demo-site-key-0123456789abcdef!!'
ACCESS_KEY = 'demo-access-key-pallycon-0000001'


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


def test_an_identical_job_has_no_differences():
    assert jobs.differences(spec(), listed()) == []


def test_differences_name_the_declared_fields_that_differ():
    changed = spec(output_path='out/other', streaming_format=['dash'], protection=['watermark', 'drm'])
    assert jobs.differences(changed, listed()) == ['output_path', 'protection', 'streaming_format']


def test_contents_path_order_matters_format_order_does_not():
    assert jobs.differences(spec(contents_path=['in/b.mp4', 'in/a.mp4'], streaming_format=['dash', 'hls']), listed()) == [
        'contents_path']


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


def test_items_carry_identity_request_and_adopted_id():
    specs = [spec('title-1', id=100007), spec('title-2')]
    first, second = jobs.items(specs, {'jobs': specs, 'id': None})
    assert (first.key, first.label, first.adopt_id) == ('title-1', 'packaging job title-1', 100007)
    assert (second.key, second.adopt_id) == ('title-2', None)
    assert first.data is specs[0]
    assert first.request == {'content_id': 'title-1', 'job_name': 'Title 1', 'input_storage_id': 'ST1',
                             'contents_path': ['in/a.mp4', 'in/b.mp4'], 'output_storage_id': 'ST2',
                             'output_path': 'out/title-1', 'streaming_format': ['dash', 'hls'],
                             'protection': ['watermark'], 'subtitles': None}
    (single,) = jobs.items([spec('title-3')], {'jobs': None, 'id': 100009})
    assert (single.key, single.adopt_id) == ('title-3', 100009)


# -- Jobs.find through the real client, against the sandbox's PallyCon ------------------------------------

@pytest.fixture(name='pallycon')
def fixture_pallycon():
    server, base = sandbox.start(port=0, tick=60.0)
    client = PallyConClient(api_url=base + '/pallycon', site_id=SITE_ID, site_key=SITE_KEY, access_key=ACCESS_KEY,
                            timeout=10)
    try:
        yield client
    finally:
        client.close()
        server.shutdown()


def _registered(client, content_ids):
    """Jobs registered through ``Jobs.create`` in this order, on one new storage; their ids."""
    storage_id = client.register_storage({'storage_name': 'media', 'type': 'S3', 'id': 'AKIADEMO',
                                          'password': 'secret/KEY+1', 'aws_bucket': 'media-in', 'region': 'RG011'})
    source = jobs.Jobs(client, page_size=2)
    ids = []
    for cid in content_ids:
        (item,) = jobs.items([spec(cid, input_storage_id=storage_id, output_storage_id=storage_id)], {'jobs': None})
        created = source.create(item)
        assert created['content_id'] == cid
        ids.append(created['job_id'])
    return ids


def test_find_groups_the_whole_listing_by_content_id_oldest_first(pallycon):
    first_a, only_b, second_a, only_c = _registered(pallycon, ['title-a', 'title-b', 'title-a', 'title-c'])
    declared = jobs.items([spec('title-a'), spec('title-b'), spec('title-x')], {'jobs': []})
    sent = pallycon.http.requests_sent
    found = jobs.Jobs(pallycon, page_size=2).find(declared)
    assert pallycon.http.requests_sent - sent == 2  # one listing of two pages, not one lookup per job
    assert [job['job_id'] for job in found['title-a']] == [first_a, second_a]
    assert [job['job_id'] for job in found['title-b']] == [only_b]
    assert [job['job_id'] for job in found['title-c']] == [only_c]
    assert 'title-x' not in found
    assert found['title-a'][0]['content_id'] == 'title-a' and found['title-a'][0]['status'] == 'ready'  # typed rows


def test_find_of_one_job_asks_for_its_content_id_only(pallycon):
    first_a, _only_b, second_a = _registered(pallycon, ['title-a', 'title-b', 'title-a'])
    sent = pallycon.http.requests_sent
    found = jobs.Jobs(pallycon, page_size=2).find(jobs.items([spec('title-a')], {'jobs': None}))
    assert pallycon.http.requests_sent - sent == 1
    assert list(found) == ['title-a'] and [job['job_id'] for job in found['title-a']] == [first_a, second_a]
