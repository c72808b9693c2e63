# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _iva_signer as signer
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._iva import _rows, language_id, odata_date, typed_caption

# The seed's worked example does not reproduce (docs/docsite/rst/wire_iva.rst, Signing): the expected hash is computed here.
SEED_URL = 'http://video.internetvideoarchive.net/captionorder.ashx?customerId=123456&publishedid=126095&languageid=0'


def test_sign_step_by_step():
    unsigned = SEED_URL + '&e=1171159092'
    expected = hashlib.md5(('1234' + unsigned).lower().encode('utf-8')).hexdigest()
    assert signer.sign('1234', SEED_URL, 1171159092) == unsigned + '&h=' + expected


def test_seed_url_against_a_literal():
    """The seed's URL and token, hashed outside Python (the seed's own hash does not reproduce):

    printf %s '1234http://video.internetvideoarchive.net/captionorder.ashx?customerid=123456&publishedid=126095&languageid=0&e=1171159092' | md5sum
    """
    assert signer.sign('1234', SEED_URL, 1171159092) == SEED_URL + '&e=1171159092&h=b3343d2aa5d3306923e54d11b2625943'


def test_order_url_against_a_literal():
    """printf %s 'Token' 'https://iva.example/captionorder.ashx?customerid=45678&publishedid=126095&languageid=16&e=1795306912' | tr A-Z a-z | md5sum"""
    url = signer.signed_url('https://iva.example/captionorder.ashx', '45678', 126095, 16, 1795306912, 'Token')
    assert url == ('https://iva.example/captionorder.ashx?customerid=45678&publishedid=126095&languageid=16&e=1795306912'
                   '&h=7709a679eb4c5c15a909b00845d41a86')


def test_the_hash_lowercases_token_and_url():
    lower = hashlib.md5('abcdhttp://x/y?a=b&e=5'.encode('utf-8')).hexdigest()
    assert signer.url_hash('ABCD', 'HTTP://X/Y?A=B&e=5') == lower


def test_sign_a_url_without_query():
    unsigned = 'https://cdn.example.com/caption.vtt?e=100'
    assert signer.sign('t', 'https://cdn.example.com/caption.vtt', 100) == unsigned + '&h=' + hashlib.md5(('t' + unsigned).encode()).hexdigest()


def test_sign_refuses_a_signed_url():
    with pytest.raises(ValueError):
        signer.sign('t', SEED_URL + '&e=5&h=abc', 10)


def test_order_url_parameters_and_hash():
    url = signer.signed_url('https://iva.example/captionorder.ashx', '45678', 126095, 16, 1795306912, 'Token')
    unsigned = 'https://iva.example/captionorder.ashx?customerid=45678&publishedid=126095&languageid=16&e=1795306912'
    assert url == unsigned + '&h=' + hashlib.md5(('token' + unsigned).encode('utf-8')).hexdigest()


@pytest.mark.parametrize('given, expected', [
    (0, 0), ('0', 0), ('en', 0), ('English', 0), ('english', 0), ('zh-Hant', 8), ('traditional chinese', 8),
    ('zh', 16), ('Mandarin', 16), ('mandarin chinese', 16), ('64', 64), ('tr', 64), ('Hebrew', 15), (' pt ', 17),
])
def test_language_id(given, expected):
    assert language_id(given) == expected


@pytest.mark.parametrize('given', ['1', '5', 'klingon', '', '-1', 'eng', '²', True, 0.5])
def test_language_id_refuses(given):
    with pytest.raises(ValidationError) as caught:
        language_id(given)
    assert 'English (en, 0)' in caught.value.message


def test_odata_date():
    assert odata_date('/Date(1795306912000)/') == '2026-11-22T00:21:52Z'
    assert odata_date('/Date(1795306912000+0000)/') == '2026-11-22T00:21:52Z'
    assert odata_date('yesterday') == 'yesterday'


def test_typed_caption():
    row = {'__metadata': {'uri': 'x'}, 'CaptionId': '700001', 'PublishedId': 126095, 'LanguageId': 8, 'Status': 'Ordered',
           'DateCreated': '/Date(1795306912000)/', 'NewField': 'kept'}
    assert typed_caption(row) == {'caption_id': 700001, 'published_id': 126095, 'language_id': 8, 'status': 'Ordered',
                                  'date_created': '2026-11-22T00:21:52Z', 'new_field': 'kept', 'language': 'zh-Hant'}


def test_typed_caption_numbers_follow_the_number_rules():
    caption = typed_caption({'CaptionId': '700001.0', 'PublishedId': 126095.5, 'LanguageId': True})
    # int() cut 126095.5 to 126095 and made True 1 before: a value that is no integer is now kept as sent
    assert (caption['caption_id'], caption['published_id'], caption['language_id']) == (700001, 126095.5, True)
    assert caption['language'] is None


def test_odata_wrappers():
    assert _rows({'d': {'results': [1], '__next': 'n'}}) == ([1], 'n')
    assert _rows({'d': {'results': [1]}}) == ([1], None)
    assert _rows({'d': [1, 2]}) == ([1, 2], None)
    assert _rows({'value': [3]}) == ([3], None)
