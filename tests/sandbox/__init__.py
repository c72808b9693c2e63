# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict local fakes of the vendor services the collection talks to.

Run it as ``PYTHONPATH=tests python3 -m sandbox [--port N] [--port-file F] [--tick S]``
or, in-process, ``server, base_url = sandbox.start(port=0, tick=0.05)`` and
``server.shutdown()`` when done.  Each service lives under its own prefix
(``/ankoder``); ``/_sandbox`` holds the control endpoints (stats, faults,
clock, reset).  Standard library only.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

from .registry import build_services
from .server import DEFAULT_HOST, make_server

__all__ = ("DEFAULT_HOST", "build_services", "make_server", "start")


def start(port=0, tick=0.5):
    """Serve all services in a daemon thread; return ``(server, base_url)``.

    ``server.shutdown()`` stops it (within ~10 ms) and closes the socket.
    """
    server = make_server(build_services(), port=port, tick=tick)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), name="sandbox", daemon=True)
    thread.start()
    return server, server.base_url
