# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reconciling unchanged PallyCon packaging jobs: one bulk task against a loop of single-job tasks.

Runs the module `mediaops.video.pallycon_packaging_job` as Ansible runs it (one
Python process per task, arguments in a JSON file) against the bundled sandbox,
and prints, from this one run: the requests and wall time of reconciling
--jobs unchanged jobs in one bulk task and in a loop of single-job tasks, their
ratio, and the same bulk task over --big jobs with its peak memory.

    .venv/bin/python bench/pallycon_bulk.py [--jobs 1000] [--big 10000] [--loop 1000]

Aims: bulk at least 200 times faster than the loop; --big jobs within 10 times
the time of --jobs; the bulk task under 256 MB.
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests'))

from sandbox.pallycon import ACCESS_KEY, SITE_ID, SITE_KEY  # noqa: E402  pylint: disable=wrong-import-position


class Bench(object):
    def __init__(self, work):
        self.work = work
        root = os.path.join(work, 'collections')
        os.makedirs(os.path.join(root, 'ansible_collections', 'mediaops'))
        os.symlink(REPO, os.path.join(root, 'ansible_collections', 'mediaops', 'video'))
        self.env = dict(os.environ, PYTHONPATH=root)
        port_file = os.path.join(work, 'port')
        self.sandbox = subprocess.Popen(
            [sys.executable, '-m', 'sandbox', '--port', '0', '--port-file', port_file, '--tick', '0.01'],
            cwd=os.path.join(REPO, 'tests'), env=dict(os.environ, PYTHONPATH=os.path.join(REPO, 'tests')),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not os.path.exists(port_file):
            if time.time() > deadline or self.sandbox.poll() is not None:
                raise SystemExit('the sandbox did not start')
            time.sleep(0.05)
        with open(port_file) as handle:
            self.base = 'http://127.0.0.1:%s' % handle.read().strip()
        self.connection = dict(api_url=self.base + '/pallycon', site_id=SITE_ID, site_key=SITE_KEY, access_key=ACCESS_KEY,
                               ledger='file://' + os.path.join(work, 'ledger.json'))

    def close(self):
        self.sandbox.terminate()
        self.sandbox.wait()

    def control(self, path, body=None):
        data = json.dumps(body).encode('utf-8') if body is not None else None
        request = urllib.request.Request(self.base + '/_sandbox/' + path, data=data, method='POST' if data else 'GET',
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode('utf-8'))

    def module(self, module_name, **args):
        """Run one module task; (result, wall seconds)."""
        path = os.path.join(self.work, 'args.json')
        with open(path, 'w') as handle:
            json.dump({'ANSIBLE_MODULE_ARGS': dict(self.connection, **args)}, handle)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, os.path.join(REPO, 'plugins', 'modules', module_name + '.py'), path],
                                   env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = process.communicate()
        seconds = time.perf_counter() - started
        result = json.loads(out.decode('utf-8') or '{}') if out else {'failed': True, 'msg': err.decode('utf-8')}
        if result.get('failed'):
            raise SystemExit('%s failed: %s' % (module_name, result.get('msg')))
        return result, seconds

    def counted(self, work):
        """(what work() returned, requests the sandbox saw meanwhile)."""
        self.control('reset', {})
        value = work()
        return value, self.control('stats')['total_requests']


def catalog(storages, first, last):
    return [dict(content_id='bench-%06d' % n, job_name='Bench %06d' % n, input_storage_id=storages[0],
                 contents_path=['masters/bench-%06d/1080p.mp4' % n], output_storage_id=storages[1],
                 output_path='packaged/bench-%06d' % n, streaming_format=['dash', 'hls']) for n in range(first, last + 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--jobs', type=int, default=1000)
    parser.add_argument('--big', type=int, default=10000)
    parser.add_argument('--loop', type=int, default=None, help='single-job tasks to run (default: --jobs)')
    args = parser.parse_args()
    loop = args.jobs if args.loop is None else min(args.loop, args.jobs)
    work = tempfile.mkdtemp(prefix='mediaops-bench-')
    bench = Bench(work)
    try:
        storages = [bench.module('pallycon_storage', name=name, region='RG011', aws_bucket='bench-' + name,
                                 aws_access_key_id='AKIABENCH', aws_secret_access_key='bench-secret')[0]['storage']['storage_id']
                    for name in ('masters', 'packaged')]
        jobs = catalog(storages, 1, args.jobs)
        seconds = bench.module('pallycon_packaging_job', jobs=jobs, concurrency=8)[1]
        print('setup: registered %d jobs in %.1f s' % (args.jobs, seconds))

        (bulk, bulk_requests) = bench.counted(lambda: bench.module('pallycon_packaging_job', jobs=jobs))
        bulk_result, bulk_seconds = bulk
        assert_unchanged(bulk_result)

        def run_loop():
            total = 0.0
            for spec in jobs[:loop]:
                result, seconds = bench.module('pallycon_packaging_job', **spec)
                assert_unchanged(result)
                total += seconds
            return total
        loop_seconds, loop_requests = bench.counted(run_loop)
        per_job = loop_seconds / loop
        loop_total = per_job * args.jobs

        more = catalog(storages, args.jobs + 1, args.big)
        seconds = bench.module('pallycon_packaging_job', jobs=more, concurrency=8)[1]
        print('setup: registered %d more jobs in %.1f s' % (len(more), seconds))
        big_jobs = jobs + more
        (big, big_requests) = bench.counted(lambda: bench.module('pallycon_packaging_job', jobs=big_jobs))
        big_result, big_seconds = big
        assert_unchanged(big_result)
        big_rss = peak_rss_mib(bench, big_jobs)
    finally:
        bench.close()

    measured = 'measured' if loop == args.jobs else 'measured on %d, scaled to %d' % (loop, args.jobs)
    print()
    print('%-62s %10s %12s' % ('reconcile unchanged jobs', 'requests', 'wall time'))
    print('%-62s %10d %11.2fs' % ('bulk task, %d jobs' % args.jobs, bulk_requests, bulk_seconds))
    print('%-62s %10d %11.2fs' % ('loop of single-job tasks, %d jobs (%s)' % (args.jobs, measured),
                                  loop_requests * args.jobs // loop, loop_total))
    print('%-62s %10d %11.2fs' % ('bulk task, %d jobs' % args.big, big_requests, big_seconds))
    print()
    speedup = loop_total / bulk_seconds
    growth = big_seconds / bulk_seconds
    print('bulk vs loop: %.0fx faster (aim: >= 200x) %s' % (speedup, verdict(speedup >= 200)))
    print('%d vs %d jobs: %.1fx the time (aim: <= 10x) %s' % (args.big, args.jobs, growth, verdict(growth <= 10)))
    print('peak memory of the %d-job bulk task: %.0f MiB (aim: < 256 MiB) %s' % (args.big, big_rss, verdict(big_rss < 256)))


def peak_rss_mib(bench, jobs):
    """Run the bulk task once more, alone, and read its own peak RSS from wait4()."""
    path = os.path.join(bench.work, 'args.json')
    with open(path, 'w') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': dict(bench.connection, jobs=jobs)}, handle)
    process = subprocess.Popen([sys.executable, os.path.join(REPO, 'plugins', 'modules', 'pallycon_packaging_job.py'), path],
                               env=bench.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit('the bulk task failed while measuring memory')
    return usage.ru_maxrss / 1024.0


def assert_unchanged(result):
    if result.get('changed') or result.get('registered'):
        raise SystemExit('expected no change, got %d registrations' % result.get('registered', -1))


def verdict(ok):
    return 'ok' if ok else 'MISSED'


if __name__ == '__main__':
    main()
