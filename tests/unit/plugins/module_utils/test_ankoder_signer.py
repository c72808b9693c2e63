# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Ankoder request and notification signatures (docs/docsite/rst/wire_ankoder.rst, Signing and Callbacks)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import calendar
import email.utils
import hashlib
import hmac
import json
import re

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_signer as signer

# 2026-11-22 00:21:52 UTC, computed without the code under test.
T0 = calendar.timegm((2026, 11, 22, 0, 21, 52, 0, 0, 0))


def _expected_passkey(private_key, date, method, path):
    """The algorithm of docs/docsite/rst/wire_ankoder.rst, Signing, written out step by step."""
    string = '-' + date + '-' + method.upper() + '-' + path + '-'
    salt = hashlib.sha1(string.encode('utf-8')).hexdigest()[:20]
    digest = hmac.new(private_key.encode('utf-8'), salt.encode('ascii'), hashlib.sha1).digest()
    return base64.b64encode(digest).decode('ascii')


def test_verified_salt_vector():
    assert signer.salt('Mon Aug 17 18:24:36 HKT 2009', 'GET', '/video/1') == 'a6cdce75aa6c079b47b7'
    # The same vector from the algorithm as written, so the table and the test agree.
    assert hashlib.sha1(b'-Mon Aug 17 18:24:36 HKT 2009-GET-/video/1-').hexdigest()[:20] == 'a6cdce75aa6c079b47b7'


def test_contract_passkey_vector():
    """The contract's passkey, computed with the openssl command line:

    printf %s a6cdce75aa6c079b47b7 | openssl dgst -sha1 -hmac contract-private-key-0001 -binary | base64
    """
    assert signer.passkey('contract-private-key-0001', 'Mon Aug 17 18:24:36 HKT 2009', 'GET', '/video/1') == '8BhufK9ZRXG1HIh7hANQORcn6qo='
    headers = signer.signature_headers('ACCESS', 'contract-private-key-0001', 'Mon Aug 17 18:24:36 HKT 2009', 'get', '/video/1')
    assert headers['ankoder_passkey'] == '8BhufK9ZRXG1HIh7hANQORcn6qo='


def test_string_to_sign_layout():
    assert signer.string_to_sign('Sun, 22 Nov 2026 00:21:52 GMT', 'post', '/ankoder/job') == \
        '-Sun, 22 Nov 2026 00:21:52 GMT-POST-/ankoder/job-'


@pytest.mark.parametrize('private_key, date, method, path', [
    ('s3cr3t-private', 'Sun, 22 Nov 2026 00:21:52 GMT', 'GET', '/ankoder/video/1'),
    ('another key', 'Sun, 22 Nov 2026 00:21:52 +0000', 'POST', '/ankoder/download'),
    ('k', 'Sun Nov 22 00:21:52 UTC 2026', 'GET', '/prefix/deeper/profile.xml?page=2&q=a%20b'),
    (u'cl\u00e9-\u00fcnicode', 'Mon, 23 Nov 2026 10:00:00 GMT', 'GET', '/ankoder/job/55.xml'),
])
def test_passkey_matches_the_algorithm(private_key, date, method, path):
    expected = _expected_passkey(private_key, date, method, path)
    result = signer.passkey(private_key, date, method, path)
    assert result == expected
    assert len(result) == 28 and not result.endswith('\n')


def test_passkey_covers_prefix_and_query():
    date = 'Sun, 22 Nov 2026 00:21:52 GMT'
    with_query = signer.passkey('k', date, 'GET', '/ankoder/profile?page=2')
    without_query = signer.passkey('k', date, 'GET', '/ankoder/profile')
    without_prefix = signer.passkey('k', date, 'GET', '/profile?page=2')
    assert with_query == _expected_passkey('k', date, 'GET', '/ankoder/profile?page=2')
    assert len(set([with_query, without_query, without_prefix])) == 3


def test_passkey_depends_on_key_and_date():
    date = 'Sun, 22 Nov 2026 00:21:52 GMT'
    later = 'Sun, 22 Nov 2026 00:21:53 GMT'
    assert signer.passkey('k1', date, 'GET', '/video/1') != signer.passkey('k2', date, 'GET', '/video/1')
    assert signer.passkey('k1', date, 'GET', '/video/1') != signer.passkey('k1', later, 'GET', '/video/1')


def test_method_is_upper_cased():
    date = 'Sun, 22 Nov 2026 00:21:52 GMT'
    expected = _expected_passkey('k', date, 'GET', '/video/1')
    assert signer.passkey('k', date, 'get', '/video/1') == expected
    assert signer.passkey('k', date, 'GeT', '/video/1') == expected
    assert signer.salt(date, 'post', '/job') == hashlib.sha1(('-' + date + '-POST-/job-').encode('ascii')).hexdigest()[:20]
    assert signer.passkey('k', date, 'POST', '/video/1') != expected


def test_signature_headers():
    date = 'Sun, 22 Nov 2026 00:21:52 GMT'
    headers = signer.signature_headers('ACCESS123', 'private', date, 'get', '/ankoder/video/1')
    assert sorted(headers) == ['ankoder_access_key', 'ankoder_date', 'ankoder_passkey']
    assert headers['ankoder_access_key'] == 'ACCESS123'
    assert headers['ankoder_date'] == date
    assert headers['ankoder_passkey'] == _expected_passkey('private', date, 'GET', '/ankoder/video/1')


def test_format_date_is_rfc1123_gmt():
    assert signer.format_date(0) == 'Thu, 01 Jan 1970 00:00:00 GMT'
    text = signer.format_date(T0)
    assert text == 'Sun, 22 Nov 2026 00:21:52 GMT'
    assert re.match(r'^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$', text)
    assert email.utils.parsedate_to_datetime(text).timestamp() == T0


class FrozenClock(object):
    """A clock that moves only when slept on."""

    def __init__(self, now):
        self.now = now
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_date_source_never_repeats_for_one_method_and_path():
    clock = FrozenClock(T0 + 0.7)
    dates = signer.DateSource(clock=clock, sleep=clock.sleep)
    first = [dates.next('GET', '/video/1') for dummy in range(3)]
    assert first == ['Sun, 22 Nov 2026 00:21:52 GMT', 'Sun, 22 Nov 2026 00:21:53 GMT', 'Sun, 22 Nov 2026 00:21:54 GMT']
    # It waited for each next second instead of signing a date ahead of the clock.
    assert clock.slept == [pytest.approx(0.3), pytest.approx(1.0)]
    assert int(clock.now) == T0 + 2
    # The method is compared upper-cased: 'get' is the same call.
    assert dates.next('get', '/video/1') == 'Sun, 22 Nov 2026 00:21:55 GMT'
    many = [dates.next('POST', '/job') for dummy in range(50)]
    assert len(set(many)) == 50
    assert email.utils.parsedate_to_datetime(many[-1]).timestamp() <= clock.now


def test_date_source_is_per_method_and_path():
    clock = FrozenClock(T0)
    dates = signer.DateSource(clock=clock, sleep=clock.sleep)
    assert dates.next('GET', '/video/1') == 'Sun, 22 Nov 2026 00:21:52 GMT'
    assert dates.next('GET', '/video/2') == 'Sun, 22 Nov 2026 00:21:52 GMT'
    assert dates.next('POST', '/video/1') == 'Sun, 22 Nov 2026 00:21:52 GMT'
    assert dates.next('GET', '/video/1') == 'Sun, 22 Nov 2026 00:21:53 GMT'


def test_date_source_follows_the_clock_and_survives_a_step_back():
    clock = FrozenClock(T0)
    dates = signer.DateSource(clock=clock, sleep=clock.sleep)
    assert dates.next('GET', '/p') == 'Sun, 22 Nov 2026 00:21:52 GMT'
    clock.now = T0 + 10
    assert dates.next('GET', '/p') == 'Sun, 22 Nov 2026 00:22:02 GMT'
    clock.now = T0 + 5  # the local clock was stepped back: wait until past the last date used
    assert dates.next('GET', '/p') == 'Sun, 22 Nov 2026 00:22:03 GMT'
    assert clock.now == T0 + 11


def test_date_source_dates_by_the_clock_it_is_given():
    """The client gives its ``now``: the local clock plus the offset the service has shown."""
    dates = signer.DateSource(clock=FrozenClock(T0 + 3600.0))
    assert dates.next('GET', '/video/1') == 'Sun, 22 Nov 2026 01:21:52 GMT'
    late = signer.DateSource(clock=FrozenClock(T0 - 90.0))
    assert late.next('GET', '/video/1') == 'Sun, 22 Nov 2026 00:20:22 GMT'


# The seed's Download notification, byte for byte as a form field value.
MESSAGE = ('{\n  "result":"success",\n  "error":"",\n  "video_id":"1456",\n  "type":"Download",\n'
           '  "video_name":"89db197da259f1be3d9d9cd1f28f9035bf200c5e.flv"}')
KEY = 'notification-private-key'


def _expected_signature(key, message):
    return base64.b64encode(hmac.new(key.encode('utf-8'), message.encode('utf-8'), hashlib.sha1).digest()).decode('ascii')


# MESSAGE's signature under KEY, computed with the openssl command line:
# m1='{\n  "result":"success",\n  "error":"",\n  "video_id":"1456",\n  "type":"Download",\n'
# m2='  "video_name":"89db197da259f1be3d9d9cd1f28f9035bf200c5e.flv"}'
# message="$(printf "$m1$m2")"
# printf %s "$message" | openssl dgst -sha1 -hmac notification-private-key -binary | base64
MESSAGE_SIGNATURE = 'ecjlpPA+B6JVCHesrVb02QJbJH8='


def test_sign_notification():
    assert signer.sign_notification(KEY, MESSAGE) == MESSAGE_SIGNATURE
    assert signer.sign_notification(KEY, MESSAGE.encode('utf-8')) == MESSAGE_SIGNATURE


def test_notification_literal_is_authentic():
    assert signer.notification_is_authentic(KEY, MESSAGE, MESSAGE_SIGNATURE) is True
    # the form decoder turns this signature's unescaped '+' into a space
    assert signer.notification_is_authentic(KEY, MESSAGE, MESSAGE_SIGNATURE.replace('+', ' ')) is True


def test_notification_good():
    signature = _expected_signature(KEY, MESSAGE)
    assert signer.notification_is_authentic(KEY, MESSAGE, signature) is True
    assert signer.notification_is_authentic(KEY, MESSAGE.encode('utf-8'), signature.encode('ascii')) is True


def test_notification_tampered_message():
    signature = _expected_signature(KEY, MESSAGE)
    tampered = MESSAGE.replace('1456', '1457')
    assert tampered != MESSAGE
    assert signer.notification_is_authentic(KEY, tampered, signature) is False


def test_notification_tampered_signature():
    signature = _expected_signature(KEY, MESSAGE)
    flipped = ('A' if signature[0] != 'A' else 'B') + signature[1:]
    assert signer.notification_is_authentic(KEY, MESSAGE, flipped) is False
    assert signer.notification_is_authentic(KEY, MESSAGE, signature[:-2]) is False
    assert signer.notification_is_authentic(KEY, MESSAGE, '') is False


def test_notification_unescaped_leading_plus():
    # an unescaped '+' reaches the receiver as a space after form decoding, also as the first character
    # (never as the last: 20 digest bytes leave the last Base64 digit's two low bits zero)
    for number in range(100000):
        message = MESSAGE.replace('1456', str(number))
        signature = _expected_signature(KEY, message)
        if signature.startswith('+'):
            break
    assert signature.startswith('+')
    assert signer.notification_is_authentic(KEY, message, signature.replace('+', ' ')) is True
    assert signer.notification_is_authentic(KEY, message, '"%s"' % signature.replace('+', ' ')) is True
    assert signer.notification_is_authentic(KEY, message, signature[1:]) is False


def test_notification_wrong_key():
    assert signer.notification_is_authentic('other-key', MESSAGE, _expected_signature(KEY, MESSAGE)) is False


def test_notification_reserialised_json_fails():
    signature = _expected_signature(KEY, MESSAGE)
    reserialised = json.dumps(json.loads(MESSAGE))
    assert reserialised != MESSAGE and json.loads(reserialised) == json.loads(MESSAGE)
    assert signer.notification_is_authentic(KEY, reserialised, signature) is False


def test_notification_quoted_or_padded_signature():
    signature = _expected_signature(KEY, MESSAGE)
    assert signer.notification_is_authentic(KEY, MESSAGE, '"%s"' % signature) is True
    assert signer.notification_is_authentic(KEY, MESSAGE, ' %s\n' % signature) is True


@pytest.mark.parametrize('message, signature', [
    (MESSAGE, None),
    (None, 'c2lnbmF0dXJl'),
    (MESSAGE, 12345),
    ({'result': 'success'}, 'c2lnbmF0dXJl'),
    (MESSAGE, [u'sig']),
    (MESSAGE, u'\u00e9\u00e9\u00e9'),
])
def test_notification_bad_input_is_false(message, signature):
    assert signer.notification_is_authentic(KEY, message, signature) is False


def _key_whose_signature_has(character):
    """A private key for which MESSAGE's signature holds ``character`` (found with hmac directly)."""
    for number in range(1000):
        key = 'key-%d' % number
        if character in _expected_signature(key, MESSAGE):
            return key
    raise AssertionError('no key found')  # pragma: no cover


def test_notification_plus_decoded_as_space():
    key = _key_whose_signature_has('+')
    signature = _expected_signature(key, MESSAGE)
    assert signer.notification_is_authentic(key, MESSAGE, signature.replace('+', ' ')) is True
    assert signer.notification_is_authentic(key, MESSAGE, signature) is True


def test_notification_space_for_another_character_fails():
    key = _key_whose_signature_has('/')
    signature = _expected_signature(key, MESSAGE)
    assert signer.notification_is_authentic(key, MESSAGE, signature.replace('/', ' ')) is False


def test_notification_non_ascii_bytes_signature():
    assert signer.notification_is_authentic(KEY, MESSAGE, b'\xff\xfe' + _expected_signature(KEY, MESSAGE).encode('ascii')) is False
