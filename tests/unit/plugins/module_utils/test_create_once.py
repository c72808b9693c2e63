# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The create-once engine (_create_once, _claims) against a real file ledger and a double of the remote service.

A ledgered kind (the ledger decides what exists) and a listed kind (the service's listing decides) are
each a ``Source`` over ``FakeService``, which holds the remote objects, counts every call and can lose
an answer, commit late, or hide an object from its listing. Time is injected (``Clock``) wherever the
engine waits, so no test sleeps for the engine's delays.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import hmac
import json
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import threading
import time

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _claims as claims
from ansible_collections.mediaops.video.plugins.module_utils._create_once import (
    LEDGERED, LISTED, Engine, Item, Kind, Options, Source,
)
from ansible_collections.mediaops.video.plugins.module_utils._errors import (
    ApiError, LedgerError, MediaopsError, NotFoundError,
)
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FileLedger, Ledger
from ansible_collections.mediaops.video.plugins.module_utils._state import normalise

NOW = 1767225600.0  # 2026-01-01T00:00:00Z
SCOPE = 'ankoder|video|http://api.example.com'
KEY = 'ftp://bob:key-password@ftp.example.com/in/a.mp4'
MASKED_KEY = 'ftp://bob:********@ftp.example.com/in/a.mp4'
LABEL = 'video ftp://bob:********@ftp.example.com/in/a.mp4'
REQUEST = {'url': 'ftp://bob:key-password@ftp.example.com/in/a.mp4', 'width': 640}
SHOWN = {'url': 'ftp://bob:********@ftp.example.com/in/a.mp4', 'width': 640}
CHANGED = {'url': 'ftp://bob:key-password@ftp.example.com/in/a.mp4', 'width': 720}
CHANGED_SHOWN = {'url': 'ftp://bob:********@ftp.example.com/in/a.mp4', 'width': 720}


def _sha256(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


# One short digest per declared field, of its canonical JSON with the URL's password masked.
FIELDS = {'url': _sha256('"ftp://bob:********@ftp.example.com/in/a.mp4"')[:16], 'width': _sha256('640')[:16]}
# What 0.1.0 stored: a fingerprint of the whole request as declared (password and all), and per-field digests.
LEGACY_FINGERPRINT = _sha256('{"url":"ftp://bob:key-password@ftp.example.com/in/a.mp4","width":640}')
LEGACY_FIELDS = {'url': _sha256('"ftp://bob:key-password@ftp.example.com/in/a.mp4"')[:16], 'width': _sha256('640')[:16]}

VIDEO = Kind('ankoder', 'video', LEDGERED, 'Ankoder', {'ready': True, 'failed': False})
JOB = Kind('pallycon', 'packaging_job', LISTED, 'PallyCon', {'success': True, 'failed': False},
           blind_hint='the job list of this site does not show it (check site_id)')
JOB_KEY = 'title-1'
JOB_LABEL = 'packaging job title-1'
JOB_REQUEST = {'content_id': 'title-1', 'output_path': 'out/title-1'}


class FakeService(object):
    """A test double of the remote service: objects by id, a listing by identity, every call counted.

    ``lose_answer`` (True, or a set of identities) makes creates raise a lost answer
    (``may_have_applied``) after storing the object, which shows in the listing at the
    ``commit_after``-th listing after the create (None: never, until the test ``reveal``s it). Ids in
    ``hidden`` are never listed (a listing blind to them). ``statuses[id]`` are the statuses an object
    goes through, one per fetch.
    """

    def __init__(self, first_id=100):
        self.objects = {}
        self.next_id = first_id
        self.fetched = []
        self.creates = []
        self.finds = 0
        self.create_error = None
        self.lose_answer = False
        self.commit_after = None
        self.hidden = set()
        self.landing = {}
        self.statuses = {}
        self.lock = threading.Lock()

    def add(self, key, status='processing', **fields):
        remote_id = self.next_id
        self.next_id += 1
        self.objects[remote_id] = dict(fields, id=remote_id, key=key, status=status)
        return remote_id

    def create(self, key, request):
        with self.lock:
            self.creates.append(key)
            if self.create_error is not None:
                raise self.create_error
            remote_id = self.add(key, **request)
            if self.lose_answer is True or key in (self.lose_answer or ()):
                self.hidden.add(remote_id)
                self.landing[remote_id] = self.commit_after
                raise ApiError('POST /jobs timed out (the write may have been carried out)', method='POST',
                               may_have_applied=True)
            return {'id': remote_id}  # the create's answer is partial: no status

    def lost_answer_without_effect(self):
        self.create_error = ApiError('POST /jobs answered HTTP 503 (the write may have been carried out)', status=503,
                                     method='POST', may_have_applied=True)

    def fetch(self, remote_id):
        self.fetched.append(remote_id)
        if remote_id not in self.objects:
            raise NotFoundError('GET /video/%s answered HTTP 404' % remote_id, status=404)
        if self.statuses.get(remote_id):
            step = self.statuses[remote_id].pop(0)
            self.objects[remote_id].update(step if isinstance(step, dict) else {'status': step})
        return dict(self.objects[remote_id])

    def reveal(self, remote_id):
        self.landing.pop(remote_id, None)
        self.hidden.discard(remote_id)

    def find(self, keys):
        with self.lock:
            self.finds += 1
            for remote_id, left in list(self.landing.items()):
                if left is None:
                    continue
                if left <= 1:
                    self.reveal(remote_id)
                else:
                    self.landing[remote_id] = left - 1
            found = {}
            for remote_id in sorted(self.objects):
                obj = self.objects[remote_id]
                if obj['key'] in keys and remote_id not in self.hidden:
                    found.setdefault(obj['key'], []).append(dict(obj))
            return found


class LedgeredSource(Source):
    """A service that cannot be searched: read by id only."""

    def __init__(self, service, kind=VIDEO):
        Source.__init__(self, kind)
        self.service = service

    def create(self, item):
        return self.service.create(item.key, item.request)

    def fetch(self, item, remote_id):
        return self.service.fetch(remote_id)


class ListedSource(Source):
    """A service whose listing finds every object of an identity."""

    def __init__(self, service, kind=JOB):
        Source.__init__(self, kind)
        self.service = service

    def create(self, item):
        return self.service.create(item.key, item.request)

    def find(self, items):
        return self.service.find([item.key for item in items])

    def differences(self, item, obj):
        return sorted(name for name, value in item.request.items() if normalise(value) != normalise(obj.get(name)))


class Clock(object):
    """Time that passes only when the code under test sleeps; ``on_sleep`` plays the other run."""

    def __init__(self, on_sleep=None, now=NOW):
        self.now = now
        self.slept = []
        self.on_sleep = on_sleep

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds
        if self.on_sleep:
            self.on_sleep(len(self.slept))


@pytest.fixture
def ledger(tmp_path):
    return FileLedger(str(tmp_path / 'ledger.json'))


@pytest.fixture
def service():
    return FakeService()


def _engine(source, ledger, clock=None, secret=None, warnings=None, **options):
    clock = clock or Clock()
    warn = warnings.append if warnings is not None else None
    return Engine(source, ledger, SCOPE, Options(**options), secret=secret, warn=warn, clock=clock, sleep=clock.sleep,
                  monotonic=clock)


def _video(request=None, key=KEY, label=LABEL, **kwargs):
    return Item(key, label, request or REQUEST, **kwargs)


def _job(request=None, **kwargs):
    return Item(JOB_KEY, JOB_LABEL, request or JOB_REQUEST, **kwargs)


def _run(source, ledger, item, **kwargs):
    (result,) = _engine(source, ledger, **kwargs).run([item])
    return result


def _ensure(ledger, service, request=None, **kwargs):
    """One run of the ledgered kind for the one video."""
    return _run(LedgeredSource(service), ledger, _video(request), **kwargs)


def _reconcile_job(ledger, service, item=None, **kwargs):
    """One run of the listed kind for the one job."""
    return _run(ListedSource(service), ledger, item or _job(), **kwargs)


def _entry(ledger, key=MASKED_KEY):
    return ledger.get(SCOPE, key)


def _without_time(entry):
    return dict((k, v) for k, v in entry.items() if k not in ('updated_at', 'created_at'))


def _iso(seconds):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))


def _record(remote_id=100, fields=None, request=None):
    return {'id': remote_id, 'fields': fields or FIELDS, 'digests': 2, 'request': request or SHOWN, 'label': LABEL}


# ---------------------------------------------------------------- a ledgered kind: create, keep, change, lose

def test_create_when_absent(ledger, service):
    result = _ensure(ledger, service)
    assert result.error is None and result.changed is True and result.action == 'create'
    assert service.creates == [KEY]
    # the create answered only the id: the whole object is read once
    assert service.fetched == [100]
    assert result.current == {'id': 100, 'key': KEY, 'status': 'processing', 'url': KEY, 'width': 640}
    assert result.diff() == {'before': {}, 'after': dict(SHOWN, id=100)}
    assert 'not in the ledger' in result.reason
    entry = _entry(ledger)
    assert _without_time(entry) == {'id': 100, 'fields': FIELDS, 'digests': 2, 'request': SHOWN, 'label': LABEL,
                                    'service': 'ankoder', 'kind': 'video'}
    assert ledger.get(SCOPE, KEY) is None  # stored under the key with its password masked
    with open(ledger.path, 'rb') as handle:
        assert b'key-password' not in handle.read()


def test_unchanged_is_one_fetch(ledger, service):
    _ensure(ledger, service)
    service.objects[100]['status'] = 'ready'
    service.fetched = []
    result = _ensure(ledger, service)
    assert result.error is None and result.changed is False
    assert service.creates == [KEY] and service.fetched == [100]
    assert result.current['status'] == 'ready'
    assert result.before == result.after == dict(SHOWN, id=100)


def test_unchanged_after_normalising(ledger, service):
    _ensure(ledger, service)
    result = _ensure(ledger, service, request=dict(REQUEST, width='640'))
    assert result.error is None and result.changed is False and service.creates == [KEY]


def test_a_rotated_url_password_is_not_a_change(ledger, service):
    _ensure(ledger, service)
    result = _ensure(ledger, service, request=dict(REQUEST, url='ftp://bob:new-password@ftp.example.com/in/a.mp4'))
    assert result.error is None and result.changed is False and service.creates == [KEY]


def test_changed_request_creates_again_naming_the_fields(ledger, service):
    _ensure(ledger, service)
    service.fetched = []
    result = _ensure(ledger, service, request=CHANGED)
    assert result.error is None and result.changed is True
    assert service.creates == [KEY, KEY] and service.fetched == [100, 101]
    assert result.before == dict(SHOWN, id=100) and result.after == dict(CHANGED_SHOWN, id=101)
    assert 'differs in width from the one that created id 100' in result.reason
    entry = _entry(ledger)
    assert entry['id'] == 101 and entry['request'] == CHANGED_SHOWN
    assert entry['fields'] == dict(FIELDS, width=_sha256('720')[:16])


def test_gone_remote_is_recreated(ledger, service):
    _ensure(ledger, service)
    del service.objects[100]
    result = _ensure(ledger, service)
    assert result.error is None and result.changed is True and service.creates == [KEY, KEY]
    assert result.before is None and result.after == dict(SHOWN, id=101)
    assert 'id 100, which Ankoder no longer knows' in result.reason
    assert _entry(ledger)['id'] == 101


def test_check_mode_absent_writes_nothing(ledger, service):
    result = _ensure(ledger, service, check_mode=True)
    assert result.changed is True and result.error is None
    assert service.creates == [] and service.fetched == []
    assert result.current == {'id': None} and result.after == dict(SHOWN, id=None)
    assert not os.path.exists(ledger.path)


def test_check_mode_changed_and_unchanged_write_nothing(ledger, service):
    _ensure(ledger, service)
    with open(ledger.path, 'rb') as handle:
        before_bytes = handle.read()
    result = _ensure(ledger, service, request=CHANGED, check_mode=True)
    assert result.changed is True
    assert result.before == dict(SHOWN, id=100) and result.after == dict(CHANGED_SHOWN, id=None)
    assert _ensure(ledger, service, check_mode=True).changed is False
    assert service.creates == [KEY]
    with open(ledger.path, 'rb') as handle:
        assert handle.read() == before_bytes


def test_a_failed_remote_is_kept_unless_retry_failed(ledger, service):
    _ensure(ledger, service)
    service.objects[100]['status'] = 'failed'
    kept = _ensure(ledger, service)
    assert kept.error is None and not kept.changed and kept.current['status'] == 'failed'
    assert service.creates == [KEY]
    retried = _ensure(ledger, service, retry_failed=True)
    assert retried.error is None and retried.changed and service.creates == [KEY, KEY]
    assert 'id 100 failed at the service; retry_failed' in retried.reason
    assert _entry(ledger)['id'] == 101


def test_lost_answer_stays_pending_and_blocks(ledger, service):
    service.lost_answer_without_effect()
    result = _ensure(ledger, service)
    error = result.error
    assert isinstance(error, MediaopsError) and not isinstance(error, ApiError)
    assert 'Ankoder may have created %s' % LABEL in error.message
    assert 'mediaops.video.ledger_entry' in error.message and 'on_unknown_outcome=adopt' in error.message
    assert 'on_unknown_outcome=recreate' in error.message
    assert error.details()['may_have_applied'] is True and error.details()['status'] == 503
    assert error.details()['ledger'] == ledger.describe()
    entry = _entry(ledger)
    assert entry['pending'] is True and 'id' not in entry
    assert entry['fields'] == FIELDS and entry['request'] == SHOWN and entry['sent_at'] == _iso(NOW)

    service.create_error = None
    blocked = _ensure(ledger, service)
    assert 'ledger_entry' in blocked.error.message and 'on_unknown_outcome=recreate' in blocked.error.message
    assert service.creates == [KEY] and service.fetched == []
    assert _entry(ledger)['pending'] is True

    checked = _ensure(ledger, service, check_mode=True, on_unknown_outcome='recreate')
    assert checked.error is None and checked.changed is True and service.creates == [KEY]
    assert _entry(ledger)['pending'] is True

    recreated = _ensure(ledger, service, on_unknown_outcome='recreate')
    assert recreated.error is None and recreated.changed is True and service.creates == [KEY, KEY]
    assert 'unknown outcome' in recreated.reason
    entry = _entry(ledger)
    assert entry['id'] == 100 and 'pending' not in entry and 'owner' not in entry
    assert _ensure(ledger, service).changed is False and service.creates == [KEY, KEY]


def test_certain_failure_removes_the_claim(ledger, service):
    failure = ApiError('POST /download answered HTTP 422: Source url is invalid', status=422)
    service.create_error = failure
    result = _ensure(ledger, service)
    assert result.error is failure
    assert _entry(ledger) is None
    service.create_error = None
    assert _ensure(ledger, service).changed is True and service.creates == [KEY, KEY]


def test_certain_failure_restores_the_previous_entry(ledger, service):
    _ensure(ledger, service)
    previous = _entry(ledger)
    service.create_error = ApiError('POST /download failed: connection refused', may_have_applied=False)
    result = _ensure(ledger, service, request=CHANGED)
    assert isinstance(result.error, ApiError)
    restored = _entry(ledger)
    assert _without_time(restored) == _without_time(previous)
    assert restored['id'] == 100 and 'pending' not in restored
    service.create_error = None
    assert _ensure(ledger, service).changed is False


def test_an_interrupted_create_leaves_its_claim(ledger, service):
    service.create_error = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        _ensure(ledger, service)
    entry = _entry(ledger)
    assert entry['pending'] is True and entry['pid'] == os.getpid()
    assert entry['expires'] == _iso(NOW + claims.LEASE)  # left to run out, not resolved


def test_a_refused_create_does_not_remove_a_claim_another_run_took_over(ledger, service):
    def create(key, request):
        ledger.put(SCOPE, MASKED_KEY, {'pending': True, 'owner': 'recreating-run', 'expires': _iso(NOW + 60)})
        raise ApiError('POST /download answered HTTP 422', status=422)

    service.create = create
    assert isinstance(_ensure(ledger, service).error, ApiError)
    assert _entry(ledger)['owner'] == 'recreating-run'


# ---------------------------------------------------------------- several runs at once: claim, wait, exactly once

def _other_runs_claim(ledger, expires_in=60, host='build-2.example'):
    ledger.put(SCOPE, MASKED_KEY, {'pending': True, 'sent_at': _iso(NOW - 1), 'expires': _iso(NOW + expires_in),
                                   'owner': 'other-run', 'host': host, 'pid': 4242, 'fields': FIELDS, 'digests': 2,
                                   'request': SHOWN, 'label': LABEL})


def test_the_claim_names_its_run_and_lease(ledger, service):
    seen = []
    real_create = service.create

    def create(key, request):
        seen.append(_entry(ledger))
        return real_create(key, request)

    service.create = create
    _ensure(ledger, service)
    claim = seen[0]
    assert claim['pending'] is True and claim['fields'] == FIELDS and 'id' not in claim
    assert re.match(r'^[0-9a-f]{32}$', claim['owner'])
    assert (claim['host'], claim['pid']) == (socket.gethostname(), os.getpid())
    assert claim['sent_at'] == _iso(NOW) and claim['expires'] == _iso(NOW + claims.LEASE)
    record = _entry(ledger)
    assert not set(record) & set(['owner', 'expires', 'pending', 'host', 'pid', 'sent_at'])


def test_a_live_claim_of_another_run_is_waited_for_then_its_result_taken(ledger, service):
    service.add(KEY)

    def other_run_finishes(sleeps):
        if sleeps == 3:
            ledger.put(SCOPE, MASKED_KEY, _record(100))

    _other_runs_claim(ledger)
    clock = Clock(other_run_finishes)
    result = _ensure(ledger, service, clock=clock)
    assert result.error is None and result.changed is False and result.current['id'] == 100
    assert service.creates == [] and service.fetched == [100]
    assert len(clock.slept) == 3 and clock.slept == sorted(clock.slept) and clock.slept[0] < clock.slept[-1]


def test_check_mode_waits_too_and_writes_nothing(ledger, service):
    service.add(KEY)
    _other_runs_claim(ledger)
    clock = Clock(lambda sleeps: ledger.put(SCOPE, MASKED_KEY, _record(100)))
    result = _ensure(ledger, service, clock=clock, check_mode=True)
    assert result.changed is False and service.creates == [] and len(clock.slept) == 1


def test_when_the_other_run_certainly_failed_this_one_creates(ledger, service):
    _other_runs_claim(ledger)
    clock = Clock(lambda sleeps: ledger.delete(SCOPE, MASKED_KEY))  # its create was refused: the claim is gone
    result = _ensure(ledger, service, clock=clock)
    assert result.error is None and result.changed is True and service.creates == [KEY]
    assert _entry(ledger)['id'] == 100


def test_a_claim_that_outlives_its_lease_is_refused_as_an_unknown_outcome(ledger, service):
    _other_runs_claim(ledger, expires_in=10)
    clock = Clock()
    result = _ensure(ledger, service, clock=clock, pending_window=120)
    assert 'an earlier run (host build-2.example) sent the create' in result.error.message
    assert 'on_unknown_outcome=recreate' in result.error.message
    assert service.creates == []
    assert NOW + 10 <= clock.now < NOW + 10 + 5.01  # waited until the lease was over, not longer
    recreated = _ensure(ledger, service, on_unknown_outcome='recreate')
    assert recreated.error is None and recreated.changed is True and service.creates == [KEY]
    assert 'unknown outcome' in recreated.reason


def test_waiting_is_bounded_by_this_runs_window(ledger, service):
    _other_runs_claim(ledger, expires_in=3600)
    clock = Clock()
    result = _ensure(ledger, service, clock=clock, pending_window=30)
    assert ('another run (host build-2.example, process 4242) has been creating %s since %s and is still at it'
            % (LABEL, _iso(NOW - 1))) in result.error.message
    assert service.creates == []
    assert NOW + 30 <= clock.now < NOW + 30 + 5.01
    assert _entry(ledger)['owner'] == 'other-run'


def test_an_old_claim_without_lease_is_refused_at_once(ledger, service):
    ledger.put(SCOPE, MASKED_KEY, {'pending': True, 'since': '2025-01-01T00:00:00Z', 'fingerprint': LEGACY_FINGERPRINT})
    clock = Clock()
    result = _ensure(ledger, service, clock=clock)
    assert 'at 2025-01-01T00:00:00Z' in result.error.message and 'on_unknown_outcome=recreate' in result.error.message
    assert clock.slept == [] and service.creates == []


class LateRecordLedger(object):
    """A file ledger on which another run records its create right after this run's first read of every entry."""

    def __init__(self, inner, recorded):
        self.inner = inner
        self.recorded = recorded

    def read_many(self, scope, keys):
        answers = self.inner.read_many(scope, keys)
        self.inner.put(scope, MASKED_KEY, self.recorded)
        return answers

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_claim_recorded_after_the_first_read_by_a_run_that_ended_is_not_an_unknown_outcome(ledger, service):
    created = _ensure(ledger, service)
    assert created.changed is True and service.creates == [KEY]
    recorded = _entry(ledger)
    # the other run: claimed on this host, recorded its answer, and ended (its process is gone)
    ended = subprocess.Popen(['true'])
    ended.wait()
    _other_runs_claim(ledger, host=socket.gethostname())
    ledger.put(SCOPE, MASKED_KEY, dict(_entry(ledger), pid=ended.pid))
    result = _ensure(LateRecordLedger(ledger, recorded), service)
    assert result.error is None and result.changed is False
    assert service.creates == [KEY]


def test_a_lost_answer_ends_the_lease_at_once(ledger, service):
    service.lost_answer_without_effect()
    _ensure(ledger, service)
    entry = _entry(ledger)
    assert entry['pending'] is True and entry['owner'] and entry['expires'] == _iso(NOW)
    other = Clock()
    result = _ensure(ledger, service, clock=other)
    assert 'never recorded its answer' in result.error.message and other.slept == []


class RacingLedger(object):
    """A real file ledger on which another run acts right before this run's first claim reaches it."""

    def __init__(self, inner, before_claim=None, drop_answer=False):
        self.inner = inner
        self.before_claim = before_claim
        self.drop_answer = drop_answer
        self.claims = 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    claim_many = Ledger.claim_many  # one claim() per entry, so that each passes through the race above

    def claim(self, scope, key, entry, version=None):
        self.claims += 1
        if self.before_claim and self.claims == 1:
            self.before_claim()
        answer = self.inner.claim(scope, key, entry, version)
        if self.drop_answer and self.claims == 1:
            return None  # written, but the answer was lost (and a retry saw its own write: 412)
        return answer


def test_a_lost_claim_reads_again_and_finds_the_winners_result(ledger, service):
    service.add(KEY)
    racing = RacingLedger(ledger, before_claim=lambda: ledger.put(SCOPE, MASKED_KEY, _record(100)))
    result = _ensure(racing, service)
    assert result.error is None and result.changed is False and service.creates == [] and racing.claims == 1


def test_a_lost_claim_waits_for_the_winners_live_claim(ledger, service):
    service.add(KEY)
    racing = RacingLedger(ledger, before_claim=lambda: _other_runs_claim(ledger))
    clock = Clock(lambda sleeps: ledger.put(SCOPE, MASKED_KEY, _record(100)))
    result = _ensure(racing, service, clock=clock)
    assert result.error is None and result.changed is False and service.creates == [] and len(clock.slept) == 1


def test_a_claim_whose_answer_was_lost_is_still_this_runs(ledger, service):
    racing = RacingLedger(ledger, drop_answer=True)
    result = _ensure(racing, service)
    assert result.error is None and result.changed is True and service.creates == [KEY]
    assert _entry(ledger)['id'] == 100 and 'pending' not in _entry(ledger)


class SharedService(object):
    """A service double shared by threads, or by processes through an append-only log of creates."""

    def __init__(self, log):
        self.log = log
        self.lock = threading.Lock()

    def fetch(self, remote_id):
        with open(self.log) as handle:
            for line in handle:
                if line.split()[0] == str(remote_id):
                    return {'id': remote_id, 'key': line.split()[1]}
        raise NotFoundError('GET /job/%s answered HTTP 404' % remote_id, status=404)

    def create(self, key, request):
        with self.lock:
            remote_id = '%d-%d-%s' % (os.getpid(), threading.get_ident(), os.urandom(4).hex())
            with open(self.log, 'a') as handle:
                handle.write('%s %s\n' % (remote_id, key))
        return {'id': remote_id}

    def creates(self):
        with open(self.log) as handle:
            return sorted(line.split()[1] for line in handle)


CATALOG = ['title-%02d' % number for number in range(12)]


def _catalog_run(path, log):
    """One run over the whole catalog (creates 4 at a time): how many items it changed."""
    engine = Engine(LedgeredSource(SharedService(log)), FileLedger(path), SCOPE, Options(concurrency=4))
    results = engine.run([Item(key, 'job ' + key, {'key': key}) for key in CATALOG])
    assert [result.error for result in results] == [None] * len(CATALOG)
    return sum(result.changed for result in results)


def _catalog_process(path, log, start, results):
    start.wait(30)
    results.put(_catalog_run(path, log))


def test_parallel_processes_create_each_thing_once(tmp_path):
    path, log = str(tmp_path / 'ledger.json'), str(tmp_path / 'creates.log')
    open(log, 'w').close()
    context = multiprocessing.get_context('fork')
    start = context.Event()
    results = context.Queue()
    workers = [context.Process(target=_catalog_process, args=(path, log, start, results)) for _n in range(4)]
    for worker in workers:
        worker.start()
    start.set()
    changed = [results.get(timeout=120) for _worker in workers]
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0] * 4
    assert SharedService(log).creates() == CATALOG
    assert sum(changed) == len(CATALOG)
    ledger = FileLedger(path)
    for key in CATALOG:
        entry = ledger.get(SCOPE, key)
        assert 'pending' not in entry and SharedService(log).fetch(entry['id'])['key'] == key


def test_parallel_threads_create_each_thing_once(tmp_path):
    path, log = str(tmp_path / 'ledger.json'), str(tmp_path / 'creates.log')
    open(log, 'w').close()
    barrier = threading.Barrier(6)
    changed = []
    failures = []

    def run():
        barrier.wait(30)
        try:
            changed.append(_catalog_run(path, log))
        except AssertionError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run) for _n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    assert SharedService(log).creates() == CATALOG
    assert len(changed) == 6 and sum(changed) == len(CATALOG)


# ---------------------------------------------------------------- a listed kind: the listing decides

def test_listed_create_is_confirmed_in_the_listing_and_then_kept(ledger, service):
    result = _reconcile_job(ledger, service)
    assert result.error is None and result.action == 'create'
    assert service.creates == [JOB_KEY] and service.finds == 2  # the decision, then the confirmation
    assert result.current['status'] == 'processing'  # the listed object, not the create's partial answer
    assert result.after == dict(JOB_REQUEST, id=100)
    assert ledger.get(SCOPE, JOB_KEY)['id'] == 100
    again = _reconcile_job(ledger, service)
    assert again.error is None and again.changed is False and again.current['id'] == 100
    assert service.creates == [JOB_KEY] and service.finds == 3  # a no-op is one listing


def test_listed_check_mode_writes_nothing(ledger, service):
    result = _reconcile_job(ledger, service, check_mode=True)
    assert result.changed is True and result.error is None and service.creates == []
    assert not os.path.exists(ledger.path)


# a. the create's answer is lost but it committed: found during the confirmation, or by a later run

def test_listed_late_commit_is_found_during_the_confirmation(ledger, service):
    service.lose_answer, service.commit_after = True, 3
    clock = Clock()
    result = _reconcile_job(ledger, service, clock=clock, confirm_timeout=30)
    assert result.error is None and result.action == 'create'
    assert service.creates == [JOB_KEY]  # exactly one create sent
    assert result.current['id'] == 100 and 'its answer was lost; the listing shows it' in result.reason
    assert service.finds == 1 + 3 and len(clock.slept) == 2  # the decision, then three confirming listings
    entry = ledger.get(SCOPE, JOB_KEY)
    assert entry['id'] == 100 and 'pending' not in entry


def _lost_and_not_yet_listed(ledger, service, clock):
    """A run whose create's answer is lost and whose job only shows after the confirmation gave up."""
    service.lose_answer, service.commit_after = True, None
    result = _reconcile_job(ledger, service, clock=clock, confirm_timeout=30, grace=900)
    service.lose_answer = False
    return result


def test_listed_late_commit_after_the_confirmation_fails_and_keeps_the_claim(ledger, service):
    clock = Clock()
    result = _lost_and_not_yet_listed(ledger, service, clock)
    assert 'unknown_outcome_grace' in result.error.message
    assert 'does not send it again before %s' % _iso(NOW + 900) in result.error.message
    assert result.error.details()['may_have_applied'] is True
    assert NOW + 30 <= clock.now < NOW + 30 + 5.01
    entry = ledger.get(SCOPE, JOB_KEY)
    assert entry['pending'] is True and entry['known'] == [] and 'id' not in entry

    within = _reconcile_job(ledger, service, clock=Clock(now=NOW + 600), grace=900)
    assert 'unknown_outcome_grace' in within.error.message
    assert service.creates == [JOB_KEY]
    assert ledger.get(SCOPE, JOB_KEY)['pending'] is True


def test_listed_late_commit_is_found_by_a_run_after_the_grace(ledger, service):
    _lost_and_not_yet_listed(ledger, service, Clock())
    service.reveal(100)
    later = _reconcile_job(ledger, service, clock=Clock(now=NOW + 1000), grace=900)
    assert later.error is None and later.changed is False and later.current['id'] == 100
    assert service.creates == [JOB_KEY]


def test_listed_late_commit_found_by_a_later_run_is_recorded(ledger, service):
    _lost_and_not_yet_listed(ledger, service, Clock())
    service.reveal(100)
    later = _reconcile_job(ledger, service, clock=Clock(now=NOW + 1000), grace=900)
    assert later.error is None and later.current['id'] == 100 and service.creates == [JOB_KEY]
    entry = ledger.get(SCOPE, JOB_KEY)
    assert entry.get('id') == 100 and not entry.get('pending')


def test_listed_lost_create_that_never_shows_is_sent_again_after_the_grace(ledger, service):
    _lost_and_not_yet_listed(ledger, service, Clock())
    later = _reconcile_job(ledger, service, clock=Clock(now=NOW + 1000), grace=900)
    assert later.error is None and later.action == 'create'
    assert 'never showed in the listing within 900 s' in later.reason
    assert service.creates == [JOB_KEY, JOB_KEY] and later.current['id'] == 101
    entry = ledger.get(SCOPE, JOB_KEY)
    assert entry['id'] == 101 and 'pending' not in entry


# b. the listing is blind to what this account creates

def test_listed_blind_listing_fails_naming_the_hint_and_keeps_the_id(ledger, service):
    service.hidden.add(100)
    clock = Clock()
    first = _reconcile_job(ledger, service, clock=clock, confirm_timeout=10)
    assert JOB.blind_hint in first.error.message and 'id 100' in first.error.message
    assert first.error.details()['created_id'] == 100
    assert NOW + 10 <= clock.now < NOW + 10 + 5.01
    assert ledger.get(SCOPE, JOB_KEY)['id'] == 100

    second = _reconcile_job(ledger, service, confirm_timeout=10)
    assert JOB.blind_hint in second.error.message and second.error.details()['created_id'] == 100
    assert service.creates == [JOB_KEY]

    recreated = _reconcile_job(ledger, service, on_unknown_outcome='recreate', confirm_timeout=10)
    assert recreated.error is None and recreated.action == 'create' and recreated.current['id'] == 101
    assert service.creates == [JOB_KEY, JOB_KEY]
    assert ledger.get(SCOPE, JOB_KEY)['id'] == 101


def test_listed_blind_id_adopted_stays_adopted(ledger, service):
    service.hidden.add(100)
    _reconcile_job(ledger, service, confirm_timeout=10)
    _reconcile_job(ledger, service, item=_job(adopt_id=100), on_unknown_outcome='adopt')
    assert ledger.get(SCOPE, JOB_KEY).get('adopted') is True
    assert _reconcile_job(ledger, service).error is None


# c. retry_failed with an older failed job of the same identity

def test_listed_lost_retry_does_not_take_the_older_failed_job_as_new(ledger, service):
    service.add(JOB_KEY, status='failed', **JOB_REQUEST)
    service.lost_answer_without_effect()
    result = _reconcile_job(ledger, service, retry_failed=True, confirm_timeout=10)
    assert 'unknown_outcome_grace' in result.error.message
    assert service.creates == [JOB_KEY]
    entry = ledger.get(SCOPE, JOB_KEY)
    assert entry['pending'] is True and entry['known'] == [100] and 'id' not in entry


def test_listed_lost_retry_takes_the_new_job_when_it_commits(ledger, service):
    service.add(JOB_KEY, status='failed', **JOB_REQUEST)
    service.lose_answer, service.commit_after = True, 2
    result = _reconcile_job(ledger, service, retry_failed=True, confirm_timeout=10)
    assert result.error is None and result.current['id'] == 101
    assert service.creates == [JOB_KEY]
    entry = ledger.get(SCOPE, JOB_KEY)
    assert entry['id'] == 101 and 'pending' not in entry


def test_listed_lost_retry_is_not_sent_again_within_the_grace(ledger, service):
    service.add(JOB_KEY, status='failed', **JOB_REQUEST)
    service.lost_answer_without_effect()
    _reconcile_job(ledger, service, retry_failed=True, confirm_timeout=10, grace=900)
    service.create_error = None
    second = _reconcile_job(ledger, service, clock=Clock(now=NOW + 60), retry_failed=True, confirm_timeout=10,
                            grace=900)
    assert service.creates == [JOB_KEY]
    assert second.error is not None and 'unknown_outcome_grace' in second.error.message


# ---------------------------------------------------------------- d. the ledger cannot record a create

class FlakyLedger(FileLedger):
    """A file ledger that refuses the first ``failures`` writes of a record (an entry with an id), of ``only`` key."""

    def __init__(self, path, failures, only=None):
        FileLedger.__init__(self, path)
        self.failures = failures
        self.only = only
        self.refused = 0

    claim_many = Ledger.claim_many  # one claim() per entry, so that each can be refused

    def claim(self, scope, key, entry, version=None):
        refuse = entry.get('id') is not None and not entry.get('pending') and self.only in (None, key)
        if refuse and self.refused < self.failures:
            self.refused += 1
            raise LedgerError('cannot write the ledger %s: No space left on device' % self.path)
        return FileLedger.claim(self, scope, key, entry, version)


def test_a_refused_record_write_is_retried(tmp_path, service):
    ledger = FlakyLedger(str(tmp_path / 'ledger.json'), failures=2)
    clock = Clock()
    result = _ensure(ledger, service, clock=clock)
    assert result.error is None and result.action == 'create'
    # the chunk's one write of the records, then this record alone, after a pause
    assert ledger.refused == 2 and clock.slept == [0.5]
    assert _entry(ledger)['id'] == 100 and 'pending' not in _entry(ledger)


def test_a_record_that_cannot_be_written_names_the_created_id(tmp_path, service):
    ledger = FlakyLedger(str(tmp_path / 'ledger.json'), failures=100)
    result = _ensure(ledger, service)
    error = result.error
    assert ledger.refused == 1 + 4 and service.creates == [KEY]
    assert 'Ankoder created id 100 for %s, but the ledger could not record it' % LABEL in error.message
    assert 'No space left on device' in error.message
    assert 'ledger_entry (state=present, id=100)' in error.message and 'on_unknown_outcome=adopt' in error.message
    assert error.details()['created_id'] == 100 and error.details()['created'] == {'id': 100}
    assert _entry(ledger)['pending'] is True  # the claim stays: no later run sends it again on its own


def test_a_found_lost_create_that_cannot_be_recorded_fails_only_its_item(tmp_path, service):
    ledger = FlakyLedger(str(tmp_path / 'ledger.json'), failures=100, only=JOB_KEY)
    service.lose_answer, service.commit_after = set([JOB_KEY]), 1
    other = Item('title-2', 'packaging job title-2', dict(JOB_REQUEST, content_id='title-2'))
    lost, made = _engine(ListedSource(service), ledger, confirm_timeout=10, concurrency=1).run([_job(), other])
    assert made.error is None and made.action == 'create' and ledger.get(SCOPE, 'title-2')['id'] == made.current['id']
    assert lost.error.details()['created_id'] == 100 and 'created id 100' in lost.error.message


# ---------------------------------------------------------------- e. a create longer than the lease

def test_a_long_create_keeps_its_claim_live(ledger, service):
    clock = Clock(now=NOW + 0.8)
    engine = _engine(LedgeredSource(service), ledger, clock=clock)
    engine.heartbeat.lease = 0.3  # renewed every 0.1 s (real time), each renewal good for 0.3 s (clock time)
    observer = _engine(LedgeredSource(service), FileLedger(ledger.path), clock=clock)
    seen = []
    real_create = service.create

    def long_create(key, request):
        for _second in range(4):
            clock.now += 1.0  # a second of upload: more than three leases
            deadline = time.monotonic() + 3.0
            while True:
                entry, _version = observer._read(_video())
                if claims.live(entry, clock()) or time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            seen.append((claims.live(entry, clock()), entry['owner'] == engine.owner.token))
        return real_create(key, request)

    service.create = long_create
    (result,) = engine.run([_video()])
    assert result.error is None and result.action == 'create'
    assert seen == [(True, True)] * 4
    assert _entry(ledger)['id'] == 100 and 'pending' not in _entry(ledger)


def _create_overwritten_by(ledger, service, overwrite):
    """A run whose claim another writer replaces with ``overwrite`` while the create is on the wire."""
    real_create = service.create

    def create(key, request):
        ledger.put(SCOPE, MASKED_KEY, overwrite)
        return real_create(key, request)

    service.create = create
    return _ensure(ledger, service)


def test_a_claim_taken_over_during_the_create_is_not_overwritten(ledger, service):
    takeover = {'pending': True, 'owner': 'other-run', 'host': 'build-2.example', 'pid': 4242,
                'sent_at': _iso(NOW), 'expires': _iso(NOW + 60)}
    result = _create_overwritten_by(ledger, service, takeover)
    assert 'Ankoder created id 100 for %s, but meanwhile another run wrote its ledger entry' % LABEL in result.error.message
    assert result.error.details()['created_id'] == 100
    assert _without_time(_entry(ledger)) == takeover


def test_a_record_written_during_the_create_is_not_silently_replaced(ledger, service):
    result = _create_overwritten_by(ledger, service, _record(555))
    assert _entry(ledger)['id'] == 555
    assert result.error is not None and '100' in result.error.message and '555' in result.error.message


# ---------------------------------------------------------------- f. whose claim is it: owners and liveness

def _dead_pid():
    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    process.wait()
    return process.pid


def test_a_claim_of_a_gone_local_process_is_not_live():
    now = time.time()
    claim = {'pending': True, 'host': socket.gethostname(), 'pid': _dead_pid(), 'expires': _iso(now + 3600)}
    assert claims.owner_gone(claim) is True
    assert claims.live(claim, now) is False
    alive = dict(claim, pid=os.getpid())
    assert claims.live(alive, now) is True


def test_a_claim_of_an_exited_unreaped_process_is_not_live():
    if claims._process_start(os.getpid()) is None:
        pytest.skip('no /proc: the state of a process is not known here')
    process = subprocess.Popen([sys.executable, '-c', 'pass'])
    try:
        deadline = time.time() + 10
        while open('/proc/%d/stat' % process.pid).read().rsplit(')', 1)[1].split()[0] != 'Z':
            assert time.time() < deadline, 'the child never exited'
            time.sleep(0.01)
        now = time.time()
        zombie = {'pending': True, 'host': socket.gethostname(), 'pid': process.pid, 'expires': _iso(now + 3600)}
        assert claims.owner_gone(zombie) is True
        assert claims.live(zombie, now) is False
    finally:
        process.wait()


def test_a_claim_of_a_reused_pid_is_not_live():
    if claims._process_start(os.getpid()) is None:
        pytest.skip('no /proc: the start time of a process is not known here')
    now = time.time()
    reused = {'pending': True, 'host': socket.gethostname(), 'pid': os.getpid(), 'pid_started': '1',
              'expires': _iso(now + 3600)}
    assert claims.live(reused, now) is False


def test_a_claim_of_another_host_is_live_until_it_expires():
    now = time.time()
    claim = {'pending': True, 'host': 'build-2.example', 'pid': _dead_pid(), 'expires': _iso(now + 3600)}
    assert claims.live(claim, now) is True
    assert claims.live(claim, now + 3600) is False
    assert claims.live(dict(claim, pending=False), now) is False


def test_the_engine_does_not_wait_for_a_gone_local_process(ledger, service):
    ledger.put(SCOPE, MASKED_KEY, {'pending': True, 'host': socket.gethostname(), 'pid': _dead_pid(),
                                   'sent_at': _iso(NOW - 5), 'expires': _iso(NOW + 3600), 'owner': 'dead-run'})
    clock = Clock()
    result = _ensure(ledger, service, clock=clock)
    assert 'never recorded its answer' in result.error.message
    assert clock.slept == [] and service.creates == []


# ---------------------------------------------------------------- g. adopt

def test_adopt_records_the_id_and_the_next_run_is_a_no_op(ledger, service):
    service.add(KEY, status='ready')
    adopted = _run(LedgeredSource(service), ledger, _video(adopt_id=100), on_unknown_outcome='adopt')
    assert adopted.error is None and adopted.action == 'adopt' and adopted.changed is True
    assert adopted.reason == 'adopted id 100' and adopted.after == dict(SHOWN, id=100)
    entry = _entry(ledger)
    assert entry['id'] == 100 and entry['adopted'] is True and entry['fields'] == FIELDS
    service.fetched = []
    again = _ensure(ledger, service)
    assert again.error is None and again.changed is False and service.creates == [] and service.fetched == [100]


def test_adopt_settles_a_lost_answer(ledger, service):
    service.lost_answer_without_effect()
    _ensure(ledger, service)
    service.create_error = None
    service.add(KEY)
    adopted = _run(LedgeredSource(service), ledger, _video(adopt_id=100), on_unknown_outcome='adopt')
    assert adopted.error is None and adopted.action == 'adopt'
    assert _entry(ledger)['id'] == 100 and 'pending' not in _entry(ledger)
    assert service.creates == [KEY]


def test_adopt_of_an_id_the_service_does_not_know_fails(ledger, service):
    result = _run(LedgeredSource(service), ledger, _video(adopt_id=999), on_unknown_outcome='adopt')
    assert result.error.message == 'cannot adopt id 999 for %s: Ankoder does not know it' % LABEL
    assert service.fetched == [999] and service.creates == []
    assert _entry(ledger) is None


def test_adopt_of_another_id_than_the_recorded_one_fails(ledger, service):
    _ensure(ledger, service)
    service.add(KEY)
    result = _run(LedgeredSource(service), ledger, _video(adopt_id=101), on_unknown_outcome='adopt')
    assert 'the ledger already records id 100 for %s, not 101' % LABEL in result.error.message
    assert _entry(ledger)['id'] == 100


# ---------------------------------------------------------------- waiting for terminal states

def test_wait_polls_until_terminal(ledger, service):
    service.statuses[100] = ['processing', 'processing', 'ready']  # the read-back, then two polls
    result = _ensure(ledger, service, wait=True, wait_sleep=0.01, wait_timeout=10)
    assert result.error is None and result.current['status'] == 'ready' and service.fetched == [100, 100, 100]


def test_wait_turns_a_failure_into_the_items_error(ledger, service):
    service.statuses[100] = ['processing', 'failed']
    result = _ensure(ledger, service, wait=True, wait_sleep=0.01, wait_timeout=10)
    assert result.error.message == 'video 100 failed at Ankoder: no reason given'
    assert result.error.details()['video']['status'] == 'failed'
    assert _entry(ledger)['id'] == 100  # recorded all the same: a failed create is not sent again unasked


def test_wait_timeout_names_the_last_status(ledger, service):
    result = _ensure(ledger, service, wait=True, wait_sleep=0.01, wait_timeout=0.05)
    assert result.error.message == 'video 100: still processing after waiting 0.05 s'


WATCHED = Kind('ankoder', 'video', LEDGERED, 'Ankoder', {'ready': True, 'failed': False},
               progress_of=lambda obj: obj.get('progress'),
               unknown_of=lambda obj: obj.get('code') if obj.get('status') == 'unknown' else None)


def _watched(ledger, service, clock, **options):
    (result,) = _engine(LedgeredSource(service, kind=WATCHED), ledger, clock=clock, wait=True, wait_sleep=10,
                        wait_timeout=1800, **options).run([_video()])
    return result


def test_progress_that_does_not_move_for_stall_timeout_ends_the_wait(ledger, service):
    service.statuses[100] = [{'progress': 0}] + [{'progress': 40}] * 20
    clock = Clock()
    result = _watched(ledger, service, clock, stall_timeout=60)
    # reads at 0 s (progress 0), then after sleeps of 10, 15, 22.5, 30 s: 40 first seen at 10 s, still 40 at 77.5 s
    assert clock.slept == [10, 15, 22.5, 30]
    assert result.error.message == 'video 100: no progress for 67.5 s (still at 40; stall_timeout is 60 s)'
    assert result.error.details()['video']['progress'] == 40


def test_moving_progress_is_not_a_stall(ledger, service):
    service.statuses[100] = [{'progress': p} for p in (0, 10, 20, 30, 40, 50)] + ['ready']
    result = _watched(ledger, service, Clock(), stall_timeout=20)
    assert result.error is None and result.current['status'] == 'ready'


def test_without_stall_timeout_a_stall_waits_to_the_timeout(ledger, service):
    service.statuses[100] = [{'progress': 40}] * 200
    result = _watched(ledger, service, Clock())
    assert result.error.message == 'video 100: still processing after waiting 1800 s'


def test_an_unknown_status_ends_the_wait_after_its_grace(ledger, service):
    service.statuses[100] = [{'status': 'unknown', 'code': 'WM777'}] * 20
    clock = Clock()
    result = _watched(ledger, service, clock, unknown_grace=30)
    assert result.error.message.startswith('video 100: the status WM777 is not one the service documents (still so after ')
    assert 30 <= clock.now - NOW < 60


def test_an_unknown_status_that_clears_within_its_grace_is_waited_through(ledger, service):
    service.statuses[100] = [{'status': 'unknown', 'code': 'WM777'}, {'status': 'processing', 'code': None}] + ['ready']
    result = _watched(ledger, service, Clock(), unknown_grace=15)
    assert result.error is None and result.current['status'] == 'ready'


# ---------------------------------------------------------------- h. no secret in the ledger

TOKEN = 'tok-7Hq2-secret'
CREDENTIAL = 'service-credential-one'
SECRET_REQUEST = dict(REQUEST, api_token=TOKEN)


def _secret_item(token=TOKEN):
    return _video(dict(SECRET_REQUEST, api_token=token), secret_fields=('api_token',))


def _hmac16(credential, text):
    return hmac.new(credential.encode('utf-8'), text.encode('utf-8'), hashlib.sha256).hexdigest()[:16]


def test_the_ledger_holds_no_secret_nor_a_plain_digest_of_one(ledger, service):
    result = _run(LedgeredSource(service), ledger, _secret_item(), secret=CREDENTIAL)
    assert result.error is None
    with open(ledger.path) as handle:
        text = handle.read()
    url = 'ftp://bob:key-password@ftp.example.com/in/a.mp4'
    leaks = [TOKEN, 'key-password',
             _sha256(TOKEN), _sha256(json.dumps(TOKEN)),  # the secret's plain digest, raw and as canonical JSON
             _sha256(url), _sha256(json.dumps(url))]  # the URL with its password
    for leak in leaks:
        assert leak not in text and leak[:16] not in text
    entry = _entry(ledger)
    # the secret field: HMAC-SHA256 keyed by the credential, of the value's canonical JSON, first 16 hex digits
    assert entry['fields']['api_token'] == _hmac16(CREDENTIAL, '"tok-7Hq2-secret"')
    assert entry['fields']['url'] == FIELDS['url'] and entry['fields']['width'] == FIELDS['width']
    expected_key_id = hmac.new(CREDENTIAL.encode('utf-8'), b'mediaops.video ledger key id', hashlib.sha256).hexdigest()[:12]
    assert entry['key_id'] == expected_key_id
    assert entry['request'] == dict(SHOWN, api_token='********')


def test_a_changed_secret_is_detected_with_the_same_credential(ledger, service):
    _run(LedgeredSource(service), ledger, _secret_item(), secret=CREDENTIAL)
    result = _run(LedgeredSource(service), ledger, _secret_item('tok-rotated'), secret=CREDENTIAL)
    assert result.error is None and result.action == 'create'
    assert 'differs in api_token from the one that created id 100' in result.reason
    assert service.creates == [KEY, KEY]
    assert _entry(ledger)['fields']['api_token'] == _hmac16(CREDENTIAL, '"tok-rotated"')


def test_a_secret_digested_with_another_credential_is_not_compared(ledger, service):
    _run(LedgeredSource(service), ledger, _secret_item(), secret=CREDENTIAL)
    same = _run(LedgeredSource(service), ledger, _secret_item(), secret='service-credential-two')
    changed = _run(LedgeredSource(service), ledger, _secret_item('tok-rotated'), secret='service-credential-two')
    assert same.error is None and same.changed is False
    assert changed.error is None and changed.changed is False
    assert service.creates == [KEY]
    # ... while the other fields still are
    other = _run(LedgeredSource(service), ledger, _video(dict(SECRET_REQUEST, width=720), secret_fields=('api_token',)),
                 secret='service-credential-two')
    assert other.action == 'create' and 'differs in width from' in other.reason


def test_a_0_1_0_entry_is_still_recognised(ledger, service):
    service.add('title-1')
    request = {'title': 'Title 1', 'width': 640}
    ledger.put(SCOPE, 'title-1', {'id': 100, 'fingerprint': _sha256('{"title":"Title 1","width":640}'),
                                  'fields': {'title': _sha256('"Title 1"')[:16], 'width': _sha256('640')[:16]},
                                  'request': request, 'label': 'video title-1'})
    kept = _run(LedgeredSource(service), ledger, _video(request, key='title-1', label='video title-1'))
    assert kept.error is None and kept.changed is False and service.creates == [] and service.fetched == [100]
    changed = _run(LedgeredSource(service), ledger, _video(dict(request, width=720), key='title-1', label='video title-1'))
    assert changed.action == 'create' and 'differs in width from' in changed.reason


def _legacy_entry():
    return {'id': 100, 'fingerprint': LEGACY_FINGERPRINT, 'fields': LEGACY_FIELDS, 'request': SHOWN, 'label': LABEL}


def test_a_0_1_0_entry_under_a_key_with_a_password_is_moved_to_the_masked_key(ledger, service):
    service.add(KEY)
    ledger.put(SCOPE, KEY, _legacy_entry())
    checked = _ensure(ledger, service, check_mode=True)
    assert checked.changed is False and ledger.get(SCOPE, KEY) is not None and _entry(ledger) is None
    kept = _ensure(ledger, service)
    assert kept.error is None and kept.changed is False and service.creates == []
    assert ledger.get(SCOPE, KEY) is None
    moved = _entry(ledger)
    assert moved['id'] == 100 and moved['digests'] == 2 and 'fingerprint' not in moved and moved['request'] == SHOWN
    assert _ensure(ledger, service).changed is False and service.creates == []


def test_a_moved_0_1_0_entry_keeps_no_plain_digest_of_the_url_password(ledger, service):
    service.add(KEY)
    ledger.put(SCOPE, KEY, _legacy_entry())
    assert _ensure(ledger, service).changed is False
    with open(ledger.path) as handle:
        text = handle.read()
    url = 'ftp://bob:key-password@ftp.example.com/in/a.mp4'
    assert LEGACY_FINGERPRINT not in text and _sha256(json.dumps(url))[:16] not in text


def test_a_claim_lost_to_another_run_is_waited_for_only_after_this_runs_own_creates(ledger, service):
    """Two runs that each won one of two claims must not wait for each other in a circle.

    The other run (played by the clock's sleep) finishes its create of the second video only once this run's
    create of the first is recorded, as it would while waiting for this run's claim of the first.
    """
    first, second = 'https://cdn.example.com/first.mov', 'https://cdn.example.com/second.mov'
    items = [_video({'url': first}, key=first, label='video first'), _video({'url': second}, key=second, label='video second')]

    class OtherRunWritesFirst(object):
        """The file ledger, where the other run claims the second video just before this run's claims land."""

        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def claim_many(self, scope, writes):
            if self.inner.get(SCOPE, second) is None:
                self.inner.put(SCOPE, second, {'pending': True, 'sent_at': _iso(NOW), 'expires': _iso(NOW + 60),
                                               'owner': 'other-run', 'host': 'build-2.example', 'pid': 4242})
            return self.inner.claim_many(scope, writes)

    def other_run(_sleeps):
        recorded = ledger.get(SCOPE, first)
        if recorded and not recorded.get('pending') and ledger.get(SCOPE, second).get('pending'):
            remote = service.create(second, {'url': second})
            ledger.put(SCOPE, second, dict(_record(remote['id'], request={'url': second}), fields=None, digests=None))

    clock = Clock(other_run)
    results = _engine(LedgeredSource(service), OtherRunWritesFirst(ledger), clock=clock).run(items)
    assert [r.error for r in results] == [None, None]
    assert [r.action for r in results] == ['create', 'keep']
    assert service.creates == [first, second]
    assert sum(clock.slept) < 10


# ---------------------------------------------------------------- many items at once (the bulk forms)

class CountingLedger(FileLedger):
    """A file ledger that counts its whole-file reads."""

    def __init__(self, path):
        FileLedger.__init__(self, path)
        self.reads = 0

    def _read(self):
        self.reads += 1
        return FileLedger._read(self)


class SlowFetches(FakeService):
    """Fetches that take a while, counting how many are in flight at once."""

    def __init__(self):
        FakeService.__init__(self)
        self.in_flight = 0
        self.most_in_flight = 0
        self.failing_creates = set()
        self.unreadable = set()

    def create(self, key, request):
        if key in self.failing_creates:
            raise ApiError('POST /videos answered HTTP 422: bad source', status=422, method='POST')
        return FakeService.create(self, key, request)

    def fetch(self, remote_id):
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(0.02)
            if remote_id in self.unreadable:
                raise ApiError('GET /videos/%s answered HTTP 500' % remote_id, status=500)
            return FakeService.fetch(self, remote_id)
        finally:
            with self.lock:
                self.in_flight -= 1


def _videos(count):
    return [Item('http://media.example.com/%d.mp4' % n, 'video %d' % n, {'url': 'http://media.example.com/%d.mp4' % n})
            for n in range(count)]


def test_a_bulk_run_reads_the_ledger_once_and_fetches_each_item_once(tmp_path):
    service = FakeService()
    _engine(LedgeredSource(service), FileLedger(str(tmp_path / 'ledger.json'))).run(_videos(30))
    ledger = CountingLedger(str(tmp_path / 'ledger.json'))
    service.fetched = []
    results = _engine(LedgeredSource(service), ledger).run(_videos(30))
    assert [r.action for r in results] == ['keep'] * 30 and all(r.error is None for r in results)
    assert ledger.reads == 1
    assert sorted(service.fetched) == list(range(100, 130))


def test_bulk_reads_run_concurrently_bounded_by_concurrency(ledger):
    service = SlowFetches()
    _engine(LedgeredSource(service), ledger, concurrency=4).run(_videos(12))
    service.most_in_flight = 0
    results = _engine(LedgeredSource(service), ledger, concurrency=4).run(_videos(12))
    assert all(r.action == 'keep' for r in results)
    assert 1 < service.most_in_flight <= 4


def test_with_concurrency_one_reads_are_one_at_a_time(ledger):
    service = SlowFetches()
    _engine(LedgeredSource(service), ledger, concurrency=1).run(_videos(5))
    assert service.most_in_flight == 1


def test_one_failing_create_does_not_lose_the_others_and_a_rerun_creates_only_it(ledger):
    service = SlowFetches()
    items = _videos(6)
    service.failing_creates.add(items[2].key)
    results = _engine(LedgeredSource(service), ledger, concurrency=3).run(items)
    assert [r.error is None for r in results] == [True, True, False, True, True, True]
    assert 'HTTP 422' in results[2].error.message
    assert all(ledger.get(SCOPE, item.key)['id'] is not None for n, item in enumerate(items) if n != 2)
    assert ledger.get(SCOPE, items[2].key) is None  # certainly not created: no claim left behind
    service.failing_creates.clear()
    service.creates = []
    rerun = _engine(LedgeredSource(service), ledger, concurrency=3).run(items)
    assert service.creates == [items[2].key]
    assert [r.action for r in rerun] == ['keep', 'keep', 'create', 'keep', 'keep', 'keep']


def test_one_wait_loop_polls_only_what_is_not_terminal(ledger):
    service = FakeService()
    items = _videos(3)
    _engine(LedgeredSource(service), ledger).run(items)
    service.statuses = {100: ['ready'], 101: ['processing', 'processing', 'ready'], 102: ['processing', 'failed']}
    service.fetched = []
    clock = Clock()
    results = _engine(LedgeredSource(service), ledger, clock=clock, wait=True, wait_sleep=1.0).run(items)
    # one read each to decide, then polls of the unfinished only: 101 twice more, 102 once more
    assert sorted(service.fetched) == [100, 101, 101, 101, 102, 102]
    assert results[0].error is None and results[1].error is None and results[1].current['status'] == 'ready'
    assert 'failed at Ankoder' in results[2].error.message
    assert len(clock.slept) == 2  # one loop for all three, not one per item


def test_an_item_that_cannot_be_read_during_the_wait_fails_alone(ledger):
    service = SlowFetches()
    items = _videos(3)
    _engine(LedgeredSource(service), ledger).run(items)
    service.statuses = {100: ['processing', 'ready'], 101: ['processing', 'ready'], 102: ['processing']}

    def unreadable_after_first_poll(count):
        service.unreadable.add(102)

    clock = Clock(on_sleep=unreadable_after_first_poll)
    results = _engine(LedgeredSource(service), ledger, clock=clock, wait=True, wait_sleep=1.0).run(items)
    assert [r.error is None for r in results] == [True, True, False]
    assert 'HTTP 500' in results[2].error.message
    assert results[0].current['status'] == 'ready' and results[1].current['status'] == 'ready'


def test_a_create_recorded_by_another_run_between_the_listing_and_the_ledger_read_is_kept(ledger, service):
    """Two runs at once: this one lists (nothing yet), the other creates and records, then this one reads the entry."""
    other = ListedSource(service)

    class StaleListing(ListedSource):
        calls = 0

        def find(self, items):
            StaleListing.calls += 1
            listed = ListedSource.find(self, items)
            if StaleListing.calls == 1:
                _engine(other, ledger).run([_job()])  # the other run, in the gap after this listing was read
            return listed

    result = _run(StaleListing(service), ledger, _job())
    assert result.error is None and result.action == 'keep'
    assert service.creates == [JOB_KEY]  # one create, the other run's
    assert result.current['id'] == ledger.get(SCOPE, JOB_KEY)['id']


def test_a_listed_first_run_reads_the_ledger_once_for_all_its_items(tmp_path):
    service = FakeService()
    ledger = CountingLedger(str(tmp_path / 'ledger.json'))
    items = [Item('title-%d' % n, 'packaging job title-%d' % n, {'content_id': 'title-%d' % n}) for n in range(20)]
    results = _engine(ListedSource(service), ledger).run(items)
    assert [r.action for r in results] == ['create'] * 20 and all(r.error is None for r in results)
    # one read to decide every item; the claims and records are written a chunk at a time, each write reading once
    assert ledger.reads <= 4
    ledger.reads = 0
    again = _engine(ListedSource(service), ledger).run(items)
    assert [r.action for r in again] == ['keep'] * 20
    assert ledger.reads == 1  # one look for claims, no entry read: the listing settles every item
