# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reconciling whole catalogs with playbooks/catalog_reconcile.yml (the catalog_pipeline role's bulk tasks).

For each size (default 100, 1,000 and 10,000 titles; each title: an import, one
transcode, a packaging job and one caption) a generated catalog is reconciled
twice against the bundled sandbox with ansible-playbook, each size on a fresh
sandbox and ledger. Printed from this one run: the first-run and no-op wall
time per size, the requests of the no-op run per unchanged resource, the peak
memory of the module processes, and the no-op time of the same 1,000-title
catalog reconciled with single-item tasks (bench/single_item_loop.yml, the loop
the bulk tasks replace), measured on --loop-sample titles and scaled, as a ratio, overall and per step (each bulk task
against its loop of single-item tasks); and, on the largest catalog, one bulk
task's no-op as a bare module process and as an ansible-playbook task returning
all its items or none (what Ansible's handling of the items costs).

    .venv/bin/python bench/catalog_scale.py [--sizes 100,1000,10000] [--loop-sample 50] [--tick 0.05]

Aims: no-op of 1,000 titles >= 25x faster than the loop and <= 1 request per
unchanged resource (+ listing pages); each step's bulk task >= 100x faster than
its loop; no-op of 10,000 <= 10x that of 1,000; every module process < 512 MiB.
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(os.path.abspath(sys.executable))
RESOURCES_PER_TITLE = 4  # import, transcode, packaging job, caption
# step: (the role's bulk task, the single-item loop's task), by name
STEPS = (('import', "Import every title's master", 'Import each master'),
         ('transcode', "Convert every title's master", 'Convert each master'),
         ('package', "Declare every title's packaging job", 'Declare each packaging job'),
         ('caption', "Order every title's captions", 'Order each caption'))

# Runs a module as Ansible asked, then appends the module process's peak RSS (KiB) to MEDIAOPS_BENCH_RSS.
RSS_WRAPPER = '''#!%(python)s
import os, subprocess, sys
child = subprocess.Popen([%(python)r] + sys.argv[1:])
_pid, status, usage = os.wait4(child.pid, 0)
with open(os.environ['MEDIAOPS_BENCH_RSS'], 'a') as log:
    log.write('%%d\\n' %% usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
'''


def catalog(size):
    """The catalog_pipeline role's variables for ``size`` titles."""
    storages = [dict(name=name, region='RG011', aws_bucket='bench-' + name, aws_access_key_id='AKIABENCH%s' % name.upper(),
                     aws_secret_access_key='bench-secret-' + name) for name in ('masters', 'packaged')]
    titles = [dict(id='t%06d' % n, source_url='https://media.example.com/bench/t%06d.mov' % n, profiles=['hls-1080p'],
                   packaging=dict(input_storage='masters', output_storage='packaged',
                                  contents_path=['masters/t%06d/1080p.mp4' % n], streaming_format=['dash', 'hls']),
                   captions=dict(published_id=200000 + n, languages=['en']))
              for n in range(size)]
    return dict(catalog_pipeline_storages=storages, catalog_pipeline_titles=titles,
                catalog_pipeline_import_profile='web-720p', catalog_pipeline_wait_sleep=0.5,
                catalog_pipeline_concurrency=16, catalog_pipeline_steps=['import', 'transcode', 'package', 'caption'])


class Sandbox(object):
    def __init__(self, work, tick):
        port_file = os.path.join(work, 'port')
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'sandbox', '--port', '0', '--port-file', port_file, '--tick', str(tick)],
            cwd=os.path.join(REPO, 'tests'), env=dict(os.environ, PYTHONPATH=os.path.join(REPO, 'tests')),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if time.time() > deadline or self.process.poll() is not None:
                raise SystemExit('the sandbox did not start')
            time.sleep(0.05)
        with open(port_file) as handle:
            self.base = 'http://127.0.0.1:%s' % handle.read().strip()

    def close(self):
        self.process.terminate()
        self.process.wait()

    def control(self, path, body=None):
        data = json.dumps(body).encode('utf-8') if body is not None else None
        request = urllib.request.Request(self.base + '/_sandbox/' + path, data=data, method='POST' if data else 'GET',
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read().decode('utf-8'))

    def environment(self, ledger):
        base = self.base
        return dict(
            ANKODER_API_URL=base + '/ankoder', ANKODER_USERNAME='demo', ANKODER_PASSWORD='demo-password',
            ANKODER_AUTH_METHOD='basic', PALLYCON_API_URL=base + '/pallycon', PALLYCON_SITE_ID='DEMO',
            PALLYCON_SITE_KEY='demo-site-key-0123456789abcdef!!', PALLYCON_ACCESS_KEY='demo-access-key-pallycon-0000001',
            IVA_ORDER_URL=base + '/iva/captionorder.ashx', IVA_ODATA_URL=base + '/iva/odata', IVA_CUSTOMER_ID='45678',
            IVA_SECURITY_TOKEN='demo-iva-token-0001', IVA_DEVELOPER_ID='dev-45678', MEDIAOPS_LEDGER='file://' + ledger)


class Run(object):
    """One ansible-playbook run: wall seconds, the sandbox's requests and creates, the module processes' peak RSS."""

    def __init__(self, seconds, stats, rss_kib, recap, tasks):
        self.seconds = seconds
        self.tasks = tasks  # {task name: wall seconds}
        self.requests = stats['total_requests']
        self.creates = sum(v for k, v in stats.get('creates', {}).items() if not k.endswith('_duplicates'))
        self.rss_mib = max(rss_kib or [0]) / 1024.0
        self.recap = recap


class Bench(object):
    def __init__(self, work, tick):
        self.work = work
        self.tick = tick
        collections = os.path.join(work, 'collections', 'ansible_collections', 'mediaops')
        os.makedirs(collections)
        os.symlink(REPO, os.path.join(collections, 'video'))
        self.wrapper = os.path.join(work, 'python-rss')
        with open(self.wrapper, 'w') as handle:
            handle.write(RSS_WRAPPER % {'python': sys.executable})
        os.chmod(self.wrapper, 0o755)

    def playbook(self, sandbox, playbook, variables, ledger, check=False, extra=()):
        rss_log = os.path.join(self.work, 'rss.log')
        if os.path.exists(rss_log):
            os.unlink(rss_log)
        env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get('PATH', ''),
                   ANSIBLE_COLLECTIONS_PATH=os.path.join(self.work, 'collections'), ANSIBLE_LOCALHOST_WARNING='false',
                   ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_NOCOLOR='1', MEDIAOPS_BENCH_RSS=rss_log,
                   ANSIBLE_CALLBACK_PLUGINS=os.path.join(REPO, 'bench', 'callback_plugins'),
                   ANSIBLE_CALLBACKS_ENABLED='bench_task_times',
                   **sandbox.environment(ledger))
        command = [os.path.join(BIN, 'ansible-playbook'), playbook, '-e', '@' + variables,
                   '-e', 'ansible_python_interpreter=' + self.wrapper] + (['--check'] if check else []) + list(extra)
        sandbox.control('reset', {})
        started = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        seconds = time.perf_counter() - started
        output = done.stdout.decode('utf-8', 'replace')
        if done.returncode != 0:
            sys.stdout.write(output[-6000:])
            raise SystemExit('%s failed (exit %d)' % (playbook, done.returncode))
        recap = [line for line in output.splitlines() if ' : ok=' in line][-1].split(':', 1)[1].split()
        rss = [int(line) for line in open(rss_log)] if os.path.exists(rss_log) else []
        tasks = dict((line.split(' ', 2)[2], float(line.split(' ', 2)[1])) for line in output.splitlines()
                     if line.startswith('TASK-TIME '))
        return Run(seconds, sandbox.control('stats'), rss, dict(field.split('=') for field in recap), tasks)

    def items_cost(self, sandbox, variables, ledger):
        """One bulk no-op over every master: (bare module process, playbook returning all, playbook returning none)."""
        with open(variables) as handle:
            data = json.load(handle)
        videos = [{'url': t['source_url'], 'key': t['id'], 'profile': data['catalog_pipeline_import_profile']}
                  for t in data['catalog_pipeline_titles']]
        args = os.path.join(self.work, 'bare-args.json')
        with open(args, 'w') as handle:
            json.dump({'ANSIBLE_MODULE_ARGS': {'videos': videos, 'concurrency': 16, 'return_items': 'all'}}, handle)
        env = dict(os.environ, PYTHONPATH=os.path.join(self.work, 'collections'), **sandbox.environment(ledger))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, os.path.join(REPO, 'plugins', 'modules', 'ankoder_video.py'), args],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        bare = time.perf_counter() - started
        if json.loads(done.stdout.decode('utf-8')).get('changed') is not False:
            raise SystemExit('the bare bulk task changed something')
        playbook = os.path.join(REPO, 'bench', 'one_bulk_task.yml')
        return bare, [self.playbook(sandbox, playbook, variables, ledger, extra=['-e', 'bench_return_items=' + mode]).seconds
                      for mode in ('all', 'none')]

    def size(self, size):
        """First run and no-op run of the role over a fresh catalog of ``size`` titles."""
        work = tempfile.mkdtemp(dir=self.work, prefix='size-%d-' % size)
        variables = os.path.join(work, 'catalog.json')
        with open(variables, 'w') as handle:
            json.dump(catalog(size), handle)
        sandbox = Sandbox(work, self.tick)
        try:
            ledger = os.path.join(work, 'ledger.json')
            playbook = os.path.join(REPO, 'playbooks', 'catalog_reconcile.yml')
            first = self.playbook(sandbox, playbook, variables, ledger)
            noop = self.playbook(sandbox, playbook, variables, ledger)
            if noop.recap.get('changed') != '0' or noop.creates:
                raise SystemExit('the no-op run of %d titles changed something: %s' % (size, noop.recap))
            return first, noop, sandbox, ledger, variables
        except BaseException:
            sandbox.close()
            raise

    def loop(self, sandbox, variables, ledger, sample):
        """The no-op of the single-item loop over the first ``sample`` titles of an already reconciled catalog."""
        with open(variables) as handle:
            data = json.load(handle)
        data['catalog_pipeline_titles'] = data['catalog_pipeline_titles'][:sample]
        sampled = os.path.join(self.work, 'loop-%d.json' % sample)
        with open(sampled, 'w') as handle:
            json.dump(data, handle)
        run = self.playbook(sandbox, os.path.join(REPO, 'bench', 'single_item_loop.yml'), sampled, ledger)
        if run.recap.get('changed') != '0' or run.creates:
            raise SystemExit('the single-item loop changed something: %s' % run.recap)
        return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--sizes', default='100,1000,10000')
    parser.add_argument('--loop-sample', type=int, default=50, help='titles of the single-item loop (scaled to 1,000)')
    parser.add_argument('--tick', type=float, default=0.05, help="the sandbox's seconds per status step")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(',')]
    work = tempfile.mkdtemp(prefix='mediaops-catalog-bench-')
    bench = Bench(work, args.tick)
    runs, loop, items = {}, None, None
    try:
        for size in sizes:
            first, noop, sandbox, ledger, variables = bench.size(size)
            try:
                if size == 1000 or (loop is None and size == max(s for s in sizes if s <= 1000)):
                    loop = (size, bench.loop(sandbox, variables, ledger, min(args.loop_sample, size)))
                if size == max(sizes):
                    items = (size, bench.items_cost(sandbox, variables, ledger))
            finally:
                sandbox.close()
            runs[size] = (first, noop)
            print('%6d titles: first run %.1f s, no-op %.1f s' % (size, first.seconds, noop.seconds), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(runs, loop, items, args)


def report(runs, loop, items, args):
    print()
    header = ('titles', 'first run', 'no-op', 'no-op requests', 'per unchanged resource', 'peak module')
    print('%-8s %12s %10s %16s %20s %14s' % header)
    for size, (first, noop) in sorted(runs.items()):
        resources = size * RESOURCES_PER_TITLE + 2
        row = (size, first.seconds, noop.seconds, noop.requests, noop.requests / float(resources),
               max(first.rss_mib, noop.rss_mib))
        print('%-8d %11.1fs %9.1fs %16d %20.2f %11.0f MiB' % row)
    print()
    peak = max(max(first.rss_mib, noop.rss_mib) for first, noop in runs.values())
    if loop is not None:
        size, run = loop
        sample = min(args.loop_sample, size)
        scaled = run.seconds * size / float(sample)
        bulk = runs[size][1].seconds
        print('single-item loop, no-op of %d titles: %.1f s (measured on %d titles, scaled)' % (size, scaled, sample))
        print('bulk vs single-item loop, no-op of %d titles: %.0fx faster (aim: >= 25x) %s'
              % (size, scaled / bulk, verdict(size != 1000 or scaled / bulk >= 25)))
        for step, bulk_task, loop_task in STEPS:
            bulk_seconds = _task(runs[size][1], bulk_task)
            loop_seconds = _task(run, loop_task) * size / float(sample)
            print('  %-10s bulk task %6.2f s, loop of single tasks %8.1f s (scaled): %5.0fx (aim: >= 100x) %s'
                  % (step, bulk_seconds, loop_seconds, loop_seconds / bulk_seconds,
                     verdict(size != 1000 or loop_seconds / bulk_seconds >= 100)))
    if 1000 in runs:
        per = runs[1000][1].requests / float(1000 * RESOURCES_PER_TITLE + 2)
        print('no-op of 1000 titles: %.2f requests per unchanged resource (aim: <= 1 + listing pages) %s'
              % (per, verdict(per <= 1.05)))
        print('first run of 1000 titles: %.1f s (%d resources created, sandbox tick %.2f s)'
              % (runs[1000][0].seconds, runs[1000][0].creates, args.tick))
    if 1000 in runs and 10000 in runs:
        growth = runs[10000][1].seconds / runs[1000][1].seconds
        print('no-op of 10000 vs 1000 titles: %.1fx the time (aim: <= 10x) %s' % (growth, verdict(growth <= 10)))
    print('peak memory of any module process: %.0f MiB (aim: < 512 MiB) %s' % (peak, verdict(peak < 512)))
    if items is not None:
        size, (bare, (returned_all, returned_none)) = items
        print('one bulk no-op over %d masters: bare module process %.1f s; ansible-playbook task returning all items '
              '%.1f s, returning none %.1f s' % (size, bare, returned_all, returned_none))


def _task(run, prefix):
    return sum(seconds for name, seconds in run.tasks.items() if name.split(' : ')[-1].startswith(prefix))


def verdict(ok):
    return 'ok' if ok else 'MISSED'


if __name__ == '__main__':
    main()
