# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the synchronous checks of the mediaops.video.callbacks event source.

Settings, source checks (allowed_sources behind trusted_proxies), the replay
caches (one per route) and each service's verification live here, free of
aiohttp and of ansible-core, so they are unit tested directly; the event
source keeps only the HTTP plumbing. Everything here uses the standard library
and the collection's own module_utils (ansible-rulebook does not install
ansible-core).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import hashlib
import hmac
import ipaddress
import json
import math
import os
import ssl

from ansible_collections.mediaops.video.plugins.module_utils import _ovp
from ansible_collections.mediaops.video.plugins.module_utils._numbers import decimal, integer
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import NotificationError, form_fields, parse_message
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_signer import notification_is_authentic
from ansible_collections.mediaops.video.plugins.module_utils._callback_events import (
    normalise_ankoder, normalise_moderation, normalise_ovp, normalise_pallycon, utc_now_iso)
from ansible_collections.mediaops.video.plugins.module_utils._moderation_signer import (
    SKEW_WINDOW, CallbackBodyError, CallbackError, verify_callback)

SERVICES = ('ankoder', 'moderation', 'pallycon', 'ovp')
DEFAULT_HOST = '127.0.0.1'
DEFAULT_MAX_BODY = 1024 * 1024
DEFAULT_HEADER_TIMEOUT = 10
DEFAULT_IDLE_TIMEOUT = 15
DEFAULT_MAX_CONNECTIONS = 100
DEFAULT_MAX_VIDEOS = 100
DEFAULT_MAX_REPLAY_KEYS = 100000
# JSON nested deeper than this is refused (the services send a few levels; rules and playbooks recurse over events)
MAX_DEPTH = 64

# name: (type, default, required); mirrors the source's DOCUMENTATION options (a unit test holds them equal)
ARGUMENT_SPEC = {
    'host': ('str', DEFAULT_HOST, False),
    'port': ('int', None, True),
    'ankoder_private_key': ('str', None, False),
    'ankoder_record_dir': ('str', None, False),
    'moderation_secret_key': ('str', None, False),
    'moderation_app_id': ('str', None, False),
    'token': ('str', None, False),
    'allowed_sources': ('list', None, False),
    'trusted_proxies': ('list', None, False),
    'certfile': ('str', None, False),
    'keyfile': ('str', None, False),
    'max_body_bytes': ('int', DEFAULT_MAX_BODY, False),
    'max_videos': ('int', DEFAULT_MAX_VIDEOS, False),
    'max_connections': ('int', DEFAULT_MAX_CONNECTIONS, False),
    'max_replay_keys': ('int', DEFAULT_MAX_REPLAY_KEYS, False),
    'header_timeout': ('int', DEFAULT_HEADER_TIMEOUT, False),
    'idle_timeout': ('int', DEFAULT_IDLE_TIMEOUT, False),
    'replay_window': ('int', SKEW_WINDOW, False),
}
POSITIVE = ('max_body_bytes', 'max_videos', 'max_connections', 'max_replay_keys', 'header_timeout', 'idle_timeout', 'replay_window')


class Rejected(Exception):
    """A request refused with ``status``; ``reason`` is logged and answered, and never holds a secret."""

    def __init__(self, status, reason, headers=None):
        super(Rejected, self).__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers


def _fail(text):
    raise ValueError('mediaops.video.callbacks: ' + text)


class Settings(object):
    """The source's arguments, checked and typed (ValueError naming the argument otherwise)."""

    def __init__(self, args):
        args = dict(args or {})
        unknown = sorted(set(args) - set(ARGUMENT_SPEC))
        if unknown:
            _fail('unknown argument(s) %s' % ', '.join(unknown))
        values = {}
        for name, (kind, default, required) in ARGUMENT_SPEC.items():
            value = args.get(name)
            if value is None or (kind == 'str' and value == ''):
                if required:
                    _fail('the argument %s is required' % name)
                values[name] = default
                continue
            values[name] = _typed(name, kind, value)
        self.host = values['host']
        self.port = values['port']
        if not 0 < self.port < 65536:
            _fail('port must be between 1 and 65535')
        for name in POSITIVE:
            if values[name] < 1:
                _fail('%s must be positive' % name)
            setattr(self, name, values[name])
        self.secrets = {
            'ankoder': values['ankoder_private_key'],
            'moderation': values['moderation_secret_key'],
            'pallycon': values['token'],
            'ovp': values['token'],
        }
        self.moderation_app_id = values['moderation_app_id']
        self.allowed_sources = _networks('allowed_sources', values['allowed_sources'])
        self.trusted_proxies = _networks('trusted_proxies', values['trusted_proxies'])
        self.certfile, self.keyfile = values['certfile'], values['keyfile']
        self.ankoder_record_dir = values['ankoder_record_dir'] and os.path.expanduser(values['ankoder_record_dir'])
        if self.ankoder_record_dir and not os.path.isdir(self.ankoder_record_dir):
            _fail('ankoder_record_dir %s is not a directory' % self.ankoder_record_dir)
        if self.keyfile and not self.certfile:
            _fail('keyfile needs certfile')
        self.services = tuple(service for service in SERVICES if self.secrets[service])
        if not self.services:
            _fail('set at least one of ankoder_private_key, moderation_secret_key, token')

    @property
    def scheme(self):
        return 'https' if self.certfile else 'http'

    def ssl_context(self):
        """The server's TLS context when certfile is set, else None (ValueError for unreadable or mismatched files)."""
        if not self.certfile:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(os.path.expanduser(self.certfile), os.path.expanduser(self.keyfile) if self.keyfile else None)
        except (OSError, ssl.SSLError) as exc:
            _fail('cannot load certfile/keyfile: %s' % (getattr(exc, 'strerror', None) or exc.__class__.__name__))
        return context


def _typed(name, kind, value):
    if kind == 'int':
        number = integer(value)
        if number is None:
            _fail('%s must be an integer' % name)
        return number
    if kind == 'list':
        if isinstance(value, str):
            value = value.split(',')
        if not isinstance(value, (list, tuple)):
            _fail('%s must be a list' % name)
        return [str(item).strip() for item in value if str(item).strip()]
    if not isinstance(value, str):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        _fail('%s must be a string' % name)
    return value


def _networks(name, sources):
    if not sources:
        return None
    networks = []
    for source in sources:
        try:
            networks.append(ipaddress.ip_network(source, strict=False))
        except ValueError:
            _fail('%s holds %r, not an address or network' % (name, source))
    return tuple(networks)


def _address(text):
    try:
        address = ipaddress.ip_address((text or '').strip().split('%', 1)[0])
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _within(address, networks):
    return address is not None and any(address.version == network.version and address in network for network in networks)


def source_allowed(remote, networks):
    """True if ``remote`` (an address as text) is in one of ``networks`` (None: everyone is)."""
    if networks is None:
        return True
    try:
        address = ipaddress.ip_address((remote or '').split('%', 1)[0])
    except ValueError:
        return False
    candidates = [address]
    if address.version == 6 and address.ipv4_mapped is not None:
        candidates.append(address.ipv4_mapped)
    return any(_within(candidate, networks) for candidate in candidates)


def client_address(peer, forwarded_for, trusted_proxies):
    """The client's address: the TCP ``peer``, unless it is one of ``trusted_proxies``.

    Then ``X-Forwarded-For`` (the list of its values) is read from the right, skipping the
    trusted proxies; the first other entry is the client (text as sent, so a malformed one
    matches no network). Any other peer's X-Forwarded-For is ignored.
    """
    if not trusted_proxies or not _within(_address(peer), trusted_proxies):
        return peer
    hops = [hop.strip() for value in forwarded_for or () for hop in value.split(',')]
    hops = [hop for hop in hops if hop]
    if not hops:
        return peer
    for hop in reversed(hops):
        if not _within(_address(hop), trusted_proxies):
            return hop
    return hops[0]


def check_source(settings, peer, forwarded_for=()):
    """Rejected(403) for a client outside allowed_sources (behind trusted_proxies, the forwarded client)."""
    if settings.allowed_sources is None:
        return
    if not source_allowed(client_address(peer, forwarded_for, settings.trusted_proxies), settings.allowed_sources):
        raise Rejected(403, 'source address not allowed')


class ReplayCache(object):
    """Digests of accepted requests of one route, each until its expiry, at most ``size`` of them.

    Keys expire in the order they were added (every key of a route lives the same time), so
    expired ones are dropped from the front in O(1) each. A full cache of unexpired keys
    refuses a new one (the caller answers 503 with Retry-After) rather than forget one that
    could then be replayed.
    """

    def __init__(self, size=DEFAULT_MAX_REPLAY_KEYS):
        self.size = size
        self._seen = collections.OrderedDict()

    def __len__(self):
        return len(self._seen)

    def _expire(self, now):
        seen = self._seen
        while seen:
            key, expires = next(iter(seen.items()))
            if expires > now:
                break
            del seen[key]

    def seen(self, key, now):
        """True if ``key`` was remembered and has not expired at ``now``."""
        self._expire(now)
        return key in self._seen

    def retry_after(self, now):
        """Seconds until the oldest key expires."""
        self._expire(now)
        if not self._seen:
            return 0
        return max(1, int(math.ceil(next(iter(self._seen.values())) - now)))

    def add(self, key, now, expires):
        """Remember ``key`` until ``expires``; False (nothing remembered) when full of unexpired keys."""
        self._expire(now)
        if key in self._seen:
            return True
        if len(self._seen) >= self.size:
            return False
        self._seen[key] = expires
        return True


def digest(*parts):
    """A SHA-256 of the parts, each length-prefixed (bytes, for a small cache key)."""
    sha = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode('utf-8', 'surrogatepass')
        sha.update(str(len(data)).encode('ascii') + b':' + data)
    return sha.digest()


def _reject_constant(name):
    raise ValueError('%s is not a JSON number' % name)


def _finite_float(text):
    value = decimal(text)
    if value is None:
        raise ValueError('the number %s is out of range' % text[:20])
    return value


def check_tree(value, what='the body'):
    """Rejected(400) for JSON nested deeper than MAX_DEPTH or holding a number that is not finite."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise Rejected(400, '%s holds a number out of range' % what)
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise Rejected(400, '%s is nested deeper than %d levels' % (what, MAX_DEPTH))
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return value


def json_object(body, what='the body'):
    """The JSON object of a raw body; Rejected(400) for anything else (never another exception)."""
    try:
        parsed = json.loads(body.decode('utf-8-sig') if isinstance(body, bytes) else body,
                            parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise Rejected(400, '%s is nested deeper than %d levels' % (what, MAX_DEPTH))
    except ValueError as exc:  # UnicodeDecodeError included
        raise Rejected(400, '%s is not JSON: %s' % (what, exc))
    if not isinstance(parsed, dict):
        raise Rejected(400, '%s is not a JSON object' % what)
    return check_tree(parsed, what)


# what a normaliser raises on an authentic body of an unexpected shape
SHAPE_ERRORS = (AttributeError, TypeError, ValueError, KeyError, OverflowError, RecursionError)

CallbackRequest = collections.namedtuple('CallbackRequest', 'method host path headers tokens body')
CallbackRequest.__doc__ = """One request as the checks need it: ``headers`` a case-insensitive mapping, ``tokens`` the ``token`` query values."""

Verdict = collections.namedtuple('Verdict', 'events duplicate')
Verdict.__doc__ = """The events to queue; ``duplicate`` when it is a redelivery of a request accepted within the window (no event)."""


class Verifier(object):
    """Each route's verification and normalisation, around one replay cache per route."""

    def __init__(self, settings):
        self.settings = settings
        self.replays = dict((service, ReplayCache(settings.max_replay_keys)) for service in SERVICES)

    def verify(self, service, request, now):
        """The Verdict of an authentic request to ``service``'s route; Rejected otherwise."""
        return getattr(self, '_' + service)(request, now)

    def _once(self, service, key, now, expires, build):
        """Events from ``build()`` the first time ``key`` is seen on ``service``'s route; a duplicate Verdict after."""
        cache = self.replays[service]
        if cache.seen(key, now):
            return Verdict([], True)
        try:
            events = build()
        except SHAPE_ERRORS:
            raise Rejected(400, 'the %s callback is malformed' % service)
        if not cache.add(key, now, expires):
            retry = cache.retry_after(now)
            raise Rejected(503, 'too many recent %s callbacks to remember; retry later' % service, {'Retry-After': str(retry)})
        return Verdict(events, False)

    def _ankoder(self, request, now):
        key = self.settings.secrets['ankoder']
        try:
            message, signature = form_fields(request.body)
        except (NotificationError, ValueError):
            raise Rejected(401, 'no message and signature form fields')
        if not notification_is_authentic(key, message, signature):
            raise Rejected(401, 'forged signature')
        try:
            parsed = check_tree(parse_message(message), 'the notification message')
        except NotificationError as exc:
            raise Rejected(400, exc.message)
        return self._once('ankoder', digest('ankoder', message), now, now + self.settings.replay_window,
                          lambda: normalise_ankoder(parsed, utc_now_iso(now)))

    def _moderation(self, request, now):
        window = self.settings.replay_window
        try:
            parsed = verify_callback(self.settings.secrets['moderation'], 'http://%s%s' % (request.host, request.path), request.body,
                                     request.headers, method=request.method, app_id=self.settings.moderation_app_id, now=now,
                                     window=window)
        except CallbackBodyError as exc:
            raise Rejected(400, exc.message)
        except CallbackError as exc:
            raise Rejected(401, exc.message)
        except ValueError:
            # a header or body the signer cannot even hash (e.g. lone surrogates)
            raise Rejected(401, 'unverifiable request')
        if not isinstance(parsed, dict):
            raise Rejected(400, 'the body is not a JSON object')
        check_tree(parsed)
        # authentic and inside the window: the same result document (re-signed or not) is a redelivery;
        # a signed request stays acceptable for up to 2 windows after its first arrival
        return self._once('moderation', digest('moderation', request.body), now, now + 2 * window,
                          lambda: normalise_moderation(parsed, utc_now_iso(now)))

    def _token(self, request, service):
        tokens = list(request.tokens)
        if len(tokens) != 1:
            raise Rejected(401, 'missing token' if not tokens else 'more than one token')
        expected = self.settings.secrets[service].encode('utf-8')
        if not hmac.compare_digest(tokens[0].encode('utf-8', 'surrogatepass'), expected):
            raise Rejected(401, 'wrong token')

    def _pallycon(self, request, now):
        self._token(request, 'pallycon')
        parsed = json_object(request.body)
        return self._once('pallycon', digest('pallycon', request.body), now, now + self.settings.replay_window,
                          lambda: normalise_pallycon(parsed, utc_now_iso(now)))

    def _ovp(self, request, now):
        self._token(request, 'ovp')
        parsed = json_object(request.body)
        data = parsed.get('data')
        items = data.get('videoListInfo') if isinstance(data, dict) else None
        if isinstance(items, list) and len(items) > self.settings.max_videos:
            raise Rejected(413, 'the callback holds %d videos, more than max_videos (%d)' % (len(items), self.settings.max_videos))

        def build():
            try:
                return normalise_ovp(parsed, utc_now_iso(now))
            except _ovp.OvpError as exc:
                raise Rejected(400, exc.message)

        return self._once('ovp', digest('ovp', request.body), now, now + self.settings.replay_window, build)
