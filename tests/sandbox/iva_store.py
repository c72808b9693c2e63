# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA's caption orders; a caption's status is computed from its age in ticks.

Caption status, one step per tick from the order::

    Ordered -> InProgress -> Completed

A caption whose published id ends in ``13`` (``126013``) goes ``Ordered ->
InProgress -> Failed``, and so does any caption of a published id (and
language) made to fail (``IvaStore.fail``, the control hook
``POST /_sandbox/iva/fail``) before it reached its end.  Caption ids are 700001...; they go on after a reset
(a stale id must find nothing).  The vendor does not deduplicate: every
order is a new paid caption (the service tallies the orders per
``Caption.key()`` in the stats so that tests can see the duplicates).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

FIRST_CAPTION_ID = 700001
FAILING_SUFFIX = "13"
STEPS = ("Ordered", "InProgress", "Completed")
FAILING_STEPS = ("Ordered", "InProgress", "Failed")
_EPSILON = 1e-9


class Caption:
    """One paid caption order."""

    __slots__ = ("caption_id", "customer_id", "published_id", "language_id", "fmt", "created", "started", "steps", "url",
                 "revision")

    def __init__(self, caption_id, order, created, started):
        self.caption_id = caption_id
        self.customer_id = order["customer_id"]
        self.published_id = order["published_id"]
        self.language_id = order["language_id"]
        self.fmt = order.get("fmt")            # the format ordered (None: not given)
        self.revision = 1                      # the caption's text changes with each revision (IVA corrects captions)
        self.url = order["url"]               # the signed URL as the client sent it
        self.created = created                # shifted wall clock, epoch seconds
        self.started = started                # monotonic seconds
        self.steps = FAILING_STEPS if str(self.published_id).endswith(FAILING_SUFFIX) else STEPS

    def status(self, now, tick):
        """The status at monotonic time ``now``."""
        elapsed = int((now - self.started) / tick + _EPSILON) if now > self.started else 0
        return self.steps[min(elapsed, len(self.steps) - 1)]

    def doom(self, now, tick):
        """End Failed instead, unless the caption has already ended."""
        if self.status(now, tick) not in ("Completed", "Failed"):
            self.steps = FAILING_STEPS

    def key(self):
        """``"customer/published/language"``: what makes two orders the same order."""
        return "%s/%d/%d" % (self.customer_id, self.published_id, self.language_id)


class IvaStore:
    """Captions of one service, guarded by a lock; append-only until ``reset``."""

    def __init__(self, clock):
        self.clock = clock
        self._lock = threading.Lock()
        self._captions = []
        self._by_id = {}
        self._issued = 0
        self._failing = set()  # (published id, language id or None): their captions end Failed

    def reset(self):
        """Forget every caption and every failing key; ids go on from where they were."""
        with self._lock:
            self._captions = []
            self._by_id = {}
            self._failing = set()

    def fail(self, published_id, language_id=None):
        """The captions of a published id (in one language, or all), those ordered later too, end Failed."""
        with self._lock:
            self._failing.add((published_id, language_id))
            captions = list(self._captions)
        for caption in captions:
            if caption.published_id == published_id and language_id in (None, caption.language_id):
                caption.doom(self.clock.steady(), self.clock.tick)

    def revise(self, caption_id):
        """A new revision of the caption's text; the caption, or None."""
        with self._lock:
            caption = self._by_id.get(caption_id)
            if caption is not None:
                caption.revision += 1
            return caption

    def add(self, order):
        """A new caption for ``order`` (``iva_order.check_order`` output)."""
        with self._lock:
            caption = Caption(FIRST_CAPTION_ID + self._issued, order, self.clock.now(), self.clock.steady())
            if {(caption.published_id, None), (caption.published_id, caption.language_id)} & self._failing:
                caption.steps = FAILING_STEPS
            self._issued += 1
            self._captions.append(caption)
            self._by_id[caption.caption_id] = caption
            return caption

    def caption(self, caption_id):
        """The caption with that (integer) id, or None."""
        with self._lock:
            return self._by_id.get(caption_id)

    def select(self, customer_id, published_id=None, language_id=None):
        """The captions of ``customer_id`` (filtered), by caption id (the list is in id order)."""
        with self._lock:
            captions = self._captions
        return [
            caption for caption in captions
            if caption.customer_id == customer_id
            and (published_id is None or caption.published_id == published_id)
            and (language_id is None or caption.language_id == language_id)
        ]
