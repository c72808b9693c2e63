#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iva_caption_info
short_description: List the IVA captions of a catalog video
version_added: 0.1.0
description:
  - Returns the captions of a published id from the OData catalog (every C(__next) page followed),
    optionally only those of one language, as the customer's developer id sees them.
author:
  - mediaops.video contributors (@mediaops)
options:
  published_id:
    description: The IVA published id of the video.
    type: int
    required: true
  language:
    description: Only this language, by id, code or English name.
    type: str
extends_documentation_fragment:
  - mediaops.video.iva
  - mediaops.video.connection
  - mediaops.video.ledger.UNUSED
  - mediaops.video.attributes
  - mediaops.video.attributes.INFO_MODULE
  - mediaops.video.attributes.IVA_GROUP
seealso:
  - module: mediaops.video.iva_caption_order
  - plugin: mediaops.video.iva_signed_url
    plugin_type: lookup
  - ref: ansible_collections.mediaops.video.docsite.wire_iva
    description: "IVA on the wire: the signed order URL, the OData catalog, statuses, errors."
'''

EXAMPLES = r'''
- name: The captions of a title
  mediaops.video.iva_caption_info:
    published_id: 126095
  register: title_captions

- name: Languages still in the works
  ansible.builtin.debug:
    msg: "{{ title_captions.captions | rejectattr('status', '==', 'Completed') | map(attribute='language') | list }}"
'''

RETURN = r'''
captions:
  description: The captions, oldest first, V([]) when there are none.
  returned: always
  type: list
  elements: dict
  sample:
    - caption_id: 700001
      published_id: 126095
      language_id: 0
      language: en
      status: Completed
      date_created: "2026-11-22T00:21:52Z"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils._iva import language_id
from ansible_collections.mediaops.video.plugins.module_utils import _iva_module as iva
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def list_captions(module):
    p = module.params
    lang = language_id(p['language']) if p['language'] is not None else None
    return {'changed': False, 'captions': iva.SERVICE.client(module).captions(p['published_id'], lang)}


def main():
    module = AnsibleModule(
        argument_spec=iva.SERVICE.argument_spec(
            published_id=dict(type='int', required=True),
            language=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    run(module, list_captions)


if __name__ == '__main__':
    main()
