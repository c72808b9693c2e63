# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the sandbox tests: ``tests/`` (the ``sandbox`` package) and this directory go on sys.path."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_DIR = os.path.dirname(os.path.dirname(HERE))
for _path in (TESTS_DIR, HERE):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import sandbox  # noqa: E402  pylint: disable=wrong-import-position
from sandbox_testlib import SLOW_TICK, TICK, Sandbox  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def sb():
    """A fresh sandbox per test (tick = 50 ms)."""
    server, base = sandbox.start(port=0, tick=TICK)
    box = Sandbox(server, base)
    try:
        yield box
    finally:
        box.http.close()
        server.shutdown()


@pytest.fixture
def sb_slow():
    """A fresh sandbox with a 250 ms tick, for tests that must see every status."""
    server, base = sandbox.start(port=0, tick=SLOW_TICK)
    box = Sandbox(server, base, tick=SLOW_TICK)
    try:
        yield box
    finally:
        box.http.close()
        server.shutdown()
