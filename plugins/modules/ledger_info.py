#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ledger_info
short_description: List the entries of the mediaops.video ledger
version_added: 0.2.0
description:
  - Returns the entries of the ledger that the collection's modules keep (a C(file://) ledger or an
    C(s3://) one). For each declared thing, it holds the remote id it was created or adopted as, or the
    claim of a create whose answer is not known yet.
  - An entry is V(pending) while a create's claim is unresolved, and V(recorded) once it names a remote id.
    A pending entry is I(live) while the run that sent the create may still be at it; a pending entry that
    is not live is a create whose answer was lost, which you may resolve with
    M(mediaops.video.ledger_entry).
  - The ledger holds no key and no secret, only digests and masked copies, so nothing it returns is secret.
author:
  - mediaops.video contributors (@mediaops)
options:
  service:
    description: Only the entries of this service.
    type: str
    choices: [ankoder, iva, moderation, pallycon]
  kind:
    description:
      - Only the entries of this kind of thing, V(video) or V(job) (Ankoder), V(submission) (moderation),
        V(storage) or V(packaging_job) (PallyCon), V(caption) (IVA).
    type: str
  key:
    description:
      - Only the entries of this declared identity, the key the modules use. For Ankoder videos and
        moderation submissions their O(mediaops.video.ankoder_video#module:key) or URL; for Ankoder jobs
        O(mediaops.video.ankoder_job#module:key) or C(<source_video_id>|<profile>); for PallyCon storages
        C(<region>|<name>), packaging jobs the content id; for IVA captions C(<published_id>|<language number>).
      - Compared by its SHA-256, with a URL's password masked first, so a rotated password still finds the entry.
    type: str
  account:
    description:
      - Only the entries of this account, exactly as the scope names it after the C(@). For Ankoder the API URL
        without a trailing slash, for moderation the submit URL, for PallyCon C(<api_url>/<site_id>), for IVA
        C(<order_url>?customerid=<customer_id>).
    type: str
  state:
    description: Only the pending entries (a claim), or only the recorded ones (a remote id).
    type: str
    choices: [pending, recorded]
extends_documentation_fragment:
  - mediaops.video.ledger.MANAGED
  - mediaops.video.attributes
  - mediaops.video.attributes.INFO_MODULE
seealso:
  - module: mediaops.video.ledger_entry
  - ref: ansible_collections.mediaops.video.docsite.guide_lost_answers
    description: What happens when an answer is lost.
  - ref: ansible_collections.mediaops.video.docsite.guide_lost_answers.url_change
    description: When a service's URL changes, the ledger's entries belong to another account.
'''

EXAMPLES = r'''
- name: Creates whose answer was lost, in the shared ledger
  mediaops.video.ledger_info:
    ledger: s3://media-ops-state/ledger/production
    state: pending
  register: lost

- name: Name those that no run is still creating
  ansible.builtin.debug:
    msg: "{{ lost.entries | rejectattr('live') | map(attribute='label') | list }}"

- name: The ledger's Ankoder jobs of one account
  mediaops.video.ledger_info:
    service: ankoder
    kind: job
    account: https://api.ankoder.com
    state: recorded
  register: ankoder_jobs

- name: What the ledger knows of one import
  mediaops.video.ledger_info:
    service: ankoder
    kind: video
    key: title-4711
  register: title_video
'''

RETURN = r'''
entries:
  description: The matching entries, by stored name, V([]) when none match.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The entry's stored name, C(<scope>|<key_sha256>).
      type: str
      sample: ankoder/video@https://api.ankoder.com|3f0c4e...
    scope:
      description: C(<service>/<kind>@<account>).
      type: str
      sample: ankoder/video@https://api.ankoder.com
    service:
      description: The service.
      type: str
      sample: ankoder
    kind:
      description: The kind of thing.
      type: str
      sample: video
    account:
      description: The account, as the scope names it after the C(@).
      type: str
      sample: https://api.ankoder.com
    key_sha256:
      description: The SHA-256 of the declared identity (the key itself is never stored).
      type: str
    label:
      description: What the entry is, as the module's messages name it (URL passwords masked); null in entries of 0.1.0.
      type: str
      sample: video ftp://bob:********@ftp.example.com/masters/4711.mov
    state:
      description: V(pending) while a create's claim is unresolved, else V(recorded).
      type: str
      sample: recorded
    live:
      description:
        - True for a pending entry whose create may still be running (its run alive, its lease not over);
          false for a create whose answer was lost, and for every recorded entry.
      type: bool
      sample: false
    id:
      description: The remote id; null while pending.
      type: raw
      sample: "5001"
    sent_at:
      description: When the pending create was sent (ISO 8601, UTC).
      type: str
    created_at:
      description: When the id was recorded.
      type: str
      sample: "2026-11-22T00:21:52Z"
    updated_at:
      description: When the entry was last written.
      type: str
      sample: "2026-11-22T00:21:52Z"
    host:
      description: The host of the run that claimed the create.
      type: str
    pid:
      description: The process id of that run.
      type: int
    adopted:
      description: True when the id was recorded by adoption rather than by a create.
      type: bool
      sample: false
    request:
      description: The declared request that made it, as stored (secrets and URL passwords masked).
      type: dict
counts:
  description: How many of the returned entries are pending and recorded.
  returned: always
  type: dict
  sample:
    pending: 1
    recorded: 42
'''

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _ledger_entries as entries
from ansible_collections.mediaops.video.plugins.module_utils._ledger import open_ledger
from ansible_collections.mediaops.video.plugins.module_utils._module import run


def list_entries(module):
    p = module.params
    now = time.time()
    ledger = open_ledger(p['ledger'], warn=module.warn)
    found = [e.summary(now) for e in entries.select(ledger, p['service'], p['kind'], p['key'], p['account'], p['state'])]
    counts = dict((state, sum(1 for e in found if e['state'] == state)) for state in ('pending', 'recorded'))
    return {'changed': False, 'entries': found, 'counts': counts}


def main():
    module = AnsibleModule(
        argument_spec=entries.argument_spec(state=dict(type='str', choices=['pending', 'recorded'])),
        supports_check_mode=True,
    )
    run(module, list_entries)


if __name__ == '__main__':
    main()
