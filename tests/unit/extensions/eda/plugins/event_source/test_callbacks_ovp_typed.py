# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /ovp route over real HTTP with the seed's own example: each event's video is typed exactly as the ovp_videos
filter types it, codes outside the tables kept raw and flagged. The filter returns _ovp.normalise_payload (its own
test says so); this directory runs without ansible-core, so the route is compared with that normaliser."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.mediaops.video.plugins.module_utils._ovp import normalise_payload as ovp_videos
from ansible_collections.mediaops.video.tests.unit.plugins.ovp_seed import SEED_EXAMPLE

from callbacks_testlib import TOKEN


def test_the_seed_example_gives_the_filters_typed_videos(rx):
    status, text = rx.post('/ovp?token=' + TOKEN, SEED_EXAMPLE.encode('utf-8'), {'Content-Type': 'application/json'})
    assert status == 200, text
    events = rx.events()
    expected = ovp_videos(SEED_EXAMPLE)
    assert [event['id'] for event in events] == ['9B0F7BA8BCB9D056D4C24ADDBF821D10', 'E869FC95F3C7493ED56E8751C4AA7BEE']
    assert [event['video'] for event in events] == expected
    first = events[0]['video']
    assert first['video_size'] == 11153160 and first['video_duration'] == 36
    assert first['upload_time_epoch'] == 1501578866 and first['upload_time'] == '2017-08-01T09:14:26Z'
    assert first['video_classification'] is None
    assert [r['file_size'] for r in first['video_resolutions']] == [5579209, 5573951]
    assert first['unknown_codes'] == [
        {'field': 'transcode_state', 'code': 5, 'raw': '5'},
        {'field': 'video_resolutions[0].server_type', 'code': -1, 'raw': -1},
        {'field': 'video_resolutions[1].server_type', 'code': -1, 'raw': -1},
    ]
    # transcodeState "5" under encrypt 0 is outside the table: the event's status says unknown
    assert [event['status'] for event in events] == ['unknown', 'unknown']


def test_an_encrypted_video_is_read_with_the_encrypted_table(rx):
    payload = json.loads(SEED_EXAMPLE)
    payload['data']['videoListInfo'] = payload['data']['videoListInfo'][:1]
    payload['data']['videoListInfo'][0].update(encrypt=1, transcodeState='5')
    body = json.dumps(payload).encode('utf-8')
    status, text = rx.post('/ovp?token=' + TOKEN, body, {'Content-Type': 'application/json'})
    assert status == 200, text
    (event,) = rx.events()
    assert event['status'] == 'not_transcoded'
    assert event['video'] == ovp_videos(body)[0]
    assert event['video']['transcode_state'] == {'code': 5, 'name': 'not_transcoded'}
    fields = [entry['field'] for entry in event['video']['unknown_codes']]
    assert fields == ['video_resolutions[0].server_type', 'video_resolutions[1].server_type']
