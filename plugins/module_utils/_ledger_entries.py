# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the ledger's entries as a user sees them (ledger_info, ledger_entry).

An entry's stored name is ``<service>/<kind>@<account>|<SHA-256 of the key>``
(``_ledger.entry_id``); the key itself is never stored, so an entry is found
by the digest of the key the user gives, with its URL password masked as the
modules mask it. Entries of 0.1.0 keyed with the password are found as well
(the digest of the key as given), and lack ``service``/``kind``, which the
scope names.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils import _claims as claims
from ansible_collections.mediaops.video.plugins.module_utils._ledger import DEFAULT_LEDGER, digest
from ansible_collections.mediaops.video.plugins.module_utils._service import connection_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import mask_url

KINDS = {
    'ankoder': ('video', 'job'),
    'iva': ('caption',),
    'moderation': ('submission',),
    'pallycon': ('storage', 'packaging_job'),
}
# What follows the '@' of a scope: the account, as each service's modules name it.
ACCOUNTS = {
    'ankoder': 'the api_url without a trailing slash (https://api.ankoder.com)',
    'iva': '<order_url>?customerid=<customer_id>',
    'moderation': 'the submit_url',
    'pallycon': '<api_url>/<site_id>',
}


def argument_spec(**options):
    spec = dict(
        ledger=dict(type='str', default=DEFAULT_LEDGER, fallback=(env_fallback, ['MEDIAOPS_LEDGER'])),
        service=dict(type='str', choices=sorted(KINDS)),
        kind=dict(type='str'),
        key=dict(type='str', no_log=False),
        account=dict(type='str'),
    )
    # Not used here, accepted so that module_defaults group/mediaops.video.all (every module) can set them.
    spec.update(connection_spec())
    spec.update(options)
    return spec


def stored_key(key, key_sha256):
    """The key an entry of that digest is stored under: the masked key, or (0.1.0) the key as given."""
    masked = mask_url(key)
    return masked if digest(masked) == key_sha256 else key


class Entry(object):
    """One stored entry and what its name tells."""

    def __init__(self, name, entry):
        self.name = name
        self.entry = entry
        self.scope, _sep, self.key_sha256 = name.rpartition('|')
        head, _sep, self.account = self.scope.partition('@')
        service, _sep, kind = head.partition('/')
        self.service = entry.get('service') or service
        self.kind = entry.get('kind') or kind

    @property
    def state(self):
        return 'pending' if self.entry.get('pending') else 'recorded'

    def summary(self, now):
        e = self.entry
        return {
            'name': self.name, 'scope': self.scope, 'service': self.service, 'kind': self.kind,
            'account': self.account, 'key_sha256': self.key_sha256, 'label': e.get('label'), 'state': self.state,
            'live': claims.live(e, now), 'id': e.get('id'), 'sent_at': e.get('sent_at') or e.get('since'),
            'created_at': e.get('created_at'), 'updated_at': e.get('updated_at'), 'host': e.get('host'),
            'pid': e.get('pid'), 'adopted': bool(e.get('adopted')), 'request': e.get('request'),
        }

    def view(self):
        """The entry as a diff shows it."""
        return {'id': self.entry.get('id'), 'state': self.state, 'label': self.entry.get('label')}


def select(ledger, service=None, kind=None, key=None, account=None, state=None):
    """The entries that match every filter given, by stored name."""
    digests = set((digest(mask_url(key)), digest(key))) if key is not None else None
    found = []
    for name, stored in sorted(ledger.entries().items()):
        entry = Entry(name, stored)
        misses = (service and entry.service != service, kind and entry.kind != kind,
                  digests is not None and entry.key_sha256 not in digests,
                  account is not None and entry.account != account, state and entry.state != state)
        if not any(misses):
            found.append(entry)
    return found
