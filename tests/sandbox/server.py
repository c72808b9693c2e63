# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sandbox core: routing by METHOD + path template, stats, faults, clock, HTTP plumbing.

Services (see ``service.Service``) contribute routes under their prefix; the
core counts every request under its route key, applies injected faults, reads
bodies within each route's size cap, and writes the replies (every reply
carries a ``Date`` header from the shifted clock).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .clock import Clock
from .control import Control
from .faults import FaultBook, hostile_body, truncate
from .service import Request, Response
from .stats import Stats
from .xmlout import XML_CONTENT_TYPE, errors_document

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8790
DEFAULT_TICK = 0.5
UNKNOWN = "<unknown>"
CONTROL_MAX_BODY = 1024 * 1024


class _Drop:
    """Sentinel reply: close the connection without answering."""

    def __repr__(self):
        return "DROP"


DROP = _Drop()


def split_target(target):
    """``(target after the host, path, query)`` of a request-target (origin or absolute form)."""
    if "://" in target.split("?", 1)[0]:
        parts = urlsplit(target)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
    path, _sep, query = target.partition("?")
    return target, path, query


class SandboxApp:
    """Everything but the socket: services, routes, stats, faults, clock."""

    def __init__(self, services, tick=DEFAULT_TICK):
        self.clock = Clock(tick)
        self.stats = Stats()
        self.faults = FaultBook()
        self.services = list(services)
        self.routes = []
        for service in self.services:
            service.attach(self)
            self.stats.declare(service.resource_kinds)
            for route in service.routes():
                self.routes.append((route, service))
        self.control = Control(self)

    def reset(self, data=False):
        """Zero the stats; with ``data`` also forget resources, faults and the clock offset."""
        self.stats.reset()
        if data:
            self.faults.clear()
            self.clock.set_offset(0)
            for service in self.services:
                service.reset()

    def service_for(self, path):
        """The service whose prefix holds ``path``, or None."""
        for service in self.services:
            if service.owns(path):
                return service
        return None

    def resolve(self, method, path):
        """``(route, service, params, allowed_methods)``; route is None if nothing matches."""
        allowed = []
        for route, service in self.routes:
            params = route.match(path)
            if params is None:
                continue
            if route.method == method:
                return route, service, params, []
            allowed.append(route.method)
        return None, self.service_for(path), {}, allowed

    def _error(self, service, status, messages, headers=None, close=False):
        if service is not None:
            return service.error_response(status, messages, headers, close)
        return Response(status, errors_document(messages), XML_CONTENT_TYPE, headers, close)

    def _read_body(self, request, service, max_body, reader):
        """Read the body into ``request.body``; an error reply if it cannot or may not be read."""
        if request.header("Transfer-Encoding"):
            return self._error(service, 411, ["Length Required: chunked bodies are not accepted"], close=True)
        length = request.header("Content-Length")
        if length is None:
            return None
        if not length.strip().isdigit():
            return self._error(service, 400, ["Malformed Content-Length"], close=True)
        length = int(length)
        if length > max_body:
            return self._error(service, 413, ["Request body too large (max %d bytes)" % max_body], close=True)
        body = reader(length)
        if body is None:
            return DROP
        request.body = body
        return None

    def _fault_reply(self, fault, service):
        """The reply of a fault that fires before the work, or None (``slow``: then work)."""
        if fault.kind == "status":
            return self._error(service, fault.status, ["Injected failure"])
        if fault.kind == "throttle":
            return self._error(service, 429, ["Rate limit exceeded"], [("Retry-After", str(fault.retry_after))])
        if fault.kind == "drop":
            return DROP
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return None
        if fault.kind == "malformed":
            sample = service.sample_body() if service is not None else errors_document(["sample"])
            return Response(200, truncate(sample), XML_CONTENT_TYPE)
        return Response(200, hostile_body(fault.variant), XML_CONTENT_TYPE)

    def handle(self, method, target, headers, reader):
        """Answer one request: a ``Response`` or ``DROP``.

        ``reader(n)`` reads ``n`` body bytes (None if the peer went away).
        """
        target, path, query = split_target(target)
        if Control.owns(path):
            request = Request(method, target, path, query, headers, None)
            refused = self._read_body(request, None, CONTROL_MAX_BODY, reader)
            return refused if refused is not None else self.control.handle(request)
        route, service, params, allowed = self.resolve(method, path)
        key = route.key if route is not None else "%s %s" % (method, UNKNOWN)
        self.stats.count_request(key)
        request = Request(method, target, path, query, headers, key, params)
        reply = self._serve(request, route, service, allowed, reader)
        if reply is not DROP:
            self.stats.count_rejected(reply.status)
        return reply

    def _serve(self, request, route, service, allowed, reader):
        max_body = route.max_body if route is not None else CONTROL_MAX_BODY
        refused = self._read_body(request, service, max_body, reader)
        if refused is not None:
            return refused
        fault = self.faults.take(request.route_key)
        if fault is not None:
            self.stats.count_fault(fault.kind)
            if not fault.after_action:
                reply = self._fault_reply(fault, service)
                if reply is not None:
                    return reply
        if route is not None:
            reply = route.handler(request)
        elif allowed:
            reply = self._error(service, 405, ["Method not allowed"], [("Allow", ", ".join(sorted(set(allowed))))])
        else:
            reply = self._error(service, 404, ["Not found"])
        if fault is not None and fault.after_action:
            if fault.kind == "drop":
                return DROP
            return Response(200, truncate(reply.body), XML_CONTENT_TYPE)
        return reply


class SandboxHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive handler delegating every method to ``SandboxApp.handle``."""

    protocol_version = "HTTP/1.1"
    server_version = "mediaops-sandbox/1.0"
    timeout = 60
    disable_nagle_algorithm = True

    def version_string(self):
        return self.server_version

    def log_message(self, *args):  # pylint: disable=arguments-differ
        if self.server.verbose:
            BaseHTTPRequestHandler.log_message(self, *args)

    def date_time_string(self, timestamp=None):
        return self.server.app.clock.http_date(timestamp)

    def _read(self, length):
        data = self.rfile.read(length) if length else b""
        return data if len(data) == length else None

    def _dispatch(self):
        reply = self.server.app.handle(self.command, self.path, self.headers, self._read)
        if reply is DROP:
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        if reply.close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    do_GET = _dispatch
    do_POST = _dispatch
    do_PUT = _dispatch
    do_PATCH = _dispatch
    do_DELETE = _dispatch
    do_HEAD = _dispatch
    do_OPTIONS = _dispatch


class SandboxServer(ThreadingHTTPServer):
    """Threaded server bound to 127.0.0.1 only; ``shutdown()`` also closes the socket."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, app, port=0, host=DEFAULT_HOST, verbose=False):
        if host != DEFAULT_HOST:
            raise ValueError("the sandbox binds %s only, not %r" % (DEFAULT_HOST, host))
        self.app = app
        self.verbose = verbose
        ThreadingHTTPServer.__init__(self, (host, port), SandboxHandler)

    @property
    def port(self):
        """The port actually bound (useful with port 0)."""
        return self.server_address[1]

    @property
    def base_url(self):
        """``http://127.0.0.1:PORT``."""
        return "http://%s:%d" % (DEFAULT_HOST, self.port)

    def serve_forever(self, poll_interval=0.05):
        """Serve until ``shutdown()``; a short poll interval makes shutdown prompt."""
        ThreadingHTTPServer.serve_forever(self, poll_interval)

    def shutdown(self):
        """Stop ``serve_forever`` (call from another thread) and close the listening socket."""
        ThreadingHTTPServer.shutdown(self)
        self.server_close()

    def handle_error(self, request, client_address):
        if self.verbose:
            ThreadingHTTPServer.handle_error(self, request, client_address)
        else:
            error = sys.exc_info()[1]
            if not isinstance(error, (ConnectionError, TimeoutError)):
                ThreadingHTTPServer.handle_error(self, request, client_address)


def make_server(services, port=0, tick=DEFAULT_TICK, host=DEFAULT_HOST, verbose=False):
    """A bound (not yet serving) ``SandboxServer`` for ``services``."""
    if tick <= 0:
        raise ValueError("tick must be > 0")
    return SandboxServer(SandboxApp(services, tick), port=port, host=host, verbose=verbose)
