# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The receiver under attack: hostile bodies on every route, slow and many clients, TLS, proxies, no ansible-core."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import time
import uuid

import ansible_collections
import pytest

from callbacks_testlib import (ANKODER_KEY, MODERATION_KEY, TOKEN, Receiver, ankoder_form, moderation_headers, start_receiver)

HERE = os.path.dirname(os.path.abspath(__file__))
# the directory holding the ansible_collections this test imports from (the checkout itself may be a symlink target)
COLLECTIONS_ROOT = os.path.dirname(list(ansible_collections.__path__)[0])
COLLECTION = os.path.join(COLLECTIONS_ROOT, 'ansible_collections', 'mediaops', 'video')

DEEP = b'[' * 5000 + b']' * 5000
DEEP_OBJECT = b'{"a":' * 5000 + b'1' + b'}' * 5000
HOSTILE_JSON = {
    'deep-list': b'{"job_id": 1, "x": ' + DEEP + b'}',
    'deep-object': DEEP_OBJECT,
    'deep-top': DEEP,
    'nested-65': b'{"x": ' + b'[' * 64 + b']' * 64 + b'}',
    'huge-number': b'{"job_id": 1e999, "error_code": 1e999, "code": 1e999, "taskId": "t", "data": {"videoListInfo": [{"videoSize": 1e999}]}}',
    'nan': b'{"job_id": NaN, "code": Infinity}',
    'not-utf8': b'{"job_id": "\xff\xfe"}',
    'wrong-types': b'{"code": {"a": 1}, "data": {"videoListInfo": {"a": []}}, "videoSpams": 7, "error_code": []}',
}


def post_authentic(rx, service, body):
    """``body`` sent authentically to ``service`` (for Ankoder, as the signed message; not UTF-8 bodies as Latin-1 text)."""
    if service == 'ankoder':
        return rx.post('/ankoder', ankoder_form(body.decode('utf-8', 'replace') + ' ' * (len(uuid.uuid4().hex) % 1)))
    if service == 'moderation':
        return rx.post('/moderation', body, moderation_headers(rx.host, '/moderation', body))
    return rx.post('/%s?token=%s' % (service, TOKEN), body)


@pytest.fixture(scope='module')
def big():
    """Every route with a body limit large enough for deep nesting."""
    server = start_receiver(ankoder_private_key=ANKODER_KEY, moderation_secret_key=MODERATION_KEY, token=TOKEN, max_body_bytes=1 << 20)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize('name', sorted(HOSTILE_JSON))
@pytest.mark.parametrize('service', ['ankoder', 'moderation', 'pallycon', 'ovp'])
def test_hostile_authentic_bodies_are_4xx_never_5xx(big, service, name):
    """Deep nesting and numbers out of range are 400 everywhere; odd types and bytes are queued or 4xx, never 5xx."""
    body = HOSTILE_JSON[name]
    status, text = post_authentic(big, service, body)
    events = big.events()
    if name in ('not-utf8', 'wrong-types'):
        assert status == 200 or (status != 'closed' and 400 <= status < 500), (status, text)
        assert (len(events) == 1) if status == 200 else (events == [])
    else:
        assert status == 400, (status, text)
        assert events == []


@pytest.mark.parametrize('service', ['pallycon', 'ovp', 'moderation'])
def test_nesting_within_the_limit_is_accepted(big, service):
    body = json.dumps({'job_id': uuid.uuid4().hex, 'code': 0, 'taskId': uuid.uuid4().hex,
                       'x': json.loads('[' * 60 + ']' * 60)}).encode('utf-8')
    if service == 'ovp':
        body = json.dumps({'code': 200, 'x': json.loads('[' * 60 + ']' * 60),
                           'data': {'videoListInfo': [{'videoId': uuid.uuid4().hex}]}}).encode('utf-8')
    status, text = post_authentic(big, service, body)
    assert status == 200, text
    assert len(big.events()) == 1


# ---------------------------------------------------------------------------------------------------- slow and many clients

def test_slow_headers_are_cut_at_header_timeout():
    rx = start_receiver(token=TOKEN, header_timeout=1, idle_timeout=30)
    try:
        sock = socket.create_connection(('127.0.0.1', rx.port), timeout=10)
        started = time.monotonic()
        sock.sendall(b'POST /pallycon?token=' + TOKEN.encode() + b' HTTP/1.1\r\nHost: x\r\n')
        closed = False
        for dummy in range(8):
            try:
                sock.sendall(b'X-Slow: 1\r\n')
                if sock.recv(1024, socket.MSG_DONTWAIT) == b'':
                    closed = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = True
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        sock.close()
        assert closed and elapsed < 3, elapsed
    finally:
        rx.stop()


def test_idle_keep_alive_connection_is_closed_at_idle_timeout():
    rx = start_receiver(token=TOKEN, idle_timeout=1)
    try:
        connection = http.client.HTTPConnection('127.0.0.1', rx.port, timeout=10)
        connection.request('POST', '/pallycon?token=' + TOKEN, json.dumps({'job_id': uuid.uuid4().hex}))
        response = connection.getresponse()
        assert response.status == 200 and not response.will_close
        response.read()
        started = time.monotonic()
        assert connection.sock.recv(1) == b''  # the server closes the idle connection
        assert time.monotonic() - started < 3
        connection.close()
    finally:
        rx.stop()


def test_connections_over_max_connections_get_503():
    rx = start_receiver(token=TOKEN, max_connections=2)
    try:
        time.sleep(0.3)  # the start-up probe's connection is gone
        held = []
        for dummy in range(2):
            held.append(socket.create_connection(('127.0.0.1', rx.port), timeout=5))
            time.sleep(0.1)
        extra = socket.create_connection(('127.0.0.1', rx.port), timeout=5)
        answer = extra.recv(1024)
        assert answer.startswith(b'HTTP/1.1 503'), answer
        extra.close()
        for sock in held:
            sock.close()
        time.sleep(0.2)
        status, text = rx.post('/pallycon?token=' + TOKEN, json.dumps({'job_id': uuid.uuid4().hex}).encode())
        assert status == 200, text
    finally:
        rx.stop()


# ---------------------------------------------------------------------------------------------------- TLS and proxies

@pytest.fixture(scope='module')
def tls_files(tmp_path_factory):
    where = tmp_path_factory.mktemp('tls')
    cert, key = str(where / 'cert.pem'), str(where / 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
                    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], check=True, capture_output=True)
    return cert, key


def test_tls_with_certfile_and_keyfile(tls_files):
    cert, key = tls_files
    rx = start_receiver(token=TOKEN, certfile=cert, keyfile=key)
    try:
        context = ssl.create_default_context(cafile=cert)
        connection = http.client.HTTPSConnection('127.0.0.1', rx.port, context=context, timeout=10)
        document = {'job_id': uuid.uuid4().hex, 'error_code': '0000'}
        connection.request('POST', '/pallycon?token=' + TOKEN, json.dumps(document), {'Content-Type': 'application/json'})
        response = connection.getresponse()
        assert response.status == 200, response.read()
        connection.close()
        assert [event['payload'] for event in rx.events()] == [document]
        status, dummy = rx.post('/pallycon?token=' + TOKEN, json.dumps(document).encode())  # plain HTTP is not served
        assert status == 'closed' or status == 400
        assert rx.events() == []
    finally:
        rx.stop()


def test_unreadable_certfile_stops_the_source_before_listening(tmp_path):
    with pytest.raises(ValueError) as caught:
        Receiver(token=TOKEN, certfile=str(tmp_path / 'missing.pem')).start()
    assert 'certfile' in str(caught.value)


@pytest.fixture(scope='module')
def proxied():
    """Only 203.0.113.0/24 may call; 127.0.0.1 (the tests) is a trusted proxy."""
    server = start_receiver(token=TOKEN, allowed_sources=['203.0.113.0/24'], trusted_proxies=['127.0.0.1', '10.0.0.0/8'])
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize('forwarded, status', [
    ('203.0.113.9', 200),
    ('198.51.100.1, 203.0.113.9', 200),        # the rightmost untrusted hop is the client; what it was told is not
    ('203.0.113.9, 10.1.2.3', 200),            # a second trusted proxy is skipped
    ('203.0.113.9, 198.51.100.1', 403),
    ('198.51.100.1', 403),
    ('not-an-address', 403),
    (None, 403),                                # the proxy itself is not an allowed source
])
def test_trusted_proxy_forwarded_for_is_honoured(proxied, forwarded, status):
    headers = {'X-Forwarded-For': forwarded} if forwarded else {}
    got, text = proxied.post('/pallycon?token=' + TOKEN, json.dumps({'job_id': uuid.uuid4().hex}).encode(), headers)
    assert got == status, text
    assert len(proxied.events()) == (1 if status == 200 else 0)


def test_forwarded_for_from_an_untrusted_peer_is_ignored(walled):
    """walled allows 10.0.0.0/8 and trusts no proxy: a client claiming 10.1.2.3 is still refused."""
    got, text = walled.post('/pallycon?token=' + TOKEN, json.dumps({'job_id': uuid.uuid4().hex}).encode(), {'X-Forwarded-For': '10.1.2.3'})
    assert got == 403, text
    assert walled.events() == []


# ---------------------------------------------------------------------------------------------------- without ansible-core

BLOCKER = r'''
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(','))

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in BLOCKED:
            raise ImportError('blocked for this test: ' + name)
        return None

sys.meta_path.insert(0, Block())
sys.argv[1:] = sys.argv[2:]
'''


def run_blocked(blocked, code, *args):
    """Run ``code`` in a fresh interpreter whose imports of ``blocked`` top-level packages fail."""
    # ansible-test names its own pytest plugins in PYTEST_PLUGINS; they need ansible-core, which this run has not.
    env = dict((name, value) for name, value in os.environ.items() if name not in ('PYTEST_PLUGINS', 'PYTEST_ADDOPTS'))
    env.update(PYTHONPATH=COLLECTIONS_ROOT, PYTEST_DISABLE_PLUGIN_AUTOLOAD='1')
    return subprocess.run([sys.executable, '-c', BLOCKER + code, ','.join(blocked)] + list(args), env=env, capture_output=True, text=True, check=False,
                          cwd=COLLECTION, timeout=600)


def test_the_source_imports_without_ansible_core():
    """ansible-rulebook does not install ansible-core: the source and all it imports must do without (any ``ansible`` import fails)."""
    result = run_blocked(['ansible'], '''
from ansible_collections.mediaops.video.extensions.eda.plugins.event_source import callbacks
assert not [name for name in sys.modules if name == 'ansible' or name.startswith('ansible.')]
print('imported', callbacks.__name__)
''')
    assert result.returncode == 0, result.stderr
    assert 'imported' in result.stdout


def test_the_checks_import_without_ansible_core_or_aiohttp():
    result = run_blocked(['ansible', 'aiohttp'], 'from ansible_collections.mediaops.video.plugins.module_utils import _callback_checks\n')
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(os.environ.get('MEDIAOPS_NO_ANSIBLE_RUN') == '1', reason='already inside the run without ansible-core')
def test_the_unit_tests_pass_without_ansible_core():
    """This directory's tests (but this one), run again where every ``import ansible`` fails."""
    os.environ['MEDIAOPS_NO_ANSIBLE_RUN'] = '1'
    try:
        result = run_blocked(['ansible'], 'import pytest\nsys.exit(pytest.main(sys.argv[1:]))\n',
                             '-q', '-p', 'no:cacheprovider', '-x', HERE, '-k', 'not without_ansible_core')
    finally:
        del os.environ['MEDIAOPS_NO_ANSIBLE_RUN']
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert ' passed' in result.stdout
