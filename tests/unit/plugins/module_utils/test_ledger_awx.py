# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The default file ledger inside an AWX job: a warning, since the file is lost with the job's container.

A module knows it runs in an AWX / Automation Controller job by the variables the controller puts in the
environment of a job's playbook run (JOB_ID with AWX_HOST or AWX_PRIVATE_DATA_DIR). The modules are built
here as Ansible builds them (a real AnsibleModule, so that MEDIAOPS_LEDGER reaches ``ledger`` through its
environment fallback), with HOME in a temporary folder.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.mediaops.video.plugins.module_utils import _ledger
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FileLedger, in_awx_job, lost_with_the_job, open_ledger
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_for
from ansible_collections.mediaops.video.plugins.modules import ledger_info

from ansible_collections.mediaops.video.tests.unit.plugins.module_args import patch_module_args

# What AWX's RunJob.build_env puts in a job's environment (the values are examples).
AWX_JOB = {'JOB_ID': '4711', 'INVENTORY_ID': '3', 'AWX_HOST': 'https://awx.example.com',
           'AWX_PRIVATE_DATA_DIR': '/tmp/awx_4711_x1y2z3', 'PROJECT_REVISION': '0123abc'}
MARKERS = ('JOB_ID', 'INVENTORY_ID', 'AWX_HOST', 'AWX_PRIVATE_DATA_DIR', 'PROJECT_REVISION', 'TOWER_HOST',
           'CONTROLLER_HOST', 'MEDIAOPS_LEDGER')


@pytest.fixture
def env(monkeypatch, tmp_path):
    """No AWX marker and no MEDIAOPS_LEDGER, HOME in tmp_path; returns a setter of environment variables."""
    monkeypatch.setenv('HOME', str(tmp_path))
    for name in MARKERS:
        monkeypatch.delenv(name, raising=False)

    def set_env(variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
    return set_env


def service_module(**args):
    """A module with the ledger option as every service module has it (env fallback MEDIAOPS_LEDGER)."""
    with patch_module_args(args):
        module = AnsibleModule(argument_spec=dict(ledger=dict(type='str', fallback=(env_fallback, ['MEDIAOPS_LEDGER']))))
    warnings = []
    module.warn = warnings.append
    return module, warnings


# -- what tells an AWX job ------------------------------------------------------------------


@pytest.mark.parametrize('environ', [
    AWX_JOB,
    {'JOB_ID': '4711', 'AWX_HOST': 'https://awx.example.com'},
    {'JOB_ID': '4711', 'AWX_PRIVATE_DATA_DIR': '/runner'},
], ids=['a-job', 'job-id-and-awx-host', 'job-id-and-private-data-dir'])
def test_an_awx_job_is_told_by_its_job_id_and_an_awx_only_variable(environ):
    assert in_awx_job(environ) is True


@pytest.mark.parametrize('environ', [
    {},
    {'JOB_ID': '4711'},
    {'AWX_HOST': 'https://awx.example.com'},
    {'JOB_ID': '', 'AWX_HOST': 'https://awx.example.com'},
    {'JOB_ID': '4711', 'AWX_HOST': ''},
    # set by the controller's credential type for any playbook that talks to a controller
    {'JOB_ID': '4711', 'TOWER_HOST': 'https://awx.example.com', 'CONTROLLER_HOST': 'https://awx.example.com'},
], ids=['nothing', 'job-id-alone', 'awx-host-alone', 'empty-job-id', 'empty-awx-host', 'controller-credential'])
def test_elsewhere_is_no_awx_job(environ):
    assert in_awx_job(environ) is False


@pytest.mark.parametrize('url', [None, '', _ledger.DEFAULT_LEDGER, 'file://' + _ledger.DEFAULT_LEDGER])
def test_the_default_file_in_an_awx_job_is_warned_of(url, env, tmp_path):
    warning = lost_with_the_job(url, AWX_JOB)
    assert str(tmp_path / '.ansible' / 'mediaops_video_ledger.json') in warning
    assert 'job 4711' in warning
    assert 's3://' in warning and 'group/mediaops.video.all' in warning


@pytest.mark.parametrize('url', ['file:///var/lib/mediaops/ledger.json', '/mnt/ledger/ledger.json', 's3://ledgers/awx/prod'])
def test_a_ledger_chosen_in_an_awx_job_is_not_warned_of(url, env):
    assert lost_with_the_job(url, AWX_JOB) is None


def test_the_default_file_outside_an_awx_job_is_not_warned_of(env):
    assert lost_with_the_job(None, {}) is None
    assert lost_with_the_job(None, {'JOB_ID': '4711'}) is None


def test_open_ledger_warns_only_when_told_whom_to_tell(env):
    env(AWX_JOB)
    warnings = []
    assert isinstance(open_ledger(None, warn=warnings.append), FileLedger)
    assert len(warnings) == 1
    assert isinstance(open_ledger(None), FileLedger)  # no warn: the library's other callers are not told
    assert len(warnings) == 1


# -- ledger_for: what every service module opens -------------------------------------------


def test_a_module_in_an_awx_job_with_the_default_ledger_warns(env, tmp_path):
    env(AWX_JOB)
    module, warnings = service_module()
    ledger = ledger_for(module)
    assert ledger.path == str(tmp_path / '.ansible' / 'mediaops_video_ledger.json')
    assert len(warnings) == 1
    assert 'lost with the job' in warnings[0] and 's3://' in warnings[0]


def test_a_module_outside_an_awx_job_does_not_warn(env):
    module, warnings = service_module()
    ledger_for(module)
    assert warnings == []


@pytest.mark.parametrize('args', [
    {'ledger': 'file:///var/lib/mediaops/ledger.json'},
    {'ledger': 's3://ledgers/awx/prod'},
], ids=['file', 's3'])
def test_a_module_in_an_awx_job_with_its_own_ledger_does_not_warn(env, args):
    env(AWX_JOB)
    module, warnings = service_module(**args)
    ledger_for(module)
    assert warnings == []


def test_a_module_in_an_awx_job_with_mediaops_ledger_does_not_warn(env):
    env(dict(AWX_JOB, MEDIAOPS_LEDGER='s3://ledgers/awx/prod'))
    module, warnings = service_module()
    assert module.params['ledger'] == 's3://ledgers/awx/prod'
    assert ledger_for(module).bucket == 'ledgers'
    assert warnings == []


# -- the ledger modules warn as well ---------------------------------------------------------


@pytest.fixture
def warned(monkeypatch):
    """What the module warns, as AnsibleModule.warn is told it.

    (Where it ends up depends on the process: in the result of a module process, on the display once the
    controller's code is loaded, as it is when these tests share a process with the plugin tests.)
    """
    recorded = []
    monkeypatch.setattr(AnsibleModule, 'warn', lambda self, warning, **kwargs: recorded.append(warning))
    return recorded


def run_ledger_info(capsys, **args):
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            ledger_info.main()
    return json.loads(capsys.readouterr().out)


def lost(warnings):
    return [warning for warning in warnings if 'lost with the job' in warning]


def test_ledger_info_on_the_default_file_in_an_awx_job_warns(env, capsys, warned):
    env(AWX_JOB)
    result = run_ledger_info(capsys)
    assert result['entries'] == []
    assert len(lost(warned)) == 1


def test_ledger_info_on_a_chosen_ledger_in_an_awx_job_does_not_warn(env, capsys, tmp_path, warned):
    env(AWX_JOB)
    run_ledger_info(capsys, ledger='file://%s' % (tmp_path / 'mounted' / 'ledger.json'))
    assert lost(warned) == []
