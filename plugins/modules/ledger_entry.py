#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ledger_entry
short_description: Adopt a remote id into the mediaops.video ledger, or forget an entry
version_added: 0.2.0
description:
  - Changes one entry of the ledger that the collection's modules keep (a C(file://) ledger or an C(s3://)
    one), found by O(service), O(kind) and O(key) (and O(account) when given).
  - O(state=present) records O(id) as the remote thing of that declared identity (an I(adoption), like
    Terraform's C(import)). The entry's claim, if any, is resolved, and later runs of the module that
    declares it use that id. This is how a create whose answer was lost is settled once you have found
    it at the service. What the entry knew of the declared request (the claim holds its digests) is
    kept, so a later run still notices a changed declaration.
  - To take over something the ledger has never seen (created by hand, or by another tool), prefer the
    declaring module itself with O(mediaops.video.ankoder_video#module:on_unknown_outcome=adopt) and its
    O(mediaops.video.ankoder_video#module:id), which records the declared request along with the id. An entry
    this module makes from nothing (with O(account)) holds the id only.
  - O(state=absent) forgets the entry, so that the next run of the module creates the thing again. Use it
    for a create whose answer was lost and that you know never happened.
  - An entry that a run is creating right now (a I(live) claim) is never changed; the task fails and says
    which run holds it. A change that another run makes between this module's read and its write is not
    overwritten either; the task fails and asks to look again.
  - Only the ledger changes; nothing is sent to the service.
author:
  - mediaops.video contributors (@mediaops)
options:
  service:
    description: The service.
    type: str
    required: true
    choices: [ankoder, iva, moderation, pallycon]
  kind:
    description:
      - The kind of thing, V(video) or V(job) (Ankoder), V(submission) (moderation), V(storage) or
        V(packaging_job) (PallyCon), V(caption) (IVA).
    type: str
    required: true
  key:
    description:
      - The declared identity, the key the modules use (the task failures that ask for this module name it).
        For Ankoder videos and moderation submissions their O(mediaops.video.ankoder_video#module:key) or URL;
        for Ankoder jobs O(mediaops.video.ankoder_job#module:key) or C(<source_video_id>|<profile>); for PallyCon
        storages C(<region>|<name>), packaging jobs the content id; for IVA captions
        C(<published_id>|<language number>).
      - Compared by its SHA-256, with a URL's password masked first.
    type: str
    required: true
  account:
    description:
      - The account, exactly as the ledger's scope names it after the C(@). For Ankoder the API URL without a
        trailing slash, for moderation the submit URL, for PallyCon C(<api_url>/<site_id>), for IVA
        C(<order_url>?customerid=<customer_id>).
      - Needed when the ledger has no entry of that identity yet (with O(state=present)), and when it has
        entries of that identity under several accounts.
    type: str
  id:
    description: The remote id to record. Required with O(state=present).
    type: str
  state:
    description: Whether the entry records O(id) (V(present)) or is forgotten (V(absent)).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - mediaops.video.ledger.MANAGED
  - mediaops.video.attributes
attributes:
  check_mode:
    support: full
    details: Writes nothing; returns the entry as it would be.
  diff_mode:
    support: full
    details: Shows the entry's id, state and label before and after.
seealso:
  - module: mediaops.video.ledger_info
  - ref: ansible_collections.mediaops.video.docsite.guide_lost_answers
    description: What happens when an answer is lost.
  - ref: ansible_collections.mediaops.video.docsite.guide_lost_answers.url_change
    description: When a service's URL changes, the ledger's entries belong to another account.
'''

EXAMPLES = r'''
- name: The Ankoder import whose answer was lost is video 90817 (found in the Ankoder console)
  mediaops.video.ledger_entry:
    ledger: s3://media-ops-state/ledger/production
    service: ankoder
    kind: video
    key: title-4711
    id: "90817"

- name: Settle a lost conversion of the production account (the ledger has the same key for staging too)
  mediaops.video.ledger_entry:
    service: ankoder
    kind: job
    key: "90817|hls-1080p"
    account: https://api.ankoder.com
    id: "5120"

- name: That moderation submission never reached the service; the next run submits it again
  mediaops.video.ledger_entry:
    service: moderation
    kind: submission
    key: https://cdn.example.com/masters/4711.mp4
    state: absent
'''

RETURN = r'''
entry:
  description:
    - The entry after the task (as it would be, in check mode), in the form of
      RV(mediaops.video.ledger_info#module:entries[]); null when there is none.
  returned: always
  type: dict
  sample:
    name: ankoder/video@https://api.ankoder.com|3f0c4e...
    scope: ankoder/video@https://api.ankoder.com
    service: ankoder
    kind: video
    account: https://api.ankoder.com
    key_sha256: 3f0c4e...
    label: video title-4711
    state: recorded
    live: false
    id: "90817"
    adopted: true
    request: {}
name:
  description: The stored name of the entry; null when nothing matched and no O(account) names one.
  returned: always
  type: str
  sample: ankoder/video@https://api.ankoder.com|3f0c4e...
names:
  description: The stored names of every entry the task wrote or forgot (or would, in check mode).
  returned: always
  type: list
  elements: str
'''

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mediaops.video.plugins.module_utils import _claims as claims
from ansible_collections.mediaops.video.plugins.module_utils import _ledger_entries as entries
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._ledger import entry_id, open_ledger, utcnow
from ansible_collections.mediaops.video.plugins.module_utils._module import run
from ansible_collections.mediaops.video.plugins.module_utils._state import mask_url

KEPT = ('request', 'fields', 'digests', 'key_id', 'fingerprint')


def _what(p):
    return '%s %s %r' % (p['service'], p['kind'], mask_url(p['key']))


def _refuse_live(found, now, what):
    for entry in found:
        if claims.live(entry.entry, now):
            e = entry.entry
            raise MediaopsError(
                'a run (host %s, process %s) is creating %s right now: it sent the create at %s and its claim lasts '
                'until %s unless renewed. Let it finish, then look again with mediaops.video.ledger_info'
                % (e.get('host') or 'unknown', e.get('pid') or 'unknown', e.get('label') or what,
                   e.get('sent_at') or e.get('since'), e.get('expires')), name=entry.name)


def _diff(name, before, after):
    return {'before_header': name, 'after_header': name, 'before': before.view() if before else {},
            'after': after.view() if after else {}}


def adopt(module, ledger, found, now):
    p = module.params
    scopes = sorted(set(e.scope for e in found))
    if len(scopes) > 1:
        raise MediaopsError('the ledger %s has %s under %d accounts: %s; set account to one of them'
                            % (ledger.describe(), _what(p), len(scopes), ', '.join(s.partition('@')[2] for s in scopes)))
    if not scopes and p['account'] is None:
        raise MediaopsError('the ledger %s has no entry of %s; to record one, set account (for %s: %s)'
                            % (ledger.describe(), _what(p), p['service'], entries.ACCOUNTS[p['service']]))
    scope = scopes[0] if scopes else '%s/%s@%s' % (p['service'], p['kind'], p['account'])
    key = mask_url(p['key'])
    current, version = ledger.read(scope, key)
    legacy = False
    if current is None and key != p['key']:
        # An entry of 0.1.0, keyed with the URL's password: moved under the masked key.
        current, _version = ledger.read(scope, p['key'])
        legacy = current is not None
    before = entries.Entry(entry_id(scope, key), current) if current else None
    _refuse_live([before] if before else [], now, _what(p))
    if current and not current.get('pending') and str(current.get('id')) == p['id'] and not legacy:
        return {'changed': False, 'entry': before.summary(now), 'name': before.name, 'names': []}
    current = current or {}
    new = dict((k, current[k]) for k in KEPT if k in current)
    new.update(id=p['id'], service=p['service'], kind=p['kind'], adopted=True,
               label=current.get('label') or '%s %s' % (p['kind'], key), created_at=current.get('created_at') or utcnow())
    new.setdefault('request', {})
    if not module.check_mode:
        stored = ledger.claim(scope, key, new, None if legacy else version)
        if stored is None:
            raise MediaopsError('another run changed the ledger entry of %s while this task was adopting id %s; '
                                'nothing was written: look at it with mediaops.video.ledger_info and run again'
                                % (_what(p), p['id']), ledger=ledger.describe())
        new = stored[0]
        if legacy:
            ledger.delete(scope, p['key'])
    after = entries.Entry(entry_id(scope, key), new)
    return {'changed': True, 'entry': after.summary(now), 'name': after.name, 'names': [after.name],
            'diff': _diff(after.name, before, after)}


def forget(module, ledger, found, now):
    p = module.params
    _refuse_live(found, now, _what(p))
    if not module.check_mode:
        for entry in found:
            ledger.delete(entry.scope, entries.stored_key(p['key'], entry.key_sha256))
    names = [e.name for e in found]
    if len(found) == 1 or p['account'] is not None:
        name = names[0] if found else entry_id('%s/%s@%s' % (p['service'], p['kind'], p['account']), mask_url(p['key']))
    else:
        name = None
    diffs = [_diff(e.name, e, None) for e in found]
    return {'changed': bool(found), 'entry': None, 'name': name, 'names': names,
            'diff': diffs[0] if len(diffs) == 1 else diffs or {'before': {}, 'after': {}}}


def manage(module):
    p = module.params
    if p['kind'] not in entries.KINDS[p['service']]:
        raise ValidationError('%s has no kind %s; its kinds: %s' % (p['service'], p['kind'], ', '.join(entries.KINDS[p['service']])))
    ledger = open_ledger(p['ledger'], warn=module.warn)
    found = entries.select(ledger, p['service'], p['kind'], p['key'], p['account'])
    result = (adopt if p['state'] == 'present' else forget)(module, ledger, found, time.time())
    if not module._diff:
        result.pop('diff', None)
    return result


def main():
    module = AnsibleModule(
        argument_spec=entries.argument_spec(
            service=dict(type='str', required=True, choices=sorted(entries.KINDS)),
            kind=dict(type='str', required=True),
            key=dict(type='str', required=True, no_log=False),
            id=dict(type='str'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        required_if=[('state', 'present', ('id',))],
        supports_check_mode=True,
    )
    run(module, manage)


if __name__ == '__main__':
    main()
