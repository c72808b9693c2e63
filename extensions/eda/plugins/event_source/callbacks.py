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
import collections
import hashlib
import hmac
import inspect
import ipaddress
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
  - A request already accepted within O(replay_window) seconds (the same signed
    moderation request or result document, the same Ankoder notification, the
    same PallyCon or OVP body) is refused as a replay.
  - The answers are 200 once queued; 401 for a missing or forged signature or token
    and for a moderation timestamp outside the window; 403 for a replay or a
    client outside O(allowed_sources); 413 for a body over O(max_body_bytes); 415 for a compressed body;
    400 for an authentic but malformed body; 408 for a body not received within 30 seconds; 404 for an unknown route and for
    the route of a service whose secret is not configured (it never accepts
    an unauthenticated event); 405 for a method other than POST; 417 for an Expect header other than C(100-continue).
  - "Each event is C({service, kind, id, status, payload, received_at}):
    C(service) is C(ankoder), C(moderation), C(pallycon) or C(ovp); C(kind) the
    Ankoder notification type (C(Download), C(Convert), C(Upload), C(NewVideo)),
    C(moderation_result), C(packaging_result) or C(video_upload); C(id) the
    job, video or task id as text; C(status) normalised (see the guide);
    C(payload) the service's own JSON as received; C(received_at) ISO 8601 UTC.
    OVP events also carry C(video), the video normalised like the
    C(mediaops.video.ovp_videos) filter does, one event per video."
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
      - The address is the TCP peer's; behind a proxy it is the proxy's.
      - When unset, every client may call (authentication still applies).
    type: list
    elements: str
  max_body_bytes:
    description:
      - The largest request body accepted, in bytes.
    type: int
    default: 1048576
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
          - 10.0.0.0/8
  rules:
    - name: Package a finished transcode
      condition: event.service == "ankoder" and event.kind == "Convert" and event.status == "completed"
      action:
        run_playbook:
          name: mediaops.video.package
'''

# ansible-rulebook loads this file by path, outside Ansible's collection loader, so
# ``ansible_collections.mediaops.video`` is importable only when the directory holding
# ``ansible_collections`` is on sys.path. When it is not, it is derived from this
# file's own location (<root>/ansible_collections/mediaops/video/extensions/eda/plugins/event_source/).
try:
    from ansible_collections.mediaops.video.plugins.module_utils import _ovp  # noqa: F401
except ImportError:
    _COLLECTIONS = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 6)))
    if os.path.basename(_COLLECTIONS) == 'ansible_collections':
        sys.path.insert(0, os.path.dirname(_COLLECTIONS))

from ansible_collections.mediaops.video.plugins.module_utils import _ovp  # noqa: E402
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import (  # noqa: E402
    NotificationError, form_fields, parse_notification)
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_signer import notification_is_authentic  # noqa: E402
from ansible_collections.mediaops.video.plugins.module_utils._callback_events import (  # noqa: E402
    normalise_ankoder, normalise_moderation, normalise_ovp, normalise_pallycon, utc_now_iso)
from ansible_collections.mediaops.video.plugins.module_utils._moderation_signer import (  # noqa: E402
    SKEW_WINDOW, CallbackBodyError, CallbackError, verify_callback)

LOG = logging.getLogger('mediaops.video.callbacks')

SERVICES = ('ankoder', 'moderation', 'pallycon', 'ovp')
DEFAULT_HOST = '127.0.0.1'
DEFAULT_MAX_BODY = 1024 * 1024
READ_CHUNK = 64 * 1024
READ_TIMEOUT = 30
# bodies are read as sent: never inflated by the HTTP parser (aiohttp 3.9+ can be told so)
RUNNER_OPTIONS = {'auto_decompress': False} if 'auto_decompress' in inspect.signature(web_protocol.RequestHandler.__init__).parameters else {}
# what reading a body raises when its transfer or content encoding is broken
PAYLOAD_ERRORS = (web_protocol.RequestPayloadError, http_exceptions.HttpProcessingError)
REPLAY_CACHE_SIZE = 100000

# name: (type, default, required); mirrors DOCUMENTATION's options (a unit test holds them equal)
ARGUMENT_SPEC = {
    'host': ('str', DEFAULT_HOST, False),
    'port': ('int', None, True),
    'ankoder_private_key': ('str', None, False),
    'moderation_secret_key': ('str', None, False),
    'moderation_app_id': ('str', None, False),
    'token': ('str', None, False),
    'allowed_sources': ('list', None, False),
    'max_body_bytes': ('int', DEFAULT_MAX_BODY, False),
    'replay_window': ('int', SKEW_WINDOW, False),
}


class Rejected(Exception):
    """A request refused with ``status``; ``reason`` is logged and answered, and never holds a secret."""

    def __init__(self, status, reason, headers=None):
        super(Rejected, self).__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers


class Settings(object):
    """The source's arguments, checked and typed."""

    def __init__(self, args):
        args = dict(args or {})
        unknown = sorted(set(args) - set(ARGUMENT_SPEC))
        if unknown:
            raise ValueError('mediaops.video.callbacks: unknown argument(s) %s' % ', '.join(unknown))
        values = {}
        for name, (kind, default, required) in ARGUMENT_SPEC.items():
            value = args.get(name)
            if value is None or (kind == 'str' and value == ''):
                if required:
                    raise ValueError('mediaops.video.callbacks: the argument %s is required' % name)
                values[name] = default
                continue
            values[name] = _typed(name, kind, value)
        self.host = values['host']
        self.port = values['port']
        if not 0 < self.port < 65536:
            raise ValueError('mediaops.video.callbacks: port must be between 1 and 65535')
        self.max_body_bytes = values['max_body_bytes']
        if self.max_body_bytes < 1:
            raise ValueError('mediaops.video.callbacks: max_body_bytes must be positive')
        self.replay_window = values['replay_window']
        if self.replay_window < 1:
            raise ValueError('mediaops.video.callbacks: replay_window must be positive')
        self.secrets = {
            'ankoder': values['ankoder_private_key'],
            'moderation': values['moderation_secret_key'],
            'pallycon': values['token'],
            'ovp': values['token'],
        }
        self.moderation_app_id = values['moderation_app_id']
        self.allowed_sources = _networks(values['allowed_sources'])
        self.services = tuple(service for service in SERVICES if self.secrets[service])
        if not self.services:
            raise ValueError('mediaops.video.callbacks: set at least one of ankoder_private_key, moderation_secret_key, token')


def _typed(name, kind, value):
    if kind == 'int':
        if isinstance(value, bool):
            raise ValueError('mediaops.video.callbacks: %s must be an integer' % name)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError('mediaops.video.callbacks: %s must be an integer' % name)
    if kind == 'list':
        if isinstance(value, str):
            value = value.split(',')
        if not isinstance(value, (list, tuple)):
            raise ValueError('mediaops.video.callbacks: %s must be a list' % name)
        return [str(item).strip() for item in value if str(item).strip()]
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise ValueError('mediaops.video.callbacks: %s must be a string' % name)
    return value


def _networks(sources):
    if not sources:
        return None
    networks = []
    for source in sources:
        try:
            networks.append(ipaddress.ip_network(source, strict=False))
        except ValueError:
            raise ValueError('mediaops.video.callbacks: allowed_sources holds %r, not an address or network' % source)
    return tuple(networks)


def source_allowed(remote, networks):
    """True if ``remote`` (the peer address as text) is in one of ``networks`` (None: everyone is)."""
    if networks is None:
        return True
    try:
        address = ipaddress.ip_address((remote or '').split('%', 1)[0])
    except ValueError:
        return False
    candidates = [address]
    if address.version == 6 and address.ipv4_mapped is not None:
        candidates.append(address.ipv4_mapped)
    return any(candidate in network for candidate in candidates for network in networks if candidate.version == network.version)


class ReplayCache(object):
    """Keys of accepted requests, each until its expiry; bounded (the oldest go first when full)."""

    def __init__(self, size=REPLAY_CACHE_SIZE):
        self.size = size
        self._seen = collections.OrderedDict()

    def __len__(self):
        return len(self._seen)

    def _prune(self, now):
        for key in [key for key, expires in self._seen.items() if expires <= now]:
            del self._seen[key]
        while len(self._seen) >= self.size:
            self._seen.popitem(last=False)

    def first_time(self, key, now, expires):
        """Remember ``key`` until ``expires``; False if it was already remembered and has not expired."""
        expiry = self._seen.get(key)
        if expiry is not None and expiry > now:
            return False
        if len(self._seen) >= self.size or len(self._seen) % 1024 == 0:
            self._prune(now)
        self._seen[key] = expires
        return True


def _json_object(body):
    try:
        parsed = json.loads(body.decode('utf-8-sig'))
    except ValueError as exc:
        raise Rejected(400, 'the body is not JSON: %s' % exc)
    if not isinstance(parsed, dict):
        raise Rejected(400, 'the body is not a JSON object')
    return parsed


def _digest(*parts):
    sha = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode('utf-8', 'surrogatepass')
        sha.update(str(len(data)).encode('ascii') + b':' + data)
    return sha.hexdigest()


class Receiver(object):
    """The verification and normalisation of each route, around one replay cache."""

    def __init__(self, settings, clock=time.time):
        self.settings = settings
        self.clock = clock
        self.replays = ReplayCache()

    def _fresh(self, key, now, expires):
        if not self.replays.first_time(key, now, expires):
            raise Rejected(403, 'replayed request')

    def ankoder(self, request, body, now):
        key = self.settings.secrets['ankoder']
        try:
            message, signature = form_fields(body)
        except (NotificationError, ValueError):
            raise Rejected(401, 'no message and signature form fields')
        if not notification_is_authentic(key, message, signature):
            raise Rejected(401, 'forged signature')
        try:
            parsed = parse_notification({'message': message, 'signature': signature}, key)
        except NotificationError as exc:
            raise Rejected(400, exc.message)
        events = normalise_ankoder(parsed, utc_now_iso(now))
        self._fresh(_digest('ankoder', message), now, now + self.settings.replay_window)
        return events

    def moderation(self, request, body, now):
        headers = request.headers
        host = headers.get('Host') or request.host
        path = request.raw_path.split('?', 1)[0] or '/'
        window = self.settings.replay_window
        try:
            parsed = verify_callback(self.settings.secrets['moderation'], 'http://%s%s' % (host, path), body, headers,
                                     method=request.method, app_id=self.settings.moderation_app_id, now=now, window=window)
        except CallbackBodyError as exc:
            raise Rejected(400, exc.message)
        except CallbackError as exc:
            raise Rejected(401, exc.message)
        except ValueError:
            # a header or body the signer cannot even hash (e.g. lone surrogates)
            raise Rejected(401, 'unverifiable request')
        if not isinstance(parsed, dict):
            raise Rejected(400, 'the body is not a JSON object')
        try:
            events = normalise_moderation(parsed, utc_now_iso(now))
        except (AttributeError, TypeError, ValueError, KeyError):
            raise Rejected(400, 'the moderation result is malformed')
        # the signature covers method, host, path, body, app id and time: the same one is the same request;
        # the same result document, signed again with a later time (a retry), was queued already too
        keys = (_digest('moderation', headers.get('Authorization', '').strip()), _digest('moderation-body', body))
        if any(not self.replays.first_time(key, now, now + 2 * window) for key in keys):
            raise Rejected(403, 'replayed request')
        return events

    def _token(self, request, service):
        tokens = request.query.getall('token', [])
        if len(tokens) != 1:
            raise Rejected(401, 'missing token' if not tokens else 'more than one token')
        expected = self.settings.secrets[service].encode('utf-8')
        if not hmac.compare_digest(tokens[0].encode('utf-8', 'surrogatepass'), expected):
            raise Rejected(401, 'wrong token')

    def pallycon(self, request, body, now):
        self._token(request, 'pallycon')
        parsed = _json_object(body)
        events = normalise_pallycon(parsed, utc_now_iso(now))
        self._fresh(_digest('pallycon', body), now, now + self.settings.replay_window)
        return events

    def ovp(self, request, body, now):
        self._token(request, 'ovp')
        parsed = _json_object(body)
        try:
            events = normalise_ovp(parsed, utc_now_iso(now))
        except _ovp.OvpError as exc:
            raise Rejected(400, exc.message)
        self._fresh(_digest('ovp', body), now, now + self.settings.replay_window)
        return events


SETTINGS = web.AppKey('mediaops_callbacks_settings', Settings)
RECEIVER = web.AppKey('mediaops_callbacks_receiver', Receiver)
QUEUE = web.AppKey('mediaops_callbacks_queue', asyncio.Queue)
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
    """403 for a client outside allowed_sources."""
    if not source_allowed(request.remote, request.app[SETTINGS].allowed_sources):
        raise Rejected(403, 'source address not allowed')


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


def _handler(service):
    async def handle(request):
        receiver = request.app[RECEIVER]
        now = receiver.clock()
        events = getattr(receiver, service)(request, request[BODY], now)
        queue = request.app[QUEUE]
        for event in events:
            await queue.put(event)
        LOG.info('queued %d %s event(s) from %s', len(events), service, request.remote)
        return web.json_response({'queued': len(events)})
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
    app[RECEIVER] = Receiver(settings, clock)
    app[QUEUE] = queue
    for service in settings.services:
        app.router.add_post('/' + service, _handler(service), expect_handler=expect_continue)
    app.router.add_route('*', '/{anything:.*}', no_route, expect_handler=expect_continue)
    return app


async def main(queue, args):
    """Receive the services' callbacks until cancelled, putting one normalised event per verified callback on queue."""
    settings = Settings(args)
    runner = web.AppRunner(build_app(queue, settings), access_log=None, **RUNNER_OPTIONS)
    await runner.setup()
    site = web.TCPSite(runner, settings.host, settings.port)
    await site.start()
    LOG.info('mediaops.video.callbacks listening on %s:%d for %s', settings.host, settings.port, ', '.join(settings.services))
    try:
        await asyncio.Future()
    except asyncio.CancelledError:
        LOG.info('mediaops.video.callbacks stopped')
        raise
    finally:
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
    PARSER.add_argument('--moderation-secret-key', default=os.environ.get('MODERATION_CALLBACK_SECRET_KEY'))
    PARSER.add_argument('--token', default=os.environ.get('MEDIAOPS_CALLBACK_TOKEN'))
    PARSER.add_argument('--allowed-source', action='append', dest='allowed_sources')
    PARSER.add_argument('--max-body-bytes', type=int, default=DEFAULT_MAX_BODY)
    logging.basicConfig(level=logging.INFO)
    try:
        asyncio.run(main(MockQueue(), dict((k, v) for k, v in vars(PARSER.parse_args()).items() if v is not None)))
    except KeyboardInterrupt:
        pass
