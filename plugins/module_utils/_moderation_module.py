# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: iLiveData moderation's connection options and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils._create_once import LEDGERED, Kind, Source
from ansible_collections.mediaops.video.plugins.module_utils._moderation import DEFAULT_RESULT_URL, DEFAULT_SUBMIT_URL, ModerationClient
from ansible_collections.mediaops.video.plugins.module_utils._module import connection_spec

SUBMISSION = Kind('moderation', 'submission', LEDGERED, 'iLiveData', {'done': True, 'failed': False},
                  status_of=lambda obj: obj.get('state'),
                  error_of=lambda obj: 'the service could not check the video (code %s)' % obj.get('code'), id_key='task_id',
                  secret_keys=('callback_secret_key',), paid=True)


def argument_spec(**extra):
    spec = dict(
        submit_url=dict(type='str', default=DEFAULT_SUBMIT_URL, fallback=(env_fallback, ['MODERATION_SUBMIT_URL'])),
        result_url=dict(type='str', default=DEFAULT_RESULT_URL, fallback=(env_fallback, ['MODERATION_RESULT_URL'])),
        app_id=dict(type='str', fallback=(env_fallback, ['MODERATION_APP_ID'])),
        secret_key=dict(type='str', no_log=True, fallback=(env_fallback, ['MODERATION_SECRET_KEY'])),
        ledger=dict(type='str', fallback=(env_fallback, ['MEDIAOPS_LEDGER'])),
    )
    spec.update(connection_spec())
    spec.update(extra)
    return spec


def client(module):
    p = module.params
    return ModerationClient(submit_url=p['submit_url'], result_url=p['result_url'], app_id=p['app_id'],
                            secret_key=p['secret_key'], timeout=p['timeout'], validate_certs=p['validate_certs'],
                            ca_path=p['ca_path'], warn=module.warn)


def scope(module):
    return 'moderation/submission@%s' % module.params['submit_url']


class Submissions(Source):
    """Moderation tasks, known through the ledger only (the service cannot be searched).

    An item's ``data`` builds its API body when it is sent (a local file is read only then).
    """

    def __init__(self, api):
        Source.__init__(self, SUBMISSION)
        self.api = api

    def fetch(self, item, remote_id):
        return self.api.result(remote_id)

    def create(self, item):
        return self.api.submit(item.data())

    def would_be(self, item):
        return {'task_id': None, 'code': None, 'state': None, 'verdict': None, 'segments': []}
