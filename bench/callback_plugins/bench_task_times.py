# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: bench_task_times
type: aggregate
short_description: Print each task's wall time (for bench/catalog_scale.py)
description:
  - Prints C(TASK-TIME <seconds> <task name>) once each task ends, a loop's items together.
author:
  - mediaops.video contributors (@mediaops)
'''

import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_task_times'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.current = None

    def _next(self, name):
        now = time.monotonic()
        if self.current is not None:
            self._display.display('TASK-TIME %.3f %s' % (now - self.current[1], self.current[0]))
        self.current = (name, now) if name is not None else None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._next(task.get_name())

    def v2_playbook_on_stats(self, stats):
        self._next(None)
