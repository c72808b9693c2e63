# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# iLiveData moderation's connection options. Names, types, defaults, environment variables and secrecy come from the
# service description (_moderation_module.SERVICE); only the prose is here.
from ansible_collections.mediaops.video.plugins.module_utils._moderation_module import SERVICE

DESCRIPTIONS = {
    'submit_url': 'The submission endpoint of the iLiveData video check API.',
    'result_url': 'The result endpoint.',
    'app_id': "The project's app id (C(X-AppId)).",
    'secret_key': (
        'The secret key that signs every request (HMAC-SHA256 over the method, host, path, the SHA-256 of the exact body '
        'sent, the app id and the timestamp).'),
}


class ModuleDocFragment(object):
    """DOCUMENTATION is built from the service description below (assigned outside the class body, where the sanity
    tests expect a literal string)."""


ModuleDocFragment.DOCUMENTATION = SERVICE.doc_fragment(DESCRIPTIONS)
