# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff_mode mode) when in diff mode.
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details: This action does not modify state.
  diff_mode:
    support: N/A
    details: This action does not modify state.
'''

    ANKODER_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/mediaops.video.ankoder) in C(module_defaults) to set its connection options.
    support: full
    membership:
      - mediaops.video.ankoder
'''

    PALLYCON_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/mediaops.video.pallycon) in C(module_defaults) to set its connection options.
    support: full
    membership:
      - mediaops.video.pallycon
'''

    IVA_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/mediaops.video.iva) in C(module_defaults) to set its connection options.
    support: full
    membership:
      - mediaops.video.iva
'''

    MODERATION_GROUP = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/mediaops.video.moderation) in C(module_defaults) to set its connection options.
    support: full
    membership:
      - mediaops.video.moderation
'''
