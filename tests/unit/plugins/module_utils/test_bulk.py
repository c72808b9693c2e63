# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every bulk form returns (_bulk): the items, the counts, the one-line summary, the failure at the end."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _bulk as bulk
from ansible_collections.mediaops.video.plugins.module_utils._create_once import Item, Result
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError


class Module(object):
    def __init__(self, return_items='all', check_mode=False, diff=False):
        self.params = {'return_items': return_items, 'concurrency': 4}
        self.check_mode = check_mode
        self._diff = diff


def _results():
    """Item 0 kept, 1 created, 2 created then failed at the service, 3 refused before anything was created."""
    items = [Item('k%d' % n, 'caption %d' % n, {'n': n}) for n in range(4)]
    kept = Result(items[0], 'keep', {'id': 10}, {'n': 0}, {'n': 0})
    created = Result(items[1], 'create', {'id': 11}, {}, {'n': 1, 'id': 11})
    failed_later = Result(items[2], 'create', {'id': 12}, {}, {'n': 2, 'id': 12}).fail(MediaopsError('caption 12 failed at IVA'))
    refused = Result(items[3]).fail(MediaopsError('HTTP 400: no such video', status=400))
    return [kept, created, failed_later, refused]


def _row(result):
    return {'id': (result.current or {}).get('id')}


def test_counts_name_creates_failures_and_the_bill():
    counts = bulk.summary(_results(), paid=True)
    assert counts == {'total': 4, 'created': 2, 'updated': 0, 'adopted': 0, 'unchanged': 1, 'failed': 2, 'paid': 2}
    assert bulk.summary(_results(), paid=False)['paid'] == 0


def test_the_one_line_summary():
    counts = {'total': 1000, 'created': 2, 'updated': 0, 'adopted': 0, 'unchanged': 998, 'failed': 0, 'paid': 2}
    assert bulk.line(counts, 'captions', False) == 'captions: 2 created (2 paid), 998 unchanged of 1000'
    assert bulk.line(counts, 'captions', True) == 'captions: 2 would be created (2 paid), 998 unchanged of 1000'


def test_a_failed_item_fails_the_task_at_the_end_with_every_item_returned():
    with pytest.raises(MediaopsError) as raised:
        bulk.result(Module(), _results(), 'captions', _row, 'captions', paid=True)
    error = raised.value
    assert error.message.startswith('2 of 4 captions failed: caption 2: caption 12 failed at IVA; caption 3: HTTP 400')
    details = error.details()
    assert [row['id'] for row in details['captions']] == [10, 11, 12, None]
    assert [row['changed'] for row in details['captions']] == [False, True, True, False]
    assert [row.get('failed', False) for row in details['captions']] == [False, False, True, True]
    assert [(f['key'], f['index']) for f in details['failed_items']] == [('k2', 2), ('k3', 3)]
    assert details['failed_items'][1]['status'] == 400
    assert details['summary']['created'] == 2


def test_return_items_changed_keeps_changed_and_failed_with_their_index():
    ok = _results()[:2]
    out = bulk.result(Module('changed'), ok, 'captions', _row, 'captions')
    assert out['captions'] == [{'id': 11, 'changed': True, 'index': 1}]
    assert out['msg'] == 'captions: 1 created, 1 unchanged of 2' and out['changed'] is True


def test_return_items_none_returns_counts_only():
    out = bulk.result(Module('none'), _results()[:1], 'captions', _row, 'captions')
    assert out['captions'] == [] and out['summary']['unchanged'] == 1 and out['changed'] is False


def test_the_diff_is_keyed_by_item_and_holds_only_what_changed():
    out = bulk.result(Module(diff=True), _results()[:2], 'captions', _row, 'captions')
    assert out['diff'] == {'before': {'k1': {}}, 'after': {'k1': {'n': 1, 'id': 11}}}


def test_two_items_of_one_identity_are_refused_before_any_request():
    with pytest.raises(ValidationError, match='declared more than once: a, b'):
        bulk.duplicates(['a', 'b', 'c', 'a', 'b', 'a'], 'captions')
    bulk.duplicates(['a', 'b'], 'captions')


@pytest.mark.parametrize('concurrency', [0, 65])
def test_concurrency_is_bounded(concurrency):
    with pytest.raises(ValidationError, match='between 1 and 64'):
        bulk.check({'concurrency': concurrency})
