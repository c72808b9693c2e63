# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``python -m sandbox``: port file, banner, localhost only, clean exit on SIGTERM/SIGINT."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import subprocess
import sys
import time

import pytest
import requests

import sandbox

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(*args):
    env = dict(os.environ, PYTHONPATH=TESTS_DIR)
    return subprocess.Popen([sys.executable, "-m", "sandbox"] + list(args), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)


def _wait_for(path, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return
        time.sleep(0.05)
    raise AssertionError("%s never appeared" % path)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_cli_lifecycle(tmp_path, stop):
    port_file = str(tmp_path / "port")
    process = _run("--port", "0", "--port-file", port_file, "--tick", "0.05")
    try:
        _wait_for(port_file)
        with open(port_file, encoding="utf-8") as stream:
            port = int(stream.read())
        assert process.stdout.readline() == "sandbox listening on http://127.0.0.1:%d\n" % port
        stats = requests.get("http://127.0.0.1:%d/_sandbox/stats" % port, timeout=5).json()
        assert stats["total_requests"] == 0
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
        assert not os.path.exists(port_file)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


@pytest.mark.parametrize("args", [["--host", "0.0.0.0"], ["--tick", "0"], ["--port", "70000"]])
def test_cli_refuses_bad_arguments(args):
    process = _run(*args)
    _out, err = process.communicate(timeout=10)
    assert process.returncode == 2
    assert "sandbox" in err


def test_server_refuses_other_hosts():
    with pytest.raises(ValueError):
        sandbox.make_server(sandbox.build_services(), port=0, host="0.0.0.0")
