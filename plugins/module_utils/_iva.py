# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the IVA client over the HTTP core.

Orders (``captionorder.ashx``) are paid and never deduplicated by the
service: an order is sent only by ``order()``, never retried by the core,
and callers read the OData catalog first. The catalog follows every
``__next`` page and accepts the OData wrappers ``{"d": {"results": [...]}}``,
``{"d": [...]}`` and ``{"value": [...]}`` (see docs/docsite/rst/wire_iva.rst,
Endpoints). The options are checked by the service description
(_iva_module.SERVICE).

A caption file is fetched from ``caption_url`` with the same signature:
IVA answers with a 302 to its CDN, followed by the HTTP core (``follow``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

from ansible.module_utils.six.moves.urllib.parse import urlencode

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._http import HttpClient
from ansible_collections.mediaops.video.plugins.module_utils._numbers import integer, integer_or_same
from ansible_collections.mediaops.video.plugins.module_utils._time import utc_text
from ansible_collections.mediaops.video.plugins.module_utils import _iva_signer as signer

DEFAULT_ORDER_URL = 'https://video.internetvideoarchive.net/captionorder.ashx'
DEFAULT_ODATA_URL = 'https://video.internetvideoarchive.net/odata'
DEFAULT_CAPTION_URL = 'https://video.internetvideoarchive.net/caption.ashx'
MAX_CAPTION_BYTES = 64 * 1024 * 1024
MAX_PAGES = 1000
# id: (code, English name)
LANGUAGES = {
    0: ('en', 'English'), 2: ('es', 'Spanish'), 3: ('fr', 'French'), 4: ('ru', 'Russian'), 7: ('ja', 'Japanese'),
    8: ('zh-Hant', 'Traditional Chinese'), 10: ('de', 'German'), 11: ('it', 'Italian'), 13: ('ko', 'Korean'),
    15: ('he', 'Hebrew'), 16: ('zh', 'Mandarin Chinese'), 17: ('pt', 'Portuguese'), 26: ('ar', 'Arabic'),
    36: ('hi', 'Hindi'), 64: ('tr', 'Turkish'),
}
# fmt: (name, file extension, what it is), from IVA's caption API page; the seed's example orders fmt=2
FORMATS = {
    0: ('srt', 'srt', 'SubRip'), 1: ('sbv', 'sbv', 'SubViewer (YouTube)'), 2: ('dfxp', 'dfxp', 'DFXP (TTML)'),
    3: ('qt', 'qt.txt', 'QuickTime text'), 6: ('tpm', 'tpm', 'TPM'), 7: ('vtt', 'vtt', 'WebVTT'), 8: ('echo', 'echo', 'Echo'),
}
_FORMAT_ALIASES = {'webvtt': 7, 'ttml': 2, 'subrip': 0, 'quicktime': 3}
_ALIASES = {'mandarin': 16, 'chinese': 16, 'zh-hans': 16, 'zh-cn': 16, 'zh-tw': 8, 'traditional chinese': 8}
_DATE = re.compile(r'^/Date\((-?[0-9]+)([+-][0-9]{4})?\)/$')


def language_id(value):
    """A language by id (``0``), code (``en``) or English name (``english``); ValidationError otherwise."""
    number = integer(value)
    if number in LANGUAGES:
        return number
    wanted = str(value).strip().lower()
    for number, (code, name) in LANGUAGES.items():
        if wanted in (code.lower(), name.lower()):
            return number
    if wanted in _ALIASES:
        return _ALIASES[wanted]
    raise ValidationError('IVA has no caption language %r; use one of: %s' % (value, ', '.join(
        '%s (%s, %d)' % (name, code, number) for number, (code, name) in sorted(LANGUAGES.items()))))


def caption_format(value):
    """A caption format by number (``7``) or name (``vtt``, ``webvtt``); ValidationError otherwise."""
    number = integer(value)
    if number in FORMATS:
        return number
    wanted = str(value).strip().lower()
    for number, (name, _extension, _title) in FORMATS.items():
        if wanted == name:
            return number
    if wanted in _FORMAT_ALIASES:
        return _FORMAT_ALIASES[wanted]
    raise ValidationError('IVA has no caption format %r; use one of: %s' % (value, ', '.join(
        '%s (%d)' % (name, number) for number, (name, _extension, _title) in sorted(FORMATS.items()))))


def odata_date(value):
    """``/Date(1795306912000)/`` as an ISO 8601 UTC time; other values unchanged."""
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        return value
    try:
        return utc_text(int(match.group(1)) / 1000.0)
    except OverflowError:  # outside the calendar: kept as sent
        return value


def typed_caption(row):
    """An OData caption row in snake case, typed, unknown fields kept."""
    caption = {}
    for name, value in row.items():
        if name == '__metadata':
            continue
        key = re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()
        caption[key] = odata_date(value)
    for key in ('caption_id', 'published_id', 'language_id'):
        if key in caption:
            caption[key] = integer_or_same(caption[key])
    language = LANGUAGES.get(caption.get('language_id'))
    caption['language'] = language[0] if language else None
    return caption


def _rows(body):
    data = body.get('d', body) if isinstance(body, dict) else body
    if isinstance(data, dict):
        return data.get('results', data.get('value', [])), data.get('__next') or body.get('odata.nextLink') or body.get('@odata.nextLink')
    if isinstance(data, list):
        return data, None
    raise ApiError('the IVA catalog answered something that is not an OData collection')


class IvaClient(object):
    """Orders and the OData catalog of one IVA customer."""

    def __init__(self, order_url=DEFAULT_ORDER_URL, odata_url=DEFAULT_ODATA_URL, customer_id=None, security_token=None,
                 developer_id=None, ttl=180, timeout=30, validate_certs=True, ca_path=None, warn=None, clock=time.time,
                 order_http=None, odata_http=None, caption_url=DEFAULT_CAPTION_URL, caption_http=None):
        self.order_url = order_url
        self.caption_url = caption_url
        self.odata_url = odata_url.rstrip('/')
        self.customer_id = customer_id
        self.security_token = security_token
        self.developer_id = developer_id
        self.ttl = ttl
        self.clock = clock
        options = dict(timeout=timeout, validate_certs=validate_certs, ca_path=ca_path, warn=warn, error_parser=_error_parser,
                       default_headers={'Accept': 'application/json'})
        self.order_http = order_http or HttpClient('', service='IVA', **options)
        self.odata_http = odata_http or HttpClient('', service='the IVA catalog', **options)
        options['default_headers'] = {'Accept': '*/*'}
        self.caption_http = caption_http or HttpClient('', service='IVA captions', **options)

    def captions(self, published_id, language=None):
        """Every caption of a published id (optionally one language) the developer id can see."""
        wanted = 'PublishedId eq %d' % int(published_id)
        if language is not None:
            wanted += ' and LanguageId eq %d' % int(language)
        query = urlencode([('$filter', wanted), ('$format', 'json'), ('developerid', self.developer_id)])
        url = '%s/Captions?%s' % (self.odata_url, query)
        captions = []
        for _page in range(MAX_PAGES):
            response = self.odata_http.request('GET', url)
            body = self.odata_http.json_of(response)
            rows, url = _rows(body)
            captions.extend(typed_caption(row) for row in rows)
            if not url:
                break
        else:
            raise ApiError('the IVA catalog kept answering __next after %d pages' % MAX_PAGES)
        wanted = [c for c in captions if c.get('published_id') == int(published_id)]
        if language is not None:
            wanted = [c for c in wanted if c.get('language_id') == int(language)]
        return sorted(wanted, key=lambda c: c.get('caption_id') or 0)

    def order(self, published_id, language, fmt=None):
        """Place one paid caption order; never retried here (see the module)."""
        url = signer.signed_url(self.order_url, self.customer_id, int(published_id), int(language),
                                int(self.clock()) + self.ttl, self.security_token, fmt)
        response = self.order_http.request('GET', url, safe=False)
        body = self.order_http.json_of(response, may_have_applied=True)
        caption = typed_caption(body) if isinstance(body, dict) else {}
        if 'caption_id' not in caption:
            raise ApiError('the IVA order answered without a CaptionId', status=response.status_code,
                           method='GET', url=self.order_url, may_have_applied=True)
        return caption

    def caption_file(self, published_id, language, fmt, fileobj):
        """Write the caption file (the signed URL's redirect followed to the CDN) to ``fileobj``; ``(size, SHA-1)``."""
        url = signer.signed_url(self.caption_url, self.customer_id, int(published_id), int(language),
                                int(self.clock()) + self.ttl, self.security_token, int(fmt))
        response = self.caption_http.follow(url, stream=True)
        return self.caption_http.save(response, fileobj, MAX_CAPTION_BYTES)


def _error_parser(response):
    try:
        body = response.json()
    except ValueError:
        text = (response.text or '').strip()
        return None, text[:200] or None
    if isinstance(body, dict):
        return body.get('code') or body.get('Code'), body.get('message') or body.get('Message') or body.get('error')
    return None, None


def ttl_problem(ttl):
    """What is wrong with an order URL's lifetime (None when nothing is)."""
    return None if 0 < ttl <= signer.MAX_TTL else 'ttl must be between 1 and %d seconds' % signer.MAX_TTL
