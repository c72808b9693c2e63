# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the Moderation sandbox tests (no tests here): signatures computed by hand, a small client.

Every step follows docs/docsite/rst/wire_moderation.rst (Signing) literally (SHA-256 of the body, HMAC-SHA256,
base64); nothing comes from ``plugins/``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import http.client
import json
import time
from urllib.parse import urlsplit

from sandbox_testlib import TIMEOUT, call

APP_ID = "demo-app-0001"
SECRET = "demo-moderation-secret-0001"
SUBMIT = "/moderation/api/v1/video/check/submit"
RESULT = "/moderation/api/v1/video/check/result"
JSON_TYPE = "application/json;charset=UTF-8"
URL = "https://cdn.example.com/videos/clip.mp4"


def timestamp(shift=0.0):
    """``YYYY-MM-DDThh:mm:ssZ`` of now + ``shift`` seconds."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + shift))


def string_to_sign(method, host, path, body, app_id, when):
    """StringToSign, line by line as docs/docsite/rst/wire_moderation.rst (Signing) writes it."""
    lines = [
        method,
        host.lower(),
        path if path else "/",
        hashlib.sha256(body).hexdigest(),
        "X-AppId:" + app_id,
        "X-TimeStamp:" + when,
    ]
    return "\n".join(lines)


def signature(secret, text):
    """``base64(HMAC-SHA256(key=secret, msg=text))``."""
    mac = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def encode(document):
    """The body bytes of a JSON document."""
    return json.dumps(document).encode("utf-8")


class Moderation:
    """Talks to ``/moderation`` of a running sandbox."""

    def __init__(self, sb):
        self.sb = sb
        self.base = sb.base
        self.host = urlsplit(sb.base).netloc

    def headers(self, path, body, method="POST", when=None, app_id=APP_ID, secret=SECRET, host=None, **extra):
        """The signed headers for ``body`` bytes to ``path`` (``extra`` adds or, with None, removes headers)."""
        when = timestamp() if when is None else when
        text = string_to_sign(method, self.host if host is None else host, path, body, app_id, when)
        headers = {"Content-Type": JSON_TYPE, "Accept": JSON_TYPE, "X-AppId": app_id, "X-TimeStamp": when,
                   "Authorization": signature(secret, text)}
        for name, value in extra.items():
            name = name.replace("_", "-")
            if value is None:
                headers.pop(name, None)
            else:
                headers[name] = value
        return headers

    def send(self, path, document=None, body=None, method="POST", target=None, **signing):
        """One signed request (``body`` bytes, or ``document`` as JSON); ``(status, decoded JSON)``."""
        body = encode(document) if body is None else body
        headers = self.headers(path, body, method, **signing)
        response = call(method, self.base + (target or path), data=body, headers=headers)
        assert response.headers["Content-Type"] == JSON_TYPE
        return response.status_code, response.json()

    def error(self, status, code, path=SUBMIT, document=None, **kwargs):
        """A request that must fail with ``status``/``code``; its message."""
        got, answer = self.send(path, document if document is not None else {"type": 1, "video": URL}, **kwargs)
        assert (got, answer.get("errorCode")) == (status, code), answer
        assert set(answer) == {"errorCode", "errorMessage"}
        return answer["errorMessage"]

    def submit(self, video=URL, **fields):
        """A valid submit; the task id."""
        document = {"type": 1, "video": video}
        document.update(fields)
        status, answer = self.send(SUBMIT, document)
        assert status == 200, answer
        assert set(answer) == {"errorCode", "result"} and answer["errorCode"] == 0
        return answer["result"]["taskId"]

    def result(self, task_id):
        """The result document of ``task_id``."""
        status, answer = self.send(RESULT, {"taskId": task_id})
        assert status == 200, answer
        return answer

    def wait(self, task_id, timeout=10.0):
        """Poll until the task is no longer detecting; the final document."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = self.result(task_id)
            if answer["code"] != 2:
                return answer
            time.sleep(0.02)
        raise AssertionError("task %s still detecting" % task_id)


def raw_post(base, path, body, headers):
    """POST with exactly these headers (Host included, no re-encoding); ``(status, decoded JSON)``."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, json.loads(response.read().decode("utf-8"))
    finally:
        connection.close()
