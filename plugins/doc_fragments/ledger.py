# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  ledger:
    description:
      - Where the ledger lives, the record of "this declared thing is that remote id, created from this
        request" that makes a second run a no-op for a service that cannot be searched.
      - A URL C(file:///path/ledger.json), or a plain path. The file is replaced atomically and locked
        while written, so parallel forks lose none of each other's entries. Keep one ledger per
        environment; losing it means the module cannot tell that a resource exists.
      - If not set, the environment variable E(MEDIAOPS_LEDGER) is used, else
        C(~/.ansible/mediaops_video_ledger.json).
    type: str
  on_unknown_outcome:
    description:
      - What to do when an earlier run sent a create whose answer never came (a timeout, a dropped
        connection or a 5xx after the request was sent). The service may have created the resource and
        cannot be searched for it, so by default (V(fail)) the module refuses to create it again and says
        so. Check at the service, then run with V(recreate) to create it anyway.
    type: str
    choices: [fail, recreate]
    default: fail
  retry_failed:
    description:
      - Whether to create the resource again when the one recorded in the ledger failed at the service.
        By default a failed resource stays the declared one (the task reports it, and fails with O(wait)),
        so that a failure is never paid for again without asking.
    type: bool
    default: false
'''

    # For the _info modules of a service whose other modules keep a ledger.
    UNUSED = r'''
options:
  ledger:
    description:
      - Not used by this module; accepted so that one C(module_defaults) group can set the ledger for
        every module of the service.
    type: str
'''
