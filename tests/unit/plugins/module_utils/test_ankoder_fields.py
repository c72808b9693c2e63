# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Ankoder conversion field rules (docs/docsite/rst/wire_ankoder.rst, Endpoints) and the form they are sent as."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_fields as fields
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError

# field: (a value that breaks its rule, the nearest value that does not)
BOUNDARIES = {
    'width': (0, 1),
    'height': (0, 1),
    'video_fps': (0, 1),
    'audio_bitrate': (0, 1),
    'audio_sample_rate': (0, 1),
    'video_bitrate': (10000, 9999),
    'trim_begin': (-1, 0),
    'duration': (0, 1),
    'thumbnail_width': (-1, 0),
    'thumbnail_height': (-1, 0),
    'thumb_moments': (0.01, 0.02),
    'thumb_amount': (-1, 0),
    'thumb_start': (0.01, 0.02),
    'thumb_end': (0.01, 0.02),
    'watermark_size': (100, 99),
    'watermark_top': (-1, 0),
    'watermark_left': (-1, 0),
    'segment_duration': (4, 5),
}


def test_every_rule_is_covered():
    with_rules = sorted(name for name, (dummy, rule) in fields.FIELDS.items() if rule is not None)
    assert with_rules == sorted(BOUNDARIES)


@pytest.mark.parametrize('name', sorted(BOUNDARIES))
def test_bad_value_refused(name):
    bad = BOUNDARIES[name][0]
    with pytest.raises(ValidationError) as info:
        fields.check_rules({name: bad}, has_profile=True)
    problems = info.value.details()['problems']
    assert len(problems) == 1
    assert problems[0].startswith(name + ' ')
    assert str(bad) in problems[0]
    assert name in str(info.value)


@pytest.mark.parametrize('name', sorted(BOUNDARIES))
def test_nearest_good_value_accepted(name):
    fields.check_rules({name: BOUNDARIES[name][1]}, has_profile=True)


@pytest.mark.parametrize('name, value', [
    ('width', -640),  # the rule is "non-zero", so a negative size is the service's to refuse
    ('video_bitrate', 0),
    ('watermark_size', 0),
    ('thumb_start', 0.011),
    ('segment_duration', 3600),
])
def test_other_accepted_values(name, value):
    fields.check_rules({name: value}, has_profile=True)


@pytest.mark.parametrize('name, value', [
    ('watermark_size', -1),
    ('segment_duration', 0),
    ('thumb_start', 0.0),
    ('thumb_end', -5.0),
    ('duration', -1),
    ('video_bitrate', 20000),
])
def test_other_refused_values(name, value):
    with pytest.raises(ValidationError) as info:
        fields.check_rules({name: value}, has_profile=True)
    assert info.value.details()['problems'][0].startswith(name + ' ')


def test_every_broken_rule_listed():
    params = {'width': 0, 'video_bitrate': 10000, 'segment_duration': 4, 'upload_url': 'http://x/y'}
    with pytest.raises(ValidationError) as info:
        fields.check_rules(params, has_profile=True)
    problems = info.value.details()['problems']
    assert len(problems) == 4
    for name in ('width', 'video_bitrate', 'segment_duration', 'upload_url'):
        assert any(problem.startswith(name) for problem in problems)
        assert name in str(info.value)


def test_none_values_are_not_checked():
    fields.check_rules(dict((name, None) for name in fields.FIELDS), has_profile=True)


def test_mandatory_without_profile():
    with pytest.raises(ValidationError) as info:
        fields.check_rules({}, has_profile=False)
    assert 'missing: video_format, video_codec, audio_codec' in str(info.value)
    with pytest.raises(ValidationError) as info:
        fields.check_rules({'video_format': 'mp4'}, has_profile=False)
    assert 'missing: video_codec, audio_codec' in str(info.value)
    fields.check_rules({'video_format': 'mp4', 'video_codec': 'h264', 'audio_codec': 'aac'}, has_profile=False)
    fields.check_rules({}, has_profile=True)


@pytest.mark.parametrize('name', ['upload_url', 'thumbnail_upload_url'])
@pytest.mark.parametrize('url', ['s3://bucket/key.mp4', 'ftp://user:pw@host/out/', 'sftp://host/out/'])
def test_upload_url_good(name, url):
    fields.check_rules({name: url}, has_profile=True)


@pytest.mark.parametrize('name', ['upload_url', 'thumbnail_upload_url'])
@pytest.mark.parametrize('url', ['http://host/out', 'https://user:topsecret@host/out', 'file:///tmp/out', 'bucket/key',
                                 's3:/bucket'])
def test_upload_url_bad(name, url):
    with pytest.raises(ValidationError) as info:
        fields.check_rules({name: url}, has_profile=True)
    assert info.value.details()['problems'] == ['%s must start with s3://, ftp:// or sftp://' % name]
    assert 'topsecret' not in str(info.value)


def test_postback_url():
    fields.check_rules({'postback_url': 'https://hooks.example.com/ankoder'}, has_profile=True)
    fields.check_rules({'postback_url': 'http://hooks.example.com/ankoder'}, has_profile=True)
    with pytest.raises(ValidationError) as info:
        fields.check_rules({'postback_url': 'ftp://hooks.example.com/ankoder'}, has_profile=True)
    assert 'postback_url' in str(info.value)


def test_to_form():
    form = fields.to_form({'keep_aspect': True, 'add_padding': False, 'watermark_transparent': True, 'width': 640,
                           'thumb_start': 1.5, 'video_format': 'mp4', 'trim_begin': 0})
    assert form == {'keep_aspect': '1', 'add_padding': '0', 'watermark_transparent': '1', 'width': '640',
                    'thumb_start': '1.5', 'video_format': 'mp4', 'trim_begin': '0'}
    assert all(value.__class__ is str for value in form.values())


def test_declared_fields():
    params = {'width': 640, 'height': None, 'keep_aspect': False, 'trim_begin': 0, 'upload_url': 's3://b/k',
              'postback_url': None, 'state': 'present', 'api_url': 'http://x'}
    assert fields.declared_fields(params) == {'width': 640, 'keep_aspect': False, 'trim_begin': 0,
                                              'upload_url': 's3://b/k'}


def test_argument_spec():
    spec = fields.argument_spec()
    assert set(spec) == set(fields.FIELDS) | set(['upload_url', 'thumbnail_upload_url', 'postback_url'])
    assert spec['audio_channel'] == {'type': 'int', 'choices': [1, 2]}
    assert spec['thumb_way']['choices'] == ['even', 'rand']
    assert spec['keep_aspect']['type'] == 'bool' and spec['thumb_start']['type'] == 'float'
    assert 'matroska' in spec['video_format']['choices'] and 'msmpeg4v2' in spec['video_codec']['choices']
    assert 'mpeg4aac' in spec['audio_codec']['choices']
    spec['width']['type'] = 'str'  # a copy: the table is not changed
    assert fields.FIELDS['width'][0]['type'] == 'int'
