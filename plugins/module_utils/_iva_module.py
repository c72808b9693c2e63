# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: IVA's connection options and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

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


CAPTION = Kind('iva', 'caption', LISTED, 'IVA', {'Completed': True, 'Failed': False}, id_key='caption_id', paid=True,
               blind_hint="the developer id likely sees none of this customer's captions (IVA lists a customer's "
                      "captions only to that customer's developer id: check developer_id)")


def scope(module):
    """Ledger scope: the order URL and the customer."""
    return 'iva/caption@%s?customerid=%s' % (module.params['order_url'], module.params['customer_id'])


def caption_item(published_id, language, adopt_id=None, reorder_failed=None):
    """A declared caption; ``reorder_failed`` (None: the task's) is this caption's own choice."""
    key = '%d|%d' % (int(published_id), int(language))
    return Item(key, 'caption %s/%s' % (published_id, language), {'published_id': int(published_id), 'language_id': int(language)},
                data=(int(published_id), int(language)), adopt_id=adopt_id, retry_failed=reorder_failed)


class Captions(Source):
    """Captions found in the OData catalog, read once per published id (the published ids concurrently).

    A key's captions are listed failed ones first, then by caption id, so that the one the engine judges (the
    last) is failed only when every caption of the video and language failed. ``listed(key, first)`` is what
    the first (or the latest) read of the key's published id showed, by caption id.
    """

    def __init__(self, api):
        Source.__init__(self, CAPTION)
        self.api = api
        self._lock = threading.Lock()
        self._first = {}  # published id -> its captions at its first read
        self._latest = {}  # published id -> its captions at its latest read

    def find(self, items):
        published_ids = sorted(set(item.data[0] for item in items))
        listings = self.map(self.api.captions, published_ids)
        with self._lock:
            for published_id, captions in zip(published_ids, listings):
                self._first.setdefault(published_id, captions)
                self._latest[published_id] = captions
        found = {}
        for captions in listings:
            for caption in captions:
                found.setdefault(_key_of(caption), []).append(caption)
        for key in found:
            found[key].sort(key=lambda c: (c.get('status') != 'Failed', c.get('caption_id') or 0))
        return found

    def listed(self, item, first=False):
        """The item's captions (by caption id) as the first, or the latest, read of its published id showed."""
        with self._lock:
            captions = (self._first if first else self._latest).get(item.data[0], [])
        return sorted((c for c in captions if _key_of(c) == item.key), key=lambda c: c.get('caption_id') or 0)

    def create(self, item):
        return self.api.order(*item.data)

    def would_be(self, item):
        return dict(caption_id=None, published_id=item.data[0], language_id=item.data[1], status=None)


def _key_of(caption):
    return '%s|%s' % (caption.get('published_id'), caption.get('language_id'))
