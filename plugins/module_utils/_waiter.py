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
