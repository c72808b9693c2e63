# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the ledger, "this declared thing is that remote id".

For services with no list endpoint (Ankoder videos and jobs, Moderation
submissions) the ledger is what makes a second run a no-op. Each entry is
found by (scope, key): the scope names the service, kind and account URL;
the key is the declared identity, stored only as a SHA-256 (identities may be
URLs with credentials in them). An entry holds the remote ``id``, the
``fingerprint`` of the request that created it, a masked copy of that
request for diffs, and ``pending`` while a create's outcome is unknown.

Besides get/put/delete, every backend has an atomic ``claim``: write an
entry only if the stored one is still the version read before (or, with no
version, only if there is none). That is how two processes reconciling the
same catalog at once agree on which of them sends a create.

Backends are chosen by URL: ``file:///path/ledger.json`` (JSON, atomic
replace, an exclusive lock around every read-modify-write so parallel forks
lose none of each other's entries); ``s3://bucket/prefix`` (one object per
entry, conditional writes; see ``_ledger_s3``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import hashlib
import json
import os

from ansible_collections.mediaops.video.plugins.module_utils._errors import LedgerError
from ansible_collections.mediaops.video.plugins.module_utils._files import replace_file
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_text

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - not POSIX
    HAS_FCNTL = False

DEFAULT_LEDGER = '~/.ansible/mediaops_video_ledger.json'
FORMAT_VERSION = 1

# How a module knows that it runs inside an AWX / Automation Controller job: the controller puts these in
# the environment of every playbook run of a job (awx/main/tasks/jobs.py: RunJob.build_env sets JOB_ID,
# INVENTORY_ID and AWX_HOST, the controller's own URL; BaseTask.build_env sets AWX_PRIVATE_DATA_DIR for every
# kind of job). A module run over a local connection (localhost in the execution environment, where the
# default ledger would be written) inherits them; one run on a remote host over SSH does not, and needs no
# warning: its file stays on that host. JOB_ID alone is too common a name, so one of the AWX-only names must
# be there too. TOWER_HOST and CONTROLLER_HOST are no markers: the controller's credential type sets them
# for any playbook that talks to a controller, wherever it runs.
AWX_JOB_ID = 'JOB_ID'
AWX_ONLY = ('AWX_HOST', 'AWX_PRIVATE_DATA_DIR')


def utcnow():
    return utc_text()


def digest(text):
    """The hex SHA-256 of a text: how keys, and the names of S3 objects, are stored."""
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def entry_id(scope, key):
    """The stored name of an entry: its scope, and a digest of the key."""
    return '%s|%s' % (scope, digest(key))


def version_of(entry):
    """The file backend's version of a stored entry: a digest of its canonical JSON."""
    return hashlib.sha256(json.dumps(entry, sort_keys=True, separators=(',', ':')).encode('utf-8')).hexdigest()


class Ledger(object):
    """The interface every backend implements."""

    def get(self, scope, key):
        """The entry dict, or None."""
        return self.read(scope, key)[0]

    def read(self, scope, key):
        """``(entry, version)``; ``(None, None)`` when there is no entry.

        The version is opaque: pass it back to ``claim`` to replace exactly
        the entry that was read.
        """
        raise NotImplementedError

    def read_many(self, scope, keys):
        """``{key: (entry, version)}`` for every key, as ``read`` answers it; backends read them at once."""
        return dict((key, self.read(scope, key)) for key in keys)

    def put(self, scope, key, entry):
        """Store ``entry`` (a JSON-able dict) for (scope, key); returns it with ``updated_at``."""
        raise NotImplementedError

    def claim(self, scope, key, entry, version=None):
        """Store ``entry`` only if the stored one is still ``version`` (None: only if there is none).

        Atomic against every other writer of the same ledger. Returns
        ``(stored, new_version)`` on success, None when another writer got
        there first (read again and decide again).
        """
        raise NotImplementedError

    def claim_many(self, scope, writes):
        """``claim`` for each ``(key, entry, version)``, in order; a list of its answers.

        Backends that can do it in one write (the file) override this; atomic per entry, not as a whole.
        """
        return [self.claim(scope, key, entry, version) for key, entry, version in writes]

    def claims_pending(self):
        """``holds(scope, key)``: whether that entry may hold a claim, cheaply for every entry at once.

        A backend that cannot tell cheaply answers True for every entry (the caller then reads it).
        """
        return lambda scope, key: True

    def delete(self, scope, key):
        raise NotImplementedError

    def entries(self):
        """Every entry, by its stored name (``entry_id``)."""
        raise NotImplementedError

    def describe(self):
        """Where the ledger lives, without credentials."""
        raise NotImplementedError


class FileLedger(Ledger):
    """A JSON file; every write replaces it atomically under an exclusive lock."""

    def __init__(self, path):
        if not HAS_FCNTL:
            raise LedgerError('the file ledger needs a POSIX system (fcntl)')
        self.path = os.path.abspath(os.path.expanduser(path))
        self.lock_path = self.path + '.lock'

    def describe(self):
        return 'file://' + self.path

    def _read(self):
        try:
            with open(self.path, 'r') as handle:
                data = json.load(handle)
        except (IOError, OSError) as exc:
            if exc.errno == errno.ENOENT:
                return {'version': FORMAT_VERSION, 'entries': {}}
            raise LedgerError('cannot read the ledger %s: %s' % (self.path, exc))
        except (ValueError, RecursionError) as exc:
            raise LedgerError('the ledger %s is not valid JSON (%s); fix or move it away' % (self.path, exc))
        if not isinstance(data, dict) or not isinstance(data.get('entries'), dict):
            raise LedgerError('the ledger %s is not a mediaops.video ledger' % self.path)
        wrong = sum(1 for entry in data['entries'].values() if not isinstance(entry, dict))
        if wrong:
            raise LedgerError('the ledger %s has %d entries whose value is not a JSON object; fix or remove them'
                              % (self.path, wrong))
        return data

    def _write(self, data):
        try:
            self._replace(data)
        except (IOError, OSError) as exc:
            raise LedgerError('cannot write the ledger %s: %s' % (self.path, exc))

    def _replace(self, data):
        # the C encoder (no indent); ASCII (ensure_ascii), so its bytes are the text
        replace_file(self.path, json.dumps(data, sort_keys=True, separators=(',', ':')).encode('ascii'), prefix='.ledger-')
        _fsync_directory(os.path.dirname(self.path))

    def _locked(self):
        try:
            directory = os.path.dirname(self.path)
            if not os.path.isdir(directory):
                os.makedirs(directory, 0o700, exist_ok=True)
            handle = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise LedgerError('cannot open the ledger lock %s: %s' % (self.lock_path, exc))
        return _Lock(handle)

    def read(self, scope, key):
        entry = self._read()['entries'].get(entry_id(scope, key))
        if not entry:
            return None, None
        return dict(entry), version_of(entry)

    def read_many(self, scope, keys):
        """One read of the file for every key."""
        stored = self._read()['entries']
        found = {}
        for key in keys:
            entry = stored.get(entry_id(scope, key))
            found[key] = (dict(entry), version_of(entry)) if entry else (None, None)
        return found

    def put(self, scope, key, entry):
        return self._store(scope, key, entry, lambda current: True)

    def claim(self, scope, key, entry, version=None):
        stored = self._store(scope, key, entry, lambda current: (version_of(current) if current else None) == version)
        return None if stored is None else (dict(stored), version_of(stored))

    def claim_many(self, scope, writes):
        """Every claim under one lock, in one read and one write of the file."""
        answers = []
        with self._locked():
            data = self._read()
            for key, entry, version in writes:
                name = entry_id(scope, key)
                current = data['entries'].get(name)
                if (version_of(current) if current else None) != version:
                    answers.append(None)
                    continue
                stored = dict(entry, updated_at=utcnow())
                data['entries'][name] = stored
                answers.append((dict(stored), version_of(stored)))
            if any(answer is not None for answer in answers):
                data['version'] = FORMAT_VERSION
                self._write(data)
        return answers

    def _store(self, scope, key, entry, allowed):
        """Write ``entry`` under the lock if ``allowed(the stored entry or None)``; what was written, or None."""
        stored = dict(entry, updated_at=utcnow())
        name = entry_id(scope, key)
        with self._locked():
            data = self._read()
            if not allowed(data['entries'].get(name)):
                return None
            data['entries'][name] = stored
            data['version'] = FORMAT_VERSION
            self._write(data)
        return stored

    def delete(self, scope, key):
        with self._locked():
            data = self._read()
            if data['entries'].pop(entry_id(scope, key), None) is not None:
                self._write(data)

    def entries(self):
        return self._read()['entries']

    def claims_pending(self):
        """``holds(scope, key)``: whether that entry holds a claim (one read of the file for all of them)."""
        names = frozenset(name for name, entry in self.entries().items() if entry.get('pending'))
        return lambda scope, key: entry_id(scope, key) in names


class _Lock(object):
    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc_info):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        os.close(self.handle)


def _fsync_directory(directory):
    """Make a rename in ``directory`` durable: without it a crash can bring back the old file."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # EINVAL: a file system that cannot sync a directory
            raise
    finally:
        os.close(handle)


def in_awx_job(environ=None):
    """Whether the environment is that of an AWX / Automation Controller job (see AWX_JOB_ID, AWX_ONLY)."""
    environ = os.environ if environ is None else environ
    return bool(environ.get(AWX_JOB_ID)) and any(environ.get(name) for name in AWX_ONLY)


def is_default(url):
    """Whether a ledger URL (None or empty: unset) names the default file ledger."""
    if not url:
        return True
    path = url[len('file://'):] if url.startswith('file://') else url
    return '://' not in path and os.path.expanduser(path) == os.path.expanduser(DEFAULT_LEDGER)


def lost_with_the_job(url, environ=None):
    """The warning for a run that keeps the default file ledger inside an AWX job; None when there is none to give.

    That file is written in the job's container, which is gone when the job ends: the next job does not find
    what this one recorded, and may create it again.
    """
    if not is_default(url) or not in_awx_job(environ):
        return None
    environ = os.environ if environ is None else environ
    where = (os.path.abspath(os.path.expanduser(DEFAULT_LEDGER)), environ.get(AWX_JOB_ID))
    return ('the ledger is the default file %s (no ledger option, no MEDIAOPS_LEDGER), and this runs in an AWX / '
            'Automation Controller job (job %s): that file is lost with the job\'s container when the job ends, so '
            'the next job will not know what this one created and may create it again. Keep the ledger where '
            'every job finds it: an s3:// ledger (ledger: s3://bucket/prefix, or MEDIAOPS_LEDGER set by a '
            'credential), set once for every module with module_defaults group/mediaops.video.all') % where


def open_ledger(url=None, warn=None):
    """The backend for a ledger URL (default: a JSON file under ~/.ansible/).

    ``warn(message)``, when given, is told when that is the default file inside an AWX job (``lost_with_the_job``).
    """
    warning = lost_with_the_job(url) if warn is not None else None
    if warning:
        warn(warning)
    url = url or DEFAULT_LEDGER
    if url.startswith('file://'):
        path = url[len('file://'):]
        if not path.startswith('/') and not path.startswith('~'):
            raise LedgerError('a file ledger URL needs an absolute path: file:///path/ledger.json, not %s' % url)
        return FileLedger(path)
    if url.startswith('s3://'):
        # Imported here: boto3 is needed only by those who keep their ledger on S3.
        from ansible_collections.mediaops.video.plugins.module_utils import _ledger_s3
        return _ledger_s3.S3Ledger.from_url(url)
    if '://' in url:
        raise LedgerError('unknown ledger URL scheme in %r: use file:///path/ledger.json or s3://bucket/prefix' % url)
    return FileLedger(url)
