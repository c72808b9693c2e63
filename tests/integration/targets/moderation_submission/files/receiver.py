# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A callback receiver for the tests: stores each POST (headers and raw body) as JSON in a folder.

python3 receiver.py FOLDER PORT_FILE LIFETIME_SECONDS
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    folder, port_file, lifetime = sys.argv[1], sys.argv[2], float(sys.argv[3])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the stdlib's name
            body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
            record = {'path': self.path, 'headers': dict(self.headers.items()), 'body_base64': base64.b64encode(body).decode('ascii')}
            name = os.path.join(folder, 'callback-%d.json' % len(os.listdir(folder)))
            with open(name + '.tmp', 'w') as handle:
                json.dump(record, handle)
            os.replace(name + '.tmp', name)
            self.send_response(200)
            self.send_header('Content-Length', '0')
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    with open(port_file + '.tmp', 'w') as handle:
        handle.write(str(server.server_address[1]))
    os.replace(port_file + '.tmp', port_file)
    threading.Timer(lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == '__main__':
    main()
