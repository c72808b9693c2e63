# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The file ledger: round trip, digests only, atomic writes, locking, URLs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import hashlib
import json
import os
import re
import stat

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ledger
from ansible_collections.mediaops.video.plugins.module_utils._errors import LedgerError
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FileLedger, open_ledger
from ansible_collections.mediaops.video.tests.unit.plugins.module_utils import ledger_races

SCOPE = 'ankoder|video|http://api.example.com'
SECRET_KEY = 'ftp://bob:hunter2-very-secret@ftp.example.com/in/source.mp4'


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / 'ledger.json')


def test_round_trip(path):
    ledger = FileLedger(path)
    assert ledger.get(SCOPE, 'k1') is None
    stored = ledger.put(SCOPE, 'k1', {'id': 8206, 'fingerprint': 'abc', 'request': {'width': 640}})
    assert stored['id'] == 8206
    assert re.match(r'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$', stored['updated_at'])
    assert ledger.get(SCOPE, 'k1') == stored
    # A second ledger object on the same file sees the same data.
    assert FileLedger(path).get(SCOPE, 'k1') == stored
    assert ledger.get(SCOPE, 'k2') is None
    assert ledger.get('other|scope', 'k1') is None
    ledger.put(SCOPE, 'k1', {'id': 8207})
    assert ledger.get(SCOPE, 'k1')['id'] == 8207
    assert 'fingerprint' not in ledger.get(SCOPE, 'k1')
    ledger.delete(SCOPE, 'k1')
    assert ledger.get(SCOPE, 'k1') is None


def test_delete_of_absent_entry_leaves_the_file_alone(path):
    ledger = FileLedger(path)
    ledger.put(SCOPE, 'k1', {'id': 1})
    with open(path, 'rb') as handle:
        before = handle.read()
    ledger.delete(SCOPE, 'absent')
    with open(path, 'rb') as handle:
        assert handle.read() == before
    assert ledger.get(SCOPE, 'k1')['id'] == 1


def test_get_returns_a_copy(path):
    ledger = FileLedger(path)
    ledger.put(SCOPE, 'k', {'id': 1})
    entry = ledger.get(SCOPE, 'k')
    entry['id'] = 2
    assert ledger.get(SCOPE, 'k')['id'] == 1


def test_describe(path):
    assert FileLedger(path).describe() == 'file://' + path


def test_key_stored_only_as_digest(path, tmp_path):
    ledger = FileLedger(path)
    ledger.put(SCOPE, SECRET_KEY, {'id': 1, 'label': 'source video'})
    with open(path, 'rb') as handle:
        raw = handle.read()
    assert b'hunter2-very-secret' not in raw
    assert SECRET_KEY.encode('utf-8') not in raw
    expected_name = SCOPE + '|' + hashlib.sha256(SECRET_KEY.encode('utf-8')).hexdigest()
    data = json.loads(raw.decode('utf-8'))
    assert list(data['entries']) == [expected_name]
    assert data['version'] == 1
    for name in os.listdir(str(tmp_path)):
        with open(os.path.join(str(tmp_path), name), 'rb') as handle:
            assert b'hunter2' not in handle.read()
    assert ledger.get(SCOPE, SECRET_KEY)['id'] == 1


def test_file_is_private(path):
    FileLedger(path).put(SCOPE, 'k', {'id': 1})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_no_temp_files_left_behind(path, tmp_path):
    ledger = FileLedger(path)
    for number in range(10):
        ledger.put(SCOPE, 'k%d' % number, {'id': number})
    for number in range(0, 10, 2):
        ledger.delete(SCOPE, 'k%d' % number)
    assert sorted(os.listdir(str(tmp_path))) == ['ledger.json', 'ledger.json.lock']
    assert sorted(ledger.entries()) == sorted(_ledger.entry_id(SCOPE, 'k%d' % n) for n in range(1, 10, 2))


def test_failed_write_keeps_old_file_and_no_temp(path, tmp_path):
    ledger = FileLedger(path)
    ledger.put(SCOPE, 'k', {'id': 1})
    with open(path, 'rb') as handle:
        before = handle.read()
    with pytest.raises(TypeError):
        ledger.put(SCOPE, 'k2', {'id': object()})  # not JSON-able: fails half way through the dump
    with open(path, 'rb') as handle:
        assert handle.read() == before
    assert sorted(os.listdir(str(tmp_path))) == ['ledger.json', 'ledger.json.lock']
    ledger.put(SCOPE, 'k3', {'id': 3})  # the lock was released
    assert ledger.get(SCOPE, 'k3')['id'] == 3


def test_creates_missing_directories(tmp_path):
    ledger = FileLedger(str(tmp_path / 'a' / 'b' / 'ledger.json'))
    ledger.put(SCOPE, 'k', {'id': 1})
    assert FileLedger(str(tmp_path / 'a' / 'b' / 'ledger.json')).get(SCOPE, 'k')['id'] == 1


@pytest.mark.parametrize('content, message', [
    (b'{not json', 'not valid JSON'),
    (b'\xff\xfe\x00garbage', 'not valid JSON'),
    (b'[]', 'not a mediaops.video ledger'),
    (b'{"version": 1, "entries": []}', 'not a mediaops.video ledger'),
    (b'{"version": 1}', 'not a mediaops.video ledger'),
])
def test_corrupt_file(path, content, message):
    with open(path, 'wb') as handle:
        handle.write(content)
    ledger = FileLedger(path)
    with pytest.raises(LedgerError) as info:
        ledger.get(SCOPE, 'k')
    assert message in str(info.value) and path in str(info.value)
    with pytest.raises(LedgerError):
        ledger.put(SCOPE, 'k', {'id': 1})
    with pytest.raises(LedgerError):
        ledger.delete(SCOPE, 'k')
    with open(path, 'rb') as handle:
        assert handle.read() == content  # never overwritten


def test_unreadable_path_is_a_ledger_error(tmp_path):
    os.mkdir(str(tmp_path / 'ledger.json'))
    with pytest.raises(LedgerError) as info:
        FileLedger(str(tmp_path / 'ledger.json')).get(SCOPE, 'k')
    assert 'cannot read the ledger' in str(info.value)


def test_open_ledger_file_url(tmp_path):
    target = str(tmp_path / 'l.json')
    ledger = open_ledger('file://' + target)
    assert isinstance(ledger, FileLedger)
    assert ledger.path == target
    ledger.put(SCOPE, 'k', {'id': 1})
    assert os.path.exists(target)


def test_open_ledger_plain_path(tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    assert open_ledger('relative/l.json').path == os.path.join(str(tmp_path), 'relative', 'l.json')
    assert open_ledger(str(tmp_path / 'abs.json')).path == str(tmp_path / 'abs.json')


def test_open_ledger_home(tmp_path, monkeypatch):
    monkeypatch.setenv('HOME', str(tmp_path))
    assert open_ledger('~/l.json').path == os.path.join(str(tmp_path), 'l.json')
    assert open_ledger('file://~/l.json').path == os.path.join(str(tmp_path), 'l.json')
    assert open_ledger().path == os.path.join(str(tmp_path), '.ansible', 'mediaops_video_ledger.json')
    assert open_ledger('').path == os.path.join(str(tmp_path), '.ansible', 'mediaops_video_ledger.json')


def test_open_ledger_s3_without_boto3(monkeypatch):
    from ansible_collections.mediaops.video.plugins.module_utils import _ledger_s3
    monkeypatch.setattr(_ledger_s3, 'HAS_BOTO3', False)
    monkeypatch.setattr(_ledger_s3, 'BOTO3_IMPORT_ERROR', ImportError("No module named 'boto3'"))
    with pytest.raises(LedgerError) as info:
        open_ledger('s3://bucket/prefix')
    assert 'the ledger s3://bucket/prefix needs the Python library boto3: install boto3' in info.value.message
    assert info.value.details()['exception'] == "No module named 'boto3'"
    with pytest.raises(LedgerError) as info:
        open_ledger('s3:///prefix')  # a bad URL is named first, boto3 or not
    assert 'an S3 ledger URL needs a bucket: s3://bucket/prefix' in info.value.message


@pytest.mark.parametrize('url', ['http://example.com/ledger.json', 'gs://bucket/ledger', 'redis://localhost:6379/0'])
def test_open_ledger_unknown_scheme(url):
    with pytest.raises(LedgerError) as info:
        open_ledger(url)
    assert 'unknown ledger URL scheme' in str(info.value)


@pytest.mark.parametrize('url', ['file://relative/ledger.json', 'file://host.example.com/ledger.json', 'file://'])
def test_open_ledger_relative_file_url(url):
    with pytest.raises(LedgerError) as info:
        open_ledger(url)
    assert 'absolute path' in str(info.value)


def test_concurrent_writers_lose_nothing(path):
    ledger_races.assert_writers_lose_nothing(path, writers=8, keys=25)
    assert sorted(os.listdir(os.path.dirname(path))) == ['ledger.json', 'ledger.json.lock']


def test_directory_created_by_a_parallel_process(tmp_path, monkeypatch):
    target = str(tmp_path / 'fresh')
    real_isdir = os.path.isdir

    def isdir_then_lose_the_race(name):
        result = real_isdir(name)
        if not result and os.path.abspath(name) == target:
            os.makedirs(name)  # another fork wins the race right after our check
        return result

    monkeypatch.setattr(_ledger.os.path, 'isdir', isdir_then_lose_the_race)
    ledger = FileLedger(os.path.join(target, 'ledger.json'))
    ledger.put(SCOPE, 'k', {'id': 1})
    assert ledger.get(SCOPE, 'k')['id'] == 1


def _disk_full(src, dst):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_failed_replace_keeps_old_file_and_no_temp(path, tmp_path, monkeypatch):
    ledger = FileLedger(path)
    ledger.put(SCOPE, 'k', {'id': 1})
    monkeypatch.setattr(_ledger.os, 'replace', _disk_full)
    with pytest.raises((OSError, LedgerError)):
        ledger.put(SCOPE, 'k2', {'id': 2})
    monkeypatch.undo()
    assert sorted(os.listdir(str(tmp_path))) == ['ledger.json', 'ledger.json.lock']
    assert ledger.get(SCOPE, 'k')['id'] == 1 and ledger.get(SCOPE, 'k2') is None
    ledger.put(SCOPE, 'k3', {'id': 3})  # the lock was released
    assert ledger.get(SCOPE, 'k3')['id'] == 3


def test_write_failure_is_a_ledger_error(path, monkeypatch):
    ledger = FileLedger(path)
    ledger.put(SCOPE, 'k', {'id': 1})
    monkeypatch.setattr(_ledger.os, 'replace', _disk_full)
    with pytest.raises(LedgerError):
        ledger.put(SCOPE, 'k2', {'id': 2})


def test_claim_create_if_absent(path):
    ledger = FileLedger(path)
    won = ledger.claim(SCOPE, 'k', {'pending': True, 'owner': 'a'})
    assert won is not None
    stored, version = won
    assert stored['owner'] == 'a' and 'updated_at' in stored
    assert ledger.read(SCOPE, 'k') == (stored, version)
    assert ledger.claim(SCOPE, 'k', {'pending': True, 'owner': 'b'}) is None
    assert ledger.get(SCOPE, 'k')['owner'] == 'a'
    assert ledger.read(SCOPE, 'absent') == (None, None)


def test_claim_compare_and_swap(path):
    ledger = FileLedger(path)
    _stored, first = ledger.claim(SCOPE, 'k', {'pending': True, 'owner': 'a'})
    _stored, second = ledger.claim(SCOPE, 'k', {'id': 7, 'owner': 'a'}, first)
    assert second != first and ledger.get(SCOPE, 'k')['id'] == 7
    assert ledger.claim(SCOPE, 'k', {'id': 8}, first) is None  # a stale version loses
    assert ledger.get(SCOPE, 'k')['id'] == 7
    ledger.put(SCOPE, 'k', {'id': 9})  # a plain put changes the version too
    assert ledger.claim(SCOPE, 'k', {'id': 10}, second) is None
    ledger.delete(SCOPE, 'k')
    assert ledger.claim(SCOPE, 'k', {'id': 11}, second) is None  # gone: a swap cannot bring it back
    assert ledger.get(SCOPE, 'k') is None


def test_a_lost_claim_writes_nothing(path):
    ledger = FileLedger(path)
    ledger.claim(SCOPE, 'k', {'id': 1})
    with open(path, 'rb') as handle:
        before = handle.read()
    assert ledger.claim(SCOPE, 'k', {'id': 2}) is None
    with open(path, 'rb') as handle:
        assert handle.read() == before


def test_exactly_one_process_wins_a_claim(path):
    ledger_races.assert_one_claim_wins(path, contenders=8)


@pytest.mark.parametrize('entry', [[], 'text', 7, None, [['id', 1]]])
def test_entry_of_the_wrong_type_is_a_ledger_error(path, entry):
    """An entry that is not an object (hand-edited, or another tool's file) is refused by name, never a raw
    ValueError, TypeError or AttributeError."""
    content = json.dumps({'version': 1, 'entries': {_ledger.entry_id(SCOPE, 'k'): entry, 'other': {'id': 2}}})
    with open(path, 'w') as handle:
        handle.write(content)
    ledger = FileLedger(path)
    for call in (lambda: ledger.get(SCOPE, 'k'), lambda: ledger.read(SCOPE, 'k'), lambda: ledger.claim(SCOPE, 'k', {'id': 1}),
                 lambda: ledger.claims_pending()(SCOPE, 'k'), lambda: ledger.put(SCOPE, 'x', {'id': 1})):
        with pytest.raises(LedgerError) as info:
            call()
        assert 'not a JSON object' in info.value.message and path in info.value.message
    with open(path) as handle:
        assert handle.read() == content  # never overwritten


def test_deeply_nested_file_is_a_ledger_error(path):
    with open(path, 'w') as handle:
        handle.write('[' * 100000 + ']' * 100000)
    with pytest.raises(LedgerError) as info:
        FileLedger(path).get(SCOPE, 'k')
    assert 'not valid JSON' in info.value.message


def test_directory_synced_after_the_rename(path, tmp_path, monkeypatch):
    """The rename is durable only once the directory is synced: its fd is fsynced after os.replace."""
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(handle):
        events.append(('fsync', stat.S_ISDIR(os.fstat(handle).st_mode)))
        return real_fsync(handle)

    def replace(src, dst):
        events.append(('replace', dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, 'fsync', fsync)
    monkeypatch.setattr(os, 'replace', replace)
    FileLedger(path).put(SCOPE, 'k', {'id': 1})
    assert events == [('fsync', False), ('replace', path), ('fsync', True)]
