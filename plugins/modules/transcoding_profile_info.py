#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: transcoding_profile_info
short_description: List Ankoder transcoding profiles
version_added: 0.1.0
description:
  - Returns the transcoding profiles the Ankoder account can use, all of them or one by O(id) or O(name),
    with typed values (numbers as numbers, empty elements as null).
author:
  - mediaops.video contributors (@mediaops)
options:
  id:
    description:
      - Only the profile with this id (one request to C(/profile/{id})).
    type: int
  name:
    description:
      - Only the profiles with exactly this name.
    type: str
extends_documentation_fragment:
  - mediaops.video.ankoder
  - mediaops.video.connection
  - mediaops.video.attributes
  - mediaops.video.attributes.INFO_MODULE
  - mediaops.video.ledger.UNUSED
  - mediaops.video.attributes.ANKODER_GROUP
seealso:
  - module: mediaops.video.ankoder_job
  - module: mediaops.video.ankoder_video
  - module: mediaops.video.ankoder_video_info
  - module: mediaops.video.ankoder_job_info
  - ref: ansible_collections.mediaops.video.docsite.wire_ankoder
    description: "Ankoder on the wire: endpoints, signing, statuses, errors, notifications."
'''

EXAMPLES = r'''
- name: List every profile
  mediaops.video.transcoding_profile_info:
    api_url: https://api.ankoder.com
    username: "{{ ankoder_user }}"
    password: "{{ ankoder_password }}"
  register: all_profiles

- name: Find the profile used for the web renditions, connection options from module_defaults
  module_defaults:
    group/mediaops.video.ankoder:
      auth_method: signature
      access_key: "{{ ankoder_access_key }}"
      private_key: "{{ ankoder_private_key }}"
  block:
    - name: Look the profile up by name
      mediaops.video.transcoding_profile_info:
        name: web-720p
      register: web

    - name: Show its size
      ansible.builtin.debug:
        msg: "{{ web.profiles[0].width }}x{{ web.profiles[0].height }}"
      when: web.profiles | length == 1
'''

RETURN = r'''
profiles:
  description: The matching profiles, V([]) when none match.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 2
      name: psp
      created_at: "2007-12-27 06:33:39 UTC"
      width: 480
      height: 272
      video_format: mp4
      video_fps: 29.97
      video_bitrate: 768.0
      video_codec: h264
      audio_channel: 2
      audio_codec: aac
      audio_bitrate: 128.0
      audio_rate: 48000
      thumbnail_width: null
      thumbnail_height: null
      trim_begin: null
      max_duration: null
      add_padding: false
      keep_aspect: false
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils._errors import NotFoundError
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def list_profiles(module):
    api = ankoder.SERVICE.client(module)
    if module.params['id'] is not None:
        try:
            profiles = [api.get_profile(module.params['id'])]
        except NotFoundError:
            profiles = []
    else:
        profiles = api.list_profiles()
    if module.params['name'] is not None:
        profiles = [p for p in profiles if p.get('name') == module.params['name']]
    return dict(changed=False, profiles=profiles)


def main():
    module = AnsibleModule(
        argument_spec=ankoder.SERVICE.argument_spec(id=dict(type='int'), name=dict(type='str')),
        supports_check_mode=True,
    )
    run(module, list_profiles)


if __name__ == '__main__':
    main()
