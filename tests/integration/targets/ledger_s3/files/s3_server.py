# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A local S3 API (moto) for the ledger tests: python s3_server.py PORT_FILE MAX_LIFETIME.

Listens on 127.0.0.1, a free port, written to PORT_FILE once it accepts
connections; exits after MAX_LIFETIME seconds in any case. moto checks a
conditional write (If-None-Match / If-Match) and then stores the object in
two steps; S3 does both atomically. Requests are therefore served one at a
time (on many connections at once), which gives the S3 guarantee the ledger
relies on.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys
import threading
import time

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server


def one_at_a_time(app):
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            return list(app(environ, start_response))
    return serialized


def main(port_file, max_lifetime):
    app = one_at_a_time(DomainDispatcherApplication(create_backend_app))
    server = make_server('127.0.0.1', 0, app, threaded=True, request_handler=MotoRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    temp = port_file + '.tmp'
    with open(temp, 'w') as handle:
        handle.write('%d\n' % server.server_address[1])
    os.rename(temp, port_file)
    time.sleep(max_lifetime)
    server.shutdown()


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]))
