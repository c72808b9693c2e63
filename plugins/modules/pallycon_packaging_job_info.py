#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: pallycon_packaging_job_info
short_description: List PallyCon packaging jobs with their tracks
version_added: 0.1.0
description:
  - Returns packaging jobs, newest first, every page followed, by O(content_id), O(job_id) or O(status),
    each with its normalised C(status) (C(ready), C(processing), C(success), C(failed), C(stopped)), the
    vendor's C(status_code), and its tracks (one request per job to the contents endpoint).
author:
  - mediaops.video contributors (@mediaops)
options:
  content_id:
    description: Only the jobs of this content id.
    type: str
  job_id:
    description: Only this job.
    type: str
  status:
    description:
      - Only the jobs in this state, in the service's words; V(complete) is success and failed together,
        V(working) everything in progress.
    type: str
    choices: [ready, success, failed, complete, working, stop]
  tracks:
    description: Whether to read each job's tracks.
    type: bool
    default: true
extends_documentation_fragment:
  - mediaops.video.pallycon
  - mediaops.video.connection
  - mediaops.video.ledger.UNUSED
  - mediaops.video.attributes
  - mediaops.video.attributes.INFO_MODULE
  - mediaops.video.attributes.PALLYCON_GROUP
seealso:
  - module: mediaops.video.pallycon_packaging_job
  - module: mediaops.video.pallycon_storage_info
  - ref: ansible_collections.mediaops.video.docsite.wire_pallycon
    description: "PallyCon on the wire: endpoints, the pallycon-apidata envelope, progress codes, error codes."
'''

EXAMPLES = r'''
- name: The jobs of one title, with their tracks
  mediaops.video.pallycon_packaging_job_info:
    content_id: title-1042
  register: title_jobs

- name: Every failed job, without tracks
  mediaops.video.pallycon_packaging_job_info:
    status: failed
    tracks: false
  register: failed_jobs

- name: Report them
  ansible.builtin.debug:
    msg: "{{ item.content_id }}: {{ item.error_code }} {{ item.error_message }}"
  loop: "{{ failed_jobs.jobs }}"
'''

RETURN = r'''
jobs:
  description: The matching jobs, newest first, V([]) when none match.
  returned: always
  type: list
  elements: dict
  sample:
    - job_id: 100001
      content_id: title-1042
      job_name: Title 1042
      status: success
      status_code: WM030
      error_code: ""
      error_message: ""
      drm: true
      dash: true
      hls: true
      tracks:
        - {seq: 1, input_path: masters/title-1042/1080p.mp4, status: success, status_code: WM030, width: 1920,
           height: 1080, duration: 5400.0, fps: 25.0, bitrate: 6000000, content_size: 4050000000}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_module as pallycon
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def list_jobs(module):
    p = module.params
    api = pallycon.SERVICE.client(module)
    jobs = api.list_jobs(content_id=p['content_id'], job_id=p['job_id'], status=p['status'])
    if p['tracks']:
        for job in jobs:
            job['tracks'] = api.list_tracks(job['job_id'])
    return {'changed': False, 'jobs': jobs}


def main():
    module = AnsibleModule(
        argument_spec=pallycon.SERVICE.argument_spec(
            content_id=dict(type='str'),
            job_id=dict(type='str'),
            status=dict(type='str', choices=['ready', 'success', 'failed', 'complete', 'working', 'stop']),
            tracks=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
    )
    run(module, list_jobs)


if __name__ == '__main__':
    main()
