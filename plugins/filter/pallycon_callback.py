# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: pallycon_callback
short_description: Check and type a PallyCon packaging result callback
version_added: 0.2.0
description:
  - >-
    Takes the body PallyCon POSTs to the packaging result callback URL set in the PallyCon Console
    (C({"job_id": ..., "error_code": ..., "error_message": ..., "input_contents_path": [...], "output_path": ...}),
    unencrypted JSON) and returns its fields typed, with the job's C(status) named as
    M(mediaops.video.pallycon_packaging_job) names it.
  - It is the normalisation the C(POST /pallycon) route of the C(mediaops.video.callbacks) event source puts in
    each event's C(result), for callbacks received without Event-Driven Ansible.
  - Fails on a body that is not a JSON object, JSON nested deeper than 64 levels, a number that is not finite,
    or a field of a type the service never sends (for example a C(job_id) that is an object, or
    C(input_contents_path) that is not a list of paths).
  - The filter only checks and types the body; PallyCon signs nothing. Authenticate the callback where it is
    received, as the event source does, with a secret token carried in the callback URL (C(?token=)) and compared
    in constant time, and optionally a source-address allow-list.
author:
  - mediaops.video contributors (@mediaops)
options:
  _input:
    description:
      - The callback body, as a dictionary (for example a M(ansible.builtin.uri) result's C(json)) or as its JSON
        text (a string or bytes).
    type: raw
    required: true
seealso:
  - module: mediaops.video.pallycon_packaging_job
  - module: mediaops.video.pallycon_packaging_job_info
  - ref: ansible_collections.mediaops.video.docsite.wire_pallycon
    description: "PallyCon on the wire: the result callback."
  - ref: ansible_collections.mediaops.video.docsite.guide_eda
    description: Reacting to the services' callbacks with Event-Driven Ansible.
'''

EXAMPLES = r'''
# A webhook relay stores each callback body it received (after checking the URL's token) as a JSON file.
- name: Read a stored callback
  ansible.builtin.set_fact:
    packaging_result: "{{ lookup('ansible.builtin.file', 'callbacks/pallycon-100001.json') | mediaops.video.pallycon_callback }}"

- name: Stop when the job failed, with the vendor's reason
  ansible.builtin.fail:
    msg: "packaging job {{ packaging_result.job_id }} failed: {{ packaging_result.error_code }} {{ packaging_result.error_message }}"
  when: packaging_result.status == 'failed'

- name: Publish the packaged output
  ansible.builtin.debug:
    msg: "{{ packaging_result.input_contents_path | join(', ') }} packaged to {{ packaging_result.output_path }}"
'''

RETURN = r'''
_value:
  description: The callback's fields, typed.
  type: dict
  contains:
    job_id:
      description: The packaging job's id, a number (also when sent as a string of digits); other text is kept as text.
      type: raw
    error_code:
      description: The vendor's code, V(0000) on success (a number is written with at least 4 digits); null when absent.
      type: str
    error_message:
      description: The vendor's message; null when absent.
      type: str
    input_contents_path:
      description: The job's source files; V([]) when absent.
      type: list
      elements: str
    output_path:
      description: Where the result went (a list of one path becomes that path); null when absent.
      type: raw
    status:
      description:
        - V(success) when C(error_code) is V(0000), else V(failed). A vendor C(status) code in the body (the seed's
          callback sends none) is named instead, as in M(mediaops.video.pallycon_packaging_job_info), V(unknown) for
          an undocumented one.
      type: str
    status_code:
      description: The vendor's C(status) code when the body has one, else null.
      type: str
  sample:
    job_id: 100001
    error_code: "0000"
    error_message: ""
    input_contents_path: [masters/title-1042/1080p.mp4]
    output_path: packaged/title-1042
    status: success
    status_code: null
'''

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.module_utils._callback_checks import Rejected, check_tree, json_object
from ansible_collections.mediaops.video.plugins.module_utils._pallycon_callback import CallbackShapeError, normalise


def _fail(message):
    raise AnsibleFilterError('pallycon_callback: %s' % message)


def pallycon_callback(body):
    try:
        if isinstance(body, Mapping):
            parsed = check_tree(dict(body), 'the callback body')
        elif isinstance(body, (str, bytes, bytearray)):
            parsed = json_object(bytes(body) if isinstance(body, bytearray) else body, 'the callback body')
        else:
            _fail('the callback body must be a dictionary or its JSON text, not %s' % type(body).__name__)
        return normalise(parsed)
    except Rejected as exc:
        _fail(exc.reason)
    except CallbackShapeError as exc:
        _fail(exc.message)


class FilterModule(object):

    def filters(self):
        return {'pallycon_callback': pallycon_callback}
