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
    O(source_video_id) (or O(source_video_key)) and O(profile), or O(key) when given. When the declared request differs from the
    one that created the recorded job, a new job is created (a conversion cannot be edited); when the
    recorded job is gone (404), it is created again.
  - Every rule of the conversion fields is checked before any request is sent. Without O(profile),
    O(video_format), O(video_codec) and O(audio_codec) are required; with it, the fields given override
    the profile's.
  - With O(jobs), many conversions at once. The ledger is read once for all of them, the recorded jobs are read
    and the new ones created concurrently (at most O(concurrency) at a time), a profile is looked up once however
    many jobs name it, and one polling loop waits for all of them (O(wait)). Every job is checked before any
    request. A job that fails does not stop the others; the task fails at the end with RV(failed_items), once
    the others are created and recorded, and a new run redoes only what failed.
author:
  - mediaops.video contributors (@mediaops)
options:
  source_video_id:
    description:
      - The id of the source video to convert (C(original_file_id)).
      - Exactly one of O(source_video_id), O(source_video_key) and O(jobs) is required.
    type: int
  source_video_key:
    description:
      - The source video by the key under which M(mediaops.video.ankoder_video) recorded it in the same
        O(ledger) (its O(mediaops.video.ankoder_video#module:key), else its URL, else C(sha256:) and the
        digest of its file); the job's source is the id recorded there. A task then needs no result of the
        import task (so that one can return no items).
      - When nothing is recorded under the key (the video was never imported, or its import is in doubt),
        the job fails naming the key; in check mode it is a job that would be created once the import is done.
    type: str
  profile:
    description:
      - The transcoding profile, by name or by id. A name is looked up only when a job is created.
    type: str
  key:
    description:
      - The identity of this job in the ledger, when O(source_video_id) and O(profile) are not enough
        (several jobs of one source with one profile but different overrides or destinations).
    type: str
  jobs:
    description:
      - Many conversions at once, each with the options of one job (exactly one of O(jobs[].source_video_id) and
        O(jobs[].source_video_key) in each). Not with O(source_video_id), O(source_video_key) or O(id); the other
        per-job options (O(profile), O(key), the conversion fields) go in each item. The connection, ledger and wait options stay at the task level.
      - Two jobs with the same ledger key (O(jobs[].key), else source video and profile) are refused before
        any request.
    type: list
    elements: dict
    suboptions:
      source_video_id:
        description: The id of the source video to convert, as O(source_video_id).
        type: int
      source_video_key:
        description: The source video by its key in the ledger, as O(source_video_key).
        type: str
      profile:
        description: The transcoding profile, by name or by id, as O(profile).
        type: str
      key:
        description: The identity of this job in the ledger, as O(key).
        type: str
      id:
        description: With O(on_unknown_outcome=adopt), the job id to record for this job.
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
  - mediaops.video.connection
  - mediaops.video.ankoder_conversion
  - mediaops.video.ledger
  - mediaops.video.ledger.RETRY_FAILED
  - mediaops.video.wait
  - mediaops.video.bulk
  - mediaops.video.attributes
  - mediaops.video.attributes.ANKODER_GROUP
attributes:
  check_mode:
    support: full
    details: Sends no write. A job that would be created is returned with a null id.
  diff_mode:
    support: full
    details: >-
      Shows the declared request before (the recorded job's) and after, with credentials in URLs masked; with
      O(jobs), keyed by each job's ledger key.
seealso:
  - module: mediaops.video.ankoder_job_info
  - module: mediaops.video.ankoder_video
  - module: mediaops.video.transcoding_profile_info
  - plugin: mediaops.video.ankoder_notification
    plugin_type: filter
  - ref: ansible_collections.mediaops.video.docsite.guide_ankoder
    description: "Ankoder with mediaops.video: the ledger, costs, authentication, waiting."
  - ref: ansible_collections.mediaops.video.docsite.wire_ankoder
    description: "Ankoder on the wire: endpoints, signing, statuses, errors, notifications."
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

- name: Convert the catalog's masters in one task (concurrent creates, one wait loop for all)
  mediaops.video.ankoder_job:
    jobs: "{{ catalog_jobs | map('combine', {'profile': 'web-720p', 'upload_url': 's3://renditions-bucket'}) | list }}"
    concurrency: 8
    return_items: changed
    wait: true
    wait_timeout: 3600
  vars:
    catalog_jobs:
      - {source_video_id: 8206, key: title-1042-web}
      - {source_video_id: 8207, key: title-1043-web}
  register: catalog_conversions

- name: Two renditions of one source in one task, each with its own key
  mediaops.video.ankoder_job:
    jobs:
      - {source_video_id: 8206, profile: web-720p, key: title-1042-web}
      - {source_video_id: 8206, profile: hls-1080p, segment_duration: 6, key: title-1042-hls}

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
  returned: when O(source_video_id) is given
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
jobs:
  description:
    - With O(jobs), every declared job in the same order, each like RV(job) with its own C(changed) (see
      O(return_items) for returning fewer; those rows also carry their C(index) in O(jobs)). A job that failed
      also has C(failed) and C(msg).
  returned: when O(jobs) is given
  type: list
  elements: dict
  sample:
    - {id: 55, status: completed, convert_progress: 100, profile: {id: 5, name: web-720p}, changed: false}
    - {id: 56, status: submitting, convert_progress: 0, profile: {id: 7, name: hls-1080p}, changed: true}
failed_items:
  description: With O(jobs), the jobs that failed, each with its C(key) (the ledger key), C(index) and C(msg).
  returned: when some jobs failed
  type: list
  elements: dict
  sample:
    - {key: "9999|web-720p", index: 2, msg: "Ankoder answered 404 on POST /job: source video not found"}
summary:
  description:
    - With O(jobs), counts of the jobs. C(created) counts the conversions sent (or that would be, in check
      mode), one that failed afterwards included; C(failed) the jobs that failed; C(paid) the conversions
      Ankoder bills (every one created).
  returned: when O(jobs) is given
  type: dict
  sample: {total: 100, created: 2, updated: 0, adopted: 0, unchanged: 98, failed: 0, paid: 2}
msg:
  description:
    - Why a job was (or would be) created.
    - With O(jobs), a one-line summary (or, when some jobs failed, their messages).
  returned: when changed, and always with O(jobs)
  type: str
  sample: "created job: not in the ledger file:///home/ops/.ansible/mediaops_video_ledger.json"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_fields as fields
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils import _bulk as bulk
from ansible_collections.mediaops.video.plugins.module_utils._create_once import Item, Source
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_for, ledger_spec, run, wait_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import declared, mask_url

JOB_OPTIONS = dict(
    source_video_id=dict(type='int'),
    source_video_key=dict(type='str', no_log=False),
    profile=dict(type='str'),
    key=dict(type='str', no_log=False),
    **fields.argument_spec())


def job_request(spec):
    request = declared(spec, ('source_video_id', 'profile'))
    request.update(fields.declared_fields(spec))
    return request


def job_item(spec):
    """A declared conversion (checked) as the engine's item; its spec is the item's data."""
    if (spec['source_video_id'] is None) == (spec.get('source_video_key') is None):
        raise ValidationError('give exactly one of source_video_id and source_video_key')
    fields.check_rules(spec, has_profile=spec['profile'] is not None)
    source = spec['source_video_id'] if spec['source_video_id'] is not None else spec['source_video_key']
    key = spec['key'] or '%s|%s' % (source, spec['profile'] or '')
    return Item(key, 'job %s' % key, job_request(spec), data=spec, adopt_id=spec['id'])


class Jobs(Source):
    """Conversions; a profile is looked up once per run, and in check mode a source video is read once."""

    def __init__(self, api):
        Source.__init__(self, ankoder.JOB)
        self.api = api
        self.profile = ankoder.profile_finder(api)
        self.source_video = ankoder.Once(api.get_video)

    def fetch(self, item, remote_id):
        return self.api.get_job(remote_id)

    def create(self, item):
        spec = item.data
        form = fields.to_form(fields.declared_fields(spec))
        form['original_file_id'] = str(spec['source_video_id'])
        if spec['profile'] is not None:
            form['profile_id'] = str(self.profile(spec['profile'])['id'])
        return self.api.create_job(form)

    def would_be(self, item):
        # Reads only: the source and the profile must exist for the real run to succeed (a source that check mode
        # would first import has no id yet).
        spec = item.data
        source = self.source_video(spec['source_video_id']) if spec['source_video_id'] is not None else {}
        profile = self.profile(spec['profile']) if spec['profile'] is not None else None
        return dict(id=None, status=None, original_file=dict(id=source.get('id'), filename=source.get('filename')),
                    profile=profile)


def resolve_sources(module, items):
    """The source video id of each item given by ``source_video_key``, from the ledger (one read for all); an
    error per item whose key records no video (none in check mode: that video would be imported first)."""
    keyed = [item for item in items if item.data.get('source_video_key') is not None]
    if not keyed:
        return {}
    recorded = ledger_for(module).read_many(ankoder.SERVICE.scope(module, 'video'),
                                            sorted(set(mask_url(item.data['source_video_key']) for item in keyed)))
    errors = {}
    for item in keyed:
        key = item.data['source_video_key']
        entry = recorded.get(mask_url(key), (None, None))[0] or {}
        if entry.get('id') is not None and not entry.get('pending'):
            item.data['source_video_id'] = item.request['source_video_id'] = item.shown['source_video_id'] = int(entry['id'])
        elif not module.check_mode:
            errors[item.key] = MediaopsError(
                'no video is recorded under source_video_key %s in the ledger %s%s: import it first '
                '(mediaops.video.ankoder_video with key %s)' % (
                    mask_url(key), ledger_for(module).describe(),
                    ' (its import has an unknown outcome)' if entry.get('pending') else '', mask_url(key)))
    return errors


def reconcile_jobs(module):
    p = module.params
    specs = ankoder.declared_specs(p, 'jobs', JOB_OPTIONS)
    items = ankoder.checked_items(p, 'jobs', specs, job_item)
    unresolved = resolve_sources(module, items)
    return ankoder.reconcile(module, Jobs(ankoder.SERVICE.client(module)), items, 'jobs', 'jobs', unresolved=unresolved)


def main():
    spec = ankoder.SERVICE.argument_spec(**JOB_OPTIONS)
    spec.update(bulk.spec('jobs', dict(JOB_OPTIONS, id=dict(type='str'))))
    spec.update(ledger_spec())
    spec.update(wait_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('source_video_id', 'source_video_key', 'jobs')],
                           mutually_exclusive=[('source_video_id', 'source_video_key', 'jobs'), ('jobs', 'id')])
    run(module, reconcile_jobs)


if __name__ == '__main__':
    main()
