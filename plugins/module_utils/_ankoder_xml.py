# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: Ankoder's XML into typed Python values.

The parser is hardened: a document type declaration is refused outright (no
entity can be defined, so none can be expanded or fetched), lxml resolves no
entities, touches no network and refuses huge trees. Values are typed:
integers and decimals become numbers, true/false booleans, an empty element
None; attributes (``<audio codec="aac"/>``) become dicts of typed values.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.mediaops.video.plugins.module_utils._errors import ApiError

try:
    from lxml import etree
    HAS_LXML = True
    LXML_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module
    HAS_LXML = False
    LXML_IMPORT_ERROR = exc

MAX_BYTES = 8 * 1024 * 1024
# Containers that are lists even with zero or one child.
LIST_TAGS = frozenset(('profiles', 'errors', 'videos', 'jobs', 'thumbnails'))
# Text that must stay text even when it looks like a number.
TEXT_TAGS = frozenset(('name', 'filename', 'suffix', 'login', 'error', 'url', 'created_at', 'updated_at'))
_INT = re.compile(r'^-?[0-9]+$')
_FLOAT = re.compile(r'^-?[0-9]+\.[0-9]+$')


class XmlError(ApiError):
    """A response that is not acceptable XML."""


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def parse(body):
    """Bytes of an XML document into its root element; refuse anything hostile."""
    if isinstance(body, str):
        body = body.encode('utf-8')
    if len(body) > MAX_BYTES:
        raise XmlError('the XML answer is larger than %d bytes' % MAX_BYTES)
    if b'<!DOCTYPE' in body or b'<!ENTITY' in body:
        raise XmlError('the XML answer carries a document type declaration; refused (entities are never expanded)')
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlError('the answer is not well-formed XML: %s' % exc)
    if root is None:
        raise XmlError('the answer is an empty XML document')
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise XmlError('the XML answer carries a document type declaration; refused (entities are never expanded)')
    return root


def scalar(text, tag=None):
    """Typed value of an element's text or an attribute."""
    if text is None:
        return None
    text = text.strip()
    if text == '':
        return None
    if tag in TEXT_TAGS:
        return text
    if text in ('true', 'false'):
        return text == 'true'
    if _INT.match(text) and not (len(text) > 1 and text.lstrip('-').startswith('0')):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def to_value(element):
    """An element as a typed value: dict, list, scalar, or dict of attributes."""
    children = [child for child in element if isinstance(child.tag, str)]
    tag = element.tag
    if tag in LIST_TAGS:
        return [to_value(child) for child in children]
    if children:
        tags = [child.tag for child in children]
        if len(tags) > 1 and len(set(tags)) == 1:
            return [to_value(child) for child in children]
        value = dict((name, scalar(raw, name)) for name, raw in element.attrib.items())
        for child in children:
            value[child.tag] = to_value(child)
        return value
    if element.attrib:
        value = dict((name, scalar(raw, name)) for name, raw in element.attrib.items())
        text = scalar(element.text, tag)
        if text is not None:
            value['value'] = text
        return value
    return scalar(element.text, tag)


def document(body):
    """(root tag, typed value) of a response body."""
    root = parse(body)
    return root.tag, to_value(root)


def video_errors(video):
    """The reasons an ``<error>`` or ``<errors>`` element of a ``<video>`` gives, in order; [] when it has none."""
    if not isinstance(video, dict):
        return []
    found = video.get('errors')
    messages = [found] if isinstance(found, str) else [item for item in found or () if isinstance(item, str)]
    if isinstance(video.get('error'), str):
        messages.insert(0, video['error'])
    return [text.strip() for text in messages if text.strip()]


def normal_video(video):
    """A ``<video>`` whose error element names a reason is ``failed`` with that ``error``, unless it says
    ``downloaded`` (the seed's reply has no status: the error element is then the only sign of a failure)."""
    reasons = video_errors(video)
    if not reasons or video.get('status') == 'downloaded':
        return video
    failed = dict((key, value) for key, value in video.items() if key != 'errors')
    failed.update(status='failed', error='; '.join(reasons))
    return failed


def error_messages(body):
    """The ``<error>`` texts of an ``<errors>`` body; [] when it has none."""
    try:
        tag, value = document(body)
    except XmlError:
        return []
    if tag == 'errors':
        return [str(item) for item in value if item is not None]
    if tag == 'error' and value is not None:
        return [str(value)]
    return []
