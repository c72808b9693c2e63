#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: pallycon_packaging_job
short_description: Declare PallyCon watermark/DRM packaging jobs, one or thousands at a time
version_added: 0.1.0
description:
  - Declares a packaging job by its O(content_id), or many at once in O(jobs). A job whose content id has
    no job is registered; one that has a job is left alone. PallyCon does not deduplicate, so a second
    registration is a second paid job, and this module never sends one for a content id that has a job
    unless asked (O(recreate), O(retry_failed)).
  - A declared job that differs from the listed one (name, storages, paths, formats, protection,
    subtitles) is reported with its differences and left alone; set O(recreate=true) to register a new
    job. O(dash_option) and O(drm_option) are not returned by the job list and are not compared.
  - With O(jobs), one paged listing finds every declared job (not one lookup per job), registrations run
    concurrently (at most O(concurrency) at a time), and one polling loop waits for all of them.
  - Every registration is claimed in the O(ledger) before it is sent, and is never sent twice in one run
    once its answer may have applied. A registration whose answer is lost (a timeout, a dropped connection,
    a 5xx) is looked for in the job list (a job id that was not listed before the registration is that
    registration's); a later run does the same and does not register again before O(unknown_outcome_grace)
    has passed. A new job must show in the job list within O(confirm_timeout).
  - With O(jobs), a job that fails (to register, to show, or with O(wait)) does not stop the others; the task
    fails at the end with RV(failed_items), and a new run redoes only what failed.
  - O(wait) ends when the job succeeds, fails, is stopped, or stays in an undocumented status code for
    O(unknown_status_grace) seconds.
author:
  - mediaops.video contributors (@mediaops)
options:
  recreate:
    description:
      - Register a new job for a content id whose listed job differs from the declaration.
    type: bool
    default: false
  retry_failed:
    description:
      - Register a new job for a content id whose newest job failed.
    type: bool
    default: false
  page_size:
    description: Rows per page of the job list (at most 1000).
    type: int
    default: 1000
  unknown_status_grace:
    description:
      - With O(wait), seconds a job may stay in a status code the vendor does not document (the documented ones
        are C(WM000) to C(WM030), C(WM100), C(WM200) and C(WM999)) before the wait gives up on it and the task
        fails naming the code, instead of polling until O(wait_timeout). Such a job is returned with
        C(status=unknown) and the vendor's code in C(status_code); a documented code seen within the grace
        clears it.
    type: int
    default: 60
extends_documentation_fragment:
  - mediaops.video.pallycon_job
  - mediaops.video.pallycon
  - mediaops.video.connection
  - mediaops.video.wait
  - mediaops.video.ledger
  - mediaops.video.ledger.LISTED
  - mediaops.video.bulk
  - mediaops.video.attributes
  - mediaops.video.attributes.PALLYCON_GROUP
attributes:
  check_mode:
    support: full
    details: Sends no registration; jobs that would be registered are returned with a null C(job_id).
  diff_mode:
    support: full
    details: >-
      Shows the listed job before and the declared one after, for the job registered (or that would be); with
      O(jobs), keyed by content id.
seealso:
  - module: mediaops.video.pallycon_packaging_job_info
  - module: mediaops.video.pallycon_storage
  - ref: ansible_collections.mediaops.video.docsite.guide_pallycon
    description: "PallyCon with mediaops.video: storages, packaging jobs, bulk jobs, lost answers."
  - ref: ansible_collections.mediaops.video.docsite.wire_pallycon
    description: "PallyCon on the wire: endpoints, the pallycon-apidata envelope, progress codes, error codes."
  - ref: ansible_collections.mediaops.video.docsite.guide_lost_answers
    description: What happens when an answer is lost.
'''

EXAMPLES = r'''
- name: Package one title with watermark and DRM, and wait for it
  mediaops.video.pallycon_packaging_job:
    content_id: title-1042
    job_name: Title 1042
    input_storage_id: "{{ input_storage_id }}"
    contents_path: [masters/title-1042/1080p.mp4, masters/title-1042/720p.mp4]
    output_storage_id: "{{ output_storage_id }}"
    output_path: packaged/title-1042
    streaming_format: [dash, hls]
    protection: [watermark, drm]
    wait: true
    wait_timeout: 7200
  register: packaged

- name: Reconcile the whole catalog in one task (one listing, concurrent registrations)
  mediaops.video.pallycon_packaging_job:
    jobs: "{{ catalog | map('combine', job_defaults) | list }}"
    concurrency: 8
  vars:
    job_defaults:
      input_storage_id: "{{ input_storage_id }}"
      output_storage_id: "{{ output_storage_id }}"
      streaming_format: [dash, hls]
  register: catalog_jobs

- name: Titles whose declared job differs from the registered one
  ansible.builtin.debug:
    msg: "{{ catalog_jobs.jobs | selectattr('differences') | map(attribute='content_id') | list }}"
'''

RETURN = r'''
job:
  description:
    - With O(content_id), the job as PallyCon lists it (null C(job_id) in check mode for a new one).
    - C(status) is V(ready), V(processing), V(success), V(failed), V(stopped), or V(unknown) for a code the vendor
      does not document; C(status_code) is the vendor's code as listed.
  returned: when O(content_id) is given
  type: dict
  sample:
    job_id: 100001
    content_id: title-1042
    job_name: Title 1042
    status: success
    status_code: WM030
    error_code: ""
    error_message: ""
    watermark: true
    drm: true
    dash: true
    hls: true
    storage:
      input: {storage_id: ST000001, contents_path: [masters/title-1042/1080p.mp4]}
      output: {storage_id: ST000002, path: packaged/title-1042}
    changed: false
    differences: []
jobs:
  description:
    - With O(jobs), every declared job in the same order, each like RV(job) (see O(return_items) for
      returning fewer).
  returned: when O(jobs) is given
  type: list
  elements: dict
  sample:
    - {job_id: 100001, content_id: title-1042, job_name: Title 1042, status: success, status_code: WM030, changed: false, differences: []}
    - {job_id: null, content_id: title-1043, job_name: Title 1043, status: ready, status_code: null, changed: true, differences: []}
failed_items:
  description: With O(jobs), the jobs that failed, each with its C(key) (the content id), C(index) and C(msg).
  returned: when some jobs failed
  type: list
  elements: dict
  sample:
    - {key: title-1044, index: 2, msg: "packaging job 100007 failed at PallyCon: WM999 WM900013 Input file does not exist"}
summary:
  description:
    - With O(jobs), counts of the jobs. C(created) counts the registrations sent (or that would be, in check
      mode), one that failed afterwards included; C(failed) the jobs that failed; C(paid) the registrations
      PallyCon bills (every one).
  returned: when O(jobs) is given
  type: dict
  sample: {total: 1000, created: 2, updated: 0, adopted: 0, unchanged: 998, failed: 0, paid: 2}
msg:
  description: With O(jobs), a one-line summary (or, when some jobs failed, their messages).
  returned: when O(jobs) is given
  type: str
  sample: "packaging jobs: 2 created (2 paid), 998 unchanged of 1000"
registered:
  description: How many jobs were registered (or would be, in check mode).
  returned: always
  type: int
  sample: 1
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _bulk as bulk
from ansible_collections.mediaops.video.plugins.module_utils import _ledger_resource as engine
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_jobs as jobs
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_module as pallycon
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run, wait_spec


def reconcile_jobs(module):
    p = module.params
    if p['unknown_status_grace'] < 0:
        raise ValidationError('unknown_status_grace must be 0 or more seconds, not %d' % p['unknown_status_grace'])
    specs = jobs.job_specs(p)
    single = p['jobs'] is None
    if not single:
        bulk.check(p)
    api = pallycon.SERVICE.client(module)
    results = engine.run(module, jobs.Jobs(api, p['page_size']), pallycon.SERVICE.scope(module, 'packaging_job'),
                         jobs.items(specs, p), recreate=p['recreate'])
    created = [r for r in results if r.changed and r.error is None]

    def row(r):
        return dict(r.current or jobs.would_be(r.item.data), differences=r.differences)

    if not single:
        return dict(bulk.result(module, results, 'jobs', row, 'packaging jobs', paid=True), registered=len(created))
    result = {'changed': bool(created), 'registered': len(created), 'job': dict(row(results[0]), changed=results[0].changed)}
    if module._diff and created:
        result['diff'] = {'before': created[0].before or {}, 'after': jobs.declared_view(created[0].item.data)}
    if results[0].error is not None:
        raise MediaopsError(results[0].error.message, **dict(results[0].error.details(), jobs=[result['job']], **result))
    return result


def main():
    spec = pallycon.SERVICE.argument_spec(
        recreate=dict(type='bool', default=False),
        page_size=dict(type='int', default=1000),
        unknown_status_grace=dict(type='int', default=60),
        **jobs.JOB_OPTIONS)
    spec.update(bulk.spec('jobs', dict(jobs.JOB_OPTIONS, content_id=dict(type='str', required=True), id=dict(type='str'))))
    spec.update(ledger_spec(listed=True))
    spec.update(wait_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('content_id', 'jobs')], mutually_exclusive=[('content_id', 'jobs')])
    run(module, reconcile_jobs)


if __name__ == '__main__':
    main()
