# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon's result callback: the URL set through ``/_sandbox/pallycon/callback`` and its delivery.

Statuses are computed lazily, so one background thread per service (started
when a job is registered, gone once no job is pending) wakes at least every
tick, takes the jobs that have reached WM030 or WM999 from a heap ordered by
that time (``reset`` wakes it at once), and POSTs each one's payload (unencrypted JSON) to the URL set at
that moment.  No URL set then: no callback for that job.  Failures are logged
and counted, never retried.  Only loopback URLs (``127.0.0.1``, ``localhost``,
``[::1]``) are accepted: the sandbox never calls out of the machine.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import heapq
import json
import logging
import threading
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import ProxyHandler, Request, build_opener

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
DELIVERY_TIMEOUT = 5
MIN_SLEEP = 0.005

LOG = logging.getLogger("sandbox.pallycon")


def check_url(url):
    """``url`` if it is None or an http(s) URL to a loopback host; ValueError otherwise."""
    if url is None:
        return None
    if not isinstance(url, str):
        raise ValueError("url must be a string or null")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValueError("url is not a valid URL") from error
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK_HOSTS or port == 0:
        raise ValueError("url must be http(s)://127.0.0.1|localhost|[::1][:port]/...")
    return url


class CallbackNotifier:
    """The callback URL, the heap of jobs not final yet, and the thread delivering their results."""

    def __init__(self, clock, payload_of):
        self.clock = clock
        self.payload_of = payload_of      # job -> JSON-able dict
        self._lock = threading.Lock()
        self._opener = build_opener(ProxyHandler({}))
        self._thread = None
        self._wakeup = threading.Event()
        self._url = None
        self._pending = []
        self._generation = 0
        self._delivered = 0
        self._failed = 0

    def reset(self):
        """Forget the URL, the pending jobs and the counters (a delivery under way is not counted)."""
        with self._lock:
            self._url = None
            self._pending = []
            self._generation += 1
            self._delivered = 0
            self._failed = 0
        self._wakeup.set()

    def set_url(self, url):
        """Set (or with None clear) the callback URL."""
        url = check_url(url)
        with self._lock:
            self._url = url

    def document(self):
        """``GET /_sandbox/pallycon/callback``."""
        with self._lock:
            return {"url": self._url, "delivered": self._delivered, "failed": self._failed, "pending": len(self._pending)}

    def schedule(self, job):
        """Watch ``job`` until it is final; start the thread if none runs."""
        with self._lock:
            heapq.heappush(self._pending, (job.finishes_at(self.clock.tick), job.job_id, job))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sandbox-pallycon-callback", daemon=True)
                self._thread.start()

    def _take_due(self):
        """``(generation, url, due jobs, seconds to sleep)``; None (and the thread is done) if nothing is pending."""
        with self._lock:
            self._wakeup.clear()
            now = self.clock.steady()
            due = []
            while self._pending and self._pending[0][0] <= now:
                due.append(heapq.heappop(self._pending)[2])
            if not due and not self._pending:
                self._thread = None
                return None
            wait = self._pending[0][0] - now if self._pending else 0
            return self._generation, self._url, due, min(max(wait, MIN_SLEEP), self.clock.tick)

    def _run(self):
        while True:
            taken = self._take_due()
            if taken is None:
                return
            generation, url, due, wait = taken
            for job in due:
                if url is not None and self._current(generation):
                    self._deliver(generation, url, job)
            self._wakeup.wait(wait)

    def _current(self, generation):
        with self._lock:
            return generation == self._generation

    def _deliver(self, generation, url, job):
        body = json.dumps(self.payload_of(job)).encode("utf-8")
        request = Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with self._opener.open(request, timeout=DELIVERY_TIMEOUT) as response:
                response.read()
            ok = True
        except (URLError, OSError, ValueError) as error:
            LOG.warning("PallyCon callback for job %s to %s failed: %s", job.job_id, url, error)
            ok = False
        with self._lock:
            if generation == self._generation:
                if ok:
                    self._delivered += 1
                else:
                    self._failed += 1
