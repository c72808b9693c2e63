# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ankoder sandbox: the stats say which credentials each request carried and which ones let it in."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

from sandbox_testlib import LOGIN, PASSWORD, Client, call

BASIC = {"Authorization": "Basic " + base64.b64encode(("%s:%s" % (LOGIN, PASSWORD)).encode("utf-8")).decode("ascii")}
WRONG_BASIC = {"Authorization": "Basic " + base64.b64encode(b"demo:wrong").decode("ascii")}


def _auth(sb):
    return sb.stats()["auth"]


def test_each_method_alone_is_recorded(sb):
    assert call("GET", sb.ankoder + "/profile/2", headers=dict(BASIC, Accept="text/xml")).status_code == 200
    assert call("GET", sb.ankoder + "/profile/2", headers=sb.signed_headers("GET", "/ankoder/profile/2")).status_code == 200
    with Client() as session:
        login = session.post(sb.ankoder + "/auth/login", data={"login": LOGIN, "password": PASSWORD}, headers={"Accept": "text/xml"})
        assert login.status_code == 200
        assert session.get(sb.ankoder + "/profile/2", headers={"Accept": "text/xml"}).status_code == 200
    # the login itself needs no authentication: it is not counted
    assert _auth(sb) == {
        "presented": {"ankoder.basic": 1, "ankoder.signature": 1, "ankoder.session": 1},
        "authenticated": {"ankoder.basic": 1, "ankoder.signature": 1, "ankoder.session": 1},
    }


def test_two_methods_presented_one_authenticates(sb):
    headers = dict(sb.signed_headers("GET", "/ankoder/profile/2"), **BASIC)
    assert call("GET", sb.ankoder + "/profile/2", headers=headers).status_code == 200
    assert _auth(sb) == {"presented": {"ankoder.basic": 1, "ankoder.signature": 1}, "authenticated": {"ankoder.basic": 1}}


def test_a_wrong_password_lets_the_signature_authenticate(sb):
    headers = dict(sb.signed_headers("GET", "/ankoder/profile/2"), **WRONG_BASIC)
    assert call("GET", sb.ankoder + "/profile/2", headers=headers).status_code == 200
    assert _auth(sb)["authenticated"] == {"ankoder.signature": 1}


def test_refused_requests_count_as_presented_only(sb):
    response = call("GET", sb.ankoder + "/profile/2", headers=dict(WRONG_BASIC, Accept="text/xml"))
    assert response.status_code == 401
    assert call("GET", sb.ankoder + "/profile/2", headers={"Accept": "text/xml"}).status_code == 401
    assert _auth(sb) == {"presented": {"ankoder.basic": 1}, "authenticated": {}}


def test_reset_zeroes_the_auth_counts(sb):
    assert sb.get("/profile/2").status_code == 200
    assert _auth(sb)["authenticated"] == {"ankoder.basic": 1}
    sb.control("POST", "/reset", json={})
    assert _auth(sb) == {"presented": {}, "authenticated": {}}
