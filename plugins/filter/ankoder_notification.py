# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: ankoder_notification
short_description: Verify and parse an Ankoder notification
version_added: 0.1.0
description:
  - Takes the raw C(application/x-www-form-urlencoded) body Ankoder POSTs to a notification URL (fields
    C(message) and C(signature)), checks that C(signature) is the Base64 HMAC-SHA1 of the C(message)
    value exactly as received, keyed with the account's private key (compared in constant time), and
    returns the message's JSON as a dictionary.
  - Fails on a bad or missing signature, a body that is not form-encoded, or a message that is not a JSON
    object. The JSON is never re-serialised before the check.
author:
  - mediaops.video contributors (@mediaops)
positional: private_key
options:
  _input:
    description:
      - The raw body as received, or a mapping that already holds the C(message) and C(signature) form
        values.
    type: raw
    required: true
  private_key:
    description:
      - The Ankoder account's private key.
    type: str
    required: true
seealso:
  - module: mediaops.video.ankoder_job
  - module: mediaops.video.ankoder_video
  - ref: ansible_collections.mediaops.video.docsite.wire_ankoder
    description: "Ankoder on the wire, Callbacks: the notification and its signature."
  - ref: ansible_collections.mediaops.video.docsite.guide_eda
    description: Reacting to the services' callbacks with Event-Driven Ansible.
'''

EXAMPLES = r'''
- name: Verify a notification received by a webhook
  ansible.builtin.set_fact:
    notice: "{{ raw_body | mediaops.video.ankoder_notification(ankoder_private_key) }}"

- name: React to a finished conversion
  ansible.builtin.debug:
    msg: "Job {{ notice.Job }} {{ notice.result }}: output video {{ notice.convert_video_id | default('none') }}"
  when: notice.type == 'Convert'
'''

RETURN = r'''
_value:
  description: The notification's message, parsed from JSON.
  type: dict
  sample:
    type: Convert
    result: success
    error: ""
    Job: "55"
    convert_video_id: "179"
    original_video_id: "30"
'''

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.module_utils._ankoder_notification import (
    NotificationError, parse_notification,
)


def _text(value, what):
    """value as text that encodes to UTF-8 (bytes decoded strictly); AnsibleFilterError otherwise."""
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode('utf-8')
        except UnicodeDecodeError as exc:
            raise AnsibleFilterError('ankoder_notification: the %s is not UTF-8 text: %s' % (what, exc))
    if not isinstance(value, str):
        raise AnsibleFilterError('ankoder_notification: the %s must be text, not %s' % (what, type(value).__name__))
    try:
        value.encode('utf-8')
    except UnicodeEncodeError as exc:
        raise AnsibleFilterError('ankoder_notification: the %s is not valid Unicode text: %s' % (what, exc))
    return value


def ankoder_notification(body, private_key):
    private_key = _text(private_key, 'private key')
    if isinstance(body, Mapping):
        body = dict((key, _text(body[key], '%s form value' % key)) for key in ('message', 'signature') if key in body)
    else:
        body = _text(body, 'notification body')
    try:
        return parse_notification(body, private_key)
    except NotificationError as exc:
        raise AnsibleFilterError(exc.message)
    except RecursionError:
        raise AnsibleFilterError('ankoder_notification: the notification message is nested too deeply')


class FilterModule(object):

    def filters(self):
        return {'ankoder_notification': ankoder_notification}
