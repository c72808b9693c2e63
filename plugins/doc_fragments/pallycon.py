# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# PallyCon's connection options. Names, types, defaults, environment variables and secrecy come from the service
# description (_pallycon_module.SERVICE); only the prose is here.
from ansible_collections.mediaops.video.plugins.module_utils._pallycon_module import SERVICE

DESCRIPTIONS = {
    'api_url': 'Base URL of the PallyCon API. A path prefix is allowed.',
    'site_id': 'The PallyCon site id.',
    'site_key': "The site key (32 bytes) that encrypts every request's API data.",
    'access_key': "The site access key that goes into every request's hash.",
}
NOTES = [
    "Every request carries its API data AES-256-CBC encrypted with the site key and hashed with the access key, in the "
    "C(pallycon-apidata) query parameter, sealed afresh on every attempt. When the service refuses the timestamp (A1002) "
    "and its clock differs from the local one, the request is sealed again with the service's time, once.",
    'Reads and storage updates are retried on connection errors, HTTP 429 and 5xx with capped, jittered exponential '
    'backoff; registrations are not (see the modules).',
]


class ModuleDocFragment(object):
    """DOCUMENTATION is built from the service description below (assigned outside the class body, where the sanity
    tests expect a literal string)."""


ModuleDocFragment.DOCUMENTATION = SERVICE.doc_fragment(DESCRIPTIONS, NOTES)
