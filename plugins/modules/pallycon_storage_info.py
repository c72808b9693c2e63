#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: pallycon_storage_info
short_description: List the S3 storages registered with PallyCon
version_added: 0.1.0
description:
  - Returns the storages of a region, every page followed, optionally only the one with an exact O(name)
    or O(storage_id) (the list's keyword, C(storageName) or C(storageId); with both, the id is sent and the
    answer narrowed by the name), or those registered in a time range. The service's list returns each
    storage's AWS secret; this module masks it.
  - Every filter is checked before any request.
author:
  - mediaops.video contributors (@mediaops)
options:
  region:
    description: The region code (the list API requires it).
    type: str
    required: true
  name:
    description: Only the storage with exactly this name.
    type: str
  storage_id:
    description: Only the storage with this id.
    type: str
  registered_from:
    description:
      - Only the storages registered at or after this time (C(from)), as C(YYYY-MM-DDThh:mm:ssZ), for
        example V(2026-12-01T00:00:00Z); read in O(time_zone) when that is set, else in UTC.
    type: str
    aliases: [from]
  registered_to:
    description:
      - Only the storages registered at or before this time (C(to)), in the format of O(registered_from);
        not before it.
    type: str
    aliases: [to]
  time_zone:
    description:
      - The time zone the service reads O(registered_from) and O(registered_to) in and writes C(reg_date) in,
        as an offset from UTC C(hh:mm), C(+hh:mm) or C(-hh:mm) between V(-12:00) and V(+14:00). The dates keep
        their trailing C(Z) whatever the zone (the service's format). Unset, UTC.
    type: str
extends_documentation_fragment:
  - mediaops.video.pallycon
  - mediaops.video.connection
  - mediaops.video.ledger.UNUSED
  - mediaops.video.attributes
  - mediaops.video.attributes.INFO_MODULE
  - mediaops.video.attributes.PALLYCON_GROUP
seealso:
  - module: mediaops.video.pallycon_storage
  - module: mediaops.video.pallycon_packaging_job_info
  - ref: ansible_collections.mediaops.video.docsite.wire_pallycon
    description: "PallyCon on the wire: endpoints, the pallycon-apidata envelope, progress codes, error codes."
'''

EXAMPLES = r'''
- name: Every storage in the region
  mediaops.video.pallycon_storage_info:
    region: RG011
  register: storages

- name: The id of the masters storage
  ansible.builtin.debug:
    msg: "{{ (storages.storages | selectattr('storage_name', '==', 'masters') | first).storage_id }}"

- name: The storages registered in November 2026, New York time
  mediaops.video.pallycon_storage_info:
    region: RG011
    registered_from: "2026-11-01T00:00:00Z"
    registered_to: "2026-11-30T23:59:59Z"
    time_zone: "-05:00"
  register: november_storages
'''

RETURN = r'''
storages:
  description: The matching storages, V([]) when none match; C(password) is masked.
  returned: always
  type: list
  elements: dict
  sample:
    - storage_id: ST000001
      storage_name: masters
      type: S3
      id: AKIAEXAMPLE
      password: "********"
      aws_bucket: acme-masters
      description: Mezzanine files
      region: RG011
      reg_date: "2026-11-22T00:21:52Z"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_module as pallycon
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def list_storages(module):
    p = module.params
    storages = pallycon.SERVICE.client(module).list_storages(p['region'], name=p['name'], storage_id=p['storage_id'],
                                                             registered_from=p['registered_from'],
                                                             registered_to=p['registered_to'], time_zone=p['time_zone'])
    return {'changed': False, 'storages': storages}


def main():
    module = AnsibleModule(
        argument_spec=pallycon.SERVICE.argument_spec(
            region=dict(type='str', required=True),
            name=dict(type='str'),
            storage_id=dict(type='str'),
            registered_from=dict(type='str', aliases=['from']),
            registered_to=dict(type='str', aliases=['to']),
            time_zone=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    run(module, list_storages)


if __name__ == '__main__':
    main()
