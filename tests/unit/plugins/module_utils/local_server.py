# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A real HTTP server on 127.0.0.1 for the tests that need a service to misbehave in a precise way."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
from http.server import ThreadingHTTPServer


class LocalServer(object):
    """Serves ``handler`` (a BaseHTTPRequestHandler class) on a free port until ``close()``."""

    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), handler)
        self.httpd.daemon_threads = True
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={'poll_interval': 0.02})
        self.thread.daemon = True
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)
