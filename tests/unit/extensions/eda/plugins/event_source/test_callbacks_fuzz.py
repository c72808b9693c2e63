# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fuzzing the mediaops.video.callbacks receiver with hypothesis.

Random and malformed bodies, headers and query strings to every route of a
running ``main()``: the receiver never fails (no 5xx), nothing unauthenticated
reaches the queue, and authentic requests with odd bodies are either queued as
well-formed events or refused with a 4xx.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import urllib.parse

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from callbacks_testlib import ANKODER_KEY, MODERATION_APP, MODERATION_KEY, TOKEN, ankoder_form, moderation_headers, moderation_stamp, start_receiver

EVENT_KEYS = {'service', 'kind', 'id', 'status', 'payload', 'received_at'}
FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

ROUTES = ['/ankoder', '/moderation', '/pallycon', '/ovp']
HEADER_NAMES = ['X-AppId', 'X-TimeStamp', 'Authorization', 'Content-Type', 'Host', 'X-Forwarded-For', 'Content-Encoding',
                'Transfer-Encoding', 'Expect', 'Cookie', 'X-Token']

# header values http.client can send: Latin-1, no CR/LF
header_values = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255, blacklist_characters='\x7f'), max_size=60),
    st.sampled_from(['gzip', 'deflate', 'br', 'chunked', '100-continue', 'application/json', 'application/x-www-form-urlencoded',
                     MODERATION_APP, '2026-11-22T00:21:52Z', moderation_stamp(), '127.0.0.1', 'localhost:1']),
)
headers_strategy = st.dictionaries(st.sampled_from(HEADER_NAMES), header_values, max_size=6).filter(
    lambda headers: headers.get('Transfer-Encoding', '').strip().lower() not in ('chunked',))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2 ** 70, max_value=2 ** 70) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)


def keyed(names):
    """JSON objects whose keys come mostly from ``names`` (a service's own fields) with random values."""
    return st.dictionaries(st.sampled_from(names) | st.text(max_size=10), json_values, max_size=len(names) + 2)


OVP_FIELDS = ['videoName', 'videoId', 'createUser', 'encrypt', 'videoSize', 'videoDuration', 'createTime', 'uploadTime', 'updateTime',
              'videoDescription', 'videoClassification', 'imageUrl', 'publishDomain', 'flashPlayerName', 'flashPlayerId',
              'flashImageRatio', 'flashAutoPlay', 'videoState', 'transcodeState', 'videoSourceCode', 'videoResolutions']
ovp_documents = st.fixed_dictionaries({
    'code': st.sampled_from([200, '200', 200.0, 500, '500', None, True]) | json_values,
    'data': st.fixed_dictionaries({'videoListInfo': st.lists(keyed(OVP_FIELDS), max_size=3) | json_values,
                                   'videoTotal': json_values}) | json_values,
    'message': json_values,
})
moderation_documents = keyed(['code', 'result', 'taskId', 'errorCode', 'videoSpams']) | st.fixed_dictionaries({
    'code': st.sampled_from([0, 1, 2, 3, '0']) | json_values,
    'result': st.sampled_from([0, 1, 2]) | json_values,
    'taskId': st.text(max_size=40) | json_values,
    'videoSpams': st.lists(keyed(['beginTime', 'endTime', 'type', 'url', 'tags']) | json_values, max_size=3) | json_values,
})
ankoder_messages = keyed(['type', 'result', 'error', 'Job', 'job', 'video_id', 'convert_video_id']) | st.fixed_dictionaries({
    'type': st.sampled_from(['Download', 'Convert', 'Upload', 'NewVideo']) | json_values,
    'result': st.sampled_from(['success', 'fail', 'failed']) | json_values,
    'Job': json_values, 'job': json_values, 'video_id': json_values,
})
pallycon_documents = keyed(['job_id', 'error_code', 'error_message', 'input_contents_path', 'output_path', 'status'])


def dumps(document):
    return json.dumps(document, allow_nan=False).encode('utf-8')


def nested(depth, inner=b'1'):
    """JSON nested ``depth`` levels (lists and objects alternating), a few thousand deep breaks json.loads' recursion."""
    text = inner
    for level in range(depth):
        text = (b'[' + text + b']') if level % 2 else (b'{"k":' + text + b'}')
    return text


# what the issue reproduced: deep nesting (RecursionError), numbers out of range, bytes that are not UTF-8, wrong types
hostile_bodies = st.one_of(
    st.integers(min_value=60, max_value=6000).map(nested),
    st.integers(min_value=1, max_value=40).map(lambda depth: nested(depth, b'1e999')),
    st.sampled_from([b'1e999', b'-1e999', b'NaN', b'Infinity', b'-Infinity', b'1' * 5000]).map(
        lambda number: b'{"job_id": %s, "code": %s, "taskId": %s, "error_code": %s}' % (number, number, number, number)),
    st.binary(min_size=1, max_size=40).filter(lambda raw: not _utf8(raw)).map(lambda raw: b'{"job_id": "' + raw + b'"}'),
    st.sampled_from([[], 'x', 1, None, True, {'code': []}, {'data': 'x'}, {'videoSpams': {}}, {'error_code': {}}]).map(dumps),
)


def _utf8(raw):
    try:
        raw.decode('utf-8')
    except UnicodeDecodeError:
        return False
    return True


raw_bodies = st.one_of(
    st.binary(max_size=600),
    json_values.map(dumps),
    st.dictionaries(st.sampled_from(['message', 'signature', 'token']) | st.text(max_size=8), st.text(max_size=40), max_size=4).map(
        lambda fields: urllib.parse.urlencode(fields).encode('utf-8')),
    (ovp_documents | moderation_documents | pallycon_documents).map(dumps),
    hostile_bodies,
    ankoder_messages.map(lambda message: ankoder_form(json.dumps(message), key='not-the-key')),
)

queries = st.one_of(
    st.just(''),
    st.dictionaries(st.sampled_from(['token', 'Token', 'TOKEN', 'token[]', 'x']), st.text(max_size=30), max_size=3).map(
        lambda query: '?' + urllib.parse.urlencode(query)),
    st.lists(st.text(max_size=30).filter(lambda value: value != TOKEN), min_size=2, max_size=3).map(
        lambda values: '?' + '&'.join('token=' + urllib.parse.quote(value) for value in values)),
    st.text(max_size=40).map(lambda text: '?' + urllib.parse.quote(text, safe='=&;%+')),
)


def no_token(path):
    query = urllib.parse.urlsplit(path).query
    return TOKEN not in urllib.parse.parse_qs(query, keep_blank_values=True).get('token', []) and TOKEN not in query


def check_events(events, service):
    for event in events:
        assert EVENT_KEYS <= set(event)
        assert event['service'] == service
        assert event['id'] is None or isinstance(event['id'], str)
        assert isinstance(event['status'], str) and event['status']
        assert isinstance(event['payload'], dict)


@FUZZ
@given(route=st.sampled_from(ROUTES + ['/', '/unknown', '/ovp/x']), method=st.sampled_from(['POST', 'POST', 'POST', 'GET', 'PUT', 'PATCH']),
       query=queries, headers=headers_strategy, body=raw_bodies)
def test_unauthenticated_requests_never_reach_the_queue(receiver, route, method, query, headers, body):
    path = route + query
    if not no_token(path):
        return
    status, text = receiver.request(method, path, body, headers)
    assert status == 'closed' or 400 <= status < 500, (status, text)
    assert receiver.events() == []


@FUZZ
@given(service=st.sampled_from(['pallycon', 'ovp']), extra=st.dictionaries(st.sampled_from(['x', 'job', 'code']), st.text(max_size=10)),
       headers=headers_strategy.filter(lambda headers: 'Content-Encoding' not in headers and 'Host' not in headers),
       body=st.one_of(st.binary(max_size=600), json_values.map(dumps), ovp_documents.map(dumps), pallycon_documents.map(dumps),
                      hostile_bodies))
def test_authentic_unsigned_routes_with_odd_bodies(receiver, service, extra, headers, body):
    query = urllib.parse.urlencode(dict(extra, token=TOKEN))
    status, text = receiver.post('/%s?%s' % (service, query), body, headers)
    events = receiver.events()
    assert status == 200 or 400 <= status < 500, (status, text)
    if status == 200:
        check_events(events, service)
    else:
        assert events == []


def one_or_duplicate(status, text, events, service):
    """200 with one event, or 200 acknowledging a redelivery with none (hypothesis repeats examples), or a 4xx with none."""
    assert status == 200 or 400 <= status < 500, (status, text)
    if status == 200 and json.loads(text).get('duplicate'):
        assert events == []
    elif status == 200:
        assert len(events) == 1
        check_events(events, service)
    else:
        assert events == []


@FUZZ
@given(message=st.one_of(ankoder_messages.map(json.dumps), st.text(min_size=1, max_size=200), hostile_bodies.map(lambda raw: raw.decode('latin-1'))))
def test_authentic_ankoder_notifications_with_odd_messages(receiver, message):
    status, text = receiver.post('/ankoder', ankoder_form(message, key=ANKODER_KEY))
    one_or_duplicate(status, text, receiver.events(), 'ankoder')


@FUZZ
@given(body=st.one_of(moderation_documents.map(dumps), json_values.map(dumps), st.binary(max_size=400), hostile_bodies))
def test_authentic_moderation_callbacks_with_odd_bodies(receiver, body):
    status, text = receiver.post('/moderation', body, moderation_headers(receiver.host, '/moderation', body))
    one_or_duplicate(status, text, receiver.events(), 'moderation')


@pytest.fixture(scope='module')
def receiver():
    """Every route configured, with a body limit (64 KiB) that lets bodies nested thousands of levels deep through."""
    server = start_receiver(ankoder_private_key=ANKODER_KEY, moderation_secret_key=MODERATION_KEY, moderation_app_id=MODERATION_APP,
                            token=TOKEN, max_body_bytes=64 * 1024, replay_window=300)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _empty_queue(receiver):
    receiver.events()
    yield
    receiver.events()
