# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Every module that creates something.
    DOCUMENTATION = r'''
options:
  ledger:
    description:
      - Where the ledger lives. It records, for each declared thing, the remote id and digests of the request
        that made it, and it holds the I(claim) a run writes before it sends a create. For services that
        cannot be searched (Ankoder videos and jobs, moderation submissions) it is what makes a second run a
        no-op; for services that can (PallyCon, the IVA catalog) the listing decides, and the ledger keeps
        claims and created ids so that a lost answer or a listing that does not show the account's own
        orders never leads to a second paid create.
      - A URL C(file:///path/ledger.json), or a plain path. The file is replaced atomically and locked
        while written, so parallel forks lose none of each other's entries. Keep one ledger per
        environment.
      - Or C(s3://bucket/prefix), for runs that keep no local state between them (AWX / Automation
        Controller, where every job runs in a fresh container). Each entry is one object under the prefix,
        named by a digest, with an empty marker under C(pending/) while it holds a claim; S3's conditional
        writes make parallel runs agree on which of them creates.
        Needs the Python library C(boto3) on the host that runs the module. The endpoint is
        E(AWS_ENDPOINT_URL_S3) or E(AWS_ENDPOINT_URL) when set (an S3-compatible store), else AWS.
        Credentials and region come from the usual AWS environment (E(AWS_ACCESS_KEY_ID),
        E(AWS_SECRET_ACCESS_KEY), E(AWS_SESSION_TOKEN), E(AWS_PROFILE), E(AWS_DEFAULT_REGION)) or an
        instance or task role, never from the URL. They need C(s3:GetObject), C(s3:PutObject),
        C(s3:DeleteObject) and C(s3:ListBucket) on that bucket and prefix.
      - The ledger holds no secret, not even as a plain digest. Passwords in URLs are masked before
        anything is stored and are not compared (a rotated password is not a new resource); a secret
        option that is compared (the moderation O(ignore:callback_secret_key)) is stored as an HMAC keyed
        with the service credential.
      - A claim carries its run's host and process and a lease that a heartbeat renews while the create
        runs (a long upload keeps it). Another run waits for a live claim (at most about four times
        O(timeout) plus a minute); a claim whose process is gone from this host, or whose lease ran out,
        has an unknown outcome (see O(on_unknown_outcome)).
      - If not set, the environment variable E(MEDIAOPS_LEDGER) is used, else
        C(~/.ansible/mediaops_video_ledger.json). Inspect it with M(mediaops.video.ledger_info), change it
        with M(mediaops.video.ledger_entry).
    type: str
  on_unknown_outcome:
    description:
      - What to do when an earlier create's outcome is unknown, because its answer was lost (a timeout, a
        dropped connection or a 5xx after the request was sent) or its run stopped while sending it.
      - V(fail), the default. A service that can be searched is looked at first, and a create that shows
        there is recorded and used. Otherwise the module does not send the create again. For a service that
        can be searched this lasts until O(unknown_outcome_grace) has passed since the create was sent.
        For a service that cannot be searched it lasts until you decide, and the message says how.
      - V(adopt) records the remote id given in O(id) as the declared thing and goes on, like Terraform's
        C(import). It is also how a thing created outside the collection is taken over.
      - V(recreate) sends the create again at once. It may pay twice.
    type: str
    choices: [fail, recreate, adopt]
    default: fail
  id:
    description:
      - With O(on_unknown_outcome=adopt), the remote id to record for the declared thing (checked at the
        service when it can be read).
    type: str
  unknown_outcome_grace:
    description:
      - Seconds after a create was sent during which a later run that cannot see it in the service's
        listing does not send it again (the create may still land). Only services that can be searched
        use it; afterwards the create is sent again if the listing still does not show it.
    type: int
    default: 900
notes:
  - An C(s3://) O(ledger) needs the Python library C(boto3) 1.35.69 or later (S3 conditional writes) where the
    module runs; a C(file://) ledger needs nothing beyond the collection's own requirements.
  - What each module does when an answer is lost is described in the guide
    R(What happens when an answer is lost,ansible_collections.mediaops.video.docsite.guide_lost_answers).
'''

    RETRY_FAILED = r'''
options:
  retry_failed:
    description:
      - Whether to create the resource again when the one recorded in the ledger failed at the service.
        By default a failed resource stays the declared one (the task reports it, and fails with O(wait)),
        so that a failure is never paid for again without asking.
    type: bool
    default: false
'''

    # Modules whose service can be searched: a create must show in the listing.
    LISTED = r'''
options:
  confirm_timeout:
    description:
      - Seconds to wait, after a create, for the new id to show in the service's listing. If it never shows,
        the task fails and names the likely cause; the id stays recorded in the ledger, so no later run
        creates it again.
    type: float
    default: 30
'''

    # The modules that read and change the ledger itself.
    MANAGED = r'''
options:
  ledger:
    description:
      - The ledger, as the other modules take it in their O(ledger) option. A URL C(file:///path/ledger.json),
        a plain path, or C(s3://bucket/prefix) (needs C(boto3); endpoint and credentials from the usual AWS
        environment).
      - If not set, the environment variable E(MEDIAOPS_LEDGER) is used.
    type: str
    default: ~/.ansible/mediaops_video_ledger.json
  validate_certs:
    description:
      - Not used by this module, which calls no service; accepted so that the C(module_defaults) group
        C(group/mediaops.video.all) can set it for every module of the collection at once.
      - An C(s3://) ledger verifies TLS as C(boto3) does (E(AWS_CA_BUNDLE) names a CA bundle).
    type: bool
    default: true
  ca_path:
    description:
      - Not used by this module; accepted so that the C(module_defaults) group C(group/mediaops.video.all)
        can set it for every module of the collection at once.
    type: path
  timeout:
    description:
      - Not used by this module; accepted so that the C(module_defaults) group C(group/mediaops.video.all)
        can set it for every module of the collection at once.
    type: float
    default: 30
'''

    # For the _info modules of a service whose other modules keep a ledger.
    UNUSED = r'''
options:
  ledger:
    description:
      - Not used by this module; accepted so that one C(module_defaults) group can set the ledger for
        every module of the service.
    type: str
'''
