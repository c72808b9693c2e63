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
  - >-
    The limits of iLiveData's submission page are checked before anything is sent to iLiveData, in check mode too.
    The format must be one the page lists (flv, mkv, mp4, rmvb, avi, wmv, 3gp, ts, mov; its "etc." names no other),
    told by the extension of O(video_name), else of the URL path's last segment or of the file's name, in any case.
    A URL whose path has no extension is sent as it is (the service reads the content); a local file's name must
    have one. A bad format fails the task like any bad argument, with O(submissions) too (each named by its index).
  - >-
    A URL video must be under 1 GiB (the page's "<1G"). When a submission is to be made, the module asks the video's
    host for its size with one HEAD of O(video_url) (redirects followed; no retry; the O(timeout) and TLS options
    apply; no credential is sent). A video announced at 1 GiB or more is refused, naming the limit and the size,
    before it is submitted; with O(submissions) that submission fails alone (see RV(failed_items)). When the HEAD
    fails or announces no size, the video is submitted without a word: many hosts answer HEAD badly, and the
    service itself then judges the video. A run that finds the task in the ledger does not look at the video again.
  - With O(submissions), many videos at once. The ledger is read once for all of them, the recorded tasks are
    read and the new ones submitted concurrently (at most O(concurrency) at a time), and one polling loop
    waits for all of them (O(wait)). A submission that fails does not stop the others; the task fails at the
    end with RV(failed_items), once every other one is submitted and recorded, and a new run submits only
    what failed.
author:
  - mediaops.video contributors (@mediaops)
options:
  video_url:
    description:
      - An http(s) URL of the video. Exactly one of O(video_url), O(video_path) and O(submissions) is
        required.
      - The video must be under 1 GiB (1073741824 bytes), checked when its host announces its size to a HEAD, and
        in one of the listed formats (flv, mkv, mp4, rmvb, avi, wmv, 3gp, ts, mov) when its path names one.
    type: str
  video_path:
    description:
      - A local video file on the managed host, sent as Base64; less than 10 MiB (10485760 bytes).
      - Its name (or O(video_name)) must end with one of the listed formats (flv, mkv, mp4, rmvb, avi, wmv, 3gp, ts,
        mov).
    type: path
  video_name:
    description:
      - The file name of the video, which tells the service its format. Defaults to the name of
        O(video_path); required by the service for Base64 submissions.
      - When it has an extension, it must be one of flv, mkv, mp4, rmvb, avi, wmv, 3gp, ts, mov, and it is the
        video's format, whatever O(video_url) ends with.
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
  submissions:
    description:
      - Many submissions at once, each with the options above (exactly one of O(submissions[].video_url) and
        O(submissions[].video_path) in each). Every one is checked, and two with the same ledger key are
        refused, before any request; an error names the submission by its index.
    type: list
    elements: dict
    suboptions:
      video_url:
        description: An http(s) URL of the video, under 1 GiB, in a listed format (as O(video_url)).
        type: str
      video_path:
        description: A local video file on the managed host, less than 10 MiB, in a listed format (as O(video_path)).
        type: path
      video_name:
        description: The file name of the video, which tells its format; defaults to the name of O(submissions[].video_path).
        type: str
      key:
        description: The identity of this submission in the ledger.
        type: str
      lang:
        description: The language of the video.
        type: str
      frequency:
        description: Seconds between captured frames, 1 to 60.
        type: int
      user_id:
        description: The end user's id, at most 32 characters.
        type: str
      user_ip:
        description: The end user's IP address.
        type: str
      device_id:
        description: The end user's device id.
        type: str
      device_type:
        description: The end user's device type, by name or number.
        type: str
        choices: [iphone, android, ipad, wphone, pc, web, wap, '1', '2', '3', '4', '5', '6', '7']
      callback_url:
        description: An http(s) URL the service posts the result to.
        type: str
      callback_region:
        description: Where the callback is sent from.
        type: str
        choices: [cn, us, eu]
      callback_secret_key:
        description: The key this submission's callback is signed with. Never logged or returned.
        type: str
      id:
        description: With O(on_unknown_outcome=adopt), the task id to record for this submission.
        type: str
extends_documentation_fragment:
  - mediaops.video.moderation
  - mediaops.video.connection
  - mediaops.video.ledger
  - mediaops.video.ledger.RETRY_FAILED
  - mediaops.video.wait
  - mediaops.video.bulk
  - mediaops.video.attributes
  - mediaops.video.attributes.MODERATION_GROUP
attributes:
  check_mode:
    support: full
    details: Sends no submission; one that would be made has a null C(task_id).
  diff_mode:
    support: full
    details: >-
      Shows the declared submission before (the recorded task's) and after; the callback secret is masked. With
      O(submissions), keyed by ledger key.
seealso:
  - module: mediaops.video.moderation_result_info
  - plugin: mediaops.video.moderation_callback
    plugin_type: filter
  - ref: ansible_collections.mediaops.video.docsite.guide_iva_moderation
    description: IVA captions, iLiveData moderation and CDNetworks callbacks with mediaops.video.
  - ref: ansible_collections.mediaops.video.docsite.wire_moderation
    description: "iLiveData moderation on the wire: endpoints, signing, result codes, errors, callbacks."
  - ref: ansible_collections.mediaops.video.docsite.guide_lost_answers
    description: What happens when an answer is lost.
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

- name: Check every new title in one task, and wait for all the verdicts
  mediaops.video.moderation_submission:
    submissions: "{{ new_titles }}"
    concurrency: 8
    wait: true
  vars:
    new_titles:
      - {video_url: "https://cdn.example.com/previews/title-1041.mp4", key: title-1041, lang: en-US}
      - {video_url: "https://cdn.example.com/previews/title-1042.mp4", key: title-1042, lang: en-US}
  register: title_checks

- name: A few clips, each with its own key and callback
  mediaops.video.moderation_submission:
    submissions:
      - video_url: https://cdn.example.com/previews/title-1043.mp4
        key: title-1043
        lang: en-US
        callback_url: https://eda.example.com/moderation
        callback_secret_key: "{{ vault_moderation_callback_key }}"
      - video_path: /srv/ingest/trailer-1044.mp4
        key: title-1044
    return_items: changed
  register: clip_checks

- name: A video whose URL names no format, told by its name
  mediaops.video.moderation_submission:
    video_url: https://cdn.example.com/watch?id=1045
    video_name: title-1045.mov

- name: Titles to hold back
  ansible.builtin.set_fact:
    rejected: "{{ title_checks.submissions | selectattr('result', 'defined') | selectattr('result.verdict', '==', 'reject') | map(attribute='key') | list }}"
'''

RETURN = r'''
task_id:
  description: The service's task id (null in check mode for a submission that would be made).
  returned: when O(video_url) or O(video_path) is given
  type: str
  sample: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c
submission:
  description: The task's state as last read (C(state) done, failed or detecting).
  returned: when O(video_url) or O(video_path) is given
  type: dict
  sample: {task_id: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c, code: 2, state: detecting, verdict: null, segments: []}
result:
  description: Once the check is done, its verdict and flagged segments, with tags named in English.
  returned: when O(video_url) or O(video_path) is given and the check is done
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
submissions:
  description:
    - With O(submissions), every declared submission in the same order, each with its ledger C(key), its own
      C(changed) and, like the single form, RV(task_id), RV(submission) and (once done) RV(result); C(failed) and
      C(msg) when it failed. See O(return_items) for returning fewer, each then with its C(index) in the
      declared list.
  returned: when O(submissions) is given
  type: list
  elements: dict
  sample:
    - key: https://cdn.example.com/previews/title-1043.mp4
      task_id: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c
      submission: {task_id: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c, code: 2, state: detecting, verdict: null, segments: []}
      changed: true
failed_items:
  description: With O(submissions), the submissions that failed, each with its C(key), C(index) and C(msg).
  returned: when some submissions failed
  type: list
  elements: dict
  sample:
    - {key: title-1044, index: 1, msg: "submission 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7d failed at iLiveData: the service could not check the video (code 1)"}
    - key: title-1046
      index: 2
      msg: >-
        the video at video_url is 2147483648 bytes (the Content-Length its host announces); iLiveData takes videos
        under 1 GiB (1073741824 bytes)
summary:
  description:
    - With O(submissions), counts of the submissions. C(created) counts the submissions sent (or that would be,
      in check mode), one that failed afterwards included; C(adopted) the task ids recorded with
      O(on_unknown_outcome=adopt); C(failed) the submissions that failed; C(paid) the submissions iLiveData
      bills (every one).
  returned: when O(submissions) is given
  type: dict
  sample: {total: 40, created: 2, updated: 0, adopted: 0, unchanged: 38, failed: 0, paid: 2}
msg:
  description:
    - With O(video_url) or O(video_path), why a submission was (or would be) made.
    - With O(submissions), a one-line summary (or, when some submissions failed, their messages).
  returned: when changed, and always with O(submissions)
  type: str
  sample: "created submission: not in the ledger file:///home/awx/.ansible/mediaops_video_ledger.json"
'''

import base64
import functools
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _bulk as bulk
from ansible_collections.mediaops.video.plugins.module_utils import _ledger_resource as engine
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_limits as limits
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_module as moderation
from ansible_collections.mediaops.video.plugins.module_utils._create_once import Item
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run, wait_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import declared, file_sha256, mask_url, masked

DEVICE_TYPES = {'iphone': '1', 'android': '2', 'ipad': '3', 'wphone': '4', 'pc': '5', 'web': '6', 'wap': '7'}
# option name -> the service's field name
OPTIONAL = (('video_name', 'videoName'), ('lang', 'lang'), ('frequency', 'frequency'), ('user_id', 'userId'),
            ('user_ip', 'userIP'), ('device_id', 'did'), ('device_type', 'dtype'), ('callback_url', 'callbackUrl'),
            ('callback_region', 'callbackRegion'), ('callback_secret_key', 'callbackSecretKey'))
SUBMISSION_OPTIONS = dict(
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
        problems.append(limits.base64_size_problem(size))
        request.setdefault('video_name', os.path.basename(p['video_path']))
        if not request['video_name']:
            problems.append('video_name is required for a local file')
        else:
            problems.append(limits.format_problem(video_path=p['video_path'], video_name=p['video_name']))
    else:
        request['video_url'] = p['video_url']
        problems.append(limits.format_problem(video_url=p['video_url'], video_name=p['video_name']))
    problems = [problem for problem in problems if problem]
    if not problems and p['video_path'] is not None:
        request['video_sha256'] = file_sha256(p['video_path'])
    if problems:
        raise ValidationError('invalid submission: ' + '; '.join(problems), problems=problems)
    return request


def payload(p, request):
    """The API body: the video (read only now, when it is sent) and the declared optional fields."""
    if p['video_path'] is not None:
        with open(p['video_path'], 'rb') as handle:
            video = handle.read(limits.MAX_BASE64_BYTES)
        if len(video) >= limits.MAX_BASE64_BYTES:
            raise ValidationError('video_path has grown to 10 MiB or more since it was checked; iLiveData takes Base64 '
                                  'videos under 10 MiB (%d bytes)' % limits.MAX_BASE64_BYTES)
        body = {'type': 2, 'video': base64.b64encode(video).decode('ascii')}
    else:
        body = {'type': 1, 'video': p['video_url']}
    for name, field in OPTIONAL:
        if name in request:
            body[field] = int(request[name]) if name == 'frequency' else request[name]
    return body


def submission_item(p, request):
    """The engine's item of one declared submission (``p``: the single form's options, or one of the list)."""
    key = p['key'] or p['video_url'] or 'sha256:%s' % request['video_sha256']
    label = 'submission %s' % mask_url(p['key'] or p['video_url'] or p['video_path'])
    return Item(key, label, request, data=functools.partial(payload, p, request),
                secret_fields=moderation.SUBMISSION.secret_keys, adopt_id=p.get('id'))


def declared_items(submissions):
    """The bulk form's items, every one checked (and none declared twice) before any request."""
    def to_item(spec):
        if (spec['video_url'] is None) == (spec['video_path'] is None):
            raise ValidationError('exactly one of video_url and video_path is required')
        return submission_item(spec, declared_submission(spec))

    return bulk.items('submissions', submissions, to_item)


def row(current):
    """What the task returns of one submission: its task id, its state and, once done, its result."""
    submission = masked(current, moderation.SUBMISSION.secret_keys)
    out = {'task_id': submission.get('task_id'), 'submission': submission}
    if submission.get('state') == 'done':
        out['result'] = submission
    return out


def reconcile_submission(module):
    p = module.params
    if p['submissions'] is not None:
        bulk.check(p)
        items = declared_items(p['submissions'])
    else:
        items = [submission_item(p, declared_submission(p))]
    source = moderation.Submissions(moderation.SERVICE.client(module))
    results = engine.run(module, source, moderation.SERVICE.scope(module), items, secret=p['secret_key'])
    if p['submissions'] is None:
        result = engine.one(results)
        return engine.single(module, result, 'submission', row(result.current))

    def bulk_row(result):
        return dict(row(result.current or moderation.unsent()), key=result.item.stored_key)

    return bulk.result(module, results, 'submissions', bulk_row, 'submissions', paid=True)


def main():
    spec = moderation.SERVICE.argument_spec(**SUBMISSION_OPTIONS)
    spec.update(bulk.spec('submissions', dict(SUBMISSION_OPTIONS, id=dict(type='str'))))
    spec.update(ledger_spec())
    spec.update(wait_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('video_url', 'video_path', 'submissions')],
                           mutually_exclusive=[('video_url', 'video_path', 'submissions'), ('id', 'submissions')])
    run(module, reconcile_submission)


if __name__ == '__main__':
    main()
