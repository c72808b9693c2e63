# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No silent skip for a missing module where the requirements are installed.

Tests that need an optional package (boto3, moto) skip themselves with
``pytest.importorskip`` when it is missing, which suits a quick local run. Under
``ansible-test units`` (which installs tests/unit/requirements.txt with
``--requirements``) or with ``MEDIAOPS_NO_SKIP=1``, such a skip is a failure
instead: a broken install must not turn whole test files green. ansible-test
passes only a few environment variables on to pytest, so it is recognised by
the one it sets itself (``ANSIBLE_TEST_ANSIBLE_LIB_ROOT``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

# pytest.importorskip's message, and a skip whose reason is an import error
MISSING_MODULE_MARKS = ('could not import ', 'No module named ')


def strict_mode(environ=None):
    """True when a skip for a missing module must fail the run."""
    environ = os.environ if environ is None else environ
    return environ.get('MEDIAOPS_NO_SKIP') == '1' or bool(environ.get('ANSIBLE_TEST_ANSIBLE_LIB_ROOT'))


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _fail_if_missing_module(report):
    if not report.skipped or hasattr(report, 'wasxfail') or not strict_mode():
        return
    reason = _skip_reason(report)
    if any(mark in reason for mark in MISSING_MODULE_MARKS):
        report.outcome = 'failed'
        report.longrepr = ('%s: a module these tests need is missing (install tests/unit/requirements.txt; '
                           'MEDIAOPS_NO_SKIP=1 or ansible-test make this a failure): %s' % (report.nodeid, reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _fail_if_missing_module(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _fail_if_missing_module(outcome.get_result())
