#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ankoder_video
short_description: Import a source video into Ankoder, once
version_added: 0.1.0
description:
  - Declares a source video in Ankoder, imported from O(url) (C(/download)) or uploaded from a local file
    O(src) (C(/files/upload), streamed from disk). The import happens the first time; later runs find the
    video through the ledger and change nothing, at the cost of one request (the read of the video).
  - Ankoder cannot list or search videos, so the ledger (O(ledger)) is what identifies the video. Its key
    is O(url), or the SHA-256 of the O(src) file, or O(key) when given. When the declared request differs
    from the one that imported the recorded video, the video is imported again; when the recorded video is
    gone (404), it is imported again.
  - With O(url), the download endpoint converts on arrival, so it needs O(profile) (or O(recipe)), or
    O(video_format), O(video_codec) and O(audio_codec); the other conversion fields override the profile.
    A O(recipe) overrides everything else (Ankoder then ignores O(profile) and every conversion field), and the
    module warns when both are given. Every rule is checked before any request is sent.
  - With O(wait), the wait ends on the first sign that the import failed, with its reason. Ankoder's video reply
    documents no status, so the module uses every sign the service gives. A C(failed) status, or an C(<error>) or
    C(<errors>) element in the video reply, makes the video C(failed) with that text. So does a failed C(Download)
    (or C(NewVideo)) notification for the video, given in O(notifications) or recorded in O(notification_dir).
    Progress that has not moved for O(stall_timeout) seconds ends the wait too.
  - With O(videos), many videos at once. The ledger is read once for all of them, the recorded videos are read
    and the new ones imported concurrently (at most O(concurrency) at a time), a profile is looked up once
    however many videos name it, and one polling loop waits for all of them (O(wait)). Every video is checked
    before any request. A video that fails does not stop the others; the task fails at the end with
    RV(failed_items), once the others are imported and recorded, and a new run redoes only what failed.
author:
  - mediaops.video contributors (@mediaops)
options:
  url:
    description:
      - Where Ankoder downloads the video from; case-sensitive. V(http://host/file.wmv),
        V(https://host/file.mov), V(s3://bucket/key) (grant READ to C(aws@ankoder.com)) or
        V(ftp://user:password@host/file.wmv). A password in it is masked in every output.
      - Exactly one of O(url), O(src) and O(videos) is required.
    type: str
  src:
    description:
      - A local file on the managed host to upload. Needs O(access_key), whatever O(auth_method) is.
      - Conversion options do not apply to uploads.
    type: path
  custom_fields:
    description:
      - Uploads only. Fields sent with the upload form as C(custom_<name>) (a name already starting with
        C(custom_) is sent as it is). Ankoder posts them back in the upload's C(NewVideo) notification
        (C(custom_fields)), so that the notification can be matched to a title.
      - Names are letters, digits and C(_); values are text or numbers.
      - Not part of the declared request. Changing them does not upload the file again.
    type: dict
  success_redirect:
    description:
      - Uploads only. The form's C(success_redirect), an http(s) URL. Ankoder then answers a successful upload with
        a redirect to it, with C(video_id=N) appended. The module reads the video id from the redirect and does not
        follow it.
    type: str
  failed_redirect:
    description:
      - Uploads only. The form's C(failed_redirect), an http(s) URL. Ankoder then answers a refused upload with a
        redirect to it, with C(error=...) appended. The module fails with that error and does not follow the
        redirect.
    type: str
  key:
    description:
      - The identity of this video in the ledger, instead of O(url) or the file's SHA-256.
    type: str
  profile:
    description:
      - The profile the imported video is converted to (C(custom_profile)), by name or by id. A name is
        looked up only when the import is sent.
    type: str
  recipe:
    description:
      - The id of a recipe the imported video is converted with (C(custom_recipe)).
      - A recipe overrides the other conversion options. Ankoder then ignores O(profile) and every
        conversion field (O(video_format), O(width) and the others), whatever they say. The module warns
        when both are given.
    type: int
  stall_timeout:
    description:
      - With O(wait), seconds the import may go without moving before the wait ends, failing with the reason.
        Moving means a change of status or progress. The timer starts at the first read.
      - V(0) turns it off. The wait then ends only at a terminal status or after O(wait_timeout).
      - A stall fails the task but not the video. A later run finds the video in the ledger and does not
        import it again.
    type: int
    default: 600
  notifications:
    description:
      - Ankoder notifications you have received, for example at your postback URL, and that this task should
        know about. Each item is either the raw form body as received (C(message=...&signature=...)) or a
        dict with C(message) and C(signature) (the form values).
      - Each one is verified with O(private_key) before any request. A notification that does not verify fails
        the task.
      - A C(Download) or C(NewVideo) notification whose C(result) is a failure, for a video of this task, makes
        that video C(failed) with the notification's C(error). With O(wait), this ends the wait. Other
        notifications are verified, then ignored.
    type: list
    elements: raw
  notification_dir:
    description:
      - A directory of received notifications, one file each (C(*.form), the body as received). The
        C(mediaops.video.callbacks) event source writes one for each verified Ankoder notification when its
        C(ankoder_record_dir) option names this directory.
      - Read again at every poll. Each file is verified with O(private_key). A file that does not verify is skipped,
        with a warning. A failed C(Download) or C(NewVideo) notification for a video of this task acts as in
        O(notifications).
    type: path
  videos:
    description:
      - Many videos at once, each with the options of one video (exactly one of O(videos[].url) and
        O(videos[].src) in each). Not with O(url), O(src) or O(id); the other per-video options (O(key),
        O(profile), O(recipe), the conversion fields) go in each item. The connection, ledger and wait
        options stay at the task level.
      - Two videos with the same ledger key (O(videos[].key), else the URL or the file's SHA-256) are refused
        before any request.
    type: list
    elements: dict
    suboptions:
      url:
        description: Where Ankoder downloads the video from, as O(url).
        type: str
      src:
        description: A local file to upload, as O(src).
        type: path
      key:
        description: The identity of this video in the ledger, as O(key).
        type: str
      profile:
        description: The profile the imported video is converted to, by name or by id, as O(profile).
        type: str
      recipe:
        description: The id of a recipe the imported video is converted with, as O(recipe) (which overrides the profile
          and the conversion fields).
        type: int
      custom_fields:
        description: Uploads only. Fields sent as C(custom_<name>), as O(custom_fields).
        type: dict
      success_redirect:
        description: Uploads only. The form's C(success_redirect), as O(success_redirect).
        type: str
      failed_redirect:
        description: Uploads only. The form's C(failed_redirect), as O(failed_redirect).
        type: str
      id:
        description: With O(on_unknown_outcome=adopt), the video id to record for this video.
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
    details: Sends no write. A video that would be imported is returned with a null id.
  diff_mode:
    support: full
    details: >-
      Shows the declared import before (the recorded video's) and after, with credentials in URLs masked; with
      O(videos), keyed by each video's ledger key.
seealso:
  - module: mediaops.video.ankoder_video_info
  - module: mediaops.video.ankoder_job
  - module: mediaops.video.transcoding_profile_info
  - plugin: mediaops.video.ankoder_notification
    plugin_type: filter
  - ref: ansible_collections.mediaops.video.docsite.guide_ankoder
    description: "Ankoder with mediaops.video: the ledger, costs, authentication, waiting."
  - ref: ansible_collections.mediaops.video.docsite.wire_ankoder
    description: "Ankoder on the wire: endpoints, signing, statuses, errors, notifications."
'''

EXAMPLES = r'''
- name: Import a master from S3, converted on arrival with the web profile, and wait until downloaded
  mediaops.video.ankoder_video:
    url: s3://masters-bucket/title-1042.mov
    profile: web-720p
    wait: true
  register: master

- name: Import the catalog's masters, connection options set once for the group
  module_defaults:
    group/mediaops.video.ankoder:
      api_url: "{{ ankoder_api_url }}"
      auth_method: session
      username: "{{ ankoder_user }}"
      password: "{{ ankoder_password }}"
  block:
    - name: Import each title
      mediaops.video.ankoder_video:
        url: "{{ item.source_url }}"
        video_format: mp4
        video_codec: h264
        audio_codec: aac
        key: "{{ item.title_id }}"
      loop: "{{ catalog }}"
      register: imports

- name: Import the whole catalog in one task (one ledger read, concurrent imports, one wait loop)
  mediaops.video.ankoder_video:
    videos: "{{ catalog | map('combine', {'profile': 'web-720p'}) | list }}"
    concurrency: 8
    return_items: changed
    wait: true
    wait_timeout: 3600
  vars:
    catalog:
      - {key: title-1042, url: "s3://masters-bucket/title-1042.mov"}
      - {key: title-1043, url: "s3://masters-bucket/title-1043.mov", width: 1920, height: 1080}
  register: catalog_imports

- name: Show what the catalog import did, in one line
  ansible.builtin.debug:
    msg: "{{ catalog_imports.msg }}"

- name: Upload a local file (streamed; the access key authenticates uploads)
  mediaops.video.ankoder_video:
    src: /srv/ingest/title-1043.mp4
    access_key: "{{ ankoder_access_key }}"

- name: Upload with custom fields, which come back in the NewVideo notification, and the form's redirects
  mediaops.video.ankoder_video:
    src: /srv/ingest/title-1044.mp4
    access_key: "{{ ankoder_access_key }}"
    custom_fields:
      title: title-1044
    success_redirect: https://app.example.com/videos/upload/success
    failed_redirect: https://app.example.com/videos/upload/failed

- name: Import and wait; a failed Download notification recorded by the event source, or 5 minutes stalled, ends it
  mediaops.video.ankoder_video:
    url: s3://masters-bucket/title-1045.mov
    profile: web-720p
    postback_url: https://callbacks.example.com/ankoder
    wait: true
    stall_timeout: 300
    notification_dir: /var/lib/mediaops/ankoder-notifications
    private_key: "{{ ankoder_private_key }}"

- name: Wait for an import, with the notification body received meanwhile
  mediaops.video.ankoder_video:
    url: s3://masters-bucket/title-1046.mov
    profile: web-720p
    wait: true
    notifications:
      - "{{ received_body }}"
    private_key: "{{ ankoder_private_key }}"
'''

RETURN = r'''
video:
  description:
    - The video as Ankoder returns it, typed; after O(wait), in its terminal state (C(downloaded) or a
      failure).
    - C(status) is C(failed), and C(error) the reason, also when the reply's C(<error>) or C(<errors>) element,
      or a verified failed notification (O(notifications), O(notification_dir)), says the import failed.
    - In check mode, a video that would be imported has a null id.
  returned: when O(url) or O(src) is given
  type: dict
  sample:
    id: 8206
    filename: bb5a492984c4c06e8d32f08c117a1b5ffd3b6a47_2.flv
    readable: true
    status: downloaded
    progress: 100
    specs:
      size: 3395183
      audio: {codec: mp3}
      video: {codec: flv, fps: 29.97}
      spec: {width: 320, height: 240, content_type: video/x-flv}
    duration: 30000
    error: null
    created_at: Tue May 13 10:31:30 +0000 2008
videos:
  description:
    - With O(videos), every declared video in the same order, each like RV(video) with its own C(changed) (see
      O(return_items) for returning fewer; those rows also carry their C(index) in O(videos)). A video that
      failed also has C(failed) and C(msg).
  returned: when O(videos) is given
  type: list
  elements: dict
  sample:
    - {id: 8206, status: downloaded, progress: 100, changed: false}
    - {id: 8207, status: downloading, progress: 10, changed: true}
failed_items:
  description: With O(videos), the videos that failed, each with its C(key) (the ledger key), C(index) and C(msg).
  returned: when some videos failed
  type: list
  elements: dict
  sample:
    - {key: title-1044, index: 2, msg: "Ankoder answered 404 on POST /download: not found"}
summary:
  description:
    - With O(videos), counts of the videos. C(created) counts the imports sent (or that would be, in check mode),
      one that failed afterwards included; C(failed) the videos that failed; C(paid) is 0 (imports are not
      counted as paid).
  returned: when O(videos) is given
  type: dict
  sample: {total: 100, created: 2, updated: 0, adopted: 0, unchanged: 98, failed: 0, paid: 0}
msg:
  description:
    - Why a video was (or would be) imported.
    - With O(videos), a one-line summary (or, when some videos failed, their messages).
  returned: when changed, and always with O(videos)
  type: str
  sample: "created video: not in the ledger file:///home/ops/.ansible/mediaops_video_ledger.json"
'''

import os
import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_fields as fields
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import ImportFailures
from ansible_collections.mediaops.video.plugins.module_utils import _bulk as bulk
from ansible_collections.mediaops.video.plugins.module_utils._create_once import Item, Source
from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run, wait_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import declared, file_sha256, mask_url

URL_SCHEMES = ('http://', 'https://', 's3://', 'ftp://')
UPLOAD_OPTIONS = ('custom_fields', 'success_redirect', 'failed_redirect')
CUSTOM_NAME = re.compile(r'^[A-Za-z0-9_]+$')
VIDEO_OPTIONS = dict(
    url=dict(type='str'),
    src=dict(type='path'),
    key=dict(type='str', no_log=False),
    profile=dict(type='str'),
    recipe=dict(type='int'),
    custom_fields=dict(type='dict'),
    success_redirect=dict(type='str'),
    failed_redirect=dict(type='str'),
    **fields.argument_spec())
WATCH_OPTIONS = dict(
    stall_timeout=dict(type='int', default=600),
    notifications=dict(type='list', elements='raw'),
    notification_dir=dict(type='path'),
)


def overridden_by_recipe(spec):
    """The options a recipe makes Ankoder ignore (the profile and the conversion fields) that ``spec`` sets."""
    if spec.get('recipe') is None:
        return []
    given = ['profile'] if spec.get('profile') is not None else []
    return given + sorted(name for name in fields.FIELDS if spec.get(name) is not None)


def url_request(p):
    upload_only = [name for name in UPLOAD_OPTIONS if p.get(name) is not None]
    if upload_only:
        raise ValidationError('%s apply to uploads (src) only, not to url imports' % ', '.join(upload_only))
    if not p['url'].startswith(URL_SCHEMES):
        raise ValidationError('url must start with http://, https://, s3:// or ftp:// (case-sensitive), not %s'
                              % mask_url(p['url']))
    fields.check_rules(p, has_profile=p['profile'] is not None or p['recipe'] is not None)
    request = declared(p, ('url', 'profile', 'recipe'))
    request.update(fields.declared_fields(p))
    return request


def upload_request(p, access_key):
    given = sorted(fields.declared_fields(p)) + [name for name in ('profile', 'recipe') if p[name] is not None]
    if given:
        raise ValidationError('conversion options apply to url imports only, not to uploads: %s' % ', '.join(given))
    if not access_key:
        raise ValidationError('uploading src needs access_key (option or ANKODER_ACCESS_KEY)')
    upload_form(p)
    try:
        digest = file_sha256(p['src'])
    except (IOError, OSError) as exc:
        raise ValidationError('cannot read src %s: %s' % (p['src'], exc))
    return dict(sha256=digest)


def upload_form(p):
    """The upload's other form fields: ``custom_<name>`` of each custom field, the redirects (checked)."""
    form = {}
    for name, value in sorted((p.get('custom_fields') or {}).items()):
        field = name if name.startswith('custom_') else 'custom_' + name
        if not CUSTOM_NAME.match(name):
            raise ValidationError('custom_fields: %r is not a field name (letters, digits and _ only)' % name)
        if value is None or isinstance(value, (dict, list)):
            raise ValidationError('custom_fields: %s must be text or a number, not %s' % (name, type(value).__name__))
        if field in form:
            raise ValidationError('custom_fields: %s is given twice (with and without custom_)' % field)
        form[field] = str(value).lower() if isinstance(value, bool) else str(value)
    for name in ('success_redirect', 'failed_redirect'):
        if p.get(name) is not None:
            if not p[name].startswith(('http://', 'https://')):
                raise ValidationError('%s must be an http:// or https:// URL, not %s' % (name, mask_url(p[name])))
            form[name] = p[name]
    return form


def video_item(spec, access_key):
    """A declared video (checked) as the engine's item; its spec is the item's data."""
    if (spec['url'] is None) == (spec['src'] is None):
        raise ValidationError('exactly one of url and src is required')
    request = url_request(spec) if spec['url'] else upload_request(spec, access_key)
    key = spec['key'] or spec['url'] or 'sha256:%s' % request['sha256']
    label = 'video %s' % mask_url(spec['key'] or spec['url'] or spec['src'])
    return Item(key, label, request, data=spec, adopt_id=spec['id'])


class Videos(Source):
    """Source videos, imported from a URL or uploaded; a profile is looked up once per run."""

    def __init__(self, api, failures=None):
        Source.__init__(self, ankoder.VIDEO)
        self.api = api
        self.profile = ankoder.profile_finder(api)
        self.failures = failures

    def fetch(self, item, remote_id):
        video = self.api.get_video(remote_id)
        return self.failures.judge(video) if self.failures is not None else video

    def create(self, item):
        spec = item.data
        if spec['src']:
            return self.api.upload_video(spec['src'], upload_form(spec))
        form = fields.to_form(fields.declared_fields(spec))
        form['url'] = spec['url']
        if spec['profile'] is not None:
            form['custom_profile'] = str(self.profile(spec['profile'])['id'])
        if spec['recipe'] is not None:
            form['custom_recipe'] = str(spec['recipe'])
        return self.api.import_video(form)

    def would_be(self, item):
        if item.data['profile'] is not None:
            self.profile(item.data['profile'])  # a read: the real run needs the profile to exist
        return dict(id=None, status=None, progress=0)


def import_failures(module):
    """What the given and recorded notifications say of failed imports; None when neither option is set."""
    p = module.params
    if p['notifications'] is None and p['notification_dir'] is None:
        return None
    if not p['private_key']:
        raise ValidationError('notifications and notification_dir need private_key (option or ANKODER_PRIVATE_KEY) '
                              'to verify the notifications')
    if p['notification_dir'] is not None and not os.path.isdir(p['notification_dir']):
        raise ValidationError('notification_dir %s is not a directory' % p['notification_dir'])
    return ImportFailures(p['private_key'], p['notifications'], p['notification_dir'], warn=module.warn)


def warn_recipe_overrides(module, specs):
    for index, spec in enumerate(specs):
        ignored = overridden_by_recipe(spec)
        if ignored:
            where = 'videos[%d]: ' % index if module.params.get('videos') is not None else ''
            module.warn('%swith recipe %s, Ankoder ignores %s (a recipe overrides the profile and the conversion '
                        'fields)' % (where, spec['recipe'], ', '.join(ignored)))


def reconcile_videos(module):
    p = module.params
    specs = ankoder.declared_specs(p, 'videos', VIDEO_OPTIONS)
    items = ankoder.checked_items(p, 'videos', specs, lambda spec: video_item(spec, p['access_key']))
    failures = import_failures(module)
    warn_recipe_overrides(module, specs)
    return ankoder.reconcile(module, Videos(ankoder.SERVICE.client(module), failures), items, 'videos', 'videos')


def main():
    spec = ankoder.SERVICE.argument_spec(**VIDEO_OPTIONS)
    spec.update(bulk.spec('videos', dict(VIDEO_OPTIONS, id=dict(type='str'))))
    spec.update(ledger_spec())
    spec.update(wait_spec())
    spec.update(WATCH_OPTIONS)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('url', 'src', 'videos')],
                           mutually_exclusive=[('url', 'src'), ('videos', 'url'), ('videos', 'src'), ('videos', 'id')])
    run(module, reconcile_videos)


if __name__ == '__main__':
    main()
