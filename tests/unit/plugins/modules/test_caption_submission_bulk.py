# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The bulk forms of iva_caption_order (captions:) and moderation_submission (submissions:), run through their
main() against a file ledger and in-memory services that count what they are asked."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import itertools
import json
import threading
import time

import pytest


from ansible_collections.mediaops.video.plugins.module_utils import _iva_module as iva
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_module as moderation
from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, NotFoundError
from ansible_collections.mediaops.video.plugins.modules import iva_caption_order, moderation_submission

from ansible_collections.mediaops.video.tests.unit.plugins.module_args import main_output

CALLBACK_SECRET = 'per-item-callback-secret-77'
IVA_ARGS = dict(customer_id='45678', security_token='token-0001', developer_id='dev-45678')
MODERATION_ARGS = dict(app_id='app-1', secret_key='app-secret-1')


class FakeIva(object):
    """An IVA catalog and order desk: counts catalog reads per published id and how many run at once."""

    def __init__(self, captions=()):
        self.rows = [dict(c) for c in captions]
        self.ids = itertools.count(700001)
        self.reads = {}
        self.orders = []
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()

    def captions(self, published_id):
        with self.lock:
            self.reads[published_id] = self.reads.get(published_id, 0) + 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.05)
        with self.lock:
            self.running -= 1
            return sorted((dict(c) for c in self.rows if c['published_id'] == published_id),
                          key=lambda c: c['caption_id'])

    def order(self, published_id, language, fmt=None):
        with self.lock:
            caption = dict(caption_id=next(self.ids), published_id=published_id, language_id=language, status='Ordered')
            self.rows.append(caption)
            self.orders.append((published_id, language))
            return dict(caption)


class FakeModeration(object):
    """An iLiveData app: every task is done at once; ``refuse`` names videos whose submission is refused."""

    def __init__(self, refuse=()):
        self.tasks = {}
        self.refuse = set(refuse)
        self.sizes = {}  # video URL -> the size a HEAD of it announces (not a request to iLiveData)
        self.requests = 0
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def submit(self, payload):
        with self.lock:
            self.requests += 1
            if payload['video'] in self.refuse:
                raise ApiError('POST /submit answered HTTP 400', status=400)
            task_id = '%032x' % next(self.ids)
            self.tasks[task_id] = payload
            return {'task_id': task_id}

    def video_size(self, url):
        return self.sizes.get(url)

    def result(self, task_id):
        with self.lock:
            self.requests += 1
            if task_id not in self.tasks:
                raise NotFoundError('unknown task %s' % task_id)
        return {'task_id': task_id, 'code': 0, 'state': 'done', 'verdict': 'pass', 'verdict_code': 0, 'segments': []}


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv('MEDIAOPS_LEDGER', raising=False)
    ledger = 'file://%s' % (tmp_path / 'ledger.json')

    def run_module(module, check=False, diff=False, **args):
        args.update(_ansible_check_mode=check, _ansible_diff=diff, ledger=ledger)
        return json.loads(main_output(module, args, capsys))
    return run_module


@pytest.fixture
def iva_api(monkeypatch):
    api = FakeIva([dict(caption_id=600001, published_id=3, language_id=0, status='Failed'),
                   dict(caption_id=600002, published_id=4, language_id=0, status='Failed'),
                   dict(caption_id=600003, published_id=5, language_id=0, status='Failed')])
    monkeypatch.setattr(iva.SERVICE, 'client', lambda module: api)
    return api


@pytest.fixture
def moderation_api(monkeypatch):
    api = FakeModeration(refuse=['https://media.example.com/refused.mp4'])
    monkeypatch.setattr(moderation.SERVICE, 'client', lambda module: api)
    return api


def order_captions(run, captions, **args):
    return run(iva_caption_order, captions=captions, confirm_timeout=1, **dict(IVA_ARGS, **args))


# -- iva_caption_order ---------------------------------------------------------------------------------------------


def test_a_rerun_reads_the_catalog_once_per_published_id_and_concurrently(run, iva_api):
    captions = [dict(published_id=published_id, language=language) for published_id in (10, 11, 12)
                for language in ('en', 'es', 'fr')]
    first = order_captions(run, captions, concurrency=3)
    assert first['summary']['created'] == first['summary']['paid'] == 9
    assert [c['published_id'] for c in first['captions']] == [10, 10, 10, 11, 11, 11, 12, 12, 12]
    iva_api.reads.clear()
    iva_api.most_at_once = 0
    again = order_captions(run, captions, concurrency=3)
    assert not again['changed'] and again['summary']['unchanged'] == 9
    assert iva_api.reads == {10: 1, 11: 1, 12: 1}
    assert iva_api.most_at_once > 1
    assert len(iva_api.orders) == 9


def test_a_confirming_read_of_some_published_ids_keeps_what_the_others_listed(iva_api):
    source = iva.Captions(iva_api)
    items = [iva.caption_item(3, 0), iva.caption_item(4, 0)]
    source.find(items)
    iva_api.order(4, 0)
    source.find(items[1:])
    assert [c['caption_id'] for c in source.listed(items[0])] == [600001]
    assert [c['caption_id'] for c in source.listed(items[1], first=True)] == [600002]
    assert len(source.listed(items[1])) == 2


def test_an_item_reorder_failed_overrides_the_task_default(run, iva_api):
    result = order_captions(run, [dict(published_id=3, language='en', reorder_failed=True),
                                  dict(published_id=4, language='en'),
                                  dict(published_id=5, language='en', reorder_failed=False)])
    assert [c['changed'] for c in result['captions']] == [True, False, False]
    result = order_captions(run, [dict(published_id=4, language='en'),
                                  dict(published_id=5, language='en', reorder_failed=False)], reorder_failed=True)
    assert [c['changed'] for c in result['captions']] == [True, False]
    assert iva_api.orders == [(3, 0), (4, 0)]


def test_the_single_form_still_returns_the_captions_of_its_video_and_language(run, iva_api):
    result = run(iva_caption_order, published_id=3, language='English', confirm_timeout=1, **IVA_ARGS)
    assert not result['changed']
    assert result['caption']['caption_id'] == 600001
    assert [c['caption_id'] for c in result['captions']] == [600001]
    assert 'summary' not in result


def test_bad_captions_are_named_by_index_before_any_request(run, iva_api):
    result = order_captions(run, [dict(published_id=10, language='en'), dict(published_id=10, language='klingon'),
                                  dict(published_id=11, language='elvish')])
    assert result['failed']
    assert 'captions[1]: IVA has no caption language' in result['msg']
    assert 'captions[2]: IVA has no caption language' in result['msg']
    duplicate = order_captions(run, [dict(published_id=10, language='en'), dict(published_id=10, language='0')])
    assert 'declared more than once: caption 10/0' in duplicate['msg']
    assert iva_api.reads == {} and iva_api.orders == []


# -- moderation_submission -----------------------------------------------------------------------------------------


def submit(run, submissions, **args):
    return run(moderation_submission, submissions=submissions, **dict(MODERATION_ARGS, **args))


def test_single_and_bulk_forms_agree_on_one_ledger(run, moderation_api):
    single = run(moderation_submission, video_url='https://media.example.com/a.mp4', callback_url='https://cb.example.com/x',
                 callback_secret_key=CALLBACK_SECRET, **MODERATION_ARGS)
    assert single['changed'] and single['result']['verdict'] == 'pass'
    both = submit(run, [dict(video_url='https://media.example.com/a.mp4', callback_url='https://cb.example.com/x',
                             callback_secret_key=CALLBACK_SECRET),
                        dict(video_url='https://media.example.com/b.mp4', lang='en-US')])
    assert [s['changed'] for s in both['submissions']] == [False, True]
    assert both['submissions'][0]['task_id'] == single['task_id']
    assert both['submissions'][0]['key'] == 'https://media.example.com/a.mp4'
    assert both['submissions'][0]['result']['verdict'] == 'pass'
    again = run(moderation_submission, video_url='https://media.example.com/b.mp4', lang='en-US', **MODERATION_ARGS)
    assert not again['changed'] and again['task_id'] == both['submissions'][1]['task_id']
    assert len(moderation_api.tasks) == 2


def test_a_changed_callback_secret_submits_again_and_is_never_returned(run, moderation_api):
    declared = [dict(video_url='https://media.example.com/a.mp4', callback_url='https://cb.example.com/x',
                     callback_secret_key=CALLBACK_SECRET)]
    submit(run, declared)
    declared[0]['callback_secret_key'] = CALLBACK_SECRET + '-rotated'
    result = submit(run, declared, diff=True)
    assert result['summary']['created'] == 1
    assert CALLBACK_SECRET not in json.dumps(result)
    assert result['diff']['after']['https://media.example.com/a.mp4']['callback_secret_key'] in ('********', 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER')


def test_a_refused_submission_fails_the_task_after_the_others_are_recorded(run, moderation_api):
    declared = [dict(video_url='https://media.example.com/%s.mp4' % name) for name in ('a', 'refused', 'c')]
    failed = submit(run, declared)
    assert failed['failed']
    assert [(f['index'], f['key']) for f in failed['failed_items']] == [(1, 'https://media.example.com/refused.mp4')]
    assert failed['summary'] == dict(total=3, created=2, updated=0, adopted=0, unchanged=0, failed=1, paid=2)
    assert failed['msg'].startswith('1 of 3 submissions failed: submission https://media.example.com/refused.mp4')
    moderation_api.refuse.clear()
    fixed = submit(run, declared, return_items='changed')
    assert [(s['index'], s['changed']) for s in fixed['submissions']] == [(1, True)]
    assert fixed['summary']['unchanged'] == 2 and len(moderation_api.tasks) == 3


def test_an_unchanged_submission_costs_one_request(run, moderation_api):
    declared = [dict(video_url='https://media.example.com/%d.mp4' % n) for n in range(6)]
    submit(run, declared)
    moderation_api.requests = 0
    result = submit(run, declared, return_items='none')
    assert result['submissions'] == [] and result['summary']['unchanged'] == 6
    assert result['msg'] == 'submissions: 6 unchanged of 6'
    assert moderation_api.requests == 6


def test_bad_submissions_are_named_by_index_before_any_request(run, moderation_api):
    result = submit(run, [dict(video_url='https://media.example.com/a.mp4'),
                          dict(video_url='https://media.example.com/b.mp4', frequency=99),
                          dict(lang='en-US'),
                          dict(video_url='ftp://media.example.com/d.mp4', callback_secret_key=CALLBACK_SECRET)])
    assert result['failed']
    assert 'submissions[1]: invalid submission: frequency must be between 1 and 60' in result['msg']
    assert 'submissions[2]: exactly one of video_url and video_path is required' in result['msg']
    assert 'submissions[3]: invalid submission: video_url must be an http' in result['msg']
    assert CALLBACK_SECRET not in json.dumps(result)
    duplicate = submit(run, [dict(video_url='https://media.example.com/a.mp4'),
                             dict(video_url='https://media.example.com/b.mp4', key='https://media.example.com/a.mp4')])
    assert 'submissions declared more than once' in duplicate['msg']
    assert moderation_api.requests == 0
