# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HttpClient.follow (redirects one checked hop at a time, to another host too) and save (a body streamed to a file)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import io
from http.server import BaseHTTPRequestHandler

import pytest

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError
from ansible_collections.mediaops.video.plugins.module_utils._http import HttpClient, RetryPolicy

from ansible_collections.mediaops.video.tests.unit.plugins.module_utils.local_server import LocalServer

BODY = ('WEBVTT\n\n00:00.000 --> 00:02.500\n\u00absous-titres\u00bb\n' * 50).encode('utf-8')
SECRET = 'h=0123456789abcdef0123456789abcdef'


class Handler(BaseHTTPRequestHandler):
    """Scripted redirects; ``/file`` is the body. ``{other}`` in a Location is the same server as ``localhost``."""

    routes = {
        '/signed': '{other}/file',
        '/relative': '/file',
        '/loop1': '/loop2',
        '/loop2': '/loop1',
        '/ftp': 'ftp://cdn.example/file',
        '/nowhere': None,
    }
    seen = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split('?', 1)[0]
        self.seen.append((self.headers.get('Host'), self.path))
        if path == '/file':
            self.send_response(200)
            self.send_header('Content-Length', str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
            return
        if path.startswith('/hop/'):
            target = '/hop/%d' % (int(path[5:]) + 1)
        elif path in self.routes:
            target = self.routes[path]
        else:
            self.send_response(404)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        self.send_response(302)
        if target is not None:
            self.send_header('Location', target.replace('{other}', 'http://localhost:%d' % self.server.server_address[1]))
        self.send_header('Content-Length', '0')
        self.end_headers()


@pytest.fixture
def server():
    Handler.seen = []
    served = LocalServer(Handler)
    yield served
    served.close()


def _client():
    return HttpClient('', service='the CDN test', retry=RetryPolicy(retries=0), default_headers={'X-Signed': 'first hop'})


def test_follows_a_redirect_to_another_host_and_streams_the_body(server):
    client = _client()
    response = client.follow(server.url + '/signed?' + SECRET, stream=True)
    target = io.BytesIO()
    assert client.save(response, target) == (len(BODY), hashlib.sha1(BODY).hexdigest())
    assert target.getvalue() == BODY
    assert [host.split(':')[0] for host, _path in Handler.seen] == ['127.0.0.1', 'localhost']
    assert Handler.seen[1][1] == '/file'  # the signed query stays on the first hop


def test_plain_requests_still_refuse_a_redirect_to_another_host(server):
    with pytest.raises(ApiError) as info:
        _client().request('GET', server.url + '/signed?' + SECRET)
    assert 'was not followed' in info.value.message


def test_a_relative_location_is_followed(server):
    response = _client().follow(server.url + '/relative')
    assert response.content == BODY


@pytest.mark.parametrize('path, problem', [
    ('/loop1', 'a redirect loop'),
    ('/ftp', 'not an http(s) URL'),
    ('/nowhere', 'not an http(s) URL'),
    ('/hop/0', 'more than 5 redirects'),
])
def test_bad_redirects_are_refused(server, path, problem):
    with pytest.raises(ApiError) as info:
        _client().follow(server.url + path + '?' + SECRET)
    assert problem in info.value.message
    assert SECRET not in info.value.message and info.value.status == 302
    assert len(Handler.seen) <= 6


def test_a_body_over_the_limit_is_refused(server):
    client = _client()
    with pytest.raises(ApiError) as info:
        client.save(client.follow(server.url + '/file', stream=True), io.BytesIO(), max_bytes=100)
    assert 'more than 100 bytes' in info.value.message


def test_an_error_status_at_the_end_is_the_typed_error(server):
    with pytest.raises(ApiError) as info:
        _client().follow(server.url + '/missing')
    assert info.value.status == 404
