# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: IVA's connection options and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils._create_once import LISTED, Item, Kind, Source
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
        ledger=dict(type='str', fallback=(env_fallback, ['MEDIAOPS_LEDGER'])),
    )
    spec.update(connection_spec())
    spec.update(extra)
    return spec


def client(module):
    p = module.params
    return IvaClient(order_url=p['order_url'], odata_url=p['odata_url'], customer_id=p['customer_id'],
                     security_token=p['security_token'], developer_id=p['developer_id'], ttl=p['ttl'],
                     timeout=p['timeout'], validate_certs=p['validate_certs'], ca_path=p['ca_path'], warn=module.warn)


CAPTION = Kind('iva', 'caption', LISTED, 'IVA', {'Completed': True, 'Failed': False}, id_key='caption_id',
               blind_hint="the developer id likely sees none of this customer's captions (IVA lists a customer's "
                      "captions only to that customer's developer id: check developer_id)")


def scope(module):
    """Ledger scope: the order URL and the customer."""
    return 'iva/caption@%s?customerid=%s' % (module.params['order_url'], module.params['customer_id'])


def caption_item(published_id, language, adopt_id=None):
    key = '%d|%d' % (int(published_id), int(language))
    return Item(key, 'caption %s/%s' % (published_id, language), {'published_id': int(published_id), 'language_id': int(language)},
                data=(int(published_id), int(language)), adopt_id=adopt_id)


class Captions(Source):
    """Captions found in the OData catalog, read once per published id.

    A key's captions are listed failed ones first, then by caption id, so that the one the engine judges (the
    last) is failed only when every caption of the video and language failed.
    """

    def __init__(self, api):
        Source.__init__(self, CAPTION)
        self.api = api
        self.before = None
        self.last = {}

    def find(self, items):
        found = {}
        for published_id in sorted(set(item.data[0] for item in items)):
            for caption in self.api.captions(published_id):
                found.setdefault('%d|%s' % (published_id, caption.get('language_id')), []).append(caption)
        for key in found:
            found[key].sort(key=lambda c: (c.get('status') != 'Failed', c.get('caption_id') or 0))
        self.last = dict((key, sorted(rows, key=lambda c: c.get('caption_id') or 0)) for key, rows in found.items())
        if self.before is None:
            self.before = self.last
        return found

    def create(self, item):
        return self.api.order(*item.data)

    def would_be(self, item):
        return dict(caption_id=None, published_id=item.data[0], language_id=item.data[1], status=None)
