# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iLiveData's result callback (the decision in docs/docsite/rst/wire_moderation.rst, Callbacks): signed like a request.

When a task submitted with ``callbackUrl`` is final (code 0 or 1), the
shared mechanism of ``delivery`` (background thread, retries, counters) POSTs
the final result document plus ``taskId`` as compact UTF-8 JSON to that URL,
with ``Content-Type: application/json;charset=UTF-8``, ``X-AppId`` (the
task's app), ``X-TimeStamp`` (the sandbox clock at that try) and
``Authorization`` computed by the request algorithm over that callback
request: method ``POST``, the URL's ``host[:port]`` lowercased (sent as the
Host header), its path (``/`` if empty, no query), the body; keyed with the
task's ``callbackSecretKey``.  Only loopback URLs (``127.0.0.1``,
``localhost``, ``[::1]``) are called; a task with another URL is accepted and
counted as ``skipped``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
from urllib.parse import urlsplit
from urllib.request import Request

from .delivery import Deliveries
from .moderation_auth import format_timestamp, sign, string_to_sign

CONTENT_TYPE = "application/json;charset=UTF-8"


def signed_request(url, body, app_id, secret, now):
    """The callback ``urllib`` request for ``body`` (bytes) to ``url``, signed per docs/docsite/rst/wire_moderation.rst, Callbacks."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2].lower()
    timestamp = format_timestamp(now)
    signature = sign(secret, string_to_sign("POST", host, parts.path or "/", body, app_id, timestamp))
    headers = {"Host": host, "Content-Type": CONTENT_TYPE, "X-AppId": app_id, "X-TimeStamp": timestamp,
               "Authorization": signature}
    return Request(url, data=body, headers=headers, method="POST")


class CallbackSender:
    """The deliveries of the tasks' results to their callback URLs."""

    def __init__(self, clock):
        self.clock = clock
        self.deliveries = Deliveries(clock, "moderation")

    def reset(self):
        """Forget the pending tasks and the counters (a delivery under way is not counted)."""
        self.deliveries.reset()

    def document(self):
        """``GET /_sandbox/moderation/callbacks``."""
        return self.deliveries.counts()

    def schedule(self, task):
        """Deliver ``task``'s result to its callback URL once it is final (skip a non-loopback URL)."""
        self.deliveries.schedule(task.finishes_at(self.clock.tick), "for task %s" % task.task_id,
                                 lambda: self._request(task), url=task.spec["callbackUrl"])

    def _request(self, task):
        body = json.dumps(task.final_document(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return signed_request(task.spec["callbackUrl"], body, task.app_id, task.spec["callbackSecretKey"],
                              self.clock.now())
