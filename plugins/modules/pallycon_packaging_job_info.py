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
  - Returns packaging jobs, newest first, every page followed, each with its normalised C(status) (C(ready),
    C(processing), C(success), C(failed), C(stopped), or C(unknown) for a code the vendor does not document),
    the vendor's C(status_code), and its tracks (one request per job to the contents endpoint).
  - The filters are the job list's own and combine; every one is checked before any request. The service
    takes one keyword per request, so O(job_id) is sent before O(content_id) before O(job_name), and the
    answer is narrowed by the others (all exact matches).
author:
  - mediaops.video contributors (@mediaops)
options:
  content_id:
    description: Only the jobs of this content id.
    type: str
  job_id:
    description: Only this job.
    type: str
  job_name:
    description: Only the jobs with exactly this name (C(search_keyword_type=jobName)).
    type: str
  status:
    description:
      - Only the jobs in this state, in the service's words (C(search_status)); V(complete) is success and
        failed together, V(working) everything in progress.
    type: str
    choices: [ready, success, failed, complete, working, stop]
  protection:
    description:
      - Only the jobs that apply this protection (C(search_type)). Every job applies V(watermark), so
        V(drm) is the one that narrows the list.
    type: str
    choices: [drm, watermark]
    aliases: [search_type]
  streaming_format:
    description: Only the jobs packaged in this streaming format (C(search_condition)).
    type: str
    choices: [dash, hls]
    aliases: [search_condition]
  registered_from:
    description:
      - Only the jobs registered at or after this time (C(from)), as C(YYYY-MM-DDThh:mm:ssZ), for example
        V(2026-12-01T00:00:00Z); read in O(time_zone) when that is set, else in UTC.
    type: str
    aliases: [from]
  registered_to:
    description:
      - Only the jobs registered at or before this time (C(to)), in the format of O(registered_from); not
        before it.
    type: str
    aliases: [to]
  time_zone:
    description:
      - The time zone the service reads O(registered_from) and O(registered_to) in and writes the returned
        dates (C(reg_date), C(start_date), C(update_date)) in, as an offset from UTC C(hh:mm), C(+hh:mm) or
        C(-hh:mm) between V(-12:00) and V(+14:00). The dates keep their trailing C(Z) whatever the zone (the
        service's format). Unset, UTC.
    type: str
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

- name: The DRM jobs packaged for HLS that were registered on 1 December, Seoul time
  mediaops.video.pallycon_packaging_job_info:
    protection: drm
    streaming_format: hls
    registered_from: "2026-12-01T00:00:00Z"
    registered_to: "2026-12-01T23:59:59Z"
    time_zone: "+09:00"
    tracks: false
  register: december_drm_jobs
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
    jobs = api.list_jobs(content_id=p['content_id'], job_id=p['job_id'], status=p['status'], job_name=p['job_name'],
                         protection=p['protection'], streaming_format=p['streaming_format'],
                         registered_from=p['registered_from'], registered_to=p['registered_to'], time_zone=p['time_zone'])
    if p['tracks']:
        for job in jobs:
            job['tracks'] = api.list_tracks(job['job_id'])
    return {'changed': False, 'jobs': jobs}


def main():
    module = AnsibleModule(
        argument_spec=pallycon.SERVICE.argument_spec(
            content_id=dict(type='str'),
            job_id=dict(type='str'),
            job_name=dict(type='str'),
            status=dict(type='str', choices=['ready', 'success', 'failed', 'complete', 'working', 'stop']),
            protection=dict(type='str', choices=['drm', 'watermark'], aliases=['search_type']),
            streaming_format=dict(type='str', choices=['dash', 'hls'], aliases=['search_condition']),
            registered_from=dict(type='str', aliases=['from']),
            registered_to=dict(type='str', aliases=['to']),
            time_zone=dict(type='str'),
            tracks=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
    )
    run(module, list_jobs)


if __name__ == '__main__':
    main()
