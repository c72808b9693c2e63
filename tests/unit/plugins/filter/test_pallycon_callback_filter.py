# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pallycon_callback filter: the seed's callback typed as the event source types it; hostile input is only
ever an AnsibleFilterError with a message."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.filter.pallycon_callback import pallycon_callback
from ansible_collections.mediaops.video.plugins.module_utils._callback_events import normalise_pallycon

FUZZ = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SEED_BODY = {'job_id': 100001, 'error_code': '0000', 'error_message': '', 'input_contents_path': ['masters/title-1/1080p.mp4'],
             'output_path': 'packaged/title-1'}
DEEP = '[' * 100000 + ']' * 100000
DEEP_OBJECT = '{"a":' * 100000 + '1' + '}' * 100000


def refused(*args):
    with pytest.raises(AnsibleFilterError) as info:
        pallycon_callback(*args)
    message = str(info.value.message)
    assert message.startswith('pallycon_callback: ') and message[len('pallycon_callback: '):].strip()
    return message


def test_the_seed_body_is_typed():
    assert pallycon_callback(SEED_BODY) == dict(SEED_BODY, status='success', status_code=None)


@pytest.mark.parametrize('body', [json.dumps(SEED_BODY), json.dumps(SEED_BODY).encode('utf-8'),
                                  bytearray(json.dumps(SEED_BODY).encode('utf-8')), b'\xef\xbb\xbf' + json.dumps(SEED_BODY).encode()])
def test_json_text_in_any_form(body):
    assert pallycon_callback(body)['job_id'] == 100001


def test_a_failure_keeps_the_vendors_code_and_message():
    result = pallycon_callback(dict(SEED_BODY, error_code='WM900013', error_message='Input file does not exist'))
    assert (result['status'], result['error_code'], result['error_message']) == ('failed', 'WM900013', 'Input file does not exist')


@pytest.mark.parametrize('given, field, value', [
    ({'job_id': '100001'}, 'job_id', 100001), ({'job_id': 100001.0}, 'job_id', 100001), ({'job_id': 'job-7'}, 'job_id', 'job-7'),
    ({'job_id': ''}, 'job_id', None), ({'error_code': 0}, 'error_code', '0000'), ({'error_code': 0}, 'status', 'success'),
    ({'output_path': ['packaged/a']}, 'output_path', 'packaged/a'), ({'output_path': ['a', 'b']}, 'output_path', ['a', 'b']),
    ({'input_contents_path': 'one.mp4'}, 'input_contents_path', ['one.mp4']), ({'status': 'WM777'}, 'status', 'unknown'),
    ({'status': 'WM777'}, 'status_code', 'WM777'), ({'status': 'WM030', 'error_code': 'X'}, 'status', 'success'),
])
def test_values_are_typed(given, field, value):
    assert pallycon_callback(dict(SEED_BODY, **given))[field] == value


def test_absent_fields():
    assert pallycon_callback({}) == {'job_id': None, 'error_code': None, 'error_message': None, 'input_contents_path': [],
                                     'output_path': None, 'status': 'failed', 'status_code': None}


def test_the_event_source_puts_the_same_result_in_its_event():
    body = dict(SEED_BODY, error_code='WM900007', error_message='S3 access denied')
    (event,) = normalise_pallycon(body, '2026-12-06T00:00:00Z')
    assert event['result'] == pallycon_callback(body)
    assert (event['id'], event['status'], event['payload']) == ('100001', 'failed', body)


@pytest.mark.parametrize('body, message', [
    (DEEP, 'nested deeper'), (DEEP_OBJECT, 'nested deeper'), (DEEP.encode('ascii'), 'nested deeper'),
    ('{"job_id": 1e999}', 'out of range'), ('{"job_id": NaN}', 'not JSON'), ('{"job_id": ' + '9' * 5000 + '}', 'not JSON'),
    (b'\xff\xfe{}', 'not JSON'), ('[1, 2]', 'not a JSON object'), ('"text"', 'not a JSON object'), ('', 'not JSON'),
    (None, 'must be a dictionary or its JSON text'), (42, 'not int'), ([SEED_BODY], 'not list'), (1e999, 'not float'),
])
def test_hostile_text_and_types(body, message):
    assert message in refused(body)


@pytest.mark.parametrize('given, message', [
    ({'job_id': {'id': 1}}, 'job_id must be a job id'), ({'job_id': [1]}, 'not a list'), ({'job_id': True}, 'not a boolean'),
    ({'job_id': -1}, 'not the number -1'), ({'job_id': 1.5}, 'not the number 1.5'), ({'job_id': 2 ** 63}, 'job_id must be'),
    ({'job_id': 10 ** 5000}, 'a number of 16610 bits'), ({'error_code': 10 ** 5000}, 'error_code must be text'),
    ({'error_code': ['0000']}, 'error_code must be text'), ({'error_code': 1e300}, 'error_code must be text'),
    ({'error_message': {'a': 1}}, 'error_message must be text'), ({'input_contents_path': [1]}, 'input_contents_path must be'),
    ({'input_contents_path': {'a': 'b'}}, 'not an object'), ({'output_path': 7}, 'output_path must be'),
    ({'output_path': [None]}, 'output_path must be'), ({'job_id': b'1'}, 'not bytes'),
])
def test_fields_of_the_wrong_type(given, message):
    assert message in refused(dict(SEED_BODY, **given))


def test_a_huge_value_where_text_is_expected_is_kept():
    huge = 'x' * (8 * 1024 * 1024)
    assert pallycon_callback(dict(SEED_BODY, error_message=huge))['error_message'] is huge


def test_deep_and_cyclic_mappings():
    deep = node = {}
    for _dummy in range(5000):
        node['a'] = {}
        node = node['a']
    assert 'nested deeper' in refused(dict(SEED_BODY, extra=deep))
    cyclic = dict(SEED_BODY)
    cyclic['self'] = cyclic
    assert 'nested deeper' in refused(cyclic)
    assert 'out of range' in refused(dict(SEED_BODY, extra=[float('nan')]))


# ------------------------------------------------------------------ the fuzz

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-10 ** 400, max_value=10 ** 400)
           | st.floats() | st.text(max_size=20) | st.binary(max_size=20)
           | st.sampled_from(['1e999', 'NaN', '0000', '100001', '9' * 5000, '\udc80', 'WM777', 'WM030']))
FIELDS = ['job_id', 'error_code', 'error_message', 'input_contents_path', 'output_path', 'status']
documents = st.recursive(scalars, lambda children: st.lists(children, max_size=3)
                         | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), children, max_size=6), max_leaves=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=6),
    max_leaves=20)
json_texts = st.one_of(json_values.map(json.dumps), json_values.map(lambda value: json.dumps(value).replace('0', '1e999', 1)),
                       st.integers(min_value=1, max_value=20000).map(lambda depth: '[' * depth + ']' * depth))
json_bytes = st.one_of(json_texts.map(lambda text: text.encode('utf-8')), st.binary(max_size=60))


@FUZZ
@given(body=documents | json_texts | json_bytes)
def test_fuzz_any_input(body):
    try:
        result = pallycon_callback(body)
    except AnsibleFilterError as exc:
        assert str(exc.message).strip()
        return
    assert set(result) == {'job_id', 'error_code', 'error_message', 'input_contents_path', 'output_path', 'status', 'status_code'}
    assert result['status'] in ('ready', 'processing', 'success', 'failed', 'stopped', 'unknown')
    assert isinstance(result['input_contents_path'], list)
