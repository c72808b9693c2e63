# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: moderation_callback
short_description: Verify and parse an iLiveData moderation callback
version_added: 0.1.0
description:
  - Takes the raw JSON body of a moderation callback and checks its C(Authorization) header, the Base64
    HMAC-SHA256 of the request (method, host, path, SHA-256 of the exact body, C(X-AppId), C(X-TimeStamp))
    keyed with the callback secret, in constant time, and that C(X-TimeStamp) is within 15 minutes of now.
    Returns the result typed like M(mediaops.video.moderation_result_info) returns it.
  - Fails on a missing or wrong signature, a stale or future timestamp, another app id, or a body that is
    not JSON.
author:
  - mediaops.video contributors (@mediaops)
positional: secret_key, url, headers
options:
  _input:
    description: The raw body as received (text or bytes); never a re-serialised dictionary.
    type: raw
    required: true
  secret_key:
    description: The C(callback_secret_key) the submission was made with.
    type: str
    required: true
  url:
    description: The callback URL as given to the service (its host and path are signed).
    type: str
    required: true
  headers:
    description: The callback request's headers (names in any case).
    type: dict
    required: true
  app_id:
    description: When given, the callback must come from this app id.
    type: str
  window:
    description: Seconds a callback's timestamp may be away from now.
    type: int
    default: 900
'''

EXAMPLES = r'''
- name: Verify a callback received by a webhook (an Event-Driven Ansible event, for instance)
  ansible.builtin.set_fact:
    verdict: >-
      {{ ansible_eda.event.raw_body | mediaops.video.moderation_callback(
           vault_moderation_callback_key, 'https://eda.example.com/moderation', ansible_eda.event.meta.headers) }}

- name: Hold the title back on a rejection
  ansible.builtin.debug:
    msg: "{{ verdict.task_id }}: {{ verdict.segments | map(attribute='tags') | flatten | map(attribute='name') | unique }}"
  when: verdict.verdict == 'reject'
'''

RETURN = r'''
_value:
  description: The verified result, typed.
  type: dict
  sample: {task_id: 5f0b2a7c9d1e4f6a8b3c2d1e0f9a8b7c, code: 0, state: done, verdict: pass, verdict_code: 0, segments: []}
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.module_utils._moderation import typed_result
from ansible_collections.mediaops.video.plugins.module_utils._moderation_signer import CallbackError, verify_callback


def moderation_callback(body, secret_key, url, headers, app_id=None, window=900):
    try:
        parsed = verify_callback(secret_key, url, body, headers, app_id=app_id, window=window)
    except CallbackError as exc:
        raise AnsibleFilterError(exc.message)
    if not isinstance(parsed, dict):
        raise AnsibleFilterError('the moderation callback body is not a JSON object')
    return typed_result(parsed, parsed.get('taskId'))


class FilterModule(object):

    def filters(self):
        return {'moderation_callback': moderation_callback}
