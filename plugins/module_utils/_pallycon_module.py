# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: PallyCon described as a service (see _service)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._pallycon import (
    DEFAULT_API_URL, PallyConClient, site_id_problem, site_key_problem,
)
from ansible_collections.mediaops.video.plugins.module_utils._service import Option, Service
from ansible_collections.mediaops.video.plugins.module_utils import _pallycon_signer

SERVICE = Service(
    'pallycon', 'PallyCon', 'PALLYCON', client=PallyConClient, scope='pallycon/{kind}@{api_url}/{site_id}',
    libraries=((_pallycon_signer.HAS_CRYPTOGRAPHY, 'cryptography', _pallycon_signer.CRYPTOGRAPHY_IMPORT_ERROR),),
    options=(
        Option('api_url', default=DEFAULT_API_URL, url=True),
        Option('site_id', required=True, check=site_id_problem),
        Option('site_key', secret=True, required=True, check=site_key_problem),
        Option('access_key', secret=True, required=True),
    ))
