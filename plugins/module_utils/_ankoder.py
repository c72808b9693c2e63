# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the Ankoder client over the HTTP core.

Three ways to authenticate (see docs/docsite/rst/wire_ankoder.rst, Signing):
basic (sent preemptively), signature (fresh headers on every attempt, one
retry with a fresh date on a replayed signature or a clock-skew 401, see
"Dates, clocks and replays" there), session (one login per client, cookie
reused). Answers come back as typed values (see _ankoder_xml). The options
are checked by the service description (_ankoder_module.SERVICE) before a
client is made.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import os
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlsplit

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, AuthError, MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._http import REDIRECT_STATUSES, HttpClient
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_signer as signer
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_xml as xml

DEFAULT_API_URL = 'http://api.ankoder.com'
AUTH_METHODS = ('basic', 'signature', 'session')
# What each auth method needs.
AUTH_NEEDS = {'basic': ('username', 'password'), 'session': ('username', 'password'), 'signature': ('access_key', 'private_key')}
SESSION_COOKIE = '_ankoderapi_session'
# What each auth method sends, for the warning on plain HTTP.
CREDENTIALS = {'basic': 'the Ankoder password (basic auth)', 'session': 'the Ankoder password (session login)',
               'signature': 'the Ankoder access key'}


def error_parser(response):
    messages = xml.error_messages(response.content or b'')
    return None, '; '.join(messages) if messages else None


class AnkoderClient(object):
    """Calls to Ankoder; every answer is a typed dict or list."""

    def __init__(self, api_url=DEFAULT_API_URL, auth_method='basic', username=None, password=None,
                 access_key=None, private_key=None, timeout=30, validate_certs=True, ca_path=None,
                 warn=None, http=None, dates=None, clock=time.time):
        self.auth_method = auth_method
        self.username = username
        self.password = password
        self.access_key = access_key
        self.private_key = private_key
        self.http = http or HttpClient(api_url, timeout=timeout, validate_certs=validate_certs, ca_path=ca_path,
                                       error_parser=error_parser, warn=warn, service='Ankoder', clock=clock,
                                       default_headers={'Accept': 'text/xml'}, credentials=CREDENTIALS[auth_method])
        self.dates = dates or signer.DateSource(clock=self.http.now)
        self._logged_in = False
        self._login_lock = threading.Lock()
        if auth_method == 'basic':
            token = base64.b64encode(('%s:%s' % (username, password)).encode('utf-8')).decode('ascii')
            self.http.session.headers['Authorization'] = 'Basic ' + token

    # -- transport -----------------------------------------------------------------

    def _sign(self, prepared):
        date = self.dates.next(prepared.method, prepared.path_url)
        prepared.headers.update(signer.signature_headers(
            self.access_key, self.private_key, date, prepared.method, prepared.path_url))

    def _login(self):
        response = self.http.request('POST', '/auth/login', data={'login': self.username, 'password': self.password},
                                     safe=True, expect=(401,))
        if response.status_code == 401 or not self.http.session.cookies.get(SESSION_COOKIE):
            self.http.session.cookies.clear()
            raise AuthError('Ankoder refused the login of user %s' % self.username, status=response.status_code)
        self._logged_in = True

    def call(self, method, path, **kwargs):
        """One authenticated call; the raw response."""
        if self.auth_method == 'session' and not self._logged_in:
            with self._login_lock:  # a bulk task's concurrent calls log in once
                if not self._logged_in:
                    self._login()
        if self.auth_method != 'signature':
            return self.http.request(method, path, **kwargs)
        try:
            return self.http.request(method, path, prepare=self._sign, **kwargs)
        except AuthError as exc:
            if not self._may_resign(exc):
                raise
        return self.http.request(method, path, prepare=self._sign, **kwargs)

    def _may_resign(self, exc):
        """After a 401: is one retry with a fresh (or corrected) date worth it?"""
        if exc.status != 401:
            return False
        if exc.vendor_message and 'replayed' in exc.vendor_message.lower():
            return True
        return self.http.adopt_service_clock()

    def _xml(self, method, path, expected=None, **kwargs):
        """(root tag, typed value) of a call; a write whose answer is unreadable may have been carried out."""
        return self._typed(method, path, self.call(method, path, **kwargs), expected, kwargs.get('safe') is False)

    def _typed(self, method, path, response, expected=None, written=False):
        """(root tag, typed value) of a response."""
        try:
            root, value = xml.document(response.content)
        except xml.XmlError as exc:
            raise xml.XmlError('%s %s: %s' % (method, path, exc.message), status=response.status_code,
                               method=method, url=path, may_have_applied=written)
        if expected is not None and root != expected:
            raise ApiError('%s %s answered <%s>, expected <%s>' % (method, path, root, expected),
                           status=response.status_code, method=method, url=path, may_have_applied=written)
        return root, value

    def _expect(self, tag, method, path, **kwargs):
        return self._xml(method, path, expected=tag, **kwargs)[1]

    # -- resources -----------------------------------------------------------------

    def list_profiles(self):
        root, value = self._xml('GET', '/profile')
        if root == 'profile':  # a single profile not wrapped in <profiles>
            return [value]
        if root != 'profiles':
            raise ApiError('GET /profile answered <%s>, expected <profiles>' % root)
        return value

    def get_profile(self, profile_id):
        return self._expect('profile', 'GET', '/profile/%s' % _segment(profile_id))

    def find_profile(self, name_or_id):
        """A profile by id (all digits) or by exact name; ValidationError when none or several."""
        wanted = str(name_or_id).strip()
        profiles = self.list_profiles()
        if wanted.isdigit():
            found = [p for p in profiles if str(p.get('id')) == wanted]
        else:
            found = [p for p in profiles if p.get('name') == wanted]
        if len(found) == 1:
            return found[0]
        names = ', '.join(sorted('%s (%s)' % (p.get('name'), p.get('id')) for p in profiles))
        if not found:
            raise ValidationError('Ankoder has no profile %r; the profiles are: %s' % (wanted, names))
        raise ValidationError('Ankoder has %d profiles named %r; give the id instead: %s' % (len(found), wanted, names))

    def get_video(self, video_id):
        """The video; ``failed`` with the reason when an error element names one (see _ankoder_xml.normal_video)."""
        return xml.normal_video(self._expect('video', 'GET', '/video/%s' % _segment(video_id)))

    def import_video(self, form):
        """POST /download: a paid import, never retried once sent."""
        return self._expect('video', 'POST', '/download', data=form, safe=False)

    def upload_video(self, path, fields=None):
        """POST /files/upload of a local file, streamed, never retried once sent.

        ``fields``: the other form fields (``custom_*``, ``success_redirect``, ``failed_redirect``). A redirect
        answer is read, never followed: its last query parameter is Ankoder's (see ``uploaded_at``)."""
        if not self.access_key:
            raise ValidationError('uploading a local file needs access_key (Ankoder authenticates uploads with it)')
        form = dict(fields or {})
        form['access_key'] = self.access_key
        with open(path, 'rb') as handle:
            body = MultipartBody(form, 'file', os.path.basename(path), handle)
            response = self.call('POST', '/files/upload', data=body, safe=False, allow_redirects=False,
                                 headers={'Content-Type': body.content_type})
        if response.status_code in REDIRECT_STATUSES:
            return self.uploaded_at(response.headers.get('Location'), response.status_code)
        return self._typed('POST', '/files/upload', response, 'video', written=True)[1]

    def uploaded_at(self, location, status=302):
        """The video of an upload answered with a redirect to ``success_redirect`` (``video_id=N`` appended), read
        once (just ``{'id': N}`` when that read fails: the upload is done); ApiError with the reason for a redirect to
        ``failed_redirect`` (``error=...`` appended)."""
        pairs = parse_qsl(urlsplit(location or '').query, keep_blank_values=True)
        name, value = pairs[-1] if pairs else (None, None)
        if name == 'error':
            raise ApiError('Ankoder refused the upload: %s' % (value or 'no reason given'), status=status,
                           method='POST', url='/files/upload', vendor_message=value)
        if name != 'video_id' or not value.isdigit():
            raise ApiError('Ankoder answered the upload with HTTP %d, a redirect that names no video_id nor error: '
                           'the upload may have been carried out' % status, status=status, method='POST',
                           url='/files/upload', may_have_applied=True)
        try:
            return self.get_video(value)
        except MediaopsError:
            return {'id': int(value)}

    def create_job(self, form):
        """POST /job: a paid conversion, never retried once sent."""
        return self._expect('job', 'POST', '/job', data=form, safe=False)

    def get_job(self, job_id):
        return self._expect('job', 'GET', '/job/%s' % _segment(job_id))

    def close(self):
        self.http.close()


def _segment(value):
    text = str(value)
    if not text or '/' in text or '?' in text or '#' in text:
        raise ValidationError('%r is not a valid Ankoder id' % (value,))
    return text


class MultipartBody(object):
    """multipart/form-data streamed from disk, with a known length.

    requests sends a file-like body with ``len`` as Content-Length and reads
    it in blocks, so a large video is never held in memory.
    """

    def __init__(self, fields, file_field, filename, handle):
        boundary = uuid.uuid4().hex
        self.content_type = 'multipart/form-data; boundary=%s' % boundary
        head = b''
        for name, value in fields.items():
            head += ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (
                boundary, name, value)).encode('utf-8')
        head += ('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                 'Content-Type: application/octet-stream\r\n\r\n' % (
                     boundary, file_field, filename.replace('"', '_'))).encode('utf-8')
        self._parts = [head, handle, ('\r\n--%s--\r\n' % boundary).encode('utf-8')]
        handle.seek(0, os.SEEK_END)
        self.len = len(head) + handle.tell() + len(self._parts[2])
        self.seek(0)

    def __len__(self):
        return self.len

    def seek(self, offset, whence=os.SEEK_SET):
        if offset != 0 or whence != os.SEEK_SET:
            raise ValueError('MultipartBody can only be rewound')
        self._index = 0
        self._offset = 0
        self._parts[1].seek(0)

    def read(self, size=-1):
        out = b''
        while self._index < len(self._parts) and (size < 0 or len(out) < size):
            part = self._parts[self._index]
            want = -1 if size < 0 else size - len(out)
            if isinstance(part, bytes):
                chunk = part[self._offset:] if want < 0 else part[self._offset:self._offset + want]
                self._offset += len(chunk)
                if self._offset >= len(part):
                    self._index, self._offset = self._index + 1, 0
            else:
                chunk = part.read(want)
                if not chunk or want < 0:
                    self._index, self._offset = self._index + 1, 0
            out += chunk
        return out
