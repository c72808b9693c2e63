# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the bulk form of a module that creates (``videos:``, ``jobs:``, ``captions:``, ...).

A bulk form is a list of the single form's options; the create-once engine
runs all of them at once (``_create_once``). This is what every bulk form
shares on the way in (``spec``, ``check``, ``duplicates``) and on the way
out (``result``): the list of the same name in the same order (or only
what changed, or nothing: ``return_items``), the counts (``summary``, a
one-line ``msg``), the diff keyed by item, and a failure at the end with
``failed_items`` once every other item is done and recorded.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._http import POOL_SIZE

RETURN_ITEMS = ('all', 'changed', 'none')
ACTIONS = {'create': 'created', 'update': 'updated', 'adopt': 'adopted', 'keep': 'unchanged'}
SHOWN_FAILURES = 20


def spec(name, options):
    """The bulk list ``name`` (elements: ``options``, each item's own) and the options of every bulk form."""
    return {
        name: dict(type='list', elements='dict', options=options),
        'concurrency': dict(type='int', default=4),
        'return_items': dict(type='str', choices=list(RETURN_ITEMS), default='all'),
    }


def check(params):
    """Bulk options that the argument spec cannot check, before any request."""
    if not 1 <= params['concurrency'] <= POOL_SIZE:
        raise ValidationError('concurrency must be between 1 and %d, not %s' % (POOL_SIZE, params['concurrency']))


def items(name, specs, to_item, identity=None):
    """``to_item(spec)`` of every item of the list ``name``, before any request: each ValidationError named by its
    item's index, all of them at once, then no two items of one identity (``identity(item)``, its ledger key)."""
    built, problems = [], []
    for index, spec in enumerate(specs):
        try:
            built.append(to_item(spec))
        except ValidationError as exc:
            problems.append('%s[%d]: %s' % (name, index, exc.message))
    if problems:
        raise ValidationError('invalid %s: %s' % (name, '; '.join(problems)), problems=problems)
    duplicates([(identity or (lambda item: item.stored_key))(item) for item in built], name)
    return built


def duplicates(keys, what):
    """Raise when two items declare the same identity (they would race for one ledger entry)."""
    seen, twice = set(), []
    for key in keys:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    if twice:
        raise ValidationError('%s declared more than once: %s' % (what, ', '.join(str(key) for key in twice[:20])))


def summary(results, paid=False):
    """Counts: ``created`` are creates sent (or that would be, in check mode), a later failure included;
    ``failed`` are the items with an error; ``paid`` the creates the vendor bills."""
    counts = dict(total=len(results), created=0, updated=0, adopted=0, unchanged=0, failed=0)
    for result in results:
        if result.error is not None:
            counts['failed'] += 1
            if result.action == 'create':
                counts['created'] += 1
        else:
            counts[ACTIONS[result.action]] += 1
    counts['paid'] = counts['created'] if paid else 0
    return counts


def line(counts, noun, check_mode):
    """The one-line summary: ``captions: 2 created (2 paid), 998 unchanged of 1000``."""
    verb = 'would be ' if check_mode else ''
    parts = []
    for name in ('created', 'updated', 'adopted'):
        if counts[name]:
            paid = ' (%d paid)' % counts['paid'] if name == 'created' and counts['paid'] else ''
            parts.append('%d %s%s%s' % (counts[name], verb, name, paid))
    parts.append('%d unchanged' % counts['unchanged'])
    if counts['failed']:
        parts.append('%d failed' % counts['failed'])
    return '%s: %s of %d' % (noun, ', '.join(parts), counts['total'])


def result(module, results, name, row, noun, paid=False):
    """The bulk form's module result; raises (the others done and recorded) when some items failed.

    ``row(result)`` is an item's returned dict (the single form's, without ``changed``).
    """
    mode = module.params.get('return_items') or 'all'
    rows = []
    for index, outcome in enumerate(results):
        if mode == 'none' or (mode == 'changed' and not outcome.changed and outcome.error is None):
            continue
        shown = dict(row(outcome), changed=outcome.changed)
        if mode != 'all':
            shown['index'] = index
        if outcome.error is not None:
            shown.update(failed=True, msg=outcome.error.message)
        rows.append(shown)
    counts = summary(results, paid)
    out = {'changed': any(r.changed for r in results), name: rows, 'summary': counts,
           'msg': line(counts, noun, module.check_mode)}
    if module._diff:
        changed = [r for r in results if r.changed]
        out['diff'] = {'before': dict((r.item.stored_key, r.before or {}) for r in changed),
                       'after': dict((r.item.stored_key, r.after or {}) for r in changed)}
    failed = [(index, r) for index, r in enumerate(results) if r.error is not None]
    if failed:
        shown = '; '.join('%s: %s' % (r.item.label, r.error.message) for _index, r in failed[:SHOWN_FAILURES])
        more = ' (and %d more)' % (len(failed) - SHOWN_FAILURES) if len(failed) > SHOWN_FAILURES else ''
        out['msg'] = '%d of %d %s failed: %s%s' % (len(failed), len(results), noun, shown, more)
        out['failed_items'] = [dict(r.error.details(), key=r.item.stored_key, index=index, msg=r.error.message)
                               for index, r in failed]
        raise MediaopsError(out.pop('msg'), **out)
    return out
