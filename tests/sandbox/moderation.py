# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moderation (iLiveData video check, seed 002), served strictly per docs/docsite/rst/wire_moderation.rst under ``/moderation``.

The one account: app id ``demo-app-0001``, secret key ``demo-moderation-secret-0001``.

Routes (submit URL ``http://127.0.0.1:PORT/moderation/api/v1/video/check/submit``)::

    POST /moderation/api/v1/video/check/submit   submit a video -> {"errorCode": 0, "result": {"taskId": "<32 hex>"}}
    POST /moderation/api/v1/video/check/result   {"taskId": ...} -> {"errorCode": 0, "code": C[, "result": R, "videoSpams": [...]]}

Both are signed (``moderation_auth``), take a JSON body (``moderation_rules``)
and answer JSON; errors carry the HTTP status and ``{"errorCode": N,
"errorMessage": "..."}``: 400/1003 (Content-Type, malformed JSON), 401/1108
(timestamp), 401/1110 (signature, unknown app), 401/2000 and 401/2001 (missing
or invalid field, named), 405/1004 (wrong method).  Other core errors (404,
411, 413, injected status/throttle) use their HTTP status as ``errorCode``.
A task is ``code`` 2 for two ticks, then final (``moderation_results``:
``broken``, ``reject``, ``review`` in the video decide); an unknown task id
(or one of another app) is ``code`` 3.  Each submit is a new task, callbacks
per ``moderation_callback``.  The page's format and size limits are body rules
(``moderation_rules``); the size of a URL video is known for the sandbox's own
``/media`` videos (``moderation_media``).

Control extras (JSON, not counted): ``GET /_sandbox/moderation/tasks`` ->
``{"total", "duplicates", "by_video": {URL or "base64:<sha256>": n}}`` (zeroed, as
the other counters, by every ``POST /_sandbox/reset``),
``GET /_sandbox/moderation/task/{id}`` (the fields as received, the code now),
``GET /_sandbox/moderation/callbacks`` -> ``{"delivered", "failed", "retried",
"skipped", "pending"}``.  Stats ``creates`` (undeclared: absent means 0):
``moderation.task``, ``moderation.task_duplicates``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from . import moderation_rules as rules
from .moderation_auth import WRONG_METHOD, ModerationError, authenticate
from .moderation_callback import CallbackSender
from .moderation_media import announced_size
from .moderation_results import UNKNOWN, result_document
from .moderation_store import ModerationStore
from .service import Response, Route, Service
from .stats import tally_document

APP_ID = "demo-app-0001"
SECRET_KEY = "demo-moderation-secret-0001"

PREFIX = "/moderation"
SUBMIT = PREFIX + "/api/v1/video/check/submit"
RESULT = PREFIX + "/api/v1/video/check/result"
JSON_CONTENT_TYPE = "application/json;charset=UTF-8"
SUBMIT_MAX_BODY = 16 * 1024 * 1024
RESULT_MAX_BODY = 64 * 1024
TASKS_TALLY = "moderation.videos"


class ModerationService(Service):
    """The iLiveData fake: signed submits (never deduplicated), results per tick, signed callbacks."""

    name = "moderation"
    prefix = PREFIX
    content_type = JSON_CONTENT_TYPE
    resource_kinds = ()
    apps = {APP_ID: SECRET_KEY}

    def __init__(self):
        Service.__init__(self)
        self.store = None
        self.callbacks = None

    def attach(self, app):
        Service.attach(self, app)
        self.store = ModerationStore(app.clock)
        self.callbacks = CallbackSender(app.clock)

    def reset(self):
        self.store.reset()
        self.callbacks.reset()

    def routes(self):
        return [
            Route("POST", SUBMIT, self._api(self.submit), max_body=SUBMIT_MAX_BODY),
            Route("POST", RESULT, self._api(self.result), max_body=RESULT_MAX_BODY),
        ]

    def control_routes(self):
        return [
            ("GET", "/moderation/tasks", self.inspect_tasks),
            ("GET", "/moderation/task/{id}", self.inspect_task),
            ("GET", "/moderation/callbacks", self.inspect_callbacks),
        ]

    def error_response(self, status, messages, headers=None, close=False):
        code = WRONG_METHOD if status == 405 else status
        return self._json({"errorCode": code, "errorMessage": "; ".join(messages)}, status, headers, close)

    def sample_body(self):
        return self._json({"errorCode": 0, "result": {"taskId": "0" * 32}}).body

    def _json(self, document, status=200, headers=None, close=False):
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        return Response(status, body, self.content_type, headers, close)

    def _api(self, handler):
        """Authenticate, parse the body, run ``handler(app_id, data) -> document``; errors with their status."""
        def serve(request):
            try:
                app_id = authenticate(request, self.apps, self.app.clock.now())
                document = handler(app_id, rules.load_body(request.body))
            except ModerationError as error:
                return self._json(error.document(), error.status)
            return self._json(document)
        return serve

    # -- API ----------------------------------------------------------------------------------

    def submit(self, app_id, data):
        """``POST .../video/check/submit``: a new task per valid call."""
        task = self.store.add(app_id, rules.submit(data, size_of=announced_size))
        self.app.stats.count_create("moderation.task")
        if self.app.stats.count_keyed(TASKS_TALLY, task.video_key) > 1:
            self.app.stats.count_create("moderation.task_duplicates")
        if task.spec["callbackUrl"] is not None:
            self.callbacks.schedule(task)
        return {"errorCode": 0, "result": {"taskId": task.task_id}}

    def result(self, app_id, data):
        """``POST .../video/check/result``: the task's state now."""
        task = self.store.task(rules.result(data))
        if task is None or task.app_id != app_id:
            return result_document(UNKNOWN)
        return task.document(self.app.clock.steady(), self.app.clock.tick)

    # -- control extras -----------------------------------------------------------------------

    def inspect_tasks(self, _request):
        """``GET /_sandbox/moderation/tasks``."""
        return 200, tally_document(self.app.stats.tally(TASKS_TALLY), "by_video")

    def inspect_task(self, request):
        """``GET /_sandbox/moderation/task/{id}``: the fields as received (a base64 video as its key) and the code now."""
        task = self.store.task(request.params["id"])
        if task is None:
            return 404, {"error": "no such task"}
        fields = dict(task.spec)
        if fields["type"] == rules.BASE64_TYPE:
            fields["video"] = task.video_key
        now, tick = self.app.clock.steady(), self.app.clock.tick
        return 200, {"taskId": task.task_id, "appId": task.app_id, "fields": fields, "video_key": task.video_key,
                     "code": task.code_at(now, tick), "document": task.document(now, tick)}

    def inspect_callbacks(self, _request):
        """``GET /_sandbox/moderation/callbacks``."""
        return 200, self.callbacks.document()
