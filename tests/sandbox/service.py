# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a service module gives the core: routes, a request and a response type, a base class."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from urllib.parse import parse_qsl

from .xmlout import XML_CONTENT_TYPE, errors_document

DEFAULT_MAX_BODY = 1024 * 1024
_PARAM = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class Route:
    """``METHOD /template/{param}`` bound to ``handler(request) -> Response``.

    ``xml_suffix`` routes also answer the path with ``.xml`` appended, counted
    under the same key.  ``max_body`` caps the Content-Length the core reads.
    """

    def __init__(self, method, template, handler, xml_suffix=False, max_body=DEFAULT_MAX_BODY):
        self.method = method
        self.template = template
        self.handler = handler
        self.xml_suffix = xml_suffix
        self.max_body = max_body
        self.key = "%s %s" % (method, template)
        pattern = ""
        position = 0
        for match in _PARAM.finditer(template):
            pattern += re.escape(template[position:match.start()]) + "(?P<%s>[^/]+)" % match.group(1)
            position = match.end()
        pattern += re.escape(template[position:])
        self._regex = re.compile("^%s$" % pattern)

    def match(self, path):
        """The path parameters if ``path`` fits the template (``.xml`` stripped first), else None."""
        if self.xml_suffix and path.endswith(".xml"):
            found = self._regex.match(path[:-4])
            if found:
                return found.groupdict()
        found = self._regex.match(path)
        return found.groupdict() if found else None


class Request:
    """One parsed request as the services see it."""

    def __init__(self, method, target, path, query, headers, route_key, params=None):
        self.method = method
        self.target = target          # request-target as sent, after the host: path plus ?query
        self.path = path              # without the query
        self.query = query            # raw query string ("" if none)
        self.headers = headers        # email.message.Message: case-insensitive lookup
        self.route_key = route_key
        self.params = params or {}
        self.body = b""

    def header(self, name):
        """The first value of header ``name`` (exact name, case-insensitive), or None."""
        return self.headers.get(name)

    def header_values(self, name):
        """Every value of header ``name``."""
        return self.headers.get_all(name) or []

    def query_pairs(self):
        """The query string as (name, value) pairs."""
        return parse_qsl(self.query, keep_blank_values=True)

    def media_type(self):
        """``(type/subtype lowercased, params dict)`` of the Content-Type header, or ``("", {})``."""
        value = self.header("Content-Type")
        if not value:
            return "", {}
        parts = value.split(";")
        params = {}
        for part in parts[1:]:
            name, _sep, val = part.partition("=")
            params[name.strip().lower()] = val.strip().strip('"')
        return parts[0].strip().lower(), params


class Response:
    """Status, body bytes, content type and extra headers; ``close`` ends the connection after it."""

    def __init__(self, status, body=b"", content_type=XML_CONTENT_TYPE, headers=None, close=False):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = list(headers or [])
        self.close = close


class Service:
    """Base class of a service module: subclass, set ``name``/``prefix``, return ``routes()``."""

    name = "service"
    prefix = "/service"
    content_type = XML_CONTENT_TYPE
    resource_kinds = ()

    def __init__(self):
        self.app = None

    def attach(self, app):
        """Called once by the core: gives access to ``app.clock`` and ``app.stats``."""
        self.app = app

    def owns(self, path):
        """True if ``path`` lies under this service's prefix."""
        return path == self.prefix or path.startswith(self.prefix + "/")

    def routes(self):
        """The service's API routes (list of ``Route``)."""
        return []

    def control_routes(self):
        """Extra ``/_sandbox/...`` routes whose handlers return ``(status, json_document)``."""
        return []

    def reset(self):
        """Forget every resource, session and cache (``POST /_sandbox/reset {"data": true}``)."""

    def error_response(self, status, messages, headers=None, close=False):
        """An error reply in the service's own format (XML ``<errors>`` here)."""
        return Response(status, errors_document(messages), self.content_type, headers, close)

    def sample_body(self):
        """A typical success body, truncated by the ``malformed`` fault."""
        return errors_document(["sample"])
