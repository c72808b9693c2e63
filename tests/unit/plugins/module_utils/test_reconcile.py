# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ensure(): create once, found again through a real file ledger."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import multiprocessing
import os
import re
import threading
import time

import pytest

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, MediaopsError, NotFoundError
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FileLedger
from ansible_collections.mediaops.video.plugins.module_utils._reconcile import ensure

SCOPE = 'ankoder|video|http://api.example.com'
KEY = 'ftp://bob:key-password@ftp.example.com/in/a.mp4'
LABEL = 'video ftp://bob:********@ftp.example.com/in/a.mp4'
REQUEST = {'url': 'ftp://bob:key-password@ftp.example.com/in/a.mp4', 'width': 640}
SHOWN = {'url': 'ftp://bob:********@ftp.example.com/in/a.mp4', 'width': 640}
CHANGED = {'url': 'ftp://bob:key-password@ftp.example.com/in/a.mp4', 'width': 720}
CHANGED_SHOWN = {'url': 'ftp://bob:********@ftp.example.com/in/a.mp4', 'width': 720}


def _fingerprint_of(canonical):
    return hashlib.sha256(canonical.encode('utf-8')).hexdigest()


FINGERPRINT = _fingerprint_of('{"url":"ftp://bob:key-password@ftp.example.com/in/a.mp4","width":640}')
CHANGED_FINGERPRINT = _fingerprint_of('{"url":"ftp://bob:key-password@ftp.example.com/in/a.mp4","width":720}')
# One short digest per field, of that field's canonical JSON: which fields changed, without their values.
FIELDS = {'url': _fingerprint_of('"ftp://bob:key-password@ftp.example.com/in/a.mp4"')[:16], 'width': _fingerprint_of('640')[:16]}


class FakeService(object):
    """A test double of the remote service: objects by id, calls counted."""

    def __init__(self, first_id=100):
        self.objects = {}
        self.next_id = first_id
        self.fetched = []
        self.created = 0
        self.create_error = None

    def fetch(self, remote_id):
        self.fetched.append(remote_id)
        if remote_id not in self.objects:
            raise NotFoundError('GET /video/%s answered HTTP 404' % remote_id, status=404)
        return dict(self.objects[remote_id])

    def create(self):
        self.created += 1
        if self.create_error is not None:
            raise self.create_error
        remote_id = self.next_id
        self.next_id += 1
        self.objects[remote_id] = {'id': remote_id, 'progress': 0}
        return dict(self.objects[remote_id])


@pytest.fixture
def ledger(tmp_path):
    return FileLedger(str(tmp_path / 'ledger.json'))


@pytest.fixture
def service():
    return FakeService()


def _ensure(ledger, service, request=None, shown=None, check_mode=False, recreate_unknown=False, retry_failed=False):
    return ensure(ledger, SCOPE, KEY, LABEL, request or REQUEST, shown or SHOWN, service.fetch, service.create,
                  check_mode, recreate_unknown=recreate_unknown, retry_failed=retry_failed,
                  failed=lambda obj: obj.get('status') == 'failed')


def _without_time(entry):
    return dict((k, v) for k, v in entry.items() if k not in ('updated_at', 'created_at'))


def test_create_when_absent(ledger, service):
    outcome = _ensure(ledger, service)
    assert outcome.changed is True
    assert service.created == 1 and service.fetched == []
    assert outcome.current == {'id': 100, 'progress': 0}
    assert outcome.diff() == {'before': {}, 'after': dict(SHOWN, id=100)}
    assert 'not in the ledger' in outcome.reason
    entry = ledger.get(SCOPE, KEY)
    assert _without_time(entry) == {'id': 100, 'fingerprint': FINGERPRINT, 'fields': FIELDS, 'request': SHOWN, 'label': LABEL}
    assert 'pending' not in entry
    with open(ledger.path, 'rb') as handle:
        assert b'key-password' not in handle.read()


def test_unchanged_is_one_fetch(ledger, service):
    _ensure(ledger, service)
    service.objects[100]['progress'] = 100
    outcome = _ensure(ledger, service)
    assert outcome.changed is False
    assert service.created == 1
    assert service.fetched == [100]
    assert outcome.current == {'id': 100, 'progress': 100}
    assert outcome.before == outcome.after == dict(SHOWN, id=100)


def test_unchanged_after_normalising(ledger, service):
    _ensure(ledger, service)
    outcome = _ensure(ledger, service, request=dict(REQUEST, width='640'))
    assert outcome.changed is False and service.created == 1


def test_changed_request_creates_again(ledger, service):
    _ensure(ledger, service)
    outcome = _ensure(ledger, service, request=CHANGED, shown=CHANGED_SHOWN)
    assert outcome.changed is True
    assert service.created == 2 and service.fetched == [100]
    assert outcome.before == dict(SHOWN, id=100)
    assert outcome.after == dict(CHANGED_SHOWN, id=101)
    assert 'differs' in outcome.reason and '100' in outcome.reason
    entry = ledger.get(SCOPE, KEY)
    assert entry['id'] == 101 and entry['fingerprint'] == CHANGED_FINGERPRINT and entry['request'] == CHANGED_SHOWN


def test_gone_remote_is_recreated(ledger, service):
    _ensure(ledger, service)
    del service.objects[100]
    outcome = _ensure(ledger, service)
    assert outcome.changed is True
    assert service.created == 2 and service.fetched == [100]
    assert outcome.before is None and outcome.after == dict(SHOWN, id=101)
    assert 'no longer knows' in outcome.reason
    assert ledger.get(SCOPE, KEY)['id'] == 101


def test_check_mode_absent(ledger, service):
    outcome = _ensure(ledger, service, check_mode=True)
    assert outcome.changed is True
    assert service.created == 0
    assert outcome.after == dict(SHOWN, id=None) and outcome.current is None
    assert ledger.get(SCOPE, KEY) is None
    assert not os.path.exists(ledger.path)


def test_check_mode_changed_and_unchanged(ledger, service):
    _ensure(ledger, service)
    with open(ledger.path, 'rb') as handle:
        before_bytes = handle.read()
    outcome = _ensure(ledger, service, request=CHANGED, shown=CHANGED_SHOWN, check_mode=True)
    assert outcome.changed is True
    assert outcome.before == dict(SHOWN, id=100) and outcome.after == dict(CHANGED_SHOWN, id=None)
    assert _ensure(ledger, service, check_mode=True).changed is False
    assert service.created == 1
    with open(ledger.path, 'rb') as handle:
        assert handle.read() == before_bytes


def test_lost_answer_stays_pending_and_blocks(ledger, service):
    service.create_error = ApiError('POST /download answered HTTP 503 (the write may have been carried out)',
                                    status=503, method='POST', may_have_applied=True)
    with pytest.raises(MediaopsError) as info:
        _ensure(ledger, service)
    error = info.value
    assert not isinstance(error, ApiError)
    assert 'marked pending' in error.message and 'on_unknown_outcome' in error.message
    assert error.details()['may_have_applied'] is True and error.details()['status'] == 503
    assert error.details()['ledger'] == ledger.describe()
    entry = ledger.get(SCOPE, KEY)
    assert entry['pending'] is True and entry['fingerprint'] == FINGERPRINT and 'id' not in entry
    assert entry['request'] == SHOWN

    service.create_error = None
    with pytest.raises(MediaopsError) as info:
        _ensure(ledger, service)
    assert 'on_unknown_outcome=recreate' in info.value.message
    assert service.created == 1 and service.fetched == []
    assert ledger.get(SCOPE, KEY)['pending'] is True

    outcome = _ensure(ledger, service, check_mode=True, recreate_unknown=True)
    assert outcome.changed is True and service.created == 1
    assert ledger.get(SCOPE, KEY)['pending'] is True

    outcome = _ensure(ledger, service, recreate_unknown=True)
    assert outcome.changed is True and service.created == 2
    assert 'unknown outcome' in outcome.reason
    entry = ledger.get(SCOPE, KEY)
    assert entry['id'] == 100 and 'pending' not in entry
    assert _ensure(ledger, service).changed is False


def test_certain_failure_removes_the_pending_mark(ledger, service):
    failure = ApiError('POST /download answered HTTP 422: Source url is invalid', status=422)
    service.create_error = failure
    with pytest.raises(ApiError) as info:
        _ensure(ledger, service)
    assert info.value is failure
    assert ledger.get(SCOPE, KEY) is None
    service.create_error = None
    assert _ensure(ledger, service).changed is True and service.created == 2


def test_certain_failure_restores_the_previous_entry(ledger, service):
    _ensure(ledger, service)
    previous = ledger.get(SCOPE, KEY)
    service.create_error = ApiError('POST /download failed: connection refused', may_have_applied=False)
    with pytest.raises(ApiError):
        _ensure(ledger, service, request=CHANGED, shown=CHANGED_SHOWN)
    restored = ledger.get(SCOPE, KEY)
    assert _without_time(restored) == _without_time(previous)
    assert restored['id'] == 100 and restored['fingerprint'] == FINGERPRINT and 'pending' not in restored
    service.create_error = None
    assert _ensure(ledger, service).changed is False


def test_interrupted_create_stays_pending(ledger, service):
    service.create_error = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        _ensure(ledger, service)
    entry = ledger.get(SCOPE, KEY)
    assert entry is not None and entry.get('pending') is True


def test_a_changed_request_names_the_changed_fields(ledger, service):
    _ensure(ledger, service)
    outcome = _ensure(ledger, service, request=CHANGED, shown=CHANGED_SHOWN)
    assert outcome.changed and service.created == 2
    assert 'differs in width from the one that created id 100' in outcome.reason


def test_a_changed_url_password_is_named_though_masked(ledger, service):
    _ensure(ledger, service)
    other = dict(REQUEST, url='ftp://bob:new-password@ftp.example.com/in/a.mp4')
    outcome = _ensure(ledger, service, request=other, shown=SHOWN)
    assert outcome.changed
    assert 'differs in url ' in outcome.reason
    # the masked diff is the same on both sides but for the id: the reason is what tells them apart
    assert outcome.before == dict(SHOWN, id=100)
    assert outcome.after == dict(SHOWN, id=101)


def test_a_failed_remote_is_kept_unless_retry_failed(ledger, service):
    _ensure(ledger, service)
    service.objects[100]['status'] = 'failed'
    kept = _ensure(ledger, service)
    assert not kept.changed and kept.current['status'] == 'failed' and service.created == 1
    retried = _ensure(ledger, service, retry_failed=True)
    assert retried.changed and service.created == 2
    assert 'id 100 failed at the service; retry_failed' in retried.reason
    assert ledger.get(SCOPE, KEY)['id'] == 101


# ---------------------------------------------------------------- several runs at once: claim, wait, exactly once

NOW = 1767225600.0  # 2026-01-01T00:00:00Z


def _iso(seconds):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))


class Clock(object):
    """Time that passes only when the code under test sleeps; ``on_sleep`` plays the other run."""

    def __init__(self, on_sleep=None):
        self.now = NOW
        self.slept = []
        self.on_sleep = on_sleep

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds
        if self.on_sleep:
            self.on_sleep(len(self.slept))


def _other_runs_mark(ledger, expires_in=60, fingerprint=FINGERPRINT):
    ledger.put(SCOPE, KEY, {'pending': True, 'since': _iso(NOW - 1), 'expires': _iso(NOW + expires_in), 'owner': 'other-run',
                            'fingerprint': fingerprint, 'fields': FIELDS, 'request': SHOWN, 'label': LABEL})


def _timed_ensure(ledger, service, clock, **kwargs):
    kwargs.setdefault('pending_window', 120)
    return ensure(ledger, SCOPE, KEY, LABEL, REQUEST, SHOWN, service.fetch, service.create, kwargs.pop('check_mode', False),
                  sleep=clock.sleep, clock=clock, **kwargs)


def test_the_pending_mark_names_its_run_and_expiry(ledger, service):
    seen = []
    real_create = service.create

    def create():
        seen.append(ledger.get(SCOPE, KEY))
        return real_create()

    clock = Clock()
    ensure(ledger, SCOPE, KEY, LABEL, REQUEST, SHOWN, service.fetch, create, False, pending_window=90,
           sleep=clock.sleep, clock=clock)
    mark = seen[0]
    assert mark['pending'] is True and mark['fingerprint'] == FINGERPRINT
    assert re.match(r'^[0-9a-f]{32}$', mark['owner'])
    assert mark['expires'] == _iso(NOW + 90)
    assert 'owner' not in ledger.get(SCOPE, KEY) and 'expires' not in ledger.get(SCOPE, KEY)


def test_a_fresh_mark_of_another_run_is_waited_for_then_taken_as_existing(ledger, service):
    service.objects[100] = {'id': 100, 'progress': 0}

    def other_run_finishes(sleeps):
        if sleeps == 3:
            ledger.put(SCOPE, KEY, {'id': 100, 'fingerprint': FINGERPRINT, 'fields': FIELDS, 'request': SHOWN, 'label': LABEL})

    _other_runs_mark(ledger)
    clock = Clock(other_run_finishes)
    outcome = _timed_ensure(ledger, service, clock)
    assert outcome.changed is False and outcome.current == {'id': 100, 'progress': 0}
    assert service.created == 0 and service.fetched == [100]
    assert len(clock.slept) == 3 and clock.slept == sorted(clock.slept)  # backing off
    assert ledger.get(SCOPE, KEY)['id'] == 100


def test_check_mode_waits_too_and_writes_nothing(ledger, service):
    service.objects[100] = {'id': 100}
    _other_runs_mark(ledger)
    clock = Clock(lambda sleeps: ledger.put(SCOPE, KEY, {'id': 100, 'fingerprint': FINGERPRINT}))
    outcome = _timed_ensure(ledger, service, clock, check_mode=True)
    assert outcome.changed is False and service.created == 0 and len(clock.slept) == 1


def test_when_the_other_run_certainly_failed_this_one_creates(ledger, service):
    _other_runs_mark(ledger)
    clock = Clock(lambda sleeps: ledger.delete(SCOPE, KEY))  # its create was refused: the mark is gone
    outcome = _timed_ensure(ledger, service, clock)
    assert outcome.changed is True and service.created == 1
    assert ledger.get(SCOPE, KEY)['id'] == 100


def test_a_mark_that_outlives_its_expiry_is_refused_as_a_lost_answer(ledger, service):
    _other_runs_mark(ledger, expires_in=10)
    clock = Clock()
    with pytest.raises(MediaopsError) as info:
        _timed_ensure(ledger, service, clock)
    assert 'never got the answer' in info.value.message and 'on_unknown_outcome=recreate' in info.value.message
    assert service.created == 0
    assert NOW + 10 <= clock.now < NOW + 10 + 5.01  # waited until the mark expired, not longer
    outcome = _timed_ensure(ledger, service, Clock(), recreate_unknown=True)
    assert outcome.changed is True and service.created == 1
    assert 'unknown outcome' in outcome.reason


def test_waiting_is_bounded_by_this_runs_window(ledger, service):
    _other_runs_mark(ledger, expires_in=3600)
    clock = Clock()
    with pytest.raises(MediaopsError) as info:
        _timed_ensure(ledger, service, clock, pending_window=30)
    assert 'another run has been creating %s since' % LABEL in info.value.message
    assert service.created == 0
    assert NOW + 30 <= clock.now < NOW + 30 + 5.01
    assert ledger.get(SCOPE, KEY)['owner'] == 'other-run'


def test_an_old_mark_without_expiry_is_refused_at_once(ledger, service):
    ledger.put(SCOPE, KEY, {'pending': True, 'since': '2025-01-01T00:00:00Z', 'fingerprint': FINGERPRINT})
    clock = Clock()
    with pytest.raises(MediaopsError) as info:
        _timed_ensure(ledger, service, clock)
    assert 'on_unknown_outcome=recreate' in info.value.message and clock.slept == []


def test_a_lost_answer_expires_the_mark_at_once(ledger, service):
    service.create_error = ApiError('POST /download timed out', may_have_applied=True)
    clock = Clock()
    with pytest.raises(MediaopsError):
        _timed_ensure(ledger, service, clock)
    entry = ledger.get(SCOPE, KEY)
    assert entry['pending'] is True and entry['owner'] and entry['expires'] == _iso(NOW)
    other = Clock()
    with pytest.raises(MediaopsError) as info:
        _timed_ensure(ledger, service, other)
    assert 'never got the answer' in info.value.message and other.slept == []


class RacingLedger(object):
    """A real file ledger on which another run acts right before this run's claim reaches it."""

    def __init__(self, inner, before_claim=None, drop_answer=False):
        self.inner = inner
        self.before_claim = before_claim
        self.drop_answer = drop_answer
        self.claims = 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def claim(self, scope, key, entry, version=None):
        self.claims += 1
        if self.before_claim and self.claims == 1:
            self.before_claim()
        answer = self.inner.claim(scope, key, entry, version)
        if self.drop_answer and self.claims == 1:
            return None  # written, but the answer was lost (and a retry saw its own write: 412)
        return answer


def test_a_lost_claim_reads_again_and_finds_the_winners_result(ledger, service):
    service.objects[100] = {'id': 100}
    racing = RacingLedger(ledger, before_claim=lambda: ledger.put(
        SCOPE, KEY, {'id': 100, 'fingerprint': FINGERPRINT, 'fields': FIELDS, 'request': SHOWN}))
    outcome = _timed_ensure(racing, service, Clock())
    assert outcome.changed is False and service.created == 0 and racing.claims == 1


def test_a_lost_claim_waits_for_the_winners_fresh_mark(ledger, service):
    service.objects[100] = {'id': 100}
    racing = RacingLedger(ledger, before_claim=lambda: _other_runs_mark(ledger))
    clock = Clock(lambda sleeps: ledger.put(SCOPE, KEY, {'id': 100, 'fingerprint': FINGERPRINT}))
    outcome = _timed_ensure(racing, service, clock)
    assert outcome.changed is False and service.created == 0 and len(clock.slept) == 1


def test_a_claim_whose_answer_was_lost_is_still_this_runs(ledger, service):
    racing = RacingLedger(ledger, drop_answer=True)
    outcome = _timed_ensure(racing, service, Clock())
    assert outcome.changed is True and service.created == 1 and racing.claims == 1
    assert ledger.get(SCOPE, KEY)['id'] == 100


def test_a_refused_create_does_not_remove_a_mark_another_run_took_over(ledger, service):
    def create():
        ledger.put(SCOPE, KEY, {'pending': True, 'owner': 'recreating-run', 'expires': _iso(NOW + 60)})
        raise ApiError('POST /download answered HTTP 422', status=422)

    with pytest.raises(ApiError):
        ensure(ledger, SCOPE, KEY, LABEL, REQUEST, SHOWN, service.fetch, create, False)
    assert ledger.get(SCOPE, KEY)['owner'] == 'recreating-run'


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

    def creator(self, key):
        def create():
            with self.lock:
                remote_id = '%d-%d-%s' % (os.getpid(), threading.get_ident(), os.urandom(4).hex())
                with open(self.log, 'a') as handle:
                    handle.write('%s %s\n' % (remote_id, key))
            return {'id': remote_id}
        return create

    def creates(self):
        with open(self.log) as handle:
            return sorted(line.split()[1] for line in handle)


CATALOG = ['title-%02d' % number for number in range(12)]


def _reconcile_catalog(path, log, start, results):
    start.wait(30)
    ledger = FileLedger(path)
    service = SharedService(log)
    changed = 0
    for key in CATALOG:
        changed += ensure(ledger, SCOPE, key, 'job ' + key, {'key': key}, {'key': key}, service.fetch,
                          service.creator(key), False).changed
    results.put(changed)


def test_parallel_processes_create_each_thing_once(tmp_path):
    path, log = str(tmp_path / 'ledger.json'), str(tmp_path / 'creates.log')
    open(log, 'w').close()
    context = multiprocessing.get_context('fork')
    start = context.Event()
    results = context.Queue()
    workers = [context.Process(target=_reconcile_catalog, args=(path, log, start, results)) for _n in range(4)]
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
    service = SharedService(log)
    barrier = threading.Barrier(6)
    changed = []

    def run():
        ledger = FileLedger(path)
        barrier.wait(30)
        for key in CATALOG:
            changed.append(ensure(ledger, SCOPE, key, 'job ' + key, {'key': key}, {'key': key}, service.fetch,
                                  service.creator(key), False).changed)

    threads = [threading.Thread(target=run) for _n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert service.creates() == CATALOG
    assert len(changed) == 6 * len(CATALOG) and sum(changed) == len(CATALOG)
