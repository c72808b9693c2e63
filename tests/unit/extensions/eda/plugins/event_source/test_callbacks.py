# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The mediaops.video.callbacks event source: main() serving real HTTP, good and bad requests for every service."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import datetime
import gzip
import json
import logging
import time
import urllib.parse
import uuid

import pytest
import yaml

from ansible_collections.mediaops.video.extensions.eda.plugins.event_source import callbacks
from ansible_collections.mediaops.video.plugins.module_utils._pallycon_callback import result_status as pallycon_status

from callbacks_testlib import ANKODER_KEY, MAX_BODY, MODERATION_KEY, TOKEN, ankoder_form, moderation_headers, moderation_stamp

EVENT_KEYS = {'service', 'kind', 'id', 'status', 'payload', 'received_at'}


def unique():
    return uuid.uuid4().hex


def assert_received_at(event, before, after):
    moment = datetime.datetime.strptime(event['received_at'], '%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=datetime.timezone.utc)
    assert before - 1 <= moment.timestamp() <= after + 1


def one_event(rx, status_text, before):
    status, text = status_text
    assert status == 200, text
    events = rx.events()
    assert len(events) == 1, events
    event = events[0]
    assert EVENT_KEYS <= set(event)
    assert_received_at(event, before, time.time())
    return event


def acknowledged(rx, status_text):
    """A redelivery: 200, answered as a duplicate, and no event."""
    status, text = status_text
    assert status == 200, text
    assert json.loads(text) == {'queued': 0, 'duplicate': True}
    assert rx.events() == []


def refused(rx, status_text, status):
    got, text = status_text
    assert got == status, text
    assert rx.events() == []


# ---------------------------------------------------------------------------------------------------- Ankoder

def convert_message(job=None, result='success'):
    """The seed's Convert notification (success example), with a fresh job id."""
    return json.dumps({'name': '179_bb5a492984c4c06e8d32f08c117a1b5ffd3b6a47_55.mp4', 'result': result, 'convert_video_id': '179',
                       'is_trimmed': False, 'original_video_id': '30', 'type': 'Convert', 'thumbnail_result': 'success',
                       'Job': job or unique(), 'error': ''})


def test_ankoder_convert_success_is_queued_normalised(rx):
    job = unique()
    message = convert_message(job)
    before = time.time()
    event = one_event(rx, rx.post('/ankoder', ankoder_form(message), {'Content-Type': 'application/x-www-form-urlencoded'}), before)
    assert event['service'] == 'ankoder'
    assert event['kind'] == 'Convert'
    assert event['id'] == job
    assert event['status'] == 'completed'
    assert event['payload'] == json.loads(message)


@pytest.mark.parametrize('message, kind, ident, status', [
    ({'result': 'fail', 'error': 'Original video is corrupted', 'is_trimmed': False, 'original_video_id': '30', 'type': 'Convert',
      'Job': '55'}, 'Convert', '55', 'failed'),
    ({'result': 'success', 'error': '', 'video_id': '1456', 'type': 'Download', 'video_name': '89db.flv'}, 'Download', '1456', 'downloaded'),
    ({'result': 'fail', 'error': 'The downloaded file is not a supported video', 'video_id': '1457', 'type': 'Download'},
     'Download', '1457', 'failed'),
    ({'result': 'success', 'error': '', 'type': 'Upload', 'job': {'id': '75', 'status': 'completed', 'profile': {'id': '1057165111'}}},
     'Upload', '75', 'completed'),
    ({'result': 'success', 'error': None, 'video_id': 173, 'type': 'NewVideo', 'custom_fields': {'custom_user': '1'}},
     'NewVideo', '173', 'downloaded'),
    ({'result': 'failed', 'error': 'invalid video', 'video_id': 61, 'type': 'NewVideo'}, 'NewVideo', '61', 'failed'),
])
def test_ankoder_notification_types(rx, message, kind, ident, status):
    message = dict(message, nonce=unique())  # every notification is new to the replay cache
    text = json.dumps(message)
    event = one_event(rx, rx.post('/ankoder', ankoder_form(text)), time.time())
    assert (event['kind'], event['id'], event['status']) == (kind, ident, status)
    assert event['payload'] == message


def signature_of(body):
    return urllib.parse.parse_qs(body.decode('ascii'))['signature'][0]


@pytest.mark.parametrize('where', ['inside', 'first'])
def test_ankoder_signature_sent_unescaped_is_accepted(rx, where):
    """The vendor's samples send the Base64 signature unescaped: each '+' arrives as a space, even a leading one."""
    for attempt in range(5000):
        message = convert_message()
        signature = signature_of(ankoder_form(message))
        if (where == 'first' and signature.startswith('+')) or (where == 'inside' and '+' in signature[1:]):
            break
    else:
        raise AssertionError('no signature with a "+" %s in 5000 messages' % where)
    body = ('message=' + urllib.parse.quote_plus(message) + '&signature=' + signature).encode('ascii')
    assert b'%2B' not in body.split(b'&signature=')[1]
    event = one_event(rx, rx.post('/ankoder', body), time.time())
    assert event['payload'] == json.loads(message)


@pytest.mark.parametrize('make_body', [
    lambda message: ankoder_form(message, key='another-account-key'),
    lambda message: ankoder_form(message, signature='NibHgyAxXotBRWjZkCztZ/jDHfc='),
    lambda message: ankoder_form(message.replace('success', 'fail', 1), signature=ankoder_form(message).decode().split('signature=')[1]),
    lambda message: b'message=' + message.encode('utf-8'),
    lambda message: b'signature=abc',
    lambda message: b'',
    lambda message: json.dumps({'message': message}).encode('utf-8'),
    lambda message: b'\xff\xfe' + ankoder_form(message),
], ids=['other-key', 'seed-signature', 'tampered-message', 'no-signature', 'no-message', 'empty', 'json', 'not-utf8'])
def test_ankoder_forged_or_unsigned_is_401(rx, make_body):
    refused(rx, rx.post('/ankoder', make_body(convert_message())), 401)


def test_ankoder_tampered_signature_in_transit_is_401(rx):
    message = convert_message()
    body = ankoder_form(message)
    refused(rx, rx.post('/ankoder', body.replace(b'Job', b'job')), 401)


def test_ankoder_redelivery_is_acknowledged_without_a_second_event(rx):
    body = ankoder_form(convert_message())
    one_event(rx, rx.post('/ankoder', body), time.time())
    acknowledged(rx, rx.post('/ankoder', body))
    acknowledged(rx, rx.post('/ankoder', body))


def test_ankoder_forged_redelivery_is_still_401(rx):
    message = convert_message()
    one_event(rx, rx.post('/ankoder', ankoder_form(message)), time.time())
    refused(rx, rx.post('/ankoder', ankoder_form(message, key='another-account-key')), 401)


def test_ankoder_authentic_but_not_json_is_400(rx):
    refused(rx, rx.post('/ankoder', ankoder_form('not json ' + unique())), 400)
    refused(rx, rx.post('/ankoder', ankoder_form(json.dumps([unique()]))), 400)


# ---------------------------------------------------------------------------------------------------- moderation

def moderation_result(code=0, result=2, task=None):
    """A final result as the service calls back with it: the result document plus taskId."""
    return {'errorCode': 0, 'code': code, 'result': result, 'taskId': task or unique(), 'videoSpams': [
        {'beginTime': 1000, 'endTime': 3000, 'type': 2, 'url': 'https://media.example.com/f.jpg',
         'tags': [{'tag': 110, 'tagName': '暴恐', 'tagNameEn': 'violence', 'level': 2, 'subTags': []}]}]}


def post_moderation(rx, document, **signing):
    body = json.dumps(document, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    return rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body, **signing))


@pytest.mark.parametrize('code, result, status', [(0, 0, 'pass'), (0, 1, 'review'), (0, 2, 'reject'), (1, None, 'failed')])
def test_moderation_result_is_queued_with_its_verdict(rx, code, result, status):
    document = moderation_result(code, result)
    event = one_event(rx, post_moderation(rx, document), time.time())
    assert event['service'] == 'moderation'
    assert event['kind'] == 'moderation_result'
    assert event['id'] == document['taskId']
    assert event['status'] == status
    assert event['payload'] == document


def test_moderation_host_is_signed_as_sent(rx):
    """The Host the service sent (the callback URL's) is what is signed, whatever address was dialled."""
    document = moderation_result()
    body = json.dumps(document).encode('utf-8')
    headers = moderation_headers('Hooks.Example.COM:8443', '/moderation', body)
    event = one_event(rx, rx.post('/moderation', body, headers), time.time())
    assert event['id'] == document['taskId']


@pytest.mark.parametrize('signing', [
    {'key': 'another-secret'},
    {'app_id': 'another-app'},
    {'method': 'PUT'},
], ids=['other-key', 'other-app-id', 'other-method'])
def test_moderation_forged_is_401(rx, signing):
    refused(rx, post_moderation(rx, moderation_result(), **signing), 401)


def test_moderation_signed_for_another_path_or_host_is_401(rx):
    body = json.dumps(moderation_result()).encode('utf-8')
    refused(rx, rx.post('/moderation', body, moderation_headers(rx.host, '/elsewhere', body)), 401)
    headers = moderation_headers('other.example.com', '/moderation', body)
    headers['Host'] = rx.host
    refused(rx, rx.post('/moderation', body, headers), 401)


def test_moderation_body_changed_after_signing_is_401(rx):
    document = moderation_result(result=2)
    body = json.dumps(document).encode('utf-8')
    headers = moderation_headers(rx.host, '/moderation', body)
    refused(rx, rx.post('/moderation', body.replace(b'"result": 2', b'"result": 0'), headers), 401)


@pytest.mark.parametrize('missing', ['X-AppId', 'X-TimeStamp', 'Authorization'])
def test_moderation_unsigned_is_401(rx, missing):
    body = json.dumps(moderation_result()).encode('utf-8')
    headers = moderation_headers(rx.host, '/moderation', body)
    del headers[missing]
    refused(rx, rx.post('/moderation', body, headers), 401)


@pytest.mark.parametrize('offset', [-301, 301, -86400, 86400 * 365])
def test_moderation_stale_or_future_timestamp_is_401(rx, offset):
    refused(rx, post_moderation(rx, moderation_result(), stamp=moderation_stamp(time.time() + offset)), 401)


@pytest.mark.parametrize('stamp', ['yesterday', '2026-11-22 00:21:52', '1795306912', ''])
def test_moderation_malformed_timestamp_is_401(rx, stamp):
    body = json.dumps(moderation_result()).encode('utf-8')
    headers = moderation_headers(rx.host, '/moderation', body, stamp=stamp)
    refused(rx, rx.post('/moderation', body, headers), 401)


def test_moderation_timestamp_inside_the_window_is_accepted(rx):
    event = one_event(rx, post_moderation(rx, moderation_result(), stamp=moderation_stamp(time.time() - 200)), time.time())
    assert event['status'] == 'reject'


def test_moderation_redelivery_is_acknowledged_without_a_second_event(rx):
    body = json.dumps(moderation_result()).encode('utf-8')
    headers = moderation_headers(rx.host, '/moderation', body)
    one_event(rx, rx.post('/moderation', body, headers), time.time())
    acknowledged(rx, rx.post('/moderation', body, headers))


def test_moderation_result_signed_again_later_is_acknowledged(rx):
    """A retry re-signs the same result document with a later X-TimeStamp: its event was queued already."""
    body = json.dumps(moderation_result()).encode('utf-8')
    one_event(rx, rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body, stamp=moderation_stamp(time.time() - 60))),
              time.time())
    acknowledged(rx, rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body)))


def test_moderation_stale_or_forged_redelivery_is_still_401(rx):
    body = json.dumps(moderation_result()).encode('utf-8')
    one_event(rx, rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body)), time.time())
    refused(rx, rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body, stamp=moderation_stamp(time.time() - 301))), 401)
    refused(rx, rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body, key='another-secret')), 401)


def test_moderation_authentic_but_malformed_is_400(rx):
    for body in (b'not json', b'[1, 2]', json.dumps({'code': 0, 'result': 1, 'taskId': unique(), 'videoSpams': 'oops'}).encode()):
        refused(rx, rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body)), 400)


# ---------------------------------------------------------------------------------------------------- PallyCon

def packaging_result(error_code='0000', job=None):
    """The seed's packaging result callback."""
    return {'job_id': job if job is not None else int(time.time() * 1000) % 1000000000 + len(unique()), 'error_code': error_code,
            'error_message': '' if error_code == '0000' else 'S3 access denied', 'input_contents_path': ['in/' + unique() + '.mp4'],
            'output_path': 'out/'}


@pytest.mark.parametrize('error_code, status', [('0000', 'success'), ('WM900007', 'failed'), ('WM900013', 'failed')])
def test_pallycon_result_is_queued_with_the_modules_status(rx, error_code, status):
    document = packaging_result(error_code)
    event = one_event(rx, rx.post_json('/pallycon?token=' + TOKEN, document), time.time())
    assert event['service'] == 'pallycon'
    assert event['kind'] == 'packaging_result'
    assert event['id'] == str(document['job_id'])
    assert event['status'] == status
    assert event['payload'] == document


@pytest.mark.parametrize('query', ['', '?token=', '?token=wrong', '?token=%s-' % TOKEN, '?token=%s&token=%s' % (TOKEN, TOKEN),
                                   '?Token=' + TOKEN, '?token=' + TOKEN.upper()])
def test_pallycon_without_the_token_is_401(rx, query):
    refused(rx, rx.post_json('/pallycon' + query, packaging_result()), 401)


def test_pallycon_token_in_a_header_is_not_enough(rx):
    refused(rx, rx.post_json('/pallycon', packaging_result(), {'Authorization': 'Bearer ' + TOKEN, 'X-Token': TOKEN}), 401)


def test_pallycon_redelivery_is_acknowledged_without_a_second_event(rx):
    body = json.dumps(packaging_result()).encode('utf-8')
    one_event(rx, rx.post('/pallycon?token=' + TOKEN, body), time.time())
    acknowledged(rx, rx.post('/pallycon?token=' + TOKEN, body))
    refused(rx, rx.post('/pallycon?token=wrong', body), 401)


@pytest.mark.parametrize('body', [b'', b'{', b'[]', b'"text"', b'\xff\xfe\x00'])
def test_pallycon_authentic_but_malformed_is_400(rx, body):
    refused(rx, rx.post('/pallycon?token=' + TOKEN, body), 400)


# ---------------------------------------------------------------------------------------------------- OVP

def ovp_video(video_id, encrypt=0, transcode='1', state='1'):
    return {'createUser': 'testUser', 'encrypt': encrypt, 'flashAutoPlay': 1, 'flashImageRatio': 0, 'publishDomain': 'ovp.example.net',
            'transcodeState': transcode, 'updateTime': '1501578874', 'uploadTime': '1501578866', 'videoClassification': 'null',
            'videoDescription': '', 'videoDuration': '36', 'videoId': video_id, 'videoName': 'clip-' + video_id, 'videoSize': '11153160',
            'videoSourceCode': 2, 'videoState': state,
            'videoResolutions': [{'clarity': 1, 'fileSize': 5573951, 'height': 768, 'serverType': -1, 'width': 1364}]}


def test_ovp_callback_gives_one_normalised_event_per_video(rx):
    first, second = unique().upper(), unique().upper()
    document = {'code': 200, 'message': 'success', 'data': {'videoTotal': '2', 'videoListInfo': [
        ovp_video(first, encrypt=0, transcode='1'), ovp_video(second, encrypt=1, transcode='5', state='0')]}}
    status, text = rx.post_json('/ovp?token=' + TOKEN, document)
    assert status == 200, text
    events = rx.events()
    assert [(e['service'], e['kind'], e['id'], e['status']) for e in events] == [
        ('ovp', 'video_upload', first, 'transcoded'),          # encrypt 0: transcodeState 1 is "transcoded"
        ('ovp', 'video_upload', second, 'not_transcoded'),     # encrypt 1: transcodeState 5 is "not transcoded"
    ]
    for event, raw in zip(events, document['data']['videoListInfo']):
        assert EVENT_KEYS <= set(event)
        # each event carries only its own video
        assert event['payload'] == {'code': 200, 'message': 'success', 'data': {'videoTotal': '2', 'videoListInfo': [raw]}}
    video = events[0]['video']
    assert video['video_size'] == 11153160 and video['video_duration'] == 36
    assert video['upload_time'] == '2017-08-01T09:14:26Z' and video['upload_time_epoch'] == 1501578866
    assert video['video_classification'] is None
    assert video['encrypt'] == {'code': 0, 'name': 'unencrypted'}
    assert video['video_resolutions'][0]['server_type'] == {'code': -1, 'name': 'unknown'}
    assert events[1]['video']['video_state'] == {'code': 0, 'name': 'unavailable'}


def test_ovp_error_code_is_one_failed_event(rx):
    document = {'code': '500', 'message': 'internal error ' + unique(), 'data': None}
    event = one_event(rx, rx.post_json('/ovp?token=' + TOKEN, document), time.time())
    assert (event['service'], event['kind'], event['id'], event['status']) == ('ovp', 'video_upload', None, 'failed')
    assert event['payload'] == document


def test_ovp_wrong_token_is_401(rx):
    document = {'code': 200, 'data': {'videoListInfo': [ovp_video(unique())]}}
    refused(rx, rx.post_json('/ovp?token=nope', document), 401)
    refused(rx, rx.post_json('/ovp', document), 401)


def test_ovp_redelivery_is_acknowledged_without_a_second_event(rx):
    body = json.dumps({'code': 200, 'data': {'videoListInfo': [ovp_video(unique())]}}).encode('utf-8')
    status, text = rx.post('/ovp?token=' + TOKEN, body)
    assert status == 200, text
    assert len(rx.events()) == 1
    acknowledged(rx, rx.post('/ovp?token=' + TOKEN, body))


def test_ovp_callback_over_max_videos_is_413(rx):
    """The receiver's limit is the default, 100 videos: 101 small ones (well under max_body_bytes) are refused."""
    document = {'code': 200, 'data': {'videoListInfo': [{'videoId': str(n)} for n in range(101)]}}
    assert len(json.dumps(document)) < MAX_BODY
    refused(rx, rx.post_json('/ovp?token=' + TOKEN, document), 413)
    document['data']['videoListInfo'].pop()
    status, text = rx.post_json('/ovp?token=' + TOKEN, document)
    assert status == 200, text
    assert len(rx.events()) == 100


@pytest.mark.parametrize('document', [[], 'x', {'message': 'no code'}, {'code': 200, 'data': []},
                                      {'code': 200, 'data': {'videoListInfo': 'nope'}}, {'code': 200, 'data': {'videoListInfo': [1]}}])
def test_ovp_authentic_but_malformed_is_400(rx, document):
    refused(rx, rx.post_json('/ovp?token=' + TOKEN, document), 400)


# ---------------------------------------------------------------------------------------------------- every route

def valid_requests(rx):
    """One authentic request per route (fresh content each call)."""
    moderation_body = json.dumps(moderation_result()).encode('utf-8')
    return {
        'ankoder': ('/ankoder', ankoder_form(convert_message()), {}),
        'moderation': ('/moderation', moderation_body, moderation_headers(rx.host, '/moderation', moderation_body)),
        'pallycon': ('/pallycon?token=' + TOKEN, json.dumps(packaging_result()).encode('utf-8'), {}),
        'ovp': ('/ovp?token=' + TOKEN, json.dumps({'code': 200, 'data': {'videoListInfo': [ovp_video(unique())]}}).encode('utf-8'), {}),
    }


@pytest.mark.parametrize('service', callbacks.SERVICES)
def test_oversized_body_by_content_length_is_413(rx, service):
    path, body, headers = valid_requests(rx)[service]
    padded = body + b' ' * (MAX_BODY + 1 - len(body))
    if service == 'moderation':
        headers = moderation_headers(rx.host, '/moderation', padded)
    refused(rx, rx.post(path, padded, headers), 413)


@pytest.mark.parametrize('service', callbacks.SERVICES)
def test_oversized_chunked_body_is_413(rx, service):
    path, body, headers = valid_requests(rx)[service]
    padded = body + b' ' * (2 * MAX_BODY)
    if service == 'moderation':
        headers = moderation_headers(rx.host, '/moderation', padded)
    status, text = rx.post(path, padded, headers, chunked=True)
    assert status in (413, 'closed'), text
    assert rx.events() == []


@pytest.mark.parametrize('service', callbacks.SERVICES)
def test_body_at_the_limit_is_accepted(rx, service):
    path, body, headers = valid_requests(rx)[service]
    if service == 'ankoder':
        return  # the form body cannot be padded without changing its fields
    padded = body + b' ' * (MAX_BODY - len(body))
    if service == 'moderation':
        headers = moderation_headers(rx.host, '/moderation', padded)
    status, text = rx.post(path, padded, headers)
    assert status == 200, text
    assert len(rx.events()) == 1


@pytest.mark.parametrize('service', callbacks.SERVICES)
def test_source_outside_the_allow_list_is_403(walled, service):
    path, body, headers = valid_requests(walled)[service]
    refused(walled, walled.post(path, body, headers), 403)


@pytest.mark.parametrize('service', callbacks.SERVICES)
def test_wrong_method_is_405(rx, service):
    path = valid_requests(rx)[service][0]
    for method in ('GET', 'PUT', 'DELETE'):
        refused(rx, rx.request(method, path), 405)


@pytest.mark.parametrize('path', ['/', '/webhook', '/ankoder/extra', '/ANKODER', '/ovp/'])
def test_unknown_route_is_404(rx, path):
    refused(rx, rx.post(path + '?token=' + TOKEN, b'{}'), 404)


def test_route_without_its_secret_is_not_served(token_only):
    body = ankoder_form(convert_message())
    refused(token_only, token_only.post('/ankoder', body), 404)
    moderation_body = json.dumps(moderation_result()).encode('utf-8')
    refused(token_only, token_only.post('/moderation', moderation_body, moderation_headers(token_only.host, '/moderation', moderation_body)),
            404)
    event = one_event(token_only, token_only.post_json('/pallycon?token=' + TOKEN, packaging_result()), time.time())
    assert event['service'] == 'pallycon'


def test_rejections_are_logged_without_secrets(rx, caplog):
    caplog.set_level(logging.INFO, logger='mediaops.video.callbacks')
    requests = valid_requests(rx)
    rx.post('/ankoder', ankoder_form(convert_message(), key='other'))
    rx.post_json('/pallycon?token=' + TOKEN + 'x', packaging_result())
    path, body, headers = requests['moderation']
    rx.post(path, body, dict(headers, **{'X-TimeStamp': moderation_stamp(0)}))
    assert rx.events() == []
    text = caplog.text
    assert 'refused POST /ankoder' in text and 'refused POST /pallycon' in text and 'refused POST /moderation' in text
    for secret in (ANKODER_KEY, MODERATION_KEY, TOKEN, headers['Authorization']):
        assert secret not in text


# ---------------------------------------------------------------------------------------------------- arguments and pieces

def test_documentation_matches_the_argument_spec():
    options = yaml.safe_load(callbacks.DOCUMENTATION)['options']
    assert set(options) == set(callbacks.ARGUMENT_SPEC)
    for name, (kind, default, required) in callbacks.ARGUMENT_SPEC.items():
        assert options[name]['type'] == kind, name
        assert options[name].get('default') == default, name
        assert bool(options[name].get('required')) == required, name
    examples = yaml.safe_load(callbacks.EXAMPLES)
    assert set(examples[0]['sources'][0]['mediaops.video.callbacks']) <= set(callbacks.ARGUMENT_SPEC)


@pytest.mark.parametrize('args, words', [
    ({'port': 5080}, 'at least one'),
    ({'token': 't'}, 'port is required'),
    ({'port': 'http', 'token': 't'}, 'port must be an integer'),
    ({'port': 70000, 'token': 't'}, 'between 1 and 65535'),
    ({'port': 5080, 'token': 't', 'allowed_sources': ['10.0.0.0/33']}, 'not an address or network'),
    ({'port': 5080, 'token': 't', 'max_body_bytes': 0}, 'max_body_bytes must be positive'),
    ({'port': 5080, 'token': 't', 'hmac_secret': 'x'}, 'unknown argument(s) hmac_secret'),
    ({'port': 5080, 'token': ['t']}, 'token must be a string'),
])
def test_bad_arguments_stop_main_before_listening(args, words):
    with pytest.raises(ValueError) as caught:
        asyncio.run(callbacks.main(asyncio.Queue(), args))
    assert words in str(caught.value)


def test_settings_defaults_and_types():
    settings = callbacks.Settings({'port': '5080', 'token': 't', 'allowed_sources': '10.0.0.0/8, 192.0.2.7'})
    assert (settings.host, settings.port, settings.max_body_bytes, settings.replay_window) == ('127.0.0.1', 5080, 1048576, 900)
    assert settings.services == ('pallycon', 'ovp')
    assert [str(n) for n in settings.allowed_sources] == ['10.0.0.0/8', '192.0.2.7/32']


@pytest.mark.parametrize('remote, allowed', [
    ('10.1.2.3', True), ('11.0.0.1', False), ('::ffff:10.9.9.9', True), ('2001:db8::1', True), ('2001:db9::1', False),
    ('fe80::1%eth0', False), (None, False), ('', False), ('not-an-ip', False),
])
def test_source_allowed(remote, allowed):
    networks = callbacks.Settings({'port': 1, 'token': 't', 'allowed_sources': ['10.0.0.0/8', '2001:db8::/32']}).allowed_sources
    assert callbacks.source_allowed(remote, networks) is allowed


def test_no_allow_list_allows_everyone():
    assert callbacks.source_allowed('203.0.113.9', None) is True


@pytest.mark.parametrize('body, status', [
    ({'error_code': '0000'}, 'success'), ({'error_code': 0}, 'success'), ({'error_code': 'WM900007'}, 'failed'),
    ({'error_code': None}, 'failed'), ({}, 'failed'), ({'status': 'WM030', 'error_code': '0000'}, 'success'),
    ({'status': 'WM999', 'error_code': 'WM900013'}, 'failed'), ({'status': 'WM022100'}, 'processing'), ({'status': 'WM200'}, 'stopped'),
])
def test_pallycon_status_mapping(body, status):
    assert pallycon_status(body) == status


def test_expect_100_continue_is_honoured(rx):
    document = packaging_result()
    event = one_event(rx, rx.post_json('/pallycon?token=' + TOKEN, document, {'Expect': '100-continue'}), time.time())
    assert event['payload'] == document


@pytest.mark.parametrize('value', ['gzip', '\x80', '100-continue, more'])
def test_unsupported_expect_is_417(rx, value):
    refused(rx, rx.post_json('/pallycon?token=' + TOKEN, packaging_result(), {'Expect': value}), 417)


def test_expect_with_an_oversized_body_is_413_before_the_body_is_sent(rx):
    refused(rx, rx.post('/ovp?token=' + TOKEN, b'{' + b' ' * MAX_BODY + b'}', {'Expect': '100-continue'}), 413)


def test_expect_from_a_disallowed_source_is_403(walled):
    refused(walled, walled.post_json('/pallycon?token=' + TOKEN, packaging_result(), {'Expect': '100-continue'}), 403)


def test_wrong_method_answer_names_post(rx):
    connection_status, text = rx.request('GET', '/pallycon')
    assert connection_status == 405 and 'method not allowed' in text


@pytest.mark.parametrize('route', ['/ankoder', '/moderation', '/pallycon?token=' + TOKEN, '/ovp?token=' + TOKEN])
@pytest.mark.parametrize('encoding', ['gzip', 'deflate', 'br', 'GZIP', 'x-unknown'])
def test_compressed_body_is_415(rx, route, encoding):
    """The services send plain bodies: a compressed one (valid or not, however small) is refused unread."""
    for body in (gzip.compress(json.dumps(packaging_result()).encode('utf-8')), b'{}', b'\x00\x00 not compressed'):
        refused(rx, rx.post(route, body, {'Content-Encoding': encoding}), 415)


def test_identity_content_encoding_is_accepted(rx):
    document = packaging_result()
    event = one_event(rx, rx.post_json('/pallycon?token=' + TOKEN, document, {'Content-Encoding': 'identity'}), time.time())
    assert event['payload'] == document
