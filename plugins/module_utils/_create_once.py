# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the one create-once engine of every module that creates something.

A module declares its items (key, label, request) and a ``Source`` (its
client's reads and writes for one ``Kind``); the engine decides, claims,
sends, records, confirms and waits, with the same rules for every service
(see docs/docsite/rst/guide_lost_answers.rst for the user's view):

* A kind is *listed* (the service can be searched: the listing decides
  what exists) or *ledgered* (it cannot: the ledger decides).
* Every create is claimed in the ledger before it is sent (atomically:
  of two runs, one sends). The claim holds the time sent, the request's
  digests and, for listed kinds, the ids listed before the send.
* A create is sent at most once per run once its answer may have applied.
* A later run that finds a claim whose owner is alive waits for it; one
  whose owner is gone has an unknown outcome: a listed kind looks at the
  listing (an id it did not list before the send is that create's), and
  does not send again within ``grace``; a ledgered kind stops and says how
  to adopt or recreate.
* After a create of a listed kind the new id must show in the listing
  (bounded polling); if it never does, the id stays recorded and the item
  fails naming the likely cause, so no later run pays again.
* If the ledger cannot be written after a create, the write is retried;
  the error still carries the created id.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.mediaops.video.plugins.module_utils import _claims as claims
from ansible_collections.mediaops.video.plugins.module_utils._errors import (
    ApiError, LedgerError, MediaopsError, NotFoundError, WaitTimeout,
)
from ansible_collections.mediaops.video.plugins.module_utils._ledger import utcnow
from ansible_collections.mediaops.video.plugins.module_utils._state import mask_url, masked
from ansible_collections.mediaops.video.plugins.module_utils._waiter import Watch, poll

LISTED = 'listed'
LEDGERED = 'ledgered'
DEFAULT_GRACE = 900
DEFAULT_CONFIRM = 30
MAX_CLAIMS = 20
CHUNK = 64
LEDGER_WRITES = 4


class Kind(object):
    """A kind of remote resource: how it is found, read and judged.

    ``done`` maps each terminal status to True (success) or False (failure).
    ``progress_of(obj)`` is a value that moves while the work does (for
    ``stall_timeout``), ``unknown_of(obj)`` the vendor's status code when it
    is outside the known table (for ``unknown_grace``); both None by default.
    ``blind_hint`` names the likely cause when a created id never shows in
    the listing (listed kinds). ``paid``: the vendor bills each create.
    """

    def __init__(self, service, name, found, vendor, done=None, id_key='id', status_of=None, error_of=None,
                 secret_keys=(), blind_hint=None, paid=False, progress_of=None, unknown_of=None):
        self.service = service
        self.name = name
        self.found = found
        self.vendor = vendor
        self.done = done or {}
        self.id_key = id_key
        self.status_of = status_of or (lambda obj: obj.get('status'))
        self.error_of = error_of or (lambda obj: obj.get('error'))
        self.secret_keys = secret_keys
        self.blind_hint = blind_hint or 'the listing does not show what this account creates'
        self.paid = paid
        self.progress_of = progress_of or (lambda obj: None)
        self.unknown_of = unknown_of or (lambda obj: None)

    @property
    def listed(self):
        return self.found == LISTED

    def failed(self, obj):
        return self.done.get(self.status_of(obj)) is False

    def terminal(self, obj):
        return self.status_of(obj) in self.done


class Source(object):
    """A module's service for one kind; override what the kind uses.

    ``map(function, values)`` is the engine's: a list of the answers, in order, computed concurrently (at most
    ``concurrency`` at once); a source's ``find`` uses it for its independent reads.
    """

    def __init__(self, kind):
        self.kind = kind
        self.map = _in_turn

    def create(self, item):
        """Send the create; the remote object (with its id)."""
        raise NotImplementedError

    def fetch(self, item, remote_id):
        """Ledgered kinds: the remote object, NotFoundError when gone."""
        raise NotImplementedError

    def find(self, items):
        """Listed kinds: ``{item.key: [remote objects of that identity, oldest first]}``, in one pass."""
        raise NotImplementedError

    def differences(self, item, obj):
        """Listed kinds: names of the declared fields that differ from the listed object."""
        return []

    def update(self, item, obj, names, check_mode):
        """Listed kinds: change ``names`` in place; the object after (as it would be, in check mode), or None
        when they cannot be changed in place (the item is then kept, with a warning)."""
        return None

    def would_be(self, item):
        """What a create would return, for check mode."""
        return {self.kind.id_key: None}

    def view(self, obj):
        """A remote object in the shape of the declared request, for the diff's before."""
        return obj


def _in_turn(function, values):
    return [function(value) for value in values]


class Item(object):
    """One declared resource. ``request`` is what is compared (and digested), ``data`` the module's own;
    ``retry_failed``, when not None, is this item's own choice over the task's."""

    def __init__(self, key, label, request, data=None, secret_fields=(), adopt_id=None, retry_failed=None):
        self.key = key
        self.stored_key = mask_url(key)  # what the ledger stores the entry under: no URL password
        self.label = label
        self.request = request
        self.data = data
        self.secret_fields = tuple(secret_fields)
        self.adopt_id = adopt_id
        self.retry_failed = retry_failed
        self.shown = masked(request, secret_fields)


class Result(object):
    """What became of one item."""

    def __init__(self, item, action='keep', current=None, before=None, after=None, reason=None, differences=()):
        self.item = item
        self.action = action  # keep, create, update, adopt
        self.current = current
        self.before = before
        self.after = after
        self.reason = reason
        self.differences = list(differences)
        self.error = None
        self.warnings = []
        self.lost = None  # (error, claim version, decision, sent_at) of a create whose answer was lost

    @property
    def changed(self):
        return self.action != 'keep'

    def diff(self):
        return {'before': self.before or {}, 'after': self.after or {}}

    def fail(self, error):
        self.error = error
        return self


class Options(object):
    def __init__(self, check_mode=False, on_unknown_outcome='fail', retry_failed=False, recreate=False,
                 grace=DEFAULT_GRACE, confirm_timeout=DEFAULT_CONFIRM, concurrency=4, pending_window=180,
                 wait=False, wait_timeout=1800, wait_sleep=2.0, confirm_sleep=0.5, stall_timeout=None, unknown_grace=None):
        self.check_mode = check_mode
        self.on_unknown_outcome = on_unknown_outcome
        self.retry_failed = retry_failed
        self.recreate = recreate
        self.grace = grace
        self.confirm_timeout = confirm_timeout
        self.concurrency = max(1, concurrency)
        self.pending_window = pending_window
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.wait_sleep = wait_sleep
        self.confirm_sleep = confirm_sleep
        self.stall_timeout = stall_timeout or None
        self.unknown_grace = unknown_grace


class _Create(object):
    """A create the decision asks for."""

    def __init__(self, entry, version, reason, before=None, known=()):
        self.entry = entry
        self.version = version
        self.reason = reason
        self.before = before
        self.known = list(known)


class _Again(Exception):
    """Another run changed the entry between this run's read and its claim: decide again."""


class Engine(object):
    def __init__(self, source, ledger, scope, options, secret=None, warn=None, clock=time.time, sleep=time.sleep,
                 monotonic=time.monotonic):
        self.source = source
        self.kind = source.kind
        self.ledger = ledger
        self.scope = scope
        self.options = options
        self.secret = secret
        self.warn = warn or (lambda message: None)
        self.clock = clock
        self.sleep = sleep
        self.monotonic = monotonic
        self.owner = claims.Owner()
        self.heartbeat = claims.Heartbeat(ledger, clock=clock)
        self._pending = None
        self._snapshot = {}
        source.map = self.map

    def map(self, function, values):
        """``[function(value) ...]`` in order, at most ``concurrency`` at once; the first exception is raised."""
        values = list(values)
        if self.options.concurrency <= 1 or len(values) <= 1:
            return [function(value) for value in values]
        with ThreadPoolExecutor(max_workers=min(self.options.concurrency, len(values))) as pool:
            return list(pool.map(function, values))

    # -- the whole run -------------------------------------------------------

    def run(self, items):
        """A Result per item, in order; an item's failure is its Result's ``error``, never the others'."""
        results = [None] * len(items)
        if self.kind.listed:
            found = self.source.find(items)
            # The entries of the items the listing does not settle, in one read (none when every item is listed
            # unchanged and holds no claim, so that a no-op run does not read an S3 ledger entry by entry).
            needing = [item for item in items if self._needs_entry(item, found.get(item.key, []))]
            self._snapshot = self._read_many(needing) if needing else {}
            decisions = [self._decide_or_fail(item, found.get(item.key, [])) for item in items]
        else:
            # The ledger decides: every entry in one read, then the recorded objects fetched concurrently.
            self._snapshot = self._read_many(items)
            decisions = self.map(lambda item: self._decide_or_fail(item, []), items)
        creates = []
        for index, (item, decided) in enumerate(zip(items, decisions)):
            if isinstance(decided, Result):
                results[index] = decided
            else:
                creates.append((index, item, decided))
        try:
            self._create_all(creates, results)
            if self.kind.listed and not self.options.check_mode:
                self._confirm([r for r in results if r.error is None and r.action == 'create'])
        finally:
            self.heartbeat.stop()
        if self.options.wait and not self.options.check_mode:
            self._wait([r for r in results if r.error is None and r.current is not None])
        return results

    def _read_many(self, items):
        keys = set(item.stored_key for item in items) | set(item.key for item in items)
        return self.ledger.read_many(self.scope, sorted(keys))

    def _needs_entry(self, item, listed):
        """Whether deciding a listed item reads its ledger entry (what ``_decide_listed`` looks at first)."""
        if not listed:
            return True
        current = listed[-1]
        reason = self._listed_create_reason(item, current, self.source.differences(item, current))
        return reason is not None or self._may_hold_a_claim(item)

    def _decide_or_fail(self, item, listed):
        try:
            return self._decide(item, listed)
        except MediaopsError as exc:
            return Result(item).fail(exc)

    def _create_all(self, creates, results):
        if self.options.check_mode:
            for (index, _item, _decided), predicted in zip(creates, self.map(self._predict, creates)):
                results[index] = predicted
            return
        if not creates:
            return
        # Claims and records are written a chunk at a time (one write of a file ledger for the whole chunk);
        # a chunk's creates run concurrently, at most ``concurrency`` at once.
        size = max(CHUNK, self.options.concurrency * 4)
        with ThreadPoolExecutor(max_workers=max(1, min(self.options.concurrency, len(creates) or 1))) as pool:
            for start in range(0, len(creates), size):
                self._create_chunk(creates[start:start + size], results, pool)

    def _predict(self, create):
        """Check mode: what the create would return; a read it needs that fails is the item's error, as the
        create's own failure would be."""
        _index, item, decided = create
        try:
            would = self.source.would_be(item)
        except MediaopsError as exc:
            return Result(item).fail(exc)
        return Result(item, 'create', would, decided.before, self._after(item, would), decided.reason)

    def _create_chunk(self, chunk, results, pool):
        marks = [self._mark(item, decided) for _index, item, decided in chunk]
        answers = self.ledger.claim_many(self.scope, [(item.stored_key, mark, decided.version)
                                                      for (_index, item, decided), mark in zip(chunk, marks)])
        sending, again = [], []
        for (index, item, decided), mark, answer in zip(chunk, marks, answers):
            if answer is None:
                answer = self._own_claim(item)
            if answer is None:
                again.append((index, item))  # another run wrote first: looked at once this chunk's creates are settled
                continue
            self.heartbeat.hold(self.scope, item.stored_key, answer[0], answer[1])
            sending.append((index, item, decided, mark))
        outcomes = list(pool.map(lambda job: self._send(job[1]), sending))
        held = [self.heartbeat.release(self.scope, item.stored_key) for _index, item, _decided, _mark in sending]
        interrupted = [outcome for outcome in outcomes if not isinstance(outcome, (dict, MediaopsError))]
        created = [(job, version, outcome) for job, (_entry, version), outcome in zip(sending, held, outcomes)
                   if isinstance(outcome, dict)]
        stored = self._store_many(created)
        for job, (_entry, version), outcome in zip(sending, held, outcomes):
            index, item, decided, mark = job
            if isinstance(outcome, dict):
                results[index] = self._created(item, decided, outcome, stored.get(index), version)
            elif isinstance(outcome, MediaopsError):
                results[index] = self._failed(item, decided, mark, outcome, _entry, version)
        if interrupted:
            # An interrupt or a bug while writes may have been in flight: their claims stay, their leases run out.
            raise interrupted[0]
        # Only now: waiting for another run's claim while holding unsent claims of this one could wait in a circle.
        for index, item in again:
            results[index] = self._decide_again(item)

    def _send(self, item):
        """The create's answer, or the error it raised (an interrupt too: the chunk settles before it goes on)."""
        try:
            return self.source.create(item)
        except BaseException as exc:  # pylint: disable=broad-except
            return exc

    def _store_many(self, created):
        """Record the chunk's creates over their claims in one write; ``{index: True}`` for those written."""
        writes = [(job[1].stored_key, self._record(job[1], outcome.get(self.kind.id_key)), version)
                  for job, version, outcome in created]
        try:
            answers = self.ledger.claim_many(self.scope, writes) if writes else []
        except LedgerError:
            answers = [None] * len(writes)  # each is retried on its own, and its error names its id
        return dict((job[0], True) for (job, _version, _outcome), answer in zip(created, answers) if answer is not None)

    def _created(self, item, decided, created, stored, version):
        remote_id = created.get(self.kind.id_key)
        if not stored:
            try:
                self._store(item, version, self._record(item, remote_id), remote_id, created)
            except MediaopsError as exc:
                return Result(item).fail(exc)
        if not self.kind.listed:
            try:
                created = self.source.fetch(item, remote_id)  # the create's answer is partial: read it whole once
            except MediaopsError as exc:
                return Result(item).fail(exc)
        return Result(item, 'create', created, decided.before, self._after(item, created), decided.reason)

    def _failed(self, item, decided, mark, exc, held, version):
        key = item.stored_key
        try:
            if isinstance(exc, ApiError) and exc.may_have_applied:
                # The outcome is unknown and stays so: nobody should wait for this claim any longer.
                expired = self.ledger.claim(self.scope, key, dict(held, expires=claims.iso(self.clock())), version)
                return self._lost(item, decided, exc, expired[1] if expired else version, mark['sent_at'])
            self._restore(key, decided.entry, version)  # certainly not created (refused, or refused before sending)
        except MediaopsError as ledger_error:
            return Result(item).fail(ledger_error)
        return Result(item).fail(exc)

    def _decide_again(self, item):
        """After another writer got to the entry first: look again, decide again, create if still needed."""
        for _attempt in range(MAX_CLAIMS):
            try:
                found = self.source.find([item]).get(item.key, []) if self.kind.listed else []
                decided = self._decide(item, found)
                if isinstance(decided, Result):
                    return decided
                return self._create(item, decided)
            except _Again:
                continue
            except MediaopsError as exc:
                return Result(item).fail(exc)
        return Result(item).fail(MediaopsError(
            'could not claim %s in the ledger: other runs changed its entry %d times in a row; run again'
            % (item.label, MAX_CLAIMS), ledger=self.ledger.describe()))

    # -- deciding ------------------------------------------------------------

    def _read_entry(self, key):
        """The run's first look at an entry comes from the snapshot read at the start; later looks read again."""
        if key in self._snapshot:
            return self._snapshot.pop(key)
        return self.ledger.read(self.scope, key)

    def _read(self, item):
        """The entry of an item (an entry of 0.1.0, keyed with a URL's password, is moved first)."""
        key = item.stored_key
        entry, version = self._read_entry(key)
        if entry is None and key != item.key:
            legacy, legacy_version = self._read_entry(item.key)
            if legacy is not None and not self.options.check_mode:
                moved = self.ledger.claim(self.scope, key, legacy, None)
                if moved is not None:
                    self.ledger.delete(self.scope, item.key)
                    return moved
            return legacy, legacy_version
        return entry, version

    def _settle(self, item):
        """``(entry, version, waited)`` once no live claim of another run holds the entry (waiting for one,
        bounded); ``waited`` when it did."""
        waited = False
        entry, version = self._read(item)
        if entry and entry.get('pending') and entry.get('owner') != self.owner.token and not claims.live(entry, self.clock()):
            # A dead claim in the run's first look (the snapshot read at the start) may have been recorded since,
            # by a run that then ended: judge the entry as it is now.
            entry, version = self._read(item)
        deadline = self.clock() + self.options.pending_window
        delay = 0.1
        while claims.live(entry, self.clock()) and entry.get('owner') != self.owner.token:
            if self.clock() >= deadline:
                raise MediaopsError(
                    'another run (host %s, process %s) has been creating %s since %s and is still at it; run '
                    'again later' % (entry.get('host'), entry.get('pid'), item.label, entry.get('sent_at')),
                    ledger=self.ledger.describe())
            self.sleep(delay)
            delay = min(delay * 2, 5.0)
            waited = True
            entry, version = self._read(item)
        return entry, version, waited

    def _decide(self, item, listed):
        if self.kind.listed:
            return self._decide_listed(item, listed)
        return self._decide_ledgered(item)

    def _decide_ledgered(self, item):
        entry, version, _waited = self._settle(item)
        adopt = self._adopting(item)
        if entry and entry.get('pending'):
            if adopt:
                return self._adopt(item, version, self._fetch_adopted(item))
            if self.options.on_unknown_outcome != 'recreate':
                raise self._unknown_outcome(item, entry)
            return _Create(entry, version, 'an earlier create had an unknown outcome; on_unknown_outcome=recreate')
        if entry and entry.get('id') is not None:
            if adopt and str(item.adopt_id) != str(entry['id']):
                raise self._adopt_conflict(item, entry)
            try:
                current = self.source.fetch(item, entry['id'])
            except NotFoundError:
                return _Create(entry, version, 'the ledger names id %s, which %s no longer knows'
                               % (entry['id'], self.kind.vendor))
            changed = claims.differing(entry, item.request, item.secret_fields, self.secret)
            before = dict(entry.get('request') or {}, id=entry['id'])
            if not changed and not (self._retry_failed(item) and self.kind.failed(current)):
                if entry.get('digests') != claims.DIGEST_VERSION and not self.options.check_mode:
                    # An entry of 0.1.0, or one adopted before any run declared it: rewritten with this run's digests.
                    self._store(item, version, self._record(item, entry['id'], since=entry), entry['id'])
                shown = self._after(item, current)
                return Result(item, 'keep', current, shown, shown)
            if not changed:
                return _Create(entry, version, 'id %s failed at the service; retry_failed' % entry['id'], before)
            return _Create(entry, version, 'the declared request differs in %s from the one that created id %s'
                           % (', '.join(changed), entry['id']), before)
        if adopt:
            return self._adopt(item, version, self._fetch_adopted(item))
        return _Create(entry, version, 'not in the ledger %s' % self.ledger.describe())

    def _decide_listed(self, item, listed, fresh=False):
        """``fresh``: the listing was read again after the entry, so a recorded id it lacks is really unlisted."""
        known = [obj.get(self.kind.id_key) for obj in listed]
        current = listed[-1] if listed else None
        names = self.source.differences(item, current) if current is not None else []
        reason = self._listed_create_reason(item, current, names) if current is not None else None
        if current is not None and reason is None and not self._may_hold_a_claim(item):
            return self._keep_listed(item, current, names)
        entry, version, waited = self._settle(item)
        if waited:  # another run created meanwhile: look again
            return self._decide_listed(item, self.source.find([item]).get(item.key, []))
        if entry and entry.get('pending'):
            late = [obj for obj in listed if obj.get(self.kind.id_key) not in (entry.get('known') or [])]
            if late:
                # The create of an earlier run landed after it gave up: record it; it is the one to judge.
                current = late[-1]
                version = self._record_found(item, version, current)
                names = self.source.differences(item, current)
                reason = self._listed_create_reason(item, current, names)
                entry = None if self.options.check_mode else self.ledger.read(self.scope, item.stored_key)[0]
            else:
                return self._unresolved(item, entry, version, known, reason)
        if current is not None:
            if reason is None:
                return self._keep_listed(item, current, names)
            return _Create(entry, version, reason, self.source.view(current), known)
        adopt = self._adopting(item)
        if entry and entry.get('id') is not None:
            if not fresh:
                # The listing was read before the entry: another run may have created and recorded it in between.
                relisted = self.source.find([item]).get(item.key, [])
                if entry['id'] in [obj.get(self.kind.id_key) for obj in relisted]:
                    return self._decide_listed(item, relisted, fresh=True)
            if adopt and str(item.adopt_id) != str(entry['id']):
                raise self._adopt_conflict(item, entry)
            if entry.get('adopted') or adopt:
                if adopt and not entry.get('adopted') and not self.options.check_mode:
                    self._store(item, version, self._record(item, entry['id'], adopted=True, since=entry), entry['id'])
                self.warn('%s: the ledger records id %s, which the listing does not show (%s)'
                          % (item.label, entry['id'], self.kind.blind_hint))
                current = dict(self.source.would_be(item), **{self.kind.id_key: entry['id']})
                return Result(item, 'keep', current, item.shown, self._after(item, current))
            if self.options.on_unknown_outcome != 'recreate':
                raise self._blind(item, entry['id'], entry.get('created_at'))
            return _Create(entry, version, 'the ledger names id %s, which the listing does not show; '
                           'on_unknown_outcome=recreate' % entry['id'], known=known)
        if adopt:
            return self._adopt(item, version, None)
        return _Create(entry, version, 'no %s has this identity' % self.kind.name, known=known)

    def _unresolved(self, item, entry, version, known, reason):
        """A dead claim whose create the listing does not show: adopt, recreate, wait out the grace, or send."""
        if self._adopting(item):
            return self._adopt(item, version, None)
        if self.options.on_unknown_outcome == 'recreate':
            return _Create(entry, version, 'an earlier create had an unknown outcome; on_unknown_outcome=recreate',
                           known=known)
        sent = claims.seconds(entry.get('sent_at')) or 0
        if self.clock() < sent + self.options.grace:
            raise self._not_yet_listed(item, entry.get('sent_at'), sent)
        return _Create(entry, version, 'the create sent at %s never showed in the listing within %d s; sending it '
                       'again%s' % (entry.get('sent_at'), self.options.grace, ' (%s)' % reason if reason else ''),
                       known=known)

    def _may_hold_a_claim(self, item):
        """Whether the ledger may hold an unresolved claim for a listed item (one look at the ledger per run)."""
        if self._pending is None:
            self._pending = self.ledger.claims_pending()
        return self._pending(self.scope, item.stored_key)

    def _retry_failed(self, item):
        return self.options.retry_failed if item.retry_failed is None else item.retry_failed

    def _listed_create_reason(self, item, current, names):
        """Why an identity that is listed gets a new create, or None."""
        remote_id = current.get(self.kind.id_key)
        if self._retry_failed(item) and self.kind.failed(current):
            return '%s %s failed; retry_failed' % (self.kind.name, remote_id)
        if names and self.options.recreate:
            return '%s %s differs in %s; recreate' % (self.kind.name, remote_id, ', '.join(names))
        return None

    def _keep_listed(self, item, current, names):
        reason = None
        if names:
            updated = self.source.update(item, current, names, self.options.check_mode)
            if updated is not None:
                return Result(item, 'update', updated, self.source.view(current), self.source.view(updated),
                              'differs in %s; updated' % ', '.join(names), names)
            reason = '%s %s differs in %s (set recreate to create a new one)' % (
                self.kind.name, current.get(self.kind.id_key), ', '.join(names))
        shown = self.source.view(current)
        result = Result(item, 'keep', current, shown, shown, reason, names)
        if reason:
            result.warnings.append('%s: %s' % (item.label, reason))
        return result

    def _adopting(self, item):
        return self.options.on_unknown_outcome == 'adopt' and item.adopt_id not in (None, '')

    def _fetch_adopted(self, item):
        try:
            return self.source.fetch(item, item.adopt_id)
        except NotFoundError:
            raise MediaopsError('cannot adopt id %s for %s: %s does not know it' % (item.adopt_id, item.label, self.kind.vendor))

    def _adopt(self, item, version, current):
        """Record ``item.adopt_id`` as the item's resource (Terraform's import)."""
        if current is None:
            current = dict(self.source.would_be(item), **{self.kind.id_key: item.adopt_id})
        remote_id = current.get(self.kind.id_key)
        if not self.options.check_mode:
            self._store(item, version, self._record(item, remote_id, adopted=True), remote_id)
        return Result(item, 'adopt', current, {}, self._after(item, current), 'adopted id %s' % remote_id)

    def _record_found(self, item, version, current):
        """An earlier run's create shows now: record it; the entry's new version."""
        remote_id = current.get(self.kind.id_key)
        if self.options.check_mode:
            return version
        return self._store(item, version, self._record(item, remote_id), remote_id)

    def _after(self, item, current):
        return dict(item.shown, id=(current or {}).get(self.kind.id_key))

    # -- creating ------------------------------------------------------------

    def _mark(self, item, decided):
        now = self.clock()
        mark = self._record(item, None)
        mark.update(self.owner.stamp(), pending=True, sent_at=claims.iso(now), expires=claims.iso(now + self.heartbeat.lease))
        mark.pop('id', None)
        if self.kind.listed:
            mark['known'] = decided.known
        return mark

    def _own_claim(self, item):
        """``(entry, version)`` when this run's claim is there though its write was answered as lost, else None."""
        current, version = self.ledger.read(self.scope, item.stored_key)
        if current and current.get('owner') == self.owner.token and current.get('pending'):
            return current, version
        return None

    def _create(self, item, decided):
        """One create, after another writer got to its entry first: claim, send, settle."""
        mark = self._mark(item, decided)
        key = item.stored_key
        claimed = self.ledger.claim(self.scope, key, mark, decided.version) or self._own_claim(item)
        if claimed is None:
            raise _Again()
        self.heartbeat.hold(self.scope, key, claimed[0], claimed[1])
        outcome = self._send(item)
        held, version = self.heartbeat.release(self.scope, key)
        if isinstance(outcome, dict):
            return self._created(item, decided, outcome, False, version)
        if isinstance(outcome, MediaopsError):
            return self._failed(item, decided, mark, outcome, held, version)
        raise outcome

    def _lost(self, item, decided, exc, version, sent_at):
        details = exc.details()
        details.update(ledger=self.ledger.describe())
        if self.kind.listed:
            result = Result(item, 'create', None, decided.before, None, decided.reason)
            result.lost = (exc, version, decided, sent_at)
            return result
        return Result(item).fail(MediaopsError(
            '%s. %s may have created %s; its claim stays in the ledger and no run creates it again until you '
            'decide: %s' % (exc.message, self.kind.vendor, item.label, self._how_to_decide(item)), **details))

    def _record(self, item, remote_id, adopted=False, since=None):
        entry = {'id': remote_id, 'fields': claims.field_digests(item.request, item.secret_fields, self.secret),
                 'digests': claims.DIGEST_VERSION, 'key_id': claims.key_id(self.secret), 'request': item.shown,
                 'label': item.label, 'service': self.kind.service, 'kind': self.kind.name,
                 'created_at': (since or {}).get('created_at') or utcnow()}
        if adopted or (since or {}).get('adopted'):
            entry['adopted'] = True
        return dict((k, v) for k, v in entry.items() if v is not None or k == 'id')

    def _store(self, item, version, entry, remote_id, created=None):
        """Write the record over this run's claim (compare-and-swap), retrying; a failure names the created id."""
        key = item.stored_key
        last = None
        for attempt in range(LEDGER_WRITES):
            try:
                stored = self.ledger.claim(self.scope, key, entry, version)
                if stored is not None:
                    return stored[1]
                current, version = self.ledger.read(self.scope, key)
                if current and current.get('id') == remote_id and not current.get('pending'):
                    return version
                if current and not (current.get('pending') and current.get('owner') == self.owner.token):
                    raise MediaopsError(
                        '%s created id %s for %s, but meanwhile another run wrote its ledger entry (%s); check which '
                        'to keep, then record it with mediaops.video.ledger_entry (id %s)' % (
                            self.kind.vendor, remote_id, item.label, 'id %s' % current['id'] if current.get('id')
                            is not None else 'a claim of host %s' % current.get('host'), remote_id),
                        created_id=remote_id, created=masked(created, self.kind.secret_keys), ledger=self.ledger.describe())
            except LedgerError as exc:
                last = exc
                self.sleep(min(0.5 * 2 ** attempt, 4.0))
        raise MediaopsError(
            '%s created id %s for %s, but the ledger could not record it (%s); record it with '
            'mediaops.video.ledger_entry (state=present, id=%s) or run again with on_unknown_outcome=adopt and '
            'id=%s' % (self.kind.vendor, remote_id, item.label, last.message if last else 'the entry kept changing',
                       remote_id, remote_id),
            created_id=remote_id, created=masked(created, self.kind.secret_keys), ledger=self.ledger.describe())

    def _restore(self, key, entry, version):
        """Put back what was there before a create that certainly did not happen (unless another run took over)."""
        if entry:
            self.ledger.claim(self.scope, key, entry, version)
            return
        _current, now_version = self.ledger.read(self.scope, key)
        if now_version == version:
            self.ledger.delete(self.scope, key)

    # -- confirming (listed kinds) ---------------------------------------------

    def _confirm(self, results):
        """Read your own writes: each new id (or, after a lost answer, any id not listed before) must show."""
        if not results:
            return
        pending = list(results)
        deadline = self.clock() + self.options.confirm_timeout
        delay = self.options.confirm_sleep
        while True:
            found = self.source.find([r.item for r in pending])
            left = []
            for result in pending:
                try:
                    if self._confirmed(result, found.get(result.item.key, [])):
                        continue
                except MediaopsError as exc:
                    result.fail(exc)
                    continue
                left.append(result)
            pending = left
            if not pending or self.clock() >= deadline:
                break
            self.sleep(min(delay, max(deadline - self.clock(), 0.01)))
            delay = min(delay * 2, 5.0)
        for result in pending:
            if result.lost:
                exc, _version, _decided, sent_at = result.lost
                result.fail(self._not_yet_listed(result.item, sent_at, claims.seconds(sent_at), cause=exc))
            else:
                result.fail(self._blind(result.item, result.current.get(self.kind.id_key), None))

    def _confirmed(self, result, listed):
        ids = [obj.get(self.kind.id_key) for obj in listed]
        if not result.lost:
            wanted = result.current.get(self.kind.id_key)
            if wanted in ids:
                result.current = listed[ids.index(wanted)]
                result.after = self._after(result.item, result.current)
                return True
            return False
        _exc, version, decided, _sent_at = result.lost
        late = [obj for obj in listed if obj.get(self.kind.id_key) not in decided.known]
        if not late:
            return False
        remote_id = late[-1].get(self.kind.id_key)
        self._store(result.item, version, self._record(result.item, remote_id), remote_id, late[-1])
        result.current = late[-1]
        result.after = self._after(result.item, late[-1])
        result.reason = '%s (its answer was lost; the listing shows it)' % decided.reason
        result.lost = None
        return True

    # -- waiting -------------------------------------------------------------

    def _wait(self, results):
        """One polling loop for every item (on a monotonic clock), reading only those not yet terminal; an item
        that fails, cannot be read, stalls or stays in an unknown status becomes that item's error and is polled
        no more."""
        todo = [r for r in results if r.current.get(self.kind.id_key) is not None]
        watch = Watch(self.options.stall_timeout, self.options.unknown_grace, clock=self.monotonic)

        def polling(current):
            return [r for r in current if r.error is None and not self.kind.terminal(r.current)]

        def judge(current):
            for result in polling(current):
                reason = watch.see(id(result), self.kind.progress_of(result.current), self.kind.unknown_of(result.current))
                if reason:
                    result.fail(self._wait_error(result, reason))
            return current

        def fetch():
            self._refresh(polling(todo))
            return judge(todo)

        try:
            poll(fetch, lambda current: not polling(current), self.options.wait_timeout,
                 sleep_base=self.options.wait_sleep, sleep=self.sleep, clock=self.monotonic, first=judge(todo),
                 describe=lambda current: '%d %s(s) in progress' % (len(polling(current)), self.kind.name))
        except WaitTimeout:
            for result in polling(todo):
                result.fail(self._wait_error(result, 'still %s after waiting %s s' % (
                    self.kind.status_of(result.current), self.options.wait_timeout)))
        for result in todo:
            if result.error is None and self.kind.failed(result.current):
                result.fail(MediaopsError('%s %s failed at %s: %s' % (
                    self.kind.name, result.current.get(self.kind.id_key), self.kind.vendor,
                    self.kind.error_of(result.current) or 'no reason given'),
                    **{self.kind.name: masked(result.current, self.kind.secret_keys)}))

    def _wait_error(self, result, reason):
        return MediaopsError('%s %s: %s' % (self.kind.name, result.current.get(self.kind.id_key), reason),
                             **{self.kind.name: masked(result.current, self.kind.secret_keys)})

    def _refresh(self, results):
        if not results:
            return
        if self.kind.listed:
            found = self.source.find([r.item for r in results])
            for result in results:
                by_id = dict((obj.get(self.kind.id_key), obj) for obj in found.get(result.item.key, []))
                result.current = by_id.get(result.current.get(self.kind.id_key), result.current)
            return

        def refresh(result):
            try:
                result.current = self.source.fetch(result.item, result.current.get(self.kind.id_key))
            except MediaopsError as exc:
                result.fail(exc)

        self.map(refresh, results)

    # -- messages ------------------------------------------------------------

    def _how_to_decide(self, item):
        return ('look it up at %s, then record it with mediaops.video.ledger_entry (service=%s, kind=%s, key=%r, '
                'id=...) or run again with on_unknown_outcome=adopt and id=...; or create it anyway with '
                'on_unknown_outcome=recreate' % (self.kind.vendor, self.kind.service, self.kind.name, item.stored_key))

    def _unknown_outcome(self, item, entry):
        sent_at = entry.get('sent_at') or entry.get('since')
        return MediaopsError(
            'an earlier run (host %s) sent the create of %s at %s and never recorded its answer, so it may exist at '
            '%s, which cannot be searched: %s' % (entry.get('host') or 'unknown', item.label, sent_at, self.kind.vendor,
                                                  self._how_to_decide(item)),
            ledger=self.ledger.describe())

    def _not_yet_listed(self, item, sent_at, sent, cause=None):
        text = '%s. ' % cause.message if cause is not None else ''
        return MediaopsError(
            '%sThe create of %s was sent at %s and %s does not list it (yet): it may still land. It stays claimed in '
            'the ledger; a later run looks again and does not send it again before %s (unknown_outcome_grace). If '
            'you know its id, adopt it: mediaops.video.ledger_entry (service=%s, kind=%s, key=%r, id=...) or '
            'on_unknown_outcome=adopt with id=...' % (
                text, item.label, sent_at, self.kind.vendor, claims.iso(sent + self.options.grace),
                self.kind.service, self.kind.name, item.stored_key),
            ledger=self.ledger.describe(), **(cause.details() if cause is not None else {}))

    def _blind(self, item, remote_id, created_at):
        return MediaopsError(
            '%s %s was created (id %s%s) but %s does not list it: %s. The ledger keeps the id, so no run creates '
            'it again; once the listing shows it the task passes. To create it anyway, forget the entry '
            '(mediaops.video.ledger_entry state=absent) or run with on_unknown_outcome=recreate.' % (
                self.kind.name, item.label, remote_id, ', %s' % created_at if created_at else '', self.kind.vendor,
                self.kind.blind_hint),
            created_id=remote_id, ledger=self.ledger.describe())

    def _adopt_conflict(self, item, entry):
        return MediaopsError('the ledger already records id %s for %s, not %s; change it with '
                             'mediaops.video.ledger_entry' % (entry['id'], item.label, item.adopt_id))
