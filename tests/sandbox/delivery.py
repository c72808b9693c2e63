# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the sandbox calls back: one delivery mechanism for every service's callbacks.

A service owns one ``Deliveries``.  It calls ``schedule(due, label, build, url)``
when something it runs will be final at monotonic time ``due`` (statuses are
computed lazily, so nobody has to poll for the callback to go out).  One
background thread per ``Deliveries`` (started by ``schedule``, gone once
nothing is pending) wakes at least every tick, takes the entries that are due
from a heap ordered by due time (then by scheduling order), calls ``build()``
at that moment and sends what it returns:

* ``build()`` returns a ``urllib.request.Request`` (built then, so a signature
  carries the time of sending and a URL set meanwhile applies), or None when
  there is nothing to send (no URL set): counted ``skipped``.
* An answer 2xx/3xx is ``delivered``; any other 4xx is final and ``failed``
  (the receiver refused it: sending it again would not change its mind).
* No answer (connection refused or reset, timeout) or a 429/5xx answer is
  tried again, ``ATTEMPTS`` times in all, after 1, 2, 4... ticks, with a fresh
  ``build()`` each time; each new try counts ``retried``, and the last failure
  ``failed``.

Only loopback URLs (``127.0.0.1``, ``localhost``, ``[::1]``) are ever called:
the sandbox never calls out of the machine (``is_loopback``, ``check_url``;
``schedule`` counts a callback whose ``url`` names another host as skipped
and never sends it).  ``reset()``
(the services call it on ``POST /_sandbox/reset {"data": true}``) drops
what is pending, zeroes the counters and wakes the thread at once; a delivery
under way then is not counted.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import heapq
import itertools
import logging
import threading
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import ProxyHandler, build_opener

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
ATTEMPTS = 3
DELIVERY_TIMEOUT = 5
MIN_SLEEP = 0.005
COUNTERS = ("delivered", "failed", "retried", "skipped")

LOG = logging.getLogger("sandbox.delivery")


def is_loopback(url):
    """True if the http(s) ``url`` points at this machine."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.hostname in LOOPBACK_HOSTS
    except ValueError:
        return False


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


def where(url):
    """``url`` without its query (which may carry a token) and user info, for the log."""
    parts = urlsplit(url)
    return "%s://%s%s" % (parts.scheme, parts.netloc.rpartition("@")[2], parts.path)


def retryable(status):
    """True if an HTTP answer ``status`` (None: no answer at all) is worth another try."""
    return status is None or status == 429 or status >= 500


class _Entry:
    """One callback: what it is (for the log), how to build its request, which try is next."""

    def __init__(self, label, build):
        self.label = label
        self.build = build
        self.attempt = 1


class Deliveries:
    """The heap of callbacks not sent yet, the thread sending them, and the counters."""

    def __init__(self, clock, name, attempts=ATTEMPTS, timeout=DELIVERY_TIMEOUT):
        self.clock = clock
        self.name = name
        self.attempts = attempts
        self.timeout = timeout
        self._lock = threading.Lock()
        self._opener = build_opener(ProxyHandler({}))
        self._thread = None
        self._wakeup = threading.Event()
        self._order = itertools.count()
        self._pending = []
        self._generation = 0
        self._counts = dict((key, 0) for key in COUNTERS)

    def reset(self):
        """Drop what is pending and zero the counters."""
        with self._lock:
            self._pending = []
            self._generation += 1
            self._counts = dict((key, 0) for key in COUNTERS)
        self._wakeup.set()

    def counts(self):
        """``{"delivered", "failed", "retried", "skipped", "pending"}``."""
        with self._lock:
            document = dict(self._counts)
            document["pending"] = len(self._pending)
            return document

    def schedule(self, due, label, build, url=None):
        """Send ``build()`` at monotonic time ``due``; start the thread if none runs.

        ``url``, when known now, is where ``build()`` will send: one off this
        machine is counted ``skipped`` at once and never sent.
        """
        with self._lock:
            if url is not None and not is_loopback(url):
                self._counts["skipped"] += 1
                return
            self._push(due, _Entry(label, build))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sandbox-%s-callbacks" % self.name, daemon=True)
                self._thread.start()

    def _push(self, due, entry):
        heapq.heappush(self._pending, (due, next(self._order), entry))

    def _take_due(self):
        """``(generation, due entries, seconds to sleep)``; None (and the thread is done) if nothing is pending."""
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
            return self._generation, due, min(max(wait, MIN_SLEEP), self.clock.tick)

    def _run(self):
        while True:
            taken = self._take_due()
            if taken is None:
                return
            generation, due, wait = taken
            for entry in due:
                if self._current(generation):
                    self._deliver(generation, entry)
            self._wakeup.wait(wait)

    def _current(self, generation):
        with self._lock:
            return generation == self._generation

    def _send(self, request):
        """``(outcome, HTTP status or None, why)`` of one try."""
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
            return "delivered", None, ""
        except HTTPError as error:
            error.close()
            return "failed", error.code, "HTTP %d" % error.code
        except (URLError, OSError) as error:
            return "failed", None, str(error)

    def _deliver(self, generation, entry):
        try:
            request = entry.build()
        except ValueError as error:
            LOG.warning("%s callback %s not built: %s", self.name, entry.label, error)
            request, outcome = None, "failed"
        else:
            outcome = "skipped"
        status, why = None, ""
        if request is not None:
            outcome, status, why = self._send(request)
        with self._lock:
            if generation != self._generation:
                return
            if outcome == "failed" and request is not None and retryable(status) and entry.attempt < self.attempts:
                delay = self.clock.tick * 2 ** (entry.attempt - 1)
                LOG.info("%s callback %s to %s: %s; try %d in %.2f s", self.name, entry.label,
                         where(request.full_url), why, entry.attempt + 1, delay)
                entry.attempt += 1
                self._counts["retried"] += 1
                self._push(self.clock.steady() + delay, entry)
                return
            self._counts[outcome] += 1
        if outcome == "failed" and request is not None:
            LOG.warning("%s callback %s to %s failed: %s", self.name, entry.label, where(request.full_url), why)
