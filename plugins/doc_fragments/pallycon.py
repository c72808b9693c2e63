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
      - Base URL of the PallyCon API. A path prefix is allowed.
      - If not set, the environment variable E(PALLYCON_API_URL) is used.
    type: str
    default: https://api.pallycon.com
  site_id:
    description:
      - The PallyCon site id.
      - If not set, the environment variable E(PALLYCON_SITE_ID) is used.
    type: str
  site_key:
    description:
      - The site key (32 bytes) that encrypts every request's API data. Never logged or returned.
      - If not set, the environment variable E(PALLYCON_SITE_KEY) is used.
    type: str
  access_key:
    description:
      - The site access key that goes into every request's hash. Never logged or returned.
      - If not set, the environment variable E(PALLYCON_ACCESS_KEY) is used.
    type: str
requirements:
  - requests
  - cryptography
notes:
  - Every request carries its API data AES-256-CBC encrypted with the site key and hashed with the access
    key, in the C(pallycon-apidata) query parameter, sealed afresh on every attempt. When the service
    refuses the timestamp (A1002) and its clock differs from the local one, the request is sealed again
    with the service's time, once.
  - Reads and storage updates are retried on connection errors, HTTP 429 and 5xx with capped, jittered
    exponential backoff; registrations are not (see the modules).
'''
