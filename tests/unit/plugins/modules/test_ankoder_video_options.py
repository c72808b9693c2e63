# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ankoder_video's options checked before any request: a recipe's overrides (warned), the upload form's fields,
and what the notification options need. Each run is in check mode against an address nothing listens on, so a
request would fail the run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.modules import ankoder_video
from ansible_collections.mediaops.video.tests.unit.plugins.module_args import main_output

NOWHERE = 'http://127.0.0.1:9/ankoder'


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    for name in ('MEDIAOPS_LEDGER', 'ANKODER_PRIVATE_KEY', 'ANKODER_ACCESS_KEY'):
        monkeypatch.delenv(name, raising=False)
    # what the module warns, read where it is said (how ansible-core collects warnings varies by version and by what
    # the process loaded before)
    warned = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda module, text: warned.append(text))

    def run_module(**args):
        args.update(_ansible_check_mode=True, api_url=NOWHERE, username='unit', password='unit-test-password',
                    ledger='file://%s/ledger.json' % tmp_path)
        del warned[:]
        return dict(json.loads(main_output(ankoder_video, args, capsys)), warned=list(warned))
    return run_module


def recipe_warnings(result):
    return [text for text in result['warned'] if 'recipe' in text]


def test_a_recipe_with_conversion_fields_warns_that_they_are_ignored(run):
    result = run(url='https://media.example.com/a.mov', recipe=3, width=640, keep_aspect=True)
    assert not result.get('failed'), result
    assert result['changed']
    assert recipe_warnings(result) == [
        'with recipe 3, Ankoder ignores keep_aspect, width (a recipe overrides the profile and the conversion fields)']


def test_each_bulk_item_with_a_recipe_and_overrides_is_named(run):
    result = run(videos=[{'url': 'https://media.example.com/b.mov', 'recipe': 3},
                         {'url': 'https://media.example.com/c.mov', 'recipe': 3, 'video_format': 'mp4'}])
    assert not result.get('failed'), result
    assert recipe_warnings(result) == [
        'videos[1]: with recipe 3, Ankoder ignores video_format (a recipe overrides the profile and the conversion fields)']


def test_a_recipe_alone_does_not_warn(run):
    result = run(url='https://media.example.com/d.mov', recipe=3, postback_url='https://hooks.example.com/ankoder')
    assert not result.get('failed'), result
    assert recipe_warnings(result) == []


@pytest.mark.parametrize('args, message', [
    (dict(custom_fields={'title': 'x'}), 'custom_fields apply to uploads (src) only'),
    (dict(success_redirect='https://app.example.com/ok'), 'success_redirect apply to uploads (src) only'),
    (dict(notifications=['message=x&signature=y']), 'need private_key'),
    (dict(notification_dir='/nonexistent/notifications', private_key='unit-private-key'), 'is not a directory'),
    (dict(notifications=['message=%7B%7D&signature=forged'], private_key='unit-private-key'),
     'notifications[0]: the Ankoder notification signature does not match'),
])
def test_bad_url_import_options_fail_before_any_request(run, args, message):
    result = run(url='https://media.example.com/e.mov', video_format='mp4', video_codec='h264', audio_codec='aac',
                 **args)
    assert result['failed']
    assert message in result['msg']


@pytest.mark.parametrize('args, message', [
    (dict(custom_fields={'bad name': 'x'}), 'is not a field name'),
    (dict(custom_fields={'tags': ['a']}), 'must be text or a number'),
    (dict(custom_fields={'title': 'a', 'custom_title': 'b'}), 'custom_title is given twice'),
    (dict(failed_redirect='ftp://app.example.com/failed'), 'failed_redirect must be an http'),
])
def test_bad_upload_fields_fail_before_any_request(run, tmp_path, args, message):
    src = tmp_path / 'clip.mp4'
    src.write_bytes(b'bytes')
    result = run(src=str(src), access_key='AK', **args)
    assert result['failed']
    assert message in result['msg']


def test_the_upload_form_sends_custom_fields_by_their_form_names():
    spec = dict(custom_fields={'title': 'Title 1042', 'custom_user': 7, 'draft': False},
                success_redirect='https://app.example.com/ok', failed_redirect=None)
    assert ankoder_video.upload_form(spec) == {
        'custom_title': 'Title 1042', 'custom_user': '7', 'custom_draft': 'false',
        'success_redirect': 'https://app.example.com/ok'}
