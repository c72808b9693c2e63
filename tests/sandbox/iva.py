# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IVA (seed 004), served strictly per docs/docsite/rst/wire_iva.rst under the prefix ``/iva``.

Two customers (the second one proves that a developer sees only its own
customer's captions):

* customer id ``45678``, security token ``demo-iva-token-0001``, developer id ``dev-45678``
* customer id ``99999``, security token ``other-iva-token-0002``, developer id ``dev-99999``

Routes (order URL ``http://127.0.0.1:PORT/iva/captionorder.ashx``, OData root
``http://127.0.0.1:PORT/iva/odata``)::

    GET /iva/captionorder.ashx   order a caption (signed URL, see iva_order) -> {"CaptionId", "PublishedId", "LanguageId"}
    GET /iva/odata/Captions      the caption catalog, OData 2.0 JSON (see iva_catalog)
    GET /iva/caption.ashx        the caption file (signed URL with fmt, see iva_order) -> 302 to the CDN (see iva_cdn),
                                 on the host ``localhost`` when the request came to ``127.0.0.1`` (another host,
                                 as IVA's CDN is); 404 ``{"Message"}`` while the customer has no Completed caption
                                 of that video and language
    GET /iva/cdn/captions/{name} the caption file bytes (unsigned, as CDN paths are)

Every order that passes the checks is a new paid caption (CaptionId 700001...,
no deduplication).  Status, one step per tick: ``Ordered -> InProgress ->
Completed``; a published id ending in ``13`` (or made to fail) ends ``Failed`` instead.  Order
errors answer ``{"Message": "..."}`` (400 or 403), catalog errors the OData
error document ``{"error": {"code": "400", "message": {"lang": "en-US",
"value": "..."}}}``; core errors (404, 405, 413, injected status/throttle)
``{"Message": ...}`` with their status.

Control extras (JSON, not counted): ``GET /_sandbox/iva/orders`` -> ``{"total",
"duplicates", "by_key": {"45678/126095/0": 2}}`` (paid orders per customer/published
id/language; duplicates: orders beyond the first per key; zeroed, as the other
counters, by every ``POST /_sandbox/reset``), ``GET /_sandbox/iva/caption/{id}``
(the order as received, status now), ``GET|POST /_sandbox/iva/catalog_page_size``
``{"size": 1-500}`` (default 500, back to it on reset with data), ``POST /_sandbox/iva/fail``
``{"published_id": P, "language_id": L}`` (``language_id`` optional: every language): the captions of that
video, not yet ended and ordered later, end ``Failed`` (until a reset with data), ``POST
/_sandbox/iva/caption/{id}/revise``: a new revision of the caption's text (the CDN file changes).  Stats
``creates`` (undeclared: absent means 0): ``iva.order``, ``iva.order_duplicates``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import threading

from .iva_catalog import MAX_PAGE, caption_row, next_url, odata_error, page_of, parse_query
from .iva_cdn import caption_file, file_name, parse_name
from .iva_order import LANGUAGES, Customer, IvaError, check_caption, check_order
from .iva_store import IvaStore
from .service import Response, Route, Service
from .stats import tally_document

CUSTOMERS = {
    "45678": Customer("45678", "demo-iva-token-0001", "dev-45678"),
    "99999": Customer("99999", "other-iva-token-0002", "dev-99999"),
}
PREFIX = "/iva"
ORDER = PREFIX + "/captionorder.ashx"
ODATA = PREFIX + "/odata"
CAPTIONS = ODATA + "/Captions"
CAPTION_FILE = PREFIX + "/caption.ashx"
CDN = PREFIX + "/cdn/captions"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
ODATA_HEADERS = (("DataServiceVersion", "2.0"),)
MAX_BODY = 0
ORDERS_TALLY = "iva.orders"


def _control_body(request):
    """The JSON object body of a control request (ValueError -> 400)."""
    try:
        data = json.loads(request.body.decode("utf-8"))
    except ValueError as error:
        raise ValueError("the body is not valid JSON") from error
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def _whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


class IvaService(Service):
    """The IVA fake: signed caption orders, never deduplicated, and the OData catalog."""

    name = "iva"
    prefix = PREFIX
    content_type = JSON_CONTENT_TYPE
    resource_kinds = ()
    customers = CUSTOMERS

    def __init__(self):
        Service.__init__(self)
        self.store = None
        self._lock = threading.Lock()
        self._page_size = MAX_PAGE
        self._developers = dict((customer.developer_id, customer.customer_id) for customer in self.customers.values())

    def attach(self, app):
        Service.attach(self, app)
        self.store = IvaStore(app.clock)

    def reset(self):
        self.store.reset()
        with self._lock:
            self._page_size = MAX_PAGE

    def routes(self):
        return [
            Route("GET", ORDER, self.order, max_body=MAX_BODY),
            Route("GET", CAPTIONS, self.catalog, max_body=MAX_BODY),
            Route("GET", CAPTION_FILE, self.caption_file, max_body=MAX_BODY),
            Route("GET", CDN + "/{name}", self.cdn, max_body=MAX_BODY),
        ]

    def control_routes(self):
        return [
            ("GET", "/iva/orders", self.inspect_orders),
            ("GET", "/iva/caption/{id}", self.inspect_caption),
            ("GET", "/iva/catalog_page_size", self.page_size_get),
            ("POST", "/iva/catalog_page_size", self.page_size_set),
            ("POST", "/iva/fail", self.fail_captions),
            ("POST", "/iva/caption/{id}/revise", self.revise_caption),
        ]

    def error_response(self, status, messages, headers=None, close=False):
        return self._json({"Message": "; ".join(messages)}, status, headers, close)

    def sample_body(self):
        return self._json({"CaptionId": 700001, "PublishedId": 126095, "LanguageId": 0}).body

    def _json(self, document, status=200, headers=None, close=False):
        body = json.dumps(document).encode("utf-8")
        return Response(status, body, self.content_type, headers, close)

    def _status(self, caption):
        return caption.status(self.app.clock.steady(), self.app.clock.tick)

    # -- API ----------------------------------------------------------------------------------

    def order(self, request):
        """``GET /iva/captionorder.ashx``: a new paid caption per valid call."""
        try:
            order = check_order(request, self.customers, self.app.clock.now())
        except IvaError as error:
            return self.error_response(error.status, [error.message])
        caption = self.store.add(order)
        self.app.stats.count_create("iva.order")
        if self.app.stats.count_keyed(ORDERS_TALLY, caption.key()) > 1:
            self.app.stats.count_create("iva.order_duplicates")
        return self._json({"CaptionId": caption.caption_id, "PublishedId": caption.published_id,
                           "LanguageId": caption.language_id})

    def catalog(self, request):
        """``GET /iva/odata/Captions``: the captions of the developer's customer, paged."""
        try:
            query = parse_query(request.query)
        except IvaError as error:
            return self._json(odata_error(error), error.status, ODATA_HEADERS)
        customer_id = self._developers.get(query["developer_id"])
        rows = [] if customer_id is None else self.store.select(customer_id, query["published_id"], query["language_id"])
        with self._lock:
            page_size = self._page_size
        page, following = page_of(rows, query, page_size)
        base = "http://%s%s" % (request.header("Host") or "127.0.0.1", ODATA)
        document = {"results": [caption_row(caption, self._status(caption), base) for caption in page]}
        if following is not None:
            document["__next"] = next_url(base, query, following)
        return self._json({"d": document}, headers=ODATA_HEADERS)

    def caption_file(self, request):
        """``GET /iva/caption.ashx``: a 302 to the CDN file of the customer's newest Completed caption."""
        try:
            wanted = check_caption(request, self.customers, self.app.clock.now())
        except IvaError as error:
            return self.error_response(error.status, [error.message])
        completed = [caption for caption in self.store.select(wanted["customer_id"], wanted["published_id"], wanted["language_id"])
                     if self._status(caption) == "Completed"]
        if not completed:
            return self.error_response(404, ["no completed caption of published id %d in language %d" % (
                wanted["published_id"], wanted["language_id"])])
        host = request.header("Host") or "127.0.0.1"
        if host.startswith("127.0.0.1"):
            host = "localhost" + host[len("127.0.0.1"):]
        location = "http://%s%s/%s" % (host, CDN, file_name(completed[-1].caption_id, wanted["fmt"]))
        return Response(302, b"", "text/plain; charset=utf-8", [("Location", location)])

    def cdn(self, request):
        """``GET /iva/cdn/captions/{caption id}.{extension}``: the caption file."""
        parsed = parse_name(request.params["name"])
        caption = self.store.caption(parsed[0]) if parsed else None
        if caption is None or self._status(caption) != "Completed":
            return Response(404, b"Not Found", "text/plain; charset=utf-8")
        body, content_type = caption_file(caption, parsed[1], LANGUAGES[caption.language_id].split(" ")[0])
        return Response(200, body, content_type)

    # -- control extras -----------------------------------------------------------------------

    def inspect_orders(self, _request):
        """``GET /_sandbox/iva/orders``."""
        return 200, tally_document(self.app.stats.tally(ORDERS_TALLY), "by_key")

    def inspect_caption(self, request):
        """``GET /_sandbox/iva/caption/{id}``: the order as received and the status now."""
        caption_id = request.params["id"]
        caption = self.store.caption(int(caption_id)) if caption_id.isdigit() and caption_id.isascii() else None
        if caption is None:
            return 404, {"error": "no such caption"}
        return 200, {
            "CaptionId": caption.caption_id, "CustomerId": caption.customer_id, "PublishedId": caption.published_id,
            "LanguageId": caption.language_id, "Fmt": caption.fmt, "Status": self._status(caption), "steps": list(caption.steps),
            "revision": caption.revision,
            "DateCreated": "/Date(%d)/" % int(caption.created * 1000), "url": caption.url,
        }

    def fail_captions(self, request):
        """``POST /_sandbox/iva/fail`` ``{"published_id": P, "language_id": L}`` (``language_id`` optional)."""
        data = _control_body(request)
        published_id, language_id = data.get("published_id"), data.get("language_id")
        if (set(data) - {"published_id", "language_id"} or not _whole(published_id)
                or (language_id is not None and not _whole(language_id))):
            raise ValueError('the body is {"published_id": <an integer>, "language_id": <an integer, optional>}')
        self.store.fail(published_id, language_id)
        return 200, {"failing": {"published_id": published_id, "language_id": language_id}}

    def revise_caption(self, request):
        """``POST /_sandbox/iva/caption/{id}/revise``."""
        caption_id = request.params["id"]
        caption = self.store.revise(int(caption_id)) if caption_id.isdigit() and caption_id.isascii() else None
        if caption is None:
            return 404, {"error": "no such caption"}
        return 200, {"CaptionId": caption.caption_id, "revision": caption.revision}

    def page_size_get(self, _request):
        """``GET /_sandbox/iva/catalog_page_size``."""
        with self._lock:
            return 200, {"size": self._page_size}

    def page_size_set(self, request):
        """``POST /_sandbox/iva/catalog_page_size`` ``{"size": 1-500}``."""
        data = _control_body(request)
        size = data.get("size")
        if set(data) != {"size"} or isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_PAGE:
            raise ValueError('the body is {"size": <an integer 1-%d>}' % MAX_PAGE)
        with self._lock:
            self._page_size = size
        return 200, {"size": size}
