# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the HTTP core every service client sends through.

One requests session per module run and service (a keep-alive connection
pool wide enough for a bulk task's concurrent calls; cookies), connect/read
timeouts, TLS verification on by default, and a retry policy that is decided
per call: a safe call is retried on connection errors, 429 and 5xx with
capped, jittered exponential backoff (``Retry-After`` honoured); a write is
retried only when the service provably did not act on it (the connection was
never made, or 429). Otherwise the write fails with ``may_have_applied`` set,
and the caller re-checks the resource's identity before anything is sent
again.

URL options are checked by ``check_url`` before any request (scheme, host,
port), and every error text is stripped of userinfo and query strings
(``redact``): a URL may carry a password or a signature. A redirect to
another host is refused, never followed: every call carries credentials
(an ``Authorization`` header, a signer's headers, a session cookie, a
password in a form body), and requests strips only ``Authorization``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import email.utils
import hashlib
import ipaddress
import os
import random
import re
import time

from urllib.parse import urljoin, urlsplit

from ansible_collections.mediaops.video.plugins.module_utils._errors import (
    ApiError, AuthError, NotFoundError, ValidationError,
)
from ansible_collections.mediaops.video.plugins.module_utils._numbers import integer

try:
    import requests
    from requests.adapters import HTTPAdapter
    from requests.exceptions import ConnectTimeout, InvalidHeader, InvalidSchema, InvalidURL, MissingSchema, RequestException, SSLError
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
    _SessionBase = requests.Session
except ImportError as exc:  # pragma: no cover - reported by the module
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
    _SessionBase = object

USER_AGENT = 'mediaops.video/0.1 (+https://github.com/mediaops/video)'
SAFE_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS'))
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
MAX_REDIRECTS = 5
CHUNK_SIZE = 64 * 1024
URL_SCHEMES = ('http', 'https')
POOL_SIZE = 64  # connections kept alive per host: a bulk task's ``concurrency`` is at most this
DEFAULT_PORTS = {'http': 80, 'https': 443}
# Seconds the service's clock may differ from the one it was given before a refused time is taken as clock skew.
CLOCK_SKEW_TOLERANCE = 60.0


def check_url(url, option):
    """Refuse, before any request, a URL option that cannot be sent: ValidationError naming the option.

    The URL must be http(s) with a host and, if any, a port from 1 to 65535. The message shows the URL
    without its userinfo and query (``redact``).
    """
    if not isinstance(url, str) or not url.strip():
        raise ValidationError('%s must be an http:// or https:// URL' % option)
    shown = redact(url)
    if url != url.strip() or any(ord(char) < 33 or ord(char) == 127 for char in url):
        raise ValidationError('%s must be a URL without spaces or control characters: %s' % (option, shown))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError('%s has an invalid port or host: %s (the port must be a number from 1 to 65535)'
                              % (option, shown))
    if parts.scheme.lower() not in URL_SCHEMES:
        raise ValidationError('%s must start with http:// or https://: %s' % (option, shown))
    if not parts.hostname:
        raise ValidationError('%s has no host: %s' % (option, shown))
    if port is not None and not 0 < port < 65536:
        raise ValidationError('%s has an invalid port: %s (the port must be a number from 1 to 65535)' % (option, shown))
    return url


def normal_url(url):
    """The URL as one account is known by: scheme and host in lower case, no default port (80 for http, 443 for
    https), no trailing slash; userinfo, path, query and fragment as given. ``HTTP://Host:80/`` is ``http://host``.

    A URL already in that form comes back unchanged, byte for byte; text that is not an http(s) URL is returned
    without its trailing slashes only.
    """
    if not isinstance(url, str):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        return url.rstrip('/')
    userinfo, at, hostport = parts.netloc.rpartition('@')
    host, port = hostport, ''
    if hostport.startswith('['):  # an IPv6 literal: the port follows the closing bracket
        host, _bracket, rest = hostport.partition(']')
        host += _bracket
        port = rest[1:] if rest.startswith(':') else ''
    elif ':' in hostport:
        host, port = hostport.rsplit(':', 1)
    scheme = parts.scheme.lower()
    if port == '' or (port.isascii() and port.isdigit() and int(port) == DEFAULT_PORTS[scheme]):
        port = ''
    netloc = '%s%s%s%s' % (userinfo, at, host.lower(), ':' + port if port else '')
    text = '%s://%s%s' % (scheme, netloc, parts.path.rstrip('/'))
    if parts.query:
        text += '?' + parts.query
    if parts.fragment:
        text += '#' + parts.fragment
    return text


def is_cleartext(url):
    """True for an http:// URL to a host that is not loopback: what it sends can be read on the way."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() != 'http' or not host:
        return False
    if host == 'localhost' or host.endswith('.localhost'):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


_USERINFO = re.compile(r'([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\s\'"]*@')
# user:password@ without a scheme before it (a URL option that lacks its scheme)
_BARE_USERINFO = re.compile(r'[^\s/?#\'":@]+:[^\s/?#\'"]*@')
_QUERY = re.compile(r'\?[^\s)\'"]*')


def _without_userinfo(text):
    return _BARE_USERINFO.sub('', _USERINFO.sub(r'\1', text))


def redact(text):
    """A text fit for output: ``user:password@`` and query strings (signatures, tokens) cut out of every URL."""
    return _QUERY.sub('?...', _without_userinfo(text or ''))


class _CrossHostRedirect(Exception):
    def __init__(self, status, location):
        super(_CrossHostRedirect, self).__init__(location)
        self.status = status
        self.location = location


class _Session(_SessionBase):
    """A session that refuses a redirect to another host (or port, or to plain HTTP) instead of following it."""

    def rebuild_auth(self, prepared_request, response):
        if self.should_strip_auth(response.request.url, prepared_request.url):
            raise _CrossHostRedirect(response.status_code, prepared_request.url)
        return super(_Session, self).rebuild_auth(prepared_request, response)

    def resolve_redirects(self, resp, req, *args, **kwargs):
        if kwargs.get('yield_requests'):
            # allow_redirects=False: requests only prepares the next hop (``response.next``), which nothing here
            # reads; preparing it would refuse a redirect to another host that the caller follows itself (``follow``).
            return iter(())
        return super(_Session, self).resolve_redirects(resp, req, *args, **kwargs)


class Backoff(object):
    """Capped exponential backoff with "equal jitter": half fixed, half random."""

    def __init__(self, base=0.5, factor=2.0, cap=20.0, rand=random.random):
        self.base = base
        self.factor = factor
        self.cap = cap
        self.rand = rand

    def delay(self, attempt):
        ceiling = min(self.cap, self.base * (self.factor ** attempt))
        return ceiling / 2.0 + self.rand() * ceiling / 2.0


class RetryPolicy(object):
    """How many times, and how long to wait; the per-call safety is the caller's."""

    def __init__(self, retries=3, backoff=None, retry_after_cap=60.0):
        self.retries = retries
        self.backoff = backoff or Backoff()
        self.retry_after_cap = retry_after_cap

    def wait_for(self, attempt, retry_after=None, now=None):
        """Seconds to sleep before retry number ``attempt`` (0-based)."""
        seconds = parse_retry_after(retry_after, now)
        if seconds is not None:
            return min(max(seconds, 0.0), self.retry_after_cap)
        return self.backoff.delay(attempt)


def parse_retry_after(value, now=None):
    """Seconds from a Retry-After value: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = str(value).strip()
    seconds = integer(value)
    if seconds is not None and seconds >= 0:
        return float(seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return when.timestamp() - now


def _never_connected(exc):
    """True when requests failed before the request could reach the server.

    A TLS error is raised while the connection is set up (the handshake, the certificate check): no byte
    of the request has been sent then.
    """
    if isinstance(exc, (ConnectTimeout, SSLError)):
        return True
    text = repr(exc)
    return any(marker in text for marker in (
        'NewConnectionError', 'Connection refused', 'Failed to establish', 'NameResolutionError',
        'Name or service not known', 'No route to host'))


class HttpClient(object):
    """One session to one service.

    ``error_parser(response) -> (code, message)`` turns a vendor error body
    into its code and text. ``prepare(prepared_request)`` is called before
    every attempt (signers add fresh headers there, so a retry is re-signed).
    Signers date requests with ``now()``: the local clock corrected by what the
    service has shown of its own (``adopt_service_clock``).
    """

    def __init__(self, base_url, timeout=30, validate_certs=True, ca_path=None,
                 retry=None, error_parser=None, warn=None, sleep=time.sleep, clock=time.time,
                 default_headers=None, service='service', credentials=None):
        self.base_url = base_url.rstrip('/')
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.error_parser = error_parser or (lambda response: (None, None))
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        self.clock = clock
        self.service = service
        self.credentials = credentials
        self._cleartext_warned = False
        self.session = _Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE)
        self.session.mount('http://', adapter)
        self.session.mount('https://', adapter)
        # The environment's proxies and CA bundle are read once per client, not on every call: requests would
        # walk the whole environment for them per request, which over thousands of calls costs more than the calls.
        # ~/.netrc, the one other thing trust_env reads, is not honoured: every service has its own credentials.
        self.session.trust_env = False
        self.session.verify = ca_path if ca_path else (bool(validate_certs) and _environment_ca_bundle() or bool(validate_certs))
        self._proxies = {}
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers.update(default_headers or {})
        self.requests_sent = 0
        self.last_response_date = None
        self.clock_offset = 0.0

    def url(self, path):
        return self.base_url + path

    def now(self):
        """The time to sign with: the local clock plus the offset learnt from the service."""
        return self.clock() + self.clock_offset

    def adopt_service_clock(self):
        """After the service refused a request's time: take the time of its last answer (its ``Date`` header) as
        the time from now on. True when that moved the offset by more than CLOCK_SKEW_TOLERANCE, so that one
        request signed again is worth sending; False when the clocks already agree or no date is known."""
        try:
            served = email.utils.parsedate_to_datetime(self.last_response_date)
        except (TypeError, ValueError, IndexError):
            return False
        if served is None:
            return False
        if served.tzinfo is None:  # "-0000": a time in UTC from a source that does not name its zone
            served = served.replace(tzinfo=datetime.timezone.utc)
        offset = served.timestamp() - self.clock()
        if abs(offset - self.clock_offset) <= CLOCK_SKEW_TOLERANCE:
            return False
        self.clock_offset = offset
        return True

    def json_of(self, response, may_have_applied=False):
        """The decoded JSON body of a response; the typed ApiError (status, method, URL) when it is not JSON.

        ``may_have_applied``: the response answers a write, which an unreadable answer leaves in doubt.
        """
        try:
            return response.json()
        except ValueError:
            method = response.request.method if response.request is not None else None
            url = _path_only(response.url)
            raise ApiError('%s %s to %s answered HTTP %d with something that is not JSON%s' % (
                method, url, self.service, response.status_code,
                ' (the write may have been carried out)' if may_have_applied else ''),
                status=response.status_code, method=method, url=url, may_have_applied=may_have_applied)

    def request(self, method, path, params=None, data=None, files=None, headers=None,
                safe=None, prepare=None, allow_redirects=True, expect=None, stream=False):
        """Send one call, retrying as the policy allows; return the response.

        ``safe`` says whether the call may be repeated (default: GET, HEAD,
        OPTIONS). Statuses in ``expect`` are returned, not raised. A redirect
        to another host fails (ApiError), unfollowed. ``stream``: the body is
        read later (``save``), not with the headers.
        """
        method = method.upper()
        safe = method in SAFE_METHODS if safe is None else safe
        expect = frozenset(expect or ())
        url = self.url(path)
        attempt = 0
        while True:
            try:
                prepared = self.session.prepare_request(requests.Request(
                    method, url, params=params, data=data, files=files, headers=headers))
                if prepare is not None:
                    prepare(prepared)
            except (RequestException, ValueError, LookupError) as exc:  # LocationParseError is a ValueError
                raise ApiError('%s %s to %s cannot be sent: %s' % (method, _path_only(path), self.service, _short(exc)),
                               method=method, url=_path_only(url))
            self._warn_cleartext(prepared.url)
            _rewind(data)
            try:
                self.requests_sent += 1
                response = self.session.send(prepared, timeout=self.timeout, allow_redirects=allow_redirects,
                                             proxies=self._proxies_for(prepared.url), stream=stream)
            except _CrossHostRedirect as exc:
                raise ApiError(
                    '%s %s to %s answered HTTP %d, a redirect to %s, which was not followed: it would carry the '
                    'credentials to another host (set the URL option to the final URL if it is right)'
                    % (method, _path_only(path), self.service, exc.status, _origin(exc.location)),
                    status=exc.status, method=method, url=_path_only(url), may_have_applied=not safe)
            except (InvalidURL, MissingSchema, InvalidSchema, InvalidHeader) as exc:
                raise ApiError('%s %s to %s cannot be sent: %s' % (method, _path_only(path), self.service, _short(exc)),
                               method=method, url=_path_only(url))
            except RequestException as exc:
                # Anything past connecting (a reset, a timeout, an answer cut short) may have been acted on.
                sent = not _never_connected(exc)
                if (safe or not sent) and attempt < self.retry.retries:
                    self._pause(method, path, attempt, 'failed (%s)' % _short(exc))
                    attempt += 1
                    continue
                raise ApiError(
                    '%s %s to %s failed: %s' % (method, _path_only(path), self.service, _short(exc)),
                    method=method, url=_path_only(url), may_have_applied=sent and not safe)
            self.last_response_date = response.headers.get('Date')
            status = response.status_code
            if status in RETRY_STATUSES and status not in expect and (safe or status == 429) \
                    and attempt < self.retry.retries:
                response.close()
                self._pause(method, path, attempt, 'answered %d' % status, response.headers.get('Retry-After'))
                attempt += 1
                continue
            if status >= 400 and status not in expect:
                raise self.error_for(response, may_have_applied=not safe and status >= 500)
            return response

    def follow(self, url, max_hops=MAX_REDIRECTS, stream=False):
        """GET an absolute ``url`` (a client with an empty base URL) and follow its redirects one hop at a time,
        each hop a GET of its own with this client's timeouts and retries: only to http(s) URLs, never back to a
        URL already visited (a loop), at most ``max_hops``. The credentials a signed URL carries stay in its own
        query; no header of the first hop is sent on. Returns the final response (``stream``: body unread)."""
        seen = []
        while True:
            response = self.request('GET', url, expect=REDIRECT_STATUSES, allow_redirects=False, stream=stream)
            if response.status_code not in REDIRECT_STATUSES:
                return response
            response.close()
            target, problem = _next_hop(url, response, seen, max_hops)
            if problem:
                raise ApiError('GET %s to %s answered HTTP %d, %s: not followed' % (
                    _path_only(url), self.service, response.status_code, problem),
                    status=response.status_code, method='GET', url=_path_only(url))
            url = target

    def save(self, response, fileobj, max_bytes=None):
        """Write a (streamed) response's body to ``fileobj``; ``(size, SHA-1 hex)``. ApiError when the body is cut
        short or longer than ``max_bytes``."""
        digest = hashlib.sha1()  # nosec - a checksum, as ansible.builtin.copy and get_url report it
        size = 0
        try:
            for chunk in response.iter_content(CHUNK_SIZE):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise ApiError('GET %s to %s answered more than %d bytes' % (_path_only(response.url), self.service, max_bytes),
                                   status=response.status_code, method='GET', url=_path_only(response.url))
                digest.update(chunk)
                fileobj.write(chunk)
        except RequestException as exc:
            raise ApiError('GET %s to %s failed while reading the body: %s' % (_path_only(response.url), self.service, _short(exc)),
                           status=response.status_code, method='GET', url=_path_only(response.url))
        finally:
            response.close()
        return size, digest.hexdigest()

    def content_length(self, url, max_hops=MAX_REDIRECTS):
        """The size in bytes a HEAD of the absolute ``url`` announces (its Content-Length), or None when it announces
        none or the HEAD fails (no answer, a status other than 2xx, a redirect loop, more than ``max_hops``).

        One attempt per hop, never retried, with this client's timeout and TLS settings and nothing of the session
        (no credentials, no cookies); redirects to http(s) URLs are followed, each hop a HEAD of its own. The caller
        decides what an unknown size means; nothing of the URL (it may carry a token) reaches a message.
        """
        seen = []
        while True:
            try:
                prepared = requests.Request('HEAD', url, headers={'User-Agent': USER_AGENT}).prepare()
                self.requests_sent += 1
                response = self.session.send(prepared, timeout=self.timeout, allow_redirects=False,
                                             proxies=self._proxies_for(prepared.url))
                response.close()
            except (RequestException, ValueError, LookupError):
                return None
            if response.status_code in REDIRECT_STATUSES:
                url, problem = _next_hop(url, response, seen, max_hops)
                if problem:
                    return None
                continue
            length = (response.headers.get('Content-Length') or '').strip()
            if 200 <= response.status_code < 300 and length.isascii() and length.isdigit():
                return int(length)
            return None

    def error_for(self, response, may_have_applied=False):
        """The typed error for a failed response, with the vendor's code and text."""
        try:
            code, vendor_message = self.error_parser(response)
        except Exception:  # a broken error body must not hide the status; pylint: disable=broad-except
            code, vendor_message = None, None
        method = response.request.method if response.request is not None else None
        url = _path_only(response.url)
        status = response.status_code
        message = '%s %s answered HTTP %d' % (method, url, status)
        if vendor_message:
            message += ': %s' % vendor_message
        if may_have_applied:
            message += ' (the write may have been carried out)'
        cls = ApiError
        if status in (401, 403):
            cls = AuthError
        elif status == 404:
            cls = NotFoundError
        return cls(message, status=status, code=code, vendor_message=vendor_message,
                   method=method, url=url, may_have_applied=may_have_applied)

    def _warn_cleartext(self, url):
        """Once per client: warn when its credentials are about to cross plain HTTP to a host that is not loopback."""
        if self.credentials and not self._cleartext_warned and is_cleartext(url):
            self._cleartext_warned = True
            self.warn('%s is sent to %s over plain HTTP (%s), where anyone on the way can read it: use an '
                      'https:// URL' % (self.credentials, self.service, _origin(url)))

    def _pause(self, method, path, attempt, why, retry_after=None):
        delay = self.retry.wait_for(attempt, retry_after, now=self.clock())
        self.warn('%s %s %s; retry %d of %d in %.1f s' % (
            method, _path_only(path), why, attempt + 1, self.retry.retries, delay))
        self.sleep(delay)

    def _proxies_for(self, url):
        """The proxies for the URL's origin: the session's, then the environment's (``*_proxy``, ``no_proxy``, which
        win, as in requests), read once per origin."""
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        if origin not in self._proxies:
            proxies = dict(self.session.proxies)
            proxies.update(requests.utils.get_environ_proxies(url))
            self._proxies[origin] = proxies
        return self._proxies[origin]

    def close(self):
        self.session.close()


def _environment_ca_bundle():
    """The CA bundle requests takes from the environment when it verifies with its own (None when unset)."""
    return os.environ.get('REQUESTS_CA_BUNDLE') or os.environ.get('CURL_CA_BUNDLE') or None


def _rewind(data):
    """A streamed body (file-like) must start from its beginning on each attempt."""
    seek = getattr(data, 'seek', None)
    if seek is not None:
        seek(0)


def _next_hop(url, response, seen, max_hops):
    """``(target, problem)`` for a redirect answered to ``url``; ``seen`` (the URLs already left) grows by
    ``url``. A problem (not http(s), a loop, more than ``max_hops``) means the redirect is not to be followed."""
    seen.append(url)
    location = response.headers.get('Location')
    target = urljoin(url, location) if location else None
    if (urlsplit(target).scheme.lower() if target else '') not in URL_SCHEMES:
        return target, 'a redirect to %s, which is not an http(s) URL' % (_origin(target) if target else 'nowhere')
    if target in seen:
        return target, 'a redirect loop (back to %s)' % _path_only(target)
    if len(seen) > max_hops:
        return target, 'more than %d redirects' % max_hops
    return target, None


def _path_only(url):
    """A URL without its userinfo and query string: both may carry passwords, signatures or tokens."""
    return _without_userinfo(url.split('?', 1)[0]) if url else url


def _origin(url):
    """scheme://host[:port] of a URL, nothing else."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ''
        port = parts.port
    except ValueError:
        return redact(url)
    return '%s://%s%s' % (parts.scheme, host, ':%d' % port if port else '')


def _short(exc):
    """The error's text, with userinfo and any query string cut out (they may hold a password or a signature)."""
    text = redact(str(exc))
    return text if len(text) <= 300 else text[:297] + '...'
