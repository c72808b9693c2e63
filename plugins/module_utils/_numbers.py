# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the one set of rules by which the collection reads a number.

Whatever carries it (a service's JSON or form answer, a callback, a declared option, a setting), a value is a
number by these rules:

- a bool is never a number (``True`` is not 1);
- an int is one; a float is one when finite (NaN and the infinities are not);
- a string is read with its surrounding blanks stripped: ``[+-]digits`` is an int (``"007"`` is 7), a decimal
  (``"1.5"``, ``".5"``, ``"5."``, ``"-2.5e3"``) is a float when finite. Nothing else: not ``"0x10"``, ``"1_000"``,
  ``"inf"``, ``"nan"``, non-ASCII digits, an empty string, nor one longer than MAX_TEXT characters (Python refuses
  int() of very long digit strings);
- anything else (None, bytes, lists, dicts) is not a number.

A float without a fraction is the int it equals (``36.0`` and ``"36.0"`` are 36): ``number`` returns it as an int,
and ``integer`` accepts it; a fraction is never cut off (``integer("3.5")`` is not 3). No function here raises:
each says "not a number" with None, or with the ``default`` its caller gives (often the value itself, to keep
what the service sent).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import math
import re

MAX_TEXT = 400
_INTEGER = re.compile(r'\A[+-]?[0-9]+\Z')
_DECIMAL = re.compile(r'\A[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z')
# what json.dumps writes for an int, and the shortest text of a float (repr) in plain decimal notation
_CANONICAL_INT = re.compile(r'\A-?(?:0|[1-9][0-9]*)\Z')
_CANONICAL_DECIMAL = re.compile(r'\A-?(?:0|[1-9][0-9]*)\.[0-9]+\Z')


def _read(value):
    """The int or float a value holds by the rules above (fractions kept as floats), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > MAX_TEXT:
        return None
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        number = float(text)
        return number if math.isfinite(number) else None
    return None


def integral(number):
    """A finite float without a fraction as the int it equals; any other value unchanged."""
    if isinstance(number, float) and math.isfinite(number) and number.is_integer():
        return int(number)
    return number


def number(value, default=None):
    """The number a value holds: an int where it has no fraction, a float otherwise; ``default`` when it is none."""
    found = _read(value)
    return default if found is None else integral(found)


def integer(value, default=None):
    """The int a value holds (``3``, ``3.0``, ``" 3 "``, ``"3.0"``); ``default`` for anything else (``3.5``, ``True``)."""
    found = number(value)
    return found if isinstance(found, int) else default


def integer_or_same(value):
    """``integer(value)``, or the value itself when it holds none: a field kept as the service sent it."""
    return integer(value, value)


def decimal(value, default=None):
    """The float a value holds (``"25"`` is 25.0), for fields documented as decimals; ``default`` when it is none."""
    found = _read(value)
    return default if found is None else float(found)


def canonical_number(value, default=None):
    """The number of a string that is its canonical text, for fields whose type nobody documents.

    ``"12"`` and ``"0.5"`` are numbers; ``"007"``, ``"+1"``, ``"1.10"``, ``"1e3"`` and ``" 12"`` stay text (an id or
    a label that looks numeric must not lose its form): the text must be what ``json.dumps`` writes for the number.
    """
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return default
    if _CANONICAL_INT.match(value):
        return int(value)
    if _CANONICAL_DECIMAL.match(value) and repr(float(value)) == value:
        return integral(float(value))
    return default
