# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Ankoder's connection options. Names, types, defaults, choices, environment variables and secrecy come from the
# service description (_ankoder_module.SERVICE); only the prose is here.
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_module import SERVICE

DESCRIPTIONS = {
    'api_url': 'Base URL of the Ankoder API. A path prefix is allowed (V(http://127.0.0.1:8790/ankoder)); the signature then covers it.',
    'auth_method': (
        'How to authenticate. V(basic) sends O(username) and O(password) preemptively on every request. V(signature) signs '
        'every request with O(access_key) and O(private_key) (a fresh date on each, one retry with a fresh date after a '
        'replayed-signature or clock-skew refusal). V(session) logs in once per task and reuses the session cookie.'),
    'username': 'Login name, for O(auth_method=basic) and O(auth_method=session).',
    'password': 'Password, for O(auth_method=basic) and O(auth_method=session).',
    'access_key': 'Access key, for O(auth_method=signature) and for uploads of a local file.',
    'private_key': 'Private key that signs requests, for O(auth_method=signature).',
}
NOTES = [
    'Safe requests (reads, the session login) are retried on connection errors, HTTP 429 (honouring C(Retry-After)) and '
    '5xx, with capped, jittered exponential backoff. A create is never sent twice when its answer is lost; see '
    'O(ignore:on_unknown_outcome) where a module has it.',
]


class ModuleDocFragment(object):
    """DOCUMENTATION is built from the service description below (assigned outside the class body, where the sanity
    tests expect a literal string)."""


ModuleDocFragment.DOCUMENTATION = SERVICE.doc_fragment(DESCRIPTIONS, NOTES)
