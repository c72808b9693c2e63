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
  - With O(storage_id), the storage is found by its id in O(region) instead, and a different O(name) renames
    it (the update API's C(storage_name)). Such a storage is never registered; an id that O(region) does not
    list fails the task before any write. A rename to a name another storage of the region has fails too,
    as it would make that name ambiguous.
  - The bucket and the AWS keys of a registered storage cannot be changed through the API; a declared
    O(aws_bucket) or O(aws_access_key_id) that differs from the registered one fails the task and names
    the fields.
  - A registration is claimed in the O(ledger) before it is sent. If its answer is lost, the storage list is
    read again (and by later runs) before it is ever sent again; a new storage must show in the list within
    O(confirm_timeout).
  - The AWS secret is write-only for this module. It is sent when the storage is registered and never
    returned or shown in a diff. A changed secret cannot be detected; register a storage under a new name
    to rotate it.
author:
  - mediaops.video contributors (@mediaops)
options:
  name:
    description:
      - The storage's name (C(storage_name)); with O(region), its identity unless O(storage_id) is given.
      - Required unless O(storage_id) is given; then, when given, the name the storage should have.
    type: str
  storage_id:
    description:
      - The id of a registered storage (C(storage_id)), its identity instead of O(name). Its O(name) and
        O(description) are updated in place when they differ.
    type: str
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
  - mediaops.video.ledger
  - mediaops.video.ledger.LISTED
  - mediaops.video.attributes
  - mediaops.video.attributes.PALLYCON_GROUP
attributes:
  check_mode:
    support: full
    details: Sends no write; returns the storage that would be registered or updated.
  diff_mode:
    support: full
    details: Shows the declared fields before and after; the secret never appears.
seealso:
  - module: mediaops.video.pallycon_storage_info
  - module: mediaops.video.pallycon_packaging_job
  - ref: ansible_collections.mediaops.video.docsite.guide_pallycon
    description: "PallyCon with mediaops.video: storages, packaging jobs, bulk jobs, lost answers."
  - ref: ansible_collections.mediaops.video.docsite.wire_pallycon
    description: "PallyCon on the wire: endpoints, the pallycon-apidata envelope, progress codes, error codes."
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

- name: Rename the output storage, found by its id
  mediaops.video.pallycon_storage:
    storage_id: "{{ output_storage_id }}"
    name: packaged-2026
    region: RG011
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

from ansible_collections.mediaops.video.plugins.module_utils import _ledger_resource as engine
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_module as pallycon
from ansible_collections.mediaops.video.plugins.module_utils._create_once import LISTED, Item, Kind, Source
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run
from ansible_collections.mediaops.video.plugins.module_utils._state import changed_keys

# option name -> field name in the API
IMMUTABLE = {'aws_bucket': 'aws_bucket', 'aws_access_key_id': 'id'}
STORAGE = Kind('pallycon', 'storage', LISTED, 'PallyCon', id_key='storage_id',
               blind_hint='the storage list of this site and region does not show it (check site_id and region)')


def shown(storage):
    """The declared fields of a storage row, for the diff."""
    if not storage:
        return {}
    return {'name': storage.get('storage_name'), 'region': storage.get('region'), 'aws_bucket': storage.get('aws_bucket'),
            'aws_access_key_id': storage.get('id'), 'description': storage.get('description')}


class Storages(Source):
    """A storage is found by name (or, with storage_id, by id) in its region's list; only its name and
    description change in place."""

    def __init__(self, api, params):
        Source.__init__(self, STORAGE)
        self.api = api
        self.p = params

    def find(self, items):
        if self.p['storage_id'] is not None:
            found = self.api.list_storages(self.p['region'], storage_id=self.p['storage_id'])
            if not found:
                raise MediaopsError('PallyCon lists no storage %s in region %s; storage_id names a registered storage '
                                    '(leave it out to register one by name)' % (self.p['storage_id'], self.p['region']))
            return {items[0].key: found}
        found = self.api.list_storages(self.p['region'], name=self.p['name'])
        if len(found) > 1:
            raise MediaopsError('PallyCon has %d storages named %s in %s: %s; rename all but one in the console' % (
                len(found), self.p['name'], self.p['region'], ', '.join(str(s.get('storage_id')) for s in found)))
        return {items[0].key: found}

    def differences(self, item, obj):
        options = list(IMMUTABLE) + ['description'] + (['name'] if self.p['storage_id'] is not None else [])
        declared = dict((option, self.p[option]) for option in options if self.p[option] is not None)
        return changed_keys(declared, dict(shown(obj), aws_access_key_id=obj.get('id')))

    def _check_rename(self, obj):
        """MediaopsError when another storage of the region already has the new name."""
        taken = [s for s in self.api.list_storages(self.p['region'], name=self.p['name'])
                 if str(s.get('storage_id')) != str(obj['storage_id'])]
        if taken:
            raise MediaopsError('storage %s cannot be renamed %s: storage %s in %s already has that name' % (
                obj['storage_id'], self.p['name'], ', '.join(str(s.get('storage_id')) for s in taken), self.p['region']),
                storage=obj)

    def update(self, item, obj, names, check_mode):
        frozen = [name for name in names if name in IMMUTABLE]
        if frozen:
            raise MediaopsError('storage %s (%s) differs in %s, which the PallyCon API cannot change; register a storage '
                                'under a new name instead' % (self.p['name'], obj.get('storage_id'), ', '.join(frozen)),
                                storage=obj)
        changes = {}
        if 'name' in names:
            self._check_rename(obj)
            changes['storage_name'] = self.p['name']
        if 'description' in names:
            changes['description'] = self.p['description']
        if check_mode:
            return dict(obj, **changes)
        self.api.update_storage(dict(changes, storage_id=obj['storage_id']))
        return self.api.list_storages(self.p['region'], storage_id=obj['storage_id'])[0]

    def registration(self):
        missing = [name for name in ('aws_bucket', 'aws_access_key_id', 'aws_secret_access_key') if not self.p[name]]
        if missing:
            raise ValidationError('registering storage %s needs %s' % (self.p['name'], ', '.join(missing)))
        fields = {'storage_name': self.p['name'], 'type': 'S3', 'id': self.p['aws_access_key_id'],
                  'password': self.p['aws_secret_access_key'], 'aws_bucket': self.p['aws_bucket'], 'region': self.p['region']}
        if self.p['description'] is not None:
            fields['description'] = self.p['description']
        return fields

    def create(self, item):
        return {'storage_id': self.api.register_storage(self.registration())}

    def would_be(self, item):
        self.registration()
        p = self.p
        return {'storage_id': None, 'storage_name': p['name'], 'type': 'S3', 'id': p['aws_access_key_id'],
                'password': '********', 'aws_bucket': p['aws_bucket'], 'description': p['description'], 'region': p['region']}

    def view(self, obj):
        return shown(obj)


def reconcile_storage(module):
    p = module.params
    if p['state'] == 'absent':
        raise ValidationError('PallyCon has no API to delete a storage; remove %s in the PallyCon console'
                              % (p['name'] or p['storage_id']))
    source = Storages(pallycon.SERVICE.client(module), p)
    # The AWS secret is write-only: never digested, never compared (a rotated secret needs a new storage).
    request = dict((k, p[k]) for k in ('name', 'region', 'aws_bucket', 'aws_access_key_id', 'description') if p[k] is not None)
    if p['storage_id'] is not None:
        item = Item('%s|id:%s' % (p['region'], p['storage_id']), 'storage %s in %s' % (p['storage_id'], p['region']), request)
    else:
        item = Item('%s|%s' % (p['region'], p['name']), 'storage %s in %s' % (p['name'], p['region']), request, adopt_id=p['id'])
    result = engine.one(engine.run(module, source, pallycon.SERVICE.scope(module, 'storage'), [item]))
    out = {'changed': result.changed, 'storage': result.current}
    if module._diff:
        out['diff'] = {'before': result.before if result.action != 'create' else {}, 'after': shown(result.current)}
    return out


def main():
    spec = pallycon.SERVICE.argument_spec(
        name=dict(type='str'),
        storage_id=dict(type='str'),
        region=dict(type='str', required=True),
        aws_bucket=dict(type='str'),
        aws_access_key_id=dict(type='str', no_log=False),
        aws_secret_access_key=dict(type='str', no_log=True),
        description=dict(type='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )
    spec.update(ledger_spec(retry_failed=False, listed=True))
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, required_one_of=[('name', 'storage_id')])
    run(module, reconcile_storage)


if __name__ == '__main__':
    main()
