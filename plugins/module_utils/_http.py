# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the HTTP core every service client sends through.

One requests session per module run (keep-alive, cookies), connect/read
timeouts, TLS verification on by default, and a retry policy that is decided
per call: a safe call is retried on connection errors, 429 and 5xx with
capped, jittered exponential backoff (``Retry-After`` honoured); a write is
retried only when the service provably did not act on it (the connection was
never made, or 429). Otherwise the write fails with ``may_have_applied`` set,
and the caller re-checks the resource's identity before anything is sent
again.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import random
import re
import time

from ansible_collections.mediaops.video.plugins.module_utils._errors import (
    ApiError, AuthError, NotFoundError,
)

try:
    import requests
    from requests.exceptions import ConnectTimeout, InvalidHeader, InvalidSchema, InvalidURL, MissingSchema, RequestException, SSLError
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

USER_AGENT = 'mediaops.video/0.1 (+https://github.com/mediaops/video)'
SAFE_METHODS = frozenset(('GET', 'HEAD', 'OPTIONS'))
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))


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
    if value.isdigit():
        return float(value)
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
    """

    def __init__(self, base_url, timeout=30, validate_certs=True, ca_path=None,
                 retry=None, error_parser=None, warn=None, sleep=time.sleep, clock=time.time,
                 default_headers=None, service='service'):
        self.base_url = base_url.rstrip('/')
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.error_parser = error_parser or (lambda response: (None, None))
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        self.clock = clock
        self.service = service
        self.session = requests.Session()
        self.session.verify = ca_path if ca_path else bool(validate_certs)
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers.update(default_headers or {})
        self.requests_sent = 0
        self.last_response_date = None

    def url(self, path):
        return self.base_url + path

    def request(self, method, path, params=None, data=None, files=None, headers=None,
                safe=None, prepare=None, allow_redirects=True, expect=None):
        """Send one call, retrying as the policy allows; return the response.

        ``safe`` says whether the call may be repeated (default: GET, HEAD,
        OPTIONS). Statuses in ``expect`` are returned, not raised.
        """
        method = method.upper()
        safe = method in SAFE_METHODS if safe is None else safe
        expect = frozenset(expect or ())
        url = self.url(path)
        attempt = 0
        while True:
            prepared = self.session.prepare_request(requests.Request(
                method, url, params=params, data=data, files=files, headers=headers))
            if prepare is not None:
                prepare(prepared)
            _rewind(data)
            try:
                self.requests_sent += 1
                response = self.session.send(prepared, timeout=self.timeout, allow_redirects=allow_redirects)
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
                self._pause(method, path, attempt, 'answered %d' % status, response.headers.get('Retry-After'))
                attempt += 1
                continue
            if status >= 400 and status not in expect:
                raise self.error_for(response, may_have_applied=not safe and status >= 500)
            return response

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

    def _pause(self, method, path, attempt, why, retry_after=None):
        delay = self.retry.wait_for(attempt, retry_after, now=self.clock())
        self.warn('%s %s %s; retry %d of %d in %.1f s' % (
            method, _path_only(path), why, attempt + 1, self.retry.retries, delay))
        self.sleep(delay)

    def close(self):
        self.session.close()


def _rewind(data):
    """A streamed body (file-like) must start from its beginning on each attempt."""
    seek = getattr(data, 'seek', None)
    if seek is not None:
        seek(0)


def _path_only(url):
    """A URL without its query string: queries may carry signatures or tokens."""
    return url.split('?', 1)[0] if url else url


def _short(exc):
    """The error's text, with any query string cut out (it may hold a signature)."""
    text = re.sub(r'\?[^\s)\'"]*', '?...', str(exc))
    return text if len(text) <= 300 else text[:297] + '...'
