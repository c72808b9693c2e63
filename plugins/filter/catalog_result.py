# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: catalog_result
short_description: What each title of a catalog is now, from the results of the steps' bulk tasks
version_added: 0.2.0
description:
  - Joins the registered results of the C(catalog_pipeline) role's bulk tasks back to the titles, in one pass, into
    one entry per title, C(id), C(name) and, for the steps it took, C(video) (C(id), C(status)), C(jobs) (C(profile),
    C(id), C(status) of each conversion), C(packaging) (C(content_id), C(job_id), C(status)), C(captions)
    (C(language), C(caption_id), C(status)) and C(moderation) (C(task_id), C(verdict)).
  - A result registered with C(return_items=changed) holds only what changed (each with its C(index)); the titles
    whose items it leaves out have no entry for that step. Ids are null for what check mode would create.
author:
  - mediaops.video contributors (@mediaops)
options:
  _input:
    description: The titles, as given to the role.
    type: list
    elements: dict
    required: true
  defaults:
    description: The same O(mediaops.video.catalog_items#filter:defaults) the tasks were built with.
    type: dict
    default: {}
  imports:
    description: The registered result of the M(mediaops.video.ankoder_video) bulk task.
    type: dict
  conversions:
    description: The registered result of the M(mediaops.video.ankoder_job) bulk task.
    type: dict
  packaging:
    description: The registered result of the M(mediaops.video.pallycon_packaging_job) bulk task.
    type: dict
  storage_ids:
    description: The storage ids the packaging jobs were built with.
    type: dict
  captions:
    description: The registered result of the M(mediaops.video.iva_caption_order) bulk task.
    type: dict
  moderation:
    description: The registered result of the M(mediaops.video.moderation_submission) bulk task.
    type: dict
'''

EXAMPLES = r'''
- name: What each title is now
  ansible.builtin.set_fact:
    catalog_now: "{{ titles | mediaops.video.catalog_result(imports=imports, conversions=conversions) }}"
'''

RETURN = r'''
_value:
  description: One entry per title, in the titles' order.
  type: list
  elements: dict
'''

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.mediaops.video.plugins.filter.catalog_items import catalog_items


def _rows(registered, name, count):
    """``{item index: row}`` of a bulk task's result, whichever rows ``return_items`` kept."""
    rows = (registered or {}).get(name) or []
    by_index = {}
    for position, row in enumerate(rows):
        if isinstance(row, dict) and not row.get('failed'):
            index = row.get('index', position)
            if isinstance(index, int) and index < count:
                by_index[index] = row
    return by_index


def _owned(titles, step, defaults, **context):
    """A step's items and the title index of each, in the items' order (one pass over the titles)."""
    items, owners = [], []
    for index, title in enumerate(titles):
        mine = catalog_items([title], step, defaults, **context)
        items.extend(mine)
        owners.extend([index] * len(mine))
    return items, owners


def catalog_result(titles, defaults=None, imports=None, conversions=None, packaging=None, storage_ids=None,
                   captions=None, moderation=None):
    if not isinstance(titles, list) or not all(isinstance(t, dict) and 'id' in t for t in titles):
        raise AnsibleFilterError('catalog_result: the input must be a list of titles, each a dict with an id')
    defaults = dict(defaults or {})
    entries = [{'id': t['id'], 'name': t.get('name') or t['id']} for t in titles]

    for index, row in _rows(imports, 'videos', len(titles)).items():
        entries[index]['video'] = {'id': row.get('id'), 'status': row.get('status')}

    items, owners = _owned(titles, 'transcode', defaults)
    for index, row in sorted(_rows(conversions, 'jobs', len(items)).items()):
        entries[owners[index]].setdefault('jobs', []).append(
            {'profile': items[index]['profile'], 'id': row.get('id'), 'status': row.get('status')})

    items, owners = _owned(titles, 'package', defaults, storage_ids=storage_ids)
    for index, row in _rows(packaging, 'jobs', len(items)).items():
        entries[owners[index]]['packaging'] = {'content_id': row.get('content_id'), 'job_id': row.get('job_id'),
                                               'status': row.get('status')}

    items, owners = _owned(titles, 'caption', defaults)
    for index, row in sorted(_rows(captions, 'captions', len(items)).items()):
        caption = row.get('caption') if isinstance(row.get('caption'), dict) else row
        entries[owners[index]].setdefault('captions', []).append(
            {'language': caption.get('language') or to_text(items[index]['language']),
             'caption_id': caption.get('caption_id'), 'status': caption.get('status')})

    items, owners = _owned(titles, 'moderate', defaults)
    for index, row in _rows(moderation, 'submissions', len(items)).items():
        verdict = (row.get('result') or {}).get('verdict') or (row.get('submission') or {}).get('verdict')
        entries[owners[index]]['moderation'] = {'task_id': row.get('task_id'), 'verdict': verdict}
    return entries


class FilterModule(object):

    def filters(self):
        return {'catalog_result': catalog_result}
