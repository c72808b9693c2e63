# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The create-once engine converges under faults, over real HTTP, and never creates anything twice.

200 resources (60 PallyCon packaging jobs, 60 IVA captions, 40 Ankoder URL imports, 40 moderation
submissions) are reconciled against the in-process sandbox with the modules' own clients, kinds and
sources, and one file ledger. Every create route loses about one create in five: the connection dropped
before the service acts, dropped after it acted, a 500 before it acts, or a late commit (the service acts
after the client gave up; on the listed kinds also so late that the next run starts before it lands).

Runs start on a schedule (at least PERIOD apart) until every item is done. Between runs the test acts as
the operator for ledgered items whose outcome is unknown: it looks the resource up in the sandbox (Ankoder:
the stored videos; moderation: the task counts and the result callbacks, which carry the task id) and adopts
it (``on_unknown_outcome=adopt`` with its id) or, when the service holds none, creates it anyway
(``on_unknown_outcome=recreate``). Listed items converge by themselves: a small ``grace`` (still longer than
any late commit takes) instead of 900 s. The sandbox's own counters must then show exactly one create per
resource, the ids the items ended with must be the ones the services hold, and a last run must send no
create request at all.

The fault draws are seeded (``probability`` + ``seed`` per rule), so the number of faults per run is the same
from one test run to the next; which item a fault hits depends on thread scheduling.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_fields as fields
from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils import _iva_module as iva
from ansible_collections.mediaops.video.plugins.module_utils import _moderation_module as moderation
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_jobs as pallycon_jobs
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_module as pallycon
from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient
from ansible_collections.mediaops.video.plugins.module_utils._create_once import Engine, Item, Options, Source
from ansible_collections.mediaops.video.plugins.module_utils._iva import IvaClient
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FileLedger
from ansible_collections.mediaops.video.plugins.module_utils._moderation import ModerationClient
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import PallyConClient
from ansible_collections.mediaops.video.plugins.modules import ankoder_video, moderation_submission

from sandbox import ankoder as sandbox_ankoder
from sandbox import iva as sandbox_iva
from sandbox import moderation as sandbox_moderation
from sandbox import pallycon as sandbox_pallycon
from sandbox_testlib import receiver

JOBS, CAPTIONS, VIDEOS, SUBMISSIONS = 60, 60, 40, 40
CLIENT_TIMEOUT = 0.6  # every client's read timeout
LATE = 1.2  # delay of a "slow" fault: the service acts LATE s after the request arrived, the client gave up before
VERY_LATE = 3.0  # listed kinds also get commits that land after the next run started (CONFIRM + the run's rest)
GRACE = 5  # unknown_outcome_grace: longer than any late commit takes to land (sent_at has 1 s resolution)
CONFIRM = 1.5  # confirm_timeout: a late commit (not a very late one) shows in the listing within it
SETTLE = LATE + 0.6  # the operator waits this long after a run before looking: every ledgered late commit has landed
PERIOD = 2.5  # runs start at least this far apart, as a schedule would start them
MAX_ROUNDS = 10
FAULT_PROBABILITY = 0.05  # per rule; four rules on each create route (five on listed ones): about 20 % of the creates
CREATE_ROUTES = {
    'pallycon': 'POST /pallycon/api/v2/pack/{site_id}',
    'iva': 'GET /iva/captionorder.ashx',
    'ankoder': 'POST /ankoder/download',
    'moderation': 'POST /moderation/api/v1/video/check/submit',
}
LISTED_ROUTES = ('pallycon', 'iva')
FAULTS = (
    dict(kind='drop'),  # the connection is lost before the service acts
    dict(kind='drop', after_action=True),  # the service acts, the answer is lost
    dict(kind='status', status=500),  # a 500 before the service acts
    dict(kind='slow', delay=LATE),  # a late commit: the service acts after the client gave up
)
LISTED_FAULTS = FAULTS + (dict(kind='slow', delay=VERY_LATE),)
CALLBACK_SECRET = 'chaos-callback-secret-0001'


class _Params(object):
    """What the modules' scope() functions read of a module."""

    def __init__(self, **params):
        self.params = params


class _Callables(Source):
    """A Source of a ledgered kind made of a client's fetch, create and would_be."""

    def __init__(self, kind, fetch, create, would_be):
        Source.__init__(self, kind)
        self._fetch, self._create, self._would_be = fetch, create, would_be

    def fetch(self, item, remote_id):
        return self._fetch(remote_id)

    def create(self, item):
        return self._create()

    def would_be(self, item):
        return self._would_be()


class Ledgered(object):
    """One resource of a ledgered kind, reconciled as its module does: one item per engine run."""

    def __init__(self, kind, scope, key, label, request, fetch, create, would_be, secret=None):
        self.kind = kind
        self.scope = scope
        self.key = key
        self.label = label
        self.request = request
        self.source = _Callables(kind, fetch, create, would_be)
        self.secret = secret

    def item(self, adopt_id=None):
        return Item(self.key, self.label, self.request, secret_fields=self.kind.secret_keys, adopt_id=adopt_id)


class Fleet(object):
    """The four services' clients, the declared resources and the ledger."""

    def __init__(self, sb, ledger, callbacks):
        base = sb.base
        self.sb = sb
        self.ledger = ledger
        self.callbacks = callbacks
        self.pallycon = PallyConClient(api_url=base + '/pallycon', site_id=sandbox_pallycon.SITE_ID,
                                       site_key=sandbox_pallycon.SITE_KEY, access_key=sandbox_pallycon.ACCESS_KEY,
                                       timeout=CLIENT_TIMEOUT)
        customer = '45678'
        self.iva = IvaClient(order_url=base + sandbox_iva.ORDER, odata_url=base + sandbox_iva.ODATA, customer_id=customer,
                             security_token=sandbox_iva.CUSTOMERS[customer].token,
                             developer_id=sandbox_iva.CUSTOMERS[customer].developer_id,
                             timeout=CLIENT_TIMEOUT)
        self.ankoder = AnkoderClient(api_url=base + '/ankoder', auth_method='basic', username=sandbox_ankoder.LOGIN,
                                     password=sandbox_ankoder.PASSWORD, timeout=CLIENT_TIMEOUT)
        self.moderation = ModerationClient(submit_url=base + sandbox_moderation.SUBMIT, result_url=base + sandbox_moderation.RESULT,
                                           app_id=sandbox_moderation.APP_ID, secret_key=sandbox_moderation.SECRET_KEY,
                                           timeout=CLIENT_TIMEOUT)
        self.pallycon_scope = pallycon.SERVICE.scope(_Params(api_url=base + '/pallycon', site_id=sandbox_pallycon.SITE_ID), 'packaging_job')
        self.iva_scope = iva.SERVICE.scope(_Params(order_url=base + sandbox_iva.ORDER, customer_id=customer))
        storage = self.pallycon.register_storage({
            'storage_name': 'chaos', 'type': 'S3', 'id': 'AKIACHAOS', 'password': 'chaos/secret', 'aws_bucket': 'chaos',
            'region': 'RG011'})
        self.job_params = {'jobs': [dict(
            content_id='chaos-title-%03d' % n, job_name='Chaos title %d' % n, input_storage_id=storage,
            contents_path=['masters/chaos-%03d.mp4' % n], output_storage_id=storage, output_path='packaged/chaos-%03d' % n,
            streaming_format=['dash', 'hls'], protection=['watermark'], subtitles=None, dash_option=None, drm_option=None,
            id=None) for n in range(JOBS)]}
        self.job_specs = pallycon_jobs.job_specs(self.job_params)
        # published ids ending in 13 end Failed in the sandbox: these end in 1
        self.published = [300001 + 10 * n for n in range(CAPTIONS)]
        self.videos = [self._video(n) for n in range(VIDEOS)]
        self.submissions = [self._submission(n) for n in range(SUBMISSIONS)]

    # -- the declared resources, built with the modules' own functions -------------------------

    def _video(self, n):
        """An Ankoder URL import, as ankoder_video.reconcile_video builds it."""
        p = dict.fromkeys(list(fields.argument_spec()) + ['url', 'src', 'key', 'profile', 'recipe'])
        p.update(url='http://media.example.com/chaos/master-%03d.mov' % n, video_format='mp4', video_codec='h264',
                 audio_codec='aac')
        request = ankoder_video.url_request(p)
        form = fields.to_form(fields.declared_fields(p))
        form['url'] = p['url']
        scope = ankoder.SERVICE.scope(_Params(api_url=self.ankoder.http.base_url), 'video')
        return Ledgered(ankoder.VIDEO, scope, p['url'], 'video %s' % p['url'], request, self.ankoder.get_video,
                        lambda: self.ankoder.import_video(form), lambda: dict(id=None, status=None, progress=0))

    def _submission(self, n):
        """A moderation submission, as moderation_submission.reconcile_submission builds it.

        Each has its own callback URL: the result callback is how the operator learns a task id the service
        cannot be searched for.
        """
        p = dict.fromkeys(['video_url', 'video_path', 'key'] + [name for name, _field in moderation_submission.OPTIONAL])
        p.update(video_url='https://media.example.com/chaos/clip-%03d.mp4' % n,
                 callback_url='%s/cb/%03d' % (self.callbacks.url, n), callback_secret_key=CALLBACK_SECRET)
        request = moderation_submission.declared_submission(p)
        body = moderation_submission.payload(p, request)
        scope = moderation.SERVICE.scope(_Params(submit_url=self.moderation.submit_url))
        return Ledgered(moderation.SUBMISSION, scope, p['video_url'], 'submission %s' % p['video_url'], request,
                        self.moderation.result, lambda: self.moderation.submit(body),
                        lambda: {'task_id': None, 'code': None, 'state': None, 'verdict': None, 'segments': []},
                        secret=sandbox_moderation.SECRET_KEY)

    # -- one run of everything ---------------------------------------------------------------------

    def _listed_options(self):
        return Options(grace=GRACE, confirm_timeout=CONFIRM, confirm_sleep=0.1, concurrency=8, pending_window=5)

    def run_jobs(self):
        """pallycon_packaging_job with jobs: one engine run over every job."""
        source = pallycon_jobs.Jobs(self.pallycon, 1000)
        engine = Engine(source, self.ledger, self.pallycon_scope, self._listed_options())
        return engine.run(pallycon_jobs.items(self.job_specs, self.job_params))

    def run_captions(self):
        """iva_caption_order over every caption, in one engine run."""
        engine = Engine(iva.Captions(self.iva), self.ledger, self.iva_scope, self._listed_options())
        return engine.run([iva.caption_item(published, 0) for published in self.published])

    def run_ledgered(self, units, decisions):
        """One engine run per resource (as the module runs), eight at a time; ``decisions``: key -> (choice, id)."""
        def one(unit):
            choice, remote_id = decisions.get(unit.key, ('fail', None))
            options = Options(on_unknown_outcome=choice, concurrency=1, pending_window=5)
            engine = Engine(unit.source, self.ledger, unit.scope, options, secret=unit.secret)
            return engine.run([unit.item(remote_id)])[0]
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(one, units))

    def run_all(self, decisions):
        """Every kind at once; ``{kind: [Result]}``."""
        work = {
            'pallycon': self.run_jobs,
            'iva': self.run_captions,
            'ankoder': lambda: self.run_ledgered(self.videos, decisions),
            'moderation': lambda: self.run_ledgered(self.submissions, decisions),
        }
        with ThreadPoolExecutor(max_workers=len(work)) as pool:
            futures = dict((name, pool.submit(call)) for name, call in work.items())
            return dict((name, future.result()) for name, future in futures.items())

    # -- the operator ------------------------------------------------------------------------------

    def unresolved(self):
        """Ledgered resources whose claim is left pending (their create's outcome is unknown)."""
        return [unit for unit in self.videos + self.submissions
                if (self.ledger.get(unit.scope, unit.key) or {}).get('pending')]

    def ankoder_videos(self):
        """``{source URL: [video ids]}`` of every video the sandbox stored (ids are sequential from 1001)."""
        stored = self.sb.stats()['creates'].get('ankoder.video', 0)
        found = {}
        for video_id in range(1001, 1001 + stored):
            video = self.sb.control('GET', '/ankoder/video/%d' % video_id)
            found.setdefault(video['source'], []).append(str(video['id']))
        return found

    def moderation_tasks(self, urls):
        """``{video URL: [task ids]}`` for the submissions of ``urls`` that the sandbox holds.

        /_sandbox/moderation/tasks counts tasks per video; their ids come from the result callbacks (one URL
        per submission), waited for (bounded) until every counted task has called back.
        """
        counted = self.sb.control('GET', '/moderation/tasks')['by_video']
        wanted = dict((url, counted.get(url, 0)) for url in urls)
        deadline = time.monotonic() + 10
        while True:
            ids = self.callbacks.task_ids()
            by_url = dict((unit.key, ids.get(unit.request['callback_url'].rsplit('/', 1)[1], []))
                          for unit in self.submissions if unit.key in wanted)
            if all(len(by_url[url]) >= wanted[url] for url in wanted):
                return by_url
            assert time.monotonic() < deadline, 'tasks without a callback after 10 s: %s' % sorted(
                url for url in wanted if len(by_url[url]) < wanted[url])
            time.sleep(0.1)

    def decide(self, units):
        """What the operator does with each unresolved resource: adopt what the service holds, else recreate."""
        time.sleep(SETTLE)
        videos = self.ankoder_videos() if any(unit.kind is ankoder.VIDEO for unit in units) else {}
        tasks = self.moderation_tasks([unit.key for unit in units if unit.kind is moderation.SUBMISSION])
        decisions = {}
        for unit in units:
            held = videos.get(unit.key, []) if unit.kind is ankoder.VIDEO else tasks.get(unit.key, [])
            assert len(held) <= 1, 'the service holds %s twice: %s' % (unit.label, held)
            decisions[unit.key] = ('adopt', held[0]) if held else ('recreate', None)
        return decisions


class Callbacks(object):
    """The moderation result callbacks received: task ids by callback path."""

    def __init__(self, url, received):
        self.url = url
        self._received = received
        self._ids = {}
        self._lock = threading.Lock()

    def task_ids(self):
        with self._lock:
            while True:
                try:
                    path, _headers, body, _status = self._received.get_nowait()
                except queue.Empty:
                    break
                task_id = json.loads(body.decode('utf-8'))['taskId']
                ids = self._ids.setdefault(path.rsplit('/', 1)[1], [])
                if task_id not in ids:
                    ids.append(task_id)
            return dict((name, list(ids)) for name, ids in self._ids.items())


def _errors(outcome):
    return ['%s: %s' % (result.item.label, result.error.message)
            for results in outcome.values() for result in results if result.error is not None]


def _summary(rounds, started):
    """The runs, each with its start in seconds from the test's."""
    return [dict(dict((k, v) for k, v in r.items() if k != 'start'), at=round(r['start'] - started, 1)) for r in rounds]


def _id_of(kind, result):
    return str((result.current or {}).get(kind.id_key))


@pytest.fixture
def callbacks():
    with receiver() as (url, received):
        yield Callbacks(url, received)


def _held_back(outcome):
    """Listed items a run did not send because an earlier create may still land (within the grace)."""
    return sum(1 for name in LISTED_ROUTES for result in outcome[name]
               if result.error is not None and result.action == 'keep' and 'unknown_outcome_grace' in result.error.message)


def test_two_hundred_creates_converge_under_faults_without_a_duplicate(sb, tmp_path, callbacks):
    started = time.monotonic()
    fleet = Fleet(sb, FileLedger(str(tmp_path / 'ledger.json')), callbacks)
    for service, route in sorted(CREATE_ROUTES.items()):
        for index, fault in enumerate(LISTED_FAULTS if service in LISTED_ROUTES else FAULTS):
            sb.fault(route=route, count=1000, probability=FAULT_PROBABILITY, seed=1000 * len(service) + index, **fault)

    # -- run until every item is done ------------------------------------------------------------------
    decisions = {}
    rounds = []
    adopted = recreated = held_back = 0
    for _round in range(MAX_ROUNDS):
        if rounds:
            time.sleep(max(0.0, rounds[-1]['start'] + PERIOD - time.monotonic()))
        begun = time.monotonic()
        outcome = fleet.run_all(decisions)
        errors = _errors(outcome)
        held_back += _held_back(outcome)
        rounds.append(dict(start=begun, errors=len(errors), held_back=_held_back(outcome),
                           adopt=sum(1 for choice, _id in decisions.values() if choice == 'adopt'),
                           recreate=sum(1 for choice, _id in decisions.values() if choice == 'recreate')))
        for units, name in ((fleet.videos, 'ankoder'), (fleet.submissions, 'moderation')):
            for unit, result in zip(units, outcome[name]):
                if unit.key in decisions and result.error is None:
                    adopted += decisions[unit.key][0] == 'adopt'
                    recreated += decisions[unit.key][0] == 'recreate'
        if not errors:
            break
        unresolved = fleet.unresolved()
        decisions = fleet.decide(unresolved) if unresolved else {}
    else:
        pytest.fail('not converged after %d runs %s; still failing: %s' % (MAX_ROUNDS, _summary(rounds, started), errors[:10]))
    converged = outcome

    # -- a last run (faults still armed) sends no create and changes nothing ---------------------------
    before = sb.stats()
    final = fleet.run_all({})
    after = sb.stats()
    assert _errors(final) == []
    assert [(r.item.label, r.action) for results in final.values() for r in results if r.action != 'keep'] == []
    for route in CREATE_ROUTES.values():
        assert after['requests'].get(route, 0) == before['requests'].get(route, 0), route
    assert after['creates'] == before['creates']

    # Any create still in flight (a resend would have one) lands before the counters are read.
    time.sleep(max(0.0, rounds[-1]['start'] + VERY_LATE + 0.5 - time.monotonic()))

    # The faults did fire, on about a fifth of the create requests; the operator had to step in, and runs
    # that started while a create might still land held it back instead of sending it again.
    stats = sb.stats()
    create_requests = sum(stats['requests'].get(route, 0) for route in CREATE_ROUTES.values())
    fired = stats['faults_fired']
    assert fired.get('slow', 0) >= 2 and fired.get('status', 0) >= 1 and fired.get('drop', 0) >= 2, fired
    assert sum(fired.values()) >= 0.1 * create_requests, (fired, create_requests)
    assert adopted >= 1 and held_back >= 1, _summary(rounds, started)

    # -- exactly one create per resource, by the sandbox's own counters --------------------------------
    creates = stats['creates']
    assert creates.get('pallycon.job') == JOBS, creates
    assert creates.get('pallycon.job_duplicates', 0) == 0, creates
    assert sb.control('GET', '/pallycon/duplicates')['total'] == 0
    orders = sb.control('GET', '/iva/orders')
    assert (orders['total'], orders['duplicates']) == (CAPTIONS, 0), orders
    assert sorted(orders['by_key']) == sorted('45678/%d/0' % published for published in fleet.published)
    assert creates.get('iva.order') == CAPTIONS and creates.get('iva.order_duplicates', 0) == 0, creates
    tasks = sb.control('GET', '/moderation/tasks')
    assert (tasks['total'], tasks['duplicates']) == (SUBMISSIONS, 0), tasks
    assert creates.get('moderation.task') == SUBMISSIONS and creates.get('moderation.task_duplicates', 0) == 0, creates
    assert creates.get('ankoder.video') == VIDEOS, creates
    videos = fleet.ankoder_videos()
    assert sorted(videos) == sorted(unit.key for unit in fleet.videos)
    assert all(len(ids) == 1 for ids in videos.values()), videos

    # What each item ended with is the one resource the service holds for it.
    for unit, result in zip(fleet.videos, converged['ankoder']):
        assert _id_of(ankoder.VIDEO, result) == videos[unit.key][0], unit.label
    task_ids = fleet.moderation_tasks([unit.key for unit in fleet.submissions])
    for unit, result in zip(fleet.submissions, converged['moderation']):
        assert [_id_of(moderation.SUBMISSION, result)] == task_ids[unit.key], unit.label
    jobs = dict((row['content_id'], row['job_id']) for row in fleet.pallycon.list_jobs())
    for result in converged['pallycon']:
        assert result.current['job_id'] == jobs[result.item.key], result.item.label
    for published, result in zip(fleet.published, converged['iva']):
        [caption] = fleet.iva.captions(published)
        assert result.current['caption_id'] == caption['caption_id'], result.item.label

    elapsed = time.monotonic() - started
    print('converged in %d runs %s; %d adopted, %d recreated, %d held back; faults %s on %d create requests; %.1f s'
          % (len(rounds), _summary(rounds, started), adopted, recreated, held_back, fired, create_requests, elapsed))
