# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The options every bulk form (a list of the single form's options) shares.
    DOCUMENTATION = r'''
options:
  concurrency:
    description:
      - With the bulk form, how many requests run at once (reads, creates and, in a module that waits, the polls
        of C(wait)), over one pool of kept-alive connections per service; between 1 and 64.
    type: int
    default: 4
  return_items:
    description:
      - With the bulk form, which items the returned list holds. V(all) (in the declared order), V(changed)
        (the changed and the failed ones, each with its C(index) in the declared list), or V(none).
        RV(summary) and the one-line RV(msg) are returned whatever this is.
      - Ansible's own handling of a returned list of thousands of items costs more than the module; a large
        scheduled run that does not use the items is much cheaper with V(changed) or V(none).
    type: str
    choices: [all, changed, none]
    default: all
'''
