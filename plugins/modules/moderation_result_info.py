#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: moderation_result_info
short_description: Read the result of an iLiveData moderation task
version_added: 0.1.0
description:
  - Returns the state of a moderation task (C(done), C(failed), C(detecting)) and, once done, its verdict
    (C(pass), C(review), C(reject)) and the flagged segments with their tags named in English.
author:
  - mediaops.video contributors (@mediaops)
options:
  task_id:
    description: The task id returned by M(mediaops.video.moderation_submission).
    type: str
    required: true
extends_documentation_fragment:
  - mediaops.video.moderation
  - mediaops.video.connection
  - mediaops.video.attributes
  - mediaops.video.attributes.INFO_MODULE
  - mediaops.video.attributes.MODERATION_GROUP
  - mediaops.video.ledger.UNUSED
seealso:
  - module: mediaops.video.moderation_submission
  - plugin: mediaops.video.moderation_callback
    plugin_type: filter
  - ref: ansible_collections.mediaops.video.docsite.wire_moderation
    description: "iLiveData moderation on the wire: endpoints, signing, result codes, errors, callbacks."
'''

EXAMPLES = r'''
- name: Submit without waiting
  mediaops.video.moderation_submission:
    video_url: https://media.example.com/previews/title-1042.mp4
  register: submitted

- name: Read the verdict later
  mediaops.video.moderation_result_info:
    task_id: "{{ submitted.task_id }}"
  register: check
  until: check.result.state != 'detecting'
  retries: 30
  delay: 20

- name: Stop here on a rejection
  ansible.builtin.fail:
    msg: "{{ check.result.segments | map(attribute='tags') | flatten | map(attribute='name') | unique | join(', ') }}"
  when: check.result.verdict == 'reject'
'''

RETURN = r'''
exists:
  description: Whether the service knows the task.
  returned: always
  type: bool
  sample: true
result:
  description: The task's result, or null when the service does not know the task.
  returned: always
  type: dict
  sample:
    task_id: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c
    code: 0
    state: done
    verdict: review
    verdict_code: 1
    segments:
      - {begin_ms: 20000, end_ms: 25000, type: image, url: https://cdn.example.com/f.jpg, tags: [{tag: 150, name: ads, level: 1, sub_tags: []}]}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils._errors import NotFoundError
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_module as moderation
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def read_result(module):
    try:
        result = moderation.SERVICE.client(module).result(module.params['task_id'])
    except NotFoundError:
        result = None
    return {'changed': False, 'exists': result is not None, 'result': result}


def main():
    module = AnsibleModule(
        argument_spec=moderation.SERVICE.argument_spec(task_id=dict(type='str', required=True)),
        supports_check_mode=True,
    )
    run(module, read_result)


if __name__ == '__main__':
    main()
