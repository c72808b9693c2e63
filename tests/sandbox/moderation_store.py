# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iLiveData's video check tasks; a task's state is computed from its age in ticks.

A task is ``code`` 2 (detecting) for its first ``DETECTING_TICKS`` ticks, then
final: ``code`` 0 with the verdict of ``moderation_results.verdict_of``, or 1
when the video contains ``broken``.  Task ids are 32 lowercase hex characters
(random).  There is no deduplication: each submit is a new task (the service
tallies the tasks per ``Task.video_key`` in the stats: the URL, or
``base64:`` + the SHA-256 of the decoded bytes, so that tests can see the
duplicates).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import threading
import uuid

from .moderation_results import DETECTING, result_document, verdict_of, video_spams
from .moderation_rules import URL_TYPE

DETECTING_TICKS = 2
_EPSILON = 1e-9


class Task:
    """One submitted video."""

    __slots__ = ("task_id", "app_id", "spec", "video_key", "created", "started", "code", "verdict")

    def __init__(self, task_id, app_id, spec, created, started):
        self.task_id = task_id
        self.app_id = app_id
        self.spec = dict((key, value) for key, value in spec.items() if key != "decoded")
        if spec["type"] == URL_TYPE:
            self.video_key = spec["video"]
            words = spec["video"]
        else:
            self.video_key = "base64:" + hashlib.sha256(spec["decoded"]).hexdigest()
            words = spec["videoName"]
        self.created = created        # shifted wall clock, epoch seconds
        self.started = started        # monotonic seconds
        self.code, self.verdict = verdict_of(words)

    def finishes_at(self, tick):
        """Monotonic time the task is final."""
        return self.started + DETECTING_TICKS * tick

    def code_at(self, now, tick):
        """``code`` at monotonic time ``now``: 2 while detecting, then 0 or 1."""
        elapsed = int((now - self.started) / tick + _EPSILON) if now > self.started else 0
        return DETECTING if elapsed < DETECTING_TICKS else self.code

    def document(self, now, tick):
        """The result reply at ``now``."""
        code = self.code_at(now, tick)
        return result_document(code, self.verdict, video_spams(self.task_id, self.verdict, self.spec["frequency"]))

    def final_document(self):
        """The callback payload: the final result reply plus ``taskId``."""
        document = result_document(self.code, self.verdict, video_spams(self.task_id, self.verdict, self.spec["frequency"]))
        document["taskId"] = self.task_id
        return document


class ModerationStore:
    """Tasks of one service, guarded by a lock."""

    def __init__(self, clock):
        self.clock = clock
        self._lock = threading.Lock()
        self._tasks = {}

    def reset(self):
        """Forget every task."""
        with self._lock:
            self._tasks = {}

    def add(self, app_id, spec):
        """A new task of ``app_id`` for ``spec`` (``moderation_rules.submit`` output)."""
        task = Task(uuid.uuid4().hex, app_id, spec, self.clock.now(), self.clock.steady())
        with self._lock:
            self._tasks[task.task_id] = task
        return task

    def task(self, task_id):
        """The task with that id, or None."""
        with self._lock:
            return self._tasks.get(task_id)
