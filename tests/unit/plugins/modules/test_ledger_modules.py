# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ledger_info and ledger_entry, run through their main() against a real file ledger (and one S3 ledger)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import socket
import subprocess
import sys
import time

import pytest


from ansible_collections.mediaops.video.plugins.module_utils import _claims as claims
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FileLedger, entry_id, open_ledger
from ansible_collections.mediaops.video.plugins.modules import ledger_entry, ledger_info

from ansible_collections.mediaops.video.tests.unit.plugins.module_args import main_output

ANKODER = 'https://api.ankoder.example'
OTHER_ANKODER = 'https://eu.ankoder.example'
MODERATION = 'https://moderation.example/submit'
PALLYCON = 'https://pallycon.example/api/v2/DEMO'
PASSWORD = 'hunter2-very-secret'
URL_KEY = 'ftp://bob:%s@ftp.example.com/masters/4711.mov' % PASSWORD
MASKED_URL_KEY = 'ftp://bob:********@ftp.example.com/masters/4711.mov'


def sha(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def dead_pid():
    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    process.wait()
    return process.pid


def claim(sent_ago=5, lease=60, pid=None, **extra):
    """A pending claim as the engine writes it (owner on this host)."""
    now = time.time()
    entry = {'pending': True, 'sent_at': claims.iso(now - sent_ago), 'expires': claims.iso(now + lease),
             'owner': 'f' * 32, 'host': socket.gethostname(), 'pid': os.getpid() if pid is None else pid,
             'fields': {'url': 'abcdef0123456789'}, 'digests': 2, 'key_id': None,
             'request': {'url': MASKED_URL_KEY}, 'label': 'video %s' % MASKED_URL_KEY}
    entry.update(extra)
    return entry


def recorded(remote_id, **extra):
    entry = {'id': remote_id, 'fields': {}, 'digests': 2, 'request': {}, 'created_at': '2026-01-02T03:04:05Z'}
    entry.update(extra)
    return entry


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / 'ledger.json')


@pytest.fixture
def ledger(path):
    return FileLedger(path)


@pytest.fixture
def run(capsys, monkeypatch):
    monkeypatch.delenv('MEDIAOPS_LEDGER', raising=False)

    def run_module(module, check=False, diff=False, **args):
        args.update(_ansible_check_mode=check, _ansible_diff=diff)
        out = main_output(module, args, capsys)
        assert PASSWORD not in out
        return json.loads(out)
    return run_module


@pytest.fixture
def filled(ledger):
    """A ledger as the modules leave it: recorded, live, dead and 0.1.0 entries over three services."""
    ledger.put('ankoder/video@' + ANKODER, MASKED_URL_KEY, recorded(
        8206, service='ankoder', kind='video', label='video ' + MASKED_URL_KEY, request={'url': MASKED_URL_KEY}))
    ledger.put('ankoder/job@' + ANKODER, '8206|hls', recorded(5001, service='ankoder', kind='job', label='job 8206|hls'))
    ledger.put('ankoder/job@' + OTHER_ANKODER, '8206|hls', recorded(7001, service='ankoder', kind='job'))
    ledger.put('moderation/submission@' + MODERATION, 'https://cdn.example/a.mp4',
               claim(service='moderation', kind='submission', label='submission https://cdn.example/a.mp4'))
    ledger.put('pallycon/storage@' + PALLYCON, 'us-east-1|ingest',
               claim(pid=dead_pid(), service='pallycon', kind='storage', label='storage ingest in us-east-1'))
    # 0.1.0: no service/kind, `since` instead of `sent_at`, an expired mark.
    old = {'pending': True, 'since': '2025-01-01T00:00:00Z', 'expires': '2025-01-01T00:03:00Z', 'owner': 'a' * 32}
    ledger.put('ankoder/job@' + ANKODER, '8207|hls', old)
    return ledger


def by_name(result):
    return dict((e['name'], e) for e in result['entries'])


# -- ledger_info ---------------------------------------------------------------


def test_info_lists_every_entry_with_what_its_name_tells(run, path, filled):
    result = run(ledger_info, ledger=path)
    assert result['changed'] is False
    assert result['counts'] == {'pending': 3, 'recorded': 3}
    video = by_name(result)[entry_id('ankoder/video@' + ANKODER, MASKED_URL_KEY)]
    assert video['scope'] == 'ankoder/video@' + ANKODER
    assert (video['service'], video['kind'], video['account']) == ('ankoder', 'video', ANKODER)
    assert video['key_sha256'] == sha(MASKED_URL_KEY)
    assert (video['state'], video['live'], video['id'], video['adopted']) == ('recorded', False, 8206, False)
    assert video['label'] == 'video ' + MASKED_URL_KEY and video['request'] == {'url': MASKED_URL_KEY}
    assert video['updated_at'] and video['created_at'] == '2026-01-02T03:04:05Z'
    old = by_name(result)[entry_id('ankoder/job@' + ANKODER, '8207|hls')]
    assert (old['service'], old['kind'], old['state'], old['live']) == ('ankoder', 'job', 'pending', False)
    assert old['sent_at'] == '2025-01-01T00:00:00Z' and old['label'] is None


def test_info_filters(run, path, filled):
    def names(**filters):
        return sorted(e['name'] for e in run(ledger_info, ledger=path, **filters)['entries'])
    assert names(service='ankoder', kind='job') == sorted([
        entry_id('ankoder/job@' + ANKODER, '8206|hls'), entry_id('ankoder/job@' + OTHER_ANKODER, '8206|hls'),
        entry_id('ankoder/job@' + ANKODER, '8207|hls')])
    assert names(service='ankoder', kind='job', account=ANKODER, state='recorded') == [
        entry_id('ankoder/job@' + ANKODER, '8206|hls')]
    assert names(key='8206|hls', account=OTHER_ANKODER) == [entry_id('ankoder/job@' + OTHER_ANKODER, '8206|hls')]
    # A URL key is found with its password, or with another one (it is masked before it is digested).
    assert names(key=URL_KEY) == names(key=URL_KEY.replace(PASSWORD, 'rotated')) == [
        entry_id('ankoder/video@' + ANKODER, MASKED_URL_KEY)]
    assert names(state='pending', service='pallycon') == [entry_id('pallycon/storage@' + PALLYCON, 'us-east-1|ingest')]
    assert names(service='iva') == [] and names(account=ANKODER + '/') == []
    nothing = run(ledger_info, ledger=path, service='iva')
    assert nothing['entries'] == [] and nothing['counts'] == {'pending': 0, 'recorded': 0}


def test_info_tells_live_claims_from_dead_ones(run, path, ledger):
    scope = 'moderation/submission@' + MODERATION
    ledger.put(scope, 'running', claim())                        # this process, lease not over
    ledger.put(scope, 'process-gone', claim(pid=dead_pid()))     # its process is gone from this host
    ledger.put(scope, 'lease-over', claim(lease=-1))             # its heartbeat stopped
    ledger.put(scope, 'elsewhere', claim(host='another-node.example', pid=1))  # alive as far as we can tell
    live = dict((e['key_sha256'], e['live']) for e in run(ledger_info, ledger=path, state='pending')['entries'])
    assert live == {sha('running'): True, sha('process-gone'): False, sha('lease-over'): False, sha('elsewhere'): True}


def test_info_on_a_missing_ledger_and_from_the_environment(run, path, tmp_path, monkeypatch):
    result = run(ledger_info, ledger=path)
    assert result['entries'] == [] and not os.path.exists(path)
    elsewhere = str(tmp_path / 'from-env.json')
    FileLedger(elsewhere).put('ankoder/job@' + ANKODER, '8206|hls', recorded(5001))
    monkeypatch.setenv('MEDIAOPS_LEDGER', 'file://' + elsewhere)
    assert [e['id'] for e in run(ledger_info)['entries']] == [5001]


# -- ledger_entry: present -----------------------------------------------------


def test_present_adopts_a_dead_claim(run, path, filled):
    scope = 'pallycon/storage@' + PALLYCON
    before = filled.get(scope, 'us-east-1|ingest')
    result = run(ledger_entry, ledger=path, service='pallycon', kind='storage', key='us-east-1|ingest', id='st-42',
                 diff=True)
    assert result['changed'] is True and result['name'] == entry_id(scope, 'us-east-1|ingest')
    stored = filled.get(scope, 'us-east-1|ingest')
    for mark in ('pending', 'sent_at', 'expires', 'owner', 'host', 'pid', 'known'):
        assert mark not in stored
    assert stored['id'] == 'st-42' and stored['adopted'] is True
    assert (stored['service'], stored['kind'], stored['label']) == ('pallycon', 'storage', 'storage ingest in us-east-1')
    assert (stored['fields'], stored['digests'], stored['request']) == (before['fields'], 2, before['request'])
    assert result['entry']['state'] == 'recorded' and result['entry']['id'] == 'st-42'
    assert result['diff']['before'] == {'id': None, 'state': 'pending', 'label': 'storage ingest in us-east-1'}
    assert result['diff']['after'] == {'id': 'st-42', 'state': 'recorded', 'label': 'storage ingest in us-east-1'}
    again = run(ledger_entry, ledger=path, service='pallycon', kind='storage', key='us-east-1|ingest', id='st-42')
    assert again['changed'] is False and filled.get(scope, 'us-east-1|ingest') == stored and 'diff' not in again


def test_present_replaces_a_recorded_id_and_keeps_the_digests(run, path, filled):
    scope = 'ankoder/video@' + ANKODER
    result = run(ledger_entry, ledger=path, service='ankoder', kind='video', key=URL_KEY, id='9001')
    assert result['changed'] is True
    stored = filled.get(scope, MASKED_URL_KEY)
    assert stored['id'] == '9001' and stored['adopted'] is True and stored['created_at'] == '2026-01-02T03:04:05Z'
    assert stored['request'] == {'url': MASKED_URL_KEY} and stored['label'] == 'video ' + MASKED_URL_KEY


def test_present_refuses_a_live_claim(run, path, filled):
    scope = 'moderation/submission@' + MODERATION
    before = filled.get(scope, 'https://cdn.example/a.mp4')
    result = run(ledger_entry, ledger=path, service='moderation', kind='submission', key='https://cdn.example/a.mp4',
                 id='task-1')
    assert result['failed'] is True and 'creating submission https://cdn.example/a.mp4 right now' in result['msg']
    assert socket.gethostname() in result['msg'] and filled.get(scope, 'https://cdn.example/a.mp4') == before


def test_present_needs_an_account_for_a_new_entry(run, path, filled):
    result = run(ledger_entry, ledger=path, service='pallycon', kind='packaging_job', key='title-1', id='j-1')
    assert result['failed'] is True
    assert 'no entry of pallycon packaging_job' in result['msg'] and '<api_url>/<site_id>' in result['msg']
    made = run(ledger_entry, ledger=path, service='pallycon', kind='packaging_job', key='title-1', id='j-1',
               account=PALLYCON)
    scope = 'pallycon/packaging_job@' + PALLYCON
    assert made['changed'] is True and made['name'] == entry_id(scope, 'title-1')
    stored = filled.get(scope, 'title-1')
    assert stored['id'] == 'j-1' and stored['adopted'] is True and stored['label'] == 'packaging_job title-1'
    assert stored['request'] == {} and 'fields' not in stored


def test_present_with_several_accounts_names_them(run, path, filled):
    result = run(ledger_entry, ledger=path, service='ankoder', kind='job', key='8206|hls', id='5002')
    assert result['failed'] is True
    assert 'under 2 accounts' in result['msg'] and ANKODER in result['msg'] and OTHER_ANKODER in result['msg']
    assert filled.get('ankoder/job@' + ANKODER, '8206|hls')['id'] == 5001
    chosen = run(ledger_entry, ledger=path, service='ankoder', kind='job', key='8206|hls', id='5002', account=ANKODER)
    assert chosen['changed'] is True and filled.get('ankoder/job@' + ANKODER, '8206|hls')['id'] == '5002'
    assert filled.get('ankoder/job@' + OTHER_ANKODER, '8206|hls')['id'] == 7001


def test_present_does_not_overwrite_a_concurrent_change(run, path, filled, monkeypatch):
    scope = 'pallycon/storage@' + PALLYCON
    other_run = dict(filled.get(scope, 'us-east-1|ingest'), id='st-from-the-other-run', pending=False)
    read = FileLedger.read

    def read_then_another_run_writes(self, scope_, key):
        answer = read(self, scope_, key)
        FileLedger(path).put(scope_, key, other_run)
        return answer
    monkeypatch.setattr(FileLedger, 'read', read_then_another_run_writes)
    result = run(ledger_entry, ledger=path, service='pallycon', kind='storage', key='us-east-1|ingest', id='st-42')
    monkeypatch.setattr(FileLedger, 'read', read)
    assert result['failed'] is True and 'another run changed the ledger entry' in result['msg']
    assert filled.get(scope, 'us-east-1|ingest')['id'] == 'st-from-the-other-run'


def test_present_moves_an_entry_keyed_with_a_password(run, path, ledger):
    scope = 'ankoder/video@' + ANKODER
    ledger.put(scope, URL_KEY, {'pending': True, 'since': '2025-01-01T00:00:00Z', 'expires': '2025-01-01T00:03:00Z',
                                'fingerprint': 'f' * 64, 'request': {'url': MASKED_URL_KEY}})
    result = run(ledger_entry, ledger=path, service='ankoder', kind='video', key=URL_KEY, id='8206')
    assert result['changed'] is True and result['name'] == entry_id(scope, MASKED_URL_KEY)
    assert ledger.get(scope, URL_KEY) is None
    stored = ledger.get(scope, MASKED_URL_KEY)
    assert stored['id'] == '8206' and stored['fingerprint'] == 'f' * 64 and 'pending' not in stored
    assert PASSWORD not in open(path).read()


def test_an_unknown_kind_is_refused(run, path):
    result = run(ledger_entry, ledger=path, service='ankoder', kind='submission', key='k', id='1', account=ANKODER)
    assert result['failed'] is True and 'ankoder has no kind submission' in result['msg']
    assert not os.path.exists(path)


# -- ledger_entry: absent ------------------------------------------------------


def test_absent_forgets(run, path, filled):
    scope = 'pallycon/storage@' + PALLYCON
    result = run(ledger_entry, ledger=path, service='pallycon', kind='storage', key='us-east-1|ingest', state='absent',
                 diff=True)
    assert result['changed'] is True and result['entry'] is None
    assert result['name'] == entry_id(scope, 'us-east-1|ingest') and result['names'] == [result['name']]
    assert result['diff']['before']['state'] == 'pending' and result['diff']['after'] == {}
    assert filled.get(scope, 'us-east-1|ingest') is None
    again = run(ledger_entry, ledger=path, service='pallycon', kind='storage', key='us-east-1|ingest', state='absent')
    assert again['changed'] is False and again['names'] == []
    # Forgetting an identity of several accounts forgets it in each, unless one is named.
    both = run(ledger_entry, ledger=path, service='ankoder', kind='job', key='8206|hls', state='absent')
    assert both['changed'] is True and len(both['names']) == 2 and both['name'] is None
    assert filled.get('ankoder/job@' + ANKODER, '8206|hls') is None


def test_absent_refuses_a_live_claim(run, path, filled):
    result = run(ledger_entry, ledger=path, service='moderation', kind='submission', key='https://cdn.example/a.mp4',
                 state='absent')
    assert result['failed'] is True and 'right now' in result['msg']
    assert filled.get('moderation/submission@' + MODERATION, 'https://cdn.example/a.mp4') is not None


def test_check_mode_writes_nothing(run, path, filled):
    with open(path, 'rb') as handle:
        before = handle.read()
    adopted = run(ledger_entry, check=True, ledger=path, service='pallycon', kind='storage', key='us-east-1|ingest',
                  id='st-42')
    assert adopted['changed'] is True and adopted['entry']['id'] == 'st-42' and adopted['entry']['state'] == 'recorded'
    made = run(ledger_entry, check=True, ledger=path, service='iva', kind='caption', key='126095|0', id='700001',
               account='https://iva.example/order?customerid=42')
    assert made['changed'] is True and made['entry']['account'] == 'https://iva.example/order?customerid=42'
    forgotten = run(ledger_entry, check=True, ledger=path, service='ankoder', kind='job', key='8206|hls',
                    account=ANKODER, state='absent')
    assert forgotten['changed'] is True
    with open(path, 'rb') as handle:
        assert handle.read() == before


# -- S3 ------------------------------------------------------------------------


def test_both_modules_on_an_s3_ledger(run, monkeypatch, tmp_path):
    boto3 = pytest.importorskip('boto3')
    moto = pytest.importorskip('moto')
    for name in ('AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_SESSION_TOKEN'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('AWS_CONFIG_FILE', str(tmp_path / 'no-config'))
    monkeypatch.setenv('AWS_SHARED_CREDENTIALS_FILE', str(tmp_path / 'no-credentials'))
    monkeypatch.setenv('AWS_ACCESS_KEY_ID', 'AKIAMEDIAOPSTESTING1')
    monkeypatch.setenv('AWS_SECRET_ACCESS_KEY', 'moto-secret-access-key-never-shown')
    monkeypatch.setenv('AWS_DEFAULT_REGION', 'us-east-1')
    with moto.mock_aws():
        boto3.client('s3', region_name='us-east-1').create_bucket(Bucket='media-ops-state')
        url = 's3://media-ops-state/ledger/production'
        ledger = open_ledger(url)
        scope = 'ankoder/video@' + ANKODER
        ledger.put(scope, MASKED_URL_KEY, claim(pid=dead_pid(), service='ankoder', kind='video'))
        ledger.put('ankoder/job@' + ANKODER, '8206|hls', recorded(5001, service='ankoder', kind='job'))
        listed = run(ledger_info, ledger=url, state='pending')
        assert [e['name'] for e in listed['entries']] == [entry_id(scope, MASKED_URL_KEY)]
        assert listed['entries'][0]['live'] is False
        adopted = run(ledger_entry, ledger=url, service='ankoder', kind='video', key=URL_KEY, id='8206')
        assert adopted['changed'] is True and ledger.get(scope, MASKED_URL_KEY)['id'] == '8206'
        assert run(ledger_info, ledger=url)['counts'] == {'pending': 0, 'recorded': 2}
        forgotten = run(ledger_entry, ledger=url, service='ankoder', kind='video', key=URL_KEY, state='absent')
        assert forgotten['changed'] is True and ledger.get(scope, MASKED_URL_KEY) is None
