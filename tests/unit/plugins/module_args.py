# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``patch_module_args``: a module's arguments for a test that runs its main(), on every ansible-core;
``main_output``: what that main() printed, once it exited."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args  # noqa: F401  pylint: disable=unused-import
except ImportError:  # ansible-core before 2.19
    from unittest import mock

    @contextlib.contextmanager
    def patch_module_args(args):
        with mock.patch.object(basic, '_ANSIBLE_ARGS', json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')):
            yield


def main_output(module, args, capsys):
    """Run ``module.main()`` with ``args``; the text it printed (its JSON result) once it exited."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            module.main()
    return capsys.readouterr().out
