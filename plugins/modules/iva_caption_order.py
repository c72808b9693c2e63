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
  - When the answer to an order is lost (a timeout, a reset connection, a 5xx after the order may have been
    placed), the catalog is read again before the order is ever sent again, so a fault can cost a failed
    task but never a second paid order.
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
      - How many times an order whose answer was lost may be sent, the catalog being read before each
        new attempt.
    type: int
    default: 3
extends_documentation_fragment:
  - mediaops.video.iva
  - mediaops.video.connection
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

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._iva import language_id
from ansible_collections.mediaops.video.plugins.module_utils import _iva_module as iva
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def reconcile_caption(module):
    p = module.params
    lang = language_id(p['language'])
    if p['attempts'] < 1:
        raise ValidationError('attempts must be 1 or more')
    api = iva.client(module)
    before = api.captions(p['published_id'], lang)
    result = {'changed': False, 'captions': before}
    if before and not (p['reorder_failed'] and all(c.get('status') == 'Failed' for c in before)):
        result['caption'] = before[-1]
        return with_diff(module, result, before, before)
    if module.check_mode:
        result.update(changed=True, caption=dict(caption_id=None, published_id=p['published_id'], language_id=lang, status=None))
        return with_diff(module, result, before, before + [result['caption']])
    caption = order_once(api, p['published_id'], lang, set(c['caption_id'] for c in before), p['attempts'])
    after = api.captions(p['published_id'], lang)
    result.update(changed=True, caption=next((c for c in after if c['caption_id'] == caption['caption_id']), caption),
                  captions=after)
    return with_diff(module, result, before, after)


def order_once(api, published_id, lang, known, attempts):
    """Send the order; after a lost answer, read the catalog before ever sending it again."""
    for attempt in range(attempts):
        try:
            return api.order(published_id, lang)
        except ApiError as exc:
            if not exc.may_have_applied:
                raise
            lost = exc
        placed = [c for c in api.captions(published_id, lang) if c['caption_id'] not in known]
        if placed:
            return placed[-1]
        api.order_http.warn('the answer to caption order %d of %d was lost and the catalog shows no new caption; '
                            'ordering again' % (attempt + 1, attempts))
    raise MediaopsError('the caption order for %s/%s was sent %d times and every answer was lost; the catalog shows no '
                        'new caption: %s' % (published_id, lang, attempts, lost.message), **lost.details())


def with_diff(module, result, before, after):
    if module._diff:
        result['diff'] = {'before': {'captions': before}, 'after': {'captions': after}}
    return result


def main():
    module = AnsibleModule(
        argument_spec=iva.argument_spec(
            published_id=dict(type='int', required=True),
            language=dict(type='str', required=True),
            reorder_failed=dict(type='bool', default=False),
            attempts=dict(type='int', default=3),
        ),
        supports_check_mode=True,
    )
    run(module, reconcile_caption)


if __name__ == '__main__':
    main()
