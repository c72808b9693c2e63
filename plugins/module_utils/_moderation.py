# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the iLiveData video moderation client over the HTTP core.

Every request's JSON body is serialised once; the signature covers those
exact bytes and is recomputed with a fresh timestamp on each attempt.
Results come back typed: ``state`` (done, failed, detecting, unknown),
``verdict`` (pass, review, reject) and the flagged ``segments`` with their
tags named in English (see docs/docsite/rst/wire_moderation.rst, Statuses).
The options are checked by the service description
(_moderation_module.SERVICE).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, NotFoundError
from ansible_collections.mediaops.video.plugins.module_utils._http import HttpClient
from ansible_collections.mediaops.video.plugins.module_utils._numbers import integer, integer_or_same
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_signer as signer

DEFAULT_SUBMIT_URL = 'https://vsafe.ilivedata.com/api/v1/video/check/submit'
DEFAULT_RESULT_URL = 'https://vsafe.ilivedata.com/api/v1/video/check/result'
STATES = {0: 'done', 1: 'failed', 2: 'detecting', 3: 'unknown'}
VERDICTS = {0: 'pass', 1: 'review', 2: 'reject'}
TAGS = {100: 'politics', 110: 'violence', 120: 'prohibited', 130: 'erotic', 140: 'sexy', 150: 'ads', 160: 'abuse',
        170: 'hate', 180: 'minors', 190: 'hot spots', 200: 'QR code', 300: 'logo', 400: 'text', 900: 'other'}
SEGMENT_TYPES = {1: 'image', 2: 'video'}


def _error_parser(response):
    try:
        body = response.json()
    except ValueError:
        return None, None
    if isinstance(body, dict):
        return body.get('errorCode'), body.get('errorMessage')
    return None, None


def typed_tag(tag):
    number = integer_or_same(tag.get('tag'))
    return {
        'tag': number,
        'name': tag.get('tagNameEn') or TAGS.get(integer(number), 'unknown'),
        'level': integer_or_same(tag.get('level')),
        'sub_tags': [{'sub_tag': integer_or_same(sub.get('subTag')), 'name': sub.get('subTagNameEn') or sub.get('subTagName'),
                      'level': integer_or_same(sub.get('level'))} for sub in tag.get('subTags') or []],
    }


def typed_result(body, task_id):
    """A result answer (or callback body) as the collection returns it: numbers by the rules of _numbers, a field
    that holds no integer kept as sent (and named ``unknown``)."""
    code = integer_or_same(body.get('code'))
    verdict_code = integer_or_same(body.get('result')) if integer(code) == 0 else None
    return {
        'task_id': body.get('taskId') or task_id,
        'code': code,
        'state': STATES.get(integer(code), 'unknown'),
        'verdict': VERDICTS.get(integer(verdict_code)),
        'verdict_code': verdict_code,
        'segments': [{
            'begin_ms': integer_or_same(spam.get('beginTime')),
            'end_ms': integer_or_same(spam.get('endTime')),
            'type': SEGMENT_TYPES.get(integer(spam.get('type')), 'unknown'),
            'url': spam.get('url'),
            'tags': [typed_tag(tag) for tag in spam.get('tags') or []],
        } for spam in body.get('videoSpams') or []],
    }


class ModerationClient(object):
    """Submissions and results of one iLiveData app."""

    def __init__(self, submit_url=DEFAULT_SUBMIT_URL, result_url=DEFAULT_RESULT_URL, app_id=None, secret_key=None,
                 timeout=30, validate_certs=True, ca_path=None, warn=None, http=None, clock=time.time):
        self.submit_url = submit_url
        self.result_url = result_url
        self.app_id = app_id
        self.secret_key = secret_key
        self.clock = clock
        self.http = http or HttpClient('', timeout=timeout, validate_certs=validate_certs, ca_path=ca_path, warn=warn,
                                       error_parser=_error_parser, service='iLiveData')

    def _post(self, url, payload, safe):
        body = signer.body_bytes(payload)

        def sign(prepared):
            prepared.headers.update(signer.request_headers(self.app_id, self.secret_key, 'POST', url, body,
                                                           signer.timestamp(self.clock())))
        response = self.http.request('POST', url, data=body, safe=safe, prepare=sign)
        answer = self.http.json_of(response, may_have_applied=not safe)
        if not isinstance(answer, dict) or integer(answer.get('errorCode')) != 0:
            code = answer.get('errorCode') if isinstance(answer, dict) else None
            message = answer.get('errorMessage') if isinstance(answer, dict) else None
            raise ApiError('POST %s failed at iLiveData: %s %s' % (signer.host_and_path(url)[1], code, message or ''),
                           status=response.status_code, code=code, vendor_message=message, may_have_applied=False)
        return answer

    def video_size(self, url):
        """The size in bytes the host of a video URL announces to a HEAD, None when it announces none (see
        HttpClient.content_length); nothing is sent to iLiveData."""
        return self.http.content_length(url)

    def submit(self, payload):
        """Submit a video: a new task each time (the service cannot be searched); never retried once sent."""
        answer = self._post(self.submit_url, payload, safe=False)
        task_id = (answer.get('result') or {}).get('taskId')
        if not task_id:
            raise ApiError('the submission answered without a taskId', may_have_applied=True)
        return {'task_id': task_id}

    def result(self, task_id):
        """The task's result; NotFoundError when the service does not know the task (code 3)."""
        result = typed_result(self._post(self.result_url, {'taskId': task_id}, safe=True), task_id)
        if result['code'] == 3:
            raise NotFoundError('iLiveData does not know task %s' % task_id, code=3)
        return result
