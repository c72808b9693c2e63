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
  - The order URL is signed (C(e) = now + O(ttl), C(h) = MD5 of the token and the URL); O(fmt), when given, is
    signed with it.
  - With O(wait), the task polls the catalog until each caption is C(Completed) or C(Failed) (an existing
    caption too); a C(Failed) one fails the task (with O(captions), that caption only). The catalog gives no
    reason for a failure.
  - With O(captions), many captions at once. The catalog is read once per published id (not once per
    caption, the published ids concurrently), orders run concurrently (at most O(concurrency) at a time),
    and a caption that fails does not stop the others; the task fails at the end with RV(failed_items), once
    every other caption is ordered and recorded, and a new run orders only what failed.
author:
  - mediaops.video contributors (@mediaops)
options:
  published_id:
    description:
      - The IVA published id of the video. Exactly one of O(published_id) and O(captions) is required; with
        O(published_id), O(language) is required.
    type: int
  language:
    description:
      - The caption language, by id (V(0)), code (V(en), V(zh-Hant)) or English name (V(english)); one of
        the 15 languages IVA supports, checked before any request.
    type: str
  fmt:
    description:
      - The caption format to order, by number or name, sent as C(fmt) after C(languageid) (IVA's example
        URL orders C(fmt=2)); one of V(srt) (0), V(sbv) (1), V(dfxp) (2), V(qt) (3), V(tpm) (6), V(vtt) (7),
        V(echo) (8); also V(webvtt), V(ttml), V(subrip), V(quicktime). Checked before any request.
      - Not part of the caption's identity. IVA makes one caption per video and language and delivers it in
        every format, so a caption that exists is never ordered (and paid) again because O(fmt) changed; fetch
        it in the format you want with M(mediaops.video.iva_caption_file).
      - Left out of the URL when not set.
    type: str
  reorder_failed:
    description:
      - Order again when every caption of this video and language failed.
      - With O(captions), the default of every caption that does not set its own O(captions[].reorder_failed).
    type: bool
    default: false
  captions:
    description:
      - Many captions at once, each with its own O(captions[].published_id) and O(captions[].language). Every
        language is checked, and a caption declared twice (the same video and language, by any of its
        names) is refused, before any request.
    type: list
    elements: dict
    suboptions:
      published_id:
        description: The IVA published id of the video.
        type: int
        required: true
      language:
        description: The caption language, by id, code or English name.
        type: str
        required: true
      reorder_failed:
        description: Order again when every caption of this video and language failed; default O(reorder_failed).
        type: bool
      fmt:
        description: The caption format to order (see O(fmt)); default O(fmt).
        type: str
      id:
        description: With O(on_unknown_outcome=adopt), the caption id to record for this video and language.
        type: str
  attempts:
    description:
      - Not used any more; an order whose answer may have applied is never sent twice in one run.
    type: int
extends_documentation_fragment:
  - mediaops.video.iva
  - mediaops.video.connection
  - mediaops.video.ledger
  - mediaops.video.ledger.LISTED
  - mediaops.video.bulk
  - mediaops.video.wait
  - mediaops.video.attributes
  - mediaops.video.attributes.IVA_GROUP
attributes:
  check_mode:
    support: full
    details: Reads the catalog and orders nothing; a caption that would be ordered has a null C(caption_id).
  diff_mode:
    support: full
    details: >-
      Shows the captions of the video and language before and after; with O(captions), the caption ordered
      (or that would be) per video and language.
seealso:
  - module: mediaops.video.iva_caption_info
  - plugin: mediaops.video.iva_signed_url
    plugin_type: lookup
  - ref: ansible_collections.mediaops.video.docsite.guide_iva_moderation
    description: IVA captions, iLiveData moderation and CDNetworks callbacks with mediaops.video.
  - ref: ansible_collections.mediaops.video.docsite.wire_iva
    description: "IVA on the wire: the signed order URL, the OData catalog, statuses, errors."
  - ref: ansible_collections.mediaops.video.docsite.guide_lost_answers
    description: What happens when an answer is lost.
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

- name: WebVTT captions, waiting until IVA has made them (a failed caption fails the task)
  mediaops.video.iva_caption_order:
    published_id: 126095
    language: en
    fmt: vtt
    wait: true
    wait_timeout: 86400
    wait_sleep: 60
  register: made

- name: Order again where the caption failed
  mediaops.video.iva_caption_order:
    published_id: 126095
    language: fr
    reorder_failed: true

- name: The whole catalog in one task (one catalog read per video, concurrent orders), returning what changed
  mediaops.video.iva_caption_order:
    captions: "{{ caption_catalog }}"
    concurrency: 8
    return_items: changed
  vars:
    caption_catalog:
      - {published_id: 126095, language: en}
      - {published_id: 126095, language: es}
      - {published_id: 126096, language: en}
  register: catalog_orders

- name: Two titles, one of them ordered again where its French caption failed
  mediaops.video.iva_caption_order:
    captions:
      - {published_id: 126095, language: en}
      - {published_id: 126095, language: fr, reorder_failed: true}
      - {published_id: 126096, language: de}
  register: title_orders

- name: Report what the task ordered
  ansible.builtin.debug:
    msg: "{{ title_orders.msg }}: {{ title_orders.captions | selectattr('changed') | map(attribute='caption_id') | list }}"
'''

RETURN = r'''
caption:
  description:
    - With O(published_id), the caption of the video and language, newest first; the one just ordered when the
      task ordered. After O(wait), as the catalog lists it at the end (C(Completed)).
    - In check mode, a caption that would be ordered has a null C(caption_id).
  returned: when O(published_id) is given
  type: dict
  sample:
    caption_id: 700001
    published_id: 126095
    language_id: 0
    language: en
    status: InProgress
    date_created: "2026-11-22T00:21:52Z"
captions:
  description:
    - With O(published_id), every caption of the video and language the catalog lists (after the order, if
      any).
    - With the bulk form O(captions), every declared caption in the same order, each like RV(caption) with its
      own C(changed) (and C(failed) and C(msg) when it failed; see O(return_items) for returning fewer, each
      then with its C(index) in the declared list).
  returned: always
  type: list
  elements: dict
  sample:
    - {caption_id: 700001, published_id: 126095, language_id: 0, language: en, status: InProgress, date_created: "2026-11-22T00:21:52Z"}
failed_items:
  description:
    - With O(captions), the captions that failed, each with its C(key) (published id and language id), C(index)
      and C(msg).
  returned: when some captions failed
  type: list
  elements: dict
  sample:
    - {key: "126095|3", index: 1, msg: "IVA answered 400: ..."}
summary:
  description:
    - With O(captions), counts of the captions. C(created) counts the orders sent (or that would be, in check
      mode), one that failed afterwards included; C(adopted) the ids recorded with O(on_unknown_outcome=adopt);
      C(failed) the captions that failed; C(paid) the orders IVA bills (every one).
  returned: when O(captions) is given
  type: dict
  sample: {total: 120, created: 2, updated: 0, adopted: 0, unchanged: 118, failed: 0, paid: 2}
msg:
  description: With O(captions), a one-line summary (or, when some captions failed, their messages).
  returned: when O(captions) is given
  type: str
  sample: "captions: 2 created (2 paid), 118 unchanged of 120"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _bulk as bulk
from ansible_collections.mediaops.video.plugins.module_utils import _iva_module as iva
from ansible_collections.mediaops.video.plugins.module_utils import _ledger_resource as engine
from ansible_collections.mediaops.video.plugins.module_utils._iva import caption_format, language_id
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run, wait_spec

CAPTION_OPTIONS = dict(
    published_id=dict(type='int', required=True),
    language=dict(type='str', required=True),
    reorder_failed=dict(type='bool'),
    fmt=dict(type='str'),
    id=dict(type='str'),
)


def _format(value):
    return None if value is None else caption_format(value)


def declared_captions(captions, fmt=None):
    """The bulk form's items, every language and format checked (and no caption declared twice) before any request."""
    return bulk.items('captions', captions, lambda caption: iva.caption_item(
        caption['published_id'], language_id(caption['language']), caption['id'], caption['reorder_failed'],
        _format(caption['fmt'] if caption['fmt'] is not None else fmt)),
        identity=lambda item: item.label)


def reconcile_captions(module):
    """The bulk form: every caption in one engine run (the catalog read once per published id)."""
    p = module.params
    bulk.check(p)
    items = declared_captions(p['captions'], p['fmt'])
    source = iva.Captions(iva.SERVICE.client(module))
    results = engine.run(module, source, iva.SERVICE.scope(module), items, retry_failed=p['reorder_failed'])
    return bulk.result(module, results, 'captions', lambda r: r.current or source.would_be(r.item), 'captions', paid=True)


def reconcile_caption(module):
    p = module.params
    if p['captions'] is not None:
        return reconcile_captions(module)
    lang = language_id(p['language'])
    fmt = _format(p['fmt'])
    source = iva.Captions(iva.SERVICE.client(module))
    item = iva.caption_item(p['published_id'], lang, p['id'], fmt=fmt)
    result = engine.one(engine.run(module, source, iva.SERVICE.scope(module), [item], retry_failed=p['reorder_failed']))
    before = source.listed(item, first=True)
    after = source.listed(item)
    if result.changed and module.check_mode:
        after = after + [result.current]
    out = {'changed': result.changed, 'caption': result.current, 'captions': after}
    if module._diff:
        out['diff'] = {'before': {'captions': before}, 'after': {'captions': after}}
    return out


def main():
    spec = iva.SERVICE.argument_spec(
        published_id=dict(type='int'),
        language=dict(type='str'),
        reorder_failed=dict(type='bool', default=False),
        fmt=dict(type='str'),
        attempts=dict(type='int', removed_in_version='1.0.0', removed_from_collection='mediaops.video'),
    )
    spec.update(bulk.spec('captions', CAPTION_OPTIONS))
    spec.update(ledger_spec(retry_failed=False, listed=True))
    spec.update(wait_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('published_id', 'captions')], required_together=[('published_id', 'language')],
                           mutually_exclusive=[('published_id', 'captions'), ('language', 'captions'), ('id', 'captions')])
    run(module, reconcile_caption)


if __name__ == '__main__':
    main()
