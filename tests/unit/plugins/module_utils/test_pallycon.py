# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""PallyCon listings against a real local server that pages badly: a cap, and a stop on a repeated page."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import calendar
import email.utils
import json
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _pallycon
from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import PallyConClient
from ansible_collections.mediaops.video.tests.unit.plugins.module_utils.local_server import LocalServer

SITE_ID = 'DEMO'
# Beyond this many requests the server answers an empty page, so that a client without a limit ends (and fails
# the test) instead of paging forever.
GIVE_UP = 60


class Pager(object):
    """Answers every GET with ``page(n)`` (n counts the requests from 1): a list of rows, total_count 10**6."""

    def __init__(self, page):
        self.page = page
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def do_GET(self):  # pylint: disable=invalid-name
                owner.requests += 1
                rows = owner.page(owner.requests) if owner.requests <= GIVE_UP else []
                body = json.dumps({'error_code': '0000', 'total_count': 10 ** 6, 'data': rows}).encode('utf-8')
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = LocalServer(Handler)
        self.url = self.server.url

    def close(self):
        self.server.close()


@pytest.fixture
def pager():
    servers = []

    def start(page):
        servers.append(Pager(page))
        return servers[-1], PallyConClient(api_url=servers[-1].url, site_id=SITE_ID, site_key='k' * 32,
                                           access_key='access', timeout=5)
    yield start
    for server in servers:
        server.close()


def _jobs(first, count):
    return [{'job_id': str(n), 'content_id': 'c%d' % n, 'status': 'WM030'} for n in range(first, first + count)]


def test_a_service_that_ignores_page_index_is_stopped(pager):
    server, client = pager(lambda n: _jobs(1, 2))
    with pytest.raises(ApiError) as info:
        client.list_jobs(page_unit=2)
    assert server.requests == 2
    assert 'page 2 with the rows of page 1' in info.value.message and 'ignores page_index' in info.value.message


def test_pages_are_capped(pager, monkeypatch):
    monkeypatch.setattr(_pallycon, 'MAX_PAGES', 5)
    server, client = pager(lambda n: _jobs(2 * n, 2))
    with pytest.raises(ApiError) as info:
        client.list_jobs(page_unit=2)
    assert server.requests == 5
    assert info.value.message == ('GET /api/v2/pack/DEMO still had rows after 5 pages of 2 (total_count 1000000): '
                                  'not read further')


def test_distinct_pages_are_followed_to_the_end(pager):
    server, client = pager(lambda n: _jobs(2 * n, 2) if n < 4 else _jobs(100, 1))
    assert sorted(job['job_id'] for job in client.list_jobs(page_unit=2)) == [2, 3, 4, 5, 6, 7, 100]
    assert server.requests == 4


class Skewed(object):
    """A PallyCon whose clock runs ``skew`` seconds ahead: it refuses (A1002) a timestamp more than 60 s off its own
    clock, and answers ``body`` (bytes) instead of JSON when given one."""

    def __init__(self, skew, body=None):
        self.stamps = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def date_time_string(self, timestamp=None):
                return email.utils.formatdate(time.time() + skew, usegmt=True)

            def do_GET(self):  # pylint: disable=invalid-name
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                stamp = json.loads(base64.b64decode(query['pallycon-apidata'][0]))['timestamp']
                owner.stamps.append(stamp)
                if body is not None:
                    answer = body
                elif abs(calendar.timegm(time.strptime(stamp, '%Y-%m-%dT%H:%M:%SZ')) - (time.time() + skew)) > 60:
                    answer = json.dumps({'error_code': 'A1002', 'error_message': 'timestamp out of range'}).encode('utf-8')
                else:
                    answer = json.dumps({'error_code': '0000', 'total_count': 0, 'data': []}).encode('utf-8')
                self.send_response(200)
                self.send_header('Content-Length', str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = LocalServer(Handler)
        self.client = PallyConClient(api_url=self.server.url, site_id=SITE_ID, site_key='k' * 32, access_key='access', timeout=5)


@pytest.fixture
def skewed():
    made = []

    def start(skew, body=None):
        made.append(Skewed(skew, body))
        return made[-1]
    yield start
    for server in made:
        server.server.close()


def test_a_refused_timestamp_is_sealed_again_once_with_the_services_clock(skewed):
    service = skewed(3600)
    assert service.client.list_jobs() == []
    assert len(service.stamps) == 2
    first, second = [calendar.timegm(time.strptime(stamp, '%Y-%m-%dT%H:%M:%SZ')) for stamp in service.stamps]
    assert 3590 <= second - first <= 3610
    assert service.client.list_jobs() == []  # the offset is kept: one request
    assert len(service.stamps) == 3


def test_a_refused_timestamp_with_agreeing_clocks_is_not_sent_again(skewed, monkeypatch):
    service = skewed(0)
    monkeypatch.setattr(service.client.http, 'now', lambda: time.time() - 3600)  # our stamps are off, the clocks agree
    with pytest.raises(ApiError) as info:
        service.client.list_jobs()
    assert info.value.code == 'A1002' and len(service.stamps) == 1


def test_an_answer_that_is_not_json_is_a_typed_error(skewed):
    service = skewed(0, body=b'<html>busy</html>')
    with pytest.raises(ApiError) as info:
        service.client.list_jobs()
    error = info.value
    assert error.status == 200 and error.method == 'GET' and error.url == service.server.url + '/api/v2/pack/DEMO'
    assert 'not JSON' in error.message and 'pallycon-apidata' not in error.message
    assert error.may_have_applied is False


def test_typed_track_numbers():
    track = _pallycon.typed_track({'job_id': '7', 'width': '1920.0', 'height': 'tall', 'bitrate': 2.5, 'duration': '12',
                                   'fps': 'NaN', 'status': 'WM030'})
    assert (track['job_id'], track['width'], track['height'], track['bitrate']) == (7, 1920, 'tall', 2.5)
    assert track['duration'] == 12.0 and track['duration'].__class__ is float
    assert track['fps'] == 'NaN'  # not a number: kept as sent (float() made it a NaN before)
