# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""callbacks.py: the mediaops.video.callbacks event source.

One aiohttp receiver for the callbacks of Ankoder, iLiveData moderation,
PallyCon and the OVP; every request is verified by its service's contract
before a normalised event reaches the ansible-rulebook queue.

Run it by hand (events are printed):

    python callbacks.py --port 5080 --token s3cret --ankoder-private-key KEY
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import inspect
import json
import logging
import os
import sys
import time

from aiohttp import http_exceptions, web, web_protocol

DOCUMENTATION = r'''
---
short_description: Receive the video services' callbacks, verified and normalised.
description:
  - An ansible-rulebook event source, one HTTP receiver with a route per service
    (C(POST /ankoder), C(POST /moderation), C(POST /pallycon) and C(POST /ovp)).
  - Every request is authenticated by its service's contract before anything
    reaches the queue. Ankoder notifications carry C(signature) =
    base64(HMAC-SHA1(private key, message)) over the C(message) form value as
    received. Moderation callbacks are signed like iLiveData requests
    (C(X-AppId), C(X-TimeStamp), C(Authorization) over the method, the C(Host)
    header, the path and the raw body) and must be inside the replay window.
    PallyCon and OVP callbacks are unsigned, so their callback URLs carry the
    shared O(token) as C(?token=...). Secrets are compared in constant time.
  - A redelivery of a request already accepted within O(replay_window) seconds (the same Ankoder notification,
    the same moderation result document, re-signed or not, the same PallyCon or OVP body) is verified like any
    request and, once authentic, acknowledged with 200 (its JSON answer has C(queued) 0 and C(duplicate) true), putting no second
    event on the queue. A forged one is still 401, and a moderation callback signed outside the window is still 401.
  - The answers are 200 once queued (or acknowledged as a redelivery); 401 for a missing or forged signature or token
    and for a moderation timestamp outside the window; 403 for a client outside O(allowed_sources);
    413 for a body over O(max_body_bytes) and for an OVP callback of more than O(max_videos) videos;
    415 for a compressed body; 400 for an authentic but malformed body (not JSON, not an object, nested deeper than
    64 levels, a number out of range such as C(1e999), a field of the wrong type); 408 for a body not received within 30 seconds;
    404 for an unknown route and for the route of a service whose secret is not configured (it never accepts
    an unauthenticated event); 405 for a method other than POST; 417 for an Expect header other than C(100-continue);
    503 with C(Retry-After) when a route already remembers O(max_replay_keys) unexpired requests, and for a
    connection over O(max_connections).
  - Slow or idle clients are closed. The request headers must be complete within O(header_timeout) seconds
    of connecting, a kept-alive connection is closed after O(idle_timeout) seconds without a complete request,
    and the body must arrive within 30 seconds.
  - "Each event is C({service, kind, id, status, payload, received_at}):
    C(service) is C(ankoder), C(moderation), C(pallycon) or C(ovp); C(kind) the
    Ankoder notification type (C(Download), C(Convert), C(Upload), C(NewVideo)),
    C(moderation_result), C(packaging_result) or C(video_upload); C(id) the
    job, video or task id as text; C(status) normalised (see the guide);
    C(payload) the service's own JSON as received; C(received_at) ISO 8601 UTC.
    PallyCon events also carry C(result), the callback typed like the C(mediaops.video.pallycon_callback) filter
    does (one normaliser); a field of a type PallyCon never sends is refused with 400.
    OVP callbacks give one event per video; each carries C(video), its video normalised like the
    C(mediaops.video.ovp_videos) filter does, and a C(payload) whose C(data.videoListInfo) holds only that video."
  - "Ankoder events also carry C(upload_step): whether the job uploads its output, which a C(Convert) notification
    does not tell. The postback URL the job was created with says it, C(.../ankoder?upload_step=false) for a job
    with no C(upload_url) (and no external storage on the account) or C(?upload_step=true); C(upload_step) is
    V(true), V(false), or V(null) when the URL does not say. Any other value is refused with 400. Act on a
    C(Convert) event only when C(upload_step) is V(false); otherwise the rendition lands with the C(Upload) event."
options:
  host:
    description:
      - The address to listen on.
    type: str
    default: 127.0.0.1
  port:
    description:
      - The TCP port to listen on.
    type: int
    required: true
  ankoder_private_key:
    description:
      - The Ankoder account's private key; enables C(POST /ankoder).
    type: str
  ankoder_record_dir:
    description:
      - A directory where each verified Ankoder notification is also kept, one file per notification
        (C(*.form), the body as received, written whole, mode 0600). A redelivery is not kept again.
      - The C(notification_dir) option of C(mediaops.video.ankoder_video) reads it. A wait then ends on a
        failed C(Download) notification as soon as it is received.
    type: str
  moderation_secret_key:
    description:
      - The C(callback_secret_key) given with moderation submissions; enables C(POST /moderation).
    type: str
  moderation_app_id:
    description:
      - When set, a moderation callback must carry this C(X-AppId).
    type: str
  token:
    description:
      - The shared secret the unsigned PallyCon and OVP callbacks carry as C(?token=);
        enables C(POST /pallycon) and C(POST /ovp).
    type: str
  allowed_sources:
    description:
      - Client addresses or networks (C(203.0.113.7), C(10.0.0.0/8), C(2001:db8::/32)) allowed to call any route.
      - The address is the TCP peer's, unless the peer is one of O(trusted_proxies).
      - When unset, every client may call (authentication still applies).
    type: list
    elements: str
  trusted_proxies:
    description:
      - Addresses or networks of the reverse proxies in front of the receiver.
      - For a request whose TCP peer is one of them, the client checked against O(allowed_sources) is read from
        C(X-Forwarded-For), right to left, skipping the trusted proxies; the first other address is the client.
      - The C(X-Forwarded-For) of any other peer is ignored, so a client cannot claim an allowed address.
    type: list
    elements: str
  certfile:
    description:
      - A PEM certificate (chain) to serve HTTPS with; the services then call C(https://) URLs.
    type: str
  keyfile:
    description:
      - The PEM private key of O(certfile), when it is not in O(certfile) itself.
    type: str
  max_body_bytes:
    description:
      - The largest request body accepted, in bytes.
    type: int
    default: 1048576
  max_videos:
    description:
      - The most videos one OVP callback may list; a larger callback is refused with 413 and queues nothing.
    type: int
    default: 100
  max_connections:
    description:
      - The most connections open at once; one more is answered 503 and closed.
    type: int
    default: 100
  max_replay_keys:
    description:
      - The most accepted requests each route remembers to recognise a redelivery (each route has its own
        memory, so one route's traffic never makes another forget). A route that remembers this many unexpired
        requests answers 503 with C(Retry-After) instead of forgetting one.
    type: int
    default: 100000
  header_timeout:
    description:
      - Seconds a new connection has to send complete request headers; it is closed otherwise.
    type: int
    default: 10
  idle_timeout:
    description:
      - Seconds a kept-alive connection may stay without a complete new request before it is closed.
    type: int
    default: 15
  replay_window:
    description:
      - Seconds a moderation C(X-TimeStamp) may be away from now, and seconds an accepted request is remembered
        to refuse its replay.
    type: int
    default: 900
'''

EXAMPLES = r'''
- name: React to the video services' callbacks
  hosts: localhost
  sources:
    - mediaops.video.callbacks:
        host: 0.0.0.0
        port: 5080
        ankoder_private_key: "{{ ankoder_private_key }}"
        moderation_secret_key: "{{ moderation_callback_secret }}"
        token: "{{ callback_token }}"
        allowed_sources:
          - 203.0.113.0/24
        trusted_proxies:
          - 10.0.0.5
        certfile: /etc/mediaops/callbacks.pem
        keyfile: /etc/mediaops/callbacks.key
  rules:
    - name: Package a rendition once it is uploaded
      condition: event.service == "ankoder" and event.kind == "Upload" and event.status == "completed"
      action:
        run_playbook:
          name: mediaops.video.eda_package
    - name: Package a rendition that no upload follows
      condition: >-
        event.service == "ankoder" and event.kind == "Convert" and event.status == "completed"
        and event.upload_step == false
      action:
        run_playbook:
          name: mediaops.video.eda_package
'''

# ansible-rulebook loads this file by path, outside Ansible's collection loader, so
# ``ansible_collections.mediaops.video`` is importable only when the directory holding
# ``ansible_collections`` is on sys.path. When it is not, it is derived from this
# file's own location (<root>/ansible_collections/mediaops/video/extensions/eda/plugins/event_source/).
# Nothing imported here (or by the module_utils it uses) needs ansible-core: ansible-rulebook does not install it.
try:
    from ansible_collections.mediaops.video.plugins.module_utils import _callback_checks  # noqa: F401  pylint: disable=unused-import
except ImportError:
    _COLLECTIONS = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 6)))
    if os.path.basename(_COLLECTIONS) == 'ansible_collections':
        sys.path.insert(0, os.path.dirname(_COLLECTIONS))

from ansible_collections.mediaops.video.plugins.module_utils._callback_checks import (  # noqa: E402  pylint: disable=unused-import
    ARGUMENT_SPEC, DEFAULT_HOST, DEFAULT_MAX_BODY, SERVICES, CallbackRequest, ReplayCache, Rejected, Settings, Verifier,
    check_source, client_address, source_allowed)
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import (  # noqa: E402
    UPLOAD_STEP, NotificationError, record, upload_step)

LOG = logging.getLogger('mediaops.video.callbacks')

READ_CHUNK = 64 * 1024
READ_TIMEOUT = 30
# bodies are read as sent: never inflated by the HTTP parser (aiohttp 3.9+ can be told so)
RUNNER_OPTIONS = {'auto_decompress': False} if 'auto_decompress' in inspect.signature(web_protocol.RequestHandler.__init__).parameters else {}
# what reading a body raises when its transfer or content encoding is broken
PAYLOAD_ERRORS = (web_protocol.RequestPayloadError, http_exceptions.HttpProcessingError)
BUSY = (b'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Type: text/plain\r\n'
        b'Content-Length: 27\r\n\r\ntoo many open connections\r\n')
HEADER_END = b'\r\n\r\n'

SETTINGS = web.AppKey('mediaops_callbacks_settings', Settings)
VERIFIER = web.AppKey('mediaops_callbacks_verifier', Verifier)
QUEUE = web.AppKey('mediaops_callbacks_queue', asyncio.Queue)
CLOCK = web.AppKey('mediaops_callbacks_clock', object)
# aiohttp 3.13+ types request storage keys too; older versions take a string
BODY = web.RequestKey('mediaops_callbacks_body', bytes) if hasattr(web, 'RequestKey') else 'mediaops_callbacks_body'


def _printable(text):
    """Text safe to log and answer: undecodable bytes (surrogate escapes) and controls backslash-escaped."""
    text = text if isinstance(text, str) else str(text)
    return text.encode('unicode_escape').decode('ascii')


def _rejection(request, status, reason, headers=None):
    reason = _printable(reason)
    LOG.warning('refused %s %s from %s: %d %s', _printable(request.method), _printable(request.path), request.remote, status, reason)
    return web.Response(status=status, body=(reason + '\n').encode('ascii'), content_type='text/plain', headers=headers)


@web.middleware
async def reject_errors(request, handler):
    """Answer a Rejected with its status and a short reason, and log it (never a secret)."""
    try:
        return await handler(request)
    except Rejected as exc:
        return _rejection(request, exc.status, exc.reason, exc.headers)


def _check_source(request):
    """403 for a client outside allowed_sources (behind trusted_proxies, the client they forward for)."""
    check_source(request.app[SETTINGS], request.remote, request.headers.getall('X-Forwarded-For', []))


def _check_length(request):
    """413 for a Content-Length over max_body_bytes, before any byte is read."""
    limit = request.app[SETTINGS].max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise Rejected(413, 'body larger than %d bytes' % limit)


@web.middleware
async def allow_list(request, handler):
    """403 for a client outside allowed_sources."""
    _check_source(request)
    return await handler(request)


@web.middleware
async def body_limit(request, handler):
    """413 for a body over max_body_bytes: by its Content-Length before reading, and by the bytes read."""
    if request.match_info.route.handler is no_route:
        return await handler(request)
    encoding = request.headers.get('Content-Encoding', 'identity').strip().lower()
    if encoding not in ('', 'identity'):
        # the services send plain bodies; a compressed one could also inflate far past the limit
        raise Rejected(415, 'Content-Encoding is not supported')
    _check_length(request)
    limit = request.app[SETTINGS].max_body_bytes
    try:
        request[BODY] = await asyncio.wait_for(_read_capped(request, limit), READ_TIMEOUT)
    except asyncio.TimeoutError:
        # a client that stops sending (or a body the HTTP parser gave up on without telling the reader)
        raise Rejected(408, 'the body did not arrive within %d s' % READ_TIMEOUT)
    return await handler(request)


async def _read_capped(request, limit):
    chunks, size = [], 0
    while True:
        try:
            chunk = await request.content.read(READ_CHUNK)
        except PAYLOAD_ERRORS:
            # a broken chunked encoding (or, where aiohttp inflates bodies anyway, a broken compressed one)
            raise Rejected(400, 'the body cannot be decoded')
        if not chunk:
            return b''.join(chunks)
        size += len(chunk)
        if size > limit:
            raise Rejected(413, 'body larger than %d bytes' % limit)
        chunks.append(chunk)


def callback_request(request, body):
    """The CallbackRequest the checks verify: method, Host as sent, path without query, headers, token values, body."""
    return CallbackRequest(method=request.method, host=request.headers.get('Host') or request.host,
                           path=request.raw_path.split('?', 1)[0] or '/', headers=request.headers,
                           tokens=request.query.getall('token', []), body=body)


def ankoder_upload_step(request):
    """What the postback URL says of the job's upload step (``?upload_step=``): True, False or None; 400 when garbled.

    Read before the notification is verified, so that a garbled URL is refused before the replay cache remembers
    the notification (its redelivery to a corrected URL is then a new request, not a duplicate).
    """
    try:
        return upload_step(request.query.getall(UPLOAD_STEP, []))
    except NotificationError as exc:
        raise Rejected(400, exc.message)


def _handler(service):
    async def handle(request):
        extra = {'upload_step': ankoder_upload_step(request)} if service == 'ankoder' else {}
        verdict = request.app[VERIFIER].verify(service, callback_request(request, request[BODY]), request.app[CLOCK]())
        if verdict.duplicate:
            LOG.info('acknowledged a %s redelivery from %s (no event)', service, request.remote)
            return web.json_response({'queued': 0, 'duplicate': True})
        record_dir = request.app[SETTINGS].ankoder_record_dir if service == 'ankoder' else None
        if record_dir:
            try:
                record(record_dir, request[BODY], request.app[CLOCK]())
            except OSError as exc:  # the event still goes out; only a waiting ankoder_video misses it
                LOG.warning('could not keep the ankoder notification in %s: %s', record_dir, exc)
        queue = request.app[QUEUE]
        for event in verdict.events:
            event.update(extra)
            await queue.put(event)
        LOG.info('queued %d %s event(s) from %s', len(verdict.events), service, request.remote)
        return web.json_response({'queued': len(verdict.events)})
    handle.__name__ = 'receive_%s' % service
    return handle


async def expect_continue(request):
    """The Expect header, checked before any middleware runs: only ``100-continue``, from an allowed source, within the limit.

    (aiohttp's own handler fails with a 500 on an undecodable Expect value.)
    """
    if request.headers.get('Expect', '').lower() != '100-continue' or request.version < (1, 1):
        return _rejection(request, 417, 'unsupported Expect header')
    try:
        _check_source(request)
        _check_length(request)
    except Rejected as exc:
        return _rejection(request, exc.status, exc.reason)
    await request.writer.write(b'HTTP/1.1 100 Continue\r\n\r\n')
    return None


async def no_route(request):
    """Every request no service route takes: 405 on a served path, 404 elsewhere (also for services not configured)."""
    if request.path.lstrip('/') in request.app[SETTINGS].services:
        raise Rejected(405, 'method not allowed', {'Allow': 'POST'})
    raise Rejected(404, 'no such route')


def build_app(queue, settings, clock=time.time):
    """The aiohttp application serving the routes of the configured services."""
    app = web.Application(middlewares=[reject_errors, allow_list, body_limit], client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[VERIFIER] = Verifier(settings)
    app[QUEUE] = queue
    app[CLOCK] = clock
    for service in settings.services:
        app.router.add_post('/' + service, _handler(service), expect_handler=expect_continue)
    app.router.add_route('*', '/{anything:.*}', no_route, expect_handler=expect_continue)
    return app


class Guard(asyncio.Protocol):
    """Wraps aiohttp's protocol of one connection: at most max_connections open, headers within header_timeout.

    A connection over the cap is answered 503 and closed unread. The first request's header
    block must be complete within header_timeout seconds of connecting; later requests on a
    kept-alive connection must arrive (headers complete) within idle_timeout of the previous
    answer (aiohttp's keep-alive timer closes a connection still waiting for a whole request).
    """

    def __init__(self, handler, settings, open_connections, loop):
        self.handler = handler
        self.settings = settings
        self.open = open_connections
        self.loop = loop
        self.transport = None
        self.admitted = False
        self.timer = None
        self.tail = b''

    def connection_made(self, transport):
        self.transport = transport
        if len(self.open) >= self.settings.max_connections:
            LOG.warning('refused a connection from %s: %d connections open', _peer(transport), len(self.open))
            transport.write(BUSY)
            transport.close()
            return
        self.admitted = True
        self.open.add(self)
        self.timer = self.loop.call_later(self.settings.header_timeout, self._too_slow)
        self.handler.connection_made(transport)

    def _too_slow(self):
        self.timer = None
        LOG.warning('closed a connection from %s: no complete request headers within %d s', _peer(self.transport),
                    self.settings.header_timeout)
        self.transport.abort()

    def data_received(self, data):
        if not self.admitted:
            return
        if self.timer is not None:
            if HEADER_END in self.tail + data:
                self.timer.cancel()
                self.timer = None
            else:
                self.tail = (self.tail + data)[-3:]
        self.handler.data_received(data)

    def eof_received(self):
        if self.admitted:
            return self.handler.eof_received()
        return None

    def pause_writing(self):
        if self.admitted:
            self.handler.pause_writing()

    def resume_writing(self):
        if self.admitted:
            self.handler.resume_writing()

    def connection_lost(self, exc):
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.admitted:
            self.admitted = False
            self.open.discard(self)
            self.handler.connection_lost(exc)


def _peer(transport):
    peer = transport.get_extra_info('peername') if transport is not None else None
    return peer[0] if peer else '?'


async def serve(runner, settings):
    """Listen on host:port (TLS when certfile is set) with every connection behind a Guard; the asyncio server."""
    loop = asyncio.get_running_loop()
    open_connections = set()

    def protocol():
        return Guard(runner.server(), settings, open_connections, loop)

    return await loop.create_server(protocol, settings.host, settings.port, ssl=settings.ssl_context(), reuse_address=True)


async def main(queue, args):
    """Receive the services' callbacks until cancelled, putting one normalised event per verified callback on queue."""
    settings = Settings(args)
    settings.ssl_context()  # unreadable TLS files stop the source before it listens
    runner = web.AppRunner(build_app(queue, settings), access_log=None, keepalive_timeout=settings.idle_timeout, **RUNNER_OPTIONS)
    await runner.setup()
    server = None
    try:
        server = await serve(runner, settings)
        LOG.info('mediaops.video.callbacks listening on %s://%s:%d for %s', settings.scheme, settings.host, settings.port,
                 ', '.join(settings.services))
        await asyncio.Future()
    except asyncio.CancelledError:
        LOG.info('mediaops.video.callbacks stopped')
        raise
    finally:
        if server is not None:
            server.close()
        await runner.cleanup()


if __name__ == '__main__':
    import argparse

    class MockQueue(object):
        """A queue printing each event."""

        async def put(self, event):
            print(json.dumps(event, indent=2, sort_keys=True))

    PARSER = argparse.ArgumentParser(description='Run the mediaops.video.callbacks receiver, printing its events.')
    PARSER.add_argument('--host', default=DEFAULT_HOST)
    PARSER.add_argument('--port', type=int, default=5080)
    PARSER.add_argument('--ankoder-private-key', default=os.environ.get('ANKODER_PRIVATE_KEY'))
    PARSER.add_argument('--ankoder-record-dir')
    PARSER.add_argument('--moderation-secret-key', default=os.environ.get('MODERATION_CALLBACK_SECRET_KEY'))
    PARSER.add_argument('--token', default=os.environ.get('MEDIAOPS_CALLBACK_TOKEN'))
    PARSER.add_argument('--allowed-source', action='append', dest='allowed_sources')
    PARSER.add_argument('--trusted-proxy', action='append', dest='trusted_proxies')
    PARSER.add_argument('--certfile')
    PARSER.add_argument('--keyfile')
    PARSER.add_argument('--max-body-bytes', type=int, default=DEFAULT_MAX_BODY)
    logging.basicConfig(level=logging.INFO)
    try:
        asyncio.run(main(MockQueue(), dict((k, v) for k, v in vars(PARSER.parse_args()).items() if v is not None)))
    except KeyboardInterrupt:
        pass
