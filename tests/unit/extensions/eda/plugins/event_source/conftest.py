# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the event source tests: receivers started once per module (this directory goes on sys.path)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
# hypothesis caches under ./.hypothesis unless told otherwise: keep the checkout clean
os.environ.setdefault('HYPOTHESIS_STORAGE_DIRECTORY', os.path.join(tempfile.gettempdir(), 'mediaops-video-hypothesis'))

from callbacks_testlib import ANKODER_KEY, MAX_BODY, MODERATION_APP, MODERATION_KEY, TOKEN, start_receiver  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope='module')
def receiver():
    """Every route configured, a 4 KiB body limit, a required moderation app id."""
    server = start_receiver(ankoder_private_key=ANKODER_KEY, moderation_secret_key=MODERATION_KEY, moderation_app_id=MODERATION_APP,
                            token=TOKEN, max_body_bytes=MAX_BODY, replay_window=300)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def rx(receiver):
    """The module's receiver with an empty queue before and after the test."""
    receiver.events()
    yield receiver
    receiver.events()


@pytest.fixture(scope='module')
def walled():
    """Every route configured, but only 10.0.0.0/8 and 2001:db8::/32 may call (the tests call from 127.0.0.1)."""
    server = start_receiver(ankoder_private_key=ANKODER_KEY, moderation_secret_key=MODERATION_KEY, token=TOKEN,
                            allowed_sources=['10.0.0.0/8', '2001:db8::/32'])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope='module')
def token_only():
    """Only the token is configured: the Ankoder and moderation routes are not served."""
    server = start_receiver(token=TOKEN, allowed_sources=['127.0.0.0/8'])
    try:
        yield server
    finally:
        server.stop()
