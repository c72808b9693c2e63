# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: catalog_problems
short_description: What keeps a catalog from holding together
version_added: 0.2.0
description:
  - The cross references of a catalog (the C(catalog_pipeline) role's variables) that its argument spec cannot check,
    in one linear pass over the titles - title ids given more than once, storages a title's C(packaging) names that
    O(storages) does not declare, packaging without an input or an output storage, and steps that do not exist.
  - Each problem names the titles or values concerned (ids and storage names only, never another field).
author:
  - mediaops.video contributors (@mediaops)
options:
  _input:
    description: The titles.
    type: list
    elements: dict
    required: true
  storages:
    description: The declared storages (each with a C(name)).
    type: list
    elements: dict
    default: []
  steps:
    description: The steps to run.
    type: list
    elements: str
    default: []
'''

EXAMPLES = r'''
- name: Refuse a catalog that does not hold together
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "The catalog does not hold together: {{ problems | join('; ') }}"
  vars:
    problems: "{{ titles | mediaops.video.catalog_problems(storages=storages, steps=['import', 'package']) }}"
'''

RETURN = r'''
_value:
  description: One sentence per problem; empty when the catalog holds together.
  type: list
  elements: str
'''

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

STEPS = ('import', 'transcode', 'package', 'caption', 'moderate')
SHOWN = 20


def _listed(values):
    values = list(values)
    more = ' and %d more' % (len(values) - SHOWN) if len(values) > SHOWN else ''
    return ', '.join(to_text(value) for value in values[:SHOWN]) + more


def _without(packaging, name):
    return packaging.get(name) is None and packaging.get(name + '_id') is None


def catalog_problems(titles, storages=None, steps=None):
    if not isinstance(titles, list) or not all(isinstance(t, dict) for t in titles):
        raise AnsibleFilterError('catalog_problems: the input must be a list of titles, each a dict')
    problems = []
    seen, twice = set(), []
    for title in titles:
        ident = to_text(title.get('id'))
        if ident in seen and ident not in twice:
            twice.append(ident)
        seen.add(ident)
    if twice:
        problems.append('title ids given more than once: %s' % _listed(twice))
    declared = set(to_text(s.get('name')) for s in storages or [] if isinstance(s, dict))
    unknown, no_input, no_output = [], [], []
    for title in titles:
        packaging = title.get('packaging')
        if not isinstance(packaging, dict):
            continue
        for name in ('input_storage', 'output_storage'):
            named = packaging.get(name)
            if named is not None and to_text(named) not in declared and to_text(named) not in unknown:
                unknown.append(to_text(named))
        if _without(packaging, 'input_storage'):
            no_input.append(to_text(title.get('id')))
        if _without(packaging, 'output_storage'):
            no_output.append(to_text(title.get('id')))
    if unknown:
        problems.append('storages named in packaging but not declared in catalog_pipeline_storages: %s' % _listed(unknown))
    if no_input:
        problems.append('packaging without an input storage (titles %s)' % _listed(no_input))
    if no_output:
        problems.append('packaging without an output storage (titles %s)' % _listed(no_output))
    wrong = [step for step in steps or [] if step not in STEPS]
    if wrong:
        problems.append('unknown steps %s (the steps are %s)' % (_listed(wrong), ', '.join(STEPS)))
    return problems


class FilterModule(object):

    def filters(self):
        return {'catalog_problems': catalog_problems}
