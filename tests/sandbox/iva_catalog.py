# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA's OData 2.0 catalog of captions (the shape decided in docs/docsite/rst/wire_iva.rst, Endpoints).

``GET /iva/odata/Captions?$filter=PublishedId eq P and LanguageId eq L&$format=json&developerid=D``

* ``$filter``: absent (every caption the developer may see), ``PublishedId eq P``
  or ``PublishedId eq P and LanguageId eq L`` (OData is case-sensitive:
  property names and ``eq``/``and`` exactly so; spaces as ``%20`` or ``+``).
* ``$format=json`` is required; ``$top`` 0..500 and ``$skip`` >= 0 (digits);
  any other ``$`` option, or a parameter given twice, is a 400.
* ``developerid`` (name in any case) is required; an unknown developer sees an
  empty result, a known one only its customer's captions.

Rows are ordered by CaptionId.  A page holds at most the page size (500, or
less through ``POST /_sandbox/iva/catalog_page_size``) rows.  Without ``$top``
the client asks for every row from ``$skip`` on; with ``$top`` for at most that
many (standard OData: ``$top`` rows delivered, no ``__next``).  ``__next`` (an
absolute URL with ``$skip`` advanced and ``$top`` reduced) is present only when
rows of that request remain beyond the page.  Every row also carries the
usual OData ``__metadata`` (clients ignore unknown fields).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from urllib.parse import quote, unquote_plus

from .iva_order import IvaError

MAX_PAGE = 500
OPTIONS = ("$filter", "$format", "$top", "$skip")
DEVELOPER = "developerid"
ENTITY_TYPE = "IVA.Caption"
_FILTER = re.compile(r"^ *PublishedId +eq +([0-9]+)(?: +and +LanguageId +eq +([0-9]+))? *$")
_DIGITS = re.compile(r"^[0-9]+$")


def _parameters(query):
    """``{name: value}`` of the catalog query: ``$`` options exactly, ``developerid`` in any case."""
    found = {}
    for item in query.split("&") if query else []:
        if not item:
            continue
        name, _sep, value = item.partition("=")
        name = unquote_plus(name)
        if name.startswith("$"):
            if name not in OPTIONS:
                raise IvaError(400, "the query option %s is not supported (%s only)" % (name, ", ".join(OPTIONS)))
        elif name.lower() == DEVELOPER:
            name = DEVELOPER
        else:
            continue
        if name in found:
            raise IvaError(400, "the query option %s is given more than once" % name)
        found[name] = unquote_plus(value)
    return found


def _count(params, name, maximum=None):
    value = params.get(name)
    if value is None:
        return None
    if not _DIGITS.match(value) or (maximum is not None and int(value) > maximum):
        raise IvaError(400, "%s must be an integer 0-%s" % (name, maximum if maximum is not None else "..."))
    return int(value)


def parse_query(query):
    """``{filter, published_id, language_id, top, skip, developer_id}`` of a catalog query, or an ``IvaError``."""
    params = _parameters(query)
    if params.get("$format") != "json":
        raise IvaError(400, "$format=json is required")
    if not params.get(DEVELOPER):
        raise IvaError(400, "developerid is required")
    published_id = language_id = None
    text = params.get("$filter")
    if text is not None:
        found = _FILTER.match(text)
        if found is None:
            raise IvaError(400, "$filter must be 'PublishedId eq P' or 'PublishedId eq P and LanguageId eq L'")
        published_id = int(found.group(1))
        language_id = int(found.group(2)) if found.group(2) is not None else None
    return {
        "filter": text, "published_id": published_id, "language_id": language_id, "developer_id": params[DEVELOPER],
        "top": _count(params, "$top", MAX_PAGE), "skip": _count(params, "$skip") or 0,
    }


def page_of(rows, query, page_size):
    """``(page, next (skip, top) or None)`` of ``rows`` for ``query``."""
    skip, top = query["skip"], query["top"]
    wanted = max(len(rows) - skip, 0)
    if top is not None:
        wanted = min(wanted, top)
    page = rows[skip:skip + min(wanted, page_size)]
    if wanted <= len(page):
        return page, None
    return page, (skip + len(page), None if top is None else top - len(page))


def next_url(base, query, following):
    """The absolute ``__next`` URL: the same query from ``following = (skip, top)`` on."""
    skip, top = following
    parts = []
    if query["filter"] is not None:
        parts.append("$filter=" + quote(query["filter"], safe=""))
    parts.append("$format=json")
    parts.append("%s=%s" % (DEVELOPER, quote(query["developer_id"], safe="")))
    parts.append("$skip=%d" % skip)
    if top is not None:
        parts.append("$top=%d" % top)
    return base + "/Captions?" + "&".join(parts)


def caption_row(caption, status, base):
    """One OData row of ``caption`` (``base``: the absolute URL of the OData service root)."""
    return {
        "__metadata": {"uri": "%s/Captions(%d)" % (base, caption.caption_id), "type": ENTITY_TYPE},
        "CaptionId": caption.caption_id, "PublishedId": caption.published_id, "LanguageId": caption.language_id,
        "Status": status, "DateCreated": "/Date(%d)/" % int(caption.created * 1000),
    }


def odata_error(error):
    """The OData 2.0 JSON error document of an ``IvaError``."""
    return {"error": {"code": str(error.status), "message": {"lang": "en-US", "value": error.message}}}
