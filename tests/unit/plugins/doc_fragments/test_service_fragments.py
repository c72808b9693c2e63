# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection docs fragments are built from the service descriptions: they agree with the argument specs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import yaml

from ansible_collections.mediaops.video.plugins.doc_fragments import ankoder, connection, iva, moderation, pallycon
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module, _iva_module, _moderation_module, _pallycon_module
from ansible_collections.mediaops.video.plugins.module_utils._service import CONNECTION, Option, connection_spec, fragment

FRAGMENTS = [
    (ankoder, _ankoder_module.SERVICE, ['requests', 'lxml']),
    (pallycon, _pallycon_module.SERVICE, ['requests', 'cryptography']),
    (iva, _iva_module.SERVICE, ['requests']),
    (moderation, _moderation_module.SERVICE, ['requests']),
]


def _agrees(documented, spec):
    """The documented options against an argument spec: names, types, defaults, choices, env vars and no_log."""
    assert sorted(documented) == sorted(spec)
    for name, doc in documented.items():
        entry = spec[name]
        assert doc['type'] == entry['type'], name
        assert doc.get('default') == entry.get('default'), name
        assert doc.get('choices') == entry.get('choices'), name
        text = ' '.join(doc['description'])
        env = entry['fallback'][1][0] if 'fallback' in entry else None
        assert ('E(%s)' % env in text) if env else ('environment variable' not in text), name
        assert ('Never logged or returned.' in doc['description']) is bool(entry.get('no_log')), name


@pytest.mark.parametrize('fragment_module, service, requirements', FRAGMENTS, ids=lambda v: getattr(v, '__name__', ''))
def test_a_service_fragment_agrees_with_its_description(fragment_module, service, requirements):
    doc = yaml.safe_load(fragment_module.ModuleDocFragment.DOCUMENTATION)
    spec = service.argument_spec()
    for name in ('ledger', 'validate_certs', 'ca_path', 'timeout'):  # documented by the ledger and connection fragments
        spec.pop(name)
    _agrees(doc['options'], spec)
    assert doc['requirements'] == requirements


def test_the_connection_fragment_agrees_with_the_connection_options():
    doc = yaml.safe_load(connection.ModuleDocFragment.DOCUMENTATION)
    _agrees(doc['options'], connection_spec())
    assert [option.name for option in CONNECTION] == list(doc['options'])


def test_a_fragment_must_describe_exactly_the_options():
    options = (Option('a'), Option('b', env=False))
    with pytest.raises(ValueError):
        fragment(options, {'a': 'A.'})
    with pytest.raises(ValueError):
        fragment(options, {'a': 'A.', 'b': 'B.', 'c': 'C.'})
    doc = yaml.safe_load(fragment(options, {'a': 'A.', 'b': ['B.', 'More of B.']}, prefix='X', notes=['N.']))
    assert doc == {'options': {'a': {'description': ['A.', 'If not set, the environment variable E(X_A) is used.'], 'type': 'str'},
                               'b': {'description': ['B.', 'More of B.'], 'type': 'str'}},
                   'notes': ['N.']}
