# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The bulk forms of ankoder_video (``videos``) and ankoder_job (``jobs``): their items, checked before any
request, and their sources (a profile and, in check mode, a source video read once per run), run by the
create-once engine against a real file ledger and a double of Ankoder."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _ankoder_module as ankoder
from ansible_collections.mediaops.video.plugins.module_utils._create_once import Engine, Options
from ansible_collections.mediaops.video.plugins.module_utils._errors import NotFoundError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._ledger import FileLedger
from ansible_collections.mediaops.video.plugins.module_utils._state import url_passwords
from ansible_collections.mediaops.video.plugins.modules import ankoder_job, ankoder_video

SCOPE = 'ankoder/job@http://api.example.com'
PROFILES = {'web-720p': {'id': 5, 'name': 'web-720p'}, 'psp': {'id': 2, 'name': 'psp'}}


class FakeAnkoder(object):
    """Ankoder's calls the sources make, each counted; lookups are slow enough for threads to overlap."""

    def __init__(self, videos=(1001, 1002)):
        self.videos = dict((video_id, {'id': video_id, 'filename': '%s.mov' % video_id}) for video_id in videos)
        self.jobs = {}
        self.calls = []
        self._lock = threading.Lock()

    def _count(self, *call):
        with self._lock:
            self.calls.append(call)
        time.sleep(0.01)

    def find_profile(self, name_or_id):
        self._count('find_profile', name_or_id)
        if name_or_id not in PROFILES:
            raise ValidationError('Ankoder has no profile %r' % name_or_id)
        return PROFILES[name_or_id]

    def get_video(self, video_id):
        self._count('get_video', video_id)
        if int(video_id) not in self.videos:
            raise NotFoundError('Ankoder answered 404: Video not found', status=404)
        return self.videos[int(video_id)]

    def create_job(self, form):
        self._count('create_job', form.get('original_file_id'))
        with self._lock:
            job_id = 5000 + len(self.jobs) + 1
            self.jobs[job_id] = {'id': job_id, 'status': 'submitting', 'form': form}
        return {'id': job_id}

    def get_job(self, job_id):
        self._count('get_job', job_id)
        if int(job_id) not in self.jobs:
            raise NotFoundError('Ankoder answered 404: Job not found', status=404)
        return self.jobs[int(job_id)]

    def count(self, name):
        return len([call for call in self.calls if call[0] == name])


def job_spec(source_video_id, profile='web-720p', **overrides):
    spec = dict((name, None) for name in ankoder_job.JOB_OPTIONS)
    spec.update(source_video_id=source_video_id, profile=profile, id=None, **overrides)
    return spec


def video_spec(**overrides):
    spec = dict((name, None) for name in ankoder_video.VIDEO_OPTIONS)
    spec.update(id=None, **overrides)
    return spec


def bulk_params(name, specs, **overrides):
    params = dict((option, None) for option in ankoder_job.JOB_OPTIONS)
    params.update(dict((option, None) for option in ankoder_video.VIDEO_OPTIONS))
    params.update({name: specs, 'concurrency': 4, 'return_items': 'all', 'id': None})
    params.update(overrides)
    return params


def run_jobs(tmp_path, api, specs, check_mode=False):
    items = ankoder.checked_items(bulk_params('jobs', specs), 'jobs', specs, ankoder_job.job_item)
    ledger = FileLedger(str(tmp_path / 'ledger.json'))
    engine = Engine(ankoder_job.Jobs(api), ledger, SCOPE, Options(check_mode=check_mode, concurrency=4))
    return engine.run(items)


def test_url_passwords_reach_into_the_bulk_list():
    params = {'videos': [{'url': 'https://media.example.com/a.mov', 'upload_url': None},
                         {'url': 'ftp://bob:first-secret@ftp.example.com/b.mov',
                          'upload_url': 'sftp://out:second-secret@sftp.example.com/out'}],
              'url': None}
    assert url_passwords(params) == set(['first-secret', 'second-secret'])


def test_once_calls_once_per_key_whatever_the_threads():
    calls = []

    def slow_square(number):
        calls.append(number)
        time.sleep(0.02)
        return number * number

    square = ankoder.Once(slow_square)
    answers = []
    threads = [threading.Thread(target=lambda n=n: answers.append(square(n % 2))) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(calls) == [0, 1]
    assert sorted(answers) == [0, 0, 0, 0, 1, 1, 1, 1]


def test_once_keeps_the_error_for_every_later_asker():
    api = FakeAnkoder()
    profile = ankoder.profile_finder(api)
    for _attempt in range(3):
        with pytest.raises(ValidationError, match='no profile'):
            profile('no-such-profile')
    assert api.count('find_profile') == 1


def test_every_bad_item_is_named_by_its_index_before_any_request():
    specs = [job_spec(1001), job_spec(1001, profile='psp', trim_begin=-1), job_spec(1002, profile=None)]
    with pytest.raises(ValidationError) as raised:
        ankoder.checked_items(bulk_params('jobs', specs), 'jobs', specs, ankoder_job.job_item)
    message = raised.value.message
    assert 'jobs[1]: invalid conversion options: trim_begin must be 0 or more' in message
    assert 'jobs[2]: invalid conversion options: without a profile' in message
    assert 'jobs[0]' not in message


def test_two_items_with_one_ledger_key_are_refused():
    specs = [job_spec(1001), job_spec(1001, width=640)]
    with pytest.raises(ValidationError, match=r'jobs declared more than once: 1001\|web-720p'):
        ankoder.checked_items(bulk_params('jobs', specs), 'jobs', specs, ankoder_job.job_item)


def test_two_urls_that_differ_only_by_password_share_a_ledger_key_and_are_refused_masked():
    specs = [video_spec(url='ftp://bob:one-pw@ftp.example.com/a.mov', profile='psp'),
             video_spec(url='ftp://bob:two-pw@ftp.example.com/a.mov', profile='psp')]
    with pytest.raises(ValidationError) as raised:
        ankoder.checked_items(bulk_params('videos', specs), 'videos', specs,
                              lambda spec: ankoder_video.video_item(spec, None))
    assert 'ftp://bob:********@ftp.example.com/a.mov' in raised.value.message
    assert 'one-pw' not in raised.value.message and 'two-pw' not in raised.value.message


def test_a_video_item_needs_exactly_one_of_url_and_src():
    specs = [video_spec(profile='psp'), video_spec(url='https://media.example.com/a.mov', src='/etc/hostname')]
    with pytest.raises(ValidationError) as raised:
        ankoder.checked_items(bulk_params('videos', specs), 'videos', specs,
                              lambda spec: ankoder_video.video_item(spec, None))
    assert 'videos[0]: exactly one of url and src is required' in raised.value.message
    assert 'videos[1]: exactly one of url and src is required' in raised.value.message


def test_per_item_options_at_the_task_level_are_refused_with_the_bulk_list():
    params = bulk_params('jobs', [job_spec(1001)], profile='psp', width=640)
    with pytest.raises(ValidationError, match='with jobs, set profile, width in each item, not at the task level'):
        ankoder.declared_specs(params, 'jobs', ankoder_job.JOB_OPTIONS)


def test_the_single_form_is_one_spec_with_the_task_id():
    params = bulk_params('jobs', None, source_video_id=1001, profile='psp', id='77')
    specs = ankoder.declared_specs(params, 'jobs', ankoder_job.JOB_OPTIONS)
    assert len(specs) == 1
    assert (specs[0]['source_video_id'], specs[0]['profile'], specs[0]['id']) == (1001, 'psp', '77')


def test_bulk_creates_look_each_profile_up_once(tmp_path):
    api = FakeAnkoder(videos=range(1001, 1011))
    specs = [job_spec(video_id, profile='psp' if video_id % 2 else 'web-720p') for video_id in range(1001, 1011)]
    results = run_jobs(tmp_path, api, specs)
    assert [result.error for result in results] == [None] * 10
    assert api.count('create_job') == 10
    assert api.count('find_profile') == 2
    assert [result.current['form']['original_file_id'] for result in results] == [str(n) for n in range(1001, 1011)]
    assert set(result.current['form']['profile_id'] for result in results) == set(['2', '5'])


def test_check_mode_reads_each_source_video_and_profile_once(tmp_path):
    api = FakeAnkoder()
    specs = [job_spec(1001), job_spec(1001, profile='psp'), job_spec(1002), job_spec(1002, profile='psp')]
    results = run_jobs(tmp_path, api, specs, check_mode=True)
    assert [result.action for result in results] == ['create'] * 4
    assert [result.current['original_file']['id'] for result in results] == [1001, 1001, 1002, 1002]
    assert results[1].current['profile'] == PROFILES['psp']
    assert api.count('get_video') == 2
    assert api.count('find_profile') == 2
    assert api.count('create_job') == 0


def test_check_mode_fails_only_the_item_whose_source_video_is_missing(tmp_path):
    api = FakeAnkoder()
    specs = [job_spec(1001), job_spec(999999), job_spec(1002)]
    results = run_jobs(tmp_path, api, specs, check_mode=True)
    assert [result.error is None for result in results] == [True, False, True]
    assert isinstance(results[1].error, NotFoundError)
    assert [result.action for result in results] == ['create', 'keep', 'create']


def test_a_rerun_after_a_bulk_create_reads_each_job_once_and_changes_nothing(tmp_path):
    api = FakeAnkoder()
    specs = [job_spec(1001), job_spec(1002), job_spec(1002, profile='psp')]
    run_jobs(tmp_path, api, specs)
    api.calls = []
    again = run_jobs(tmp_path, api, specs)
    assert [result.changed for result in again] == [False] * 3
    assert sorted(call[0] for call in api.calls) == ['get_job'] * 3
