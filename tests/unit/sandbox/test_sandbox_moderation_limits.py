# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moderation sandbox: the page's limits as the service enforces them (a client that does not check them gets
401/2001 naming the field), and the ``/media`` videos whose size a HEAD announces."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

import pytest

from sandbox_testlib import call
from test_sandbox_moderation_lib import Moderation

GIB = 1024 ** 3
FORMATS = ("flv", "mkv", "mp4", "rmvb", "avi", "wmv", "3gp", "ts", "mov")
SMALL = base64.b64encode(b"\x00\x00\x00\x18ftypmp42 tiny video").decode("ascii")


def created(sb):
    return sb.stats()["creates"].get("moderation.task", 0)


def test_head_announces_the_size_and_sends_no_body(sb):
    response = call("HEAD", sb.base + "/media/%d/big-trailer.mp4" % (2 * GIB))
    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(2 * GIB)
    assert response.headers["Content-Type"] == "video/mp4"
    assert response.content == b""
    assert call("HEAD", sb.base + "/media/123/clip.mov").headers["Content-Length"] == "123"


def test_no_get_and_no_size_is_not_found(sb):
    assert call("GET", sb.base + "/media/123/clip.mp4").status_code == 405
    assert call("HEAD", sb.base + "/media/clip.mp4").status_code == 404
    assert call("HEAD", sb.base + "/media/1234567890123456789/clip.mp4").status_code == 404


def test_a_url_video_of_1_gib_is_refused_naming_the_limit_and_the_size(sb):
    mod = Moderation(sb)
    message = mod.error(401, 2001, document={"type": 1, "video": sb.base + "/media/%d/big.mp4" % GIB})
    assert message == "invalid parameter: video (the video must be smaller than 1 GiB (1073741824 bytes), not 1073741824 bytes)"
    assert created(sb) == 0
    assert mod.submit(sb.base + "/media/%d/just-under.mp4" % (GIB - 1))
    assert created(sb) == 1


def test_the_size_of_another_hosts_video_is_not_known_so_not_checked(sb):
    assert Moderation(sb).submit("https://cdn.example.com/media/%d/big.mp4" % (2 * GIB))


@pytest.mark.parametrize("name", FORMATS + ("MP4", "Mov"))
def test_every_listed_format_is_taken(sb, name):
    mod = Moderation(sb)
    assert mod.submit("https://cdn.example.com/v/clip.%s" % name)
    assert mod.submit("https://cdn.example.com/v/clip", videoName="clip.%s" % name)
    assert mod.submit(SMALL, type=2, videoName="clip.%s" % name)


@pytest.mark.parametrize("document, field, why", [
    ({"type": 1, "video": "https://cdn.example.com/v/clip.webm"}, "video", "format webm is not supported"),
    ({"type": 1, "video": "https://cdn.example.com/v/clip.mp4?x=.webm"}, None, None),
    ({"type": 1, "video": "https://cdn.example.com/v/clip%2Ewebm"}, "video", "format webm is not supported"),
    ({"type": 1, "video": "https://cdn.example.com/v/clip.mp4", "videoName": "clip.webm"}, "videoName", "format webm is not supported"),
    # videoName tells the format: a URL whose path names none, or another one, is taken
    ({"type": 1, "video": "https://cdn.example.com/watch.php?id=1", "videoName": "clip.mp4"}, None, None),
    ({"type": 1, "video": "https://cdn.example.com/stream/1234"}, None, None),
    ({"type": 1, "video": "https://cdn.example.com/stream/"}, None, None),
    ({"type": 1, "video": "https://cdn.example.com/stream/1234", "videoName": "title 1234"}, None, None),
    ({"type": 2, "video": SMALL, "videoName": "clip"}, "videoName", "must end with the video's format"),
    ({"type": 2, "video": SMALL, "videoName": ".mp4"}, "videoName", "must end with the video's format"),
    ({"type": 2, "video": SMALL, "videoName": "clip.txt"}, "videoName", "format txt is not supported"),
])
def test_formats(sb, document, field, why):
    mod = Moderation(sb)
    if field is None:
        assert mod.submit(**document)
        return
    message = mod.error(401, 2001, document=document)
    assert message.startswith("invalid parameter: %s (%s" % (field, why)), message
    assert "flv, mkv, mp4, rmvb, avi, wmv, 3gp, ts, mov" in message
    assert created(sb) == 0
