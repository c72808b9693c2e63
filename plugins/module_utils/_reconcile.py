# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: reconcile a declared resource that only the ledger can find.

The ledger entry for (scope, key) names the remote id and the fingerprint of
the request that made it. Unchanged: one fetch of that id. Gone (404) or a
changed request: create again. A create is marked ``pending`` in the ledger
before it is sent; when its answer is lost (the service may have acted), the
mark stays, and later runs refuse to create again until the user decides,
so a lost answer never turns into a second paid order.

Several processes may reconcile the same catalog at once (parallel AWX jobs
on one S3 ledger, forks on one file). The pending mark is therefore *claimed*
atomically (create-if-absent, or compare-and-swap of the entry that was
read): of two runs deciding to create the same thing, one wins and sends the
create; the other finds the winner's mark, which carries an ``owner`` token
and an ``expires`` time, waits for it to resolve, and takes the result as
existing. A mark whose time is over (its run died, or lost the answer and
said so by expiring it) is treated as above: refuse, or on_unknown_outcome=recreate.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import os
import time

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, MediaopsError, NotFoundError
from ansible_collections.mediaops.video.plugins.module_utils._ledger import utcnow
from ansible_collections.mediaops.video.plugins.module_utils._state import fingerprint

# How long a run's pending mark tells other runs to wait for its create, by default.
DEFAULT_PENDING_WINDOW = 180
# How many times a run reads again after losing a claim before it gives up.
MAX_CLAIMS = 20
TIME_FORMAT = '%Y-%m-%dT%H:%M:%SZ'


class Outcome(object):
    def __init__(self, changed, current=None, before=None, after=None, reason=None):
        self.changed = changed
        self.current = current
        self.before = before
        self.after = after
        self.reason = reason

    def diff(self):
        return {'before': self.before or {}, 'after': self.after or {}}


def ensure(ledger, scope, key, label, request, shown_request, fetch, create, check_mode,
           recreate_unknown=False, retry_failed=False, failed=lambda obj: False, id_of=lambda obj: obj.get('id'),
           pending_window=DEFAULT_PENDING_WINDOW, sleep=None, clock=None):
    """Make the declared resource exist once; see the module docstring.

    ``request`` is what the fingerprint covers, ``shown_request`` its masked
    copy for the ledger and the diff, ``fetch(id)`` reads the remote object
    (NotFoundError when gone), ``create()`` sends the paid request. A remote
    object for which ``failed(obj)`` is true is created again only with
    ``retry_failed``. ``pending_window`` (seconds) bounds both how long this
    run's pending mark asks others to wait and how long this run waits for
    another's.
    """
    sleep = sleep or time.sleep
    clock = clock or time.time
    digest = fingerprint(request)
    fields = field_digests(request)
    owner = _token()
    waited_until = clock() + pending_window
    for _attempt in range(MAX_CLAIMS):
        entry, version = _settled(ledger, scope, key, label, owner, waited_until, sleep, clock)
        decision = _decide(ledger, entry, digest, fields, shown_request, fetch, recreate_unknown, retry_failed, failed, label)
        if isinstance(decision, Outcome):
            return decision
        before, reason = decision
        if check_mode:
            return Outcome(True, None, before, dict(shown_request, id=None), reason)
        mark = {'pending': True, 'since': utcnow(), 'expires': _iso(clock() + pending_window), 'owner': owner,
                'fingerprint': digest, 'fields': fields, 'request': shown_request, 'label': label}
        claimed = ledger.claim(scope, key, mark, version)
        if claimed is None:
            # Another run wrote first, or this run's own write went through and only its answer was lost.
            current, current_version = ledger.read(scope, key)
            if current and current.get('owner') == owner and current.get('pending'):
                claimed = (current, current_version)
        if claimed is not None:
            break
    else:
        raise MediaopsError('could not claim %s in the ledger: other runs changed its entry %d times in a row; '
                            'run again' % (label, MAX_CLAIMS), ledger=ledger.describe())
    mark, mark_version = claimed
    try:
        created = create()
    except ApiError as exc:
        if not exc.may_have_applied:
            _restore(ledger, scope, key, entry, mark_version)
            raise
        # Runs waiting for this mark need not wait any longer: its outcome is unknown now, and stays so.
        _expire(ledger, scope, key, mark, mark_version, clock)
        details = exc.details()
        details.update(ledger=ledger.describe())
        raise MediaopsError(
            '%s. The service may have created %s; it is marked pending in the ledger and will not be created '
            'again until you check (see on_unknown_outcome).' % (exc.message, label), **details)
    except MediaopsError:
        # Refused before the write was sent (an unknown profile, say).
        _restore(ledger, scope, key, entry, mark_version)
        raise
    # Anything else (an interrupt, a bug) may have struck while the write was in flight: the mark stays
    # until it expires, then later runs refuse as for a lost answer.
    remote_id = id_of(created)
    ledger.put(scope, key, {'id': remote_id, 'fingerprint': digest, 'fields': fields, 'request': shown_request,
                            'label': label, 'created_at': utcnow()})
    return Outcome(True, created, before, dict(shown_request, id=remote_id), reason)


def _decide(ledger, entry, digest, fields, shown_request, fetch, recreate_unknown, retry_failed, failed, label):
    """An Outcome when nothing is to be created, else ``(before, reason)`` for the create."""
    before = None
    reason = 'not in the ledger %s' % ledger.describe()
    if entry and entry.get('pending') and not recreate_unknown:
        raise MediaopsError(
            'an earlier run sent the create for %s on %s but never got the answer, so it may exist at the service, '
            'which cannot be searched. Look it up there; to create it anyway, run again with '
            'on_unknown_outcome=recreate.' % (label, entry.get('since')), ledger=ledger.describe())
    if entry and entry.get('id') is not None:
        try:
            current = fetch(entry['id'])
        except NotFoundError:
            current = None
            reason = 'the ledger names id %s, which the service no longer knows' % entry['id']
        if current is not None:
            same = entry.get('fingerprint') == digest
            if same and not (retry_failed and failed(current)):
                shown = dict(shown_request, id=entry['id'])
                return Outcome(False, current, shown, shown)
            before = dict(entry.get('request') or {}, id=entry['id'])
            if same:
                reason = 'id %s failed at the service; retry_failed' % entry['id']
            else:
                reason = 'the declared request differs%s from the one that created id %s' % (
                    _naming(entry.get('fields'), fields), entry['id'])
    elif entry and entry.get('pending'):
        reason = 'an earlier create had an unknown outcome; on_unknown_outcome=recreate'
    return before, reason


def _settled(ledger, scope, key, label, owner, waited_until, sleep, clock):
    """Read the entry; while another run's fresh pending mark holds it, wait (with backoff) for it to resolve."""
    entry, version = ledger.read(scope, key)
    delay = 0.1
    while entry and entry.get('pending') and entry.get('owner') != owner and _fresh(entry, clock()):
        left = min(_seconds(entry['expires']), waited_until) - clock()
        if clock() >= waited_until:
            raise MediaopsError(
                'another run has been creating %s since %s and has not finished; run again later, or check at the '
                'service' % (label, entry.get('since')), ledger=ledger.describe())
        sleep(max(min(delay, left), 0.01))
        delay = min(delay * 2, 5.0)
        entry, version = ledger.read(scope, key)
    return entry, version


def _fresh(entry, now):
    """A pending mark whose run may still be sending its create (marks of older versions have no expiry)."""
    expires = entry.get('expires')
    if not expires:
        return False
    try:
        return now < _seconds(expires)
    except ValueError:
        return False


def _token():
    return os.urandom(16).hex()


def _iso(seconds):
    return time.strftime(TIME_FORMAT, time.gmtime(seconds))


def _seconds(text):
    return calendar.timegm(time.strptime(text, TIME_FORMAT))


def field_digests(request):
    """A short digest per declared field: which fields changed can be named without storing their values."""
    return dict((name, fingerprint(value)[:16]) for name, value in request.items())


def _naming(old, new):
    """' in a, b' for the fields whose digests differ ('' when the old entry kept none)."""
    if not old:
        return ''
    names = sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))
    return ' in %s' % ', '.join(names) if names else ''


def _restore(ledger, scope, key, entry, mark_version):
    """Put back what was there before a create that certainly did not happen (unless another run took over)."""
    if entry:
        ledger.claim(scope, key, entry, mark_version)
        return
    _current, version = ledger.read(scope, key)
    if version == mark_version:
        ledger.delete(scope, key)


def _expire(ledger, scope, key, mark, mark_version, clock):
    """End this run's pending mark now: its outcome is unknown, and no run should wait for it."""
    ledger.claim(scope, key, dict(mark, expires=_iso(clock())), mark_version)
