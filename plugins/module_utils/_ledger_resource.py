# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: what a module that creates hands the create-once engine, and gets back.

``options(module)`` reads the engine's options from the module's own,
``run(module, source, scope, items)`` runs the engine and passes its
warnings on, ``one(results)`` is the single form's result (its error
raised), ``single(...)`` that result as the module returns it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._create_once import Engine, Options
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_for


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
        wait=bool(p.get('wait')), wait_timeout=p.get('wait_timeout') or 0, wait_sleep=p.get('wait_sleep') or 2.0,
        stall_timeout=p.get('stall_timeout'), unknown_grace=p.get('unknown_status_grace'))


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


def single(module, result, noun, shown):
    """The single form's module result: ``shown`` with ``changed``, why it changed (``msg``) and the diff."""
    out = dict(shown, changed=result.changed)
    if result.reason and result.changed:
        verb = {'adopt': ('adopted', 'would adopt')}.get(result.action, ('created', 'would create'))[module.check_mode]
        out['msg'] = '%s %s: %s' % (verb, noun, result.reason)
    if module._diff:
        out['diff'] = result.diff()
    return out
