# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one set of number rules (_numbers), and the behaviour each caller keeps or changes with it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils._numbers import (
    canonical_number, decimal, integer, integer_or_same, integral, number,
)
from ansible_collections.mediaops.video.plugins.module_utils._state import normalise

NAN = float('nan')


@pytest.mark.parametrize('value, expected', [
    (36, 36), (-3, -3), (10 ** 30, 10 ** 30), (36.0, 36), (36.5, 36.5), (-0.0, 0),
    ('36', 36), (' 36 ', 36), ('36\n', 36), ('+36', 36), ('-3', -3), ('007', 7), ('36.0', 36), ('36.5', 36.5),
    ('.5', 0.5), ('5.', 5), ('1e3', 1000), ('-2.5e1', -25), ('12345678901234567890', 12345678901234567890),
])
def test_number_reads(value, expected):
    found = number(value)
    assert found == expected and found.__class__ is expected.__class__


@pytest.mark.parametrize('value', [
    True, False, None, NAN, float('inf'), -float('inf'), '', '   ', 'abc', '36s', '0x10', '1_000', 'inf', 'nan',
    'Infinity', '1e999', '٣٦', '²', '-', '1.2.3', '9' * 401, b'36', [36], {'a': 1},
])
def test_not_numbers(value):
    assert number(value) is None
    assert number(value, 'sent') == 'sent'
    assert integer(value) is None
    assert decimal(value) is None


@pytest.mark.parametrize('value, expected', [
    (3, 3), (3.0, 3), ('3', 3), (' 3 ', 3), ('3.0', 3), ('-0', 0), ('1e2', 100),
    (3.5, None), ('3.5', None), (True, None), ('3 apples', None),
])
def test_integer_never_cuts_a_fraction(value, expected):
    assert integer(value) == expected
    assert integer(value, 'default') == ('default' if expected is None else expected)


def test_integer_or_same_keeps_what_is_no_integer():
    assert integer_or_same('12') == 12
    for value in (3.5, True, 'x', None, [1]):
        assert integer_or_same(value) is value


@pytest.mark.parametrize('value, expected', [(25, 25.0), ('25', 25.0), ('29.97', 29.97), (' 1e1 ', 10.0)])
def test_decimal_is_a_float(value, expected):
    found = decimal(value)
    assert found == expected and found.__class__ is float


def test_integral_only_turns_whole_floats_into_ints():
    assert integral(3.0) == 3 and integral(3.0).__class__ is int
    assert integral(3.5) == 3.5
    assert integral('3') == '3'
    assert integral(NAN) is NAN


@pytest.mark.parametrize('value, expected', [
    ('12', 12), ('-0', 0), ('0.5', 0.5), ('0.0', 0), ('-1.25', -1.25),
    ('007', '007'), ('+1', '+1'), ('1.10', '1.10'), ('1e3', '1e3'), (' 12', ' 12'), ('12\n', '12\n'), ('1' * 5000, '1' * 5000),
    (12, 12),
])
def test_canonical_number_keeps_the_form_of_what_only_looks_numeric(value, expected):
    found = canonical_number(value, value)
    assert found == expected and found.__class__ is expected.__class__


# -- what the callers keep, and what changed ------------------------------------------------------------------------


@pytest.mark.parametrize('value, expected', [
    ('5', 5), (' 7 ', 7), ('5.0', 5), (5.0, 5), ('5.5', 5.5), (29.97, 29.97), ('abc', 'abc'), ('  x ', 'x'), ('', None),
    (True, True), ('nan', 'nan'), ('1e400', '1e400'),
])
def test_normalise_keeps_its_results(value, expected):
    found = normalise(value)
    assert found == expected and found.__class__ is expected.__class__


@pytest.mark.parametrize('value, expected', [
    # changed on purpose (the rules of _numbers): these were 1000.0, 5.0, 1000 and 12 before
    ('1e3', 1000), ('+5', 5), ('1_000', '1_000'), ('١٢', '١٢'),
    # a digit string too long for int() raised ValueError; a float's NaN stays itself
    ('9' * 5000, '9' * 5000),
])
def test_normalise_changes(value, expected):
    found = normalise(value)
    assert found == expected and found.__class__ is expected.__class__
    assert normalise(10 ** 400) == 10 ** 400  # float() of it raised OverflowError
