# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Form bodies: ``application/x-www-form-urlencoded`` and ``multipart/form-data`` (stdlib ``email`` parser)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.parser
import email.policy
from urllib.parse import parse_qsl

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class FormError(ValueError):
    """The body is not a well-formed form of its declared type."""


class FormPart:
    """One multipart field: ``value`` (text) for plain fields, ``filename``/``data`` for files."""

    def __init__(self, name, data, filename=None):
        self.name = name
        self.data = data
        self.filename = filename

    @property
    def value(self):
        """The field as UTF-8 text."""
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FormError("field %s is not UTF-8" % self.name) from error


def parse_urlencoded(body):
    """(name, value) pairs of an urlencoded body, in order, blanks kept."""
    if not body:
        return []
    try:
        return parse_qsl(body.decode("ascii"), keep_blank_values=True, strict_parsing=True, errors="strict")
    except (UnicodeError, ValueError) as error:
        raise FormError("malformed form body") from error


def parse_multipart(content_type, body):
    """``FormPart`` list of a multipart body (``content_type`` carries the boundary)."""
    if "boundary=" not in content_type:
        raise FormError("multipart body without a boundary")
    head = ("Content-Type: %s\r\nMIME-Version: 1.0\r\n\r\n" % content_type).encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart() or message.defects:
        raise FormError("malformed multipart body")
    parts = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_content_disposition() != "form-data" or not name or part.defects:
            raise FormError("multipart part without a form-data name")
        data = part.get_payload(decode=True)
        parts.append(FormPart(str(name), data if data is not None else b"", part.get_filename()))
    return parts


def parse_form(media_type, content_type, body):
    """``FormPart`` list of either form encoding; ``media_type`` is the lowercased type/subtype."""
    if media_type == URLENCODED or (not media_type and not body):
        return [FormPart(name, value.encode("utf-8")) for name, value in parse_urlencoded(body)]
    if media_type == MULTIPART:
        return parse_multipart(content_type, body)
    raise FormError("unsupported form encoding %s" % (media_type or "(none)"))
