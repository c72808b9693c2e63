# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _moderation_signer as signer
from ansible_collections.mediaops.video.plugins.module_utils._moderation import typed_result

SECRET = 'demo-moderation-secret-0001'
APP = 'demo-app-0001'
STAMP = '2026-11-22T00:21:52Z'
NOW = 1795306912
BODY = b'{"type":1,"video":"https://media.example.com/a.mp4"}'


def expected_signature(secret, method, host, path, body, app_id, stamp):
    text = method + '\n' + host + '\n' + path + '\n' + hashlib.sha256(body).hexdigest() + '\n' + 'X-AppId:' + app_id + '\n' + 'X-TimeStamp:' + stamp
    return base64.b64encode(hmac.new(secret.encode('utf-8'), text.encode('utf-8'), hashlib.sha256).digest()).decode('ascii')


def test_string_to_sign_step_by_step():
    text = signer.string_to_sign('post', 'VSafe.example.COM:8443', '/api/v1/video/check/submit', BODY, APP, STAMP)
    assert text == ('POST\nvsafe.example.com:8443\n/api/v1/video/check/submit\n' + hashlib.sha256(BODY).hexdigest()
                    + '\nX-AppId:demo-app-0001\nX-TimeStamp:2026-11-22T00:21:52Z')
    assert not text.endswith('\n')


def test_signature_step_by_step():
    assert signer.signature(SECRET, 'POST', 'h:1', '/p', BODY, APP, STAMP) == expected_signature(SECRET, 'POST', 'h:1', '/p', BODY, APP, STAMP)


# Moderation V of the wire contract: iLiveData's own Python sample, run (a literal, not recomputed here).
VENDOR_BODY = b'{"type": 1, "userId": "12345678", "video": "https://cdn.example.com/v/1.mp4"}'
VENDOR_AUTHORIZATION = 'Np3mCifdFRzkEbIC0h3fagdhdUPPe/5ZxovA/1BUg/Y='


def test_vendor_sample_vector():
    assert signer.signature('vendor-sample-secret', 'POST', 'vsafe.ilivedata.com', '/api/v1/video/check/submit', VENDOR_BODY,
                            '1000123', '2026-12-06T05:40:12Z') == VENDOR_AUTHORIZATION


def test_vendor_sample_vector_through_the_request_headers():
    headers = signer.request_headers('1000123', 'vendor-sample-secret', 'post', 'https://vsafe.ilivedata.com/api/v1/video/check/submit',
                                     VENDOR_BODY, '2026-12-06T05:40:12Z')
    assert headers['Host'] == 'vsafe.ilivedata.com'
    assert headers['Authorization'] == VENDOR_AUTHORIZATION


def test_vendor_sample_vector_verifies_as_a_callback():
    headers = {'X-AppId': '1000123', 'X-TimeStamp': '2026-12-06T05:40:12Z', 'Authorization': VENDOR_AUTHORIZATION}
    parsed = signer.verify_callback('vendor-sample-secret', 'https://vsafe.ilivedata.com/api/v1/video/check/submit', VENDOR_BODY, headers,
                                    now=1796535612 + 30)
    assert parsed['userId'] == '12345678'


def test_empty_path_signs_a_slash():
    assert signer.host_and_path('https://vsafe.example.com') == ('vsafe.example.com', '/')
    assert signer.host_and_path('http://user:pw@127.0.0.1:8790/m/x?q=1') == ('127.0.0.1:8790', '/m/x')


def test_request_headers():
    headers = signer.request_headers(APP, SECRET, 'POST', 'http://127.0.0.1:8790/moderation/api/v1/video/check/submit', BODY, STAMP)
    assert headers['Host'] == '127.0.0.1:8790'
    assert headers['X-AppId'] == APP and headers['X-TimeStamp'] == STAMP
    assert headers['Authorization'] == expected_signature(SECRET, 'POST', '127.0.0.1:8790', '/moderation/api/v1/video/check/submit', BODY, APP, STAMP)


def test_body_bytes_are_compact_utf8():
    assert signer.body_bytes({'videoName': 'é.mp4', 'type': 2}) == '{"videoName":"é.mp4","type":2}'.encode('utf-8')


def test_timestamp():
    assert signer.timestamp(NOW) == STAMP


CALLBACK_URL = 'http://127.0.0.1:5000/moderation?token=x'
CALLBACK_BODY = b'{"taskId":"abc","errorCode":0,"code":0,"result":2,"videoSpams":[]}'


def callback_headers(body=CALLBACK_BODY, stamp=STAMP, secret='cb-secret', host='127.0.0.1:5000'):
    return {'x-appid': APP, 'X-TimeStamp': stamp,
            'AUTHORIZATION': expected_signature(secret, 'POST', host, '/moderation', body, APP, stamp)}


def test_callback_verifies_and_parses():
    parsed = signer.verify_callback('cb-secret', CALLBACK_URL, CALLBACK_BODY, callback_headers(), now=NOW + 60)
    assert parsed['taskId'] == 'abc'


@pytest.mark.parametrize('change, message', [
    (dict(body=b'{"taskId":"abc","errorCode":0,"code":0,"result":0,"videoSpams":[]}'), 'does not match'),
    (dict(secret='other'), 'does not match'),
    (dict(stamp='2026-11-21T23:00:00Z'), 'outside the 900 s window'),
    (dict(stamp='22/11/2026'), 'is not of the form'),
])
def test_callback_refusals(change, message):
    body = CALLBACK_BODY
    headers = callback_headers(**change)
    with pytest.raises(signer.CallbackError) as caught:
        signer.verify_callback('cb-secret', CALLBACK_URL, body, headers, now=NOW + 60)
    assert message in caught.value.message


def test_callback_reserialised_body_fails():
    reserialised = b'{"taskId": "abc", "errorCode": 0, "code": 0, "result": 2, "videoSpams": []}'
    with pytest.raises(signer.CallbackError):
        signer.verify_callback('cb-secret', CALLBACK_URL, reserialised, callback_headers(), now=NOW)


def test_callback_missing_headers_and_other_app():
    with pytest.raises(signer.CallbackError):
        signer.verify_callback('cb-secret', CALLBACK_URL, CALLBACK_BODY, {'X-AppId': APP}, now=NOW)
    with pytest.raises(signer.CallbackError) as caught:
        signer.verify_callback('cb-secret', CALLBACK_URL, CALLBACK_BODY, callback_headers(), app_id='another', now=NOW)
    assert 'another app id' in caught.value.message


def test_typed_result_names_tags_in_english():
    body = {'errorCode': 0, 'code': 0, 'result': 2, 'videoSpams': [
        {'beginTime': 5000, 'endTime': '10000', 'type': 1, 'url': 'u', 'tags': [
            {'tag': 110, 'tagName': '暴恐', 'tagNameEn': None, 'level': 2,
             'subTags': [{'subTag': 110001, 'subTagName': '血腥', 'subTagNameEn': 'bloody', 'level': 2}]},
            {'tag': 999, 'tagName': 'x', 'level': 1}]}]}
    result = typed_result(body, 'abc')
    assert (result['state'], result['verdict'], result['verdict_code']) == ('done', 'reject', 2)
    segment = result['segments'][0]
    assert (segment['begin_ms'], segment['end_ms'], segment['type']) == (5000, 10000, 'image')
    assert segment['tags'][0] == {'tag': 110, 'name': 'violence', 'level': 2, 'sub_tags': [{'sub_tag': 110001, 'name': 'bloody', 'level': 2}]}
    assert segment['tags'][1]['name'] == 'unknown'


def test_typed_result_while_detecting_has_no_verdict():
    result = typed_result({'errorCode': 0, 'code': 2, 'result': 0}, 'abc')
    assert (result['state'], result['verdict']) == ('detecting', None)


def test_typed_result_numbers_follow_the_number_rules():
    result = typed_result({'code': '0', 'result': '2.0', 'videoSpams': [
        {'beginTime': '1500', 'endTime': 2500.5, 'type': True, 'tags': [{'tag': '110', 'level': 'high'}]}]}, 'T1')
    assert (result['code'], result['verdict_code'], result['verdict']) == (0, 2, 'reject')
    segment = result['segments'][0]
    # a fraction is kept, not cut off (int() made 2500.5 into 2500 and True into 1 before)
    assert segment['begin_ms'] == 1500 and segment['end_ms'] == 2500.5 and segment['type'] == 'unknown'
    assert segment['tags'][0]['tag'] == 110 and segment['tags'][0]['name'] == 'violence' and segment['tags'][0]['level'] == 'high'
