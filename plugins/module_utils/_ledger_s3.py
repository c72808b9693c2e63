# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the ledger on S3 (``s3://bucket/prefix``), for runs that keep no local state (AWX).

One object per entry: ``<prefix>/<sha256 of the entry's stored name>.json``,
holding ``{"version": 1, "name": <stored name>, "entry": {...}}``; and an
empty marker ``<prefix>/pending/<sha256>`` while an entry holds a claim, so
that one listing tells which entries do. Two
processes writing different entries never touch the same object, so neither
can lose the other's. ``claim`` uses S3's conditional writes: ``If-None-Match: *``
creates an object only if there is none, ``If-Match: <ETag>`` replaces it
only if it is still the one read; S3 answers 412 to the loser.

The endpoint is AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL when set (an
S3-compatible store, a local test server); credentials and region come from
boto3's usual chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_PROFILE, an instance or task role).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.mediaops.video.plugins.module_utils._errors import LedgerError
from ansible_collections.mediaops.video.plugins.module_utils._http import redact
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FORMAT_VERSION, Ledger, digest, entry_id, utcnow

try:
    import boto3
    import botocore.config
    import botocore.exceptions
    HAS_BOTO3 = True
    BOTO3_IMPORT_ERROR = None
except ImportError as exc:
    HAS_BOTO3 = False
    BOTO3_IMPORT_ERROR = exc

# S3's answers to a conditional write that lost: 412, or 409 when another
# conditional write on the same key was in flight; 404 to If-Match on a key
# that is gone.
_CONFLICT_CODES = frozenset(('PreconditionFailed', 'ConditionalRequestConflict', 'NoSuchKey', '412', '409', '404'))
_MISSING_CODES = frozenset(('NoSuchKey', '404', 'NotFound'))
# The first boto3 whose S3 PutObject knows IfNoneMatch and IfMatch: botocore 1.35.69 added IfMatch (IfNoneMatch came
# earlier in 1.35) and boto3 1.35.69 requires it. The floor of requirements.txt (tests/unit/plugins/test_requirements.py).
MIN_BOTO3 = '1.35.69'
READERS = 16  # concurrent GETs of read_many
_PERMISSIONS = 's3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket'


def parse_url(url):
    """``s3://bucket/prefix`` -> (bucket, prefix without surrounding slashes)."""
    rest = url[len('s3://'):] if url.startswith('s3://') else url
    bucket, _sep, prefix = rest.partition('/')
    if not bucket:
        raise LedgerError('an S3 ledger URL needs a bucket: s3://bucket/prefix, not %s' % url)
    if '@' in bucket or ':' in bucket:
        raise LedgerError('an S3 ledger URL is s3://bucket/prefix; credentials come from the AWS environment, not the URL')
    return bucket, prefix.strip('/')


def endpoint_url():
    """The S3 endpoint from the environment, or None for AWS itself."""
    return os.environ.get('AWS_ENDPOINT_URL_S3') or os.environ.get('AWS_ENDPOINT_URL') or None


class S3Ledger(Ledger):
    """A ledger of one S3 object per entry, written with conditional requests."""

    def __init__(self, bucket, prefix='', client=None):
        self.bucket = bucket
        self.prefix = prefix.strip('/')
        self._client = client

    @classmethod
    def from_url(cls, url):
        bucket, prefix = parse_url(url)
        if not HAS_BOTO3:
            raise LedgerError('the ledger %s needs the Python library boto3: install boto3 (pip install boto3) '
                              'where the modules run, or use a file:// ledger' % url,
                              exception=str(BOTO3_IMPORT_ERROR))
        return cls(bucket, prefix)

    @property
    def client(self):
        if self._client is None:
            config = botocore.config.Config(retries={'max_attempts': 5, 'mode': 'standard'},
                                            connect_timeout=10, read_timeout=30, max_pool_connections=READERS)
            try:
                session = boto3.session.Session()
                # An empty AWS_DEFAULT_REGION (an AWX credential field left blank) counts as unset; S3 then
                # starts at us-east-1 and follows the bucket's region, as it does when no region is set at all.
                region = session.region_name or 'us-east-1'
                self._client = session.client('s3', endpoint_url=endpoint_url(), region_name=region, config=config)
            except botocore.exceptions.BotoCoreError as exc:
                raise LedgerError('cannot use the ledger %s: %s' % (self.describe(), exc))
        return self._client

    def describe(self):
        where = 's3://%s/%s' % (self.bucket, self.prefix) if self.prefix else 's3://%s' % self.bucket
        endpoint = endpoint_url()
        return '%s (endpoint %s)' % (where, redact(endpoint)) if endpoint else where

    def object_key(self, name):
        stored = digest(name)
        return '%s/%s.json' % (self.prefix, stored) if self.prefix else '%s.json' % stored

    def read(self, scope, key):
        found = self._get(self.object_key(entry_id(scope, key)))
        if found is None:
            return None, None
        document, etag = found
        return dict(document['entry']), etag

    def read_many(self, scope, keys):
        """The entries read concurrently (the client is thread-safe; each is one GET)."""
        keys = list(keys)
        if not keys:
            return {}
        self.client  # pylint: disable=pointless-statement  # made once, before the threads share it
        with ThreadPoolExecutor(max_workers=max(1, min(READERS, len(keys)))) as pool:
            return dict(zip(keys, pool.map(lambda key: self.read(scope, key), keys)))

    def put(self, scope, key, entry):
        stored = dict(entry, updated_at=utcnow())
        name = entry_id(scope, key)
        self._call('write', self.client.put_object, **self._put_args(name, stored))
        self._mark_pending(name, stored)
        return stored

    def claim(self, scope, key, entry, version=None):
        stored = dict(entry, updated_at=utcnow())
        name = entry_id(scope, key)
        arguments = self._put_args(name, stored)
        if version is None:
            arguments['IfNoneMatch'] = '*'
        else:
            arguments['IfMatch'] = version
        try:
            answer = self._call('write', self.client.put_object, conflicts=True, **arguments)
        except _Conflict:
            return None
        self._mark_pending(name, stored)
        return stored, answer.get('ETag')

    def delete(self, scope, key):
        name = entry_id(scope, key)
        self._call('delete', self.client.delete_object, Bucket=self.bucket, Key=self.object_key(name))
        self._mark_pending(name, {})

    def claims_pending(self):
        """One listing of the ``pending/`` markers (an empty object per entry that holds a claim)."""
        start = self._marker_prefix()
        paginator = self.client.get_paginator('list_objects_v2')
        pages = self._call('list', lambda: list(paginator.paginate(Bucket=self.bucket, Prefix=start)))
        marked = frozenset(item['Key'] for page in pages for item in page.get('Contents') or ())
        return lambda scope, key: self._marker_key(entry_id(scope, key)) in marked

    def _marker_prefix(self):
        return '%s/pending/' % self.prefix if self.prefix else 'pending/'

    def _marker_key(self, name):
        return self._marker_prefix() + digest(name)

    def _mark_pending(self, name, stored):
        """Keep the marker of an entry in step with its claim. Best effort: a missing marker only means that a run
        reads the entry when the item next needs a create, not before."""
        try:
            if stored.get('pending'):
                self._call('write', self.client.put_object, Bucket=self.bucket, Key=self._marker_key(name), Body=b'')
            else:
                self._call('delete', self.client.delete_object, Bucket=self.bucket, Key=self._marker_key(name))
        except LedgerError:
            pass

    def entries(self):
        found = {}
        start = '%s/' % self.prefix if self.prefix else ''
        paginator = self.client.get_paginator('list_objects_v2')
        pages = self._call('list', lambda: list(paginator.paginate(Bucket=self.bucket, Prefix=start)))
        for page in pages:
            for item in page.get('Contents') or ():
                name = item['Key']
                if not name.endswith('.json') or '/' in name[len(start):]:
                    continue
                got = self._get(name)
                if got is not None:
                    found[got[0]['name']] = dict(got[0]['entry'])
        return found

    def _put_args(self, name, stored):
        body = json.dumps({'version': FORMAT_VERSION, 'name': name, 'entry': stored}, sort_keys=True).encode('utf-8')
        return dict(Bucket=self.bucket, Key=self.object_key(name), Body=body, ContentType='application/json')

    def _get(self, object_key):
        try:
            answer = self._call('read', self.client.get_object, missing=True, Bucket=self.bucket, Key=object_key)
        except _Missing:
            return None
        try:
            content = answer['Body'].read()
        except botocore.exceptions.ReadTimeoutError:
            raise LedgerError('cannot read the object s3://%s/%s of the ledger %s: its content stopped arriving '
                              '(read timeout)' % (self.bucket, object_key, self.describe()))
        except (botocore.exceptions.BotoCoreError, IOError, OSError) as exc:  # a connection cut short
            raise LedgerError('cannot read the object s3://%s/%s of the ledger %s: %s'
                              % (self.bucket, object_key, self.describe(), redact(str(exc))))
        try:
            document = json.loads(content.decode('utf-8'))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise LedgerError('the ledger object s3://%s/%s is not valid JSON (%s); fix or remove it'
                              % (self.bucket, object_key, exc))
        if not isinstance(document, dict) or not isinstance(document.get('entry'), dict) or 'name' not in document:
            raise LedgerError('the object s3://%s/%s is not a mediaops.video ledger entry' % (self.bucket, object_key))
        return document, answer.get('ETag')

    def _call(self, what, method, missing=False, conflicts=False, **arguments):
        """Call boto3; its errors become LedgerErrors that say what to fix (and never carry credentials)."""
        try:
            return method(**arguments)
        except botocore.exceptions.ClientError as exc:
            error = exc.response.get('Error') or {}
            code = str(error.get('Code') or '')
            status = (exc.response.get('ResponseMetadata') or {}).get('HTTPStatusCode')
            if missing and (code in _MISSING_CODES or status == 404) and code != 'NoSuchBucket':
                raise _Missing()
            if conflicts and (code in _CONFLICT_CODES or status in (409, 412)) and code != 'NoSuchBucket':
                raise _Conflict()
            raise LedgerError(self._client_error(what, code, status, error.get('Message')), status=status, code=code or None)
        except botocore.exceptions.NoCredentialsError:
            raise LedgerError('no AWS credentials for the ledger %s: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY '
                              '(and AWS_SESSION_TOKEN for temporary ones), or AWS_PROFILE, or run with an instance '
                              'or task role' % self.describe())
        except botocore.exceptions.ParamValidationError as exc:
            if 'IfMatch' in str(exc) or 'IfNoneMatch' in str(exc):
                raise LedgerError('the ledger %s needs conditional writes, which this boto3 does not know: install '
                                  'boto3 >= %s' % (self.describe(), MIN_BOTO3))
            raise LedgerError('cannot %s the ledger %s: %s' % (what, self.describe(), redact(str(exc))))
        except botocore.exceptions.EndpointConnectionError as exc:
            raise LedgerError('cannot reach the S3 endpoint of the ledger %s: %s' % (self.describe(), redact(str(exc))))
        except botocore.exceptions.BotoCoreError as exc:
            raise LedgerError('cannot %s the ledger %s: %s' % (what, self.describe(), redact(str(exc))))

    def _client_error(self, what, code, status, message):
        where = self.describe()
        if code == 'NoSuchBucket':
            return 'the bucket %s of the ledger %s does not exist: create it, or fix the ledger URL' % (self.bucket, where)
        if code in ('AccessDenied', 'AllAccessDisabled', 'Forbidden') or (status == 403 and code not in (
                'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken')):
            return ('access denied to the ledger %s (%s): the credentials need %s on that bucket and prefix'
                    % (where, what, _PERMISSIONS))
        if code in ('InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired'):
            return ('S3 refused the credentials of the ledger %s (%s): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY '
                    'and AWS_SESSION_TOKEN' % (where, code))
        return 'cannot %s the ledger %s: S3 answered %s%s%s' % (
            what, where, status or 'an error', ' %s' % code if code else '', ': %s' % message if message else '')


class _Missing(Exception):
    pass


class _Conflict(Exception):
    pass
