# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""normalise, fingerprint, mask and compare declared state."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import hashlib

import pytest

from ansible_collections.mediaops.video.plugins.module_utils._state import (
    MASK, changed_keys, declared, fingerprint, mask_url, masked, normalise,
)


@pytest.mark.parametrize('value, expected, kind', [
    ('5', 5, int),
    (' 7 ', 7, int),
    ('-3', -3, int),
    ('5.0', 5, int),
    (5.0, 5, int),
    (5, 5, int),
    ('5.5', 5.5, float),
    (29.97, 29.97, float),
    ('768.0', 768, int),
    ('abc', 'abc', str),
    (' mp4 ', 'mp4', str),
    ('nan', 'nan', str),
    ('inf', 'inf', str),
    ('-infinity', '-infinity', str),
])
def test_normalise_scalars(value, expected, kind):
    result = normalise(value)
    assert result == expected and result.__class__ is kind


@pytest.mark.parametrize('value', ['', '   ', None])
def test_normalise_empty_is_none(value):
    assert normalise(value) is None


def test_normalise_keeps_booleans():
    assert normalise(True) is True
    assert normalise(False) is False
    assert normalise({'keep_aspect': True, 'add_padding': False}) == {'keep_aspect': True, 'add_padding': False}
    assert normalise([True])[0] is True


def test_normalise_nested():
    value = {'a': ['1', {'b': '', 'c': '2.50'}], 'd': (1, '2'), 'e': {'f': {'g': ' x '}}}
    original = copy.deepcopy(value)
    assert normalise(value) == {'a': [1, {'b': None, 'c': 2.5}], 'd': [1, 2], 'e': {'f': {'g': 'x'}}}
    assert value == original  # not modified in place


def _sha256_of(canonical):
    return hashlib.sha256(canonical.encode('utf-8')).hexdigest()


def test_fingerprint_of_canonical_json():
    assert fingerprint({'width': 640, 'url': 'http://x/a.mp4'}) == _sha256_of('{"url":"http://x/a.mp4","width":640}')
    assert fingerprint({'a': '5', 'b': '', 'c': True}) == _sha256_of('{"a":5,"b":null,"c":true}')


def test_fingerprint_numbers_and_numeric_strings_are_equal():
    assert fingerprint({'width': '640'}) == fingerprint({'width': 640})
    assert fingerprint({'width': '640'}) == fingerprint({'width': 640.0})
    assert fingerprint({'thumb_start': '1.50'}) == fingerprint({'thumb_start': 1.5})
    assert fingerprint({'suffix': ''}) == fingerprint({'suffix': None})


def test_fingerprint_changes_with_values():
    base = fingerprint({'width': 640, 'url': 'http://x/a.mp4'})
    assert fingerprint({'width': 641, 'url': 'http://x/a.mp4'}) != base
    assert fingerprint({'width': 640, 'url': 'http://x/b.mp4'}) != base
    assert fingerprint({'width': 640}) != base
    assert fingerprint({'width': 640, 'url': 'http://x/a.mp4', 'height': 480}) != base
    assert fingerprint({'keep_aspect': True}) != fingerprint({'keep_aspect': False})
    assert fingerprint({'a': {'b': [1, 2]}}) != fingerprint({'a': {'b': [2, 1]}})


def test_fingerprint_key_order_independent():
    assert fingerprint({'a': 1, 'b': {'x': 1, 'y': 2}}) == fingerprint({'b': {'y': 2, 'x': 1}, 'a': 1})


def test_fingerprint_long_numeric_strings():
    assert fingerprint({'id': '12345678901234567891'}) != fingerprint({'id': '12345678901234567892'})
    assert fingerprint({'id': '12345678901234567891'}) == fingerprint({'id': 12345678901234567891})


@pytest.mark.parametrize('url, expected', [
    ('ftp://user:pass@host/path', 'ftp://user:%s@host/path' % MASK),
    ('sftp://deploy:s3cr3t@sftp.example.com:2222/in/a.mp4', 'sftp://deploy:%s@sftp.example.com:2222/in/a.mp4' % MASK),
    ('ftp://user:pa:ss@host/x', 'ftp://user:%s@host/x' % MASK),
    ('s3://AKIAKEY:secretkey@bucket/key', 's3://AKIAKEY:%s@bucket/key' % MASK),
    ('https://user:pw@host', 'https://user:%s@host' % MASK),
    ('ftp://:onlypass@host/x', 'ftp://:%s@host/x' % MASK),
])
def test_mask_url_hides_passwords(url, expected):
    assert mask_url(url) == expected


@pytest.mark.parametrize('url', [
    'http://x/a.mp4',
    'ftp://user@host/path',
    's3://bucket/key',
    'http://host/path?token=a:b@c',
    'not a url: user:pass@host',
    '',
])
def test_mask_url_leaves_others(url):
    assert mask_url(url) == url


@pytest.mark.parametrize('value', [None, 5, 1.5, True])
def test_mask_url_non_strings(value):
    assert mask_url(value) is value


def test_mask_url_password_with_at_sign():
    assert mask_url('ftp://bob:p@ss@host/in.mp4') == 'ftp://bob:%s@host/in.mp4' % MASK


def test_masked():
    value = {
        'password': 'hunter2',
        'private_key': None,
        'url': 'ftp://u:pw1@h/x',
        'nested': [{'token': 't0k', 'k': 'sftp://a:pw2@c/d', 'n': 3}],
        'plain': 'keep',
    }
    original = copy.deepcopy(value)
    result = masked(value, secret_keys=('password', 'token', 'private_key'))
    assert result == {
        'password': MASK,
        'private_key': None,
        'url': 'ftp://u:%s@h/x' % MASK,
        'nested': [{'token': MASK, 'k': 'sftp://a:%s@c/d' % MASK, 'n': 3}],
        'plain': 'keep',
    }
    assert value == original
    text = repr(result)
    assert 'hunter2' not in text and 'pw1' not in text and 'pw2' not in text and 't0k' not in text


def test_masked_without_secret_keys():
    assert masked({'password': 'x', 'url': 'ftp://a:b@c/d'}) == {'password': 'x', 'url': 'ftp://a:%s@c/d' % MASK}


def test_declared_and_changed_keys():
    assert declared({'a': 1, 'b': None, 'c': 0, 'd': False, 'e': ''}, ['a', 'b', 'c', 'd', 'e', 'z']) == \
        {'a': 1, 'c': 0, 'd': False, 'e': ''}
    assert changed_keys({'width': '640', 'height': 480, 'suffix': 'x'}, {'width': 640, 'height': 481, 'suffix': 'x'}) == \
        ['height']
    assert changed_keys({'b': 1, 'a': 2}, {}) == ['a', 'b']
    assert changed_keys({'a': ''}, {}) == []
