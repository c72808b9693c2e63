# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""catalog_items (the titles as each step's bulk items) and catalog_result (the results joined back to the titles)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.mediaops.video.plugins.filter.catalog_items import catalog_items
from ansible_collections.mediaops.video.plugins.filter.catalog_problems import catalog_problems
from ansible_collections.mediaops.video.plugins.filter.catalog_result import catalog_result

DEFAULTS = {'import_profile': 'psp', 'profiles': ['web'], 'streaming_format': ['dash'], 'protection': ['watermark']}
TITLES = [
    {'id': 't1', 'name': 'One', 'source_url': 'ftp://u:pw@host/t1.mov', 'profiles': ['hls', 'web'],
     'upload_url': 's3://out/t1',
     'packaging': {'input_storage': 'masters', 'output_storage': 'packaged', 'contents_path': ['t1.mp4']},
     'captions': {'published_id': 5, 'languages': ['en', 'es'], 'reorder_failed': True},
     'moderation': {'lang': 'en-US', 'callback_secret_key': 'cb-secret'}},
    {'id': 't2', 'source_url': 'https://host/t2.mov', 'import_profile': 'web-720p'},
    {'id': 3, 'source_url': 'https://host/3.mov', 'captions': {'published_id': 7, 'languages': ['fr']},
     'packaging': {'input_storage_id': 'ST9', 'output_storage': 'nowhere', 'contents_path': ['3.mp4']}},
]
STORAGES = {'masters': 'ST1', 'packaged': 'ST2'}


def test_import_items_are_the_titles_in_order_keyed_by_id():
    assert catalog_items(TITLES, 'import', DEFAULTS) == [
        {'url': 'ftp://u:pw@host/t1.mov', 'key': 't1', 'profile': 'psp'},
        {'url': 'https://host/t2.mov', 'key': 't2', 'profile': 'web-720p'},
        {'url': 'https://host/3.mov', 'key': '3', 'profile': 'psp'}]


def test_transcode_items_name_their_master_by_the_key_it_was_imported_under():
    assert catalog_items(TITLES, 'transcode', DEFAULTS) == [
        {'source_video_key': 't1', 'profile': 'hls', 'key': 't1|hls', 'upload_url': 's3://out/t1'},
        {'source_video_key': 't1', 'profile': 'web', 'key': 't1|web', 'upload_url': 's3://out/t1'},
        {'source_video_key': 't2', 'profile': 'web', 'key': 't2|web'},
        {'source_video_key': '3', 'profile': 'web', 'key': '3|web'}]


def test_package_items_resolve_storages_and_leave_out_unresolved_ones():
    (job,) = catalog_items(TITLES, 'package', DEFAULTS, storage_ids=STORAGES)
    assert job == {'content_id': 't1', 'job_name': 'One', 'input_storage_id': 'ST1', 'contents_path': ['t1.mp4'],
                   'output_storage_id': 'ST2', 'output_path': 't1', 'streaming_format': ['dash'],
                   'protection': ['watermark']}
    assert catalog_items(TITLES, 'package_pending', DEFAULTS, storage_ids=STORAGES) == [{'title': '3', 'content_id': '3'}]


def test_caption_and_moderation_items():
    assert catalog_items(TITLES, 'caption') == [
        {'published_id': 5, 'language': 'en', 'reorder_failed': True},
        {'published_id': 5, 'language': 'es', 'reorder_failed': True},
        {'published_id': 7, 'language': 'fr'}]
    assert catalog_items(TITLES, 'moderate') == [
        {'video_url': 'ftp://u:pw@host/t1.mov', 'key': 't1', 'lang': 'en-US', 'callback_secret_key': 'cb-secret'}]


def test_bad_input_raises_a_filter_error():
    with pytest.raises(AnsibleFilterError, match='step must be one of'):
        catalog_items(TITLES, 'publish')
    with pytest.raises(AnsibleFilterError, match='each a dict with an id'):
        catalog_items([{'name': 'no id'}], 'import')
    with pytest.raises(AnsibleFilterError, match='lacks what step import needs'):
        catalog_items([{'id': 'x'}], 'import', DEFAULTS)


def test_results_join_back_to_their_titles():
    videos = [{'id': 41, 'status': 'downloaded', 'changed': False}, {'id': 42, 'status': 'downloaded', 'changed': True},
              {'id': 43, 'status': 'downloaded', 'changed': False}]
    result = catalog_result(
        TITLES, DEFAULTS, imports={'videos': videos},
        conversions={'jobs': [{'id': 1, 'status': 'completed'}, {'id': 2, 'status': 'completed'},
                              {'id': 3, 'status': 'completed'}, {'id': 4, 'status': 'completed'}]},
        packaging={'jobs': [{'content_id': 't1', 'job_id': 9, 'status': 'success'}]}, storage_ids=STORAGES,
        captions={'captions': [{'caption_id': 70, 'language': 'en', 'status': 'Complete', 'index': 1}]},
        moderation={'submissions': [{'task_id': 'm1', 'result': {'verdict': 'pass'}}]})
    assert result[0] == {'id': 't1', 'name': 'One', 'video': {'id': 41, 'status': 'downloaded'},
                         'jobs': [{'profile': 'hls', 'id': 1, 'status': 'completed'},
                                  {'profile': 'web', 'id': 2, 'status': 'completed'}],
                         'packaging': {'content_id': 't1', 'job_id': 9, 'status': 'success'},
                         'captions': [{'language': 'en', 'caption_id': 70, 'status': 'Complete'}],
                         'moderation': {'task_id': 'm1', 'verdict': 'pass'}}
    assert result[1]['jobs'] == [{'profile': 'web', 'id': 3, 'status': 'completed'}]
    assert result[2] == {'id': 3, 'name': 3, 'video': {'id': 43, 'status': 'downloaded'},
                         'jobs': [{'profile': 'web', 'id': 4, 'status': 'completed'}]}


def test_rows_returned_with_return_items_changed_join_by_their_index():
    result = catalog_result(TITLES, DEFAULTS, imports={'videos': [{'id': 42, 'status': 'downloaded', 'index': 1}]},
                            conversions={'jobs': [{'id': 8, 'status': 'queued', 'index': 3}]})
    assert 'video' not in result[0] and 'jobs' not in result[0]
    assert result[1]['video'] == {'id': 42, 'status': 'downloaded'} and 'jobs' not in result[1]
    assert result[2]['jobs'] == [{'profile': 'web', 'id': 8, 'status': 'queued'}]


def test_a_large_catalog_joins_every_title_to_its_own_rows():
    titles = [{'id': 't%d' % n, 'source_url': 'https://host/%d.mov' % n, 'captions': {'published_id': n, 'languages': ['en']}}
              for n in range(10000)]
    videos = [{'id': n, 'status': 'downloaded'} for n in range(10000)]
    jobs = catalog_items(titles, 'transcode', DEFAULTS)
    result = catalog_result(titles, DEFAULTS, imports={'videos': videos},
                            conversions={'jobs': [{'id': n, 'status': 'completed'} for n in range(10000)]})
    assert len(jobs) == 10000
    assert all(entry['jobs'] == [{'profile': 'web', 'id': n, 'status': 'completed'}] for n, entry in enumerate(result))


def test_a_catalog_that_holds_together_has_no_problem():
    assert catalog_problems(TITLES[:1] + TITLES[1:2], storages=[{'name': 'masters'}, {'name': 'packaged'}],
                            steps=['import', 'package']) == []


def test_each_broken_reference_is_named():
    titles = [{'id': 'a', 'packaging': {'input_storage': 'masters', 'output_storage': 'gone'}},
              {'id': 'b', 'packaging': {'output_storage_id': 'ST1'}},
              {'id': 'a', 'packaging': {'input_storage_id': 'ST1'}}]
    assert catalog_problems(titles, storages=[{'name': 'masters'}], steps=['import', 'publish']) == [
        'title ids given more than once: a',
        'storages named in packaging but not declared in catalog_pipeline_storages: gone',
        'packaging without an input storage (titles b)',
        'packaging without an output storage (titles a)',
        'unknown steps publish (the steps are import, transcode, package, caption, moderate)']
