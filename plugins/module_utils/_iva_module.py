# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: IVA's connection options and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils._iva import DEFAULT_ODATA_URL, DEFAULT_ORDER_URL, IvaClient
from ansible_collections.mediaops.video.plugins.module_utils._module import connection_spec


def argument_spec(**extra):
    spec = dict(
        order_url=dict(type='str', default=DEFAULT_ORDER_URL, fallback=(env_fallback, ['IVA_ORDER_URL'])),
        odata_url=dict(type='str', default=DEFAULT_ODATA_URL, fallback=(env_fallback, ['IVA_ODATA_URL'])),
        customer_id=dict(type='str', fallback=(env_fallback, ['IVA_CUSTOMER_ID'])),
        security_token=dict(type='str', no_log=True, fallback=(env_fallback, ['IVA_SECURITY_TOKEN'])),
        developer_id=dict(type='str', fallback=(env_fallback, ['IVA_DEVELOPER_ID'])),
        ttl=dict(type='int', default=180),
    )
    spec.update(connection_spec())
    spec.update(extra)
    return spec


def client(module):
    p = module.params
    return IvaClient(order_url=p['order_url'], odata_url=p['odata_url'], customer_id=p['customer_id'],
                     security_token=p['security_token'], developer_id=p['developer_id'], ttl=p['ttl'],
                     timeout=p['timeout'], validate_certs=p['validate_certs'], ca_path=p['ca_path'], warn=module.warn)
