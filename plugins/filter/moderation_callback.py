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
seealso:
  - module: mediaops.video.moderation_submission
  - module: mediaops.video.moderation_result_info
  - ref: ansible_collections.mediaops.video.docsite.wire_moderation
    description: "iLiveData moderation on the wire, Callbacks: how a callback is signed."
  - ref: ansible_collections.mediaops.video.docsite.guide_eda
    description: Reacting to the services' callbacks with Event-Driven Ansible.
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

import math

from collections.abc import Mapping
from urllib.parse import urlsplit

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.module_utils._moderation import typed_result
from ansible_collections.mediaops.video.plugins.module_utils._moderation_signer import CallbackError, verify_callback


# the header names verify_callback reads; each value must be text
_SIGNED_HEADERS = ('x-timestamp', 'x-appid', 'authorization', 'host')
# the numeric fields typed_result reads as numbers (by the rules of module_utils/_numbers)
_NUMBERS = ('code', 'result', 'beginTime', 'endTime', 'type', 'tag', 'level', 'subTag')


def _fail(message):
    raise AnsibleFilterError('moderation_callback: %s' % message)


def _text(value, what, allow_bytes=False):
    """value as UTF-8-encodable text (bytes kept when allowed and valid UTF-8)."""
    if allow_bytes and isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if not isinstance(value, str):
        _fail('the %s must be text, not %s' % (what, type(value).__name__))
    try:
        value.encode('utf-8')
    except UnicodeEncodeError as exc:
        _fail('the %s is not valid Unicode text: %s' % (what, exc))
    return value


def _check_number(value, where):
    if value is None or isinstance(value, (str, int)):
        return
    if isinstance(value, float) and math.isfinite(value):
        return
    _fail('%s must be a finite number, not %r' % (where, value if isinstance(value, float) else type(value).__name__))


def _objects(value, where):
    """The list typed_result iterates (``value or []``): a list of JSON objects."""
    if not value:
        return []
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        _fail('%s must be a list of JSON objects' % where)
    return value


def _check_shape(body):
    """Refuse a verified body that typed_result cannot read (it would raise a raw Python error)."""
    for name in ('code', 'result'):
        _check_number(body.get(name), name)
    for spam in _objects(body.get('videoSpams'), 'videoSpams'):
        for name in ('beginTime', 'endTime', 'type'):
            _check_number(spam.get(name), 'videoSpams[].' + name)
        for tag in _objects(spam.get('tags'), 'videoSpams[].tags'):
            for name in ('tag', 'level'):
                _check_number(tag.get(name), 'videoSpams[].tags[].' + name)
            for sub in _objects(tag.get('subTags'), 'videoSpams[].tags[].subTags'):
                for name in ('subTag', 'level'):
                    _check_number(sub.get(name), 'videoSpams[].tags[].subTags[].' + name)


def moderation_callback(body, secret_key, url, headers, app_id=None, window=900):
    if isinstance(body, Mapping):
        _fail('the body must be the raw body as received (text or bytes), not a parsed dictionary')
    body = _text(body, 'body', allow_bytes=True)
    secret_key = _text(secret_key, 'secret key', allow_bytes=True)
    url = _text(url, 'URL')
    try:
        urlsplit(url)
    except ValueError as exc:
        _fail('the URL %s is not valid: %s' % (url.split('?', 1)[0], exc))
    if not isinstance(headers, Mapping):
        _fail('the headers must be a dictionary, not %s' % type(headers).__name__)
    for name, value in headers.items():
        if str(name).lower() in _SIGNED_HEADERS:
            _text(value, 'header %s' % name)
    if app_id is not None:
        app_id = _text(app_id, 'app id')
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        _fail('window must be a number of seconds (a non-negative integer), not %r' % (window,))
    try:
        parsed = verify_callback(secret_key, url, body, headers, app_id=app_id, window=window)
    except CallbackError as exc:
        raise AnsibleFilterError(exc.message)
    except RecursionError:
        _fail('the callback body is nested too deeply')
    if not isinstance(parsed, dict):
        _fail('the moderation callback body is not a JSON object')
    _check_shape(parsed)
    return typed_result(parsed, parsed.get('taskId'))


class FilterModule(object):

    def filters(self):
        return {'moderation_callback': moderation_callback}
