# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the one UTC time text of the collection, ``2026-11-22T00:21:52Z``.

The services sign it (PallyCon, iLiveData), the ledger stores it, and the typed answers show times in it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import datetime
import time

UTC_FORMAT = '%Y-%m-%dT%H:%M:%SZ'
UTC_FORMAT_MICROSECONDS = '%Y-%m-%dT%H:%M:%S.%fZ'
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def utc_text(seconds=None, microseconds=False):
    """Epoch seconds (default: now) as ISO 8601 UTC text: to the second (a fraction is dropped), or with
    ``microseconds`` to the microsecond (``2026-11-22T00:21:52.250000Z``).

    OverflowError for a time outside years 1 to 9999.
    """
    moment = _EPOCH + datetime.timedelta(seconds=time.time() if seconds is None else seconds)
    return moment.strftime(UTC_FORMAT_MICROSECONDS if microseconds else UTC_FORMAT)


def utc_seconds(text):
    """The epoch seconds (an int) of a ``utc_text`` to the second; None for any other value."""
    try:
        return calendar.timegm(time.strptime(text, UTC_FORMAT))
    except (TypeError, ValueError):
        return None
