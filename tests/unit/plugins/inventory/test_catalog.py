# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog inventory plugin: hosts, groups and variables from a catalog, and the catalogs it refuses."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import yaml

from ansible import constants as C
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.doc_fragments.constructed import ModuleDocFragment as ConstructedFragment

from ansible_collections.mediaops.video.plugins.inventory import catalog as plugin

LOAD_NAME = 'mediaops.video.catalog'
SOURCE = 'titles.mediaops_catalog.yml'
SECRET = 'pa55-word-never-shown'


def _options():
    """The plugin's options as the plugin loader builds them: its own plus the constructed fragment's."""
    options = yaml.safe_load(ConstructedFragment.DOCUMENTATION)['options']
    options.update(yaml.safe_load(plugin.DOCUMENTATION)['options'])
    return options


C.config.initialize_plugin_configuration_definitions('inventory', LOAD_NAME, _options())

STORAGES = [{'name': 'masters', 'region': 'RG011'}, {'name': 'packaged', 'region': 'RG011'}]
PACKAGING = {'input_storage': 'masters', 'output_storage': 'packaged', 'contents_path': ['a.mp4']}
TITLES = [
    {'id': 'title-1', 'name': 'One', 'source_url': 'ftp://user:%s@media.example.com/1.mov' % SECRET,
     'profiles': ['hls-1080p'], 'packaging': PACKAGING, 'captions': {'published_id': 1, 'languages': ['en', 'es']}},
    {'id': 'title-2', 'name': 'Two', 'source_url': 'https://media.example.com/2.mov',
     'moderation': {'callback_secret_key': SECRET}},
    {'id': 3, 'source_url': 'https://media.example.com/3.mov', 'moderation': {}, 'captions': None},
]


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if name.endswith(('.yml', '.yaml')) else json.dumps(data))
    return str(path)


def parse(tmp_path, **source):
    """The inventory the plugin makes of a source file holding source."""
    source.setdefault('plugin', LOAD_NAME)
    inventory = InventoryData()
    module = plugin.InventoryModule()
    module._load_name = LOAD_NAME
    module._redirected_names = [LOAD_NAME]
    module.parse(inventory, DataLoader(), write(tmp_path, SOURCE, source), cache=False)
    return inventory


def group_hosts(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


def host_vars(inventory, host):
    """The variables the plugin set on a host (not the ones Ansible adds, like group_names or inventory_file)."""
    return dict((name, value) for name, value in inventory.get_host(host).vars.items() if not name.startswith('inventory_'))


def refused(tmp_path, **source):
    with pytest.raises(AnsibleError) as info:
        parse(tmp_path, **source)
    message = str(info.value)
    assert SECRET not in message
    return message


def test_a_catalog_file_becomes_one_host_per_title(tmp_path):
    write(tmp_path, 'catalog.json', {'catalog_pipeline_titles': TITLES, 'catalog_pipeline_storages': STORAGES})
    inventory = parse(tmp_path, catalog_file='catalog.json')
    assert sorted(inventory.hosts) == ['3', 'title-1', 'title-2']
    title = host_vars(inventory, 'title-1')
    assert title['catalog_title'] == TITLES[0]
    assert title['ansible_connection'] == 'local'
    assert title['ansible_python_interpreter'] == '{{ ansible_playbook_python }}'
    assert host_vars(inventory, '3')['catalog_title']['id'] == 3
    assert inventory.groups['all'].get_vars() == {'catalog_pipeline_storages': STORAGES}


def test_catalog_file_is_relative_to_the_source_not_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / 'catalogs').mkdir()
    write(tmp_path, 'catalogs/production.yml', {'catalog_pipeline_titles': TITLES[1:]})
    monkeypatch.chdir(str(tmp_path / 'catalogs'))
    inventory = parse(tmp_path, catalog_file='catalogs/production.yml')
    assert sorted(inventory.hosts) == ['3', 'title-2']
    inventory = parse(tmp_path, catalog_file=str(tmp_path / 'catalogs' / 'production.yml'))
    assert sorted(inventory.hosts) == ['3', 'title-2']


def test_groups_per_step_a_title_takes(tmp_path):
    inventory = parse(tmp_path, catalog_pipeline_titles=TITLES, catalog_pipeline_storages=STORAGES)
    assert group_hosts(inventory, 'catalog_import') == ['3', 'title-1', 'title-2']
    assert group_hosts(inventory, 'catalog_transcode') == ['title-1']
    assert group_hosts(inventory, 'catalog_package') == ['title-1']
    assert group_hosts(inventory, 'catalog_caption') == ['title-1']
    assert group_hosts(inventory, 'catalog_moderate') == ['3', 'title-2']


def test_default_profiles_put_every_title_in_transcode(tmp_path):
    inventory = parse(tmp_path, catalog_pipeline_titles=TITLES, catalog_pipeline_profiles=['psp'])
    assert group_hosts(inventory, 'catalog_transcode') == ['3', 'title-1', 'title-2']
    assert inventory.groups['all'].get_vars() == {'catalog_pipeline_profiles': ['psp']}


def test_only_the_steps_the_catalog_runs(tmp_path):
    inventory = parse(tmp_path, catalog_pipeline_titles=TITLES, catalog_pipeline_steps=['transcode', 'caption'])
    assert group_hosts(inventory, 'catalog_import') == ['3', 'title-1', 'title-2']  # transcode implies import
    assert group_hosts(inventory, 'catalog_transcode') == ['title-1']
    assert group_hosts(inventory, 'catalog_caption') == ['title-1']
    assert group_hosts(inventory, 'catalog_package') == []
    assert group_hosts(inventory, 'catalog_moderate') == []
    inventory = parse(tmp_path, catalog_pipeline_titles=TITLES, catalog_pipeline_steps=['package'])
    assert group_hosts(inventory, 'catalog_import') == []
    assert group_hosts(inventory, 'catalog_package') == ['title-1']


def test_inline_variables_replace_the_files(tmp_path):
    write(tmp_path, 'catalog.yml', {'catalog_pipeline_titles': TITLES, 'catalog_pipeline_profiles': ['psp'],
                                    'catalog_pipeline_storages': STORAGES})
    inventory = parse(tmp_path, catalog_file='catalog.yml', catalog_pipeline_titles=TITLES[:1], catalog_pipeline_profiles=[])
    assert sorted(inventory.hosts) == ['title-1']
    assert inventory.groups['all'].get_vars() == {'catalog_pipeline_profiles': [], 'catalog_pipeline_storages': STORAGES}


def test_host_names_are_made_safe(tmp_path):
    titles = [{'id': 'Big Buck: Bunny/1,2', 'source_url': 'x'}, {'id': 'ok-1.2_x', 'source_url': 'y'}]
    inventory = parse(tmp_path, catalog_pipeline_titles=titles)
    assert sorted(inventory.hosts) == ['Big_Buck__Bunny_1_2', 'ok-1.2_x']
    assert host_vars(inventory, 'Big_Buck__Bunny_1_2')['catalog_title']['id'] == 'Big Buck: Bunny/1,2'


def test_title_var_and_title_host_vars(tmp_path):
    inventory = parse(tmp_path, catalog_pipeline_titles=TITLES[:1], title_var='title', title_host_vars={})
    assert host_vars(inventory, 'title-1') == {'title': TITLES[0]}


def test_constructed_groups_keyed_groups_and_compose(tmp_path):
    inventory = parse(
        tmp_path, catalog_pipeline_titles=TITLES,
        keyed_groups=[{'key': 'catalog_title.captions.languages | default([], true)', 'prefix': 'language'}],
        groups={'secured': "catalog_title.source_url is match('ftp://')"},
        compose={'title_name': "catalog_title.name | default('unnamed')"})
    assert group_hosts(inventory, 'language_en') == ['title-1']
    assert group_hosts(inventory, 'language_es') == ['title-1']
    assert group_hosts(inventory, 'secured') == ['title-1']
    assert host_vars(inventory, 'title-2')['title_name'] == 'Two'
    assert host_vars(inventory, '3')['title_name'] == 'unnamed'


def test_catalog_file_values_are_data_not_templates(tmp_path):
    trusted = pytest.importorskip('ansible.template').__dict__.get('is_trusted_as_template')
    if trusted is None:
        pytest.skip('ansible-core before 2.19 marks no trust')
    write(tmp_path, 'catalog.yml', {'catalog_pipeline_titles': [{'id': 't', 'name': "{{ lookup('pipe', 'id') }}"}]})
    inventory = parse(tmp_path, catalog_file='catalog.yml')
    assert not trusted(host_vars(inventory, 't')['catalog_title']['name'])
    assert trusted(host_vars(inventory, 't')['ansible_python_interpreter'])


@pytest.mark.parametrize('path, verified', [
    ('prod.mediaops_catalog.yml', True),
    ('prod.mediaops_catalog.yaml', True),
    ('prod.yml', False),
    ('catalog.yml', False),
    ('prod.mediaops_catalog.json', False),
])
def test_verify_file(tmp_path, path, verified):
    source = tmp_path / path
    source.write_text('plugin: %s\n' % LOAD_NAME)
    assert plugin.InventoryModule().verify_file(str(source)) is verified


@pytest.mark.parametrize('titles, words', [
    ([{'name': 'no id', 'source_url': 'ftp://u:%s@h/x' % SECRET}], 'title 1 of catalog_pipeline_titles has no id'),
    ([{'id': '', 'source_url': 'x'}], 'title 1 of catalog_pipeline_titles has no id'),
    ([{'id': True}], 'has no id'),
    ([{'id': ['a']}], 'has no id'),
    ([{'id': 'a'}, 'b'], 'title 2 of catalog_pipeline_titles is not a dictionary'),
    ([{'id': 'a', 'source_url': SECRET}, {'id': 'a', 'source_url': SECRET}], "title id 'a' is given more than once (titles 1 and 2)"),
    ([{'id': 1}, {'id': '1'}], "title id '1' is given more than once"),
    ([{'id': 'a b'}, {'id': 'a/b'}], "titles 'a b' and 'a/b' would both be host 'a_b'"),
    ({'id': 'a'}, 'catalog_pipeline_titles must be a list'),
])
def test_refuses_a_catalog_that_does_not_hold_together(tmp_path, titles, words):
    assert words in refused(tmp_path, catalog_pipeline_titles=titles)


@pytest.mark.parametrize('steps, words', [
    (['import', 'publish'], 'catalog_pipeline_steps names unknown steps publish'),
    ('import', 'catalog_pipeline_steps must be a list'),
])
def test_refuses_unknown_steps(tmp_path, steps, words):
    assert words in refused(tmp_path, catalog_pipeline_titles=TITLES, catalog_pipeline_steps=steps)


def test_refuses_a_source_without_titles(tmp_path):
    assert 'the catalog has no catalog_pipeline_titles' in refused(tmp_path, catalog_pipeline_storages=STORAGES)


def test_refuses_a_missing_catalog_file(tmp_path):
    assert 'cannot read the catalog file' in refused(tmp_path, catalog_file='nowhere.yml')


def test_refuses_a_broken_catalog_file_without_quoting_it(tmp_path):
    (tmp_path / 'catalog.yml').write_text('catalog_pipeline_titles:\n  - id: a\n    source_url: ftp://u:%s@h/x: [\n' % SECRET)
    assert 'cannot read the catalog file' in refused(tmp_path, catalog_file='catalog.yml')


def test_refuses_a_catalog_file_that_is_not_a_mapping(tmp_path):
    write(tmp_path, 'catalog.yml', TITLES)
    message = refused(tmp_path, catalog_file='catalog.yml')
    assert 'does not hold variables (a mapping)' in message


def test_refuses_a_source_of_another_plugin(tmp_path):
    with pytest.raises(AnsibleParserError):
        parse(tmp_path, plugin='ansible.builtin.constructed', catalog_pipeline_titles=TITLES)
