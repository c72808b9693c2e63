# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA's caption files as its CDN serves them (docs/docsite/rst/wire_iva.rst, Caption files).

A signed ``GET /iva/caption.ashx`` of a completed caption answers ``302`` with
``Location: http://HOST/iva/cdn/captions/{caption id}.{extension}``; that path
serves the caption in the format its extension names.  The text is made up
from the caption (its id, published id, language and revision, some of it not
ASCII), so that a new revision (``POST /_sandbox/iva/caption/{id}/revise``)
changes the bytes.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

# fmt -> (extension, content type)
FILES = {
    0: ("srt", "application/x-subrip; charset=utf-8"),
    1: ("sbv", "text/plain; charset=utf-8"),
    2: ("dfxp", "application/ttml+xml; charset=utf-8"),
    3: ("qt.txt", "text/plain; charset=utf-8"),
    6: ("tpm", "text/plain; charset=utf-8"),
    7: ("vtt", "text/vtt; charset=utf-8"),
    8: ("echo", "application/json; charset=utf-8"),
}
CUES = ((0.0, 2.5), (2.5, 5.0))


def file_name(caption_id, fmt):
    return "%d.%s" % (caption_id, FILES[fmt][0])


def parse_name(name):
    """``(caption id, fmt)`` of a CDN file name, or None."""
    stem, _dot, extension = name.partition(".")
    if not stem.isdigit() or not stem.isascii():
        return None
    for fmt, (known, _type) in FILES.items():
        if extension == known:
            return int(stem), fmt
    return None


def _lines(caption, language):
    return ("[%s] Caption %d of title %d" % (language, caption.caption_id, caption.published_id),
            "Revision %d \u2014 \u00absous-titres\u00bb" % caption.revision)


def _clock(seconds, comma=False, hours=2):
    whole = int(seconds)
    text = "%0*d:%02d:%02d.%03d" % (hours, whole // 3600, whole // 60 % 60, whole % 60, round((seconds - whole) * 1000))
    return text.replace(".", ",") if comma else text


def caption_file(caption, fmt, language):
    """``(body bytes, content type)`` of ``caption`` in format ``fmt``."""
    lines = _lines(caption, language)
    cues = list(zip(CUES, lines))
    if fmt == 0:
        text = "".join("%d\n%s --> %s\n%s\n\n" % (index + 1, _clock(a, True), _clock(b, True), line)
                       for index, ((a, b), line) in enumerate(cues))
    elif fmt == 1:
        text = "\n".join("%s,%s\n%s\n" % (_clock(a, hours=1), _clock(b, hours=1), line) for (a, b), line in cues)
    elif fmt == 2:
        text = ('<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="%s">\n'
                '  <body><div>\n%s  </div></body>\n</tt>\n' % (language, "".join(
                    '    <p begin="%.1fs" end="%.1fs">%s</p>\n' % (a, b, line) for (a, b), line in cues)))
    elif fmt == 3:
        text = "{QTtext}{timeScale:100}\n" + "".join("[%s]\n%s\n" % (_clock(a), line) for (a, _b), line in cues)
    elif fmt == 6:
        text = "".join("%s\t%s\t%s\n" % (_clock(a), _clock(b), line) for (a, b), line in cues)
    else:
        text = ("WEBVTT\n\n" + "".join("%s --> %s\n%s\n\n" % (_clock(a), _clock(b), line) for (a, b), line in cues)
                if fmt == 7 else json.dumps({"captions": [{"start": a, "end": b, "text": line} for (a, b), line in cues]},
                                            ensure_ascii=False) + "\n")
    return text.encode("utf-8"), FILES[fmt][1]
