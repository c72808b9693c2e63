# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tests/unit/conftest.py: a skip for a missing module fails the run under ansible-test or MEDIAOPS_NO_SKIP=1."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

CONFTEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'conftest.py')
MISSING = 'mediaops_no_such_module_for_tests'

TESTS = {
    # skipped while collecting (module level), as test_ledger_s3.py does
    'test_module_level.py': "import pytest\n%s = pytest.importorskip(%r)\n\n\ndef test_a():\n    pass\n" % (MISSING, MISSING),
    # skipped inside a test, as test_ledger_modules.py does
    'test_in_a_test.py': "import pytest\n\n\ndef test_b():\n    pytest.importorskip(%r)\n" % MISSING,
    # a skip for another reason stays a skip
    'test_other_reason.py': "import pytest\n\n\ndef test_c():\n    pytest.skip('no /proc here')\n",
    'test_passes.py': "def test_d():\n    pass\n",
}


def _load_conftest():
    spec = importlib.util.spec_from_file_location('mediaops_unit_conftest', CONFTEST)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_pytest(tmp_path, **extra_env):
    for name, text in TESTS.items():
        (tmp_path / name).write_text(text)
    shutil.copy(CONFTEST, str(tmp_path / 'conftest.py'))
    env = dict((key, value) for key, value in os.environ.items()
               if key not in ('MEDIAOPS_NO_SKIP', 'ANSIBLE_TEST_ANSIBLE_LIB_ROOT', 'PYTEST_PLUGINS', 'PYTEST_ADDOPTS'))
    env.update(extra_env)
    # --continue-on-collection-errors: the module-level failure alone would stop the run before test_in_a_test.py
    result = subprocess.run([sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-p', 'no:xdist', '-rA', '-q',
                             '--continue-on-collection-errors', '--rootdir', str(tmp_path), str(tmp_path)],
                            cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120, check=False)
    return result.returncode, result.stdout.decode('utf-8', 'replace')


def test_strict_mode_follows_the_environment():
    conftest = _load_conftest()
    assert conftest.strict_mode({}) is False
    assert conftest.strict_mode({'MEDIAOPS_NO_SKIP': '0'}) is False
    assert conftest.strict_mode({'MEDIAOPS_NO_SKIP': '1'}) is True
    assert conftest.strict_mode({'ANSIBLE_TEST_ANSIBLE_LIB_ROOT': '/usr/lib/python3/site-packages/ansible'}) is True


def test_this_run_is_strict_under_ansible_test():
    """ansible-test units filters the environment: it is recognised by the variable it sets."""
    if not os.environ.get('ANSIBLE_TEST_ANSIBLE_LIB_ROOT'):
        pytest.skip('not run by ansible-test')
    assert _load_conftest().strict_mode() is True


def test_a_local_run_skips(tmp_path):
    code, output = _run_pytest(tmp_path)
    assert code == 0, output
    assert '2 passed' not in output and '1 passed' in output
    assert '3 skipped' in output, output


def test_a_strict_run_fails_on_a_missing_module(tmp_path):
    code, output = _run_pytest(tmp_path, MEDIAOPS_NO_SKIP='1')
    assert code != 0, output
    assert output.count('a module these tests need is missing') >= 2, output
    assert 'test_module_level.py' in output and 'test_in_a_test.py::test_b' in output
    assert "could not import '%s'" % MISSING in output
    # the other skip and the passing test are left alone
    assert '1 skipped' in output and '1 passed' in output, output
    assert 'no /proc here' in output
