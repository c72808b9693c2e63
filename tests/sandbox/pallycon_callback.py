# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon's result callback: the URL set through ``/_sandbox/pallycon/callback`` and its delivery.

When a job reaches WM030 or WM999, its payload (unencrypted, unsigned JSON,
``Content-Type: application/json``) is POSTed to the URL set at that moment,
by the shared mechanism of ``delivery`` (background thread, retries,
counters).  No URL set then, or a job made to hold another status (a
control): no callback for that job (counted ``skipped``).
Only loopback URLs (``127.0.0.1``, ``localhost``, ``[::1]``) are accepted:
the sandbox never calls out of the machine.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import threading
from urllib.request import Request

from .delivery import Deliveries, check_url
from .pallycon_store import FINAL


class CallbackNotifier:
    """The callback URL and the deliveries of the jobs' results."""

    def __init__(self, clock, payload_of):
        self.clock = clock
        self.payload_of = payload_of      # job -> JSON-able dict
        self._lock = threading.Lock()
        self._url = None
        self.deliveries = Deliveries(clock, "pallycon")

    def reset(self):
        """Forget the URL, the pending jobs and the counters (a delivery under way is not counted)."""
        with self._lock:
            self._url = None
        self.deliveries.reset()

    def set_url(self, url):
        """Set (or with None clear) the callback URL."""
        url = check_url(url)
        with self._lock:
            self._url = url

    def url(self):
        """The callback URL now (or None)."""
        with self._lock:
            return self._url

    def document(self):
        """``GET /_sandbox/pallycon/callback``: the URL and the delivery counters."""
        document = {"url": self.url()}
        document.update(self.deliveries.counts())
        return document

    def schedule(self, job):
        """Send ``job``'s result once it is final."""
        self.deliveries.schedule(job.finishes_at(self.clock.tick), "for job %s" % job.job_id,
                                 lambda: self._request(job))

    def _request(self, job):
        url = self.url()
        if url is None or job.steps[-1] not in FINAL:
            return None
        body = json.dumps(self.payload_of(job)).encode("utf-8")
        return Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
