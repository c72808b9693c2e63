# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HttpClient.content_length: the size a HEAD announces, over real HTTP; None whenever it cannot be known."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
from http.server import BaseHTTPRequestHandler

import pytest

from ansible_collections.mediaops.video.plugins.module_utils._http import HttpClient
from ansible_collections.mediaops.video.tests.unit.plugins.module_utils.local_server import LocalServer

GIB = 1024 ** 3


class VideoHost(BaseHTTPRequestHandler):
    """``/size/N`` announces N bytes; ``/nolength``, ``/missing`` (404), ``/to/PATH`` redirects to PATH,
    ``/loop`` to itself, ``/hang`` answers late. Every request is recorded."""

    seen = []
    lock = threading.Lock()

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass

    def do_HEAD(self):  # pylint: disable=invalid-name
        with self.lock:
            self.seen.append((self.command, self.path, dict(self.headers)))
        path = self.path.split('?', 1)[0]
        if path.startswith('/size/'):
            self.send_response(200)
            self.send_header('Content-Length', path[len('/size/'):])
        elif path.startswith('/to/'):
            self.send_response(302)
            self.send_header('Location', '/' + path[len('/to/'):])
            self.send_header('Content-Length', '0')
        elif path == '/loop':
            self.send_response(307)
            self.send_header('Location', self.path)
            self.send_header('Content-Length', '0')
        elif path == '/nolength':
            self.send_response(200)
            self.send_header('Connection', 'close')
        elif path == '/hang':
            threading.Event().wait(2)
            self.send_response(200)
            self.send_header('Content-Length', '5')
        else:
            self.send_response(404)
            self.send_header('Content-Length', '0')
        self.end_headers()


@pytest.fixture
def host():
    VideoHost.seen = []
    server = LocalServer(VideoHost)
    try:
        yield server
    finally:
        server.close()


def client(timeout=5):
    return HttpClient('', timeout=timeout, service='iLiveData', default_headers={'X-Secret-Header': 'never-sent'})


def test_the_announced_length(host):
    assert client().content_length(host.url + '/size/%d?token=abc' % (2 * GIB)) == 2 * GIB
    assert client().content_length(host.url + '/size/0') == 0
    (method, path, headers), = VideoHost.seen[:1]
    assert method == 'HEAD' and path == '/size/%d?token=abc' % (2 * GIB)
    # nothing of the client's session goes to the video's host
    assert 'X-Secret-Header' not in headers and 'Authorization' not in headers
    assert headers['User-Agent'].startswith('mediaops.video/')


def test_redirects_are_followed_each_hop_a_head(host):
    assert client().content_length(host.url + '/to/to/size/1234') == 1234
    assert [(m, p) for m, p, _h in VideoHost.seen] == [('HEAD', '/to/to/size/1234'), ('HEAD', '/to/size/1234'), ('HEAD', '/size/1234')]


@pytest.mark.parametrize('path', ['/missing', '/nolength', '/loop', '/to/to/to/to/to/to/size/1'])
def test_unknown_sizes_are_none(host, path):
    assert client().content_length(host.url + path) is None


def test_no_error_when_nothing_answers():
    server = LocalServer(VideoHost)
    server.close()
    assert client().content_length(server.url + '/size/5') is None
    assert client().content_length('https://video.invalid/size/5') is None


def test_a_late_answer_is_none_after_the_clients_timeout(host):
    assert client(timeout=0.3).content_length(host.url + '/hang') is None
    assert len(VideoHost.seen) == 1
