# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the sandbox tests: hand-computed Ankoder signatures, dates, XML, a client wrapper."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import contextlib
import email.utils
import hashlib
import hmac
import queue
import socket
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

LOGIN = "demo"
PASSWORD = "demo-password"
ACCESS_KEY = "AKDEMO0000000000000000000000000000000001"
PRIVATE_KEY = "demo-private-key-0001"
TICK = 0.05
SLOW_TICK = 0.25
XML_HEADERS = {"Accept": "text/xml"}
TIMEOUT = 10


class Client(requests.Session):
    """A requests session whose calls time out (default ``TIMEOUT`` seconds) instead of hanging."""

    def request(self, method, url, *args, **kwargs):  # pylint: disable=arguments-differ,signature-differs
        kwargs.setdefault("timeout", TIMEOUT)
        return requests.Session.request(self, method, url, *args, **kwargs)


def call(method, url, **kwargs):
    """One request on a fresh connection, with a timeout."""
    with Client() as client:
        return client.request(method, url, **kwargs)


def passkey(private_key, date, method, target):
    """The Ankoder passkey, step by step as docs/docsite/rst/wire_ankoder.rst (Signing) writes it."""
    string = "-" + date + "-" + method + "-" + target + "-"
    salt = hashlib.sha1(string.encode("utf-8")).hexdigest()[:20]
    digest = hmac.new(private_key.encode("utf-8"), salt.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def rfc1123(epoch):
    """``Sun, 22 Nov 2026 00:21:52 GMT``."""
    return email.utils.formatdate(epoch, usegmt=True)


def rfc2822(epoch):
    """``Sun, 22 Nov 2026 00:21:52 +0000``."""
    return rfc1123(epoch)[:-3] + "+0000"


def unix_date(epoch):
    """``Sun Nov 22 00:21:52 UTC 2026`` (the day padded with a space, as date(1) does)."""
    day, month_day, month, year, clock = rfc1123(epoch).replace(",", "").split()[:5]
    return "%s %s %2d %s UTC %s" % (day, month, int(month_day), clock, year)


def parse(response):
    """The XML root of a response."""
    return ET.fromstring(response.content)


def errors_of(response):
    """The ``<error>`` texts of an ``<errors>`` document."""
    root = parse(response)
    assert root.tag == "errors"
    return [error.text for error in root.findall("error")]


class Sandbox:
    """A running sandbox and helpers to talk to it."""

    def __init__(self, server, base, tick=TICK):
        self.server = server
        self.tick = tick
        self.base = base
        self.ankoder = base + "/ankoder"
        self._seconds_used = set()
        self.http = Client()
        self.http.headers.update(XML_HEADERS)
        self.http.auth = (LOGIN, PASSWORD)

    def fresh_date(self, shift=0.0):
        """A distinct RFC 1123 date near now (never the same second twice in one test, going back when taken)."""
        second = int(time.time() + shift)
        while second in self._seconds_used:
            second -= 1
        self._seconds_used.add(second)
        return rfc1123(second)

    def signed_headers(self, method, target, date=None, key=PRIVATE_KEY, access_key=ACCESS_KEY):
        """Accept + signature headers for ``target`` (the request-target after the host)."""
        date = date or self.fresh_date()
        return {
            "Accept": "text/xml",
            "ankoder_access_key": access_key,
            "ankoder_date": date,
            "ankoder_passkey": passkey(key, date, method, target),
        }

    def get(self, path, **kwargs):
        """GET with Basic auth and Accept: text/xml."""
        return self.http.get(self.ankoder + path, **kwargs)

    def post(self, path, **kwargs):
        """POST with Basic auth and Accept: text/xml."""
        return self.http.post(self.ankoder + path, **kwargs)

    def control(self, method, path, **kwargs):
        """A ``/_sandbox`` call, returning the decoded JSON."""
        response = call(method, self.base + "/_sandbox" + path, **kwargs)
        assert response.headers["Content-Type"] == "application/json"
        return response.json()

    def stats(self):
        """``GET /_sandbox/stats``."""
        return self.control("GET", "/stats")

    def fault(self, **rule):
        """Add one fault rule."""
        return self.control("POST", "/faults", json=rule)

    def download(self, url="http://media.example.com/clip.mp4", **fields):
        """Import a video; the response."""
        form = {"url": url, "video_format": "mp4", "video_codec": "h264", "audio_codec": "aac"}
        form.update(fields)
        return self.post("/download", data=form)

    def new_video(self, url="http://media.example.com/clip.mp4"):
        """Import a video; its id."""
        response = self.download(url)
        assert response.status_code == 200, response.text
        return parse(response).findtext("id")

    def poll(self, path, until, timeout=10.0):
        """GET ``path`` until ``until(root)`` holds; every root seen, in order."""
        seen = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = self.get(path)
            assert response.status_code == 200, response.text
            seen.append(parse(response))
            if until(seen[-1]):
                return seen
            time.sleep(self.tick / 5)
        raise AssertionError("%s never reached the expected state" % path)


class _RecordingHandler(BaseHTTPRequestHandler):
    """Records ``(path, headers, raw body)`` of every POST; answers the server's next scripted status (200 after)."""

    def do_POST(self):  # pylint: disable=invalid-name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = self.server.statuses.pop(0) if self.server.statuses else 200
        self.server.received.put((self.path, self.headers, body, status))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


@contextlib.contextmanager
def receiver(statuses=()):
    """A local HTTP server collecting callbacks; yields ``(base URL, queue of (path, headers, body, status))``.

    ``statuses``: the HTTP statuses of its first answers (then 200).
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.received = queue.Queue()
    server.statuses = list(statuses)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1], server.received
    finally:
        server.shutdown()
        server.server_close()


def free_port():
    """A local port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settled(read, timeout=10.0, **counts):
    """``read()`` (a counters document) once each of ``counts`` is reached."""
    deadline = time.monotonic() + timeout
    document = read()
    while time.monotonic() < deadline:
        document = read()
        if all(document[key] >= value for key, value in counts.items()):
            return document
        time.sleep(0.02)
    raise AssertionError("counters never reached %s: %s" % (counts, document))
