# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Videos of any size for the moderation size limit, served under ``/media``: their length, never their bytes.

``HEAD /media/{size}/{name}`` answers 200 with ``Content-Length: {size}`` (a
decimal number of bytes) and a content type by the name's extension; there is
no GET (405): a video of 2 GiB is announced, never sent.  Any other path under
``/media`` is 404, which is how a video host that refuses HEAD looks.

The moderation sandbox knows the size of a video URL it is given only when the
URL is one of these (``announced_size``): it never calls out of the machine, so
the size of any other video is unknown to it, and not checked.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from urllib.parse import unquote, urlsplit

from .delivery import LOOPBACK_HOSTS
from .service import Response, Route, Service

PREFIX = "/media"
_PATH = re.compile(r"^%s/(?P<size>[0-9]{1,18})/(?P<name>[^/]+)$" % PREFIX)
CONTENT_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "mkv": "video/x-matroska", "flv": "video/x-flv",
                 "avi": "video/x-msvideo", "wmv": "video/x-ms-wmv", "3gp": "video/3gpp", "ts": "video/mp2t",
                 "rmvb": "application/vnd.rn-realmedia-vbr"}


class Announced(bytes):
    """An empty body whose ``len()`` is the size a HEAD announces (the core sends ``Content-Length: len(body)`` and
    writes no body for HEAD)."""

    def __new__(cls, size):
        body = bytes.__new__(cls, b"")
        body.size = size
        return body

    def __len__(self):
        return self.size


def announced_size(url):
    """The size ``HEAD url`` announces when ``url`` is one of these videos on a loopback host, else None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or host not in LOOPBACK_HOSTS:
        return None
    found = _PATH.match(unquote(parts.path))
    return int(found.group("size")) if found else None


class MediaService(Service):
    """The video host: HEAD only."""

    name = "media"
    prefix = PREFIX

    def routes(self):
        return [Route("HEAD", PREFIX + "/{size}/{name}", self.head)]

    def head(self, request):
        size = request.params["size"]
        if not (size.isascii() and size.isdigit()) or len(size) > 18:
            return self.error_response(404, ["Not found"])
        extension = request.params["name"].rpartition(".")[2].lower()
        return Response(200, Announced(int(size)), CONTENT_TYPES.get(extension, "application/octet-stream"))
