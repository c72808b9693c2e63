# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# The options every module has. Their names, types and defaults come from _service.CONNECTION; only the prose is here.
from ansible_collections.mediaops.video.plugins.module_utils._service import connection_fragment

DESCRIPTIONS = {
    'validate_certs': "Whether to verify the service's TLS certificate.",
    'ca_path': "A CA bundle to verify the service's certificate with.",
    'timeout': 'Seconds to wait for the service to connect and to answer each request.',
}


class ModuleDocFragment(object):
    """DOCUMENTATION is built from _service.CONNECTION below (assigned outside the class body, where the sanity
    tests expect a literal string)."""


ModuleDocFragment.DOCUMENTATION = connection_fragment(DESCRIPTIONS)
