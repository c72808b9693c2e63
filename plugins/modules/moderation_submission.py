#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: moderation_submission
short_description: Submit a video to iLiveData moderation, once
version_added: 0.1.0
description:
  - Declares that a video, at O(video_url) or in a local file O(video_path) (sent as Base64), is submitted
    for moderation. It is submitted the first time; later runs find the task through the ledger and change
    nothing, at the cost of one request (the read of the task's result). With O(wait), polls until the
    check is done and returns its verdict and the flagged segments.
  - The service cannot be searched, so the ledger (O(ledger)) identifies the submission. Its key is
    O(video_url), or the SHA-256 of the O(video_path) file, or O(key) when given. A changed declaration
    submits again.
  - Every rule of the request is checked before anything is sent; a local file of 10 MiB or more is
    refused (use O(video_url) for those).
author:
  - mediaops.video contributors (@mediaops)
options:
  video_url:
    description: An http(s) URL of the video. Exactly one of O(video_url) and O(video_path) is required.
    type: str
  video_path:
    description: A local video file on the managed host, sent as Base64; less than 10 MiB.
    type: path
  video_name:
    description:
      - The file name of the video, which tells the service its format. Defaults to the name of
        O(video_path); required by the service for Base64 submissions.
    type: str
  key:
    description: The identity of this submission in the ledger, instead of O(video_url) or the file's SHA-256.
    type: str
  lang:
    description: The language of the video (the service's default is C(zh-CN)).
    type: str
  frequency:
    description: Seconds between captured frames, 1 to 60 (the service's default is 5).
    type: int
  user_id:
    description: The end user's id, at most 32 characters.
    type: str
  user_ip:
    description: The end user's IP address.
    type: str
  device_id:
    description: The end user's device id (C(did)).
    type: str
  device_type:
    description: The end user's device type (C(dtype)), by name or by the service's number (V(1) to V(7)).
    type: str
    choices: [iphone, android, ipad, wphone, pc, web, wap, '1', '2', '3', '4', '5', '6', '7']
  callback_url:
    description: An http(s) URL the service posts the result to, signed with O(callback_secret_key).
    type: str
  callback_region:
    description: Where the callback is sent from.
    type: str
    choices: [cn, us, eu]
  callback_secret_key:
    description:
      - The key the callback is signed with; verify callbacks with the filter
        P(mediaops.video.moderation_callback#filter). Never logged or returned.
    type: str
extends_documentation_fragment:
  - mediaops.video.moderation
  - mediaops.video.connection
  - mediaops.video.ledger
  - mediaops.video.ledger.RETRY_FAILED
  - mediaops.video.wait
  - mediaops.video.attributes
  - mediaops.video.attributes.MODERATION_GROUP
attributes:
  check_mode:
    support: full
    details: Sends no submission; one that would be made has a null C(task_id).
  diff_mode:
    support: full
    details: Shows the declared submission before (the recorded task's) and after; the callback secret is masked.
'''

EXAMPLES = r'''
- name: Check each new title, and wait for the verdict
  mediaops.video.moderation_submission:
    video_url: "{{ item.preview_url }}"
    key: "{{ item.title_id }}"
    lang: en-US
    frequency: 10
    wait: true
    wait_timeout: 1800
  loop: "{{ new_titles }}"
  register: checks

- name: Titles to hold back
  ansible.builtin.set_fact:
    rejected: "{{ checks.results | selectattr('result.verdict', '==', 'reject') | map(attribute='item.title_id') | list }}"

- name: A short local clip, with the result posted back to an Event-Driven Ansible receiver
  mediaops.video.moderation_submission:
    video_path: /srv/ingest/trailer-1043.mp4
    callback_url: https://eda.example.com/moderation
    callback_secret_key: "{{ vault_moderation_callback_key }}"
'''

RETURN = r'''
task_id:
  description: The service's task id (null in check mode for a submission that would be made).
  returned: always
  type: str
  sample: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c
submission:
  description: The task's state as last read (C(state) done, failed or detecting).
  returned: always
  type: dict
  sample: {task_id: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c, code: 2, state: detecting, verdict: null, segments: []}
result:
  description: Once the check is done, its verdict and flagged segments, with tags named in English.
  returned: when the check is done
  type: dict
  sample:
    task_id: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c
    state: done
    verdict: reject
    verdict_code: 2
    segments:
      - begin_ms: 5000
        end_ms: 10000
        type: image
        url: https://cdn.example.com/frames/5000.jpg
        tags:
          - {tag: 110, name: violence, level: 2, sub_tags: [{sub_tag: 110001, name: bloody, level: 2}]}
msg:
  description: Why a submission was (or would be) made.
  returned: when changed
  type: str
  sample: "created submission: not in the ledger file:///home/awx/.ansible/mediaops_video_ledger.json"
'''

import base64
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._ledger_resource import reconcile
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_module as moderation
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run, wait_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import declared, file_sha256, mask_url

MAX_BYTES = 10 * 1024 * 1024
DEVICE_TYPES = {'iphone': '1', 'android': '2', 'ipad': '3', 'wphone': '4', 'pc': '5', 'web': '6', 'wap': '7'}
# option name -> the service's field name
OPTIONAL = (('video_name', 'videoName'), ('lang', 'lang'), ('frequency', 'frequency'), ('user_id', 'userId'),
            ('user_ip', 'userIP'), ('device_id', 'did'), ('device_type', 'dtype'), ('callback_url', 'callbackUrl'),
            ('callback_region', 'callbackRegion'), ('callback_secret_key', 'callbackSecretKey'))


def declared_submission(p):
    """The declared submission by option name, checked; the file's digest stands for its bytes."""
    problems = []
    if p['video_url'] is not None and not p['video_url'].startswith(('http://', 'https://')):
        problems.append('video_url must be an http:// or https:// URL')
    if p['frequency'] is not None and not 1 <= p['frequency'] <= 60:
        problems.append('frequency must be between 1 and 60 seconds, not %s' % p['frequency'])
    if p['user_id'] is not None and len(p['user_id']) > 32:
        problems.append('user_id must be at most 32 characters')
    if p['callback_url'] is not None and not p['callback_url'].startswith(('http://', 'https://')):
        problems.append('callback_url must be an http:// or https:// URL')
    request = declared(p, [name for name, _field in OPTIONAL])
    if p['device_type'] is not None:
        request['device_type'] = DEVICE_TYPES.get(p['device_type'], p['device_type'])
    if p['video_path'] is not None:
        try:
            size = os.path.getsize(p['video_path'])
        except OSError as exc:
            raise ValidationError('cannot read video_path %s: %s' % (p['video_path'], exc))
        if size >= MAX_BYTES:
            problems.append('video_path is %d bytes; the service takes Base64 videos under 10 MiB (use video_url)' % size)
        request.setdefault('video_name', os.path.basename(p['video_path']))
        if not request['video_name']:
            problems.append('video_name is required for a local file')
        if not problems:
            request['video_sha256'] = file_sha256(p['video_path'])
    else:
        request['video_url'] = p['video_url']
    if problems:
        raise ValidationError('invalid submission: ' + '; '.join(problems), problems=problems)
    return request


def payload(p, request):
    """The API body: the video (read only now, when it is sent) and the declared optional fields."""
    if p['video_path'] is not None:
        with open(p['video_path'], 'rb') as handle:
            body = {'type': 2, 'video': base64.b64encode(handle.read()).decode('ascii')}
    else:
        body = {'type': 1, 'video': p['video_url']}
    for name, field in OPTIONAL:
        if name in request:
            body[field] = int(request[name]) if name == 'frequency' else request[name]
    return body


def reconcile_submission(module):
    p = module.params
    request = declared_submission(p)
    key = p['key'] or p['video_url'] or 'sha256:%s' % request['video_sha256']
    api = moderation.client(module)
    result = reconcile(
        module, moderation.SUBMISSION, moderation.scope(module), key, 'submission %s' % mask_url(p['key'] or p['video_url'] or p['video_path']),
        request, api.result, lambda: api.submit(payload(p, request)),
        lambda: {'task_id': None, 'code': None, 'state': None, 'verdict': None, 'segments': []},
        secret=p['secret_key'])
    submission = result['submission']
    result['task_id'] = submission.get('task_id')
    if submission.get('state') == 'done':
        result['result'] = submission
    return result


def main():
    spec = moderation.argument_spec(
        video_url=dict(type='str'),
        video_path=dict(type='path'),
        video_name=dict(type='str'),
        key=dict(type='str', no_log=False),
        lang=dict(type='str'),
        frequency=dict(type='int'),
        user_id=dict(type='str'),
        user_ip=dict(type='str'),
        device_id=dict(type='str'),
        device_type=dict(type='str', choices=list(DEVICE_TYPES) + sorted(DEVICE_TYPES.values())),
        callback_url=dict(type='str'),
        callback_region=dict(type='str', choices=['cn', 'us', 'eu']),
        callback_secret_key=dict(type='str', no_log=True),
    )
    spec.update(ledger_spec())
    spec.update(wait_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('video_url', 'video_path')], mutually_exclusive=[('video_url', 'video_path')])
    run(module, reconcile_submission)


if __name__ == '__main__':
    main()
