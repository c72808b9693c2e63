#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ankoder_video_info
short_description: Read one Ankoder video
version_added: 0.1.0
description:
  - Returns a source or converted video of Ankoder by its id, with its status, progress and specs typed
    (numbers as numbers, empty elements as null, the attributes of C(audio), C(video) and C(spec) kept).
author:
  - mediaops.video contributors (@mediaops)
options:
  id:
    description:
      - The video's id.
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
  - module: mediaops.video.ankoder_video
  - module: mediaops.video.ankoder_job_info
  - ref: ansible_collections.mediaops.video.docsite.wire_ankoder
    description: "Ankoder on the wire: endpoints, signing, statuses, errors, notifications."
'''

EXAMPLES = r'''
- name: Import a source video
  mediaops.video.ankoder_video:
    url: https://media.example.com/masters/title-1042.mov
    profile: web-720p
  register: imported

- name: Read it back later
  mediaops.video.ankoder_video_info:
    id: "{{ imported.video.id }}"
  register: source

- name: Report its frame size
  ansible.builtin.debug:
    msg: "{{ source.video.specs.spec.width }}x{{ source.video.specs.spec.height }}"
  when: source.exists
'''

RETURN = r'''
exists:
  description: Whether Ankoder knows the video.
  returned: always
  type: bool
  sample: true
video:
  description:
    - The video, or null when Ankoder does not know it.
    - C(status) is C(failed), with the reason in C(error), when the reply carries an C(<error>) or C(<errors>) element
      with text (and does not say C(downloaded)).
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
    created_at: Tue May 13 10:31:30 +0000 2008
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def main():
    module = AnsibleModule(
        argument_spec=ankoder.SERVICE.argument_spec(id=dict(type='int', required=True)),
        supports_check_mode=True,
    )
    run(module, lambda m: ankoder.read_one(m, 'video'))


if __name__ == '__main__':
    main()
