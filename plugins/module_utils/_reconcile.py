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
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, MediaopsError, NotFoundError
from ansible_collections.mediaops.video.plugins.module_utils._ledger import utcnow
from ansible_collections.mediaops.video.plugins.module_utils._state import fingerprint


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
           recreate_unknown=False, retry_failed=False, failed=lambda obj: False, id_of=lambda obj: obj.get('id')):
    """Make the declared resource exist once; see the module docstring.

    ``request`` is what the fingerprint covers, ``shown_request`` its masked
    copy for the ledger and the diff, ``fetch(id)`` reads the remote object
    (NotFoundError when gone), ``create()`` sends the paid request. A remote
    object for which ``failed(obj)`` is true is created again only with
    ``retry_failed``.
    """
    digest = fingerprint(request)
    fields = field_digests(request)
    entry = ledger.get(scope, key)
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
    after = dict(shown_request, id=None)
    if check_mode:
        return Outcome(True, None, before, after, reason)
    ledger.put(scope, key, {'pending': True, 'since': utcnow(), 'fingerprint': digest, 'fields': fields,
                            'request': shown_request, 'label': label})
    try:
        created = create()
    except ApiError as exc:
        if not exc.may_have_applied:
            _restore(ledger, scope, key, entry)
            raise
        details = exc.details()
        details.update(ledger=ledger.describe())
        raise MediaopsError(
            '%s. The service may have created %s; it is marked pending in the ledger and will not be created '
            'again until you check (see on_unknown_outcome).' % (exc.message, label), **details)
    except MediaopsError:
        # Refused before the write was sent (an unknown profile, say).
        _restore(ledger, scope, key, entry)
        raise
    # Anything else (an interrupt, a bug) may have struck while the write was in flight: the mark stays.
    remote_id = id_of(created)
    ledger.put(scope, key, {'id': remote_id, 'fingerprint': digest, 'fields': fields, 'request': shown_request,
                            'label': label, 'created_at': utcnow()})
    return Outcome(True, created, before, dict(shown_request, id=remote_id), reason)


def field_digests(request):
    """A short digest per declared field: which fields changed can be named without storing their values."""
    return dict((name, fingerprint(value)[:16]) for name, value in request.items())


def _naming(old, new):
    """' in a, b' for the fields whose digests differ ('' when the old entry kept none)."""
    if not old:
        return ''
    names = sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))
    return ' in %s' % ', '.join(names) if names else ''


def _restore(ledger, scope, key, entry):
    """Put back what was there before a create that certainly did not happen."""
    if entry:
        ledger.put(scope, key, entry)
    else:
        ledger.delete(scope, key)
