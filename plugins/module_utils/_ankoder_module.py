# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: Ankoder described as a service, and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

from ansible_collections.mediaops.video.plugins.module_utils import _bulk as bulk
from ansible_collections.mediaops.video.plugins.module_utils import _ledger_resource as engine
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, NotFoundError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._create_once import LEDGERED, Kind, Result
from ansible_collections.mediaops.video.plugins.module_utils._service import Option, Service
from ansible_collections.mediaops.video.plugins.module_utils._state import masked
from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AUTH_METHODS, AUTH_NEEDS, DEFAULT_API_URL, AnkoderClient
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_xml

SERVICE = Service(
    'ankoder', 'Ankoder', 'ANKODER', client=AnkoderClient, scope='ankoder/{kind}@{api_url}',
    libraries=((_ankoder_xml.HAS_LXML, 'lxml', _ankoder_xml.LXML_IMPORT_ERROR),),
    options=(
        Option('api_url', default=DEFAULT_API_URL, url=True),
        Option('auth_method', default='basic', choices=AUTH_METHODS, needs=AUTH_NEEDS),
        Option('username'),
        Option('password', secret=True),
        Option('access_key', secret=True),
        Option('private_key', secret=True),
    ))


def _status(obj):
    status = obj.get('status')
    if status is None and obj.get('progress') == 100:
        return 'downloaded'
    return status


def _progress(obj):
    """What moves while an import does (for stall_timeout): its status and its progress, as text."""
    progress = '%s%%' % obj.get('progress') if obj.get('progress') is not None else 'no progress'
    return '%s, %s' % (obj.get('status'), progress) if obj.get('status') else progress


VIDEO = Kind('ankoder', 'video', LEDGERED, 'Ankoder', {'downloaded': True, 'failed': False}, status_of=_status,
             progress_of=_progress)
JOB = Kind('ankoder', 'job', LEDGERED, 'Ankoder', {'completed': True, 'failed': False}, paid=True)


class Once(object):
    """``function(key)`` called at most once per distinct key in a run, whichever of the concurrent creates asks
    first; its answer (or its error) is every later asker's."""

    def __init__(self, function):
        self._function = function
        self._lock = threading.Lock()
        self._slots = {}

    def __call__(self, key):
        with self._lock:
            slot = self._slots.setdefault(key, {'lock': threading.Lock()})
        with slot['lock']:
            if 'answer' not in slot and 'error' not in slot:
                try:
                    slot['answer'] = self._function(key)
                except MediaopsError as exc:
                    slot['error'] = exc
        if 'error' in slot:
            raise slot['error']
        return slot['answer']


def profile_finder(api):
    """The run's profile lookup: by name or id, one look-up per distinct profile."""
    return Once(api.find_profile)


def declared_specs(params, name, options):
    """The declared items: the top-level ``options`` (with the task's ``id``) or the ``name`` list (bulk)."""
    if params.get(name) is None:
        return [dict((option, params.get(option)) for option in list(options) + ['id'])]
    bulk.check(params)
    stray = sorted(option for option in options if params.get(option) is not None)
    if stray:
        raise ValidationError('with %s, set %s in each item, not at the task level' % (name, ', '.join(stray)))
    return [dict(item) for item in params[name]]


def checked_items(params, name, specs, to_item):
    """``to_item(spec)`` of every spec; with the bulk list, every problem named by its item, before any request."""
    if params.get(name) is None:
        return [to_item(specs[0])]
    return bulk.items(name, specs, to_item)


def reconcile(module, source, items, name, noun, unresolved=None):
    """Create once (ledger-backed), read back, wait if asked: the single form's result (``video``, ``job``), or
    with the bulk list ``name`` the bulk form's (raising with ``failed_items`` once the others are recorded).

    ``unresolved``: ``{item key: error}`` of items that fail before the engine sees them."""
    kind = source.kind
    unresolved = unresolved or {}
    ready = [item for item in items if item.key not in unresolved]
    done = dict((result.item.key, result) for result in engine.run(module, source, SERVICE.scope(module, kind.name), ready))
    results = [done[item.key] if item.key in done else Result(item).fail(unresolved[item.key]) for item in items]
    if module.params.get(name) is None:
        result = engine.one(results)
        return engine.single(module, result, kind.name, {kind.name: masked(result.current, kind.secret_keys)})
    return bulk.result(module, results, name, lambda result: masked(result.current or {}, kind.secret_keys), noun,
                       paid=kind.paid)


def read_one(module, kind):
    """An _info module's result: the video or job by id; ``exists`` false when Ankoder does not know it."""
    api = SERVICE.client(module)
    read = {'video': api.get_video, 'job': api.get_job}[kind]
    try:
        found = masked(read(module.params['id']))
    except NotFoundError:
        found = None
    return {'changed': False, 'exists': found is not None, kind: found}
