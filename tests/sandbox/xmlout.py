# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A tiny XML writer: ``node(tag, text, attrs, children)`` trees rendered with indentation.

``text`` of ``None`` or ``""`` renders as ``<tag></tag>`` (the vendor's "not set"),
except for an attribute-only leaf, which renders self-closed (``<audio codec="aac"/>``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from xml.sax.saxutils import escape, quoteattr

XML_CONTENT_TYPE = "text/xml; charset=utf-8"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


class Node:
    """One element: tag, optional text, ordered attributes, child nodes."""

    __slots__ = ("tag", "text", "attrs", "children")

    def __init__(self, tag, text=None, attrs=None, children=None):
        self.tag = tag
        self.text = text
        self.attrs = list(attrs or [])
        self.children = list(children or [])


def node(tag, text=None, attrs=None, children=None):
    """Build a ``Node``; ``attrs`` is a list of (name, value) pairs."""
    return Node(tag, text, attrs, children)


def text_of(value):
    """The XML text of a Python value: ``None`` is empty, booleans are ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _lines(element, depth, out):
    pad = "  " * depth
    attrs = "".join(" %s=%s" % (name, quoteattr(text_of(value))) for name, value in element.attrs)
    if element.children:
        out.append("%s<%s%s>" % (pad, element.tag, attrs))
        for child in element.children:
            _lines(child, depth + 1, out)
        out.append("%s</%s>" % (pad, element.tag))
        return
    text = text_of(element.text)
    if not text and element.attrs:
        out.append("%s<%s%s/>" % (pad, element.tag, attrs))
    else:
        out.append("%s<%s%s>%s</%s>" % (pad, element.tag, attrs, escape(text), element.tag))


def render(root):
    """The UTF-8 document (declaration included) of the tree ``root``."""
    out = []
    _lines(root, 0, out)
    return (DECLARATION + "\n".join(out) + "\n").encode("utf-8")


def errors_document(messages):
    """``<errors><error>...</error>...</errors>`` with one ``<error>`` per message."""
    return render(node("errors", children=[node("error", message) for message in messages]))
