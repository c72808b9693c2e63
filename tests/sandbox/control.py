# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``/_sandbox`` control endpoints (JSON in, JSON out, no auth, not counted).

* ``GET /_sandbox/stats``                  counters (see ``stats.Stats.snapshot``)
* ``POST /_sandbox/reset``                 zero the stats; ``{"data": true}`` also forgets all
  resources, sessions, replay caches, faults and the clock offset
* ``GET|POST|DELETE /_sandbox/faults``     list, append (one rule object), clear
* ``GET|POST /_sandbox/clock``             read or set ``{"offset": seconds}``
* service extras, e.g. ``GET /_sandbox/ankoder/video/{id}``
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from .faults import FaultError
from .service import Response, Route

JSON_CONTENT_TYPE = "application/json"
PREFIX = "/_sandbox"


def json_response(status, document):
    """A JSON reply."""
    body = (json.dumps(document, sort_keys=True, indent=2) + "\n").encode("utf-8")
    return Response(status, body, JSON_CONTENT_TYPE)


def _json_body(request, required):
    """The decoded JSON object of the body; ``{}`` if empty and not ``required``."""
    if not request.body.strip():
        if required:
            raise ValueError("a JSON object body is required")
        return {}
    try:
        data = json.loads(request.body.decode("utf-8"))
    except ValueError as error:
        raise ValueError("the body is not valid JSON") from error
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


class Control:
    """Routes and handlers of ``/_sandbox``; ``app`` is the ``server.SandboxApp``."""

    def __init__(self, app):
        self.app = app
        self.routes = [
            Route("GET", PREFIX + "/stats", self.stats),
            Route("POST", PREFIX + "/reset", self.reset),
            Route("GET", PREFIX + "/faults", self.faults_list),
            Route("POST", PREFIX + "/faults", self.faults_add),
            Route("DELETE", PREFIX + "/faults", self.faults_clear),
            Route("GET", PREFIX + "/clock", self.clock_get),
            Route("POST", PREFIX + "/clock", self.clock_set),
        ]
        for service in app.services:
            for method, template, handler in service.control_routes():
                self.routes.append(Route(method, PREFIX + template, self._wrap(handler)))

    @staticmethod
    def _wrap(handler):
        def serve(request):
            status, document = handler(request)
            return json_response(status, document)
        return serve

    @staticmethod
    def owns(path):
        """True for ``/_sandbox`` and below."""
        return path == PREFIX or path.startswith(PREFIX + "/")

    def handle(self, request):
        """Answer one control request."""
        allowed = []
        for route in self.routes:
            params = route.match(request.path)
            if params is None:
                continue
            if route.method == request.method:
                request.params = params
                try:
                    return route.handler(request)
                except (ValueError, FaultError) as error:
                    return json_response(400, {"error": str(error)})
            allowed.append(route.method)
        if allowed:
            response = json_response(405, {"error": "method not allowed"})
            response.headers.append(("Allow", ", ".join(allowed)))
            return response
        return json_response(404, {"error": "no such control endpoint"})

    def stats(self, _request):
        """``GET /_sandbox/stats``."""
        return json_response(200, self.app.stats.snapshot())

    def reset(self, request):
        """``POST /_sandbox/reset`` (``{"data": true}`` resets everything)."""
        data = _json_body(request, required=False)
        unknown = sorted(set(data) - {"data"})
        if unknown or not isinstance(data.get("data", False), bool):
            raise ValueError('the body is {} or {"data": true|false}')
        self.app.reset(data=data.get("data", False))
        return json_response(200, {"reset": True, "data": data.get("data", False)})

    def faults_list(self, _request):
        """``GET /_sandbox/faults``."""
        return json_response(200, {"faults": self.app.faults.listing()})

    def faults_add(self, request):
        """``POST /_sandbox/faults`` with one rule object."""
        fault = self.app.faults.add(_json_body(request, required=True))
        return json_response(200, {"added": fault.as_dict(), "faults": self.app.faults.listing()})

    def faults_clear(self, _request):
        """``DELETE /_sandbox/faults``."""
        self.app.faults.clear()
        return json_response(200, {"faults": []})

    def _clock_document(self):
        clock = self.app.clock
        now = clock.now()
        return {"offset": clock.offset, "now": now, "date": clock.http_date(now), "tick": clock.tick}

    def clock_get(self, _request):
        """``GET /_sandbox/clock``."""
        return json_response(200, self._clock_document())

    def clock_set(self, request):
        """``POST /_sandbox/clock`` ``{"offset": seconds}``."""
        data = _json_body(request, required=True)
        offset = data.get("offset")
        if set(data) != {"offset"} or isinstance(offset, bool) or not isinstance(offset, (int, float)):
            raise ValueError('the body is {"offset": <seconds, a number>}')
        self.app.clock.set_offset(offset)
        return json_response(200, self._clock_document())
