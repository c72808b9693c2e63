# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lookup's fmt: added before e, so that the hash covers it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import re

import pytest
import yaml

from ansible import constants as C
from ansible.errors import AnsibleLookupError

from ansible_collections.mediaops.video.plugins.lookup import iva_signed_url as plugin

LOAD_NAME = 'mediaops.video.iva_signed_url'
C.config.initialize_plugin_configuration_definitions('lookup', LOAD_NAME, yaml.safe_load(plugin.DOCUMENTATION)['options'])
URL = 'https://video.internetvideoarchive.net/caption.ashx?customerid=45678&publishedid=126095&languageid=0'


def run(terms, **options):
    lookup = plugin.LookupModule()
    lookup._load_name = LOAD_NAME
    return lookup.run(terms, variables={}, security_token='Token', **options)


@pytest.mark.parametrize('fmt, number', [('vtt', 7), ('2', 2), ('SRT', 0)])
def test_fmt_is_signed_before_e(fmt, number):
    signed = run([URL], fmt=fmt)[0]
    found = re.match(r'^(.*&fmt=%d&e=[0-9]+)&h=([0-9a-f]{32})$' % number, signed)
    assert found and found.group(1).startswith(URL + '&fmt=')
    assert found.group(2) == hashlib.md5(('Token' + found.group(1)).lower().encode('utf-8')).hexdigest()


def test_without_fmt_the_url_is_signed_as_given():
    assert '&fmt=' not in run([URL])[0]
    assert run([URL + '&fmt=99'])[0].startswith(URL + '&fmt=99&e=')


@pytest.mark.parametrize('fmt', ['5', 'mp4', ''])
def test_an_unknown_format_is_refused(fmt):
    with pytest.raises(AnsibleLookupError) as info:
        run([URL], fmt=fmt)
    assert 'no caption format' in str(info.value) and 'vtt (7)' in str(info.value)


def test_a_url_with_its_own_fmt_is_refused_beside_fmt():
    with pytest.raises(AnsibleLookupError) as info:
        run([URL + '&FMT=2'], fmt='vtt')
    assert 'already has fmt' in str(info.value)
