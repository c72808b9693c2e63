# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source's ankoder_record_dir: each verified Ankoder notification is kept, as received, for
ankoder_video's notification_dir; forged ones and redeliveries are not."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import uuid

import pytest

from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import ImportFailures
from ansible_collections.mediaops.video.plugins.module_utils._callback_checks import Settings

from callbacks_testlib import ANKODER_KEY, Receiver, ankoder_form

FORM = {'Content-Type': 'application/x-www-form-urlencoded'}


@pytest.fixture
def recording(tmp_path):
    receiver = Receiver(ankoder_private_key=ANKODER_KEY, ankoder_record_dir=str(tmp_path)).start()
    try:
        yield receiver, tmp_path
    finally:
        receiver.stop()


def failed_download(video_id):
    return json.dumps({'result': 'fail', 'error': 'The downloaded file is not a supported video', 'video_id': video_id,
                       'type': 'Download', 'video_name': '%s.mov' % uuid.uuid4().hex})


def test_a_verified_notification_is_kept_once_as_received(recording):
    receiver, directory = recording
    body = ankoder_form(failed_download('1456'))
    assert receiver.post('/ankoder', body, FORM)[0] == 200
    assert receiver.post('/ankoder', body, FORM)[0] == 200  # a redelivery: acknowledged, not kept again
    kept = sorted(os.listdir(str(directory)))
    assert len(kept) == 1 and kept[0].endswith('.form')
    assert (directory / kept[0]).read_bytes() == body
    assert len(receiver.events()) == 1
    failures = ImportFailures(ANKODER_KEY, directory=str(directory))
    assert failures.reason('1456') == 'The downloaded file is not a supported video (the Download notification)'


def test_a_forged_notification_is_not_kept(recording):
    receiver, directory = recording
    assert receiver.post('/ankoder', ankoder_form(failed_download('1457'), key='another-key'), FORM)[0] == 401
    assert os.listdir(str(directory)) == []


def test_the_record_dir_must_exist(tmp_path):
    with pytest.raises(ValueError, match='ankoder_record_dir .* is not a directory'):
        Settings({'port': 5080, 'ankoder_private_key': ANKODER_KEY, 'ankoder_record_dir': str(tmp_path / 'missing')})
