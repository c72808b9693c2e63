# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: what the ledger holds of a create, and whose it is.

A *claim* is the entry a run writes (atomically, see ``Ledger.claim``)
before it sends a create: ``pending``, the time it was sent, the request's
digests, the remote ids the service listed before it (listed kinds), and
its owner (a token, the host and the process id). While the create runs, a
heartbeat pushes the claim's ``expires`` forward, so a long upload keeps it;
a claim whose owner process is gone from this host is dead at once, and one
whose heartbeat stopped elsewhere is dead when it expires.

Digests: a declared field is stored only as a digest, so that the ledger
can name what changed without holding values. Passwords in URLs are masked
before anything is digested (they are not compared: a rotated password is
not a new resource). A field the module marks secret is digested with an
HMAC keyed by the service credential the module holds, so the ledger alone
reveals nothing; the entry carries ``key_id`` (an HMAC of a constant) to
tell whether a later run holds the same credential and can compare it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import hashlib
import hmac
import json
import os
import socket
import threading
import time

from ansible_collections.mediaops.video.plugins.module_utils._state import fingerprint, mask_url, normalise
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_seconds, utc_text

# Seconds a claim stays live without a heartbeat; the heartbeat renews it three times within that.
LEASE = 60
DIGEST_VERSION = 2
_KEY_ID_TEXT = b'mediaops.video ledger key id'


# A claim's times (``sent_at``, ``expires``) as stored, and back.
iso = utc_text
seconds = utc_seconds


# -- digests -------------------------------------------------------------------


def _canonical(value):
    return json.dumps(normalise(value), sort_keys=True, separators=(',', ':'))


def _without_passwords(value):
    if isinstance(value, dict):
        return dict((k, _without_passwords(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_without_passwords(v) for v in value]
    return mask_url(value)


def key_id(secret):
    """Names the credential the secret fields were digested with (None without one)."""
    if not secret:
        return None
    return hmac.new(secret.encode('utf-8'), _KEY_ID_TEXT, hashlib.sha256).hexdigest()[:12]


def field_digests(request, secret_fields=(), secret=None):
    """A short digest per declared field: plain SHA-256 of its canonical JSON, or an HMAC for secret fields."""
    digests = {}
    for name, value in _without_passwords(request).items():
        text = _canonical(value).encode('utf-8')
        if name in secret_fields:
            if not secret:
                continue  # cannot be compared without a credential: not stored at all
            digests[name] = hmac.new(secret.encode('utf-8'), text, hashlib.sha256).hexdigest()[:16]
        else:
            digests[name] = hashlib.sha256(text).hexdigest()[:16]
    return digests


def differing(entry, request, secret_fields=(), secret=None):
    """Names of the declared fields that differ from the request recorded in ``entry``."""
    if entry.get('digests') != DIGEST_VERSION:
        if not entry.get('fingerprint') and not entry.get('fields'):
            return []  # adopted before any run declared it: what is declared now is what it is
        # Entries of 0.1.0 kept a plain fingerprint of the request as declared; it still decides.
        if entry.get('fingerprint') == fingerprint(request):
            return []
        old = entry.get('fields') or {}
        new = dict((name, fingerprint(value)[:16]) for name, value in request.items())
        return sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n)) or ['request']
    old = entry.get('fields') or {}
    new = field_digests(request, secret_fields, secret)
    comparable = set(old) | set(new)
    if entry.get('key_id') != key_id(secret):
        comparable -= set(secret_fields)  # digested with another credential: cannot be compared
    return sorted(name for name in comparable if old.get(name) != new.get(name))


# -- owners --------------------------------------------------------------------


def _stat(pid):
    """The fields of /proc/<pid>/stat after the command name (state first), or None where /proc is absent."""
    try:
        with open('/proc/%d/stat' % pid) as handle:
            return handle.read().rsplit(')', 1)[1].split()
    except (IOError, OSError, IndexError):
        return None


def _process_start(pid):
    """The kernel's start time of a process (guards against a reused pid), or None where /proc is absent."""
    fields = _stat(pid)
    return fields[19] if fields and len(fields) > 19 else None


class Owner(object):
    """This run: a random token, the host and the process."""

    def __init__(self):
        self.token = os.urandom(16).hex()
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.started = _process_start(self.pid)

    def stamp(self):
        return {'owner': self.token, 'host': self.host, 'pid': self.pid, 'pid_started': self.started}


def owner_gone(entry):
    """True when the claim's process ran on this host and is no longer there."""
    if entry.get('host') != socket.gethostname() or not isinstance(entry.get('pid'), int):
        return False
    pid = entry['pid']
    try:
        os.kill(pid, 0)
    except OSError as exc:
        if exc.errno == errno.ESRCH:
            return True
    fields = _stat(pid)
    if fields and fields[0] in ('Z', 'X'):  # exited, not yet reaped by its parent
        return True
    started = entry.get('pid_started')
    return bool(started) and _process_start(pid) not in (None, started)


def live(entry, now):
    """A pending claim whose create may still be running (its owner alive, its lease not over)."""
    if not entry or not entry.get('pending'):
        return False
    expires = seconds(entry.get('expires'))
    return expires is not None and now < expires and not owner_gone(entry)


# -- heartbeat -----------------------------------------------------------------


class Heartbeat(object):
    """One thread that renews every claim this run holds while its create runs."""

    def __init__(self, ledger, lease=LEASE, clock=time.time):
        self.ledger = ledger
        self.lease = lease
        self.clock = clock
        self._held = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None

    def hold(self, scope, key, entry, version):
        with self._lock:
            self._held[(scope, key)] = [entry, version]
            if self._thread is None:
                self._thread = threading.Thread(target=self._beat, name='mediaops-ledger-heartbeat')
                self._thread.daemon = True
                self._thread.start()

    def release(self, scope, key):
        """Stop renewing; the claim's latest ``(entry, version)``."""
        with self._lock:
            return tuple(self._held.pop((scope, key)))

    def stop(self):
        self._stop.set()

    def _beat(self):
        while not self._stop.wait(self.lease / 3.0):
            with self._lock:
                held = list(self._held.items())
                expires = iso(self.clock() + self.lease)
                for scope in set(scope for (scope, _key), _value in held):
                    mine = [(key, value) for (where, key), value in held if where == scope]
                    try:
                        answers = self.ledger.claim_many(scope, [(key, dict(value[0], expires=expires), value[1])
                                                                 for key, value in mine])
                    except Exception:  # a failed renewal only shortens the claims; pylint: disable=broad-except
                        continue
                    for (_key, value), answer in zip(mine, answers):
                        if answer is not None:
                            value[0], value[1] = answer
