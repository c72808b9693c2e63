# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ovp_videos filter on the seed's own example: every field of videoListInfo typed, codes outside the tables
kept raw and listed in unknown_codes, transcodeState read with the table of each video's encrypt."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json

import pytest
import yaml

from ansible_collections.mediaops.video.plugins.filter import ovp_videos as plugin
from ansible_collections.mediaops.video.plugins.filter.ovp_videos import ovp_videos
from ansible_collections.mediaops.video.plugins.module_utils import _callback_events as callback_events
from ansible_collections.mediaops.video.plugins.module_utils import _ovp as ovp
from ansible_collections.mediaops.video.plugins.module_utils._ovp import normalise_payload
from ansible_collections.mediaops.video.tests.unit.plugins.ovp_seed import SEED_EXAMPLE

# the seed's videoListInfo fields (its "videoListInfo" table), wire name -> output key(s)
SEED_FIELDS = {
    'videoName': 'video_name', 'videoId': 'video_id', 'createUser': 'create_user', 'encrypt': 'encrypt',
    'videoSize': 'video_size', 'videoDuration': 'video_duration', 'createTime': 'create_time', 'uploadTime': 'upload_time',
    'updateTime': 'update_time', 'videoDescription': 'video_description', 'videoClassification': 'video_classification',
    'imageUrl': 'image_url', 'publishDomain': 'publish_domain', 'flashPlayerName': 'flash_player_name',
    'flashPlayerId': 'flash_player_id', 'flashImageRatio': 'flash_image_ratio', 'flashAutoPlay': 'flash_auto_play',
    'videoState': 'video_state', 'transcodeState': 'transcode_state', 'videoSourceCode': 'video_source',
    'videoResolutions': 'video_resolutions',
}


def seed_payload(**first):
    """The seed's payload, its first video's wire fields replaced by ``first``."""
    payload = json.loads(SEED_EXAMPLE)
    payload['data']['videoListInfo'][0].update(first)
    return payload


def test_the_filter_is_the_normaliser_the_event_source_uses():
    assert ovp_videos(SEED_EXAMPLE) == normalise_payload(SEED_EXAMPLE)
    assert ovp_videos(SEED_EXAMPLE, summary=True) == ovp.summary(SEED_EXAMPLE)
    assert callback_events._ovp is ovp


def test_every_seed_field_is_kept_and_typed():
    raw = json.loads(SEED_EXAMPLE)['data']['videoListInfo']
    videos = ovp_videos(SEED_EXAMPLE)
    assert len(videos) == len(raw) == 2
    for item, video in zip(raw, videos):
        for wire, key in SEED_FIELDS.items():
            assert key in video, wire
        # the example's strings "11153160", "36", "1501578866", "0", "5" arrive as ints
        assert video['video_size'] == int(item['videoSize']) and video['video_size'].__class__ is int
        assert video['video_duration'] == int(item['videoDuration']) and video['video_duration'].__class__ is int
        assert video['upload_time_epoch'] == int(item['uploadTime']) and video['upload_time_epoch'].__class__ is int
        assert video['update_time_epoch'] == int(item['updateTime']) and video['update_time_epoch'].__class__ is int
        assert video['upload_time'].endswith('Z') and video['update_time'].startswith('2017-08-01T09:1')
        assert video['video_state'] == {'code': 0, 'name': 'unavailable'}
        assert video['video_classification'] is None          # the string "null"
        assert video['video_description'] is None            # the empty string
        assert video['flash_auto_play'] is True
        # the resolutions list, every entry typed
        assert len(video['video_resolutions']) == len(item['videoResolutions']) == 2
        for rendition, wire_rendition in zip(video['video_resolutions'], item['videoResolutions']):
            assert rendition['width'] == wire_rendition['width'] and rendition['width'].__class__ is int
            assert rendition['height'] == wire_rendition['height'] and rendition['height'].__class__ is int
            assert rendition['file_size'] == wire_rendition['fileSize'] and rendition['file_size'].__class__ is int
            assert rendition['clarity']['code'] == wire_rendition['clarity']


def test_seed_codes_outside_the_tables_are_kept_raw_and_flagged():
    first, second = ovp_videos(SEED_EXAMPLE)
    for video in (first, second):
        # encrypt 0: transcodeState "5" is not in the unencrypted table (1-4)
        assert video['transcode_state'] == {'code': 5, 'name': 'unknown'}
        assert [resolution['server_type'] for resolution in video['video_resolutions']] == [{'code': -1, 'name': 'unknown'}] * 2
        assert video['unknown_codes'] == [
            {'field': 'transcode_state', 'code': 5, 'raw': '5'},
            {'field': 'video_resolutions[0].server_type', 'code': -1, 'raw': -1},
            {'field': 'video_resolutions[1].server_type', 'code': -1, 'raw': -1},
        ]


@pytest.mark.parametrize('encrypt, state, name', [
    (1, '5', 'not_transcoded'), (1, '1', 'encrypted_transcoded'), (1, '2', 'unencrypted_transcoded'),
    (0, '1', 'transcoded'), (0, '2', 'not_transcoded'), (0, '3', 'transcoding'), (1, '4', 'failed'),
    ('1', 5, 'not_transcoded'), ('0', 5, 'unknown'),
])
def test_transcode_state_by_the_table_of_encrypt(encrypt, state, name):
    video = ovp_videos(seed_payload(encrypt=encrypt, transcodeState=state))[0]
    assert video['transcode_state'] == {'code': int(state), 'name': name}
    flagged = [entry for entry in video['unknown_codes'] if entry['field'] == 'transcode_state']
    assert flagged == ([{'field': 'transcode_state', 'code': int(state), 'raw': state}] if name == 'unknown' else [])


def test_unknown_encrypt_names_only_the_shared_codes_and_flags_both():
    video = ovp_videos(seed_payload(encrypt='2', transcodeState='1'))[0]
    assert video['encrypt'] == {'code': 2, 'name': 'unknown'}
    assert video['transcode_state'] == {'code': 1, 'name': 'unknown'}
    assert video['unknown_codes'][:2] == [{'field': 'encrypt', 'code': 2, 'raw': '2'},
                                          {'field': 'transcode_state', 'code': 1, 'raw': '1'}]
    assert ovp_videos(seed_payload(encrypt='2', transcodeState='3'))[0]['transcode_state'] == {'code': 3, 'name': 'transcoding'}


def test_a_code_that_is_no_number_is_kept_as_received_and_flagged():
    resolutions = [{'clarity': 'uhd', 'serverType': '2', 'width': '3840', 'height': '2160', 'fileSize': '99'}]
    video = ovp_videos(seed_payload(videoSourceCode='cdn', videoResolutions=resolutions))[0]
    assert video['video_source'] == {'code': 'cdn', 'name': 'unknown'}
    assert video['video_resolutions'] == [{'clarity': {'code': 'uhd', 'name': 'unknown'}, 'server_type': {'code': 2, 'name': 'mobile'},
                                           'width': 3840, 'height': 2160, 'file_size': 99}]
    assert video['unknown_codes'] == [
        {'field': 'transcode_state', 'code': 5, 'raw': '5'},
        {'field': 'video_source', 'code': 'cdn', 'raw': 'cdn'},
        {'field': 'video_resolutions[0].clarity', 'code': 'uhd', 'raw': 'uhd'},
    ]


def test_known_codes_flag_nothing():
    resolutions = [{'clarity': 5, 'serverType': 0, 'width': 1920, 'height': 1080, 'fileSize': 1}]
    video = ovp_videos(seed_payload(encrypt=1, transcodeState='1', videoResolutions=resolutions))[0]
    assert video['unknown_codes'] == []


def test_input_is_not_changed():
    payload = seed_payload()
    kept = copy.deepcopy(payload)
    ovp_videos(payload)
    assert payload == kept


def test_docs_state_the_transcode_table_of_each_encrypt_value():
    doc = yaml.safe_load(plugin.DOCUMENTATION)
    text = ' '.join(doc['description'])
    assert 'With C(encrypt) V(1) (encrypted) the codes are V(1) encrypted_transcoded, V(2) unencrypted_transcoded, V(3) ' \
           'transcoding, V(4) failed, V(5) not_transcoded' in text
    assert 'with C(encrypt) V(0) (unencrypted) V(1) transcoded, V(2) not_transcoded, V(3) transcoding, V(4) failed, and V(5) ' \
           'is unknown' in text
    returned = yaml.safe_load(plugin.RETURN)['_value']
    assert set(returned['contains']['unknown_codes']['contains']) == {'field', 'code', 'raw'}
    assert returned['sample'][0]['unknown_codes'] == ovp_videos(SEED_EXAMPLE)[0]['unknown_codes']
