#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iva_caption_order
short_description: Order an IVA caption for a catalog video, never twice
version_added: 0.1.0
description:
  - Declares that a catalog video (O(published_id)) has a caption in O(language). Every IVA order is paid,
    and the service does not deduplicate them, so the OData catalog is read first (every C(__next) page
    followed), and a caption that exists in any status (C(Ordered), C(InProgress), C(Completed), C(Failed)) is
    never ordered again; a C(Failed) one only with O(reorder_failed=true).
  - Every order is claimed in the O(ledger) before it is sent, and sent at most once per run. When its
    answer is lost (a timeout, a reset connection, a 5xx after the order may have been placed), the catalog
    is read again; an order that lands late (after the client gave up) is found there by this run or a later
    one, and no run orders again before O(unknown_outcome_grace) has passed since it was sent.
  - An order must show in the catalog within O(confirm_timeout). The catalog lists a customer's captions only
    to that customer's developer id; with a wrong O(developer_id) it is empty, and the task fails saying so
    instead of ordering again on every run (the ledger keeps the caption id).
  - The order URL is signed (C(e) = now + O(ttl), C(h) = MD5 of the token and the URL).
author:
  - mediaops.video contributors (@mediaops)
options:
  published_id:
    description: The IVA published id of the video.
    type: int
    required: true
  language:
    description:
      - The caption language, by id (V(0)), code (V(en), V(zh-Hant)) or English name (V(english)); one of
        the 15 languages IVA supports, checked before any request.
    type: str
    required: true
  reorder_failed:
    description: Order again when every caption of this video and language failed.
    type: bool
    default: false
  attempts:
    description:
      - Not used any more; an order whose answer may have applied is never sent twice in one run.
    type: int
extends_documentation_fragment:
  - mediaops.video.iva
  - mediaops.video.connection
  - mediaops.video.ledger
  - mediaops.video.ledger.LISTED
  - mediaops.video.attributes
  - mediaops.video.attributes.IVA_GROUP
attributes:
  check_mode:
    support: full
    details: Reads the catalog and orders nothing; a caption that would be ordered has a null C(caption_id).
  diff_mode:
    support: full
    details: Shows the captions of the video and language before and after.
'''

EXAMPLES = r'''
- name: English and Spanish captions for the catalog, set up once for the group
  module_defaults:
    group/mediaops.video.iva:
      customer_id: "{{ iva_customer_id }}"
      security_token: "{{ vault_iva_token }}"
      developer_id: "{{ iva_developer_id }}"
  block:
    - name: Order what is missing
      mediaops.video.iva_caption_order:
        published_id: "{{ item.0.published_id }}"
        language: "{{ item.1 }}"
      loop: "{{ catalog | subelements('languages') }}"
      loop_control:
        label: "{{ item.0.published_id }} {{ item.1 }}"
      register: orders

    - name: Report the orders placed this run
      ansible.builtin.debug:
        msg: "{{ orders.results | selectattr('changed') | map(attribute='caption') | list }}"

- name: Order again where the caption failed
  mediaops.video.iva_caption_order:
    published_id: 126095
    language: fr
    reorder_failed: true
'''

RETURN = r'''
caption:
  description:
    - The caption of the video and language, newest first; the one just ordered when the task ordered.
    - In check mode, a caption that would be ordered has a null C(caption_id).
  returned: always
  type: dict
  sample:
    caption_id: 700001
    published_id: 126095
    language_id: 0
    language: en
    status: InProgress
    date_created: "2026-11-22T00:21:52Z"
captions:
  description: Every caption of the video and language the catalog lists (after the order, if any).
  returned: always
  type: list
  elements: dict
  sample:
    - {caption_id: 700001, published_id: 126095, language_id: 0, language: en, status: InProgress, date_created: "2026-11-22T00:21:52Z"}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _iva_module as iva
from ansible_collections.mediaops.video.plugins.module_utils import _ledger_resource as engine
from ansible_collections.mediaops.video.plugins.module_utils._iva import language_id
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run


def reconcile_caption(module):
    p = module.params
    lang = language_id(p['language'])
    source = iva.Captions(iva.client(module))
    item = iva.caption_item(p['published_id'], lang, p['id'])
    result = engine.one(engine.run(module, source, iva.scope(module), [item], retry_failed=p['reorder_failed']))
    before = source.before.get(item.key, [])
    after = source.last.get(item.key, [])
    if result.changed and module.check_mode:
        after = after + [result.current]
    out = {'changed': result.changed, 'caption': result.current, 'captions': after}
    if module._diff:
        out['diff'] = {'before': {'captions': before}, 'after': {'captions': after}}
    return out


def main():
    spec = iva.argument_spec(
        published_id=dict(type='int', required=True),
        language=dict(type='str', required=True),
        reorder_failed=dict(type='bool', default=False),
        attempts=dict(type='int', removed_in_version='1.0.0', removed_from_collection='mediaops.video'),
    )
    spec.update(ledger_spec(retry_failed=False, listed=True))
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    run(module, reconcile_caption)


if __name__ == '__main__':
    main()
