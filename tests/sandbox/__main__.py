# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``PYTHONPATH=tests python3 -m sandbox [--port N] [--port-file F] [--tick SECONDS] [--verbose]``.

Binds 127.0.0.1 only, prints ``sandbox listening on http://127.0.0.1:PORT``,
writes the port to ``--port-file`` atomically (and removes it on exit), and
exits 0 on SIGTERM or SIGINT.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import math
import os
import signal
import sys
import tempfile
import threading

from .registry import build_services
from .server import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TICK, make_server


def _tick(text):
    value = float(text)
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _port(text):
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be 0-65535")
    return value


def parse_args(argv):
    """The command line."""
    parser = argparse.ArgumentParser(prog="sandbox", description="Strict local fakes of the vendor APIs.")
    parser.add_argument("--host", default=DEFAULT_HOST, help="must be %s (the only address served)" % DEFAULT_HOST)
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help="0 = ephemeral (default %d)" % DEFAULT_PORT)
    parser.add_argument("--port-file", help="write the bound port number to this file once listening")
    parser.add_argument("--tick", type=_tick, default=DEFAULT_TICK, help="seconds per status step (default %s)" % DEFAULT_TICK)
    parser.add_argument("--max-lifetime", type=float, default=None,
                        help="exit by itself after this many seconds (a safety net for test runs)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if args.host != DEFAULT_HOST:
        parser.error("refusing to bind %s: the sandbox listens on %s only" % (args.host, DEFAULT_HOST))
    return args


def write_port_file(path, port):
    """Write ``port`` to ``path`` atomically (temp file in the same directory, then rename)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(prefix=".sandbox-port-", dir=directory)
    try:
        with os.fdopen(handle, "w") as stream:
            stream.write("%d\n" % port)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def main(argv=None):
    """Serve until SIGTERM/SIGINT; return the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        server = make_server(build_services(), port=args.port, tick=args.tick, verbose=args.verbose)
    except OSError as error:
        sys.stderr.write("sandbox: cannot listen on %s:%d: %s\n" % (DEFAULT_HOST, args.port, error))
        return 1
    stop = threading.Event()

    def on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    thread = threading.Thread(target=server.serve_forever, name="sandbox", daemon=True)
    thread.start()
    try:
        if args.port_file:
            write_port_file(args.port_file, server.port)
        print("sandbox listening on %s" % server.base_url)
        sys.stdout.flush()
        stop.wait(args.max_lifetime)
    finally:
        server.shutdown()
        if args.port_file and os.path.exists(args.port_file):
            os.unlink(args.port_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
