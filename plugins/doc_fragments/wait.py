# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  wait:
    description:
      - Whether to poll until the resource reaches a terminal status. The task fails with the
        service's own error text when that status is a failure, or when O(wait_timeout) passes.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait at most, on a monotonic clock.
    type: int
    default: 1800
  wait_sleep:
    description:
      - Seconds between the first polls; the delay then grows by half each time, up to 30 seconds.
    type: float
    default: 2
'''
