# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  order_url:
    description:
      - The caption order endpoint.
      - If not set, the environment variable E(IVA_ORDER_URL) is used.
    type: str
    default: https://video.internetvideoarchive.net/captionorder.ashx
  odata_url:
    description:
      - The root of the OData 2.0 catalog (the C(Captions) entity set is below it).
      - If not set, the environment variable E(IVA_ODATA_URL) is used.
    type: str
    default: https://video.internetvideoarchive.net/odata
  customer_id:
    description:
      - The IVA customer number.
      - If not set, the environment variable E(IVA_CUSTOMER_ID) is used.
    type: str
  security_token:
    description:
      - The shared security token that signs order URLs. Never logged or returned.
      - If not set, the environment variable E(IVA_SECURITY_TOKEN) is used.
    type: str
  developer_id:
    description:
      - The developer id of the customer; the catalog shows a customer's orders only to it.
      - If not set, the environment variable E(IVA_DEVELOPER_ID) is used.
    type: str
  ttl:
    description:
      - Seconds until a signed order URL expires (C(e)), at most 86400.
    type: int
    default: 180
requirements:
  - requests
notes:
  - Catalog reads are retried on connection errors, HTTP 429 and 5xx with capped, jittered exponential
    backoff. Orders are never retried blindly; see M(mediaops.video.iva_caption_order).
'''
