#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: pallycon_storage
short_description: Register an S3 storage with PallyCon, once
version_added: 0.1.0
description:
  - Declares an S3 storage registration that PallyCon packaging jobs read from and write to. The storage is
    found by O(name) and O(region) with the storage list (exact match, every page followed); it is
    registered when missing, and its O(description) is updated when it differs.
  - The bucket and the AWS keys of a registered storage cannot be changed through the API; a declared
    O(aws_bucket) or O(aws_access_key_id) that differs from the registered one fails the task and names
    the fields.
  - The AWS secret is write-only for this module. It is sent when the storage is registered and never
    returned or shown in a diff. A changed secret cannot be detected; register a storage under a new name
    to rotate it.
author:
  - mediaops.video contributors (@mediaops)
options:
  name:
    description:
      - The storage's name (C(storage_name)); with O(region), its identity.
    type: str
    required: true
  region:
    description:
      - The storage's region code.
    type: str
    required: true
  aws_bucket:
    description:
      - The S3 bucket. Required to register.
    type: str
  aws_access_key_id:
    description:
      - The AWS access key id PallyCon uses for the bucket. Required to register.
    type: str
  aws_secret_access_key:
    description:
      - The AWS secret access key. Required to register; never returned, logged or diffed.
    type: str
  description:
    description:
      - A description of the storage; updated in place when it differs.
    type: str
  state:
    description:
      - V(present) registers the storage. PallyCon has no API to delete a storage, so V(absent) fails with
        a message saying so.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - mediaops.video.pallycon
  - mediaops.video.connection
  - mediaops.video.attributes
  - mediaops.video.attributes.PALLYCON_GROUP
attributes:
  check_mode:
    support: full
    details: Sends no write; returns the storage that would be registered or updated.
  diff_mode:
    support: full
    details: Shows the declared fields before and after; the secret never appears.
'''

EXAMPLES = r'''
- name: Register the ingest and output buckets
  mediaops.video.pallycon_storage:
    name: "{{ item.name }}"
    region: RG011
    aws_bucket: "{{ item.bucket }}"
    aws_access_key_id: "{{ vault_packaging_aws_key_id }}"
    aws_secret_access_key: "{{ vault_packaging_aws_secret }}"
    description: "{{ item.description }}"
  loop:
    - {name: masters, bucket: acme-masters, description: Mezzanine files}
    - {name: packaged, bucket: acme-packaged, description: DASH and HLS output}
  register: storages

- name: Use the registered ids in packaging jobs
  ansible.builtin.set_fact:
    input_storage_id: "{{ storages.results[0].storage.storage_id }}"
    output_storage_id: "{{ storages.results[1].storage.storage_id }}"
'''

RETURN = r'''
storage:
  description:
    - The storage as PallyCon lists it, with C(password) (the AWS secret) masked. In check mode, a
      storage that would be registered has a null C(storage_id).
  returned: always
  type: dict
  sample:
    storage_id: ST000001
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

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_module as pallycon
from ansible_collections.mediaops.video.plugins.module_utils._module import run
from ansible_collections.mediaops.video.plugins.module_utils._state import changed_keys

# option name -> field name in the API
IMMUTABLE = {'aws_bucket': 'aws_bucket', 'aws_access_key_id': 'id'}


def shown(storage):
    """The declared fields of a storage row, for the diff."""
    if not storage:
        return {}
    return {'name': storage.get('storage_name'), 'region': storage.get('region'), 'aws_bucket': storage.get('aws_bucket'),
            'aws_access_key_id': storage.get('id'), 'description': storage.get('description')}


def reconcile_storage(module):
    p = module.params
    if p['state'] == 'absent':
        raise ValidationError('PallyCon has no API to delete a storage; remove %s in the PallyCon console' % p['name'])
    api = pallycon.client(module)
    found = api.list_storages(p['region'], name=p['name'])
    if len(found) > 1:
        raise MediaopsError('PallyCon has %d storages named %s in %s: %s; rename all but one in the console' % (
            len(found), p['name'], p['region'], ', '.join(str(s.get('storage_id')) for s in found)))
    if not found:
        return register(module, api)
    current = found[0]
    declared = dict((option, p[option]) for option in IMMUTABLE if p[option] is not None)
    frozen = changed_keys(declared, dict((option, current.get(field)) for option, field in IMMUTABLE.items()))
    if frozen:
        raise MediaopsError('storage %s (%s) differs in %s, which the PallyCon API cannot change; register a storage '
                            'under a new name instead' % (p['name'], current.get('storage_id'), ', '.join(frozen)),
                            storage=current)
    after = dict(current)
    if p['description'] is not None and changed_keys({'description': p['description']}, current):
        after['description'] = p['description']
        if not module.check_mode:
            api.update_storage({'storage_id': current['storage_id'], 'storage_name': current['storage_name'],
                                'description': p['description']})
            after = api.list_storages(p['region'], storage_id=current['storage_id'])[0]
    result = {'changed': after != current, 'storage': after}
    if module._diff:
        result['diff'] = {'before': shown(current), 'after': shown(after)}
    return result


def register(module, api):
    p = module.params
    missing = [name for name in ('aws_bucket', 'aws_access_key_id', 'aws_secret_access_key') if not p[name]]
    if missing:
        raise ValidationError('registering storage %s needs %s' % (p['name'], ', '.join(missing)))
    would_be = {'storage_id': None, 'storage_name': p['name'], 'type': 'S3', 'id': p['aws_access_key_id'],
                'password': '********', 'aws_bucket': p['aws_bucket'], 'description': p['description'], 'region': p['region']}
    storage = would_be
    if not module.check_mode:
        fields = {'storage_name': p['name'], 'type': 'S3', 'id': p['aws_access_key_id'],
                  'password': p['aws_secret_access_key'], 'aws_bucket': p['aws_bucket'], 'region': p['region']}
        if p['description'] is not None:
            fields['description'] = p['description']
        storage_id = register_once(api, fields)
        storage = (api.list_storages(p['region'], storage_id=storage_id) or [dict(would_be, storage_id=storage_id)])[0]
    result = {'changed': True, 'storage': storage}
    if module._diff:
        result['diff'] = {'before': {}, 'after': shown(storage)}
    return result


def register_once(api, fields):
    """POST the registration; when its answer is lost, look for it by name before ever sending it again."""
    try:
        return api.register_storage(fields)
    except MediaopsError as exc:
        if not getattr(exc, 'may_have_applied', False):
            raise
        found = api.list_storages(fields['region'], name=fields['storage_name'])
        if found:
            return found[0]['storage_id']
        return api.register_storage(fields)


def main():
    module = AnsibleModule(
        argument_spec=pallycon.argument_spec(
            name=dict(type='str', required=True),
            region=dict(type='str', required=True),
            aws_bucket=dict(type='str'),
            aws_access_key_id=dict(type='str', no_log=False),
            aws_secret_access_key=dict(type='str', no_log=True),
            description=dict(type='str'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        supports_check_mode=True,
    )
    run(module, reconcile_storage, pallycon.LIBRARIES)


if __name__ == '__main__':
    main()
