# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the PallyCon sandbox tests (no tests here): envelopes built by hand, a small client.

Every step follows docs/docsite/rst/wire_pallycon.rst (Signing) literally (AES-256-CBC with ``cryptography``,
SHA-256, base64, compact JSON, percent-encoding); nothing comes from ``plugins/``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import json
import time
from urllib.parse import quote

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from sandbox_testlib import call

SITE_ID = "DEMO"
SITE_KEY = "demo-site-key-0123456789abcdef!!"
ACCESS_KEY = "demo-access-key-pallycon-0000001"
IV = b"0123456789abcdef"
APIDATA = "pallycon-apidata"
JSON_TYPE = "application/json;charset=UTF-8"
STORAGE = "/storage/" + SITE_ID
PACK = "/pack/" + SITE_ID
CONTENTS = PACK + "/contents"
BUCKET_FIELDS = {"storage_name": "media", "type": "S3", "id": "AKIADEMO", "password": "secret/KEY+1", "aws_bucket": "media-in",
                 "region": "RG011"}
DRM_STEPS = ["WM000", "WM010", "WM021100", "WM021200", "WM022100", "WM022200", "WM023100", "WM023200", "WM024100",
             "WM024200", "WM030"]
WATERMARK_STEPS = [status for status in DRM_STEPS if not status.startswith("WM023")]
MISSING_STEPS = ["WM000", "WM010", "WM021100", "WM999"]


def aes_encrypt(site_key, plaintext):
    """``base64(AES-256-CBC(site_key, IV, PKCS#7(plaintext bytes)))``."""
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(site_key.encode("utf-8")), modes.CBC(IV)).encryptor()
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")


def aes_decrypt(site_key, data):
    """The plaintext bytes of ``aes_encrypt``'s output."""
    decryptor = Cipher(algorithms.AES(site_key.encode("utf-8")), modes.CBC(IV)).decryptor()
    padded = decryptor.update(base64.b64decode(data)) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def api_hash(access_key, site_id, data, when):
    """``base64(SHA256(access_key + site_id + data + timestamp))`` (binary digest)."""
    return base64.b64encode(hashlib.sha256((access_key + site_id + data + when).encode("utf-8")).digest()).decode("ascii")


def timestamp(shift=0.0):
    """``YYYY-MM-DDThh:mm:ssZ`` of now + ``shift`` seconds."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + shift))


def outer(document):
    """``base64`` of the compact JSON ``document``."""
    return base64.b64encode(json.dumps(document, separators=(",", ":")).encode("utf-8")).decode("ascii")


def envelope(api_data, when=None, site_id=SITE_ID, site_key=SITE_KEY, access_key=ACCESS_KEY, plaintext=None):
    """The ``pallycon-apidata`` value for ``api_data`` (or raw ``plaintext`` bytes), step by step."""
    when = timestamp() if when is None else when
    if plaintext is None:
        plaintext = json.dumps(api_data).encode("utf-8")
    data = aes_encrypt(site_key, plaintext)
    return outer({"data": data, "timestamp": when, "hash": api_hash(access_key, site_id, data, when)})


class PallyCon:
    """Talks to ``/pallycon/api/v2`` of a running sandbox."""

    def __init__(self, sb):
        self.sb = sb
        self.api = sb.base + "/pallycon/api/v2"

    def raw(self, method, path, value=None, encode=True, **kwargs):
        """One request with ``value`` as the query parameter (percent-encoded unless ``encode`` is False)."""
        url = self.api + path
        if value is not None:
            url += "?%s=%s" % (APIDATA, quote(value, safe="") if encode else value)
        return call(method, url, **kwargs)

    def send(self, method, path, value=None, **kwargs):
        """``raw`` then the decoded JSON of an HTTP 200 answer."""
        response = self.raw(method, path, value, **kwargs)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == JSON_TYPE
        return response.json()

    def do(self, method, path, api_data, **envelope_args):
        """A well-formed request with ``api_data``; the decoded answer."""
        return self.send(method, path, envelope(api_data, **envelope_args))

    def ok(self, method, path, api_data):
        """``do`` that must succeed."""
        answer = self.do(method, path, api_data)
        assert answer["error_code"] == "0000", answer
        assert answer["error_message"] == ""
        return answer

    def storage(self, **fields):
        """Register a storage; its id."""
        data = dict(BUCKET_FIELDS)
        data.update(fields)
        return self.ok("POST", STORAGE, data)["storage_id"]

    def job_data(self, storage_id, **fields):
        """API data of a valid packaging job (``fields`` override top-level keys)."""
        data = {
            "job_name": "job", "content_id": "cid-1", "streaming_format": ["dash", "hls"], "protect_type": ["watermark"],
            "storage": {"input": {"storage_id": storage_id, "contents_path": ["in/movie_1080.mp4"]},
                        "output": {"storage_id": storage_id, "path": "out/movie"}},
        }
        data.update(fields)
        return data

    def job(self, storage_id, **fields):
        """Register a packaging job; its id."""
        return self.ok("POST", PACK, self.job_data(storage_id, **fields))["job_id"]

    def jobs(self, **query):
        """The job list answer."""
        return self.ok("GET", PACK, query)

    def job_row(self, job_id):
        """The list row of one job."""
        rows = self.jobs(search_keyword_type="jobId", search_keyword=str(job_id))["data"]
        assert len(rows) == 1
        return rows[0]

    def service(self):
        """The in-process ``PallyConService`` (to age jobs without waiting)."""
        return [service for service in self.sb.server.app.services if service.name == "pallycon"][0]

    def age(self, job_id, steps):
        """Move ``job_id`` to its ``steps``-th status now (white box: shifts its start)."""
        clock = self.sb.server.app.clock
        job = self.service().store.job(job_id)
        job.started = clock.steady() - (steps + 0.5) * clock.tick


def error_of(answer, code):
    """Assert ``answer`` is the vendor error ``code``; its message."""
    assert set(answer) == {"error_code", "error_message"}, answer
    assert answer["error_code"] == code, answer
    assert answer["error_message"]
    return answer["error_message"]
