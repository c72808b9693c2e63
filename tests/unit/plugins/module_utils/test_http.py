# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTTP core: backoff, Retry-After, and the per-call retry policy against a real local server."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _http
from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError, AuthError, NotFoundError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._http import Backoff, HttpClient, RetryPolicy, parse_retry_after

NOW = float(calendar.timegm((2015, 10, 21, 7, 28, 0, 0, 0, 0)))  # Wed, 21 Oct 2015 07:28:00 GMT


def _one(value):
    return lambda: value


# -- Backoff, Retry-After, RetryPolicy -------------------------------------------------

def test_backoff_bounds_with_injected_rand():
    low = Backoff(base=0.5, factor=2.0, cap=5.0, rand=_one(0.0))
    high = Backoff(base=0.5, factor=2.0, cap=5.0, rand=_one(1.0))
    # ceilings: 0.5, 1, 2, 4, then the cap 5 (0.5 * 2**4 = 8 > 5)
    assert [low.delay(n) for n in range(6)] == [0.25, 0.5, 1.0, 2.0, 2.5, 2.5]
    assert [high.delay(n) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
    assert high.delay(40) == 5.0
    assert Backoff(base=1.0, factor=3.0, cap=100.0, rand=_one(0.5)).delay(2) == 6.75  # 9 * (0.5 + 0.25)


def test_backoff_default_rand_stays_in_bounds():
    backoff = Backoff(base=1.0, factor=2.0, cap=20.0)
    for attempt in range(8):
        ceiling = min(20.0, 2.0 ** attempt)
        for dummy in range(50):
            assert ceiling / 2.0 <= backoff.delay(attempt) <= ceiling


@pytest.mark.parametrize('value, expected', [
    ('7', 7.0),
    (' 120 ', 120.0),
    ('0', 0.0),
    (7, 7.0),
    ('Wed, 21 Oct 2015 07:29:00 GMT', 60.0),
    ('Wed, 21 Oct 2015 07:27:30 GMT', -30.0),
    ('Wed, 21 Oct 2015 08:28:00 +0100', 0.0),
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=NOW) == expected


@pytest.mark.parametrize('value', [None, '', 'soon', '1.5', '-5', 'Wed, 99 Foo 2015', '7 seconds', '²', '٣'])
def test_parse_retry_after_garbage(value):
    assert parse_retry_after(value, now=NOW) is None


def test_wait_for():
    policy = RetryPolicy(retries=3, backoff=Backoff(base=1.0, factor=2.0, cap=10.0, rand=_one(1.0)), retry_after_cap=30.0)
    assert [policy.wait_for(n) for n in range(5)] == [1.0, 2.0, 4.0, 8.0, 10.0]
    assert policy.wait_for(3, '7') == 7.0  # Retry-After wins over the backoff (8)
    assert policy.wait_for(0, '7') == 7.0  # ... also when it is longer
    assert policy.wait_for(0, '120') == 30.0  # capped
    assert policy.wait_for(0, 'Wed, 21 Oct 2015 07:28:20 GMT', now=NOW) == 20.0
    assert policy.wait_for(0, 'Wed, 21 Oct 2015 08:28:00 GMT', now=NOW) == 30.0
    assert policy.wait_for(2, 'Wed, 21 Oct 2015 07:00:00 GMT', now=NOW) == 0.0  # in the past: no wait
    assert policy.wait_for(2, 'later') == 4.0  # garbage: the backoff


# -- a real local server with scripted answers ------------------------------------------

DROP = 'drop'


class ScriptedServer(object):
    """answers[path] is a list of (status, headers, body) or DROP; the last one repeats."""

    def __init__(self):
        self.answers = {}
        self.seen = []
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def _any(self):
                owner.handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = _any

        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.httpd.daemon_threads = True
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={'poll_interval': 0.02})
        self.thread.daemon = True
        self.thread.start()

    def script(self, path, *answers):
        self.answers[path] = list(answers)

    def requests_to(self, path):
        return [seen for seen in self.seen if seen['path'] == path]

    def handle(self, handler):
        length = int(handler.headers.get('Content-Length') or 0)
        body = handler.rfile.read(length) if length else b''
        path, dummy, query = handler.path.partition('?')
        with self.lock:
            self.seen.append({'method': handler.command, 'path': path, 'query': query, 'body': body,
                              'headers': dict(handler.headers.items())})
            queue = self.answers.get(path) or [(404, {}, b'<errors><error>no script</error></errors>')]
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if answer == DROP:
            handler.close_connection = True
            return
        if callable(answer):
            answer(handler)
            handler.close_connection = True
            return
        status, headers, content = answer
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header('Content-Length', str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)


@pytest.fixture
def server():
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


class Recorder(object):
    def __init__(self):
        self.sleeps = []
        self.warnings = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)

    def warn(self, message):
        self.warnings.append(message)


@pytest.fixture
def recorder():
    return Recorder()


def _client(url, recorder, retries=3, error_parser=None, timeout=5):
    policy = RetryPolicy(retries=retries, backoff=Backoff(base=0.5, factor=2.0, cap=20.0, rand=_one(1.0)),
                         retry_after_cap=30.0)
    return HttpClient(url, timeout=timeout, retry=policy, sleep=recorder.sleep, warn=recorder.warn, clock=_one(NOW),
                      error_parser=error_parser, service='Testsvc', default_headers={'Accept': 'text/xml'})


def _free_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


OK = (200, {'Content-Type': 'text/xml'}, b'<video><id>1</id></video>')
UNAVAILABLE = (503, {}, b'<errors><error>busy</error></errors>')
SLOW_DOWN = (429, {'Retry-After': '7'}, b'')


def test_get_retried_on_503_then_succeeds(server, recorder):
    server.script('/video/1', UNAVAILABLE, UNAVAILABLE, OK)
    client = _client(server.url, recorder)
    response = client.request('GET', '/video/1')
    assert response.status_code == 200 and response.content == OK[2]
    assert len(server.requests_to('/video/1')) == 3
    assert client.requests_sent == 3
    assert recorder.sleeps == [0.5, 1.0]
    assert len(recorder.warnings) == 2
    assert 'answered 503' in recorder.warnings[0] and 'retry 1 of 3' in recorder.warnings[0]
    assert 'retry 2 of 3' in recorder.warnings[1] and 'in 1.0 s' in recorder.warnings[1]
    headers = server.requests_to('/video/1')[0]['headers']
    assert headers['User-Agent'] == _http.USER_AGENT and headers['Accept'] == 'text/xml'


@pytest.mark.parametrize('status', [500, 502, 503, 504, 429])
def test_get_gives_up_after_retries(server, recorder, status):
    server.script('/video/1', (status, {}, b''))
    client = _client(server.url, recorder)
    with pytest.raises(ApiError) as info:
        client.request('GET', '/video/1')
    error = info.value
    assert error.__class__ is ApiError
    assert error.status == status and error.may_have_applied is False
    assert 'answered HTTP %d' % status in str(error)
    assert len(server.requests_to('/video/1')) == 4  # one try and three retries
    assert recorder.sleeps == [0.5, 1.0, 2.0]
    assert len(recorder.warnings) == 3


def test_retries_zero_means_one_attempt(server, recorder):
    server.script('/video/1', UNAVAILABLE, OK)
    with pytest.raises(ApiError):
        _client(server.url, recorder, retries=0).request('GET', '/video/1')
    assert len(server.requests_to('/video/1')) == 1 and recorder.sleeps == []


def test_retry_after_seconds(server, recorder):
    server.script('/video/1', SLOW_DOWN, OK)
    assert _client(server.url, recorder).request('GET', '/video/1').status_code == 200
    assert recorder.sleeps == [7.0]
    assert 'answered 429' in recorder.warnings[0] and 'in 7.0 s' in recorder.warnings[0]


def test_retry_after_http_date_and_cap(server, recorder):
    server.script('/video/1', (503, {'Retry-After': 'Wed, 21 Oct 2015 07:28:12 GMT'}, b''),
                  (429, {'Retry-After': '500'}, b''), OK)
    assert _client(server.url, recorder).request('GET', '/video/1').status_code == 200
    assert recorder.sleeps == [12.0, 30.0]


def test_get_retried_on_dropped_connection(server, recorder):
    server.script('/video/1', DROP, DROP, OK)
    assert _client(server.url, recorder).request('GET', '/video/1').status_code == 200
    assert len(server.requests_to('/video/1')) == 3
    assert recorder.sleeps == [0.5, 1.0]
    assert len(recorder.warnings) == 2 and 'failed' in recorder.warnings[0]


def test_get_dropped_every_time(server, recorder):
    server.script('/video/1', DROP)
    with pytest.raises(ApiError) as info:
        _client(server.url, recorder).request('GET', '/video/1')
    assert info.value.status is None and info.value.may_have_applied is False
    assert len(server.requests_to('/video/1')) == 4


def test_post_not_retried_on_503(server, recorder):
    server.script('/download', UNAVAILABLE, OK)
    with pytest.raises(ApiError) as info:
        _client(server.url, recorder).request('POST', '/download', data={'url': 'http://x/a.mp4'})
    error = info.value
    assert error.status == 503 and error.may_have_applied is True
    assert error.details()['may_have_applied'] is True
    assert 'may have been carried out' in str(error)
    assert len(server.requests_to('/download')) == 1
    assert recorder.sleeps == [] and recorder.warnings == []


def test_safe_post_is_retried(server, recorder):
    server.script('/auth/login', UNAVAILABLE, OK)
    assert _client(server.url, recorder).request('POST', '/auth/login', data={'a': '1'}, safe=True).status_code == 200
    assert len(server.requests_to('/auth/login')) == 2


def test_unsafe_get_not_retried(server, recorder):
    server.script('/charge', UNAVAILABLE, OK)
    with pytest.raises(ApiError) as info:
        _client(server.url, recorder).request('GET', '/charge', safe=False)
    assert info.value.may_have_applied is True and len(server.requests_to('/charge')) == 1


def test_post_retried_on_429(server, recorder):
    server.script('/download', SLOW_DOWN, (429, {}, b''), OK)
    response = _client(server.url, recorder).request('POST', '/download', data={'url': 'http://x/a.mp4'})
    assert response.status_code == 200
    posts = server.requests_to('/download')
    assert len(posts) == 3 and all(post['body'] == b'url=http%3A%2F%2Fx%2Fa.mp4' for post in posts)
    assert recorder.sleeps == [7.0, 1.0]


def test_post_429_every_time(server, recorder):
    server.script('/download', (429, {}, b''))
    with pytest.raises(ApiError) as info:
        _client(server.url, recorder).request('POST', '/download', data={'url': 'u'})
    assert info.value.status == 429 and info.value.may_have_applied is False
    assert len(server.requests_to('/download')) == 4


def test_streamed_body_rewound_on_each_attempt(server, recorder):
    server.script('/files/upload', SLOW_DOWN, OK)
    body = io.BytesIO(b'0123456789' * 100)
    response = _client(server.url, recorder).request('POST', '/files/upload', data=body,
                                                     headers={'Content-Length': '1000'})
    assert response.status_code == 200
    assert [post['body'] for post in server.requests_to('/files/upload')] == [b'0123456789' * 100] * 2


def test_post_never_connected_is_retried(recorder):
    calls = []
    client = _client('http://127.0.0.1:%d' % _free_port(), recorder)
    with pytest.raises(ApiError) as info:
        client.request('POST', '/download', data={'url': 'u'}, params={'h': 'secret'}, prepare=calls.append)
    error = info.value
    assert error.may_have_applied is False and error.status is None
    assert len(calls) == 4 and client.requests_sent == 4
    assert recorder.sleeps == [0.5, 1.0, 2.0]
    assert len(recorder.warnings) == 3
    assert 'secret' not in str(error) and 'secret' not in repr(error.details())
    assert not any('secret' in line for line in recorder.warnings)


def test_post_dropped_connection_may_have_applied(server, recorder):
    server.script('/download', DROP, OK)
    with pytest.raises(ApiError) as info:
        _client(server.url, recorder).request('POST', '/download', data={'url': 'u'})
    assert info.value.may_have_applied is True and info.value.status is None
    assert len(server.requests_to('/download')) == 1
    assert recorder.sleeps == []


def _slow(handler):
    time.sleep(1.0)
    try:
        handler.send_response(200)
        handler.send_header('Content-Length', '0')
        handler.end_headers()
    except (IOError, OSError):
        pass


def test_post_read_timeout_may_have_applied(server, recorder):
    server.script('/download', _slow)
    with pytest.raises(ApiError) as info:
        _client(server.url, recorder, timeout=0.2).request('POST', '/download', data={'url': 'u'})
    assert info.value.may_have_applied is True
    assert len(server.requests_to('/download')) == 1


def _cut_short(handler):
    handler.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n<video><id>')
    handler.wfile.flush()


def test_post_answer_cut_mid_body_may_have_applied(server, recorder):
    server.script('/download', _cut_short)
    with pytest.raises(ApiError) as info:
        _client(server.url, recorder).request('POST', '/download', data={'url': 'u'})
    assert len(server.requests_to('/download')) == 1
    assert info.value.may_have_applied is True


def test_get_answer_cut_mid_body_is_retried(server, recorder):
    server.script('/video/1', _cut_short, OK)
    response = _client(server.url, recorder).request('GET', '/video/1')
    assert response.status_code == 200
    assert len(server.requests_to('/video/1')) == 2


def test_expect_returns_the_response(server, recorder):
    server.script('/video/9', (404, {}, b'<errors><error>Not found</error></errors>'))
    response = _client(server.url, recorder).request('GET', '/video/9', expect=(404,))
    assert response.status_code == 404 and b'Not found' in response.content


def test_expected_retry_status_is_not_retried(server, recorder):
    server.script('/video/1', UNAVAILABLE, OK)
    response = _client(server.url, recorder).request('GET', '/video/1', expect=(503,))
    assert response.status_code == 503
    assert len(server.requests_to('/video/1')) == 1 and recorder.sleeps == []


@pytest.mark.parametrize('status, cls', [(401, AuthError), (403, AuthError), (404, NotFoundError), (422, ApiError)])
def test_typed_errors(server, recorder, status, cls):
    server.script('/video/1', (status, {}, b'<errors><error>vendor text</error></errors>'))
    client = _client(server.url, recorder, error_parser=lambda response: ('E%d' % response.status_code, 'vendor text'))
    with pytest.raises(ApiError) as info:
        client.request('POST', '/video/1', data={'a': 'b'})
    error = info.value
    assert error.__class__ is cls
    assert error.status == status and error.code == 'E%d' % status and error.vendor_message == 'vendor text'
    assert error.method == 'POST' and error.url == server.url + '/video/1'
    assert error.may_have_applied is False
    assert str(error) == 'POST %s/video/1 answered HTTP %d: vendor text' % (server.url, status)
    assert len(server.requests_to('/video/1')) == 1


def test_broken_error_parser_does_not_hide_the_status(server, recorder):
    server.script('/video/1', (404, {}, b'garbage'))

    def broken(response):
        raise ValueError('cannot parse')

    with pytest.raises(NotFoundError) as info:
        _client(server.url, recorder, error_parser=broken).request('GET', '/video/1')
    assert info.value.status == 404 and info.value.vendor_message is None


def test_query_string_never_in_errors(server, recorder):
    server.script('/video/1', (404, {}, b''))
    server.script('/video/2', UNAVAILABLE)
    server.script('/video/3', DROP)
    client = _client(server.url, recorder)
    for path in ('/video/1', '/video/2', '/video/3'):
        with pytest.raises(ApiError) as info:
            client.request('GET', path, params={'h': 'secret', 'signature': 'secret2'})
        assert 'secret' not in str(info.value)
        assert 'secret' not in repr(info.value.details())
        assert info.value.url.endswith(path)
    assert server.requests_to('/video/1')[0]['query'] == 'h=secret&signature=secret2'
    assert recorder.warnings and not any('secret' in line for line in recorder.warnings)


def test_prepare_called_once_per_attempt(server, recorder):
    server.script('/video/1', UNAVAILABLE, DROP, OK)
    calls = []

    def prepare(prepared):
        calls.append(prepared.method)
        prepared.headers['X-Attempt'] = str(len(calls))

    assert _client(server.url, recorder).request('GET', '/video/1', prepare=prepare).status_code == 200
    assert calls == ['GET', 'GET', 'GET']
    assert [seen['headers']['X-Attempt'] for seen in server.requests_to('/video/1')] == ['1', '2', '3']


def test_warn_one_line_per_retry(server, recorder):
    server.script('/video/1', UNAVAILABLE, SLOW_DOWN, DROP, OK)
    assert _client(server.url, recorder).request('GET', '/video/1').status_code == 200
    assert len(recorder.warnings) == 3
    assert ['retry %d of 3' % n in line for n, line in enumerate(recorder.warnings, 1)] == [True] * 3
    assert all(line.startswith('GET /video/1 ') for line in recorder.warnings)
    assert recorder.sleeps == [0.5, 7.0, 2.0]


def test_base_url_trailing_slash(server, recorder):
    server.script('/prefix/video/1', OK)
    assert _client(server.url + '/prefix/', recorder).request('get', '/video/1').status_code == 200
    assert server.requests_to('/prefix/video/1')[0]['method'] == 'GET'


class PlainServer(object):
    """A plain TCP server that answers every connection in clear HTTP (no TLS); connections counted."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.received = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve)
        self.thread.daemon = True
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, dummy = self.sock.accept()
            except socket.timeout:
                continue
            self.accepted += 1
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(4096))
                    conn.sendall(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
                except (IOError, OSError):
                    pass

    def close(self):
        self.stopping.set()
        self.thread.join(10)
        self.sock.close()


def test_post_whose_tls_handshake_fails_is_retried_as_never_sent(recorder):
    plain = PlainServer()
    try:
        client = _client('https://127.0.0.1:%d' % plain.port, recorder)
        with pytest.raises(ApiError) as info:
            client.request('POST', '/download', data={'url': 'u'})
    finally:
        plain.close()
    error = info.value
    assert 'wrong version number' in str(error).lower()
    assert error.may_have_applied is False and 'may_have_applied' not in error.details()
    assert plain.accepted == 4  # one try and three retries: the write never reached the server
    assert all(hello[:1] == b'\x16' for hello in plain.received)  # each connection carried a TLS handshake only
    assert not any(b'/download' in hello for hello in plain.received)
    assert recorder.sleeps == [0.5, 1.0, 2.0] and len(recorder.warnings) == 3


# -- URL options: checked before any request, never echoed with their secrets ------------------------------

PASSWORD = 'pw-very-secret'
SIGNATURE = 'h-signature-secret'


@pytest.mark.parametrize('url, message', [
    ('http://bob:%s@api.example.com:99999/v1?h=%s' % (PASSWORD, SIGNATURE), 'invalid port'),
    ('http://bob:%s@api.example.com:port/v1' % PASSWORD, 'invalid port'),
    ('http://bob:%s@api.example.com:0/v1' % PASSWORD, 'invalid port'),
    ('bob:%s@api.example.com/v1?h=%s' % (PASSWORD, SIGNATURE), 'must start with http:// or https://'),
    ('api.example.com/v1', 'must start with http:// or https://'),
    ('ftp://bob:%s@api.example.com/v1' % PASSWORD, 'must start with http:// or https://'),
    ('http://bob:%s@/v1?h=%s' % (PASSWORD, SIGNATURE), 'has no host'),
    ('https://', 'has no host'),
    (' http://api.example.com', 'without spaces'),
    ('http://api.example.com/a b?h=%s' % SIGNATURE, 'without spaces'),
    ('', 'must be an http:// or https:// URL'),
    (None, 'must be an http:// or https:// URL'),
])
def test_check_url_refuses_with_the_option_name_and_no_secret(url, message):
    with pytest.raises(ValidationError) as info:
        _http.check_url(url, 'api_url')
    assert info.value.message.startswith('api_url ') and message in info.value.message
    assert PASSWORD not in info.value.message and SIGNATURE not in info.value.message


@pytest.mark.parametrize('url', ['http://api.example.com', 'https://bob:pw@api.example.com:8443/v1/?a=b',
                                 'http://127.0.0.1:1/', 'https://[::1]:443/odata', 'HTTPS://API.EXAMPLE.COM'])
def test_check_url_accepts(url):
    assert _http.check_url(url, 'api_url') == url


@pytest.mark.parametrize('text, shown', [
    ('http://bob:%s@h.example.com:1/x?h=%s' % (PASSWORD, SIGNATURE), 'http://h.example.com:1/x?...'),
    ("Invalid URL 'ftp://bob:p@ss:%s@h/x': bad" % PASSWORD, "Invalid URL 'ftp://h/x': bad"),
    ('see https://a.example.com/o?customerid=1&h=%s, then' % SIGNATURE, 'see https://a.example.com/o?... then'),
])
def test_redact(text, shown):
    assert _http.redact(text) == shown


def _clients_with(url):
    """(URL option, a call that checks every option of its service as client() does) for each service's URL options."""
    from ansible_collections.mediaops.video.plugins.module_utils._ankoder_module import SERVICE as ankoder
    from ansible_collections.mediaops.video.plugins.module_utils._iva_module import SERVICE as iva
    from ansible_collections.mediaops.video.plugins.module_utils._moderation_module import SERVICE as moderation
    from ansible_collections.mediaops.video.plugins.module_utils._pallycon_module import SERVICE as pallycon
    credentials = [
        (ankoder, dict(username='u', password='p')),
        (pallycon, dict(site_id='S', site_key='k' * 32, access_key='a')),
        (iva, dict(customer_id='1', security_token='t', developer_id='d')),
        (moderation, dict(app_id='a', secret_key='s')),
    ]
    checks = []
    for service, given in credentials:
        for option in service.options:
            if option.url:
                params = dict((o.name, o.default) for o in service.options)
                params.update(given)
                params[option.name] = url
                checks.append((option.name, lambda service=service, params=params: service.check(params)))
    return checks


def test_every_url_option_is_checked():
    assert [option for option, _check in _clients_with('http://h')] == [
        'api_url', 'api_url', 'order_url', 'odata_url', 'caption_url', 'submit_url', 'result_url']
    for _option, check in _clients_with('http://h'):
        check()


@pytest.mark.parametrize('url', ['http://bob:%s@127.0.0.1:99999/x?h=%s' % (PASSWORD, SIGNATURE),
                                 'bob:%s@127.0.0.1/x?h=%s' % (PASSWORD, SIGNATURE)])
def test_every_client_checks_its_url_options_first(url):
    for option, check in _clients_with(url):
        with pytest.raises(ValidationError) as info:
            check()
        assert info.value.message.startswith(option + ' ')
        assert PASSWORD not in info.value.message and SIGNATURE not in info.value.message


@pytest.mark.parametrize('url', [
    'http://bob:%s@127.0.0.1:99999/x?h=%s' % (PASSWORD, SIGNATURE),
    'http://bob:%s@127.0.0.1:port/x?h=%s' % (PASSWORD, SIGNATURE),
    'bob:%s@127.0.0.1/x?h=%s' % (PASSWORD, SIGNATURE),
    'gopher://bob:%s@127.0.0.1/x?h=%s' % (PASSWORD, SIGNATURE),
])
def test_a_url_that_cannot_be_sent_is_an_api_error_without_secrets(recorder, url):
    """A full URL given per call (IVA, moderation) that requests cannot prepare: a typed error, no raw exception."""
    client = _client('', recorder)
    with pytest.raises(ApiError) as info:
        client.request('GET', url)
    assert 'cannot be sent' in info.value.message
    for text in (str(info.value), repr(info.value.details())):
        assert PASSWORD not in text and SIGNATURE not in text


def test_userinfo_never_in_errors(recorder):
    """A URL with a password that is refused by the network: neither the message, the details nor a warning show it."""
    client = _client('http://bob:%s@127.0.0.1:%d' % (PASSWORD, _free_port()), recorder, retries=1)
    with pytest.raises(ApiError) as info:
        client.request('GET', '/video/1', params={'h': SIGNATURE})
    assert info.value.url == 'http://127.0.0.1:%d/video/1' % int(client.base_url.rsplit(':', 1)[1])
    for text in [str(info.value), repr(info.value.details())] + recorder.warnings:
        assert PASSWORD not in text and SIGNATURE not in text


# -- redirects: never to another host with the credentials ------------------------------------------------

@pytest.fixture
def other():
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


def _signer(prepared):
    prepared.headers.update({'ankoder_access_key': 'AK-secret', 'ankoder_passkey': 'PK-secret'})


@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
def test_redirect_to_another_host_is_refused(server, other, recorder, status):
    server.script('/video/1', (status, {'Location': other.url + '/steal?x=1'}, b''))
    other.script('/steal', OK)
    client = _client(server.url, recorder)
    client.session.headers['Authorization'] = 'Basic c2VjcmV0'
    client.session.cookies.set('_ankoderapi_session', 'cookie-secret')
    with pytest.raises(ApiError) as info:
        client.request('POST', '/video/1', data={'password': 'form-secret'}, prepare=_signer)
    assert other.seen == []  # nothing reached the other host: no header, no cookie, no body
    assert len(server.requests_to('/video/1')) == 1
    error = info.value
    assert error.status == status and error.may_have_applied is True
    assert 'redirect to %s' % other.url in error.message and 'not followed' in error.message
    assert 'x=1' not in error.message


def test_redirect_to_another_port_of_the_same_host_is_refused(server, other, recorder):
    server.script('/video/1', (302, {'Location': other.url.replace('127.0.0.1', 'localhost') + '/x'}, b''))
    with pytest.raises(ApiError):
        _client(server.url, recorder).request('GET', '/video/1', prepare=_signer)
    assert other.seen == []


def test_redirect_on_the_same_host_is_followed_signed(server, recorder):
    server.script('/old', (301, {'Location': '/new'}, b''))
    server.script('/new', OK)
    response = _client(server.url, recorder).request('GET', '/old', prepare=_signer)
    assert response.status_code == 200
    assert server.requests_to('/new')[0]['headers']['ankoder_access_key'] == 'AK-secret'


def test_signed_ankoder_call_not_sent_to_another_host(server, other, recorder):
    from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient
    server.script('/video/1', (302, {'Location': other.url + '/video/1'}, b''))
    other.script('/video/1', OK)
    client = AnkoderClient(api_url=server.url, auth_method='signature', access_key='AK-1', private_key='private',
                           timeout=5, warn=recorder.warn)
    with pytest.raises(ApiError) as info:
        client.get_video(1)
    assert other.seen == [] and 'not followed' in info.value.message
    assert server.requests_to('/video/1')[0]['headers']['ankoder_access_key'] == 'AK-1'


# -- credentials over plain HTTP: one warning -------------------------------------------------------------

VIDEO = (200, {'Content-Type': 'text/xml'}, b'<video><id>1</id></video>')


def _ankoder_via(server, recorder, api_url, **auth):
    """A real Ankoder client whose http:// calls go through ``server`` as a proxy, so any host name can be used."""
    from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient
    auth = auth or dict(username='u', password=PASSWORD)
    client = AnkoderClient(api_url=api_url, timeout=5, warn=recorder.warn, **auth)
    client.http.session.trust_env = False
    client.http.session.proxies = {'http': server.url}
    return client


@pytest.mark.parametrize('auth, what', [
    (dict(username='u', password=PASSWORD), 'the Ankoder password (basic auth)'),
    (dict(auth_method='signature', access_key='AK-1', private_key='private'), 'the Ankoder access key'),
])
def test_credentials_over_plain_http_warn_once(server, recorder, auth, what):
    server.script('http://api.ankoder.example.com/video/1', VIDEO)
    client = _ankoder_via(server, recorder, 'http://api.ankoder.example.com', **auth)
    client.get_video(1)
    client.get_video(1)
    assert len(server.requests_to('http://api.ankoder.example.com/video/1')) == 2  # the proxy saw both
    assert recorder.warnings == [
        '%s is sent to Ankoder over plain HTTP (http://api.ankoder.example.com), where anyone on the way can read '
        'it: use an https:// URL' % what]
    assert PASSWORD not in recorder.warnings[0]


def test_the_environments_proxy_is_honoured_and_read_once(server, recorder, monkeypatch):
    from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient
    monkeypatch.setenv('HTTP_PROXY', server.url)
    monkeypatch.setenv('NO_PROXY', 'localhost')
    server.script('http://api.ankoder.example.com/video/1', VIDEO)
    client = AnkoderClient(api_url='http://api.ankoder.example.com', timeout=5, warn=recorder.warn,
                           username='u', password=PASSWORD)
    lookups = []
    real = _http.requests.utils.get_environ_proxies
    monkeypatch.setattr(_http.requests.utils, 'get_environ_proxies', lambda url: lookups.append(url) or real(url))
    client.get_video(1)
    client.get_video(1)
    assert len(server.requests_to('http://api.ankoder.example.com/video/1')) == 2
    assert len(lookups) == 1


def test_default_ankoder_url_warns():
    from ansible_collections.mediaops.video.plugins.module_utils._ankoder import DEFAULT_API_URL
    assert _http.is_cleartext(DEFAULT_API_URL)


@pytest.mark.parametrize('url, cleartext', [
    ('http://api.example.com', True), ('http://10.0.0.5:8080/x', True), ('HTTP://api.example.com', True),
    ('https://api.example.com', False), ('http://127.0.0.1:8000', False), ('http://127.8.9.1', False),
    ('http://localhost:8000', False), ('http://[::1]:8000', False), ('http://sandbox.localhost', False),
])
def test_is_cleartext(url, cleartext):
    assert _http.is_cleartext(url) is cleartext


def test_no_warning_to_loopback(server, recorder):
    server.script('/video/1', VIDEO)
    from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient
    AnkoderClient(api_url=server.url, username='u', password=PASSWORD, warn=recorder.warn, timeout=5).get_video(1)
    assert recorder.warnings == []


# -- the helpers every client shares: JSON answers, the service's clock -----------------------------------------------

def test_json_of_a_json_answer(server, recorder):
    server.script('/x', (200, {'Content-Type': 'application/json'}, b'{"a": 1}'))
    client = _client(server.url, recorder)
    assert client.json_of(client.request('GET', '/x', params={'h': SIGNATURE})) == {'a': 1}


@pytest.mark.parametrize('written', [False, True])
def test_json_of_an_answer_that_is_not_json(server, recorder, written):
    server.script('/x', (200, {'Content-Type': 'text/html'}, b'<html>busy</html>'))
    client = _client(server.url, recorder)
    response = client.request('POST' if written else 'GET', '/x', params={'h': SIGNATURE}, safe=not written)
    with pytest.raises(ApiError) as info:
        client.json_of(response, may_have_applied=written)
    error = info.value
    assert (error.status, error.method, error.url, error.may_have_applied) == (
        200, 'POST' if written else 'GET', server.url + '/x', written)
    assert error.message.startswith('%s %s/x to Testsvc answered HTTP 200 with something that is not JSON' % (error.method, server.url))
    assert ('may have been carried out' in error.message) is written
    assert SIGNATURE not in error.message


@pytest.mark.parametrize('date, adopted, offset', [
    (None, False, 0.0),
    ('yesterday', False, 0.0),
    ('Wed, 21 Oct 2015 07:28:59 GMT', False, 0.0),  # 59 s: within the tolerance
    ('Wed, 21 Oct 2015 08:28:00 GMT', True, 3600.0),
    ('Wed, 21 Oct 2015 06:28:00 GMT', True, -3600.0),
    ('Wed, 21 Oct 2015 08:28:00 -0000', True, 3600.0),  # a zone unnamed: UTC
])
def test_adopt_service_clock(recorder, date, adopted, offset):
    client = _client('http://127.0.0.1:1', recorder)
    client.last_response_date = date
    assert client.adopt_service_clock() is adopted
    assert client.clock_offset == offset
    assert client.now() == NOW + offset
    assert client.adopt_service_clock() is False  # the same date again: nothing more to learn


def test_the_clock_offset_is_learnt_from_the_date_header(server, recorder):
    server.script('/x', OK)
    client = HttpClient(server.url, timeout=5, warn=recorder.warn, clock=lambda: time.time() - 7200)
    client.request('GET', '/x')
    assert client.adopt_service_clock() is True
    assert abs(client.now() - time.time()) < 5
