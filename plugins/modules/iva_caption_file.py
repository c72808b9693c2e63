#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iva_caption_file
short_description: Download an IVA caption file to a local path
version_added: 0.2.0
description:
  - Fetches the caption of a catalog video (O(published_id)) in O(language) and O(fmt) and writes it to O(dest).
    The caption URL (O(caption_url)) is signed like an order (C(e) = now + O(ttl), C(h) = MD5 of the token and
    the URL); IVA answers it with a 302 to the file on its CDN, which is followed (to http(s) URLs only, at
    most 5 redirects, never in a loop). The CDN request carries no credentials.
  - O(dest) changes only when the content's SHA-1 checksum differs from the file's; it is replaced atomically.
    The file's mode, owner, group and SELinux context are set as given, like M(ansible.builtin.copy).
  - Fetching costs nothing (the order is what IVA bills) and is a read, so check mode fetches the caption too, to
    say truthfully whether O(dest) would change; it writes nothing.
  - IVA serves the newest C(Completed) caption of the customer for the video and language; until there is one it
    answers 404 and the task fails saying so. Order it with M(mediaops.video.iva_caption_order) and O(mediaops.video.iva_caption_order#module:wait=true).
  - The catalog is not read, so O(developer_id) is not needed (it is accepted, so that one C(module_defaults) group
    fits every IVA module).
author:
  - mediaops.video contributors (@mediaops)
options:
  published_id:
    description: The IVA published id of the video, 1 to 2147483647.
    type: int
    required: true
  language:
    description:
      - The caption language, by id (V(0)), code (V(en), V(zh-Hant)) or English name (V(english)); one of the 15
        languages IVA supports, checked before any request.
    type: str
    required: true
  fmt:
    description:
      - The caption format, by number or name; one of V(srt) (0), V(sbv) (1), V(dfxp) (2), V(qt) (3), V(tpm) (6),
        V(vtt) (7), V(echo) (8); also V(webvtt), V(ttml), V(subrip), V(quicktime). Checked before any request.
    type: str
    default: vtt
  dest:
    description:
      - The local path to write the caption to. Its directory must exist; a directory is refused.
      - At most 64 MiB are written; a longer answer fails the task and leaves O(dest) as it was.
    type: path
    required: true
extends_documentation_fragment:
  - mediaops.video.iva
  - mediaops.video.connection
  - mediaops.video.ledger.UNUSED
  - mediaops.video.attributes
  - mediaops.video.attributes.IVA_GROUP
  - ansible.builtin.files
attributes:
  check_mode:
    support: full
    details: Fetches the caption and compares its checksum; writes nothing.
  diff_mode:
    support: full
    details: >-
      Shows the file's content before and after when both are UTF-8 text under 100 KiB (captions are); otherwise
      says that the diff was skipped, and why.
  safe_file_operations:
    description: Uses Ansible's strict file operation functions to ensure proper permissions and avoid data corruption.
    support: full
    details: O(dest) is replaced with C(atomic_move), and its attributes set with the file common arguments.
seealso:
  - module: mediaops.video.iva_caption_order
  - module: mediaops.video.iva_caption_info
  - plugin: mediaops.video.iva_signed_url
    plugin_type: lookup
    description: The signed caption URL for a player, which IVA redirects to the same file.
  - ref: ansible_collections.mediaops.video.docsite.wire_iva
    description: "IVA on the wire: the caption URL, its formats, the redirect to the CDN."
'''

EXAMPLES = r'''
- name: The English WebVTT caption of a title, next to its video
  mediaops.video.iva_caption_file:
    published_id: 126095
    language: en
    fmt: vtt
    dest: /srv/www/titles/126095/en.vtt
    mode: "0644"
    customer_id: "{{ iva_customer_id }}"
    security_token: "{{ vault_iva_token }}"

- name: Order the captions, wait until IVA has made them, then fetch them as SRT
  module_defaults:
    group/mediaops.video.iva:
      customer_id: "{{ iva_customer_id }}"
      security_token: "{{ vault_iva_token }}"
      developer_id: "{{ iva_developer_id }}"
  block:
    - name: Order what is missing, and wait
      mediaops.video.iva_caption_order:
        published_id: 126095
        language: "{{ item }}"
        wait: true
        wait_timeout: 86400
        wait_sleep: 60
      loop: [en, es]

    - name: Fetch them
      mediaops.video.iva_caption_file:
        published_id: 126095
        language: "{{ item }}"
        fmt: srt
        dest: "/srv/www/titles/126095/{{ item }}.srt"
      loop: [en, es]
'''

RETURN = r'''
dest:
  description: The path written (or that would be).
  returned: success
  type: str
  sample: /srv/www/titles/126095/en.vtt
checksum:
  description: The SHA-1 checksum of the caption IVA delivered, as M(ansible.builtin.copy) reports it.
  returned: success
  type: str
  sample: 2fc4ebf5d5af0510a621a9cb8003e464e5d2122e
checksum_before:
  description: The SHA-1 checksum of O(dest) before the task; null when it did not exist.
  returned: success
  type: str
  sample: 6f3802ed2f9045bef7595fa2df954db0662aacfc
size:
  description: The caption's size in bytes.
  returned: success
  type: int
  sample: 137
format:
  description: The caption format, by number and name.
  returned: success
  type: dict
  sample: {fmt: 7, name: vtt}
published_id:
  description: The published id of the video.
  returned: success
  type: int
  sample: 126095
language_id:
  description: The language number.
  returned: success
  type: int
  sample: 0
language:
  description: The language code.
  returned: success
  type: str
  sample: en
msg:
  description: What was done.
  returned: success
  type: str
  sample: "caption written to /srv/www/titles/126095/en.vtt (its content changed)"
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.mediaops.video.plugins.module_utils import _iva_module as iva
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, NotFoundError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._iva import FORMATS, LANGUAGES, caption_format, language_id
from ansible_collections.mediaops.video.plugins.module_utils._module import run

MAX_DIFF_BYTES = 100 * 1024
MAX_PUBLISHED_ID = 2147483647


def _diff_side(path, side):
    """The diff entries of one side: its text, or why it is not shown."""
    if path is None or not os.path.exists(path):
        return {side: ''}
    if os.path.getsize(path) > MAX_DIFF_BYTES:
        return {'%s_larger' % ('dst' if side == 'before' else 'src'): MAX_DIFF_BYTES}
    with open(path, 'rb') as handle:
        data = handle.read()
    try:
        return {side: data.decode('utf-8')}
    except UnicodeDecodeError:
        return {'%s_binary' % ('dst' if side == 'before' else 'src'): 1}


def _checked_dest(dest):
    if os.path.isdir(dest):
        raise ValidationError('dest %s is a directory; name the file' % dest)
    parent = os.path.dirname(os.path.abspath(dest))
    if not os.path.isdir(parent):
        raise ValidationError('the directory of dest (%s) does not exist' % parent)
    return dest


def fetch_caption(module):
    p = module.params
    lang = language_id(p['language'])
    fmt = caption_format(p['fmt'])
    if not 1 <= p['published_id'] <= MAX_PUBLISHED_ID:
        raise ValidationError('published_id must be between 1 and %d' % MAX_PUBLISHED_ID)
    dest = _checked_dest(p['dest'])
    client = iva.caption_file_client(module)
    fetched = os.path.join(module.tmpdir, 'caption')
    with open(fetched, 'wb') as handle:
        try:
            size, checksum = client.caption_file(p['published_id'], lang, fmt, handle)
        except NotFoundError as exc:
            raise MediaopsError('%s. IVA has no Completed caption of published id %d in %s for this customer yet: '
                                'order it (mediaops.video.iva_caption_order, wait: true) first' % (
                                    exc.message, p['published_id'], LANGUAGES[lang][1]), **exc.details())
    before = module.sha1(dest) if os.path.exists(dest) else None
    changed = before != checksum
    out = dict(dest=dest, checksum=checksum, checksum_before=before, size=size, published_id=p['published_id'],
               language_id=lang, language=LANGUAGES[lang][0], format=dict(fmt=fmt, name=FORMATS[fmt][0]))
    if module._diff:
        diff = dict(before_header=dest, after_header='%s (IVA caption %s)' % (dest, FORMATS[fmt][0]))
        diff.update(_diff_side(dest, 'before'))
        diff.update(_diff_side(fetched, 'after'))
        out['diff'] = diff
    if changed and not module.check_mode:
        try:
            module.atomic_move(fetched, dest, unsafe_writes=p['unsafe_writes'])
        except Exception as exc:  # atomic_move fails the module itself on most errors; pylint: disable=broad-except
            raise MediaopsError('cannot write %s: %s' % (dest, to_native(exc)))
    if os.path.exists(dest) or not module.check_mode:
        file_args = module.load_file_common_arguments(p, path=dest)
        changed = module.set_fs_attributes_if_different(file_args, changed)
    verb = 'would be written to' if module.check_mode else 'written to'
    out['msg'] = ('caption %s %s (its content changed)' % (verb, dest) if before != checksum else
                  'caption at %s is up to date%s' % (dest, ' (file attributes %s)' % ('would change' if module.check_mode else 'changed')
                                                     if changed else ''))
    out['changed'] = changed
    return out


def main():
    spec = iva.SERVICE.argument_spec(
        published_id=dict(type='int', required=True),
        language=dict(type='str', required=True),
        fmt=dict(type='str', default='vtt'),
        dest=dict(type='path', required=True),
    )
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, add_file_common_args=True)
    run(module, fetch_caption)


if __name__ == '__main__':
    main()
