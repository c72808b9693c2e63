# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The S3 ledger against a real S3 API (moto's server in a child process): conditional writes, races, errors."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import itertools
import json
import os
import select
import subprocess
import sys
import threading

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _errors, _ledger_s3
from ansible_collections.mediaops.video.plugins.module_utils._create_once import LEDGERED, LISTED, Engine, Item, Kind, Options, Source
from ansible_collections.mediaops.video.plugins.module_utils._errors import LedgerError
from ansible_collections.mediaops.video.plugins.module_utils._ledger import entry_id, open_ledger
from ansible_collections.mediaops.video.plugins.module_utils._ledger_s3 import S3Ledger
from ansible_collections.mediaops.video.tests.unit.plugins.module_utils import ledger_races
from ansible_collections.mediaops.video.tests.unit.plugins.module_utils.local_server import LocalServer

boto3 = pytest.importorskip('boto3')
botocore_stub = pytest.importorskip('botocore.stub')
botocore_exceptions = pytest.importorskip('botocore.exceptions')
pytest.importorskip('moto.server')

SCOPE = 'ankoder|job|http://api.example.com'
SECRET_KEY = 'ftp://bob:hunter2-very-secret@ftp.example.com/in/source.mp4'
ACCESS_KEY = 'AKIAMEDIAOPSTESTING1'
SECRET_ACCESS_KEY = 'moto-secret-access-key-never-shown'

# The server runs in its own process so that the racing processes and threads below are clients only.
# moto checks a conditional write and then stores the object in two steps, where S3 does both atomically:
# its requests are served one at a time (on many connections at once), which gives S3's guarantee.
SERVER = r'''
import sys, threading
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server
app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()
def one_at_a_time(environ, start_response):
    with lock:
        return list(app(environ, start_response))
server = make_server('127.0.0.1', 0, one_at_a_time, threaded=True, request_handler=MotoRequestHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(server.server_address[1], flush=True)
sys.stdin.read()  # until the test closes the pipe (or dies)
server.shutdown()
'''

_buckets = itertools.count(1)


@pytest.fixture(scope='module')
def endpoint():
    process = subprocess.Popen([sys.executable, '-c', SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    try:
        ready, _w, _x = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else b''
        assert line.strip().isdigit(), 'the S3 test server did not start'
        yield 'http://127.0.0.1:%d' % int(line)
    finally:
        process.stdin.close()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def aws(endpoint, monkeypatch, tmp_path):
    """The environment a run on AWX would have: endpoint and credentials in AWS_* variables."""
    for name in ('AWS_PROFILE', 'AWS_ENDPOINT_URL_S3', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('AWS_CONFIG_FILE', str(tmp_path / 'no-config'))
    monkeypatch.setenv('AWS_SHARED_CREDENTIALS_FILE', str(tmp_path / 'no-credentials'))
    monkeypatch.setenv('AWS_EC2_METADATA_DISABLED', 'true')
    monkeypatch.setenv('AWS_ENDPOINT_URL', endpoint)
    monkeypatch.setenv('AWS_ACCESS_KEY_ID', ACCESS_KEY)
    monkeypatch.setenv('AWS_SECRET_ACCESS_KEY', SECRET_ACCESS_KEY)
    monkeypatch.setenv('AWS_DEFAULT_REGION', 'us-east-1')
    return endpoint


def _client():
    return boto3.session.Session().client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])


@pytest.fixture
def bucket(aws):
    name = 'mediaops-ledger-%d-%d' % (os.getpid(), next(_buckets))
    _client().create_bucket(Bucket=name)
    return name


@pytest.fixture
def ledger(bucket):
    return open_ledger('s3://%s/awx/prod' % bucket)


def _objects(bucket):
    client = _client()
    found = {}
    for page in client.get_paginator('list_objects_v2').paginate(Bucket=bucket):
        for item in page.get('Contents') or ():
            found[item['Key']] = client.get_object(Bucket=bucket, Key=item['Key'])['Body'].read()
    return found


def test_the_test_server_enforces_conditional_writes(bucket):
    """What the backend relies on: S3 answers 412 to a losing If-None-Match / If-Match put."""
    client = _client()
    first = client.put_object(Bucket=bucket, Key='k', Body=b'1', IfNoneMatch='*')
    with pytest.raises(botocore_exceptions.ClientError) as info:
        client.put_object(Bucket=bucket, Key='k', Body=b'2', IfNoneMatch='*')
    assert info.value.response['Error']['Code'] == 'PreconditionFailed'
    with pytest.raises(botocore_exceptions.ClientError) as info:
        client.put_object(Bucket=bucket, Key='k', Body=b'3', IfMatch='"0123456789abcdef0123456789abcdef"')
    assert info.value.response['ResponseMetadata']['HTTPStatusCode'] == 412
    client.put_object(Bucket=bucket, Key='k', Body=b'4', IfMatch=first['ETag'])
    assert client.get_object(Bucket=bucket, Key='k')['Body'].read() == b'4'


def test_open_ledger_parses_the_url(aws):
    ledger = open_ledger('s3://my-bucket/awx/prod/')
    assert isinstance(ledger, S3Ledger)
    assert (ledger.bucket, ledger.prefix) == ('my-bucket', 'awx/prod')
    assert ledger.describe() == 's3://my-bucket/awx/prod (endpoint %s)' % aws
    bare = open_ledger('s3://my-bucket')
    assert bare.prefix == '' and bare.object_key('x').endswith('.json') and '/' not in bare.object_key('x')


def test_describe_without_endpoint(monkeypatch):
    monkeypatch.delenv('AWS_ENDPOINT_URL', raising=False)
    monkeypatch.delenv('AWS_ENDPOINT_URL_S3', raising=False)
    assert S3Ledger('my-bucket', 'p').describe() == 's3://my-bucket/p'
    monkeypatch.setenv('AWS_ENDPOINT_URL_S3', 'https://user:pw-in-url@minio.example.com:9000/')
    assert S3Ledger('my-bucket', 'p').describe() == 's3://my-bucket/p (endpoint https://minio.example.com:9000/)'


@pytest.mark.parametrize('url', ['s3://', 's3:///prefix', 's3://key:secret@bucket/prefix'])
def test_bad_urls(aws, url):
    with pytest.raises(LedgerError) as info:
        open_ledger(url)
    assert 's3://bucket/prefix' in info.value.message
    assert 'secret' not in info.value.message


def test_round_trip(ledger, bucket):
    assert ledger.get(SCOPE, 'k1') is None
    stored = ledger.put(SCOPE, 'k1', {'id': 8206, 'fingerprint': 'abc', 'request': {'width': 640}})
    assert stored['id'] == 8206 and 'updated_at' in stored
    assert ledger.get(SCOPE, 'k1') == stored
    assert open_ledger('s3://%s/awx/prod' % bucket).get(SCOPE, 'k1') == stored
    assert open_ledger('s3://%s/awx/other' % bucket).get(SCOPE, 'k1') is None
    assert ledger.get(SCOPE, 'k2') is None and ledger.get('other|scope', 'k1') is None
    ledger.put(SCOPE, 'k1', {'id': 8207})
    assert ledger.get(SCOPE, 'k1')['id'] == 8207 and 'fingerprint' not in ledger.get(SCOPE, 'k1')
    ledger.delete(SCOPE, 'k1')
    assert ledger.get(SCOPE, 'k1') is None
    ledger.delete(SCOPE, 'k1')  # deleting what is gone is no error
    assert _objects(bucket) == {}


def test_one_object_per_entry_named_by_digest(ledger, bucket):
    ledger.put(SCOPE, SECRET_KEY, {'id': 1, 'label': 'source video'})
    ledger.put(SCOPE, 'other', {'id': 2})
    objects = _objects(bucket)
    name = entry_id(SCOPE, SECRET_KEY)
    expected_key = 'awx/prod/%s.json' % hashlib.sha256(name.encode('utf-8')).hexdigest()
    assert sorted(objects) == sorted([expected_key, ledger.object_key(entry_id(SCOPE, 'other'))])
    document = json.loads(objects[expected_key].decode('utf-8'))
    assert document['version'] == 1 and document['name'] == name and document['entry']['id'] == 1
    for key, body in objects.items():
        assert b'hunter2' not in body and 'hunter2' not in key
    assert ledger.entries() == {name: ledger.get(SCOPE, SECRET_KEY), entry_id(SCOPE, 'other'): ledger.get(SCOPE, 'other')}


def test_entries_ignores_other_prefixes(ledger, bucket):
    ledger.put(SCOPE, 'mine', {'id': 1})
    open_ledger('s3://%s/awx/prod/nested' % bucket).put(SCOPE, 'nested', {'id': 2})
    open_ledger('s3://%s/awx' % bucket).put(SCOPE, 'parent', {'id': 3})
    assert list(ledger.entries()) == [entry_id(SCOPE, 'mine')]


def test_claim_create_if_absent_and_compare_and_swap(ledger):
    won = ledger.claim(SCOPE, 'k', {'pending': True, 'owner': 'a'})
    assert won is not None
    stored, version = won
    assert stored['owner'] == 'a' and version
    assert ledger.claim(SCOPE, 'k', {'pending': True, 'owner': 'b'}) is None  # exists: the create-if-absent loses
    assert ledger.read(SCOPE, 'k') == (stored, version)
    replaced = ledger.claim(SCOPE, 'k', {'id': 7, 'owner': 'a'}, version)
    assert replaced is not None and replaced[1] != version
    assert ledger.claim(SCOPE, 'k', {'id': 8}, version) is None  # stale version: the swap loses
    assert ledger.get(SCOPE, 'k')['id'] == 7
    ledger.delete(SCOPE, 'k')
    assert ledger.claim(SCOPE, 'k', {'id': 9}, replaced[1]) is None  # gone: a swap cannot bring it back
    assert ledger.get(SCOPE, 'k') is None


def test_corrupt_object_is_a_ledger_error(ledger, bucket):
    _client().put_object(Bucket=bucket, Key=ledger.object_key(entry_id(SCOPE, 'k')), Body=b'{not json')
    with pytest.raises(LedgerError) as info:
        ledger.get(SCOPE, 'k')
    assert 'not valid JSON' in info.value.message
    _client().put_object(Bucket=bucket, Key=ledger.object_key(entry_id(SCOPE, 'k')), Body=b'[]')
    with pytest.raises(LedgerError) as info:
        ledger.get(SCOPE, 'k')
    assert 'not a mediaops.video ledger entry' in info.value.message


def test_missing_bucket(aws):
    ledger = open_ledger('s3://mediaops-no-such-bucket/p')
    for call in (lambda: ledger.get(SCOPE, 'k'), lambda: ledger.put(SCOPE, 'k', {'id': 1}),
                 lambda: ledger.claim(SCOPE, 'k', {'id': 1})):
        with pytest.raises(LedgerError) as info:
            call()
        assert 'the bucket mediaops-no-such-bucket of the ledger s3://mediaops-no-such-bucket/p' in info.value.message
        assert 'does not exist' in info.value.message
        assert SECRET_ACCESS_KEY not in str(info.value.details())


def test_no_credentials(aws, monkeypatch):
    for name in ('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'):
        monkeypatch.delenv(name)
    monkeypatch.delenv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', raising=False)
    monkeypatch.delenv('AWS_CONTAINER_CREDENTIALS_FULL_URI', raising=False)
    monkeypatch.delenv('AWS_WEB_IDENTITY_TOKEN_FILE', raising=False)
    with pytest.raises(LedgerError) as info:
        open_ledger('s3://some-bucket/p').get(SCOPE, 'k')
    assert 'no AWS credentials for the ledger s3://some-bucket/p' in info.value.message
    assert 'AWS_ACCESS_KEY_ID' in info.value.message


def _stubbed(code, status, operation='get_object'):
    client = boto3.session.Session().client('s3', region_name='us-east-1', aws_access_key_id=ACCESS_KEY,
                                            aws_secret_access_key=SECRET_ACCESS_KEY)
    stubber = botocore_stub.Stubber(client)
    stubber.add_client_error(operation, service_error_code=code, service_message='%s from S3' % code,
                             http_status_code=status)
    stubber.activate()
    return S3Ledger('locked-bucket', 'p', client=client)


def test_access_denied_names_the_permissions(monkeypatch):
    monkeypatch.delenv('AWS_ENDPOINT_URL', raising=False)
    monkeypatch.delenv('AWS_ENDPOINT_URL_S3', raising=False)
    with pytest.raises(LedgerError) as info:
        _stubbed('AccessDenied', 403).get(SCOPE, 'k')
    assert info.value.message == ('access denied to the ledger s3://locked-bucket/p (read): the credentials need '
                                  's3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket on that bucket and prefix')
    with pytest.raises(LedgerError) as info:
        _stubbed('AccessDenied', 403, 'put_object').claim(SCOPE, 'k', {'id': 1})
    assert 'access denied' in info.value.message and '(write)' in info.value.message


@pytest.mark.parametrize('code', ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken'])
def test_refused_credentials(code):
    with pytest.raises(LedgerError) as info:
        _stubbed(code, 403).get(SCOPE, 'k')
    assert 'S3 refused the credentials' in info.value.message and code in info.value.message
    assert SECRET_ACCESS_KEY not in info.value.message and ACCESS_KEY not in info.value.message


def test_other_errors_keep_the_code(monkeypatch):
    monkeypatch.delenv('AWS_ENDPOINT_URL', raising=False)
    monkeypatch.delenv('AWS_ENDPOINT_URL_S3', raising=False)
    with pytest.raises(LedgerError) as info:
        _stubbed('SlowDown', 503, 'put_object').put(SCOPE, 'k', {'id': 1})
    assert info.value.message == 'cannot write the ledger s3://locked-bucket/p: S3 answered 503 SlowDown: SlowDown from S3'


# ---------------------------------------------------------------- races: many writers on one S3 ledger

def test_concurrent_processes_lose_no_entries(bucket):
    ledger_races.assert_writers_lose_nothing('s3://%s/awx/prod' % bucket, writers=6, keys=8)


def test_exactly_one_process_wins_a_claim(bucket):
    ledger_races.assert_one_claim_wins('s3://%s/awx/prod' % bucket, contenders=8)


def test_exactly_one_thread_wins_a_claim_per_key(ledger):
    threads, keys = 12, 6
    barrier = threading.Barrier(threads)
    wins = []
    lock = threading.Lock()

    def run(number):
        mine = open_ledger('s3://%s/awx/prod' % ledger.bucket)
        barrier.wait(30)
        for index in range(keys):
            if mine.claim(SCOPE, 'key-%d' % index, {'owner': number}) is not None:
                with lock:
                    wins.append((index, number))

    workers = [threading.Thread(target=run, args=(number,)) for number in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert sorted(index for index, _number in wins) == list(range(keys))
    for index, number in wins:
        assert ledger.get(SCOPE, 'key-%d' % index)['owner'] == number


def test_compare_and_swap_loses_no_update(ledger):
    """Read-modify-claim from many threads: every increment lands once, the ones that lost read again."""
    threads, rounds = 8, 5
    ledger.put(SCOPE, 'counter', {'count': 0})
    barrier = threading.Barrier(threads)
    conflicts = []

    def run():
        mine = open_ledger('s3://%s/awx/prod' % ledger.bucket)
        barrier.wait(30)
        for _round in range(rounds):
            while True:
                entry, version = mine.read(SCOPE, 'counter')
                if mine.claim(SCOPE, 'counter', {'count': entry['count'] + 1}, version) is not None:
                    break
                conflicts.append(1)

    workers = [threading.Thread(target=run) for _number in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert ledger.get(SCOPE, 'counter')['count'] == threads * rounds


class CountingService(Source):
    """A thread-safe double of a paid service that cannot be searched (a ledgered kind): every create counted by key."""

    def __init__(self):
        Source.__init__(self, Kind('ankoder', 'job', LEDGERED, 'Ankoder'))
        self.lock = threading.Lock()
        self.objects = {}
        self.created = {}

    def fetch(self, item, remote_id):
        with self.lock:
            return dict(self.objects[remote_id])

    def create(self, item):
        with self.lock:
            self.created[item.key] = self.created.get(item.key, 0) + 1
            remote_id = len(self.objects) + 1
            self.objects[remote_id] = {'id': remote_id, 'key': item.key}
            return dict(self.objects[remote_id])


def test_parallel_runs_create_each_thing_once(ledger):
    """Threads reconciling the same catalog on one S3 ledger: one create per key, the others find it."""
    service = CountingService()
    runs, catalog = 6, ['title-%d' % n for n in range(5)]
    barrier = threading.Barrier(runs)
    changed = []
    errors = []

    def run():
        mine = open_ledger('s3://%s/awx/prod' % ledger.bucket)
        barrier.wait(30)
        engine = Engine(service, mine, SCOPE, Options(concurrency=2))
        for result in engine.run([Item(key, 'job %s' % key, {'key': key}) for key in catalog]):
            if result.error is not None:
                errors.append(result.error)
                continue
            changed.append((result.item.key, result.changed, result.current['id']))

    workers = [threading.Thread(target=run) for _number in range(runs)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
    assert errors == []
    assert service.created == dict((key, 1) for key in catalog)
    assert len(changed) == runs * len(catalog)
    for key in catalog:
        results = [(flag, remote_id) for name, flag, remote_id in changed if name == key]
        assert sorted(flag for flag, _id in results) == [False] * (runs - 1) + [True]
        assert len(set(remote_id for _flag, remote_id in results)) == 1
        assert ledger.get(SCOPE, key)['id'] == results[0][1] and 'pending' not in ledger.get(SCOPE, key)


def test_a_lost_answer_claim_blocks_a_second_run_on_s3(ledger):
    """The claim of a create whose answer was lost stays in the S3 ledger; the next run sends nothing."""
    service = CountingService()
    item = Item('title-lost', 'job title-lost', {'key': 'title-lost'})

    def lost(item):
        service.created[item.key] = service.created.get(item.key, 0) + 1
        raise _errors.ApiError('POST /job timed out', method='POST', may_have_applied=True)

    service.create = lost
    (first,) = Engine(service, ledger, SCOPE, Options()).run([item])
    assert 'may have created job title-lost' in first.error.message and 'on_unknown_outcome' in first.error.message
    entry = ledger.get(SCOPE, 'title-lost')
    assert entry['pending'] is True and 'id' not in entry
    (second,) = Engine(service, open_ledger('s3://%s/awx/prod' % ledger.bucket), SCOPE, Options()).run([item])
    assert 'never recorded its answer' in second.error.message
    assert service.created == {'title-lost': 1}


def test_one_listing_tells_which_entries_hold_a_claim(ledger, bucket):
    ledger.put(SCOPE, 'recorded', {'id': 1})
    claimed, version = ledger.claim(SCOPE, 'claimed', {'pending': True, 'owner': 'a'})
    marker = 'awx/prod/pending/%s' % hashlib.sha256(entry_id(SCOPE, 'claimed').encode('utf-8')).hexdigest()
    assert marker in _objects(bucket) and len(_objects(bucket)) == 3
    holds = ledger.claims_pending()
    assert holds(SCOPE, 'claimed') is True and holds(SCOPE, 'recorded') is False and holds(SCOPE, 'absent') is False
    assert list(ledger.entries()) == sorted([entry_id(SCOPE, 'recorded'), entry_id(SCOPE, 'claimed')])
    assert ledger.claim(SCOPE, 'claimed', dict(claimed, pending=False, id=2), version) is not None
    assert marker not in _objects(bucket) and ledger.claims_pending()(SCOPE, 'claimed') is False
    ledger.claim(SCOPE, 'again', {'pending': True})
    ledger.delete(SCOPE, 'again')
    assert sorted(_objects(bucket)) == sorted([ledger.object_key(entry_id(SCOPE, name)) for name in ('recorded', 'claimed')])


def test_a_late_create_is_recorded_from_an_s3_ledger_too(ledger):
    """A listed kind: a dead claim whose create shows in the listing is recorded, though nothing is to be created."""
    listing = []

    class Listed(Source):
        def find(self, items):
            return {'title-late': list(listing)}

        def create(self, item):
            raise _errors.ApiError('POST /pack timed out', method='POST', may_have_applied=True)

    kind = Kind('pallycon', 'packaging_job', LISTED, 'PallyCon', {'success': True})
    item = Item('title-late', 'job title-late', {'key': 'title-late'})
    (lost,) = Engine(Listed(kind), ledger, SCOPE, Options(confirm_timeout=0)).run([item])
    assert 'unknown_outcome_grace' in lost.error.message and ledger.get(SCOPE, 'title-late')['pending'] is True
    listing.append({'id': 77, 'status': 'success'})
    (found,) = Engine(Listed(kind), open_ledger('s3://%s/awx/prod' % ledger.bucket), SCOPE, Options()).run([item])
    assert found.error is None and found.changed is False and found.current['id'] == 77
    entry = ledger.get(SCOPE, 'title-late')
    assert entry['id'] == 77 and 'pending' not in entry and ledger.claims_pending()(SCOPE, 'title-late') is False


def test_a_changed_request_creates_again_on_s3(ledger):
    service = CountingService()
    (first,) = Engine(service, ledger, SCOPE, Options()).run([Item('title-9', 'job title-9', {'key': 'title-9', 'width': 640})])
    (same,) = Engine(service, ledger, SCOPE, Options()).run([Item('title-9', 'job title-9', {'key': 'title-9', 'width': '640'})])
    (other,) = Engine(service, ledger, SCOPE, Options()).run([Item('title-9', 'job title-9', {'key': 'title-9', 'width': 720})])
    assert (first.action, same.action, other.action) == ('create', 'keep', 'create')
    assert 'differs in width' in other.reason
    assert service.created == {'title-9': 2} and ledger.get(SCOPE, 'title-9')['id'] == other.current['id'] == 2


def test_a_boto3_without_conditional_writes_is_named(monkeypatch):
    monkeypatch.delenv('AWS_ENDPOINT_URL', raising=False)
    monkeypatch.delenv('AWS_ENDPOINT_URL_S3', raising=False)
    client = boto3.session.Session().client('s3', region_name='us-east-1', aws_access_key_id=ACCESS_KEY,
                                            aws_secret_access_key=SECRET_ACCESS_KEY)

    def old_put_object(**arguments):
        # what a boto3 older than S3's conditional writes answers to IfNoneMatch
        raise botocore_exceptions.ParamValidationError(report='Unknown parameter in input: "IfNoneMatch", must be one of: Bucket, Key')

    monkeypatch.setattr(client, 'put_object', old_put_object)
    with pytest.raises(LedgerError) as info:
        S3Ledger('my-bucket', 'p', client=client).claim(SCOPE, 'k', {'id': 1})
    assert info.value.message == ('the ledger s3://my-bucket/p needs conditional writes, which this boto3 does not know: '
                                  'install boto3 >= %s' % _ledger_s3.MIN_BOTO3)


def test_blank_awx_fields_count_as_unset(bucket, monkeypatch):
    """An AWX credential injects every field, the blank ones as empty variables."""
    monkeypatch.setenv('AWS_DEFAULT_REGION', '')
    monkeypatch.setenv('AWS_ENDPOINT_URL_S3', '')
    monkeypatch.setenv('AWS_SESSION_TOKEN', '')
    ledger = open_ledger('s3://%s/awx' % bucket)
    assert ledger.client.meta.region_name == 'us-east-1'
    ledger.put(SCOPE, 'k', {'id': 1})
    assert ledger.get(SCOPE, 'k')['id'] == 1
    assert ledger.describe() == 's3://%s/awx (endpoint %s)' % (bucket, os.environ['AWS_ENDPOINT_URL'])


# ---------------------------------------------------------------- an answer whose body never comes

class _StalledBody(object):
    """A local S3 look-alike that answers GET with its headers, then stalls the body."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def do_GET(self):  # pylint: disable=invalid-name
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', '100')
                self.send_header('ETag', '"abc"')
                self.end_headers()
                self.wfile.write(b'{"version": 1,')
                self.wfile.flush()
                owner.release.wait(10)

        self.server = LocalServer(Handler)
        self.url = self.server.url

    def close(self):
        self.release.set()
        self.server.close()


def test_body_read_timeout_is_a_ledger_error():
    """The headers came, the body stalls: botocore's read timeout while reading the body is a LedgerError."""
    from botocore.config import Config
    stalled = _StalledBody()
    try:
        client = boto3.session.Session().client(
            's3', region_name='us-east-1', endpoint_url=stalled.url, aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_ACCESS_KEY,
            config=Config(read_timeout=0.3, connect_timeout=2, retries={'max_attempts': 1}))
        with pytest.raises(LedgerError) as info:
            S3Ledger('slow-bucket', 'p', client=client).get(SCOPE, 'k')
    finally:
        stalled.close()
    assert info.value.message.startswith('cannot read the object s3://slow-bucket/p/')
    assert info.value.message.endswith('of the ledger s3://slow-bucket/p: its content stopped arriving (read timeout)')
    assert SECRET_ACCESS_KEY not in info.value.message
