#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ankoder_job_info
short_description: Read one Ankoder conversion job
version_added: 0.1.0
description:
  - Returns an Ankoder conversion job by its id, with its status (C(submitting), C(queuing),
    C(processing), C(completed) or C(failed)), progress, source and converted files, typed.
author:
  - mediaops.video contributors (@mediaops)
options:
  id:
    description:
      - The job's id.
    type: int
    required: true
extends_documentation_fragment:
  - mediaops.video.ankoder
  - mediaops.video.connection
  - mediaops.video.attributes
  - mediaops.video.attributes.INFO_MODULE
  - mediaops.video.ledger.UNUSED
  - mediaops.video.attributes.ANKODER_GROUP
seealso:
  - module: mediaops.video.ankoder_job
  - module: mediaops.video.ankoder_video_info
  - ref: ansible_collections.mediaops.video.docsite.wire_ankoder
    description: "Ankoder on the wire: endpoints, signing, statuses, errors, notifications."
'''

EXAMPLES = r'''
- name: Convert a source video without waiting
  mediaops.video.ankoder_job:
    source_video_id: 8206
    profile: web-720p
  register: conversion

- name: Check on it later
  mediaops.video.ankoder_job_info:
    id: "{{ conversion.job.id }}"
  register: later

- name: Show the converted file once done
  ansible.builtin.debug:
    msg: "{{ later.job.convert_file.filename }}"
  when: later.exists and later.job.status == 'completed'
'''

RETURN = r'''
exists:
  description: Whether Ankoder knows the job.
  returned: always
  type: bool
  sample: true
job:
  description: The job, or null when Ankoder does not know it.
  returned: always
  type: dict
  sample:
    id: 55
    status: completed
    convert_progress: 100
    error: null
    original_file: {id: 175, filename: bb5a4929.flv, size: 29714, audio: {codec: mp3}}
    convert_file: {id: 179, filename: 179_bb5a4929_55.mp4}
    profile: {id: 2, name: psp}
    created_at: "2009-08-18 09:45:47 UTC"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def main():
    module = AnsibleModule(
        argument_spec=ankoder.SERVICE.argument_spec(id=dict(type='int', required=True)),
        supports_check_mode=True,
    )
    run(module, lambda m: ankoder.read_one(m, 'job'))


if __name__ == '__main__':
    main()
