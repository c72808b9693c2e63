# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import copy
import datetime
import hashlib
import json

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ovp as ovp
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError
from ansible_collections.mediaops.video.tests.unit.plugins.ovp_seed import SEED_EXAMPLE


def seed():
    return json.loads(SEED_EXAMPLE)


def video(**fields):
    """A minimal item with the seed's first video's codes, overridden by fields (wire names)."""
    item = copy.deepcopy(seed()['data']['videoListInfo'][0])
    item.update(fields)
    return item


def payload(*items, **top):
    body = {'code': 200, 'data': {'videoListInfo': list(items), 'videoTotal': len(items)}, 'message': 'success'}
    body.update(top)
    return body


def iso(epoch):
    """ISO 8601 UTC of an epoch, computed step by step: whole days since 1970-01-01, then the time of day."""
    days, seconds = divmod(epoch, 86400)
    day = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return '%sT%02d:%02d:%02dZ' % (day.isoformat(), hours, minutes, secs)


# --- the seed's own example ------------------------------------------------------------------------------------


def test_seed_example_is_the_seed_byte_for_byte():
    # sha256 of the seed file's "Output Example", from its first "{" to its last "}" (3198 characters, LF line ends)
    assert len(SEED_EXAMPLE) == 3198
    assert hashlib.sha256(SEED_EXAMPLE.encode('utf-8')).hexdigest() == '6daeeb5c498ff69074bf5495ba8ed170ded82897c2edc6bda8ea0f2bc09c2093'


def test_seed_example_is_valid_json():
    parsed = seed()
    assert parsed['code'] == 200
    assert parsed['data']['videoTotal'] == 2
    assert len(parsed['data']['videoListInfo']) == 2


def test_seed_epochs_by_hand():
    # 1501578874 s = 17379 days + 33274 s; 17379 days after 1970-01-01 is 2017-08-01; 33274 s = 9 h 14 min 34 s
    assert divmod(1501578874, 86400) == (17379, 33274)
    assert datetime.date(1970, 1, 1) + datetime.timedelta(days=17379) == datetime.date(2017, 8, 1)
    assert divmod(33274, 3600) == (9, 874) and divmod(874, 60) == (14, 34)
    assert iso(1501578874) == '2017-08-01T09:14:34Z'
    # the same through the library's datetime, independently of the step-by-step version
    for epoch in (1501578866, 1501578874, 1501578790, 1501578796):
        assert iso(epoch) == datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    # the video names carry the local (UTC+8) creation second: 2017-08-01 17:12:20 +08:00 is before the upload
    assert iso(1501578866) == '2017-08-01T09:14:26Z'
    assert iso(1501578790) == '2017-08-01T09:13:10Z'
    assert iso(1501578796) == '2017-08-01T09:13:16Z'


def test_seed_first_video_every_field():
    first = ovp.normalise_payload(SEED_EXAMPLE)[0]
    assert first == {
        'video_name': 'creattest_20170801171220',
        'video_id': '9B0F7BA8BCB9D056D4C24ADDBF821D10',
        'create_user': 'testUser',
        'encrypt': {'code': 0, 'name': 'unencrypted'},
        'video_size': 11153160,
        'video_duration': 36,
        'create_time': None,
        'create_time_epoch': None,
        'upload_time': iso(1501578866),
        'upload_time_epoch': 1501578866,
        'update_time': iso(1501578874),
        'update_time_epoch': 1501578874,
        'video_description': None,
        'video_classification': None,
        'image_url': 'http://ovptest.haplat.net//live/201708/4101630234a74ee8864e56ea88e5d290_20170801171220/cloudv-cover/'
                     '9B0F7BA8BCB9D056D4C24ADDBF821D10.jpg',
        'publish_domain': 'ovptest.haplat.net',
        'flash_player_name': 'basic player',
        'flash_player_id': 'DF2DAF233DDA',
        'flash_image_ratio': {'code': 0, 'name': '16:9'},
        'flash_auto_play': True,
        'video_state': {'code': 0, 'name': 'unavailable'},
        # "5" is outside the encrypt=0 table (1-4): kept, named unknown
        'transcode_state': {'code': 5, 'name': 'unknown'},
        'video_source': {'code': 2, 'name': 'live_recording'},
        'video_resolutions': [
            {'clarity': {'code': -99, 'name': 'live_recording'}, 'server_type': {'code': -1, 'name': 'unknown'},
             'width': 1364, 'height': 768, 'file_size': 5579209},
            {'clarity': {'code': 1, 'name': 'original'}, 'server_type': {'code': -1, 'name': 'unknown'},
             'width': 1364, 'height': 768, 'file_size': 5573951},
        ],
        # every code outside the tables, with the value as the seed sends it ("5" a string, -1 a number)
        'unknown_codes': [
            {'field': 'transcode_state', 'code': 5, 'raw': '5'},
            {'field': 'video_resolutions[0].server_type', 'code': -1, 'raw': -1},
            {'field': 'video_resolutions[1].server_type', 'code': -1, 'raw': -1},
        ],
    }


def test_seed_second_video_every_field():
    second = ovp.normalise_payload(SEED_EXAMPLE)[1]
    assert second == {
        'video_name': 'creattest_20170801171104',
        'video_id': 'E869FC95F3C7493ED56E8751C4AA7BEE',
        'create_user': 'testUser',
        'encrypt': {'code': 0, 'name': 'unencrypted'},
        'video_size': 5064917,
        'video_duration': 15,
        'create_time': None,
        'create_time_epoch': None,
        'upload_time': '2017-08-01T09:13:10Z',
        'upload_time_epoch': 1501578790,
        'update_time': '2017-08-01T09:13:16Z',
        'update_time_epoch': 1501578796,
        'video_description': None,
        'video_classification': None,
        'image_url': 'http://ovptest.haplat.net//live/201708/4101630234a74ee8864e56ea88e5d290_20170801171104/cloudv-cover/'
                     'E869FC95F3C7493ED56E8751C4AA7BEE.jpg',
        'publish_domain': 'ovptest.haplat.net',
        'flash_player_name': 'basic player',
        'flash_player_id': 'DF2DAF233DDA',
        'flash_image_ratio': {'code': 0, 'name': '16:9'},
        'flash_auto_play': True,
        'video_state': {'code': 0, 'name': 'unavailable'},
        'transcode_state': {'code': 5, 'name': 'unknown'},
        'video_source': {'code': 2, 'name': 'live_recording'},
        'video_resolutions': [
            {'clarity': {'code': -99, 'name': 'live_recording'}, 'server_type': {'code': -1, 'name': 'unknown'},
             'width': 1364, 'height': 768, 'file_size': 2533394},
            {'clarity': {'code': 1, 'name': 'original'}, 'server_type': {'code': -1, 'name': 'unknown'},
             'width': 1364, 'height': 768, 'file_size': 2531523},
        ],
        # every code outside the tables, with the value as the seed sends it ("5" a string, -1 a number)
        'unknown_codes': [
            {'field': 'transcode_state', 'code': 5, 'raw': '5'},
            {'field': 'video_resolutions[0].server_type', 'code': -1, 'raw': -1},
            {'field': 'video_resolutions[1].server_type', 'code': -1, 'raw': -1},
        ],
    }


def test_seed_types():
    for item in ovp.normalise_payload(SEED_EXAMPLE):
        for key in ('video_size', 'video_duration', 'upload_time_epoch', 'update_time_epoch'):
            assert item[key].__class__ is int, key
        assert item['flash_auto_play'] is True
        for key in ('encrypt', 'video_state', 'transcode_state', 'video_source', 'flash_image_ratio'):
            assert item[key]['code'].__class__ is int, key
        for rendition in item['video_resolutions']:
            assert all(rendition[key].__class__ is int for key in ('width', 'height', 'file_size'))
        # the vendor's videoSize is the sum of its renditions' fileSize
        assert item['video_size'] == sum(rendition['file_size'] for rendition in item['video_resolutions'])


def test_seed_covers_every_documented_field():
    wire = set(seed()['data']['videoListInfo'][0])
    documented = set(field[0] for field in ovp.VIDEO_FIELDS)
    # the example carries every documented field but createTime
    assert documented - wire == {'createTime'}
    assert wire - documented == set()
    assert set(seed()['data']['videoListInfo'][0]['videoResolutions'][0]) == {'clarity', 'fileSize', 'height', 'serverType', 'width'}


def test_seed_summary():
    result = ovp.summary(SEED_EXAMPLE)
    assert result['video_total'] == 2
    assert result['message'] == 'success'
    assert result['videos'] == ovp.normalise_payload(SEED_EXAMPLE)
    assert set(result) == {'videos', 'video_total', 'message'}


# --- input forms --------------------------------------------------------------------------------------------------


def test_text_and_dict_input_agree():
    assert ovp.normalise_payload(SEED_EXAMPLE) == ovp.normalise_payload(seed())
    assert ovp.summary(SEED_EXAMPLE) == ovp.summary(seed())


def test_bytes_input():
    expected = ovp.normalise_payload(seed())
    assert ovp.normalise_payload(SEED_EXAMPLE.encode('utf-8')) == expected
    assert ovp.normalise_payload(bytearray(SEED_EXAMPLE.encode('utf-8'))) == expected
    assert ovp.normalise_payload(b'\xef\xbb\xbf' + SEED_EXAMPLE.encode('utf-8')) == expected
    assert ovp.normalise_payload('\ufeff' + SEED_EXAMPLE) == expected


def test_input_is_not_modified():
    parsed = seed()
    ovp.normalise_payload(parsed)
    assert parsed == seed()


def test_non_ascii_text_and_bytes():
    body = payload(video(videoName='Vidéo d\u2019été ✓', videoDescription='说明'))
    for form in (body, json.dumps(body), json.dumps(body, ensure_ascii=False), json.dumps(body, ensure_ascii=False).encode('utf-8')):
        item = ovp.normalise_payload(form)[0]
        assert item['video_name'] == 'Vidéo d\u2019été ✓'
        assert item['video_description'] == '说明'


@pytest.mark.parametrize('body, error', [
    ('{"code": 200, "data": ', 'not JSON'),
    (b'\xff\xfe\x00{', 'not JSON'),
    ('', 'not JSON'),
    ('[1, 2]', 'must be a JSON object, not list'),
    ([1, 2], 'must be a JSON object, not list'),
    (None, 'must be a JSON object, not NoneType'),
    (42, 'must be a JSON object, not int'),
    ({'data': {'videoListInfo': []}, 'message': 'x'}, 'has no code'),
    ({'code': 200, 'data': []}, 'data must be a JSON object, not list'),
    ({'code': 200, 'data': {'videoListInfo': {'videoId': 'A'}}}, 'videoListInfo must be a list, not dict'),
    ({'code': 200, 'data': {'videoListInfo': [{}, 'A']}}, r'videoListInfo[1] is not a JSON object but str'),
])
def test_malformed_payloads(body, error):
    with pytest.raises(ovp.OvpError) as raised:
        ovp.normalise_payload(body)
    assert error in str(raised.value)


def test_video_must_be_a_mapping():
    with pytest.raises(ovp.OvpError, match='must be a JSON object, not list'):
        ovp.normalise_video([])


@pytest.mark.parametrize('data', [None, {}, {'videoListInfo': None}, {'videoListInfo': []}, {'videoListInfo': 'null'}])
def test_no_videos(data):
    body = {'code': 200, 'message': 'success'}
    if data is not None:
        body['data'] = data
    if data == {'videoListInfo': 'null'}:
        # "null" as a list is no list: a malformed payload, not an empty one
        with pytest.raises(ovp.OvpError, match='must be a list'):
            ovp.summary(body)
        return
    assert ovp.summary(body) == {'videos': [], 'video_total': None, 'message': 'success'}


@pytest.mark.parametrize('total, expected', [(2, 2), ('2', 2), ('null', None), ('', None), (None, None), (2.0, 2)])
def test_video_total_typing(total, expected):
    result = ovp.summary({'code': 200, 'data': {'videoListInfo': [], 'videoTotal': total}, 'message': 'ok'})
    assert result['video_total'] == expected
    assert result['video_total'].__class__ is expected.__class__


# --- the code check -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize('code', [200, '200', ' 200 ', 200.0])
def test_success_code_forms(code):
    body = seed()
    body['code'] = code
    assert len(ovp.normalise_payload(body)) == 2


def test_code_500_raises_with_the_message():
    body = {'code': 500, 'data': None, 'message': 'Internal error: transcoding cluster unavailable'}
    with pytest.raises(ovp.OvpError) as raised:
        ovp.normalise_payload(body)
    error = raised.value
    assert isinstance(error, MediaopsError)
    assert str(error) == 'the OVP callback reports code 500: Internal error: transcoding cluster unavailable'
    assert error.message == str(error)
    assert error.code == 500
    assert error.vendor_message == 'Internal error: transcoding cluster unavailable'
    assert error.details() == {'code': 500, 'vendor_message': 'Internal error: transcoding cluster unavailable'}
    # the same through text and summary
    with pytest.raises(ovp.OvpError, match='code 500: Internal error'):
        ovp.summary(json.dumps(body))


@pytest.mark.parametrize('code, typed', [('500', 500), (404, 404), ('40001', 40001), ('fail', 'fail'), (None, None), (True, True), (0, 0)])
def test_other_codes_raise(code, typed):
    body = seed()
    body['code'] = code
    body['message'] = 'refused'
    with pytest.raises(ovp.OvpError) as raised:
        ovp.normalise_payload(body)
    assert raised.value.code == typed
    assert str(raised.value) == 'the OVP callback reports code %s: refused' % (typed,)


def test_error_without_message():
    with pytest.raises(ovp.OvpError) as raised:
        ovp.normalise_payload({'code': 401})
    assert str(raised.value) == 'the OVP callback reports code 401: (no message)'
    assert raised.value.vendor_message is None
    assert raised.value.details() == {'code': 401}


# --- code tables, exhaustively ------------------------------------------------------------------------------------


@pytest.mark.parametrize('code, name', [(0, 'unencrypted'), (1, 'encrypted')])
def test_encrypt_table(code, name):
    for raw in (code, str(code)):
        assert ovp.normalise_video(video(encrypt=raw))['encrypt'] == {'code': code, 'name': name}


@pytest.mark.parametrize('encrypt, code, name', [
    (1, 1, 'encrypted_transcoded'),
    (1, 2, 'unencrypted_transcoded'),
    (1, 3, 'transcoding'),
    (1, 4, 'failed'),
    (1, 5, 'not_transcoded'),
    (0, 1, 'transcoded'),
    (0, 2, 'not_transcoded'),
    (0, 3, 'transcoding'),
    (0, 4, 'failed'),
    # outside the tables
    (0, 5, 'unknown'),
    (0, 0, 'unknown'),
    (1, 0, 'unknown'),
    (1, 6, 'unknown'),
    (0, -1, 'unknown'),
])
def test_transcode_state_table_depends_on_encrypt(encrypt, code, name):
    for raw_encrypt in (encrypt, str(encrypt)):
        for raw in (code, str(code)):
            item = ovp.normalise_video(video(encrypt=raw_encrypt, transcodeState=raw))
            assert item['transcode_state'] == {'code': code, 'name': name}
            assert item['encrypt']['code'] == encrypt


@pytest.mark.parametrize('encrypt', [2, 'yes', None, 'null', -1])
@pytest.mark.parametrize('code, name', [(1, 'unknown'), (2, 'unknown'), (3, 'transcoding'), (4, 'failed'), (5, 'unknown')])
def test_transcode_state_with_unknown_encrypt(encrypt, code, name):
    # only the codes both tables agree on are named
    item = ovp.normalise_video(video(encrypt=encrypt, transcodeState=str(code)))
    assert item['transcode_state'] == {'code': code, 'name': name}


def test_encrypt_boolean_reads_as_a_code():
    assert ovp.normalise_video(video(encrypt=True, transcodeState='1'))['transcode_state'] == {'code': 1, 'name': 'encrypted_transcoded'}
    assert ovp.normalise_video(video(encrypt=False, transcodeState='1'))['encrypt'] == {'code': 0, 'name': 'unencrypted'}


@pytest.mark.parametrize('code, name', [(0, 'unavailable'), (1, 'available'), (2, 'unknown'), (-1, 'unknown')])
def test_video_state_table(code, name):
    for raw in (code, str(code)):
        assert ovp.normalise_video(video(videoState=raw))['video_state'] == {'code': code, 'name': name}


@pytest.mark.parametrize('code, name', [
    (0, 'other'),
    (1, 'upload'),
    (2, 'live_recording'),
    (3, 'video_fetch'),
    (4, 'video_trimming'),
    (5, 'video_splicing'),
    (6, 'cdn_edge_live_recording'),
    (10, 'common_live_recording'),
    (11, 'upload_sdk'),
    (12, 'upload_tool'),
    (7, 'unknown'),
    (8, 'unknown'),
    (9, 'unknown'),
    (13, 'unknown'),
    (-1, 'unknown'),
])
def test_video_source_table(code, name):
    for raw in (code, str(code)):
        assert ovp.normalise_video(video(videoSourceCode=raw))['video_source'] == {'code': code, 'name': name}


@pytest.mark.parametrize('code, name', [(0, '16:9'), (1, '4:3'), (2, 'unknown')])
def test_flash_image_ratio_table(code, name):
    for raw in (code, str(code)):
        assert ovp.normalise_video(video(flashImageRatio=raw))['flash_image_ratio'] == {'code': code, 'name': name}


@pytest.mark.parametrize('code, name', [
    (1, 'original'), (2, 'fd'), (3, 'ld'), (4, 'sd'), (5, 'hd'), (-99, 'live_recording'),
    (0, 'unknown'), (6, 'unknown'), (99, 'unknown'), (-1, 'unknown'),
])
def test_clarity_table(code, name):
    for raw in (code, str(code)):
        rendition = ovp.normalise_video(video(videoResolutions=[{'clarity': raw}]))['video_resolutions'][0]
        assert rendition['clarity'] == {'code': code, 'name': name}


@pytest.mark.parametrize('code, name', [(0, 'pc'), (1, 'raw'), (2, 'mobile'), (-1, 'unknown'), (3, 'unknown')])
def test_server_type_table(code, name):
    for raw in (code, str(code)):
        rendition = ovp.normalise_video(video(videoResolutions=[{'serverType': raw}]))['video_resolutions'][0]
        assert rendition['server_type'] == {'code': code, 'name': name}


def test_tables_are_the_documented_ones():  # docs/docsite/rst/wire_ovp.rst, Statuses
    assert ovp.ENCRYPT == {0: 'unencrypted', 1: 'encrypted'}
    assert ovp.TRANSCODE_STATE == {
        0: {1: 'transcoded', 2: 'not_transcoded', 3: 'transcoding', 4: 'failed'},
        1: {1: 'encrypted_transcoded', 2: 'unencrypted_transcoded', 3: 'transcoding', 4: 'failed', 5: 'not_transcoded'},
    }
    assert ovp.VIDEO_STATE == {0: 'unavailable', 1: 'available'}
    assert sorted(ovp.VIDEO_SOURCE) == [0, 1, 2, 3, 4, 5, 6, 10, 11, 12]
    assert ovp.CLARITY == {1: 'original', 2: 'fd', 3: 'ld', 4: 'sd', 5: 'hd', -99: 'live_recording'}
    assert ovp.SERVER_TYPE == {0: 'pc', 1: 'raw', 2: 'mobile'}


@pytest.mark.parametrize('raw, code', [('abc', 'abc'), (1.5, 1.5), ('1.5', 1.5), (' 1 ', 1), (1.0, 1), ('1.0', 1), ([1], [1])])
def test_odd_codes_never_fail(raw, code):
    item = ovp.normalise_video(video(videoState=raw, videoSourceCode=raw))
    expected_name = 'available' if code == 1 else 'unknown'
    assert item['video_state'] == {'code': code, 'name': expected_name}
    assert item['video_source']['code'] == code


@pytest.mark.parametrize('raw', [None, 'null', ''])
def test_null_codes(raw):
    item = ovp.normalise_video(video(encrypt=raw, videoState=raw, transcodeState=raw, videoSourceCode=raw, flashImageRatio=raw,
                                     videoResolutions=[{'clarity': raw, 'serverType': raw}]))
    for key in ('encrypt', 'video_state', 'transcode_state', 'video_source', 'flash_image_ratio'):
        assert item[key] is None, key
    assert item['video_resolutions'][0]['clarity'] is None
    assert item['video_resolutions'][0]['server_type'] is None


# --- nulls, numbers, flags, text ----------------------------------------------------------------------------------


@pytest.mark.parametrize('raw', [None, 'null', ''])
def test_null_everywhere(raw):
    fields = dict((wire, raw) for wire, dummy_key, dummy_convert in ovp.VIDEO_FIELDS)
    item = ovp.normalise_video(fields)
    assert item.pop('unknown_codes') == []
    assert set(item.values()) == {None}
    expected_keys = []
    for dummy_wire, key, convert in ovp.VIDEO_FIELDS:
        expected_keys.extend((key, key + '_epoch') if convert is None else (key,))
    assert list(item) == expected_keys


def test_missing_fields_are_none():
    item = ovp.normalise_video({})
    assert len(item) == 25
    assert item.pop('unknown_codes') == []
    assert set(item.values()) == {None}


def test_the_string_null_only_when_exact():
    item = ovp.normalise_video(video(videoClassification='null', videoDescription='NULL', videoName='nullable'))
    assert item['video_classification'] is None
    assert item['video_description'] == 'NULL'
    assert item['video_name'] == 'nullable'


@pytest.mark.parametrize('raw, expected', [
    ('36', 36), (36, 36), (36.0, 36), ('36.0', 36), ('36.5', 36.5), (36.5, 36.5), (' 36 ', 36), ('+36', 36), ('-3', -3),
    ('1e3', 1000), ('.5', 0.5), ('0', 0), ('007', 7), ('12345678901234567890', 12345678901234567890),
    ('36s', '36s'), ('abc', 'abc'), ('null', None), ('', None), (None, None), (True, True), ('٣٦', '٣٦'),
    ('36\n', 36), ('1e999', '1e999'), ('9' * 5000, '9' * 5000), ('-', '-'), ('1.2.3', '1.2.3'),
])
def test_numbers(raw, expected):
    item = ovp.normalise_video(video(videoSize=raw, videoDuration=raw, videoResolutions=[{'width': raw, 'height': raw, 'fileSize': raw}]))
    rendition = item['video_resolutions'][0]
    for value in (item['video_size'], item['video_duration'], rendition['width'], rendition['height'], rendition['file_size']):
        assert value == expected
        assert value.__class__ is expected.__class__


@pytest.mark.parametrize('raw, expected', [
    (1, True), (0, False), ('1', True), ('0', False), (True, True), (False, False), ('true', True), ('False', False),
    (1.0, True), ('null', None), ('', None), (None, None), (2, 2), ('yes', 'yes'),
])
def test_flags(raw, expected):
    value = ovp.normalise_video(video(flashAutoPlay=raw))['flash_auto_play']
    assert value == expected
    assert value.__class__ is expected.__class__


@pytest.mark.parametrize('raw, expected', [('abc', 'abc'), (123, '123'), (1.5, '1.5'), ('null', None), ('', None), (None, None), (' ', ' ')])
def test_text_fields(raw, expected):
    item = ovp.normalise_video(video(videoId=raw, videoName=raw, imageUrl=raw))
    assert item['video_id'] == item['video_name'] == item['image_url'] == expected


# --- times --------------------------------------------------------------------------------------------------------


def test_epoch_conversion_step_by_step():
    moment = datetime.datetime(2026, 11, 22, 0, 21, 52, tzinfo=datetime.timezone.utc)
    epoch = calendar.timegm(moment.timetuple())
    # 56 years of 365 days, 14 leap days (1972..2024), 325 days into 2026, 00:21:52
    assert epoch == (56 * 365 + 14 + 325) * 86400 + 21 * 60 + 52
    assert iso(epoch) == '2026-11-22T00:21:52Z'
    for raw in (epoch, str(epoch), float(epoch), '%d.0' % epoch):
        item = ovp.normalise_video(video(uploadTime=raw, updateTime=raw, createTime=raw))
        for key in ('create_time', 'upload_time', 'update_time'):
            assert item[key] == '2026-11-22T00:21:52Z'
            assert item[key + '_epoch'] == epoch
            assert item[key + '_epoch'].__class__ is int


@pytest.mark.parametrize('raw, text, epoch', [
    (0, '1970-01-01T00:00:00Z', 0),
    ('0', '1970-01-01T00:00:00Z', 0),
    (-86400, '1969-12-31T00:00:00Z', -86400),
    ('1501578874.5', '2017-08-01T09:14:34.500000Z', 1501578874.5),
    (253402300799, '9999-12-31T23:59:59Z', 253402300799),
    # out of the calendar (milliseconds, for one): no ISO text, the number is kept
    ('1501578874000', None, 1501578874000),
    (10 ** 30, None, 10 ** 30),
    # not an epoch: kept as received
    ('2017-08-01 17:12:20', '2017-08-01 17:12:20', None),
    ('null', None, None),
    ('', None, None),
    (None, None, None),
])
def test_time_edges(raw, text, epoch):
    item = ovp.normalise_video(video(createTime=raw))
    assert item['create_time'] == text
    assert item['create_time_epoch'] == epoch


# --- fields the vendor does not document ----------------------------------------------------------------------------


def test_unknown_fields_are_kept_in_snake_case():
    item = ovp.normalise_video(video(
        playUrl='https://cdn.example.com/v.m3u8', videoBitRate='1200', HLSPlaylistURL='null', tagList=['a', '2'],
        extraInfo={'innerKey': '12', 'ratio': '0.5', 'label': '007', 'empty': ''}, isHot=True, score=4.0,
        videoResolutions=[{'clarity': 2, 'serverType': 2, 'width': '640', 'height': '360', 'fileSize': '1000', 'playUrl': 'u', 'codecName': 'h264'}],
    ))
    assert item['play_url'] == 'https://cdn.example.com/v.m3u8'
    assert item['video_bit_rate'] == 1200
    assert item['hls_playlist_url'] is None
    assert item['tag_list'] == ['a', 2]
    assert item['extra_info'] == {'inner_key': 12, 'ratio': 0.5, 'label': '007', 'empty': None}
    assert item['is_hot'] is True
    assert item['score'] == 4 and item['score'].__class__ is int
    assert item['video_resolutions'] == [{'clarity': {'code': 2, 'name': 'fd'}, 'server_type': {'code': 2, 'name': 'mobile'},
                                          'width': 640, 'height': 360, 'file_size': 1000, 'play_url': 'u', 'codec_name': 'h264'}]
    # the documented keys first, in the vendor's order, then the others
    assert list(item)[:25] == list(ovp.normalise_video({}))


def test_unknown_fields_generic_strings():
    item = ovp.normalise_video({'a': '12\n', 'b': '1' * 5000, 'c': '1.10', 'd': '-0', 'e': '0.0', 'f': 'null', 'g': '1e3'})
    assert item['a'] == '12\n'
    assert item['b'] == '1' * 5000
    assert item['c'] == '1.10'
    assert item['d'] == 0
    assert item['e'] == 0 and item['e'].__class__ is int
    assert item['f'] is None
    assert item['g'] == '1e3'


def test_unknown_fields_never_overwrite():
    item = ovp.normalise_video(video(video_id='other', VideoID='third', uploadTimeEpoch='1', upload_time_epoch='2'))
    assert item['video_id'] == '9B0F7BA8BCB9D056D4C24ADDBF821D10'
    assert item['video_id_2'] == 'other'
    assert item['VideoID'] == 'third'
    assert item['upload_time_epoch'] == 1501578866
    assert item['uploadTimeEpoch'] == 1
    assert item['upload_time_epoch_2'] == 2


def test_resolutions_that_are_not_a_list():
    assert ovp.normalise_video(video(videoResolutions='null'))['video_resolutions'] is None
    assert ovp.normalise_video(video(videoResolutions=[]))['video_resolutions'] == []
    assert ovp.normalise_video(video(videoResolutions={'clarityCode': '1'}))['video_resolutions'] == {'clarity_code': 1}
    assert ovp.normalise_video(video(videoResolutions=['null', 3]))['video_resolutions'] == [None, 3]


@pytest.mark.parametrize('name, snake', [
    ('videoListInfo', 'video_list_info'), ('imageUrl', 'image_url'), ('HLSPlaylistURL', 'hls_playlist_url'),
    ('fileSize', 'file_size'), ('already_snake', 'already_snake'), ('video-tag name', 'video_tag_name'),
    ('x264Preset', 'x264_preset'), ('Title', 'title'), ('ÉtatVidéo', 'état_vidéo'), ('--', '--'), (3, '3'),
])
def test_snake_case(name, snake):
    assert ovp.snake_case(name) == snake
