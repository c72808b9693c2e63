# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The options of _module.connection_spec(), shared by every module.
    DOCUMENTATION = r'''
options:
  validate_certs:
    description:
      - Whether to verify the service's TLS certificate.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle to verify the service's certificate with.
    type: path
  timeout:
    description:
      - Seconds to wait for the service to connect and to answer each request.
    type: float
    default: 30
'''
