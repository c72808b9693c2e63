# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PallyCon's storages and packaging jobs; a job's status is computed from its age in ticks.

Job status, one step per tick from registration::

    WM000 -> WM010 -> WM021100 -> WM021200 -> WM022100 -> WM022200
          [-> WM023100 -> WM023200 only with drm] -> WM024100 -> WM024200 -> WM030

A job any of whose ``contents_path`` contains ``missing`` goes ``WM000 ->
WM010 -> WM021100 -> WM999`` (error ``WM900013`` "Input file does not exist").
A job can be made to hold any status code from now on (``force_status``, a
control).  Nothing runs per job: ``Job.step(now, tick)`` is arithmetic, so listing stays
cheap with many jobs.  Storage ids are ``ST000001``...; job ids 100001...  The
vendor does not deduplicate: a job with an already used ``content_id`` is a
new job (``Store.add_job`` says it was a duplicate).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

FIRST_JOB_ID = 100001
STORAGE_ID_FORMAT = "ST%06d"
MISSING_MARK = "missing"
MISSING_ERROR = ("WM900013", "Input file does not exist")
_EPSILON = 1e-9

BEFORE_DRM = ("WM000", "WM010", "WM021100", "WM021200", "WM022100", "WM022200")
DRM_STEPS = ("WM023100", "WM023200")
AFTER_DRM = ("WM024100", "WM024200", "WM030")
MISSING_STEPS = ("WM000", "WM010", "WM021100", "WM999")
FINAL = ("WM030", "WM999")


def steps_of(drm, missing):
    """The statuses a job goes through, one per tick."""
    if missing:
        return MISSING_STEPS
    return BEFORE_DRM + (DRM_STEPS if drm else ()) + AFTER_DRM


class Storage:
    """A registered S3 storage (the vendor keeps, and lists, the secret)."""

    __slots__ = ("storage_id", "storage_name", "type", "id", "password", "aws_bucket", "description", "region", "reg")

    def __init__(self, storage_id, spec, reg):
        self.storage_id = storage_id
        self.reg = reg                # shifted wall clock, epoch seconds
        for key in ("storage_name", "type", "id", "password", "aws_bucket", "description", "region"):
            setattr(self, key, spec[key])


class Job:
    """A packaging job: its normalized fields, the API data as received, and its status timeline."""

    __slots__ = ("job_id", "spec", "data", "reg", "started", "steps")

    def __init__(self, job_id, spec, data, reg, started):
        self.job_id = job_id
        self.spec = spec              # pallycon_rules.job_register output
        self.data = data              # the decrypted API data
        self.reg = reg                # shifted wall clock, epoch seconds
        self.started = started        # monotonic seconds
        missing = any(MISSING_MARK in path for path in spec["contents_path"])
        self.steps = steps_of("drm" in spec["protect_type"], missing)

    def step(self, now, tick):
        """Index into ``steps`` at monotonic time ``now``."""
        elapsed = int((now - self.started) / tick + _EPSILON) if now > self.started else 0
        return min(elapsed, len(self.steps) - 1)

    def status(self, now, tick):
        """The vendor status code at ``now``."""
        return self.steps[self.step(now, tick)]

    def finishes_at(self, tick):
        """Monotonic time the job reaches its final status (WM030 or WM999)."""
        return self.started + (len(self.steps) - 1) * tick

    def error(self, step):
        """``(error_code, error_message)`` at ``step``: empty unless WM999."""
        return MISSING_ERROR if self.steps[step] == "WM999" else ("", "")

    def has(self, word):
        """True if the job's streaming formats or protections include ``word``."""
        return word in self.spec["streaming_format"] or word in self.spec["protect_type"]


def _within(epoch, low, high):
    second = int(epoch)
    return (low is None or second >= low) and (high is None or second <= high)


def _filtered(query):
    return query["statuses"] is not None or query["format"] is not None or query["drm_only"] or query["from"] is not None \
        or query["to"] is not None


def _match(job, query, now, tick):
    """The job's step now if it passes the status, type, format and date filters, else None."""
    if (query["format"] is not None and not job.has(query["format"])) or (query["drm_only"] and not job.has("drm")):
        return None
    if not _within(job.reg, query["from"], query["to"]):
        return None
    step = job.step(now, tick)
    if query["statuses"] is not None and job.steps[step] not in query["statuses"]:
        return None
    return step


def _page(items, unit, index):
    start = (index - 1) * unit
    return items[start:start + unit]


class PallyConStore:
    """Storages and jobs of one service, guarded by a lock; lists are append-only until ``reset``."""

    def __init__(self, clock):
        self.clock = clock
        self._lock = threading.Lock()
        self._storages = []
        self._storage_ids = {}
        self._jobs = []
        self._job_ids = {}
        self._by_cid = {}
        self._by_name = {}
        self._issued_storages = 0
        self._issued_jobs = 0

    def reset(self):
        """Forget everything. Ids go on from where they were (a stale id must find nothing)."""
        with self._lock:
            self._storages = []
            self._storage_ids = {}
            self._jobs = []
            self._job_ids = {}
            self._by_cid = {}
            self._by_name = {}

    # -- storages ------------------------------------------------------------------------------

    def add_storage(self, spec):
        """A new storage from ``pallycon_rules.storage_register`` output."""
        with self._lock:
            self._issued_storages += 1
            storage = Storage(STORAGE_ID_FORMAT % self._issued_storages, spec, self.clock.now())
            self._storages.append(storage)
            self._storage_ids[storage.storage_id] = storage
        return storage

    def storage(self, storage_id):
        """The storage with that id, or None."""
        with self._lock:
            return self._storage_ids.get(storage_id)

    def update_storage(self, storage, changes):
        """Apply ``changes``; True if any value differed."""
        with self._lock:
            changed = False
            for key, value in changes.items():
                if getattr(storage, key) != value:
                    setattr(storage, key, value)
                    changed = True
            return changed

    def storages(self, query):
        """``(total_count, page)`` of the storage list, newest first."""
        with self._lock:
            items = list(reversed(self._storages))
        keyword = query["keyword"]
        found = [
            storage for storage in items
            if storage.type == query["type"] and storage.region == query["region"]
            and _within(storage.reg, query["from"], query["to"])
            and (keyword is None or keyword[1] == (storage.storage_id if keyword[0] == "storageId" else storage.storage_name))
        ]
        return len(found), _page(found, query["page_unit"], query["page_index"])

    # -- jobs ----------------------------------------------------------------------------------

    def add_job(self, spec, data):
        """``(job, duplicate)``: a new job; ``duplicate`` if its content id was already used."""
        with self._lock:
            job = Job(FIRST_JOB_ID + self._issued_jobs, spec, data, self.clock.now(), self.clock.steady())
            self._issued_jobs += 1
            self._jobs.append(job)
            self._job_ids[job.job_id] = job
            same_cid = self._by_cid.setdefault(spec["content_id"], [])
            same_cid.append(job)
            self._by_name.setdefault(spec["job_name"], []).append(job)
            return job, len(same_cid) > 1

    def job(self, job_id):
        """The job with that (integer) id, or None."""
        with self._lock:
            return self._job_ids.get(job_id)

    def _candidates(self, keyword):
        """``(jobs, count)``: the first ``count`` of ``jobs`` (oldest first) match the exact keyword.

        The lists are append-only until ``reset`` replaces them, so no copy is needed.
        """
        if keyword is None:
            jobs = self._jobs
        elif keyword[0] == "cid":
            jobs = self._by_cid.get(keyword[1], [])
        elif keyword[0] == "jobName":
            jobs = self._by_name.get(keyword[1], [])
        else:
            word = keyword[1]
            job = self._job_ids.get(int(word)) if word.isdigit() and word.isascii() and str(int(word)) == word else None
            jobs = [job] if job is not None else []
        return jobs, len(jobs)

    def jobs(self, query):
        """``(total_count, [(job, step)...])`` of the job list, newest first; ``step`` is the status index now.

        Without status, type, format or date filters only the page's jobs are looked at; with them each
        candidate costs a few comparisons and only the page's jobs are kept.
        """
        now, tick = self.clock.steady(), self.clock.tick
        with self._lock:
            candidates, total = self._candidates(query["keyword"])
        unit, first = query["page_unit"], (query["page_index"] - 1) * query["page_unit"]
        if not _filtered(query):
            end = max(total - first, 0)
            return total, [(job, job.step(now, tick)) for job in candidates[max(end - unit, 0):end][::-1]]
        matched, page = 0, []
        for position in range(total - 1, -1, -1):
            job = candidates[position]
            step = _match(job, query, now, tick)
            if step is None:
                continue
            if first <= matched < first + unit:
                page.append((job, step))
            matched += 1
        return matched, page

    def force_status(self, job, code, now, tick):
        """From ``now`` on, ``job`` holds the status ``code`` (its timeline cut at its current step)."""
        with self._lock:
            job.steps = job.steps[:job.step(now, tick)] + (code,)

    def duplicates(self):
        """``{content_id: jobs beyond the first}`` for every content id registered more than once."""
        with self._lock:
            return dict((cid, len(jobs) - 1) for cid, jobs in self._by_cid.items() if len(jobs) > 1)
