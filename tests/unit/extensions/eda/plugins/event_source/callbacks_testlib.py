# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the event source tests: ``main()`` running on a free port in its own event loop thread.

Requests are sent with ``http.client`` (full control over headers, Host,
Content-Length and chunked bodies). A 200 is answered only once the events are
on the queue, so the queue is read right after each answer.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import socket
import threading
import time
import urllib.parse

from ansible_collections.mediaops.video.extensions.eda.plugins.event_source import callbacks

ANKODER_KEY = 'unit-ankoder-private-key'
MODERATION_KEY = 'unit-moderation-callback-secret'
MODERATION_APP = 'unit-moderation-app'
TOKEN = 'unit-callback-token'
MAX_BODY = 4096
READY_ATTEMPTS = 200


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def ankoder_form(message, key=ANKODER_KEY, signature=None):
    """A form body as Ankoder posts it: message and base64(HMAC-SHA1(key, message)), computed here step by step."""
    if signature is None:
        digest = hmac.new(key.encode('utf-8'), message.encode('utf-8'), hashlib.sha1).digest()
        signature = base64.b64encode(digest).decode('ascii')
    return urllib.parse.urlencode({'message': message, 'signature': signature}).encode('ascii')


def moderation_stamp(epoch=None):
    moment = datetime.datetime.fromtimestamp(int(time.time() if epoch is None else epoch), datetime.timezone.utc)
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def moderation_headers(host, path, body, key=MODERATION_KEY, app_id=MODERATION_APP, stamp=None, method='POST'):
    """The headers iLiveData signs a callback with, computed here step by step from docs/docsite/rst/wire_moderation.rst (Callbacks)."""
    stamp = moderation_stamp() if stamp is None else stamp
    text = '\n'.join((method, host.lower(), path, hashlib.sha256(body).hexdigest(), 'X-AppId:' + app_id, 'X-TimeStamp:' + stamp))
    signature = base64.b64encode(hmac.new(key.encode('utf-8'), text.encode('utf-8'), hashlib.sha256).digest()).decode('ascii')
    return {'Host': host, 'Content-Type': 'application/json;charset=UTF-8', 'X-AppId': app_id, 'X-TimeStamp': stamp,
            'Authorization': signature}


class Receiver(object):
    """``callbacks.main`` serving on 127.0.0.1:<free port>, in a thread with its own event loop."""

    def __init__(self, **args):
        self.port = free_port()
        self.args = dict(args, port=self.port)
        self.loop = asyncio.new_event_loop()
        self.queue = None
        self.task = None
        self.thread = threading.Thread(target=self._run, name='callbacks-under-test', daemon=True)

    @property
    def host(self):
        return '127.0.0.1:%d' % self.port

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def start(self):
        self.thread.start()

        async def begin():
            self.queue = asyncio.Queue()
            self.task = asyncio.ensure_future(callbacks.main(self.queue, self.args))

        asyncio.run_coroutine_threadsafe(begin(), self.loop).result()
        for dummy in range(READY_ATTEMPTS):
            if self.task.done():
                self.task.result()
            try:
                socket.create_connection(('127.0.0.1', self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.02)
        raise AssertionError('the receiver never listened on port %d' % self.port)

    def stop(self):
        async def end():
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass

        asyncio.run_coroutine_threadsafe(end(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()

    def events(self):
        """Every event queued so far (the queue is emptied)."""
        async def drain():
            found = []
            while not self.queue.empty():
                found.append(self.queue.get_nowait())
            return found

        return asyncio.run_coroutine_threadsafe(drain(), self.loop).result()

    def request(self, method, path, body=None, headers=None, chunked=False, raw=None):
        """``(status, text)`` of one request; ``headers`` may set Host (else http.client sends host:port).

        ``raw`` (bytes) is sent as is after the headers, instead of ``body``, with no Content-Length added.
        """
        headers = dict(headers or {})
        connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        try:
            skip_host = any(name.lower() == 'host' for name in headers)
            connection.putrequest(method, path, skip_host=skip_host, skip_accept_encoding=True)
            if chunked:
                headers['Transfer-Encoding'] = 'chunked'
            elif body is not None and raw is None:
                headers['Content-Length'] = str(len(body))
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            if raw is not None:
                connection.send(raw)
            elif body is not None:
                if chunked:
                    for start in range(0, len(body), 1024):
                        piece = body[start:start + 1024]
                        connection.send(b'%x\r\n%s\r\n' % (len(piece), piece))
                    connection.send(b'0\r\n\r\n')
                else:
                    connection.send(body)
            response = connection.getresponse()
            return response.status, response.read().decode('utf-8', 'replace')
        except (ConnectionError, http.client.HTTPException) as exc:
            # a receiver refusing a body may close the connection while it is still being sent
            return 'closed', str(exc)
        finally:
            connection.close()

    def post(self, path, body, headers=None, chunked=False, raw=None):
        return self.request('POST', path, body, headers, chunked, raw)

    def post_json(self, path, document, headers=None):
        return self.post(path, json.dumps(document).encode('utf-8'), dict({'Content-Type': 'application/json'}, **(headers or {})))


def start_receiver(**args):
    return Receiver(**args).start()
