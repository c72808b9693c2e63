# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ensure(): create once, found again through a real file ledger."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import os

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
