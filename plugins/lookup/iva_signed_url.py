# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: iva_signed_url
short_description: Sign an IVA URL with an expiry and its MD5 hash
version_added: 0.1.0
description:
  - Appends C(e) (now + O(ttl), in epoch seconds) and C(h) (the lowercase hex MD5 of the lowercased
    security token and the URL up to C(&h=)) to each IVA URL given, for players that fetch captions through
    IVA's 302 links or for orders placed by other tools.
author:
  - mediaops.video contributors (@mediaops)
options:
  _terms:
    description: The URLs to sign, with their query (without C(e) and C(h)).
    type: list
    elements: str
    required: true
  ttl:
    description: Seconds until the signed URL expires, at most 86400.
    type: int
    default: 180
  fmt:
    description:
      - The caption format, by number or name, added to each URL as C(fmt) before it is signed (so the hash covers
        it); one of V(srt) (0), V(sbv) (1), V(dfxp) (2), V(qt) (3), V(tpm) (6), V(vtt) (7), V(echo) (8), or
        V(webvtt), V(ttml), V(subrip), V(quicktime).
      - When this is set, a URL that has its own C(fmt) is refused (the format is given once). A URL's own C(fmt)
        is signed as it is when this is not set.
    type: str
  security_token:
    description: The IVA security token.
    type: str
    env:
      - name: IVA_SECURITY_TOKEN
    vars:
      - name: iva_security_token
seealso:
  - module: mediaops.video.iva_caption_order
  - module: mediaops.video.iva_caption_info
  - ref: ansible_collections.mediaops.video.docsite.wire_iva
    description: "IVA on the wire, Signing: how the URL is signed."
'''

EXAMPLES = r'''
- name: A caption link valid for three minutes, token from IVA_SECURITY_TOKEN
  ansible.builtin.set_fact:
    caption_link: >-
      {{ lookup('mediaops.video.iva_signed_url',
                'https://video.internetvideoarchive.net/captionorder.ashx?customerid=45678&publishedid=126095&languageid=0') }}

- name: A WebVTT caption link for a player (fmt=7, covered by the hash)
  ansible.builtin.set_fact:
    vtt_link: >-
      {{ lookup('mediaops.video.iva_signed_url',
                'https://video.internetvideoarchive.net/caption.ashx?customerid=45678&publishedid=126095&languageid=0',
                fmt='vtt') }}

- name: Links for a player, valid for an hour, with the token from a vault
  ansible.builtin.set_fact:
    player_links: "{{ query('mediaops.video.iva_signed_url', *player_urls, ttl=3600, security_token=vault_iva_token) }}"
'''

RETURN = r'''
_raw:
  description: The signed URLs, in the order given.
  type: list
  elements: str
  sample:
    - https://video.internetvideoarchive.net/captionorder.ashx?customerid=45678&publishedid=126095&languageid=0&e=1795307092&h=0f3c5e...
'''

import time

from urllib.parse import parse_qsl

from ansible.errors import AnsibleError, AnsibleLookupError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.lookup import LookupBase

from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._iva import caption_format
from ansible_collections.mediaops.video.plugins.module_utils._iva_signer import MAX_TTL, sign


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        try:
            self.set_options(var_options=variables, direct=kwargs)
            token = self.get_option('security_token')
            ttl = self.get_option('ttl')
            fmt = self.get_option('fmt')
        except AnsibleError as exc:
            raise AnsibleLookupError('iva_signed_url: %s' % to_native(exc))
        except (OverflowError, TypeError, ValueError) as exc:
            # ansible-core's own option conversion (ttl=1e999 raises OverflowError there)
            raise AnsibleLookupError('iva_signed_url: an option has a value of the wrong type: %s' % to_native(exc))
        if not token:
            raise AnsibleLookupError('iva_signed_url needs the security token (security_token, iva_security_token or IVA_SECURITY_TOKEN)')
        _check_text(token, 'the security token')
        if isinstance(ttl, bool) or not isinstance(ttl, int) or not 0 < ttl <= MAX_TTL:
            raise AnsibleLookupError('ttl must be between 1 and %d seconds' % MAX_TTL)
        fmt = _format(fmt, 'fmt') if fmt is not None else None
        expires = int(time.time()) + ttl
        signed = []
        for url in terms:
            if not isinstance(url, str) or not url.startswith(('http://', 'https://')):
                raise AnsibleLookupError('iva_signed_url signs http(s) URLs, not %r' % (url,))
            _check_text(url, 'the URL %s' % url.split('?', 1)[0].encode('utf-8', 'backslashreplace').decode('utf-8'))
            url = _with_format(url, fmt)
            try:
                signed.append(sign(token, url, expires))
            except ValueError as exc:
                raise AnsibleLookupError('%s: %s' % (url.split('?', 1)[0], exc))
        return signed


def _format(value, what):
    try:
        return caption_format(value)
    except ValidationError as exc:
        raise AnsibleLookupError('iva_signed_url: %s: %s' % (what, exc.message))


def _with_format(url, fmt):
    """The URL with ``fmt`` appended (None: as given); a URL with its own ``fmt`` is refused beside ``fmt``."""
    if fmt is None:
        return url
    query = url.split('#', 1)[0].split('?', 1)[1] if '?' in url else ''
    where = url.split('?', 1)[0]
    if any(name.lower() == 'fmt' for name, _value in parse_qsl(query, keep_blank_values=True)):
        raise AnsibleLookupError('iva_signed_url: %s already has fmt; give the format once (in the URL or as fmt)' % where)
    return '%s%sfmt=%d' % (url, '&' if '?' in url else '?', fmt)


def _check_text(value, what):
    """value must be text that encodes to UTF-8 (the hash is over its UTF-8 bytes)."""
    if not isinstance(value, str):
        raise AnsibleLookupError('iva_signed_url: %s must be text, not %s' % (what, type(value).__name__))
    try:
        value.encode('utf-8')
    except UnicodeEncodeError as exc:
        raise AnsibleLookupError('iva_signed_url: %s is not valid Unicode text: %s' % (what, exc))
