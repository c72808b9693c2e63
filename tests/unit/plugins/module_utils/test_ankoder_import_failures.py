# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every sign that an Ankoder import failed: an error element in the video reply, a verified failed notification
(given, or recorded in a directory by the event source), and an upload refused through ``failed_redirect``."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import json
import os
import stat
import time
from urllib.parse import urlencode

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_xml as xml
from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_module import VIDEO
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import (
    ImportFailures, NotificationError, import_failure, record)
from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, NotFoundError

KEY = 'contract-private-key-0001'
# The contract's worked example (docs/docsite/rst/wire_ankoder.rst, Callbacks): a successful Download, its signature
# computed outside the collection.
SUCCESS = '{"result":"success","error":"","video_id":"1001","type":"Download","video_name":"title-1042.mov"}'
SUCCESS_SIGNATURE = 'CuhB6ZXiVvdJWYYmZp3PsubTdC8='


def signed(message, key=KEY):
    """The form body Ankoder posts: ``signature`` = base64(HMAC-SHA1(key, message)) over the JSON text."""
    text = json.dumps(message, separators=(',', ':'))
    signature = base64.b64encode(hmac.new(key.encode(), text.encode(), hashlib.sha1).digest()).decode()
    return urlencode([('message', text), ('signature', signature)])


def failed_download(video_id='1001', error='The downloaded file is not a supported video'):
    return {'result': 'fail', 'error': error, 'video_id': video_id, 'type': 'Download', 'video_name': 'a.mov'}


def video_reply(*children):
    return xml.document(('<video><id>1001</id><progress>75</progress>%s</video>' % ''.join(children)).encode())[1]


# -- the error element ------------------------------------------------------------------------------------


def test_an_errors_element_makes_the_video_failed_with_its_reason():
    video = xml.normal_video(video_reply('<errors><error>Source url is unreachable</error></errors>'))
    assert video['status'] == 'failed'
    assert video['error'] == 'Source url is unreachable'
    assert 'errors' not in video
    assert VIDEO.failed(video) and VIDEO.error_of(video) == 'Source url is unreachable'


def test_an_error_element_with_text_makes_the_video_failed():
    video = xml.normal_video(video_reply('<status>downloading</status><error>Connection refused</error>'))
    assert (video['status'], video['error']) == ('failed', 'Connection refused')


def test_several_errors_are_joined():
    video = xml.normal_video(video_reply('<errors><error>one</error><error>two</error></errors>'))
    assert video['error'] == 'one; two'


@pytest.mark.parametrize('children', ['', '<error></error>', '<errors></errors>', '<status>downloading</status><error/>'])
def test_no_error_text_changes_nothing(children):
    video = video_reply(children)
    assert xml.normal_video(video) == video
    assert not VIDEO.terminal(xml.normal_video(video))


def test_a_downloaded_video_stays_downloaded_whatever_its_error_element_says():
    video = video_reply('<status>downloaded</status><error>thumbnail skipped</error>')
    assert xml.normal_video(video)['status'] == 'downloaded'


def test_progress_moves_with_the_status_or_the_progress():
    assert VIDEO.progress_of({'status': 'downloading', 'progress': 50}) == 'downloading, 50%'
    assert VIDEO.progress_of({'progress': 75}) == '75%'
    assert VIDEO.progress_of({'status': 'queueing', 'progress': 0}) != VIDEO.progress_of({'status': 'downloading', 'progress': 0})


# -- notifications ----------------------------------------------------------------------------------------


def test_the_contract_example_verifies_and_says_no_failure():
    failures = ImportFailures(KEY, [{'message': SUCCESS, 'signature': SUCCESS_SIGNATURE}])
    assert failures.reason('1001') is None


def test_a_failed_download_names_its_video_and_reason():
    failures = ImportFailures(KEY, [signed(failed_download('1456'))])
    assert failures.reason(1456) == 'The downloaded file is not a supported video (the Download notification)'
    assert failures.reason('1457') is None


def test_a_failed_new_video_as_the_seed_writes_it():
    message = {'result': 'failed', 'error': 'invalid video', 'video_id': 61, 'type': 'NewVideo',
               'custom_fields': {'custom_user': '1'}, 'video_name': 'c11e.mp4'}
    assert import_failure(message) == ('61', 'invalid video (the NewVideo notification)')


@pytest.mark.parametrize('message', [
    {'result': 'fail', 'error': 'Original video is corrupted', 'Job': '55', 'type': 'Convert'},
    {'result': 'success', 'error': '', 'video_id': '1', 'type': 'Download'},
    {'result': 'fail', 'error': 'x', 'type': 'Download'},
])
def test_other_notifications_say_nothing_of_an_import(message):
    assert import_failure(message) is None


def test_a_forged_notification_is_refused_naming_its_index():
    forged = signed(failed_download(), key='another-key')
    with pytest.raises(NotificationError, match=r'notifications\[1\]: .*signature does not match'):
        ImportFailures(KEY, [signed(failed_download()), forged])


def test_judge_fails_a_video_still_in_progress_and_keeps_an_earlier_verdict():
    failures = ImportFailures(KEY, [signed(failed_download('1001'))])
    judged = failures.judge({'id': 1001, 'progress': 100})
    assert judged['status'] == 'failed' and VIDEO.failed(judged)
    assert judged['error'].startswith('The downloaded file is not a supported video')
    assert failures.judge({'id': 1001, 'status': 'downloaded'})['status'] == 'downloaded'
    earlier = {'id': 1001, 'status': 'failed', 'error': 'from the reply'}
    assert failures.judge(earlier) == earlier
    assert failures.judge({'id': 1002, 'progress': 50}) == {'id': 1002, 'progress': 50}


def test_a_directory_is_read_again_at_every_look(tmp_path):
    warnings = []
    failures = ImportFailures(KEY, directory=str(tmp_path), warn=warnings.append)
    assert failures.reason('1001') is None
    record(str(tmp_path), signed(failed_download('1001')).encode('ascii'), 1700000000.5)
    (tmp_path / 'forged.form').write_text(signed(failed_download('1002'), key='another-key'))
    (tmp_path / '.incoming-half').write_text('message=')
    assert failures.reason('1001').endswith('(the Download notification)')
    assert failures.reason('1002') is None
    assert len(warnings) == 1 and 'forged.form' in warnings[0]
    failures.reason('1002')
    assert len(warnings) == 1  # a file is read once


def test_an_unchanged_directory_is_not_listed_again(tmp_path, monkeypatch):
    """A bulk wait looks once per video: the directory is listed again only when its time moved (or is too recent
    to tell)."""
    record(str(tmp_path), signed(failed_download('1001')).encode('ascii'), 1700000000.5)
    old = time.time() - 60
    os.utime(str(tmp_path), (old, old))
    listed = []
    real_listdir = os.listdir
    monkeypatch.setattr(os, 'listdir', lambda path: listed.append(path) or real_listdir(path))
    failures = ImportFailures(KEY, directory=str(tmp_path))
    assert [failures.reason(str(video_id)) is None for video_id in range(1000, 1004)] == [True, False, True, True]
    assert len(listed) == 1
    record(str(tmp_path), signed(failed_download('1003')).encode('ascii'), 1700000001.5)  # the directory's time moves
    assert failures.reason('1003').endswith('(the Download notification)')
    assert len(listed) == 2


def test_a_recently_changed_directory_is_listed_again_though_its_time_stands(tmp_path, monkeypatch):
    listed = []
    real_listdir = os.listdir
    monkeypatch.setattr(os, 'listdir', lambda path: listed.append(path) or real_listdir(path))
    failures = ImportFailures(KEY, directory=str(tmp_path))
    now = time.time()
    os.utime(str(tmp_path), (now, now))
    failures.reason('1001')
    failures.reason('1001')
    assert len(listed) == 2


def test_record_writes_the_body_whole_and_private(tmp_path):
    body = signed(failed_download()).encode('ascii')
    path = record(str(tmp_path), body, 1700000000.25)
    assert os.path.basename(path).startswith('1700000000250000-') and path.endswith('.form')
    with open(path, 'rb') as handle:
        assert handle.read() == body
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(os.listdir(str(tmp_path))) == [os.path.basename(path)]


# -- the upload form's redirects ----------------------------------------------------------------------------


class Client(AnkoderClient):
    def __init__(self, videos=None):
        AnkoderClient.__init__(self, api_url='http://127.0.0.1:9/ankoder')
        self.videos = videos or {}

    def get_video(self, video_id):
        if video_id not in self.videos:
            raise NotFoundError('gone', status=404)
        return self.videos[video_id]


def test_success_redirect_gives_the_video_read_once():
    client = Client({'1003': {'id': 1003, 'progress': 0}})
    assert client.uploaded_at('https://app.example.com/ok?video_id=7&video_id=1003') == {'id': 1003, 'progress': 0}


def test_success_redirect_keeps_the_id_when_the_read_fails():
    assert Client().uploaded_at('https://app.example.com/ok?video_id=1004') == {'id': 1004}


def test_failed_redirect_fails_with_the_error_and_nothing_applied():
    with pytest.raises(ApiError, match='Ankoder refused the upload: Access key is invalid') as caught:
        Client().uploaded_at('https://app.example.com/failed?video_id=3&error=Access%20key%20is%20invalid')
    assert not caught.value.may_have_applied


def test_a_redirect_that_names_nothing_may_have_applied():
    with pytest.raises(ApiError, match='names no video_id nor error') as caught:
        Client().uploaded_at('https://app.example.com/somewhere')
    assert caught.value.may_have_applied
