# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: iLiveData moderation described as a service (see _service), and the glue its modules share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils import _moderation_limits as limits
from ansible_collections.mediaops.video.plugins.module_utils._create_once import LEDGERED, Kind, Source
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._moderation import DEFAULT_RESULT_URL, DEFAULT_SUBMIT_URL, ModerationClient
from ansible_collections.mediaops.video.plugins.module_utils._service import Option, Service

SERVICE = Service(
    'moderation', 'moderation', 'MODERATION', client=ModerationClient, scope='moderation/submission@{submit_url}',
    options=(
        Option('submit_url', default=DEFAULT_SUBMIT_URL, url=True),
        Option('result_url', default=DEFAULT_RESULT_URL, url=True),
        Option('app_id', required=True),
        Option('secret_key', secret=True, required=True),
    ))

SUBMISSION = Kind('moderation', 'submission', LEDGERED, 'iLiveData', {'done': True, 'failed': False},
                  status_of=lambda obj: obj.get('state'),
                  error_of=lambda obj: 'the service could not check the video (code %s)' % obj.get('code'), id_key='task_id',
                  secret_keys=('callback_secret_key',), paid=True)


class Submissions(Source):
    """Moderation tasks, known through the ledger only (the service cannot be searched).

    An item's ``data`` builds its API body when it is sent (a local file is read only then). A URL video's size is
    looked at (a HEAD of the URL) only when it is to be submitted, check mode included: before the submission, and
    not on a run that finds the task in the ledger.
    """

    def __init__(self, api):
        Source.__init__(self, SUBMISSION)
        self.api = api

    def fetch(self, item, remote_id):
        return self.api.result(remote_id)

    def check_size(self, item):
        """ValidationError when the video at the item's URL is announced at 1 GiB or more."""
        url = item.request.get('video_url')
        if url is not None:
            problem = limits.url_size_problem(self.api.video_size(url))
            if problem:
                raise ValidationError(problem)

    def create(self, item):
        self.check_size(item)
        return self.api.submit(item.data())

    def would_be(self, item):
        self.check_size(item)
        return unsent()


def unsent():
    """A submission not sent (check mode, or one that failed before it was sent)."""
    return {'task_id': None, 'code': None, 'state': None, 'verdict': None, 'segments': []}
