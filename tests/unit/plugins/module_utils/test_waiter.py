# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Polling to a terminal state on a (fake) monotonic clock."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils._errors import WaitTimeout
from ansible_collections.mediaops.video.plugins.module_utils._waiter import Watch, poll


class FakeTime(object):
    """A clock that moves only when sleep() is called."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class Remote(object):
    """fetch() answers the scripted states in order, then repeats the last one."""

    def __init__(self, *states):
        self.states = list(states)
        self.fetches = 0

    def fetch(self):
        self.fetches += 1
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]


def _done(state):
    return state['status'] in ('completed', 'failed')


def _state(status, number=0):
    return {'status': status, 'n': number}


def test_done_at_once():
    fake = FakeTime()
    remote = Remote(_state('completed'))
    assert poll(remote.fetch, _done, 60, clock=fake.clock, sleep=fake.sleep) == _state('completed')
    assert remote.fetches == 1 and fake.sleeps == []


def test_returns_when_done():
    fake = FakeTime()
    remote = Remote(_state('queuing'), _state('processing'), _state('completed', 3), _state('never reached'))
    result = poll(remote.fetch, _done, 600, clock=fake.clock, sleep=fake.sleep)
    assert result == _state('completed', 3)
    assert remote.fetches == 3
    assert fake.sleeps == [2.0, 3.0]  # defaults: base 2, factor 1.5


def test_delays_grow_and_cap():
    fake = FakeTime()
    remote = Remote(*([_state('processing')] * 8 + [_state('completed')]))
    poll(remote.fetch, _done, 1000, sleep_base=1.0, sleep_cap=5.0, factor=2.0, clock=fake.clock, sleep=fake.sleep)
    assert fake.sleeps == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0]
    assert remote.fetches == 9


def test_never_sleeps_past_the_deadline():
    fake = FakeTime(start=500.0)
    counter = {'n': 0}

    def fetch():
        counter['n'] += 1
        return _state('processing', counter['n'])

    with pytest.raises(WaitTimeout) as info:
        poll(fetch, _done, 10, sleep_base=4.0, sleep_cap=100.0, factor=2.0, clock=fake.clock, sleep=fake.sleep,
             describe=lambda state: state['status'])
    assert fake.sleeps == [4.0, 6.0]  # 4, then only the 6 s left (not 8)
    assert fake.now == 510.0
    assert counter['n'] == 3  # one fetch after the last sleep, at the deadline
    assert info.value.details()['last_state'] == _state('processing', 3)
    assert 'still processing after waiting 10 s' in str(info.value)


def test_timeout_with_a_clock_that_overshoots():
    fake = FakeTime()

    def late_sleep(seconds):
        fake.sleep(seconds * 3)  # the machine was busy

    remote = Remote(_state('processing'))
    with pytest.raises(WaitTimeout):
        poll(remote.fetch, _done, 5, sleep_base=2.0, clock=fake.clock, sleep=late_sleep)
    assert fake.sleeps == [6.0]
    assert remote.fetches == 2


def test_zero_timeout_fetches_once_and_fails():
    fake = FakeTime()
    remote = Remote(_state('queuing'))
    with pytest.raises(WaitTimeout) as info:
        poll(remote.fetch, _done, 0, clock=fake.clock, sleep=fake.sleep)
    assert fake.sleeps == [] and remote.fetches == 1
    assert info.value.details() == {'last_state': _state('queuing')}


def test_first_state_used_without_a_fetch():
    fake = FakeTime()
    remote = Remote(_state('processing'))
    assert poll(remote.fetch, _done, 60, first=_state('completed', 7), clock=fake.clock, sleep=fake.sleep) == \
        _state('completed', 7)
    assert remote.fetches == 0 and fake.sleeps == []


def test_first_state_not_done_then_fetches():
    fake = FakeTime()
    remote = Remote(_state('completed', 1))
    assert poll(remote.fetch, _done, 60, first=_state('queuing'), clock=fake.clock, sleep=fake.sleep) == \
        _state('completed', 1)
    assert remote.fetches == 1 and fake.sleeps == [2.0]


def test_first_state_on_timeout():
    fake = FakeTime()
    remote = Remote(_state('processing', 9))
    with pytest.raises(WaitTimeout) as info:
        poll(remote.fetch, _done, 0, first=_state('queuing', 4), clock=fake.clock, sleep=fake.sleep)
    assert remote.fetches == 0
    assert info.value.details()['last_state'] == _state('queuing', 4)


def test_watch_names_a_stall_only_after_stall_timeout_without_movement():
    t = FakeTime()
    watch = Watch(stall_timeout=30, clock=t.clock)
    assert watch.see('a', 5, None) is None
    t.sleep(29)
    assert watch.see('a', 5, None) is None
    t.sleep(1)
    assert watch.see('a', 5, None) == 'no progress for 30 s (still at 5; stall_timeout is 30 s)'
    assert watch.see('b', 5, None) is None  # each key has its own history


def test_watch_restarts_the_stall_clock_when_progress_moves():
    t = FakeTime()
    watch = Watch(stall_timeout=30, clock=t.clock)
    watch.see('a', 5, None)
    t.sleep(25)
    assert watch.see('a', 6, None) is None
    t.sleep(25)
    assert watch.see('a', 6, None) is None
    t.sleep(5.5)
    assert watch.see('a', 6, None) == 'no progress for 30.5 s (still at 6; stall_timeout is 30 s)'


def test_watch_without_progress_or_timeout_never_stalls():
    t = FakeTime()
    assert Watch(stall_timeout=None, clock=t.clock).see('a', 5, None) is None
    watch = Watch(stall_timeout=1, clock=t.clock)
    watch.see('a', None, None)
    t.sleep(100)
    assert watch.see('a', None, None) is None


def test_watch_gives_an_unknown_status_its_grace_then_names_it():
    t = FakeTime()
    watch = Watch(unknown_grace=10, clock=t.clock)
    assert watch.see('a', None, 'WM777') is None
    t.sleep(9)
    assert watch.see('a', None, 'WM777') is None
    t.sleep(1)
    assert watch.see('a', None, 'WM777') == 'the status WM777 is not one the service documents (still so after 10 s)'


def test_watch_forgets_an_unknown_status_that_clears():
    t = FakeTime()
    watch = Watch(unknown_grace=10, clock=t.clock)
    watch.see('a', None, 'WM777')
    t.sleep(9)
    assert watch.see('a', None, None) is None
    t.sleep(9)
    assert watch.see('a', None, 'WM777') is None  # a new grace from here


def test_watch_without_grace_ignores_unknown_statuses():
    t = FakeTime()
    watch = Watch(clock=t.clock)
    watch.see('a', None, 'WM777')
    t.sleep(10000)
    assert watch.see('a', None, 'WM777') is None
