# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  submit_url:
    description:
      - The submission endpoint of the iLiveData video check API.
      - If not set, the environment variable E(MODERATION_SUBMIT_URL) is used.
    type: str
    default: https://vsafe.ilivedata.com/api/v1/video/check/submit
  result_url:
    description:
      - The result endpoint.
      - If not set, the environment variable E(MODERATION_RESULT_URL) is used.
    type: str
    default: https://vsafe.ilivedata.com/api/v1/video/check/result
  app_id:
    description:
      - The project's app id (C(X-AppId)).
      - If not set, the environment variable E(MODERATION_APP_ID) is used.
    type: str
  secret_key:
    description:
      - The secret key that signs every request (HMAC-SHA256 over the method, host, path, the SHA-256 of the
        exact body sent, the app id and the timestamp). Never logged or returned.
      - If not set, the environment variable E(MODERATION_SECRET_KEY) is used.
    type: str
requirements:
  - requests
'''
