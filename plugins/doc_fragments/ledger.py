# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  ledger:
    description:
      - Where the ledger lives, the record of "this declared thing is that remote id, created from this
        request" that makes a second run a no-op for a service that cannot be searched.
      - A URL C(file:///path/ledger.json), or a plain path. The file is replaced atomically and locked
        while written, so parallel forks lose none of each other's entries. Keep one ledger per
        environment; losing it means the module cannot tell that a resource exists.
      - Or C(s3://bucket/prefix), for runs that keep no local state between them (AWX / Automation
        Controller, where every job runs in a fresh container). Each entry is one object under the prefix,
        named by a digest; S3's conditional writes make parallel runs agree on which of them creates.
        Needs the Python library C(boto3) on the host that runs the module. The endpoint is
        E(AWS_ENDPOINT_URL_S3) or E(AWS_ENDPOINT_URL) when set (an S3-compatible store), else AWS.
        Credentials and region come from the usual AWS environment (E(AWS_ACCESS_KEY_ID),
        E(AWS_SECRET_ACCESS_KEY), E(AWS_SESSION_TOKEN), E(AWS_PROFILE), E(AWS_DEFAULT_REGION)) or an
        instance or task role, never from the URL. They need C(s3:GetObject), C(s3:PutObject),
        C(s3:DeleteObject) and C(s3:ListBucket) on that bucket and prefix.
      - Before it sends a create, a module claims the entry atomically and marks it pending. Another run
        that finds that mark, still within its time, waits for it to resolve (at most about four times
        O(timeout) plus a minute) and then reports the result as existing, without a second create.
      - If not set, the environment variable E(MEDIAOPS_LEDGER) is used, else
        C(~/.ansible/mediaops_video_ledger.json).
    type: str
  on_unknown_outcome:
    description:
      - What to do when an earlier run sent a create whose answer never came (a timeout, a dropped
        connection or a 5xx after the request was sent), or whose run stopped while sending it and whose
        pending mark is past its time. The service may have created the resource and cannot be searched
        for it, so by default (V(fail)) the module refuses to create it again and says so. Check at the
        service, then run with V(recreate) to create it anyway.
      - A pending mark of a run that may still be sending its create is waited for with either choice.
    type: str
    choices: [fail, recreate]
    default: fail
  retry_failed:
    description:
      - Whether to create the resource again when the one recorded in the ledger failed at the service.
        By default a failed resource stays the declared one (the task reports it, and fails with O(wait)),
        so that a failure is never paid for again without asking.
    type: bool
    default: false
notes:
  - An C(s3://) O(ledger) needs the Python library C(boto3) 1.36 or later (S3 conditional writes) where the
    module runs; a C(file://) ledger needs nothing beyond the collection's own requirements.
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
