# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the PallyCon client over the HTTP core.

Every request carries its API data in the ``pallycon-apidata`` query
parameter (see _pallycon_signer), re-sealed with a fresh timestamp on each
attempt. Answers are JSON with ``error_code`` "0000" on success; any other
code raises ApiError with the vendor's code and message. Lists follow every
page, up to MAX_PAGES, and stop with an error when a page repeats the one
before it (a service that ignores ``page_index``). Job statuses are normalised (``ready``, ``processing``, ``success``,
``failed``, ``stopped``; ``unknown`` for a code outside the documented table) with the vendor's code kept as
``status_code``. The list filters are checked before any request (see _pallycon_filters).
A timestamp refused (A1002) while the service's clock differs from ours is
sealed again once with the service's time (see
docs/docsite/rst/wire_pallycon.rst, The timestamp and the clock). The options
are checked by the service description (_pallycon_module.SERVICE).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError
from ansible_collections.mediaops.video.plugins.module_utils._http import HttpClient
from ansible_collections.mediaops.video.plugins.module_utils._numbers import decimal, integer, integer_or_same
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_filters as filters
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_signer as signer

DEFAULT_API_URL = 'https://api.pallycon.com'
SUCCESS = '0000'
SECRET_FIELDS = ('password',)
MAX_PAGE_UNIT = 1000
MAX_PAGES = 1000
SITE_KEY_BYTES = 32
STATUS_NAMES = {'WM000': 'ready', 'WM030': 'success', 'WM999': 'failed', 'WM100': 'stopped', 'WM200': 'stopped'}
# the documented codes of work in progress (docs/docsite/rst/wire_pallycon.rst, Progress codes)
IN_PROGRESS = frozenset(('WM010', 'WM020', 'WM021100', 'WM021200', 'WM022100', 'WM022200', 'WM023100', 'WM023200',
                         'WM024100', 'WM024200'))
TERMINAL = frozenset(('success', 'failed', 'stopped'))
UNKNOWN = 'unknown'


def status_name(code):
    """The normalised status of a vendor progress code; ``unknown`` for a code the vendor does not document."""
    if code in IN_PROGRESS:
        return 'processing'
    return STATUS_NAMES.get(code, UNKNOWN) if isinstance(code, str) else UNKNOWN


def unknown_code(obj):
    """The vendor's code of a job or track whose status is ``unknown`` (``(none)`` when it has none), else None."""
    if obj.get('status') != UNKNOWN or 'status_code' not in obj:
        return None
    code = obj.get('status_code')
    return str(code) if code not in (None, '') else '(none)'


def error_parser(response):
    try:
        body = response.json()
    except ValueError:
        return None, None
    if isinstance(body, dict):
        return body.get('error_code'), body.get('error_message')
    return None, None


class PallyConClient(object):
    """Calls to one PallyCon site."""

    def __init__(self, api_url=DEFAULT_API_URL, site_id=None, site_key=None, access_key=None, timeout=30,
                 validate_certs=True, ca_path=None, warn=None, http=None, clock=time.time):
        self.site_id = site_id
        self.site_key = site_key
        self.access_key = access_key
        self.http = http or HttpClient(api_url, timeout=timeout, validate_certs=validate_certs, ca_path=ca_path,
                                       error_parser=error_parser, warn=warn, service='PallyCon', clock=clock,
                                       default_headers={'Accept': 'application/json'})

    def _sealer(self, payload):
        plaintext = signer.api_data_json(payload)

        def seal(prepared):
            stamp = signer.timestamp(self.http.now())
            apidata = signer.envelope(self.site_id, self.site_key, self.access_key, plaintext, stamp)
            prepared.prepare_url(prepared.url, {'pallycon-apidata': apidata})
        return seal

    def call(self, method, path, payload, safe=None):
        """One sealed call; the decoded answer once its error_code is "0000"."""
        try:
            return self._call_once(method, path, payload, safe)
        except ApiError as exc:
            if exc.code != 'A1002' or not self.http.adopt_service_clock():
                raise
        return self._call_once(method, path, payload, safe)

    def _call_once(self, method, path, payload, safe):
        written = method != 'GET' if safe is None else not safe
        response = self.http.request(method, path, prepare=self._sealer(payload), safe=safe)
        body = self.http.json_of(response, may_have_applied=written)
        if not isinstance(body, dict) or 'error_code' not in body:
            raise ApiError('%s %s answered JSON without error_code' % (method, path), status=response.status_code,
                           method=method, url=path, may_have_applied=written)
        if body['error_code'] != SUCCESS:
            raise ApiError('%s %s failed at PallyCon: %s %s' % (method, path, body['error_code'], body.get('error_message') or ''),
                           status=response.status_code, code=body['error_code'], vendor_message=body.get('error_message'),
                           method=method, url=path)
        return body

    def _list(self, path, payload, page_unit):
        """Every row of a paged list: pages of ``page_unit`` until total_count is reached.

        ApiError after MAX_PAGES pages, or when a page repeats the one before it: the service then ignores
        ``page_index`` and would be paged forever.
        """
        page_unit = max(1, min(int(page_unit), MAX_PAGE_UNIT))
        rows = []
        previous = None
        for page in range(1, MAX_PAGES + 1):
            body = self.call('GET', path, dict(payload, page_unit=page_unit, page_index=page))
            data = body.get('data') or []
            if not isinstance(data, list):
                raise ApiError('GET %s page %d answered data that is not a list' % (path, page), method='GET', url=path)
            if page > 1 and data == previous:
                raise ApiError('GET %s answered page %d with the rows of page %d: PallyCon ignores page_index, so the '
                               'list cannot be read to its end' % (path, page, page - 1), method='GET', url=path)
            previous = data
            rows.extend(data)
            total = integer(body.get('total_count'), len(rows))
            if not data or len(rows) >= total or len(data) < page_unit:
                return rows
        raise ApiError('GET %s still had rows after %d pages of %d (total_count %s): not read further'
                       % (path, MAX_PAGES, page_unit, body.get('total_count')), method='GET', url=path)

    # -- storages ----------------------------------------------------------------

    def storage_path(self):
        return '/api/v2/storage/%s' % self.site_id

    def list_storages(self, region, name=None, storage_id=None, page_unit=100, **times):
        """Storages of a region, the AWS secret masked; ``name``/``storage_id`` filter exactly, ``times``
        (``registered_from``, ``registered_to``, ``time_zone``) by registration time (see _pallycon_filters)."""
        payload = filters.storage_filters(region, name=name, storage_id=None if storage_id is None else str(storage_id), **times)
        rows = self._list(self.storage_path(), payload, page_unit)
        rows = [mask_storage(row) for row in rows if row.get('region') == region]
        if name is not None:
            rows = [row for row in rows if row.get('storage_name') == name]
        if storage_id is not None:
            rows = [row for row in rows if str(row.get('storage_id')) == str(storage_id)]
        return rows

    def register_storage(self, fields):
        return self.call('POST', self.storage_path(), fields)['storage_id']

    def update_storage(self, fields):
        return self.call('PUT', self.storage_path(), fields, safe=True)['storage_id']

    # -- packaging jobs ----------------------------------------------------------

    def pack_path(self):
        return '/api/v2/pack/%s' % self.site_id

    def list_jobs(self, content_id=None, job_id=None, status=None, page_unit=MAX_PAGE_UNIT, job_name=None, protection=None,
                  streaming_format=None, **times):
        """Jobs, newest first, typed; ``content_id``/``job_id``/``job_name`` filter exactly, ``status`` takes the
        seed's words, ``protection`` (drm, watermark) and ``streaming_format`` (dash, hls) what a job applies and
        makes, ``times`` (``registered_from``, ``registered_to``, ``time_zone``) its registration time."""
        payload = filters.job_filters(content_id=content_id, job_id=job_id, job_name=job_name, status=status, protection=protection,
                                      streaming_format=streaming_format, **times)
        rows = [typed_job(row) for row in self._list(self.pack_path(), payload, page_unit)]
        exact = (('content_id', content_id), ('job_name', job_name), ('job_id', integer(job_id)), (protection, True),
                 (streaming_format, True))
        for key, value in exact:
            if key is not None and value is not None:
                rows = [row for row in rows if row.get(key) == value]
        return sorted(rows, key=lambda row: row.get('job_id') or 0, reverse=True)

    def register_job(self, spec):
        """POST a packaging job: a paid order, never retried once sent."""
        return integer(self.call('POST', self.pack_path(), spec)['job_id'])

    def list_tracks(self, job_id):
        body = self.call('GET', self.pack_path() + '/contents', {'job_id': str(job_id)})
        return [typed_track(row) for row in body.get('data') or []]

    def close(self):
        self.http.close()


def site_key_problem(site_key):
    """What is wrong with a site key (None when nothing is): it is the 32-byte AES key of the site."""
    size = len(site_key.encode('utf-8'))
    if size != SITE_KEY_BYTES:
        return 'site_key must be the %d-byte site key from the PallyCon console (it is %d bytes)' % (SITE_KEY_BYTES, size)
    return None


def site_id_problem(site_id):
    """What is wrong with a site id (None when nothing is): it is a path segment of every endpoint."""
    return '%r is not a PallyCon site id' % site_id if '/' in site_id or '?' in site_id else None


def _flag(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == 'true' if value is not None else None


def mask_storage(row):
    """A storage row with the AWS secret masked: the list returns it in the clear."""
    row = dict(row)
    for name in SECRET_FIELDS:
        if row.get(name):
            row[name] = '********'
    return row


def typed_job(row):
    """A job row with numbers as numbers, flags as booleans, and the normalised status."""
    job = dict(row)
    job['job_id'] = integer_or_same(row.get('job_id'))
    for name in ('watermark', 'drm', 'dash', 'hls'):
        if name in row:
            job[name] = _flag(row[name])
    job['status_code'] = row.get('status')
    job['status'] = status_name(row.get('status'))
    output = (job.get('storage') or {}).get('output') or {}
    if isinstance(output.get('path'), list) and len(output['path']) == 1:
        job['storage'] = dict(job['storage'], output=dict(output, path=output['path'][0]))
    return job


def typed_track(row):
    track = dict(row)
    for name in ('job_id', 'seq', 'content_size', 'width', 'height', 'bitrate'):
        if name in row:
            track[name] = integer_or_same(row[name])
    for name in ('duration', 'fps'):
        if name in row:
            track[name] = decimal(row[name], row[name])
    track['status_code'] = row.get('status')
    track['status'] = status_name(row.get('status'))
    return track
