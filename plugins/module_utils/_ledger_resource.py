# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: what a module that creates hands the create-once engine, and gets back.

``options(module)`` reads the engine's options from the module's own,
``run(module, source, scope, items)`` runs the engine and passes its
warnings on, ``one(results)`` is the single form's result (its error
raised). ``reconcile()`` is the whole single-item flow of a ledgered kind
(Ankoder videos and jobs, moderation submissions).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._create_once import Engine, Item, Options, Source
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_for
from ansible_collections.mediaops.video.plugins.module_utils._state import masked


def pending_window(timeout):
    """Seconds to wait for another run's live claim before giving up on it."""
    return 4 * float(timeout or 30) + 60


def options(module, retry_failed=None, recreate=False):
    p = module.params
    return Options(
        check_mode=module.check_mode, on_unknown_outcome=p.get('on_unknown_outcome') or 'fail',
        retry_failed=p.get('retry_failed', False) if retry_failed is None else retry_failed, recreate=recreate,
        grace=p.get('unknown_outcome_grace') or 0, confirm_timeout=p.get('confirm_timeout') or 0,
        concurrency=p.get('concurrency') or 4, pending_window=pending_window(p.get('timeout')),
        wait=bool(p.get('wait')), wait_timeout=p.get('wait_timeout') or 0, wait_sleep=p.get('wait_sleep') or 2.0)


def run(module, source, scope, items, secret=None, **option_overrides):
    engine = Engine(source, ledger_for(module), scope, options(module, **option_overrides), secret=secret, warn=module.warn)
    results = engine.run(items)
    for result in results:
        for warning in result.warnings:
            module.warn(warning)
    return results


def one(results):
    result = results[0]
    if result.error is not None:
        raise result.error
    return result


class _Callables(Source):
    """A Source made of a ledgered module's fetch, create and would_be."""

    def __init__(self, kind, fetch, create, would_be):
        Source.__init__(self, kind)
        self._fetch, self._create, self._would_be = fetch, create, would_be

    def fetch(self, item, remote_id):
        return self._fetch(remote_id)

    def create(self, item):
        return self._create()

    def would_be(self, item):
        return self._would_be()


def reconcile(module, kind, scope, key, label, request, fetch, create, would_be, secret_fields=(), secret=None):
    """A ledgered kind's single item: create once, read back, wait if asked; the module's result."""
    item = Item(key, label, request, secret_fields=secret_fields or kind.secret_keys, adopt_id=module.params.get('id'))
    result = one(run(module, _Callables(kind, fetch, create, would_be), scope, [item], secret=secret))
    out = {'changed': result.changed, kind.name: masked(result.current, kind.secret_keys)}
    if result.reason and result.changed:
        verb = {'adopt': ('adopted', 'would adopt')}.get(result.action, ('created', 'would create'))[module.check_mode]
        out['msg'] = '%s %s: %s' % (verb, kind.name, result.reason)
    if module._diff:
        out['diff'] = result.diff()
    return out
