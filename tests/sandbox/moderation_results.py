# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iLiveData's result documents: the tag table, the verdict by words in the video, ``videoSpams``.

The verdict comes from words in the video URL (type 1) or in ``videoName``
(type 2): case-insensitive, whole words (not inside a longer run of letters,
so ``/previews/`` is not ``review`` but ``review-1.mp4`` is), first match wins:

* ``broken``: ``code`` 1 (detection failed), no verdict
* ``reject``: ``result`` 2 with two flagged segments: a frame (type 1) tagged
  110 violence (subTag 110001 bloody) and a clip (type 2) tagged 130 erotic
  (subTags 130001 sexual activity, 130002 nudity), level 2
* ``review``: ``result`` 1 with one frame tagged 150 ads (subTag 150001), level 1
* otherwise ``result`` 0 (pass) and ``videoSpams`` ``[]``

``tagNameEn`` is the tag table of docs/docsite/rst/wire_moderation.rst (Statuses) word for word (``violence``, ``QR
code``); ``tagName`` the Chinese name.  Times are milliseconds, placed on the
task's frame grid (``frequency``).
Frame/clip ``url`` values point at the reserved ``.invalid`` domain.  While
detecting (``code`` 2), after a failure (1) and for an unknown task (3) the
document is ``{"errorCode": 0, "code": C}``: ``result`` and ``videoSpams``
come only with ``code`` 0.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

DONE = 0
FAILED = 1
DETECTING = 2
UNKNOWN = 3
PASS = 0
REVIEW = 1
REJECT = 2
FRAME = 1
CLIP = 2
FRAME_HOST = "https://frames.sandbox.invalid"

TAGS = {
    100: ("涉政", "politics"), 110: ("暴恐", "violence"), 120: ("违禁", "prohibited"), 130: ("色情", "erotic"),
    140: ("性感", "sexy"), 150: ("广告", "ads"), 160: ("辱骂", "abuse"), 170: ("仇恨", "hate"),
    180: ("未成年", "minors"), 190: ("热点", "hot spots"), 200: ("二维码", "QR code"), 300: ("标识", "logo"),
    400: ("文字", "text"), 900: ("其他", "other"),
}
SUB_TAGS = {
    110001: ("血腥", "bloody"), 130001: ("色情行为", "sexual activity"), 130002: ("裸露", "nudity"),
    150001: ("广告引流", "advertising"),
}
FAILING_WORD = "broken"
VERDICT_WORDS = (("reject", REJECT), ("review", REVIEW))


def _has_word(text, word):
    return re.search(r"(?<![a-z])%s(?![a-z])" % word, text) is not None


def verdict_of(text):
    """``(code, result)`` of a finished task whose video (URL or name) is ``text``."""
    text = (text or "").lower()
    if _has_word(text, FAILING_WORD):
        return FAILED, None
    for word, verdict in VERDICT_WORDS:
        if _has_word(text, word):
            return DONE, verdict
    return DONE, PASS


def _tag(tag, level, sub_tags):
    name, name_en = TAGS[tag]
    subs = [{"subTag": sub, "subTagName": SUB_TAGS[sub][0], "subTagNameEn": SUB_TAGS[sub][1], "level": level}
            for sub in sub_tags]
    return {"tag": tag, "tagName": name, "tagNameEn": name_en, "level": level, "subTags": subs}


def _item(task_id, kind, begin, end, tags):
    extension = "jpg" if kind == FRAME else "mp4"
    url = "%s/%s/%08d.%s" % (FRAME_HOST, task_id, begin, extension)
    return {"beginTime": begin, "endTime": end, "type": kind, "url": url, "tags": tags}


def video_spams(task_id, verdict, frequency):
    """The flagged segments of a finished task (``[]`` when it passes)."""
    step = frequency * 1000
    if verdict == REJECT:
        return [
            _item(task_id, FRAME, step, step, [_tag(110, 2, (110001,))]),
            _item(task_id, CLIP, 2 * step, 4 * step, [_tag(130, 2, (130001, 130002))]),
        ]
    if verdict == REVIEW:
        return [_item(task_id, FRAME, step, step, [_tag(150, 1, (150001,))])]
    return []


def result_document(code, verdict=None, spams=None):
    """The result reply: ``result`` and ``videoSpams`` only when ``code`` is 0."""
    document = {"errorCode": 0, "code": code}
    if code == DONE:
        document["result"] = verdict
        document["videoSpams"] = spams
    return document
