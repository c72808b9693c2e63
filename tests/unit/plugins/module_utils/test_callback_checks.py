# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source's synchronous checks, called directly (no aiohttp, no server)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import json
import urllib.parse

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_notification, _callback_checks as checks

KEY = 'checks-ankoder-key'


def settings(**args):
    return checks.Settings(dict({'port': 5080, 'token': 't', 'ankoder_private_key': KEY, 'moderation_secret_key': 'm'}, **args))


def form(message):
    signature = base64.b64encode(hmac.new(KEY.encode(), message.encode(), hashlib.sha1).digest()).decode()
    return urllib.parse.urlencode({'message': message, 'signature': signature}).encode()


def request(body, tokens=('t',)):
    return checks.CallbackRequest('POST', 'h', '/x', {}, list(tokens), body)


def test_replay_cache_expires_by_time_in_order():
    cache = checks.ReplayCache(size=3)
    assert cache.add(b'a', now=100, expires=200)
    assert cache.seen(b'a', 150)
    assert not cache.seen(b'a', 200)
    assert len(cache) == 0


def test_full_replay_cache_refuses_rather_than_forgets():
    cache = checks.ReplayCache(size=2)
    assert cache.add(b'a', 0, 100) and cache.add(b'b', 1, 101)
    assert not cache.add(b'c', 2, 102)
    assert cache.seen(b'a', 2) and cache.seen(b'b', 2)
    assert cache.retry_after(2) == 98
    assert cache.add(b'c', 100, 200)  # a expired: room again


def test_one_route_filling_its_cache_never_evicts_another_routes_keys():
    verifier = checks.Verifier(settings(max_replay_keys=2))
    message = json.dumps({'type': 'Convert', 'result': 'success', 'Job': '1'})
    assert len(verifier.verify('ankoder', request(form(message)), 0).events) == 1
    for n in range(2):
        assert verifier.verify('pallycon', request(json.dumps({'job_id': n}).encode()), 1).events
    with pytest.raises(checks.Rejected) as caught:
        verifier.verify('pallycon', request(b'{"job_id": 99}'), 2)
    assert caught.value.status == 503 and caught.value.headers['Retry-After']
    assert verifier.verify('ankoder', request(form(message)), 3) == checks.Verdict([], True)


def test_a_redelivery_is_a_duplicate_and_a_forgery_is_401():
    verifier = checks.Verifier(settings())
    body = b'{"job_id": 7, "error_code": "0000"}'
    assert [e['id'] for e in verifier.verify('pallycon', request(body), 0).events] == ['7']
    assert verifier.verify('pallycon', request(body), 10) == checks.Verdict([], True)
    with pytest.raises(checks.Rejected) as caught:
        verifier.verify('pallycon', request(body, tokens=['nope']), 10)
    assert caught.value.status == 401
    assert verifier.verify('pallycon', request(body), 901).events  # past the window it is new again


def test_ankoder_signature_is_verified_once(monkeypatch):
    calls = []
    real = checks.notification_is_authentic

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(checks, 'notification_is_authentic', counting)
    monkeypatch.setattr(_ankoder_notification, 'notification_is_authentic', counting)
    verdict = checks.Verifier(settings()).verify('ankoder', request(form('{"type": "Download", "result": "success", "video_id": 3}')), 0)
    assert [e['id'] for e in verdict.events] == ['3']
    assert len(calls) == 1


@pytest.mark.parametrize('body', [b'[' * 5000 + b']' * 5000, b'{"a": 1e999}', b'{"a": NaN}', b'\xff', b'{"a": ' + b'[' * 70 + b']' * 70 + b'}'])
def test_json_object_refuses_with_400_only(body):
    with pytest.raises(checks.Rejected) as caught:
        checks.json_object(body)
    assert caught.value.status == 400


def test_ovp_over_max_videos_is_413_and_each_event_has_its_own_video():
    verifier = checks.Verifier(settings(max_videos=2))
    videos = [{'videoId': 'a'}, {'videoId': 'b'}, {'videoId': 'c'}]
    with pytest.raises(checks.Rejected) as caught:
        verifier.verify('ovp', request(json.dumps({'code': 200, 'data': {'videoListInfo': videos}}).encode()), 0)
    assert caught.value.status == 413
    events = verifier.verify('ovp', request(json.dumps({'code': 200, 'data': {'videoListInfo': videos[:2]}}).encode()), 0).events
    assert [e['payload']['data']['videoListInfo'] for e in events] == [[videos[0]], [videos[1]]]


@pytest.mark.parametrize('peer, forwarded, client', [
    ('10.0.0.5', ['203.0.113.9'], '203.0.113.9'),
    ('10.0.0.5', ['1.2.3.4, 203.0.113.9, 10.0.0.6'], '203.0.113.9'),
    ('10.0.0.5', [], '10.0.0.5'),
    ('192.0.2.1', ['203.0.113.9'], '192.0.2.1'),   # not a trusted proxy: its header is ignored
    ('::ffff:10.0.0.5', ['203.0.113.9'], '203.0.113.9'),
])
def test_client_address_behind_trusted_proxies(peer, forwarded, client):
    proxies = settings(trusted_proxies=['10.0.0.0/24']).trusted_proxies
    assert checks.client_address(peer, forwarded, proxies) == client


@pytest.mark.parametrize('args, words', [
    ({'keyfile': '/k'}, 'keyfile needs certfile'),
    ({'trusted_proxies': ['x']}, 'trusted_proxies holds'),
    ({'max_videos': 0}, 'max_videos must be positive'),
    ({'header_timeout': 0}, 'header_timeout must be positive'),
    ({'max_connections': 'many'}, 'max_connections must be an integer'),
])
def test_bad_new_settings(args, words):
    with pytest.raises(ValueError) as caught:
        settings(**args)
    assert words in str(caught.value)


def test_settings_defaults():
    value = settings()
    assert (value.header_timeout, value.idle_timeout, value.max_connections, value.max_videos, value.max_replay_keys) == (10, 15, 100, 100, 100000)
    assert value.ssl_context() is None and value.scheme == 'http'


@pytest.mark.parametrize('value, port', [(8080, 8080), ('8080', 8080), (' 8080 ', 8080), (8080.0, 8080), ('8080.0', 8080)])
def test_integer_settings_follow_the_number_rules(value, port):
    assert settings(port=value).port == port


@pytest.mark.parametrize('value', [8080.5, '8080.5', True, '0x1f90', '8_080', [8080]])
def test_integer_settings_never_cut_a_fraction(value):
    """8080.5 became 8080 before (int()); the rules of _numbers refuse it."""
    with pytest.raises(ValueError) as caught:
        settings(port=value)
    assert 'port must be an integer' in str(caught.value)
