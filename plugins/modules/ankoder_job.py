#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ankoder_job
short_description: Convert an Ankoder source video, once
version_added: 0.1.0
description:
  - Declares a conversion of an Ankoder source video with a profile and overrides. The job is created the
    first time; later runs find it through the ledger and change nothing, at the cost of one request (the
    read of the job).
  - Ankoder cannot list or search jobs, so the ledger (O(ledger)) is what identifies the job. Its key is
    O(source_video_id) and O(profile), or O(key) when given. When the declared request differs from the
    one that created the recorded job, a new job is created (a conversion cannot be edited); when the
    recorded job is gone (404), it is created again.
  - Every rule of the conversion fields is checked before any request is sent. Without O(profile),
    O(video_format), O(video_codec) and O(audio_codec) are required; with it, the fields given override
    the profile's.
author:
  - mediaops.video contributors (@mediaops)
options:
  source_video_id:
    description:
      - The id of the source video to convert (C(original_file_id)).
    type: int
    required: true
  profile:
    description:
      - The transcoding profile, by name or by id. A name is looked up only when a job is created.
    type: str
  key:
    description:
      - The identity of this job in the ledger, when O(source_video_id) and O(profile) are not enough
        (several jobs of one source with one profile but different overrides or destinations).
    type: str
extends_documentation_fragment:
  - mediaops.video.ankoder
  - mediaops.video.connection
  - mediaops.video.ankoder_conversion
  - mediaops.video.ledger
  - mediaops.video.ledger.RETRY_FAILED
  - mediaops.video.wait
  - mediaops.video.attributes
  - mediaops.video.attributes.ANKODER_GROUP
attributes:
  check_mode:
    support: full
    details: Sends no write. A job that would be created is returned with a null id.
  diff_mode:
    support: full
    details: Shows the declared request before (the recorded job's) and after, with credentials in URLs masked.
'''

EXAMPLES = r'''
- name: Convert every imported master to the web profile, waiting for the result
  mediaops.video.ankoder_job:
    source_video_id: "{{ item.video.id }}"
    profile: web-720p
    upload_url: s3://renditions-bucket
    wait: true
    wait_timeout: 3600
  loop: "{{ imports.results }}"
  loop_control:
    label: "{{ item.video.id }}"
  register: conversions

- name: A conversion without a profile, signed with the account's keys
  mediaops.video.ankoder_job:
    auth_method: signature
    access_key: "{{ ankoder_access_key }}"
    private_key: "{{ ankoder_private_key }}"
    source_video_id: 8206
    video_format: mpegts
    video_codec: h264
    audio_codec: aac
    width: 1920
    height: 1080
    segment_duration: 6
    key: title-1042-hls

- name: Two renditions of one source with the same profile need their own keys
  mediaops.video.ankoder_job:
    source_video_id: 8206
    profile: web-720p
    watermark_url: "https://cdn.example.com/logos/{{ item }}.png"
    key: "title-1042-{{ item }}"
  loop: [brand-a, brand-b]
'''

RETURN = r'''
job:
  description:
    - The job as Ankoder returns it, typed; after O(wait), in its terminal state.
    - In check mode, a job that would be created has a null id.
  returned: always
  type: dict
  sample:
    id: 55
    status: completed
    convert_progress: 100
    error: null
    original_file: {id: 175, filename: bb5a4929.flv}
    convert_file: {id: 179, filename: 179_bb5a4929_55.mp4}
    profile: {id: 5, name: web-720p}
    created_at: "2009-08-18 09:45:47 UTC"
msg:
  description: Why a job was (or would be) created.
  returned: when changed
  type: str
  sample: "created job: not in the ledger file:///home/ops/.ansible/mediaops_video_ledger.json"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_fields as fields
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run, wait_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import declared


def job_request(params):
    request = declared(params, ('source_video_id', 'profile'))
    request.update(fields.declared_fields(params))
    return request


def reconcile_job(module):
    p = module.params
    fields.check_rules(p, has_profile=p['profile'] is not None)
    request = job_request(p)
    key = p['key'] or '%s|%s' % (p['source_video_id'], p['profile'] or '')
    api = ankoder.client(module)
    found = {}

    def profile_id():
        if p['profile'] is None:
            return None
        if 'profile' not in found:
            found['profile'] = api.find_profile(p['profile'])
        return found['profile']['id']

    def create():
        form = fields.to_form(fields.declared_fields(p))
        form['original_file_id'] = str(p['source_video_id'])
        if p['profile'] is not None:
            form['profile_id'] = str(profile_id())
        return api.create_job(form)

    def would_be():
        # Reads only: the source and the profile must exist for the real run to succeed.
        source = api.get_video(p['source_video_id'])
        profile_id()
        return dict(id=None, status=None, original_file=dict(id=source.get('id'), filename=source.get('filename')),
                    profile=found.get('profile'))

    return ankoder.reconcile(module, ankoder.JOB, key, 'job %s' % key, request, api.get_job, create, would_be)


def main():
    spec = ankoder.argument_spec(
        source_video_id=dict(type='int', required=True),
        profile=dict(type='str'),
        key=dict(type='str', no_log=False),
        **fields.argument_spec())
    spec.update(ledger_spec())
    spec.update(wait_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    run(module, reconcile_job, ankoder.LIBRARIES)


if __name__ == '__main__':
    main()
