# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.filter import ovp_videos as plugin
from ansible_collections.mediaops.video.plugins.filter.ovp_videos import FilterModule, ovp_videos
from ansible_collections.mediaops.video.tests.unit.plugins.ovp_seed import SEED_EXAMPLE


def test_registered():
    assert FilterModule().filters() == {'ovp_videos': ovp_videos}


def test_list_of_videos():
    videos = ovp_videos(SEED_EXAMPLE)
    assert isinstance(videos, list)
    assert [video['video_id'] for video in videos] == ['9B0F7BA8BCB9D056D4C24ADDBF821D10', 'E869FC95F3C7493ED56E8751C4AA7BEE']
    assert videos[0]['upload_time'] == '2017-08-01T09:14:26Z'
    assert videos[0]['transcode_state'] == {'code': 5, 'name': 'unknown'}
    assert videos[1]['video_resolutions'][1]['clarity'] == {'code': 1, 'name': 'original'}
    assert ovp_videos(json.loads(SEED_EXAMPLE)) == videos
    assert ovp_videos(SEED_EXAMPLE.encode('utf-8')) == videos


@pytest.mark.parametrize('flag', [True, 'yes', 'true', 1, 'on'])
def test_summary(flag):
    result = ovp_videos(SEED_EXAMPLE, flag)
    assert result == {'videos': ovp_videos(SEED_EXAMPLE), 'video_total': 2, 'message': 'success'}
    assert ovp_videos(SEED_EXAMPLE, summary=flag) == result


@pytest.mark.parametrize('flag', [False, 'no', 0, 'false'])
def test_no_summary(flag):
    assert isinstance(ovp_videos(SEED_EXAMPLE, summary=flag), list)


@pytest.mark.parametrize('flag', ['maybe', [True], None])
def test_bad_summary(flag):
    with pytest.raises(AnsibleFilterError, match='summary must be a boolean'):
        ovp_videos(SEED_EXAMPLE, summary=flag)


@pytest.mark.parametrize('summary', [False, True])
def test_error_code_raises_the_vendor_message(summary):
    body = {'code': 500, 'data': None, 'message': 'Internal error'}
    with pytest.raises(AnsibleFilterError) as raised:
        ovp_videos(body, summary)
    assert str(raised.value) == 'the OVP callback reports code 500: Internal error'
    with pytest.raises(AnsibleFilterError, match='code 500: Internal error'):
        ovp_videos(json.dumps(body), summary)


def test_malformed_raises_filter_error():
    with pytest.raises(AnsibleFilterError, match='not JSON'):
        ovp_videos('{"code": 200,')
    with pytest.raises(AnsibleFilterError, match='must be a JSON object, not list'):
        ovp_videos([])


def test_documentation_sample_is_the_seed_output():
    returned = yaml.safe_load(plugin.RETURN)['_value']
    assert returned['sample'] == ovp_videos(SEED_EXAMPLE)[:1]
    # every key of a video is documented, in the sample and in contains
    keys = set(ovp_videos(SEED_EXAMPLE)[0])
    assert set(returned['contains']) == keys
    assert set(returned['sample'][0]) == keys
    assert set(returned['contains']['video_resolutions']['contains']) == set(ovp_videos(SEED_EXAMPLE)[0]['video_resolutions'][0])


def test_documentation_options():
    doc = yaml.safe_load(plugin.DOCUMENTATION)
    assert doc['name'] == 'ovp_videos'
    assert doc['positional'] == 'summary'
    assert doc['options']['_input']['type'] == 'raw'
    assert doc['options']['summary'] == dict(doc['options']['summary'], type='bool', default=False)
