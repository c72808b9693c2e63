# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: PallyCon's ``pallycon-apidata`` envelope.

docs/docsite/rst/wire_pallycon.rst, Signing:
D = base64(AES-256-CBC(key=site_key, iv=b"0123456789abcdef", PKCS#7, plaintext=API data JSON))
T = "YYYY-MM-DDThh:mm:ssZ" (UTC)
H = base64(SHA256(access_key + site_id + D + T))
pallycon-apidata = base64(compact JSON {"data": D, "timestamp": T, "hash": H})
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import json

from ansible_collections.mediaops.video.plugins.module_utils._time import utc_text

try:
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = exc

IV = b'0123456789abcdef'


def _key(site_key):
    key = site_key.encode('utf-8') if not isinstance(site_key, bytes) else site_key
    if len(key) != 32:
        raise ValueError('a PallyCon site key is 32 bytes, this one is %d' % len(key))
    return key


def encrypt(site_key, plaintext):
    """base64(AES-256-CBC with the fixed IV and PKCS#7) of the UTF-8 plaintext."""
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext.encode('utf-8')) + padder.finalize()
    encryptor = Cipher(algorithms.AES(_key(site_key)), modes.CBC(IV)).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode('ascii')


def decrypt(site_key, data):
    """The plaintext of ``encrypt``; ValueError when it does not decrypt."""
    decryptor = Cipher(algorithms.AES(_key(site_key)), modes.CBC(IV)).decryptor()
    padded = decryptor.update(base64.b64decode(data)) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return (unpadder.update(padded) + unpadder.finalize()).decode('utf-8')


def timestamp(epoch):
    return utc_text(int(epoch))


def digest(access_key, site_id, data, stamp):
    raw = hashlib.sha256((access_key + site_id + data + stamp).encode('utf-8')).digest()
    return base64.b64encode(raw).decode('ascii')


def api_data_json(payload):
    """The API data as sent: compact JSON, keys in the caller's order."""
    return json.dumps(payload, separators=(',', ':'), ensure_ascii=False)


def envelope(site_id, site_key, access_key, plaintext, stamp):
    """The ``pallycon-apidata`` value for one request (not yet percent-encoded)."""
    data = encrypt(site_key, plaintext)
    outer = json.dumps({'data': data, 'timestamp': stamp, 'hash': digest(access_key, site_id, data, stamp)},
                       separators=(',', ':'))
    return base64.b64encode(outer.encode('utf-8')).decode('ascii')
