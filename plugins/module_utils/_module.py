# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: what every module of the collection shares.

Option sets (ledger, wait; a service's connection options follow from its
description, see _service) and ``run()``, the single place where an error
becomes fail_json.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError
from ansible_collections.mediaops.video.plugins.module_utils import _http
from ansible_collections.mediaops.video.plugins.module_utils._ledger import open_ledger
from ansible_collections.mediaops.video.plugins.module_utils._state import url_passwords


def ledger_spec(retry_failed=True, listed=False):
    """Options of every module that creates (the ledger URL is a connection option of its service)."""
    spec = dict(
        on_unknown_outcome=dict(type='str', choices=['fail', 'recreate', 'adopt'], default='fail'),
        id=dict(type='str'),
        unknown_outcome_grace=dict(type='int', default=900),
    )
    if retry_failed:
        spec['retry_failed'] = dict(type='bool', default=False)
    if listed:
        spec['confirm_timeout'] = dict(type='float', default=30)
    return spec


def wait_spec(timeout=1800, sleep=2):
    return dict(
        wait=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=timeout),
        wait_sleep=dict(type='float', default=sleep),
    )


def ledger_for(module):
    """The module's ledger; a warning when it is the default file inside an AWX job (``_ledger.lost_with_the_job``)."""
    return open_ledger(module.params.get('ledger'), warn=module.warn)


def check_libraries(libraries=()):
    """MediaopsError naming the first library missing; libraries: (available, pip name, import error) triples.
    requests is always needed."""
    for available, name, error in ((_http.HAS_REQUESTS, 'requests', _http.REQUESTS_IMPORT_ERROR),) + tuple(libraries):
        if not available:
            raise MediaopsError(missing_required_lib(name), exception=str(error))


def run(module, work):
    """Call ``work(module) -> result dict``; exit with it, or fail once with the error's details.

    Passwords inside URL options (``ftp://user:password@host``) join the
    module's no_log values first, so that no output, the echoed invocation
    included, ever shows them.
    """
    module.no_log_values.update(url_passwords(module.params))
    try:
        check_libraries()
        result = work(module)
    except MediaopsError as exc:
        module.fail_json(msg=exc.message, **exc.details())
    module.exit_json(**result)
