# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon (seed 003), served strictly per docs/docsite/rst/wire_pallycon.rst under the prefix ``/pallycon``.

The one account (base URL ``http://127.0.0.1:PORT/pallycon``):

* ``SITE_ID`` = ``DEMO``
* ``SITE_KEY`` = ``demo-site-key-0123456789abcdef!!`` (32 bytes: the AES-256 key)
* ``ACCESS_KEY`` = ``demo-access-key-pallycon-0000001`` (goes into the hash)

Routes (every one takes its API data from ``pallycon-apidata`` only, see
``pallycon_envelope``; every answer is HTTP 200 JSON with ``error_code``
``"0000"`` or the vendor's code)::

    POST /pallycon/api/v2/storage/{site_id}         register a storage -> storage_id "ST000001"...
    PUT  /pallycon/api/v2/storage/{site_id}         rename / describe a storage
    GET  /pallycon/api/v2/storage/{site_id}         list storages (storage_type, region required)
    POST /pallycon/api/v2/pack/{site_id}            register a packaging job -> job_id 100001...
    GET  /pallycon/api/v2/pack/{site_id}            list jobs, newest first
    GET  /pallycon/api/v2/pack/{site_id}/contents   tracks of one job (job_id)

Control extras (JSON, not counted): ``GET|POST /_sandbox/pallycon/callback``
(``{"url": "http://127.0.0.1:PORT/path?token=..."}`` or ``{"url": null}``; the
answer shows the URL and the delivered/failed/retried/skipped/pending counts),
``GET /_sandbox/pallycon/job/{id}`` (the API data as received and the status
now), ``POST /_sandbox/pallycon/job/{id}`` ``{"status": "WM777"}`` (from now on
the job holds that status code, documented or not, and never calls back: a
vendor answering an undocumented progress code), ``GET /_sandbox/pallycon/duplicates`` (jobs beyond the first per
content id).  Stats ``creates``: ``pallycon.storage``,
``pallycon.storage_update`` (PUTs that changed something), ``pallycon.job``,
``pallycon.job_duplicates`` (jobs whose content id was already used); they
are not declared, so they show once non-zero (absent means 0).  HTTP errors
of the core (404, 405, 413, injected status/throttle) answer JSON
``{"error_code": "<status>", "error_message": ...}``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

from . import pallycon_rules as rules
from .pallycon_callback import CallbackNotifier
from .pallycon_envelope import SUCCESS, Account, PallyConError, invalid, open_request
from .pallycon_rows import TIME_ZONE, callback_payload, job_row, storage_row, track_rows
from .pallycon_store import PallyConStore
from .service import Response, Route, Service

SITE_ID = "DEMO"
SITE_KEY = "demo-site-key-0123456789abcdef!!"
ACCESS_KEY = "demo-access-key-pallycon-0000001"

PREFIX = "/pallycon"
STORAGE = PREFIX + "/api/v2/storage/{site_id}"
PACK = PREFIX + "/api/v2/pack/{site_id}"
CONTENTS = PACK + "/contents"
JSON_CONTENT_TYPE = "application/json;charset=UTF-8"
MAX_BODY = 64 * 1024
FORCED_STATUS = re.compile(r"^WM[0-9]{3,6}$")


def _ok(**fields):
    document = {"error_code": SUCCESS, "error_message": ""}
    document.update(fields)
    return document


def _control_body(request):
    """The JSON object body of a control request (ValueError -> 400)."""
    try:
        data = json.loads(request.body.decode("utf-8"))
    except ValueError as error:
        raise ValueError("the body is not valid JSON") from error
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


class PallyConService(Service):
    """The PallyCon fake: one site, storages, packaging jobs that progress per tick, a result callback."""

    name = "pallycon"
    prefix = PREFIX
    content_type = JSON_CONTENT_TYPE
    resource_kinds = ()
    accounts = {SITE_ID: Account(SITE_ID, SITE_KEY, ACCESS_KEY)}

    def __init__(self):
        Service.__init__(self)
        self.store = None
        self.callbacks = None

    def attach(self, app):
        Service.attach(self, app)
        self.store = PallyConStore(app.clock)
        self.callbacks = CallbackNotifier(app.clock, callback_payload)

    def reset(self):
        self.store.reset()
        self.callbacks.reset()

    def routes(self):
        api = self._api
        return [
            Route("POST", STORAGE, api(self.storage_register), max_body=MAX_BODY),
            Route("PUT", STORAGE, api(self.storage_update), max_body=MAX_BODY),
            Route("GET", STORAGE, api(self.storage_list), max_body=MAX_BODY),
            Route("POST", PACK, api(self.job_register), max_body=MAX_BODY),
            Route("GET", PACK, api(self.job_list), max_body=MAX_BODY),
            Route("GET", CONTENTS, api(self.track_list), max_body=MAX_BODY),
        ]

    def control_routes(self):
        return [
            ("GET", "/pallycon/callback", self.callback_get),
            ("POST", "/pallycon/callback", self.callback_set),
            ("GET", "/pallycon/job/{id}", self.inspect_job),
            ("POST", "/pallycon/job/{id}", self.force_job_status),
            ("GET", "/pallycon/duplicates", self.inspect_duplicates),
        ]

    def error_response(self, status, messages, headers=None, close=False):
        return self._json({"error_code": str(status), "error_message": "; ".join(messages)}, status, headers, close)

    def sample_body(self):
        return self._json(_ok(total_count=0, time_zone=TIME_ZONE, data=[])).body

    # -- plumbing ---------------------------------------------------------------------------

    def _json(self, document, status=200, headers=None, close=False):
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        return Response(status, body, self.content_type, headers, close)

    def _api(self, handler):
        """Open the envelope, run ``handler(api_data) -> document``; vendor errors answer HTTP 200."""
        def serve(request):
            try:
                document = handler(open_request(request, self.accounts, self.app.clock.now()))
            except PallyConError as error:
                document = error.document()
            return self._json(document)
        return serve

    def _storage_exists(self, storage_id):
        return self.store.storage(storage_id) is not None

    # -- storages ---------------------------------------------------------------------------

    def storage_register(self, data):
        """``POST /api/v2/storage/{site_id}``."""
        storage = self.store.add_storage(rules.storage_register(data))
        self.app.stats.count_create("pallycon.storage")
        return _ok(storage_id=storage.storage_id)

    def storage_update(self, data):
        """``PUT /api/v2/storage/{site_id}``."""
        storage_id, changes = rules.storage_update(data)
        storage = self.store.storage(storage_id)
        if storage is None:
            raise invalid("storage_id", "unknown storage %s" % storage_id)
        if self.store.update_storage(storage, changes):
            self.app.stats.count_create("pallycon.storage_update")
        return _ok(storage_id=storage_id)

    def storage_list(self, data):
        """``GET /api/v2/storage/{site_id}``."""
        query = rules.storage_query(data)
        total, page = self.store.storages(query)
        return _ok(total_count=total, time_zone=query["time_zone"], data=[storage_row(storage, query["offset"]) for storage in page])

    # -- packaging jobs ---------------------------------------------------------------------

    def job_register(self, data):
        """``POST /api/v2/pack/{site_id}``."""
        job, duplicate = self.store.add_job(rules.job_register(data, self._storage_exists), data)
        self.app.stats.count_create("pallycon.job")
        if duplicate:
            self.app.stats.count_create("pallycon.job_duplicates")
        self.callbacks.schedule(job)
        return _ok(job_id=job.job_id)

    def job_list(self, data):
        """``GET /api/v2/pack/{site_id}``."""
        query = rules.job_query(data)
        total, page = self.store.jobs(query)
        tick = self.app.clock.tick
        return _ok(total_count=total, time_zone=query["time_zone"], data=[job_row(job, step, tick, query["offset"]) for job, step in page])

    def track_list(self, data):
        """``GET /api/v2/pack/{site_id}/contents``."""
        job_id = rules.tracks_query(data)
        job = self.store.job(job_id)
        if job is None:
            raise invalid("job_id", "unknown job %s" % job_id)
        rows = track_rows(job, job.step(self.app.clock.steady(), self.app.clock.tick), self.app.clock.tick)
        return _ok(total_count=len(rows), data=rows)

    # -- control extras ---------------------------------------------------------------------

    def callback_get(self, _request):
        """``GET /_sandbox/pallycon/callback``."""
        return 200, self.callbacks.document()

    def callback_set(self, request):
        """``POST /_sandbox/pallycon/callback`` ``{"url": URL | null}``."""
        data = _control_body(request)
        if set(data) != {"url"}:
            raise ValueError('the body is {"url": "http://127.0.0.1:PORT/..." | null}')
        self.callbacks.set_url(data["url"])
        return 200, self.callbacks.document()

    def inspect_job(self, request):
        """``GET /_sandbox/pallycon/job/{id}``: the API data as received and the status now."""
        job_id = request.params["id"]
        job = self.store.job(int(job_id)) if job_id.isdigit() else None
        if job is None:
            return 404, {"error": "no such job"}
        step = job.step(self.app.clock.steady(), self.app.clock.tick)
        return 200, {"job_id": job.job_id, "data": job.data, "status": job.steps[step], "steps": list(job.steps)}

    def force_job_status(self, request):
        """``POST /_sandbox/pallycon/job/{id}`` ``{"status": CODE}``: the job holds CODE from now on."""
        job_id = request.params["id"]
        job = self.store.job(int(job_id)) if job_id.isdigit() else None
        if job is None:
            return 404, {"error": "no such job"}
        data = _control_body(request)
        code = data.get("status")
        if set(data) != {"status"} or not isinstance(code, str) or not FORCED_STATUS.match(code):
            raise ValueError('the body is {"status": "WM" and 3 to 6 digits}')
        self.store.force_status(job, code, self.app.clock.steady(), self.app.clock.tick)
        return self.inspect_job(request)

    def inspect_duplicates(self, _request):
        """``GET /_sandbox/pallycon/duplicates``."""
        by_content_id = self.store.duplicates()
        return 200, {"total": sum(by_content_id.values()), "by_content_id": by_content_id}
