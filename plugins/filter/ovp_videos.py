# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: ovp_videos
short_description: Normalise a CDNetworks Cloud VoD (OVP) video upload callback
version_added: 0.1.0
description:
  - >-
    Takes the JSON payload CDNetworks (Wangsu) Cloud VoD POSTs to a callback URL when videos are uploaded
    (C({"code": ..., "data": {"videoListInfo": [...], "videoTotal": N}, "message": ...})) and returns its videos as
    a list of dictionaries with snake_case keys and typed values.
  - The platform reports business errors with HTTP 200 and a C(code) other than V(200), so the filter always checks
    C(code) (a number or a string) and fails with the code and the payload's C(message) otherwise.
  - Every field the vendor documents is present in each video, V(null) when the payload lacks it. The string
    V("null"), the empty string and JSON null all become V(null).
  - Sizes, durations, widths, heights and totals become numbers (integers where integral), even when sent as strings;
    a value that is not a number is kept as received.
  - Epoch-second times (C(createTime), C(uploadTime), C(updateTime)) become ISO 8601 UTC text such as
    V(2017-08-01T09:14:34Z), with the number kept beside them as C(create_time_epoch), C(upload_time_epoch),
    C(update_time_epoch). A time that is not a number is kept as received, with an epoch of V(null).
  - C(flashAutoPlay) becomes a boolean.
  - >-
    Each coded field becomes a dictionary C({"code": <code as a number>, "name": <name>}). A code outside the
    vendor's table keeps its value and is named V(unknown); the filter never fails on an unknown code (the vendor's
    own example sends C(transcodeState) V("5") with C(encrypt) V(0), and C(serverType) V(-1)).
  - C(transcodeState) is named with the table of the video's own C(encrypt) value. With C(encrypt) V(1) (encrypted) the
    codes are V(1) encrypted_transcoded, V(2) unencrypted_transcoded, V(3) transcoding, V(4) failed, V(5) not_transcoded;
    with C(encrypt) V(0) (unencrypted) V(1) transcoded, V(2) not_transcoded, V(3) transcoding, V(4) failed, and V(5) is
    unknown. With an unknown C(encrypt) only the codes both tables share (V(3) transcoding, V(4) failed) are named.
  - Every coded field named V(unknown), the resolutions' included, is also listed in the video's C(unknown_codes) with
    its typed code and its raw value as received, so that a playbook can find them without looking at every field.
  - A field the vendor does not document is kept under its snake_case name, typed generically (nulls, canonical
    integer and decimal strings, nested keys in snake_case).
  - The filter only normalises; it does not authenticate the callback. Authenticate it where it is received, with a
    secret token carried in the callback URL and compared in constant time, and optionally a source-address allow-list.
author:
  - mediaops.video contributors (@mediaops)
positional: summary
options:
  _input:
    description:
      - The callback payload, as a dictionary (for example an EDA event's C(payload) or a M(ansible.builtin.uri)
        result's C(json)) or as its JSON text (a string or bytes).
    type: raw
    required: true
  summary:
    description:
      - >-
        Return a dictionary C({"videos": [...], "video_total": N, "message": ...}) instead of the list of videos.
      - C(video_total) is the payload's C(data.videoTotal), the number of videos on the current page.
    type: bool
    default: false
notes:
  - The names of the code tables are C(encrypt) V(0) unencrypted, V(1) encrypted; C(transcode_state) with encrypt V(1)
    V(1) encrypted_transcoded, V(2) unencrypted_transcoded, V(3) transcoding, V(4) failed, V(5) not_transcoded, with
    encrypt V(0) V(1) transcoded, V(2) not_transcoded, V(3) transcoding, V(4) failed; C(video_state) V(0) unavailable,
    V(1) available; C(video_source) V(0) other, V(1) upload, V(2) live_recording, V(3) video_fetch,
    V(4) video_trimming, V(5) video_splicing, V(6) cdn_edge_live_recording, V(10) common_live_recording,
    V(11) upload_sdk, V(12) upload_tool; C(flash_image_ratio) V(0) V(16:9), V(1) V(4:3); C(clarity) V(1) original,
    V(2) fd, V(3) ld, V(4) sd, V(5) hd, V(-99) live_recording; C(server_type) V(0) pc, V(1) raw, V(2) mobile.
  - Sizes are returned as the vendor sends them, unconverted. The vendor documents C(fileSize) in bits, but its own
    example's C(videoSize) is the sum of the C(fileSize) values of the video's resolutions.
seealso:
  - ref: ansible_collections.mediaops.video.docsite.wire_ovp
    description: "CDNetworks OVP callbacks on the wire: the payload and its code tables."
  - ref: ansible_collections.mediaops.video.docsite.guide_eda
    description: Reacting to the services' callbacks with Event-Driven Ansible.
'''

EXAMPLES = r'''
# In a rulebook run by ansible-rulebook, the event source hands the callback's JSON body to a playbook:
# the playbook reads it from ansible_eda.event.payload.
- name: Keep the videos of an OVP upload callback
  ansible.builtin.set_fact:
    ovp_uploaded: "{{ ansible_eda.event.payload | mediaops.video.ovp_videos }}"

- name: Publish every video that finished transcoding
  ansible.builtin.debug:
    msg: "{{ item.video_name }} ({{ item.video_duration }} s, {{ item.video_resolutions | length }} renditions) is ready"
  loop: "{{ ovp_uploaded | selectattr('transcode_state.name', 'in', ['transcoded', 'encrypted_transcoded']) }}"
  loop_control:
    label: "{{ item.video_id }}"

# A callback payload fetched over HTTP, checked as a whole
- name: Fetch a captured callback
  ansible.builtin.uri:
    url: https://hooks.example.com/ovp/last-callback.json
    return_content: true
  register: ovp_capture

- name: Normalise it, keeping the page total and the message
  ansible.builtin.set_fact:
    ovp_page: "{{ ovp_capture.json | mediaops.video.ovp_videos(summary=true) }}"

- name: Codes outside the vendor's tables, kept raw and listed per video
  ansible.builtin.debug:
    msg: "{{ item.video_id }}: {{ item.unknown_codes | map(attribute='field') | join(', ') }}"
  loop: "{{ ovp_page.videos | selectattr('unknown_codes') }}"
  loop_control:
    label: "{{ item.video_id }}"

- name: Every video on the page is available
  ansible.builtin.assert:
    that:
      - ovp_page.videos | length == ovp_page.video_total
      - ovp_page.videos | rejectattr('video_state.name', '==', 'available') | list | length == 0
    fail_msg: >-
      Unavailable: {{ ovp_page.videos | rejectattr('video_state.name', '==', 'available') | map(attribute='video_id') | join(', ') }}

# The raw body as text works too; a payload with a code other than 200 fails the task with the vendor's message
- name: Upload times of a callback body saved to a file
  ansible.builtin.debug:
    msg: "{{ lookup('ansible.builtin.file', 'callback.json') | mediaops.video.ovp_videos | map(attribute='upload_time') }}"
'''

RETURN = r'''
_value:
  description:
    - The payload's videos (C(data.videoListInfo)), one dictionary each, in the payload's order; V([]) when there are
      none.
    - >-
      With O(summary=true), a dictionary with C(videos) (this list), C(video_total) (C(data.videoTotal) as a number)
      and C(message) (the payload's message) instead.
  type: list
  elements: dict
  contains:
    video_name:
      description: Name of the video (C(videoName)).
      type: str
    video_id:
      description: The video's ID (C(videoId)).
      type: str
    create_user:
      description: The task creator (C(createUser)).
      type: str
    encrypt:
      description: Whether the video is encrypted (C(encrypt)); names V(unencrypted), V(encrypted).
      type: dict
      contains:
        code:
          description: The code as a number (or as received when it is not one).
          type: raw
        name:
          description: The code's name, V(unknown) when the code is not in the vendor's table.
          type: str
    video_size:
      description: Size of the video (C(videoSize)), as a number, in the vendor's unit.
      type: int
    video_duration:
      description: Length of the video (C(videoDuration)), as a number.
      type: raw
    create_time:
      description: Creation time (C(createTime)) in ISO 8601 UTC; V(null) when absent (the vendor's example omits it).
      type: str
    create_time_epoch:
      description: Creation time in seconds since the epoch.
      type: int
    upload_time:
      description: Upload time (C(uploadTime)) in ISO 8601 UTC.
      type: str
    upload_time_epoch:
      description: Upload time in seconds since the epoch.
      type: int
    update_time:
      description: Modification time (C(updateTime)) in ISO 8601 UTC.
      type: str
    update_time_epoch:
      description: Modification time in seconds since the epoch.
      type: int
    video_description:
      description: Description (C(videoDescription)); V(null) when empty.
      type: str
    video_classification:
      description: Category (C(videoClassification)); V(null) when empty or V("null").
      type: str
    image_url:
      description: Cover image URL (C(imageUrl)).
      type: str
    publish_domain:
      description: Publish domain (C(publishDomain)).
      type: str
    flash_player_name:
      description: Name of the Flash player (C(flashPlayerName)).
      type: str
    flash_player_id:
      description: ID of the Flash player (C(flashPlayerId)).
      type: str
    flash_image_ratio:
      description: Aspect ratio (C(flashImageRatio)) as C(code) and C(name); names V(16:9), V(4:3).
      type: dict
    flash_auto_play:
      description: Whether AutoPlay is on (C(flashAutoPlay)).
      type: bool
    video_state:
      description: Status (C(videoState)) as C(code) and C(name); names V(unavailable), V(available).
      type: dict
    transcode_state:
      description:
        - Transcoding progress (C(transcodeState)) as C(code) and C(name), read with the table of C(encrypt).
        - Encrypted videos V(encrypted_transcoded), V(unencrypted_transcoded), V(transcoding), V(failed),
          V(not_transcoded); unencrypted videos V(transcoded), V(not_transcoded), V(transcoding), V(failed).
      type: dict
    video_source:
      description:
        - Where the video comes from (C(videoSourceCode)) as C(code) and C(name).
        - Names V(other), V(upload), V(live_recording), V(video_fetch), V(video_trimming), V(video_splicing),
          V(cdn_edge_live_recording), V(common_live_recording), V(upload_sdk), V(upload_tool).
      type: dict
    video_resolutions:
      description: The video's renditions (C(videoResolutions)).
      type: list
      elements: dict
      contains:
        clarity:
          description:
            - Quality (C(clarity)) as C(code) and C(name); names V(original), V(fd), V(ld), V(sd), V(hd),
              V(live_recording).
          type: dict
        server_type:
          description: End device type (C(serverType)) as C(code) and C(name); names V(pc), V(raw), V(mobile).
          type: dict
        width:
          description: Width in pixels.
          type: int
        height:
          description: Height in pixels.
          type: int
        file_size:
          description: File size (C(fileSize)), as sent.
          type: int
    unknown_codes:
      description:
        - The coded fields whose code is outside the vendor's tables (those named V(unknown)), in field order, the
          resolutions' after the video's own; V([]) when every code is known.
        - For C(transcode_state) the table is the one of the video's C(encrypt).
      type: list
      elements: dict
      contains:
        field:
          description: The field's path in the video, such as V(transcode_state) or V(video_resolutions[0].server_type).
          type: str
        code:
          description: The code as a number (or as received when it is not one), as in the field's C(code).
          type: raw
        raw:
          description: The value exactly as the payload carried it (V("5") for a code sent as a string).
          type: raw
  sample:
    - video_name: creattest_20170801171220
      video_id: 9B0F7BA8BCB9D056D4C24ADDBF821D10
      create_user: testUser
      encrypt: {code: 0, name: unencrypted}
      video_size: 11153160
      video_duration: 36
      create_time: null
      create_time_epoch: null
      upload_time: "2017-08-01T09:14:26Z"
      upload_time_epoch: 1501578866
      update_time: "2017-08-01T09:14:34Z"
      update_time_epoch: 1501578874
      video_description: null
      video_classification: null
      image_url: http://ovptest.haplat.net//live/201708/4101630234a74ee8864e56ea88e5d290_20170801171220/cloudv-cover/9B0F7BA8BCB9D056D4C24ADDBF821D10.jpg
      publish_domain: ovptest.haplat.net
      flash_player_name: basic player
      flash_player_id: DF2DAF233DDA
      flash_image_ratio: {code: 0, name: "16:9"}
      flash_auto_play: true
      video_state: {code: 0, name: unavailable}
      transcode_state: {code: 5, name: unknown}
      video_source: {code: 2, name: live_recording}
      video_resolutions:
        - clarity: {code: -99, name: live_recording}
          server_type: {code: -1, name: unknown}
          width: 1364
          height: 768
          file_size: 5579209
        - clarity: {code: 1, name: original}
          server_type: {code: -1, name: unknown}
          width: 1364
          height: 768
          file_size: 5573951
      unknown_codes:
        - {field: transcode_state, code: 5, raw: "5"}
        - {field: "video_resolutions[0].server_type", code: -1, raw: -1}
        - {field: "video_resolutions[1].server_type", code: -1, raw: -1}
'''

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.mediaops.video.plugins.module_utils._ovp import OvpError, normalise_payload, summary as payload_summary


def ovp_videos(payload, summary=False):
    try:
        want_summary = boolean(summary, strict=True)
    except TypeError as exc:
        raise AnsibleFilterError('ovp_videos: summary must be a boolean: %s' % exc)
    try:
        if want_summary:
            return payload_summary(payload)
        return normalise_payload(payload)
    except OvpError as exc:
        raise AnsibleFilterError(exc.message)


class FilterModule(object):

    def filters(self):
        return {'ovp_videos': ovp_videos}
