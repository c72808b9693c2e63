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
  - mediaops.video contributors
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
  video_format:
    description: Output container.
    type: str
    choices: [3g2, 3gp, asf, avi, dvd, flv, mjpeg, mov, mp3, mp4, mpeg, mpeg2video, mpegts, ogg, psp, rm, svcd, vcd, vob, matroska, wmv]
  video_codec:
    description: Video codec.
    type: str
    choices: [flv, h263, h264, huffyuv, mjpeg, mp4, wmv1, wmv2, xvid, mpeg4, theora, msmpeg4v2]
  audio_codec:
    description: Audio codec.
    type: str
    choices: [aac, ac3, amr, flac, mp3, vorbis, wmav2, mpeg4aac, mp2]
  width:
    description: Frame width, a non-zero integer.
    type: int
  height:
    description: Frame height, a non-zero integer.
    type: int
  video_bitrate:
    description: Video bitrate, an integer below 10000.
    type: int
  video_fps:
    description: Frame rate, a non-zero integer.
    type: int
  audio_bitrate:
    description: Audio bitrate, a non-zero integer.
    type: int
  audio_sample_rate:
    description: Audio sampling frequency, a non-zero integer.
    type: int
  audio_channel:
    description: Number of audio channels.
    type: int
    choices: [1, 2]
  keep_aspect:
    description: Fit the video within O(width) and O(height) instead of stretching it.
    type: bool
  add_padding:
    description: Add padding to fit the specified size.
    type: bool
  suffix:
    description: Suffix of the output file.
    type: str
  trim_begin:
    description: Start encoding from this second, 0 or more.
    type: int
  duration:
    description: Seconds to encode, more than 0.
    type: int
  bitrate_tolerance:
    description: Bitrate tolerance; the service defaults it to O(video_bitrate).
    type: int
  thumbnail_width:
    description: Thumbnail width, 0 or more; the service defaults it to the video's width.
    type: int
  thumbnail_height:
    description: Thumbnail height, 0 or more; the service defaults it to the video's height.
    type: int
  thumb_moments:
    description: Second at which to capture the thumbnail, more than 0.01.
    type: float
  thumb_amount:
    description: Number of additional thumbnails, 0 or more.
    type: int
  thumb_start:
    description: Start of the period for additional thumbnails, in seconds, more than 0.01.
    type: float
  thumb_end:
    description: End of the period for additional thumbnails, in seconds, more than 0.01.
    type: float
  thumb_way:
    description: How the additional thumbnails are spread over the period.
    type: str
    choices: [even, rand]
  watermark_url:
    description: URL of the logo image (GIF, JPG or PNG).
    type: str
  watermark_transparent:
    description: Whether the watermark is transparent.
    type: bool
  watermark_size:
    description: Size of the watermark relative to the video, 0 to 99.
    type: int
  watermark_top:
    description: Top offset of the watermark, 0 or more.
    type: int
  watermark_left:
    description: Left offset of the watermark, 0 or more.
    type: int
  segment_duration:
    description: HTTP Live Streaming segment duration in seconds, 5 or more.
    type: int
  upload_url:
    description:
      - Where the converted file goes (V(s3://bucket), V(ftp://user:password@host/folder),
        V(sftp://user:password@host/folder)). A password in it is masked in every output.
    type: str
  thumbnail_upload_url:
    description: Where the thumbnails go; the same forms as O(upload_url).
    type: str
  postback_url:
    description: An http(s) URL the service posts its notification to when the job ends.
    type: str
extends_documentation_fragment:
  - mediaops.video.ankoder
  - mediaops.video.ledger
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


def job_request(params):
    request = dict(source_video_id=params['source_video_id'], profile=params['profile'])
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

    return ankoder.reconcile(module, 'job', key, 'job %s' % key, request, api.get_job, create, would_be,
                             ankoder.JOB_DONE)


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
