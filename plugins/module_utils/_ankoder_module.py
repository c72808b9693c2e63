# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: Ankoder's connection options and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, NotFoundError, WaitTimeout
from ansible_collections.mediaops.video.plugins.module_utils._module import connection_spec, ledger_for
from ansible_collections.mediaops.video.plugins.module_utils._reconcile import ensure
from ansible_collections.mediaops.video.plugins.module_utils._state import masked
from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient, AUTH_METHODS, DEFAULT_API_URL
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_xml
from ansible_collections.mediaops.video.plugins.module_utils._waiter import poll

LIBRARIES = ((_ankoder_xml.HAS_LXML, 'lxml', _ankoder_xml.LXML_IMPORT_ERROR),)
VIDEO_DONE = {'downloaded': True, 'failed': False}
JOB_DONE = {'completed': True, 'failed': False}


def argument_spec(**extra):
    """Connection options of every Ankoder module (plus ``ledger``, so one module_defaults group fits all)."""
    spec = dict(
        ledger=dict(type='str', fallback=(env_fallback, ['MEDIAOPS_LEDGER'])),
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(env_fallback, ['ANKODER_API_URL'])),
        auth_method=dict(type='str', choices=list(AUTH_METHODS), default='basic',
                         fallback=(env_fallback, ['ANKODER_AUTH_METHOD'])),
        username=dict(type='str', fallback=(env_fallback, ['ANKODER_USERNAME'])),
        password=dict(type='str', no_log=True, fallback=(env_fallback, ['ANKODER_PASSWORD'])),
        access_key=dict(type='str', no_log=True, fallback=(env_fallback, ['ANKODER_ACCESS_KEY'])),
        private_key=dict(type='str', no_log=True, fallback=(env_fallback, ['ANKODER_PRIVATE_KEY'])),
    )
    spec.update(connection_spec())
    spec.update(extra)
    return spec


def client(module):
    p = module.params
    return AnkoderClient(
        api_url=p['api_url'], auth_method=p['auth_method'], username=p['username'], password=p['password'],
        access_key=p['access_key'], private_key=p['private_key'], timeout=p['timeout'],
        validate_certs=p['validate_certs'], ca_path=p['ca_path'], warn=module.warn)


def scope(module, kind):
    """Ledger scope: service, kind and the account's API URL."""
    return 'ankoder/%s@%s' % (kind, module.params['api_url'].rstrip('/'))


def wait(module, fetch, first, done_table, what):
    """Poll to a terminal status; fail with the service's own error text on failure or timeout."""
    p = module.params

    def finished(obj):
        return _status(obj) in done_table

    try:
        last = poll(lambda: fetch(first.get('id')), finished, p['wait_timeout'], sleep_base=p['wait_sleep'], first=first,
                    describe=lambda obj: 'status %s' % _status(obj))
    except WaitTimeout as exc:
        raise MediaopsError('%s %s: %s' % (what, first.get('id'), exc.message), **{what: exc.details().get('last_state')})
    if not done_table[_status(last)]:
        raise MediaopsError('%s %s failed at Ankoder: %s' % (what, last.get('id'), last.get('error') or 'no reason given'),
                            **{what: last})
    return last


def _status(obj):
    status = obj.get('status')
    if status is None and obj.get('progress') == 100:
        return 'downloaded'
    return status


def reconcile(module, kind, key, label, request, fetch, create, would_be, done_table):
    """Ledger-backed create-once of a video or job, then the optional wait; the module's result."""
    p = module.params
    outcome = ensure(
        ledger_for(module), scope(module, kind), key, label, request, masked(request), fetch, create,
        module.check_mode, recreate_unknown=p['on_unknown_outcome'] == 'recreate', retry_failed=p['retry_failed'],
        failed=lambda obj: done_table.get(_status(obj)) is False)
    current = outcome.current
    if current is None:
        current = would_be()
    elif outcome.changed:
        current = fetch(current.get('id'))  # the create's answer is partial: read the whole object once
    if p['wait'] and not module.check_mode:
        current = wait(module, fetch, current, done_table, kind)
    result = {'changed': outcome.changed, kind: masked(current)}
    if outcome.reason and outcome.changed:
        result['msg'] = '%s %s: %s' % ('would create' if module.check_mode else 'created', kind, outcome.reason)
    if module._diff:
        result['diff'] = outcome.diff()
    return result


def read_one(module, kind):
    """An _info module's result: the video or job by id; ``exists`` false when Ankoder does not know it."""
    api = client(module)
    read = {'video': api.get_video, 'job': api.get_job}[kind]
    try:
        found = masked(read(module.params['id']))
    except NotFoundError:
        found = None
    return {'changed': False, 'exists': found is not None, kind: found}
