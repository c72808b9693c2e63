# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder sandbox: Accept, Basic, signature (dates, window, replay) and session authentication."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import time

import pytest

from sandbox_testlib import (ACCESS_KEY, LOGIN, PASSWORD, PRIVATE_KEY, Client, call, errors_of, parse, passkey, rfc1123,
                             rfc2822, unix_date)


def test_published_salt_vector():  # docs/docsite/rst/wire_ankoder.rst, Signing
    string = "-Mon Aug 17 18:24:36 HKT 2009-GET-/video/1-"
    assert hashlib.sha1(string.encode("utf-8")).hexdigest()[:20] == "a6cdce75aa6c079b47b7"


def test_sandbox_signer_agrees_with_hand_computation():
    from sandbox.ankoder_auth import expected_passkey  # pylint: disable=import-outside-toplevel
    date = "Mon Aug 17 18:24:36 HKT 2009"
    salt = hashlib.sha1(("-" + date + "-GET-/video/1-").encode("utf-8")).hexdigest()[:20]
    assert salt == "a6cdce75aa6c079b47b7"
    by_hand = base64.b64encode(hmac.new(PRIVATE_KEY.encode("utf-8"), salt.encode("utf-8"), hashlib.sha1).digest()).decode()
    assert "\n" not in by_hand
    assert expected_passkey(PRIVATE_KEY, date, "GET", "/video/1") == by_hand


def test_signature_accepted_then_replay_refused(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile/2")
    first = call("GET", sb.ankoder + "/profile/2", headers=headers)
    assert first.status_code == 200, first.text
    assert parse(first).findtext("name") == "psp"
    again = call("GET", sb.ankoder + "/profile/2", headers=headers)
    assert again.status_code == 401
    assert errors_of(again) == ["Replayed signature"]
    fresh = call("GET", sb.ankoder + "/profile/2", headers=sb.signed_headers("GET", "/ankoder/profile/2"))
    assert fresh.status_code == 200


def test_signature_covers_post(sb):
    headers = sb.signed_headers("POST", "/ankoder/download")
    form = {"url": "s3://bucket/in/clip.mp4", "custom_profile": "5"}
    response = call("POST", sb.ankoder + "/download", data=form, headers=headers)
    assert response.status_code == 200, response.text
    signed_as_get = sb.signed_headers("GET", "/ankoder/download")
    response = call("POST", sb.ankoder + "/download", data=form, headers=signed_as_get)
    assert errors_of(response) == ["Invalid signature"]


@pytest.mark.parametrize("make_date", [rfc2822, rfc1123, unix_date], ids=["rfc2822", "rfc1123", "unix-date"])
def test_date_formats_accepted(sb, make_date):
    date = make_date(time.time() - 5)
    response = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=date))
    assert response.status_code == 200, (date, response.text)


def test_unix_date_with_single_digit_day_is_space_padded(sb):
    epoch = time.time()
    date = unix_date(epoch)
    assert date == time.strftime("%a %b %e %H:%M:%S UTC %Y", time.gmtime(epoch))
    response = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=date))
    assert response.status_code == 200


@pytest.mark.parametrize("date", [
    "2026-11-22T00:21:52Z",
    "Mon Aug 17 18:24:36 HKT 2009",
    "Sun, 22 Nov 2026 00:21:52 UTC",
    "Sunday, 22 Nov 2026 00:21:52 GMT",
    "Sun, 31 Nov 2026 00:21:52 GMT",
    "1763770912",
])
def test_malformed_date_refused(sb, date):
    response = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=date))
    assert response.status_code == 401
    assert errors_of(response) == ["Malformed ankoder_date"]


def test_wrong_weekday_refused(sb):
    date = rfc1123(time.time())
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    wrong = days[(days.index(date[:3]) + 1) % 7] + date[3:]
    response = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=wrong))
    assert errors_of(response) == ["Malformed ankoder_date"]


@pytest.mark.parametrize("shift", [-1000, 1000])
def test_date_outside_window_refused(sb, shift):
    date = rfc1123(time.time() + shift)
    response = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=date))
    assert response.status_code == 401
    assert errors_of(response) == ["Request date outside the allowed window"]


def test_date_inside_window_accepted(sb):
    date = rfc1123(time.time() - 850)
    response = call("GET", sb.ankoder + "/profile", headers=sb.signed_headers("GET", "/ankoder/profile", date=date))
    assert response.status_code == 200


def test_wrong_passkey_refused(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile", key="not-the-private-key")
    response = call("GET", sb.ankoder + "/profile", headers=headers)
    assert response.status_code == 401
    assert errors_of(response) == ["Invalid signature"]
    assert "WWW-Authenticate" not in response.headers


def test_unknown_access_key_refused(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile", access_key="AKUNKNOWN")
    assert errors_of(call("GET", sb.ankoder + "/profile", headers=headers)) == ["Invalid signature"]


def test_signature_for_another_path_refused(sb):
    video = sb.new_video()
    other = sb.new_video()
    headers = sb.signed_headers("GET", "/ankoder/video/%s" % video)
    response = call("GET", sb.ankoder + "/video/%s" % other, headers=headers)
    assert response.status_code == 401
    assert errors_of(response) == ["Invalid signature"]


def test_signature_without_prefix_refused(sb):
    headers = sb.signed_headers("GET", "/profile")
    assert errors_of(call("GET", sb.ankoder + "/profile", headers=headers)) == ["Invalid signature"]


def test_signature_covers_query_string(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile?page=1")
    assert call("GET", sb.ankoder + "/profile?page=1", headers=headers).status_code == 200
    headers = sb.signed_headers("GET", "/ankoder/profile")
    response = call("GET", sb.ankoder + "/profile?page=1", headers=headers)
    assert errors_of(response) == ["Invalid signature"]


def test_signature_covers_xml_suffix(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile/2.xml")
    assert call("GET", sb.ankoder + "/profile/2.xml", headers=headers).status_code == 200
    headers = sb.signed_headers("GET", "/ankoder/profile/2")
    assert errors_of(call("GET", sb.ankoder + "/profile/2.xml", headers=headers)) == ["Invalid signature"]


def test_hyphenated_header_names_are_not_signature_headers(sb):
    headers = dict((name.replace("_", "-"), value) for name, value in sb.signed_headers("GET", "/ankoder/profile").items())
    response = call("GET", sb.ankoder + "/profile", headers=headers)
    assert response.status_code == 401
    assert errors_of(response) == ["Authentication required"]


def test_incomplete_signature_headers_refused(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile")
    del headers["ankoder_date"]
    response = call("GET", sb.ankoder + "/profile", headers=headers)
    assert response.status_code == 401


@pytest.mark.parametrize("accept", [None, "*/*", "application/xml", "application/json", "text/html"])
def test_accept_must_name_text_xml(sb, accept):
    headers = {"Accept": accept} if accept else {}
    session = Client()
    if accept is None:
        del session.headers["Accept"]
    response = session.get(sb.ankoder + "/profile", headers=headers, auth=(LOGIN, PASSWORD))
    assert response.status_code == 406
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert errors_of(response) == ["Accept header must include text/xml"]


@pytest.mark.parametrize("accept", ["text/xml", "application/json, text/xml;q=0.5", "TEXT/XML"])
def test_accept_variants_with_text_xml(sb, accept):
    response = call("GET", sb.ankoder + "/profile", headers={"Accept": accept}, auth=(LOGIN, PASSWORD))
    assert response.status_code == 200


def test_missing_accept_checked_before_auth(sb):
    session = Client()
    del session.headers["Accept"]
    assert session.get(sb.ankoder + "/profile").status_code == 406


def test_basic_auth(sb):
    assert sb.get("/profile").status_code == 200
    wrong = call("GET", sb.ankoder + "/profile", headers={"Accept": "text/xml"}, auth=(LOGIN, "nope"))
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"] == 'Basic realm="Ankoder"'
    assert errors_of(wrong) == ["Invalid login or password"]


def test_no_auth_is_401_with_challenge(sb):
    response = call("GET", sb.ankoder + "/profile", headers={"Accept": "text/xml"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Ankoder"'
    assert errors_of(response) == ["Authentication required"]


def test_session_login_urlencoded(sb):
    session = Client()
    session.headers["Accept"] = "text/xml"
    response = session.post(sb.ankoder + "/auth/login", data={"login": LOGIN, "password": PASSWORD})
    assert response.status_code == 200
    assert parse(response).tag == "session"
    assert parse(response).findtext("login") == LOGIN
    assert "_ankoderapi_session=" in response.headers["Set-Cookie"]
    assert response.headers["Set-Cookie"].endswith("; path=/")
    assert session.get(sb.ankoder + "/profile").status_code == 200


def test_session_login_multipart(sb):
    session = Client()
    session.headers["Accept"] = "text/xml"
    response = session.post(sb.ankoder + "/auth/login", files={"login": (None, LOGIN), "password": (None, PASSWORD)})
    assert response.status_code == 200, response.text
    assert session.get(sb.ankoder + "/video/1001").status_code == 404


def test_failed_login_sets_a_useless_cookie(sb):
    session = Client()
    session.headers["Accept"] = "text/xml"
    response = session.post(sb.ankoder + "/auth/login", data={"login": LOGIN, "password": "wrong"})
    assert response.status_code == 401
    assert errors_of(response) == ["Invalid login or password"]
    assert "_ankoderapi_session" in session.cookies
    refused = session.get(sb.ankoder + "/profile")
    assert refused.status_code == 401


def test_forged_session_cookie_refused(sb):
    response = call("GET", sb.ankoder + "/profile", headers={"Accept": "text/xml", "Cookie": "_ankoderapi_session=abc"})
    assert response.status_code == 401


def test_login_needs_accept(sb):
    response = call("POST", sb.ankoder + "/auth/login", data={"login": LOGIN, "password": PASSWORD})
    assert response.status_code == 406


def test_basic_wins_even_with_bad_signature_headers(sb):
    headers = sb.signed_headers("GET", "/ankoder/profile", key="wrong")
    response = call("GET", sb.ankoder + "/profile", headers=headers, auth=(LOGIN, PASSWORD))
    assert response.status_code == 200


def test_access_key_constant():
    assert len(ACCESS_KEY) == 40
    assert passkey(PRIVATE_KEY, "d", "GET", "/p") != passkey("other", "d", "GET", "/p")


def test_login_with_a_file_part_refused(sb):
    response = call("POST", sb.ankoder + "/auth/login", headers={"Accept": "text/xml"},
                    files={"login": ("login.txt", b"demo"), "password": (None, PASSWORD)})
    assert response.status_code == 422
    assert errors_of(response) == ["Login must be a text field, not a file"]
