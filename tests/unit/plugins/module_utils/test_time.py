# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one UTC time text (_time), and every place that writes or reads it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _claims, _ledger, _moderation_signer, _pallycon_signer
from ansible_collections.mediaops.video.plugins.module_utils._callback_events import utc_now_iso
from ansible_collections.mediaops.video.plugins.module_utils._iva import odata_date
from ansible_collections.mediaops.video.plugins.module_utils._ovp import to_time
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_seconds, utc_text

NOW = 1795306912
STAMP = '2026-11-22T00:21:52Z'


@pytest.mark.parametrize('seconds, text', [
    (NOW, STAMP), (NOW + 0.9, STAMP), (0, '1970-01-01T00:00:00Z'), (-0.5, '1969-12-31T23:59:59Z'),
    (-86400, '1969-12-31T00:00:00Z'), (253402300799, '9999-12-31T23:59:59Z'),
])
def test_utc_text(seconds, text):
    assert utc_text(seconds) == text


def test_utc_text_with_microseconds():
    assert utc_text(NOW + 0.25, microseconds=True) == '2026-11-22T00:21:52.250000Z'
    assert utc_text(NOW, microseconds=True) == '2026-11-22T00:21:52.000000Z'


def test_utc_text_of_now():
    before = int(time.time())
    assert before <= utc_seconds(utc_text()) <= time.time()


@pytest.mark.parametrize('seconds', [10 ** 30, 253402300800, -62135596801])
def test_outside_the_calendar_is_an_overflow(seconds):
    with pytest.raises(OverflowError):
        utc_text(seconds)


@pytest.mark.parametrize('text, seconds', [
    (STAMP, NOW), ('1970-01-01T00:00:00Z', 0),
    ('2026-11-22 00:21:52', None), ('2026-11-22T00:21:52', None), ('2026-11-22T00:21:52.5Z', None), ('', None), (None, None), (NOW, None),
])
def test_utc_seconds(text, seconds):
    assert utc_seconds(text) == seconds


def test_every_writer_uses_it():
    assert _pallycon_signer.timestamp(NOW + 0.9) == STAMP
    assert _moderation_signer.timestamp(NOW) == STAMP
    assert _claims.iso(NOW) == STAMP and _claims.seconds(STAMP) == NOW
    assert odata_date('/Date(%d)/' % (NOW * 1000)) == STAMP
    assert odata_date('/Date(%d+0000)/' % (NOW * 1000 + 999)) == STAMP
    assert to_time(NOW) == (STAMP, NOW)
    assert to_time(NOW + 0.5) == ('2026-11-22T00:21:52.500000Z', NOW + 0.5)
    assert utc_now_iso(NOW + 0.25) == '2026-11-22T00:21:52.250000Z'
    assert re.match(r'\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\Z', _ledger.utcnow())


def test_an_odata_date_outside_the_calendar_is_kept():
    assert odata_date('/Date(%d)/' % 10 ** 30) == '/Date(%d)/' % 10 ** 30
