# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: normalise, fingerprint, mask and diff declared state."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import re

from ansible_collections.mediaops.video.plugins.module_utils._numbers import number

MASK = '********'
_AUTHORITY = re.compile(r'^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)')


def normalise(value):
    """Comparable form: numbers by the rules of _numbers (``"5.0"`` is 5), other text stripped, '' as None,
    bools as bools."""
    if isinstance(value, dict):
        return dict((k, normalise(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return number(value, value)  # NaN and the infinities compare as themselves
    text = str(value).strip()
    if text == '':
        return None
    return number(text, text)


def declared(params, names):
    """The options among ``names`` that the user set (None means not declared)."""
    return dict((name, params[name]) for name in names if params.get(name) is not None)


def fingerprint(request):
    """A stable digest of a declared request, after normalising."""
    canonical = json.dumps(normalise(request), sort_keys=True, separators=(',', ':'))
    return hashlib.sha256(canonical.encode('utf-8')).hexdigest()


def url_password(url):
    """The password of a ``scheme://user:password@host`` URL, or None."""
    if not isinstance(url, str):
        return None
    match = _AUTHORITY.match(url)
    if not match or '@' not in match.group(2):
        return None
    userinfo = match.group(2).rsplit('@', 1)[0]
    return userinfo.split(':', 1)[1] if ':' in userinfo else None


def url_passwords(value):
    """Every URL password anywhere in a nested value."""
    if isinstance(value, dict):
        return set().union(*[url_passwords(v) for v in value.values()]) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*[url_passwords(v) for v in value]) if value else set()
    password = url_password(value)
    return set([password]) if password else set()


def mask_url(url):
    """Hide the password of ``scheme://user:password@host`` URLs."""
    if not isinstance(url, str):
        return url
    match = _AUTHORITY.match(url)
    if not match or '@' not in match.group(2):
        return url
    userinfo, host = match.group(2).rsplit('@', 1)
    if ':' not in userinfo:
        return url
    return '%s%s:%s@%s%s' % (match.group(1), userinfo.split(':', 1)[0], MASK, host, url[match.end():])


def masked(value, secret_keys=()):
    """A copy fit for output: secret keys replaced, credentials in URLs hidden."""
    if isinstance(value, dict):
        return dict((k, MASK if k in secret_keys and v is not None else masked(v, secret_keys))
                    for k, v in value.items())
    if isinstance(value, list):
        return [masked(v, secret_keys) for v in value]
    return mask_url(value)


def changed_keys(declared_state, current):
    """Keys whose normalised declared value differs from the current one."""
    return sorted(k for k, v in declared_state.items() if normalise(v) != normalise(current.get(k)))


def file_sha256(path, chunk=1024 * 1024):
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(chunk), b''):
            digest.update(block)
    return digest.hexdigest()
