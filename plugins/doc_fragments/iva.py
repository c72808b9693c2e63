# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# IVA's connection options. Names, types, defaults, environment variables and secrecy come from the service
# description (_iva_module.SERVICE); only the prose is here.
from ansible_collections.mediaops.video.plugins.module_utils._iva_module import SERVICE

DESCRIPTIONS = {
    'order_url': 'The caption order endpoint.',
    'odata_url': 'The root of the OData 2.0 catalog (the C(Captions) entity set is below it).',
    'customer_id': 'The IVA customer number.',
    'security_token': 'The shared security token that signs order URLs.',
    'developer_id': "The developer id of the customer; the catalog shows a customer's orders only to it.",
    'ttl': 'Seconds until a signed order (or caption file) URL expires (C(e)), at most 86400.',
    'caption_url': ['The endpoint that answers a signed caption URL with a 302 to the caption file on the CDN (read by '
                    'M(mediaops.video.iva_caption_file)).',
                    "B(Decision:) IVA's order page links to its caption page without giving this URL; set it to the one "
                    'your IVA contract names.'],
}
NOTES = [
    'Catalog reads are retried on connection errors, HTTP 429 and 5xx with capped, jittered exponential backoff. Orders '
    'are never retried blindly; see M(mediaops.video.iva_caption_order).',
]


class ModuleDocFragment(object):
    """DOCUMENTATION is built from the service description below (assigned outside the class body, where the sanity
    tests expect a literal string)."""


ModuleDocFragment.DOCUMENTATION = SERVICE.doc_fragment(DESCRIPTIONS, NOTES)
