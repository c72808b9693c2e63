# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile and careless input to the iva_signed_url lookup: nothing but AnsibleLookupError (with a message)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import time

import pytest

from hypothesis import given, settings, strategies as st

import yaml

from ansible import constants as C
from ansible.errors import AnsibleLookupError

from ansible_collections.mediaops.video.plugins.lookup import iva_signed_url as plugin

FUZZ = settings(max_examples=300, deadline=None, database=None)
TOKEN = 'iva-token-fuzz'
URL = 'https://video.internetvideoarchive.net/captionorder.ashx?customerid=1&publishedid=2&languageid=0'


LOAD_NAME = 'mediaops.video.iva_signed_url'
# what the plugin loader does: the options of the plugin's DOCUMENTATION, for get_option()
C.config.initialize_plugin_configuration_definitions('lookup', LOAD_NAME, yaml.safe_load(plugin.DOCUMENTATION)['options'])


def run(terms, **options):
    lookup = plugin.LookupModule()
    lookup._load_name = LOAD_NAME
    return lookup.run(terms, variables={}, **options)


def refused(terms, **options):
    with pytest.raises(AnsibleLookupError) as info:
        run(terms, **options)
    assert str(info.value.message).strip()


def test_signs_as_the_wire_reference_says():  # docs/docsite/rst/wire_iva.rst, Signing
    before = int(time.time())
    signed = run([URL], security_token=TOKEN, ttl=60)[0]
    unsigned, digest = signed.rsplit('&h=', 1)
    expires = int(unsigned.rsplit('&e=', 1)[1])
    assert before + 60 <= expires <= int(time.time()) + 60
    assert digest == hashlib.md5((TOKEN + unsigned).lower().encode('utf-8')).hexdigest()


@pytest.mark.parametrize('ttl', [1e999, 'soon', [1], {'a': 1}, float('nan')])
def test_wrong_ttl(ttl):
    refused([URL], security_token=TOKEN, ttl=ttl)


@pytest.mark.parametrize('token', [['a'], {'a': 1}, '\udc80'])
def test_wrong_token(token):
    refused([URL], security_token=token)


@pytest.mark.parametrize('url', ['https://x.example/\udc80', b'https://x.example/', None, 42, ['https://x.example/']])
def test_wrong_url(url):
    refused([url], security_token=TOKEN)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | st.binary(max_size=20)
    | st.sampled_from(['1e999', URL, 'https://x.example/?h=1', 'https://\udc80', '9' * 5000]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=10)


@FUZZ
@given(terms=st.lists(values, max_size=3), token=values, ttl=values, extra=st.dictionaries(st.sampled_from(['junk', 'ttl_']), values))
def test_fuzz(terms, token, ttl, extra):
    try:
        signed = run(terms, security_token=token, ttl=ttl, **extra)
    except AnsibleLookupError as exc:
        assert str(exc.message).strip()
        return
    assert len(signed) == len(terms)
