# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sandbox clock: a shiftable wall clock and the status tick."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import threading
import time


class Clock:
    """Wall time shifted by ``offset`` seconds (for skew tests) plus a steady tick.

    The offset changes what the services believe "now" is (signature windows,
    ``Date`` headers, ``created_at``); status progression uses the monotonic
    clock and is not affected by it.
    """

    def __init__(self, tick=0.5):
        self.tick = float(tick)
        self._offset = 0.0
        self._lock = threading.Lock()

    @property
    def offset(self):
        """Seconds added to the real wall clock."""
        with self._lock:
            return self._offset

    def set_offset(self, offset):
        """Shift "now" by ``offset`` seconds (0 restores the real clock)."""
        with self._lock:
            self._offset = float(offset)

    def now(self):
        """Shifted wall time, epoch seconds."""
        return time.time() + self.offset

    @staticmethod
    def steady():
        """Monotonic seconds, for status progression."""
        return time.monotonic()

    def http_date(self, timestamp=None):
        """RFC 1123 date in GMT of ``timestamp`` (default: shifted now)."""
        if timestamp is None:
            timestamp = self.now()
        return email.utils.formatdate(timestamp, usegmt=True)
