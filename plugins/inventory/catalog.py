# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: catalog
short_description: A video catalog as inventory, one host per title
version_added: 0.2.0
description:
  - Reads a catalog, the variables of the role C(mediaops.video.catalog_pipeline) (C(catalog_pipeline_titles),
    C(catalog_pipeline_storages), C(catalog_pipeline_steps), ...), and makes one inventory host per title, so that AWX
    job slicing can spread a catalog over several jobs (and execution nodes) that share an C(s3://) ledger. The
    playbook C(mediaops.video.catalog_slice) runs the role once per slice, over the slice's titles.
  - >-
    The source is a YAML file whose name ends in C(.mediaops_catalog.yml) or C(.mediaops_catalog.yaml), holding
    C(plugin: mediaops.video.catalog) and either O(catalog_file) or the catalog's variables themselves (every top-level
    key starting with C(catalog_pipeline_)). With both, the inline variables replace the file's of the same name.
  - A host's name is its title's C(id), with every character other than letters, digits, C(_), C(.) and C(-) replaced
    by C(_). Two titles whose names come out the same are an error, as are titles without an C(id) and ids given twice.
  - Each host holds its title, unchanged, in the variable named by O(title_var), and the variables of
    O(title_host_vars) (by default the local connection with the controller's Python, since a title is not a machine).
  - "A host is in the group of every step its title takes, among the steps of C(catalog_pipeline_steps) (all five by
    default): C(catalog_import) (every title; V(transcode) implies V(import)), C(catalog_transcode) (a title with
    C(profiles), or any title when C(catalog_pipeline_profiles) is not empty), C(catalog_package) (with C(packaging)),
    C(catalog_caption) (with C(captions)) and C(catalog_moderate) (with C(moderation))."
  - Every other variable of the catalog (C(catalog_pipeline_storages), C(catalog_pipeline_profiles), the connection
    variables, ...) is set on the group C(all).
  - With ansible-core 2.19 and later, the values of O(catalog_file) are data, not templates (a title name holding
    C({{) is kept as written, never evaluated), as a catalog file is often exported from another system. Variables
    written in the inventory source itself are templates, as in any inventory file.
author:
  - mediaops.video contributors (@mediaops)
extends_documentation_fragment:
  - ansible.builtin.constructed
options:
  plugin:
    description: The name of this plugin; it must be V(mediaops.video.catalog) for the source to be read by it.
    type: str
    required: true
    choices: [mediaops.video.catalog]
  catalog_file:
    description:
      - A YAML or JSON file holding the catalog (the role's variables), as for the playbook
        C(mediaops.video.catalog_reconcile). A relative path is relative to the directory of the inventory source.
      - The file may be encrypted with Ansible Vault, or hold vault-encrypted values.
    type: str
  title_var:
    description: The host variable each title is kept in.
    type: str
    default: catalog_title
  title_host_vars:
    description:
      - Variables set on every title host. Their strings are templates, evaluated when used.
      - Set to V({}) to leave the connection to the rest of the inventory.
    type: dict
    default:
      ansible_connection: local
      ansible_python_interpreter: '{{ ansible_playbook_python }}'
notes:
  - Inventory variables are visible to everyone who may read the inventory, and AWX stores what an inventory source
    imports in its database, in clear. A title's secrets (a password in an C(ftp://user:password@) C(source_url), a
    moderation C(callback_secret_key)) and the storages' C(aws_secret_access_key) become such variables. Keep them out
    of a catalog used as inventory where you can (service and storage credentials in AWX credentials or the role's
    connection variables), and encrypt the rest with Ansible Vault.
  - This plugin never prints a variable's value, in its messages or its errors.
seealso:
  - ref: ansible_collections.mediaops.video.docsite.guide_awx
    description: Running from AWX, and spreading a catalog over execution nodes with job slicing.
'''

EXAMPLES = r'''
# production.mediaops_catalog.yml: the titles of a catalog file as hosts
plugin: mediaops.video.catalog
catalog_file: ../catalogs/production.yml

---
# inline.mediaops_catalog.yml: the catalog in the inventory source itself, with more groups
plugin: mediaops.video.catalog
catalog_pipeline_profiles: [hls-1080p]
catalog_pipeline_titles:
  - id: title-1042
    name: Big Buck Bunny
    source_url: https://media.example.com/masters/title-1042.mov
    captions: {published_id: 126095, languages: [en, es]}
  - id: title-1043
    name: Sintel
    source_url: https://media.example.com/masters/title-1043.mov
keyed_groups:
  - key: catalog_title.captions.languages | default([])
    prefix: caption_language
groups:
  drm_protected: "'drm' in (catalog_title.packaging.protection | default([]))"
compose:
  title_name: catalog_title.name
'''

import os
import re

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Constructable

try:
    from ansible.template import trust_as_template  # ansible-core 2.19+: strings are templates only when trusted
except ImportError:
    trust_as_template = None

SOURCE_SUFFIXES = ('.mediaops_catalog.yml', '.mediaops_catalog.yaml')
CATALOG_PREFIX = 'catalog_pipeline_'
TITLES_VAR = 'catalog_pipeline_titles'
STEPS = ('import', 'transcode', 'package', 'caption', 'moderate')
STEP_GROUPS = dict((step, 'catalog_%s' % step) for step in STEPS)
UNSAFE_HOST_CHARACTERS = re.compile(r'[^A-Za-z0-9_.-]')


def host_name(title_id):
    """The inventory host name of a title id: characters a host pattern would read are replaced by _."""
    return UNSAFE_HOST_CHARACTERS.sub('_', to_native(title_id))


def steps_taken(title, steps, default_profiles):
    """The steps (in the pipeline's order) a title takes among the steps the catalog runs."""
    taken = []
    if 'import' in steps or 'transcode' in steps:
        taken.append('import')
    if 'transcode' in steps and (title.get('profiles') or default_profiles):
        taken.append('transcode')
    for step, field in (('package', 'packaging'), ('caption', 'captions'), ('moderate', 'moderation')):
        if step in steps and title.get(field) is not None:
            taken.append(step)
    return taken


def catalog_steps(catalog):
    steps = catalog.get('catalog_pipeline_steps', list(STEPS))
    if not isinstance(steps, list) or not all(isinstance(step, str) for step in steps):
        raise AnsibleParserError('catalog_pipeline_steps must be a list of step names (%s)' % ', '.join(STEPS))
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise AnsibleParserError('catalog_pipeline_steps names unknown steps %s (known: %s)' % (', '.join(unknown), ', '.join(STEPS)))
    return steps


def title_id(title, position):
    """The id of the title at position (1-based), or an error saying which title lacks one."""
    if not isinstance(title, dict):
        raise AnsibleParserError('title %d of catalog_pipeline_titles is not a dictionary' % position)
    value = title.get('id')
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not to_native(value).strip():
        raise AnsibleParserError('title %d of catalog_pipeline_titles has no id (a non-empty string or an integer)' % position)
    return to_native(value)


def titles_by_host(titles):
    """The titles by host name, in the catalog's order; ids present and unique, host names unique."""
    if not isinstance(titles, list):
        raise AnsibleParserError('catalog_pipeline_titles must be a list of titles')
    hosts = {}
    ids = {}
    for position, title in enumerate(titles, 1):
        the_id = title_id(title, position)
        if the_id in ids:
            raise AnsibleParserError('title id %r is given more than once (titles %d and %d)' % (the_id, ids[the_id], position))
        ids[the_id] = position
        name = host_name(the_id)
        if name in hosts:
            raise AnsibleParserError('titles %r and %r would both be host %r: make their ids differ in letters, digits, _, . or -'
                                     % (to_native(hosts[name]['id']), the_id, name))
        hosts[name] = title
    return hosts


def trusted_templates(variables):
    """The variables with their strings trusted as templates (ansible-core 2.19+ evaluates no other)."""
    if trust_as_template is None:
        return variables
    return dict((name, trust_as_template(value) if isinstance(value, str) else value) for name, value in variables.items())


class InventoryModule(BaseInventoryPlugin, Constructable):

    NAME = 'mediaops.video.catalog'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(SOURCE_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        source = self._read_config_data(path)
        catalog = self._catalog(source, path)
        if TITLES_VAR not in catalog:
            raise AnsibleParserError('%s: the catalog has no catalog_pipeline_titles' % to_native(path))
        hosts = titles_by_host(catalog[TITLES_VAR])
        steps = catalog_steps(catalog)
        self._add_catalog_vars(catalog)
        for group in STEP_GROUPS.values():
            self.inventory.add_group(group)
        host_vars = trusted_templates(self.get_option('title_host_vars') or {})
        default_profiles = catalog.get('catalog_pipeline_profiles')
        for name, title in hosts.items():
            self._add_title(name, title, host_vars, steps_taken(title, steps, default_profiles))

    def _catalog(self, source, path):
        """The catalog's variables: the catalog file's, replaced by the source's own catalog_pipeline_* ones."""
        catalog = {}
        catalog_file = self.get_option('catalog_file')
        if catalog_file:
            catalog.update(self._load_catalog_file(catalog_file, path))
        catalog.update((name, value) for name, value in source.items() if name.startswith(CATALOG_PREFIX))
        return catalog

    def _load_catalog_file(self, catalog_file, path):
        catalog_path = os.path.join(os.path.dirname(path), os.path.expanduser(os.path.expandvars(catalog_file)))
        try:
            data = self.loader.load_from_file(catalog_path, cache='none')
        except Exception as exc:
            # only the first line: the next ones may quote the file, and with it a secret
            reason = to_native(exc).strip().splitlines()[0] if to_native(exc).strip() else type(exc).__name__
            raise AnsibleParserError('%s: cannot read the catalog file %s: %s' % (to_native(path), catalog_path, reason)) from None
        if not isinstance(data, dict):
            raise AnsibleParserError('%s: the catalog file %s does not hold variables (a mapping)' % (to_native(path), catalog_path))
        return data

    def _add_catalog_vars(self, catalog):
        for name, value in catalog.items():
            if name != TITLES_VAR:
                self.inventory.set_variable('all', name, value)

    def _add_title(self, name, title, host_vars, steps):
        self.inventory.add_host(name)
        for var_name, value in host_vars.items():
            self.inventory.set_variable(name, var_name, value)
        self.inventory.set_variable(name, self.get_option('title_var'), title)
        for step in steps:
            self.inventory.add_child(STEP_GROUPS[step], name)
        self._construct(name)

    def _construct(self, name):
        variables = self.inventory.get_host(name).get_vars()
        strict = self.get_option('strict')
        self._set_composite_vars(self.get_option('compose'), variables, name, strict=strict)
        self._add_host_to_composed_groups(self.get_option('groups'), variables, name, strict=strict)
        self._add_host_to_keyed_groups(self.get_option('keyed_groups'), variables, name, strict=strict)
