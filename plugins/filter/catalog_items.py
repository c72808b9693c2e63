# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: catalog_items
short_description: The items of one step of a catalog, for that step's bulk task
version_added: 0.2.0
description:
  - Turns the titles of a catalog (the C(catalog_pipeline) role's C(catalog_pipeline_titles)) into the list one bulk
    task of a step takes, in the titles' order, in one pass (a Jinja loop building a list over 10,000 titles costs
    minutes; this costs milliseconds).
  - V(import) gives M(mediaops.video.ankoder_video)'s O(mediaops.video.ankoder_video#module:videos);
    V(transcode) M(mediaops.video.ankoder_job)'s O(mediaops.video.ankoder_job#module:jobs) (each naming its
    master by the title id, the key the import recorded it under); V(package) M(mediaops.video.pallycon_packaging_job)'s
    O(mediaops.video.pallycon_packaging_job#module:jobs) (leaving out a job whose storage has no id yet);
    V(package_pending) the jobs left out (in check mode, those that wait on a storage's registration);
    V(caption) M(mediaops.video.iva_caption_order)'s O(mediaops.video.iva_caption_order#module:captions);
    V(moderate) M(mediaops.video.moderation_submission)'s
    O(mediaops.video.moderation_submission#module:submissions).
  - Items hold what the titles hold, secrets included (a password in a URL, a callback secret key). Pass them to a
    module's option, which masks them; do not keep them in a fact or loop over them.
author:
  - mediaops.video contributors (@mediaops)
positional: step
options:
  _input:
    description: The titles.
    type: list
    elements: dict
    required: true
  step:
    description: The step whose items to build.
    type: str
    choices: [import, transcode, package, package_pending, caption, moderate]
    required: true
  defaults:
    description:
      - Values for what a title leaves out, C(import_profile), C(profiles), C(streaming_format) and C(protection).
    type: dict
    default: {}
  storage_ids:
    description: The PallyCon storage id of each storage name the titles' C(packaging) names (for V(package)).
    type: dict
'''

EXAMPLES = r'''
- name: Import every master in one task
  mediaops.video.ankoder_video:
    videos: "{{ titles | mediaops.video.catalog_items('import', defaults={'import_profile': 'psp'}) }}"
  register: imports

- name: Convert every imported master to its profiles in one task
  mediaops.video.ankoder_job:
    jobs: "{{ titles | mediaops.video.catalog_items('transcode', defaults={'profiles': ['web']}) }}"
'''

RETURN = r'''
_value:
  description:
    - The step's items, in the titles' order (for V(package_pending), C(title) and C(content_id) of each).
  type: list
  elements: dict
'''

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text


def _given(mapping, name):
    value = (mapping or {}).get(name)
    return value is not None


def _import(titles, defaults, **context):
    return [{'url': t['source_url'], 'key': to_text(t['id']),
             'profile': to_text(t.get('import_profile') or defaults.get('import_profile'))} for t in titles]


def _transcode(titles, defaults, **context):
    items = []
    for title in titles:
        for profile in title.get('profiles') or defaults.get('profiles') or []:
            profile = to_text(profile)
            item = {'source_video_key': to_text(title['id']), 'profile': profile, 'key': '%s|%s' % (title['id'], profile)}
            for name in ('upload_url', 'postback_url'):
                if _given(title, name):
                    item[name] = title[name]
            items.append(item)
    return items


def _storage(packaging, name, storage_ids):
    if _given(packaging, name + '_id'):
        return packaging[name + '_id']
    return (storage_ids or {}).get(packaging.get(name))


def _package(titles, defaults, storage_ids=None, **context):
    return [job for job in _package_jobs(titles, defaults, storage_ids)
            if job['input_storage_id'] is not None and job['output_storage_id'] is not None]


def _package_jobs(titles, defaults, storage_ids):
    items = []
    for title in titles:
        packaging = title.get('packaging')
        if not packaging:
            continue
        job = {
            'content_id': to_text(packaging.get('content_id') or title['id']),
            'job_name': to_text(packaging.get('job_name') or title.get('name') or title['id']),
            'input_storage_id': _storage(packaging, 'input_storage', storage_ids),
            'contents_path': packaging.get('contents_path'),
            'output_storage_id': _storage(packaging, 'output_storage', storage_ids),
            'output_path': to_text(packaging.get('output_path') or title['id']),
            'streaming_format': packaging.get('streaming_format') or defaults.get('streaming_format'),
            'protection': packaging.get('protection') or defaults.get('protection'),
        }
        for extra in ('subtitles', 'dash_option', 'drm_option'):
            if _given(packaging, extra):
                job[extra] = packaging[extra]
        items.append(job)
    return items


def _package_pending(titles, defaults, storage_ids=None, **context):
    return [{'title': to_text(title['id']), 'content_id': job['content_id']}
            for title in titles for job in _package_jobs([title], defaults, storage_ids)
            if job['input_storage_id'] is None or job['output_storage_id'] is None]


def _caption(titles, defaults, **context):
    items = []
    for title in titles:
        captions = title.get('captions')
        if not captions:
            continue
        for language in captions.get('languages') or []:
            item = {'published_id': captions['published_id'], 'language': to_text(language)}
            if _given(captions, 'reorder_failed'):
                item['reorder_failed'] = captions['reorder_failed']
            items.append(item)
    return items


MODERATION_FIELDS = ('video_name', 'lang', 'frequency', 'user_id', 'device_type', 'callback_url', 'callback_region',
                     'callback_secret_key')


def _moderate(titles, defaults, **context):
    items = []
    for title in titles:
        moderation = title.get('moderation')
        if moderation is None:
            continue
        item = {'video_url': moderation.get('video_url') or title.get('source_url'), 'key': to_text(title['id'])}
        for name in MODERATION_FIELDS:
            if _given(moderation, name):
                item[name] = moderation[name]
        items.append(item)
    return items


STEPS = {'import': _import, 'transcode': _transcode, 'package': _package,
         'package_pending': _package_pending, 'caption': _caption, 'moderate': _moderate}


def catalog_items(titles, step, defaults=None, storage_ids=None):
    if step not in STEPS:
        raise AnsibleFilterError('catalog_items: step must be one of %s, not %r' % (', '.join(sorted(STEPS)), step))
    if not isinstance(titles, list) or not all(isinstance(t, dict) and 'id' in t for t in titles):
        raise AnsibleFilterError('catalog_items: the input must be a list of titles, each a dict with an id')
    try:
        return STEPS[step](titles, dict(defaults or {}), storage_ids=storage_ids)
    except (KeyError, TypeError, ValueError) as exc:
        raise AnsibleFilterError('catalog_items: a title lacks what step %s needs (%s: %s)'
                                 % (step, type(exc).__name__, exc))


class FilterModule(object):

    def filters(self):
        return {'catalog_items': catalog_items}
