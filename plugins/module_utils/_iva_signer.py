# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: IVA's URL signature.

docs/docsite/rst/wire_iva.rst, Signing: ``e`` is the expiry in epoch seconds; ``h`` =
lowercase_hex(MD5(lowercase(token + U))) where U is the whole URL exactly as
sent, up to and not including ``&h=``. Orders and caption files are signed alike
(``customerid``, ``publishedid``, ``languageid``, then ``fmt``, ``e``, ``h``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible.module_utils.six.moves.urllib.parse import urlencode

MAX_TTL = 24 * 3600


def url_hash(token, url):
    return hashlib.md5((token + url).lower().encode('utf-8')).hexdigest()  # nosec - the vendor's algorithm


def sign(token, url, expires):
    """``url`` with ``e`` and then ``h`` appended."""
    if '&h=' in url or '?h=' in url:
        raise ValueError('the URL is already signed (it has an h parameter)')
    unsigned = '%s%se=%d' % (url, '&' if '?' in url else '?', int(expires))
    return '%s&h=%s' % (unsigned, url_hash(token, unsigned))


def signed_url(base, customer_id, published_id, language_id, expires, token, fmt=None):
    """The signed URL of a caption order (``base``: the order URL) or of a caption file (the caption URL, which IVA
    answers with a 302 to the file on its CDN); ``fmt`` (a format number) after ``languageid``, as in the seed's
    example."""
    params = [('customerid', customer_id), ('publishedid', published_id), ('languageid', language_id)]
    if fmt is not None:
        params.append(('fmt', fmt))
    return sign(token, '%s?%s' % (base, urlencode(params)), expires)
