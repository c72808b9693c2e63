# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import json

import pytest

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_signer as signer

# The verified vectors of the wire contract (docs/docsite/rst/wire_pallycon.rst, Signing): literals, not recomputed here.
SITE_ID = 'TUTO'
ACCESS_KEY = 'LT2FVJDp2Xr018zf4Di6lzvNOv3DKP20'
SITE_KEY = 'lU5D8s3PWoLls3PWFWkClULlFWk5D8oC'
VECTORS = [
    ('2022-03-30T08:29:57Z', json.dumps({"storage_type": "S3", "region": "RG011"}),
     '1hcG+9HLrDueiIN9CYt8ISozB3cLzg/CoeG4NO+66qoVEj9xBuKbsfCTiS7+6kYj', 'miTiLRnhyfpVva2dyUmwGTr5W5w5JdFaknytawE55sk='),
    ('2020-07-15T10:42:34Z', '{\n    "storage_type": "S3",\n    "region": "RG011"\n}',
     'vvl3SpynNOShxsNa3cBOomYzaKX3+7JQ5ohZ4aqOFJFAUotKeUoV0wYN6nUu7lrdiFW3OCgGiIHDe1/BvdQhOQ==',
     '38MDPO7fkXhRxmaLISVMy0UCZ1ExScIT7b33z6E+S7E='),
    # PallyCon C: PallyCon's own Java request sample, run (non-ASCII plaintext, compact JSON).
    ('2026-12-06T05:41:22Z', u'{"storage_type":"S3","region":"RG011","content_id":"title-1042 \u00e9"}',
     '1hcG+9HLrDueiIN9CYt8IXVRl7Qiv7x7O/2fPEECy97tpZuWbibr+ykdbG3r/ZXBUiJO93Qf31bHmQapZ2ea10UKLblppXqbzaKBbC0i0MQ=',
     'nS9MbBd+etSxfpdb9/hUpd4U16foD9nb8LMehKM4CfM='),
]


@pytest.mark.parametrize('stamp, plaintext, data, digest', VECTORS)
def test_published_vectors(stamp, plaintext, data, digest):
    assert signer.encrypt(SITE_KEY, plaintext) == data
    assert signer.digest(ACCESS_KEY, SITE_ID, data, stamp) == digest
    assert signer.decrypt(SITE_KEY, data) == plaintext


def test_vendor_sample_vector_through_the_envelope():
    """PallyCon C built the way requests are: api_data_json of the payload, then the envelope."""
    stamp, plaintext, data, digest = VECTORS[2]
    assert signer.api_data_json({'storage_type': 'S3', 'region': 'RG011', 'content_id': u'title-1042 \u00e9'}) == plaintext
    outer = json.loads(base64.b64decode(signer.envelope(SITE_ID, SITE_KEY, ACCESS_KEY, plaintext, stamp)).decode('utf-8'))
    assert outer == {'data': data, 'timestamp': stamp, 'hash': digest}


def test_encrypt_step_by_step():
    key, plaintext = 'k' * 32, '{"job_id":"100001"}'
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext.encode('utf-8')) + padder.finalize()
    assert len(padded) == 32  # 19 bytes padded to two blocks
    encryptor = Cipher(algorithms.AES(key.encode('ascii')), modes.CBC(b'0123456789abcdef')).encryptor()
    expected = base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode('ascii')
    assert signer.encrypt(key, plaintext) == expected


def test_hash_step_by_step():
    data, stamp = 'ZGF0YQ==', '2026-11-22T00:21:52Z'
    raw = hashlib.sha256(('access' + 'SITE' + data + stamp).encode('utf-8')).digest()
    assert signer.digest('access', 'SITE', data, stamp) == base64.b64encode(raw).decode('ascii')


def test_envelope_is_compact_json_in_base64():
    stamp = '2026-11-22T00:21:52Z'
    value = signer.envelope(SITE_ID, SITE_KEY, ACCESS_KEY, '{"a":1}', stamp)
    outer_text = base64.b64decode(value).decode('utf-8')
    assert ' ' not in outer_text
    outer = json.loads(outer_text)
    assert sorted(outer) == ['data', 'hash', 'timestamp']
    assert outer['timestamp'] == stamp
    assert signer.decrypt(SITE_KEY, outer['data']) == '{"a":1}'
    raw = hashlib.sha256((ACCESS_KEY + SITE_ID + outer['data'] + stamp).encode('utf-8')).digest()
    assert outer['hash'] == base64.b64encode(raw).decode('ascii')


def test_timestamp_format():
    assert signer.timestamp(1795306912) == '2026-11-22T00:21:52Z'
    assert signer.timestamp(1795306912.9) == '2026-11-22T00:21:52Z'
    assert signer.timestamp(0) == '1970-01-01T00:00:00Z'


def test_api_data_json_is_compact_and_keeps_unicode():
    assert signer.api_data_json({'b': 1, 'a': 'é'}) == '{"b":1,"a":"é"}'


def test_site_key_must_be_32_bytes():
    with pytest.raises(ValueError):
        signer.encrypt('short', 'x')


def test_decrypt_with_the_wrong_key_fails():
    data = signer.encrypt(SITE_KEY, '{"storage_type":"S3"}')
    with pytest.raises(ValueError):
        signer.decrypt('x' * 32, data)
