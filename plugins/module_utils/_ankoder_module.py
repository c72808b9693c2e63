# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: Ankoder's connection options and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils._errors import NotFoundError
from ansible_collections.mediaops.video.plugins.module_utils._create_once import LEDGERED, Kind
from ansible_collections.mediaops.video.plugins.module_utils._ledger_resource import reconcile as _reconcile_resource
from ansible_collections.mediaops.video.plugins.module_utils._module import connection_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import masked
from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient, AUTH_METHODS, DEFAULT_API_URL
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_xml

LIBRARIES = ((_ankoder_xml.HAS_LXML, 'lxml', _ankoder_xml.LXML_IMPORT_ERROR),)


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


def _status(obj):
    status = obj.get('status')
    if status is None and obj.get('progress') == 100:
        return 'downloaded'
    return status


VIDEO = Kind('ankoder', 'video', LEDGERED, 'Ankoder', {'downloaded': True, 'failed': False}, status_of=_status)
JOB = Kind('ankoder', 'job', LEDGERED, 'Ankoder', {'completed': True, 'failed': False})


def reconcile(module, kind, key, label, request, fetch, create, would_be):
    """Ledger-backed create-once of a video or job (``VIDEO``, ``JOB``), then the optional wait."""
    return _reconcile_resource(module, kind, scope(module, kind.name), key, label, request, fetch, create, would_be)


def read_one(module, kind):
    """An _info module's result: the video or job by id; ``exists`` false when Ankoder does not know it."""
    api = client(module)
    read = {'video': api.get_video, 'job': api.get_job}[kind]
    try:
        found = masked(read(module.params['id']))
    except NotFoundError:
        found = None
    return {'changed': False, 'exists': found is not None, kind: found}
