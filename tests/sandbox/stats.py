# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request, creation, rejection and fault counters served by ``GET /_sandbox/stats``.

Services that accept several auth methods count, per request, the methods whose
credentials it carried (``auth.presented``) and the one that authenticated it
(``auth.authenticated``), keyed ``"<service>.<method>"`` (``"ankoder.signature"``):
a test can then prove that a client sent one method's credentials only.

Services may also keep named tallies (``count_keyed("iva.orders", key)``):
counts per key, zeroed with the other counters, not part of the snapshot (a
service serves them on its own control endpoint).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading


def tally_document(counts, name):
    """``{"total", "duplicates", name: counts}`` of a tally: duplicates are the counts beyond the first per key."""
    total = sum(counts.values())
    return {"total": total, "duplicates": total - len(counts), name: counts}


class Stats:
    """Thread-safe counters; ``declare`` names resource kinds that always show (as 0)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._kinds = []
        self._requests = {}
        self._creates = {}
        self._rejected = {}
        self._faults = {}
        self._tallies = {}
        self._presented = {}
        self._authenticated = {}

    def declare(self, kinds):
        """Always list these resource kinds under ``creates``."""
        with self._lock:
            for kind in kinds:
                if kind not in self._kinds:
                    self._kinds.append(kind)
                self._creates.setdefault(kind, 0)

    def reset(self):
        """Zero every counter."""
        with self._lock:
            self._requests = {}
            self._rejected = {}
            self._faults = {}
            self._tallies = {}
            self._presented = {}
            self._authenticated = {}
            self._creates = dict((kind, 0) for kind in self._kinds)

    @staticmethod
    def _bump(counter, key):
        counter[key] = counter.get(key, 0) + 1

    def count_request(self, route_key):
        """One request to ``"METHOD /template"`` (or ``"METHOD <unknown>"``)."""
        with self._lock:
            self._bump(self._requests, route_key)

    def count_create(self, kind):
        """One resource of ``kind`` (``"ankoder.video"``) actually created."""
        with self._lock:
            self._bump(self._creates, kind)

    def count_rejected(self, status):
        """One response with HTTP status >= 400, keyed by the status as a string."""
        if status >= 400:
            with self._lock:
                self._bump(self._rejected, str(status))

    def count_fault(self, kind):
        """One injected fault of ``kind`` fired."""
        with self._lock:
            self._bump(self._faults, kind)

    def count_auth(self, service, presented, authenticated):
        """One request that needed auth: the methods it ``presented``, the one that ``authenticated`` it (None: refused)."""
        with self._lock:
            for method in presented:
                self._bump(self._presented, "%s.%s" % (service, method))
            if authenticated is not None:
                self._bump(self._authenticated, "%s.%s" % (service, authenticated))

    def count_keyed(self, tally, key):
        """One more ``key`` in the named ``tally``; the new count of that key."""
        with self._lock:
            counter = self._tallies.setdefault(tally, {})
            self._bump(counter, key)
            return counter[key]

    def tally(self, tally):
        """``{key: count}`` of the named tally (empty if nothing was counted since the last reset)."""
        with self._lock:
            return dict(self._tallies.get(tally, {}))

    def snapshot(self):
        """The JSON document of ``GET /_sandbox/stats``."""
        with self._lock:
            return {
                "requests": dict(self._requests),
                "total_requests": sum(self._requests.values()),
                "creates": dict(self._creates),
                "rejected": dict(self._rejected),
                "faults_fired": dict(self._faults),
                "auth": {"presented": dict(self._presented), "authenticated": dict(self._authenticated)},
            }
