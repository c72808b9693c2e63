# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  api_url:
    description:
      - Base URL of the Ankoder API. A path prefix is allowed (V(http://127.0.0.1:8790/ankoder)); the
        signature then covers it.
      - If not set, the environment variable E(ANKODER_API_URL) is used.
    type: str
    default: http://api.ankoder.com
  auth_method:
    description:
      - How to authenticate. V(basic) sends O(username) and O(password) preemptively on every request.
        V(signature) signs every request with O(access_key) and O(private_key) (a fresh date on each, one
        retry with a fresh date after a replayed-signature or clock-skew refusal). V(session) logs in once
        per task and reuses the session cookie.
      - If not set, the environment variable E(ANKODER_AUTH_METHOD) is used.
    type: str
    choices: [basic, signature, session]
    default: basic
  username:
    description:
      - Login name, for O(auth_method=basic) and O(auth_method=session).
      - If not set, the environment variable E(ANKODER_USERNAME) is used.
    type: str
  password:
    description:
      - Password, for O(auth_method=basic) and O(auth_method=session). Never logged or returned.
      - If not set, the environment variable E(ANKODER_PASSWORD) is used.
    type: str
  access_key:
    description:
      - Access key, for O(auth_method=signature) and for uploads of a local file.
      - If not set, the environment variable E(ANKODER_ACCESS_KEY) is used.
    type: str
  private_key:
    description:
      - Private key that signs requests, for O(auth_method=signature). Never logged or returned.
      - If not set, the environment variable E(ANKODER_PRIVATE_KEY) is used.
    type: str
requirements:
  - requests
  - lxml
notes:
  - Safe requests (reads, the session login) are retried on connection errors, HTTP 429 (honouring
    C(Retry-After)) and 5xx, with capped, jittered exponential backoff. A create is never sent twice
    when its answer is lost; see O(ignore:on_unknown_outcome) where a module has it.
'''
