# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Races every ledger backend must win: parallel processes writing, and claiming one key."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import multiprocessing

from ansible_collections.mediaops.video.plugins.module_utils._ledger import open_ledger

SCOPE = 'ankoder|job|http://api.example.com'


def _key(number, index):
    return 'writer-%d-key-%d' % (number, index)


def _put_many(url, number, keys, start):
    start.wait(30)
    ledger = open_ledger(url)
    for index in range(keys):
        ledger.put(SCOPE, _key(number, index), {'id': number * 1000 + index, 'writer': number})


def _claim_once(url, key, owner, start, results):
    start.wait(30)
    results.put((owner, open_ledger(url).claim(SCOPE, key, {'pending': True, 'owner': owner}) is not None))


def assert_writers_lose_nothing(url, writers, keys):
    """``writers`` processes each put ``keys`` entries at once: every entry is there afterwards."""
    context = multiprocessing.get_context('fork')
    start = context.Event()
    workers = [context.Process(target=_put_many, args=(url, number, keys, start)) for number in range(writers)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * writers
    ledger = open_ledger(url)
    assert len(ledger.entries()) == writers * keys
    for number in range(writers):
        for index in range(keys):
            entry = ledger.get(SCOPE, _key(number, index))
            assert entry is not None and entry['id'] == number * 1000 + index


def assert_one_claim_wins(url, contenders, rounds=3):
    """``contenders`` processes claim the same new key at once, ``rounds`` times: one wins each, and its entry stays."""
    context = multiprocessing.get_context('fork')
    for round_number in range(rounds):
        start = context.Event()
        results = context.Queue()
        key = 'contended-%d' % round_number
        workers = [context.Process(target=_claim_once, args=(url, key, 'p%d' % n, start, results)) for n in range(contenders)]
        for worker in workers:
            worker.start()
        start.set()
        outcomes = [results.get(timeout=60) for _worker in workers]
        for worker in workers:
            worker.join(60)
        winners = [owner for owner, won in outcomes if won]
        assert len(outcomes) == contenders and len(winners) == 1
        assert open_ledger(url).get(SCOPE, key)['owner'] == winners[0]
