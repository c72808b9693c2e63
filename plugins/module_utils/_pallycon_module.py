# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: PallyCon's connection options and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils._module import connection_spec
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import DEFAULT_API_URL, PallyConClient
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_signer

LIBRARIES = ((_pallycon_signer.HAS_CRYPTOGRAPHY, 'cryptography', _pallycon_signer.CRYPTOGRAPHY_IMPORT_ERROR),)


def argument_spec(**extra):
    spec = dict(
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(env_fallback, ['PALLYCON_API_URL'])),
        site_id=dict(type='str', fallback=(env_fallback, ['PALLYCON_SITE_ID'])),
        site_key=dict(type='str', no_log=True, fallback=(env_fallback, ['PALLYCON_SITE_KEY'])),
        access_key=dict(type='str', no_log=True, fallback=(env_fallback, ['PALLYCON_ACCESS_KEY'])),
        ledger=dict(type='str', fallback=(env_fallback, ['MEDIAOPS_LEDGER'])),
    )
    spec.update(connection_spec())
    spec.update(extra)
    return spec


def client(module):
    p = module.params
    return PallyConClient(
        api_url=p['api_url'], site_id=p['site_id'], site_key=p['site_key'], access_key=p['access_key'],
        timeout=p['timeout'], validate_certs=p['validate_certs'], ca_path=p['ca_path'], warn=module.warn)


def scope(module, kind):
    """Ledger scope: service, kind and the site at its API URL."""
    return 'pallycon/%s@%s/%s' % (kind, module.params['api_url'].rstrip('/'), module.params['site_id'])
