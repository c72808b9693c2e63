# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""moderation_submission refuses what iLiveData's page does not take, before anything is sent to iLiveData:
formats and Base64 sizes with the other bad arguments (the whole task), a URL video announced at 1 GiB or more
when it is about to be submitted (that submission alone)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _moderation_limits as limits
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_module as moderation
from ansible_collections.mediaops.video.plugins.modules import moderation_submission
from ansible_collections.mediaops.video.tests.unit.plugins.module_args import main_output
from ansible_collections.mediaops.video.tests.unit.plugins.modules.test_caption_submission_bulk import MODERATION_ARGS, FakeModeration

GIB = 1024 ** 3
BIG = 'https://media.example.com/big.mp4?token=never-shown'


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv('MEDIAOPS_LEDGER', raising=False)
    ledger = 'file://%s' % (tmp_path / 'ledger.json')

    def run_module(module, check=False, **args):
        args.update(_ansible_check_mode=check, ledger=ledger)
        return json.loads(main_output(module, args, capsys))
    return run_module


@pytest.fixture
def api(monkeypatch):
    fake = FakeModeration()
    fake.sizes.update({BIG: 2 * GIB, 'https://media.example.com/edge.mp4': GIB, 'https://media.example.com/under.mp4': GIB - 1})
    heads = []

    def video_size(url):
        heads.append(url)
        return fake.sizes.get(url)
    fake.video_size = video_size
    fake.heads = heads
    monkeypatch.setattr(moderation.SERVICE, 'client', lambda module: fake)
    return fake


def submit(run, check=False, **args):
    return run(moderation_submission, check=check, **dict(MODERATION_ARGS, **args))


@pytest.mark.parametrize('check', [False, True])
@pytest.mark.parametrize('url, size', [(BIG, 2 * GIB), ('https://media.example.com/edge.mp4', GIB)])
def test_a_video_of_1_gib_or_more_is_refused_before_anything_is_sent(run, api, check, url, size):
    result = submit(run, check=check, video_url=url)
    assert result['failed']
    assert result['msg'] == ('the video at video_url is %d bytes (the Content-Length its host announces); iLiveData takes '
                             'videos under 1 GiB (1073741824 bytes)' % size)
    assert 'never-shown' not in result['msg']
    assert api.requests == 0 and api.tasks == {}


def test_under_1_gib_or_unknown_is_submitted(run, api):
    assert submit(run, video_url='https://media.example.com/under.mp4')['changed']
    assert submit(run, video_url='https://media.example.com/no-head-answer.mp4')['changed']
    assert len(api.tasks) == 2


def test_the_size_is_looked_at_only_when_a_submission_is_to_be_made(run, api):
    submit(run, video_url='https://media.example.com/under.mp4')
    assert api.heads == ['https://media.example.com/under.mp4']
    again = submit(run, video_url='https://media.example.com/under.mp4')
    assert not again['changed'] and api.heads == ['https://media.example.com/under.mp4']


def test_bulk_a_big_video_fails_alone_after_the_others_are_submitted(run, api):
    result = submit(run, submissions=[dict(video_url='https://media.example.com/a.mp4'), dict(video_url=BIG),
                                      dict(video_url='https://media.example.com/c.mp4')])
    assert result['failed']
    assert [item['index'] for item in result['failed_items']] == [1]
    assert 'under 1 GiB (1073741824 bytes)' in result['failed_items'][0]['msg']
    assert '%d bytes' % (2 * GIB) in result['failed_items'][0]['msg']
    sent = sorted(payload['video'] for payload in api.tasks.values())
    assert sent == ['https://media.example.com/a.mp4', 'https://media.example.com/c.mp4']


def test_bulk_check_mode_names_the_big_video_too(run, api):
    result = submit(run, check=True, submissions=[dict(video_url='https://media.example.com/a.mp4'), dict(video_url=BIG)])
    assert result['failed'] and [item['index'] for item in result['failed_items']] == [1]
    assert api.requests == 0


@pytest.mark.parametrize('args, error', [
    (dict(video_url='https://media.example.com/clip.webm'),
     'video_url names a .webm video; iLiveData takes flv, mkv, mp4, rmvb, avi, wmv, 3gp, ts, mov (if the video is one '
     'of those, say which with video_name)'),
    (dict(video_url='https://media.example.com/clip.mp4', video_name='clip.webm'), 'video_name names a .webm video'),
])
def test_an_unlisted_format_fails_before_any_request(run, api, args, error):
    result = submit(run, **args)
    assert result['failed'] and error in result['msg']
    assert api.requests == 0 and api.heads == []


@pytest.mark.parametrize('args', [
    dict(video_url='https://media.example.com/watch?id=12'),          # no extension: the service reads the content
    dict(video_url='https://media.example.com/watch.php?id=12', video_name='clip.MP4'),
    dict(video_url='https://media.example.com/v/clip.TS'),
])
def test_a_listed_or_untold_format_is_submitted(run, api, args):
    assert submit(run, **args)['changed']


def test_local_files_need_a_listed_extension(run, api, tmp_path):
    plain = tmp_path / 'clip'
    plain.write_bytes(b'frames')
    text = tmp_path / 'notes.txt'
    text.write_bytes(b'frames')
    result = submit(run, video_path=str(plain))
    assert result['failed'] and "video_path 'clip' has no extension" in result['msg']
    assert 'video_name names a .txt video' in submit(run, video_path=str(plain), video_name='clip.txt')['msg']
    assert 'video_path names a .txt video' in submit(run, video_path=str(text))['msg']
    assert api.requests == 0
    named = submit(run, video_path=str(plain), video_name='clip.mkv')
    assert named['changed'] and list(api.tasks.values())[0]['videoName'] == 'clip.mkv'


def test_bulk_bad_formats_fail_the_task_before_any_request_named_by_index(run, api):
    result = submit(run, submissions=[dict(video_url='https://media.example.com/a.mp4'),
                                      dict(video_url='https://media.example.com/b.webm')])
    assert result['failed'] and 'submissions[1]: invalid submission: video_url names a .webm video' in result['msg']
    assert api.requests == 0 and api.heads == []


def test_a_file_that_grew_past_the_limit_is_not_sent(tmp_path):
    path = tmp_path / 'clip.mp4'
    path.write_bytes(b'small')
    p = dict.fromkeys(['video_url', 'key'] + [name for name, _field in moderation_submission.OPTIONAL], None)
    p['video_path'] = str(path)
    request = moderation_submission.declared_submission(p)
    path.write_bytes(b'\0' * limits.MAX_BASE64_BYTES)
    with pytest.raises(Exception, match='grown to 10 MiB or more'):
        moderation_submission.payload(p, request)


@pytest.mark.parametrize('name, expected', [('Clip.MP4', 'mp4'), ('clip', None), ('.mp4', None), ('a.tar.gz', 'gz'),
                                            ('clip.', None), (None, None)])
def test_extension(name, expected):
    assert limits.extension(name) == expected
