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
    Every rule is checked before any request is sent.
author:
  - mediaops.video contributors (@mediaops)
options:
  url:
    description:
      - Where Ankoder downloads the video from; case-sensitive. V(http://host/file.wmv),
        V(https://host/file.mov), V(s3://bucket/key) (grant READ to C(aws@ankoder.com)) or
        V(ftp://user:password@host/file.wmv). A password in it is masked in every output.
      - Exactly one of O(url) and O(src) is required.
    type: str
  src:
    description:
      - A local file on the managed host to upload. Needs O(access_key), whatever O(auth_method) is.
      - Conversion options do not apply to uploads.
    type: path
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
      - The id of a recipe the imported video is converted with (C(custom_recipe)); the service then
        ignores the profile and the other conversion fields.
    type: int
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
    details: Sends no write. A video that would be imported is returned with a null id.
  diff_mode:
    support: full
    details: Shows the declared import before (the recorded video's) and after, with credentials in URLs masked.
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

- name: Upload a local file (streamed; the access key authenticates uploads)
  mediaops.video.ankoder_video:
    src: /srv/ingest/title-1043.mp4
    access_key: "{{ ankoder_access_key }}"
'''

RETURN = r'''
video:
  description:
    - The video as Ankoder returns it, typed; after O(wait), in its terminal state (C(downloaded) or a
      failure).
    - In check mode, a video that would be imported has a null id.
  returned: always
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
msg:
  description: Why a video was (or would be) imported.
  returned: when changed
  type: str
  sample: "created video: not in the ledger file:///home/ops/.ansible/mediaops_video_ledger.json"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_fields as fields
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils._module import ledger_spec, run, wait_spec
from ansible_collections.mediaops.video.plugins.module_utils._state import declared, file_sha256, mask_url

URL_SCHEMES = ('http://', 'https://', 's3://', 'ftp://')


def url_request(p):
    if not p['url'].startswith(URL_SCHEMES):
        raise ValidationError('url must start with http://, https://, s3:// or ftp:// (case-sensitive), not %s'
                              % mask_url(p['url']))
    fields.check_rules(p, has_profile=p['profile'] is not None or p['recipe'] is not None)
    request = declared(p, ('url', 'profile', 'recipe'))
    request.update(fields.declared_fields(p))
    return request


def upload_request(p):
    given = sorted(fields.declared_fields(p)) + [name for name in ('profile', 'recipe') if p[name] is not None]
    if given:
        raise ValidationError('conversion options apply to url imports only, not to uploads: %s' % ', '.join(given))
    if not p['access_key']:
        raise ValidationError('uploading src needs access_key (option or ANKODER_ACCESS_KEY)')
    try:
        digest = file_sha256(p['src'])
    except (IOError, OSError) as exc:
        raise ValidationError('cannot read src %s: %s' % (p['src'], exc))
    return dict(sha256=digest)


def reconcile_video(module):
    p = module.params
    request = url_request(p) if p['url'] else upload_request(p)
    key = p['key'] or p['url'] or 'sha256:%s' % request['sha256']
    label = 'video %s' % mask_url(p['key'] or p['url'] or p['src'])
    api = ankoder.client(module)

    def create():
        if p['src']:
            return api.upload_video(p['src'])
        form = fields.to_form(fields.declared_fields(p))
        form['url'] = p['url']
        if p['profile'] is not None:
            form['custom_profile'] = str(api.find_profile(p['profile'])['id'])
        if p['recipe'] is not None:
            form['custom_recipe'] = str(p['recipe'])
        return api.import_video(form)

    def would_be():
        if p['profile'] is not None:
            api.find_profile(p['profile'])  # a read: the real run needs the profile to exist
        return dict(id=None, status=None, progress=0)

    return ankoder.reconcile(module, ankoder.VIDEO, key, label, request, api.get_video, create, would_be)


def main():
    spec = ankoder.argument_spec(
        url=dict(type='str'),
        src=dict(type='path'),
        key=dict(type='str', no_log=False),
        profile=dict(type='str'),
        recipe=dict(type='int'),
        **fields.argument_spec())
    spec.update(ledger_spec())
    spec.update(wait_spec())
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=[('url', 'src')], mutually_exclusive=[('url', 'src')])
    run(module, reconcile_video, ankoder.LIBRARIES)


if __name__ == '__main__':
    main()
