# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder events say whether the job uploads its output, as the postback URL's ``?upload_step=`` tells.

A Convert notification is the same whether or not an Upload one follows; the rulebook packages on the
Upload, and on the Convert only of a job whose postback URL says ``upload_step=false``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import uuid

import pytest
import yaml

from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import NotificationError, upload_step

from callbacks_testlib import ankoder_form

PIPELINE = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', '..', '..',
                                        'extensions', 'eda', 'rulebooks', 'pipeline.yml'))


def convert_message():
    return json.dumps({'name': '179_bb5a4929_55.mp4', 'result': 'success', 'convert_video_id': '179', 'is_trimmed': False,
                       'original_video_id': '30', 'type': 'Convert', 'thumbnail_result': 'success', 'Job': uuid.uuid4().hex,
                       'error': ''})


def upload_message():
    return json.dumps({'result': 'success', 'error': '', 'type': 'Upload',
                       'job': {'id': uuid.uuid4().hex, 'status': 'completed', 'profile': {'id': '1', 'name': 'high'},
                               'input_file': {'id': '137', 'name': 'lake.avi'},
                               'output_file': {'id': '138', 'filename': '138_0372_75.mp4', 'url': 's3://renditions/138_0372_75.mp4'}}})


def event_of(rx, path, message):
    status, text = rx.post(path, ankoder_form(message))
    assert status == 200, text
    events = rx.events()
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize('query, expected', [
    ('', None),
    ('?upload_step=false', False),
    ('?upload_step=False', False),
    ('?upload_step=no', False),
    ('?upload_step=0', False),
    ('?upload_step=true', True),
    ('?upload_step=yes', True),
    ('?upload_step=1', True),
    ('?other=1&upload_step=false', False),
])
def test_a_convert_event_carries_what_the_postback_url_says(rx, query, expected):
    event = event_of(rx, '/ankoder' + query, convert_message())
    assert (event['kind'], event['status']) == ('Convert', 'completed')
    assert event['upload_step'] is expected


def test_an_upload_event_carries_it_too(rx):
    event = event_of(rx, '/ankoder?upload_step=true', upload_message())
    assert (event['kind'], event['status'], event['upload_step']) == ('Upload', 'completed', True)


@pytest.mark.parametrize('query', ['?upload_step=maybe', '?upload_step=', '?upload_step=false&upload_step=true'])
def test_a_garbled_upload_step_is_400_and_queues_nothing(rx, query):
    message = convert_message()
    status, text = rx.post('/ankoder' + query, ankoder_form(message))
    assert status == 400 and 'upload_step' in text
    assert rx.events() == []
    # refused before the notification was remembered: its delivery to the right URL is a new request
    assert event_of(rx, '/ankoder?upload_step=false', message)['upload_step'] is False


def test_the_flag_does_not_make_a_forged_notification_authentic(rx):
    status, _text = rx.post('/ankoder?upload_step=false', ankoder_form(convert_message(), key='another-account-key'))
    assert status == 401
    assert rx.events() == []


def test_other_services_carry_no_upload_step(rx):
    from callbacks_testlib import TOKEN  # pylint: disable=import-outside-toplevel
    status, text = rx.post_json('/pallycon?token=%s&upload_step=false' % TOKEN, {'job_id': 100001, 'error_code': '0000'})
    assert status == 200, text
    (event,) = rx.events()
    assert 'upload_step' not in event


@pytest.mark.parametrize('values, expected', [([], None), (['true'], True), (['  FALSE '], False), (['off'], False)])
def test_upload_step_reads_one_boolean_word(values, expected):
    assert upload_step(values) is expected


@pytest.mark.parametrize('values', [['x'], [''], ['true', 'true'], [None]])
def test_upload_step_refuses_anything_else(values):
    with pytest.raises(NotificationError):
        upload_step(values)


# -- the rulebook: which Ankoder events start packaging ------------------------------------------------------


def packaging_conditions():
    """The conditions of the pipeline rules that run the packaging playbook, with blanks normalised."""
    with open(PIPELINE, encoding='utf-8') as handle:
        (ruleset,) = yaml.safe_load(handle)
    return [' '.join(rule['condition'].split()) for rule in ruleset['rules']
            if rule['action'].get('run_playbook', {}).get('name') == 'mediaops.video.eda_package']


def test_the_pipeline_packages_on_the_upload_and_on_a_convert_with_no_upload_step():
    assert sorted(packaging_conditions()) == sorted([
        'event.service == "ankoder" and event.kind == "Upload" and event.status == "completed"',
        'event.service == "ankoder" and event.kind == "Convert" and event.status == "completed" and event.upload_step == false',
    ])
