# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: a module's create-once, read-back and wait for a resource only the ledger can find.

Shared by the Ankoder video and job modules and the moderation submission
module: ``_reconcile.ensure`` decides, this turns it into the module's result.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, WaitTimeout
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_for
from ansible_collections.mediaops.video.plugins.module_utils._reconcile import ensure
from ansible_collections.mediaops.video.plugins.module_utils._state import masked
from ansible_collections.mediaops.video.plugins.module_utils._waiter import poll


class Kind(object):
    """What the module needs to know of a kind of resource.

    ``done`` maps each terminal status to True (success) or False (failure);
    ``status_of(obj)`` and ``error_of(obj)`` read a remote object.
    """

    def __init__(self, name, service, done, status_of=None, error_of=None, id_key='id', secret_keys=()):
        self.name = name
        self.service = service
        self.done = done
        self.status_of = status_of or (lambda obj: obj.get('status'))
        self.error_of = error_of or (lambda obj: obj.get('error'))
        self.id_key = id_key
        self.secret_keys = secret_keys

    def failed(self, obj):
        return self.done.get(self.status_of(obj)) is False


def wait(module, kind, fetch, first):
    """Poll to a terminal status; fail with the service's own error text on failure or timeout."""
    p = module.params
    remote_id = first.get(kind.id_key)
    try:
        last = poll(lambda: fetch(remote_id), lambda obj: kind.status_of(obj) in kind.done, p['wait_timeout'],
                    sleep_base=p['wait_sleep'], first=first, describe=lambda obj: 'status %s' % kind.status_of(obj))
    except WaitTimeout as exc:
        raise MediaopsError('%s %s: %s' % (kind.name, remote_id, exc.message), **{kind.name: exc.details().get('last_state')})
    if kind.failed(last):
        raise MediaopsError('%s %s failed at %s: %s' % (kind.name, remote_id, kind.service, kind.error_of(last) or 'no reason given'),
                            **{kind.name: last})
    return last


def pending_window(timeout):
    """Seconds a create may take (its HTTP retries included), so long other runs wait for its pending mark."""
    return 4 * float(timeout or 30) + 60


def reconcile(module, kind, scope, key, label, request, fetch, create, would_be):
    """Create once through the ledger, read the result back, wait if asked; the module's result."""
    p = module.params
    shown = masked(request, kind.secret_keys)
    outcome = ensure(
        ledger_for(module), scope, key, label, request, shown, fetch, create, module.check_mode,
        recreate_unknown=p['on_unknown_outcome'] == 'recreate', retry_failed=p['retry_failed'], failed=kind.failed,
        id_of=lambda obj: obj.get(kind.id_key), pending_window=pending_window(p.get('timeout')))
    current = outcome.current
    if current is None:
        current = would_be()
    elif outcome.changed:
        current = fetch(current.get(kind.id_key))  # the create's answer is partial: read the whole object once
    if p['wait'] and not module.check_mode:
        current = wait(module, kind, fetch, current)
    result = {'changed': outcome.changed, kind.name: masked(current, kind.secret_keys)}
    if outcome.reason and outcome.changed:
        result['msg'] = '%s %s: %s' % ('would create' if module.check_mode else 'created', kind.name, outcome.reason)
    if module._diff:
        result['diff'] = outcome.diff()
    return result
