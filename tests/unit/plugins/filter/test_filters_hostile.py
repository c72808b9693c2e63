# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile and careless input to every filter: nothing but AnsibleFilterError (with a message) ever escapes.

The examples first (each one raised UnicodeDecodeError, AttributeError, RecursionError,
OverflowError or TypeError before), then a hypothesis fuzz of each filter over wrong types,
non-UTF-8 bytes, deep nesting and huge numbers, signed with the right key so that the
bodies reach the parsing behind the signature check.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import datetime
import hashlib
import hmac
import json
import time
import urllib.parse

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.filter.ankoder_notification import ankoder_notification
from ansible_collections.mediaops.video.plugins.filter.moderation_callback import moderation_callback
from ansible_collections.mediaops.video.plugins.filter.ovp_videos import ovp_videos

FUZZ = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

ANKODER_KEY = 'ankoder-private-key-fuzz'
MODERATION_KEY = 'moderation-callback-key-fuzz'
MODERATION_APP = 'app-fuzz'
CALLBACK_URL = 'https://eda.example.com/moderation'
DEEP = '[' * 100000 + ']' * 100000
DEEP_OBJECT = '{"a":' * 100000 + '1' + '}' * 100000


def ankoder_body(message, key=ANKODER_KEY):
    """A form body signed as docs/docsite/rst/wire_ankoder.rst (Callbacks) says: base64(HMAC-SHA1(key, message bytes))."""
    raw = message if isinstance(message, bytes) else message.encode('utf-8')
    signature = base64.b64encode(hmac.new(key.encode('utf-8'), raw, hashlib.sha1).digest()).decode('ascii')
    return urllib.parse.urlencode({'message': raw, 'signature': signature}).encode('ascii')


def moderation_signed(body, stamp=None):
    """The callback headers of docs/docsite/rst/wire_moderation.rst (Callbacks) over these exact body bytes."""
    stamp = stamp or datetime.datetime.fromtimestamp(int(time.time()), datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    text = '\n'.join(('POST', 'eda.example.com', '/moderation', hashlib.sha256(body).hexdigest(), 'X-AppId:' + MODERATION_APP,
                      'X-TimeStamp:' + stamp))
    signature = base64.b64encode(hmac.new(MODERATION_KEY.encode('utf-8'), text.encode('utf-8'), hashlib.sha256).digest()).decode('ascii')
    return {'X-AppId': MODERATION_APP, 'X-TimeStamp': stamp, 'Authorization': signature}


def refused(call, *args, **kwargs):
    """The call raises AnsibleFilterError with a message; any other exception fails the test."""
    with pytest.raises(AnsibleFilterError) as info:
        call(*args, **kwargs)
    assert str(info.value.message).strip()
    return str(info.value.message)


def filter_error_or_result(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except AnsibleFilterError as exc:
        assert str(exc.message).strip()
        return None


# ------------------------------------------------------------------ the examples of the issue

def test_ankoder_notification_valid_body_still_parses():
    assert ankoder_notification(ankoder_body('{"type": "Convert", "Job": "55"}'), ANKODER_KEY) == {'type': 'Convert', 'Job': '55'}


@pytest.mark.parametrize('body', [b'message=\xff\xfe&signature=\xff', bytearray(b'\x80abc'), b'\xc3\x28'])
def test_ankoder_notification_non_utf8_bytes(body):
    assert 'UTF-8' in refused(ankoder_notification, body, ANKODER_KEY)


def test_ankoder_notification_deep_signed_message():
    assert 'nested too deeply' in refused(ankoder_notification, ankoder_body(DEEP), ANKODER_KEY)


@pytest.mark.parametrize('key', [None, 42, ['k'], b'\xff', '\udc80'])
def test_ankoder_notification_wrong_key(key):
    refused(ankoder_notification, ankoder_body('{}'), key)


@pytest.mark.parametrize('body', [None, 42, 1e999, ['message'], {'message': 1, 'signature': 2}, '\udc80=1', {'message': b'\xff'}])
def test_ankoder_notification_wrong_types(body):
    refused(ankoder_notification, body, ANKODER_KEY)


def test_moderation_callback_valid_body_still_parses():
    body = json.dumps({'taskId': 't1', 'code': 0, 'result': 2, 'videoSpams': [{'beginTime': 0, 'endTime': 5, 'type': 2,
                                                                               'tags': [{'tag': 110, 'level': 2}]}]}).encode('utf-8')
    result = moderation_callback(body, MODERATION_KEY, CALLBACK_URL, moderation_signed(body))
    assert result['verdict'] == 'reject'
    assert result['segments'][0]['tags'][0]['name'] == 'violence'


def test_moderation_callback_dict_body():
    body = {'taskId': 't1', 'code': 0}
    assert 'raw body' in refused(moderation_callback, body, MODERATION_KEY, CALLBACK_URL, moderation_signed(b'{}'))


@pytest.mark.parametrize('headers', [None, 'X-AppId: a', ['X-AppId'], 42, {'X-AppId': 1, 'X-TimeStamp': 2, 'Authorization': 3},
                                     {'X-AppId': 'a', 'X-TimeStamp': '2026-01-01T00:00:00Z', 'Authorization': ['x']}])
def test_moderation_callback_wrong_headers(headers):
    refused(moderation_callback, b'{}', MODERATION_KEY, CALLBACK_URL, headers)


def test_moderation_callback_host_header_not_text():
    headers = dict(moderation_signed(b'{}'), Host=8080)
    refused(moderation_callback, b'{}', MODERATION_KEY, CALLBACK_URL, headers)


@pytest.mark.parametrize('body', [DEEP.encode('ascii'), DEEP_OBJECT.encode('ascii')])
def test_moderation_callback_deep_signed_body(body):
    assert 'nested too deeply' in refused(moderation_callback, body, MODERATION_KEY, CALLBACK_URL, moderation_signed(body))


@pytest.mark.parametrize('document', [
    {'code': 1e999}, {'code': 0, 'result': -1e999}, {'code': [0]}, {'code': 0, 'videoSpams': 'abc'},
    {'code': 0, 'videoSpams': {'beginTime': 1}}, {'code': 0, 'videoSpams': [1, 2]}, {'code': 0, 'videoSpams': [{'tags': 'x'}]},
    {'code': 0, 'videoSpams': [{'beginTime': 1e999}]}, {'code': 0, 'videoSpams': [{'tags': [{'subTags': [None]}]}]},
    {'code': 0, 'videoSpams': [{'tags': [{'tag': {'a': 1}}]}]},
])
def test_moderation_callback_signed_body_of_the_wrong_shape(document):
    body = json.dumps(document).encode('utf-8').replace(b'Infinity', b'1e999')
    refused(moderation_callback, body, MODERATION_KEY, CALLBACK_URL, moderation_signed(body))


def test_moderation_callback_non_utf8_signed_body():
    body = b'{"code": "\xff"}'
    assert 'not JSON' in refused(moderation_callback, body, MODERATION_KEY, CALLBACK_URL, moderation_signed(body))


@pytest.mark.parametrize('args', [
    (b'{}', None, CALLBACK_URL), (b'{}', 42, CALLBACK_URL), (b'{}', MODERATION_KEY, None), (b'{}', MODERATION_KEY, 'http://[::1/x'),
    (42, MODERATION_KEY, CALLBACK_URL), ('\udc80', MODERATION_KEY, CALLBACK_URL),
])
def test_moderation_callback_wrong_arguments(args):
    refused(moderation_callback, *(args + (moderation_signed(b'{}'),)))


@pytest.mark.parametrize('options', [{'window': 'soon'}, {'window': 1e999}, {'window': None}, {'app_id': 42}, {'app_id': b'\xff'}])
def test_moderation_callback_wrong_options(options):
    refused(moderation_callback, b'{}', MODERATION_KEY, CALLBACK_URL, moderation_signed(b'{}'), **options)


@pytest.mark.parametrize('payload', [DEEP, DEEP.encode('ascii'), DEEP_OBJECT, b'\xff\xfe\x00{', bytearray(b'{"code": 200, "x": "\xff"}')])
def test_ovp_videos_deep_or_broken_text(payload):
    refused(ovp_videos, payload)


def test_ovp_videos_deep_mapping():
    deep = {}
    node = deep
    for dummy in range(5000):
        node['a'] = {}
        node = node['a']
    payload = {'code': 200, 'data': {'videoListInfo': [{'videoId': 'v', 'extra': deep}]}}
    assert 'nested too deeply' in refused(ovp_videos, payload)


def test_ovp_videos_cyclic_mapping():
    extra = {}
    extra['self'] = extra
    refused(ovp_videos, {'code': 200, 'data': {'videoListInfo': [{'videoId': 'v', 'extra': extra}]}})


def test_ovp_videos_huge_numbers_are_kept():
    videos = ovp_videos('{"code": 200, "data": {"videoListInfo": [{"videoSize": 1e999, "createTime": 1e999, "x": -1e999}]}}')
    assert videos[0]['video_size'] == float('inf')
    assert videos[0]['create_time_epoch'] is None


# ------------------------------------------------------------------ the fuzz

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-10 ** 400, max_value=10 ** 400)
           | st.floats() | st.text(max_size=20) | st.binary(max_size=20)
           | st.sampled_from(['1e999', '-1e999', 'NaN', 'null', '', '200', '0', '9' * 5000, '\udc80']))
values = st.recursive(scalars, lambda children: st.lists(children, max_size=4) | st.tuples(children)
                      | st.dictionaries(st.text(max_size=8) | st.integers(), children, max_size=4), max_leaves=25)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20)
deep_text = st.integers(min_value=1, max_value=20000).map(lambda depth: '[' * depth + ']' * depth)
# JSON text with the hostile bits JSON can carry: 1e999, deep nesting, invalid UTF-8 bytes
json_texts = st.one_of(
    json_values.map(json.dumps),
    json_values.map(lambda value: json.dumps(value).replace('0', '1e999', 1)),
    deep_text,
    st.builds(lambda depth, value: '{"a":' * depth + json.dumps(value) + '}' * depth, st.integers(1, 5000), json_values),
)
json_bytes = st.one_of(json_texts.map(lambda text: text.encode('utf-8')), st.binary(max_size=60),
                       st.builds(lambda text, junk: text.encode('utf-8') + junk, json_texts, st.binary(min_size=1, max_size=4)))
MODERATION_FIELDS = ['taskId', 'code', 'result', 'videoSpams', 'beginTime', 'endTime', 'type', 'url', 'tags', 'tag', 'level',
                     'subTags', 'subTag', 'tagNameEn']
moderation_documents = st.recursive(
    json_values, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(MODERATION_FIELDS), children, max_size=5),
    max_leaves=30)
OVP_FIELDS = ['code', 'data', 'message', 'videoListInfo', 'videoTotal', 'videoName', 'videoId', 'encrypt', 'videoSize', 'createTime',
              'flashAutoPlay', 'transcodeState', 'videoSourceCode', 'videoResolutions', 'clarity', 'serverType', 'width', 'fileSize']
ovp_keys = st.sampled_from(OVP_FIELDS) | st.text(max_size=6)
ovp_documents = st.recursive(
    scalars, lambda children: st.lists(children, max_size=3) | st.dictionaries(ovp_keys, children, max_size=5),
    max_leaves=30).map(lambda value: {'code': 200, 'data': {'videoListInfo': [value]}} if not isinstance(value, dict) else value)


@FUZZ
@given(body=values | json_bytes | json_texts, key=values | st.just(ANKODER_KEY))
def test_fuzz_ankoder_notification_any_input(body, key):
    filter_error_or_result(ankoder_notification, body, key)


@FUZZ
@given(message=json_bytes)
def test_fuzz_ankoder_notification_signed_messages(message):
    result = filter_error_or_result(ankoder_notification, ankoder_body(message), ANKODER_KEY)
    assert result is None or isinstance(result, dict)


@FUZZ
@given(body=values | json_bytes, key=values, url=values | st.just(CALLBACK_URL), headers=values,
       window=values | st.just(900), app_id=values)
def test_fuzz_moderation_callback_any_input(body, key, url, headers, window, app_id):
    filter_error_or_result(moderation_callback, body, key, url, headers, app_id=app_id, window=window)


@FUZZ
@given(body=st.one_of(json_bytes, moderation_documents.map(lambda value: json.dumps(value).encode('utf-8')),
                      moderation_documents.map(lambda value: json.dumps(value).replace('0', '1e999').encode('utf-8'))))
def test_fuzz_moderation_callback_signed_bodies(body):
    result = filter_error_or_result(moderation_callback, body, MODERATION_KEY, CALLBACK_URL, moderation_signed(body),
                                    app_id=MODERATION_APP)
    assert result is None or set(result) == {'task_id', 'code', 'state', 'verdict', 'verdict_code', 'segments'}


@FUZZ
@given(payload=values | json_bytes | json_texts | ovp_documents, summary=values | st.booleans())
def test_fuzz_ovp_videos(payload, summary):
    result = filter_error_or_result(ovp_videos, payload, summary=summary)
    assert result is None or isinstance(result, (list, dict))
