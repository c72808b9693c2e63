# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: polling to a terminal state on a monotonic clock."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.mediaops.video.plugins.module_utils._errors import WaitTimeout


def poll(fetch, done, timeout, sleep_base=2.0, sleep_cap=30.0, factor=1.5, clock=time.monotonic, sleep=time.sleep,
         first=None, describe=repr):
    """Call ``fetch()`` until ``done(state)``; return the last state.

    ``first`` is a state already in hand (no fetch is spent on it). The
    delay grows by ``factor`` up to ``sleep_cap`` and never overshoots the
    deadline; on timeout WaitTimeout carries the last state seen.
    """
    deadline = clock() + timeout
    delay = sleep_base
    state = fetch() if first is None else first
    while not done(state):
        remaining = deadline - clock()
        if remaining <= 0:
            raise WaitTimeout('still %s after waiting %s s' % (describe(state), timeout), last_state=state)
        sleep(min(delay, remaining))
        delay = min(delay * factor, sleep_cap)
        state = fetch()
    return state


class Watch(object):
    """What a wait learns across polls beside the status: work whose progress has not moved for
    ``stall_timeout`` seconds, or whose status has stayed outside the vendor's known table for
    ``unknown_grace`` seconds, is not going to finish (either may be None: not watched).

    ``see(key, progress, unknown)`` after each read: the reason to give up on ``key``, or None.
    ``progress`` is any value that changes while the work moves (None: nothing to judge by);
    ``unknown`` is the vendor's unknown status code, or None.
    """

    def __init__(self, stall_timeout=None, unknown_grace=None, clock=time.monotonic):
        self.stall_timeout = stall_timeout
        self.unknown_grace = unknown_grace
        self.clock = clock
        self._moved = {}
        self._unknown_since = {}

    def see(self, key, progress, unknown):
        now = self.clock()
        if unknown is None:
            self._unknown_since.pop(key, None)
        elif self.unknown_grace is not None:
            since = self._unknown_since.setdefault(key, (unknown, now))[1]
            if now - since >= self.unknown_grace:
                return 'the status %s is not one the service documents (still so after %s s)' % (
                    unknown, _seconds(now - since))
        if self.stall_timeout is None or progress is None:
            return None
        last, since = self._moved.get(key, (None, None))
        if since is None or progress != last:
            self._moved[key] = (progress, now)
            return None
        if now - since >= self.stall_timeout:
            return 'no progress for %s s (still at %s; stall_timeout is %s s)' % (
                _seconds(now - since), progress, self.stall_timeout)
        return None


def _seconds(value):
    return int(value) if float(value).is_integer() else round(value, 1)
