# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: IVA described as a service (see _service), and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

from ansible_collections.mediaops.video.plugins.module_utils._create_once import LISTED, Item, Kind, Source
from ansible_collections.mediaops.video.plugins.module_utils._iva import (
    DEFAULT_CAPTION_URL, DEFAULT_ODATA_URL, DEFAULT_ORDER_URL, IvaClient, ttl_problem,
)
from ansible_collections.mediaops.video.plugins.module_utils._module import check_libraries
from ansible_collections.mediaops.video.plugins.module_utils._service import CONNECTION, Option, Service

SERVICE = Service(
    'iva', 'IVA', 'IVA', client=IvaClient, scope='iva/caption@{order_url}?customerid={customer_id}',
    options=(
        Option('order_url', default=DEFAULT_ORDER_URL, url=True),
        Option('odata_url', default=DEFAULT_ODATA_URL, url=True),
        Option('customer_id', required=True),
        Option('security_token', secret=True, required=True),
        Option('developer_id', required=True),
        Option('ttl', 'int', default=180, env=False, check=ttl_problem),
        Option('caption_url', default=DEFAULT_CAPTION_URL, url=True),
    ))
# What iva_caption_file reads no catalog with: its developer id (required by the others) is not needed.
_NO_CATALOG = 'not-used'


def _failure(caption):
    return caption.get('error') or ("the catalog lists it Failed and gives no reason (reorder_failed: true orders it "
                                    "again, and IVA bills that order)")


CAPTION = Kind('iva', 'caption', LISTED, 'IVA', {'Completed': True, 'Failed': False}, id_key='caption_id', paid=True,
               error_of=_failure,
               blind_hint="the developer id likely sees none of this customer's captions (IVA lists a customer's "
                          "captions only to that customer's developer id: check developer_id)")


def caption_item(published_id, language, adopt_id=None, reorder_failed=None, fmt=None):
    """A declared caption; ``reorder_failed`` (None: the task's) is this caption's own choice.

    ``fmt`` is sent with an order but is not part of the caption's identity: IVA makes one caption per video
    and language and delivers it in every format, so a caption that exists is never ordered again for
    another format.
    """
    key = '%d|%d' % (int(published_id), int(language))
    return Item(key, 'caption %s/%s' % (published_id, language), {'published_id': int(published_id), 'language_id': int(language)},
                data=(int(published_id), int(language), fmt), adopt_id=adopt_id, retry_failed=reorder_failed)


def caption_file_client(module):
    """The client of iva_caption_file: the service's options checked as for the others, the developer id aside."""
    check_libraries(SERVICE.libraries)
    params = dict(module.params, developer_id=module.params.get('developer_id') or _NO_CATALOG)
    SERVICE.check(params)
    return IvaClient(warn=module.warn, **dict((option.name, params.get(option.name)) for option in SERVICE.options + CONNECTION))


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
