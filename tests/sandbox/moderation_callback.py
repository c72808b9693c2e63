# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iLiveData's result callback (CONTRACT.md's decision): signed like a request, delivered once, never retried.

When a task submitted with ``callbackUrl`` is final (code 0 or 1), one
background thread (as PallyCon's: started when such a task is submitted,
gone once none is pending, woken at once by ``reset``) POSTs the final result
document plus ``taskId`` as compact UTF-8 JSON to that URL, with
``Content-Type: application/json;charset=UTF-8``, ``X-AppId`` (the task's
app), ``X-TimeStamp`` (the sandbox clock) and ``Authorization`` computed by
the request algorithm over that callback request: method ``POST``, the URL's
``host[:port]`` lowercased (sent as the Host header), its path (``/`` if
empty, no query), the body; keyed with the task's ``callbackSecretKey``.
Only loopback URLs (``127.0.0.1``, ``localhost``, ``[::1]``) are called; a
task with another URL is accepted and counted as ``skipped``.  Failures are
logged and counted, never retried.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import heapq
import itertools
import json
import logging
import threading
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import ProxyHandler, Request, build_opener

from .moderation_auth import format_timestamp, sign, string_to_sign

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
CONTENT_TYPE = "application/json;charset=UTF-8"
DELIVERY_TIMEOUT = 5
MIN_SLEEP = 0.005

LOG = logging.getLogger("sandbox.moderation")


def is_loopback(url):
    """True if the http(s) ``url`` points at this machine."""
    try:
        return urlsplit(url).hostname in LOOPBACK_HOSTS
    except ValueError:
        return False


def signed_request(url, body, app_id, secret, now):
    """The callback ``urllib`` request for ``body`` (bytes) to ``url``, signed per the contract."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2].lower()
    timestamp = format_timestamp(now)
    signature = sign(secret, string_to_sign("POST", host, parts.path or "/", body, app_id, timestamp))
    headers = {"Host": host, "Content-Type": CONTENT_TYPE, "X-AppId": app_id, "X-TimeStamp": timestamp,
               "Authorization": signature}
    return Request(url, data=body, headers=headers, method="POST")


class CallbackSender:
    """The heap of tasks not final yet and the thread delivering their results."""

    def __init__(self, clock):
        self.clock = clock
        self._lock = threading.Lock()
        self._opener = build_opener(ProxyHandler({}))
        self._thread = None
        self._wakeup = threading.Event()
        self._order = itertools.count()
        self._pending = []
        self._generation = 0
        self._counts = {"delivered": 0, "failed": 0, "skipped": 0}

    def reset(self):
        """Forget the pending tasks and the counters (a delivery under way is not counted)."""
        with self._lock:
            self._pending = []
            self._generation += 1
            self._counts = dict((key, 0) for key in self._counts)
        self._wakeup.set()

    def document(self):
        """``GET /_sandbox/moderation/callbacks``."""
        with self._lock:
            document = dict(self._counts)
            document["pending"] = len(self._pending)
            return document

    def schedule(self, task):
        """Deliver ``task``'s result to its callback URL once it is final (skip a non-loopback URL)."""
        with self._lock:
            if not is_loopback(task.spec["callbackUrl"]):
                self._counts["skipped"] += 1
                return
            heapq.heappush(self._pending, (task.finishes_at(self.clock.tick), next(self._order), task))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sandbox-moderation-callback", daemon=True)
                self._thread.start()

    def _take_due(self):
        """``(generation, due tasks, seconds to sleep)``; None (and the thread is done) if nothing is pending."""
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
            for task in due:
                if self._current(generation):
                    self._deliver(generation, task)
            self._wakeup.wait(wait)

    def _current(self, generation):
        with self._lock:
            return generation == self._generation

    def _deliver(self, generation, task):
        url = task.spec["callbackUrl"]
        body = json.dumps(task.final_document(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        request = signed_request(url, body, task.app_id, task.spec["callbackSecretKey"], self.clock.now())
        try:
            with self._opener.open(request, timeout=DELIVERY_TIMEOUT) as response:
                response.read()
            outcome = "delivered"
        except (URLError, OSError, ValueError) as error:
            LOG.warning("moderation callback for task %s to %s failed: %s", task.task_id, url, error)
            outcome = "failed"
        with self._lock:
            if generation == self._generation:
                self._counts[outcome] += 1
