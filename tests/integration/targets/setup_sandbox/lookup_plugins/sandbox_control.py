# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sandbox's control API (/_sandbox/...), called from the controller.

The targets read and reset the sandbox's counters hundreds of times; as
``ansible.builtin.uri`` tasks each call was a module run (a Python process
that compiles ansible's module_utils), as a lookup it is one local request.

    query('sandbox_control', '/_sandbox/stats', url=sandbox_url) | first
    query('sandbox_control', '/_sandbox/reset', url=sandbox_url, body={'data': false}) | first

``body`` makes it a POST of that JSON (GET otherwise); the answer is the
parsed JSON. Any status but 2xx is an error naming the path and the answer.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = """
name: sandbox_control
short_description: Call the test sandbox's control API
description:
  - GET, or with O(body) POST as JSON, a path of the sandbox's control API; returns the parsed answer.
options:
  _terms:
    description: The path, starting with C(/_sandbox/).
    required: true
  url:
    description: The sandbox's base URL (C(sandbox_url)).
    type: str
    required: true
  body:
    description: A JSON body; makes the request a POST.
    type: raw
"""

import json
from urllib.error import HTTPError, URLError

from ansible.errors import AnsibleError
from ansible.module_utils.urls import open_url
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        base = self.get_option('url').rstrip('/')
        body = self.get_option('body')
        answers = []
        for path in terms:
            if not path.startswith('/_sandbox/'):
                raise AnsibleError('sandbox_control: %r is not a path of the control API' % path)
            data = None if body is None else json.dumps(body).encode('utf-8')
            try:
                response = open_url(base + path, data=data, method='GET' if data is None else 'POST',
                                    headers={'Content-Type': 'application/json'}, timeout=30)
                text = response.read()
            except HTTPError as exc:
                raise AnsibleError('sandbox_control: %s answered %d: %s' % (path, exc.code, exc.read()[:500]))
            except URLError as exc:
                raise AnsibleError('sandbox_control: %s: %s' % (path, exc.reason))
            answers.append(json.loads(text) if text.strip() else {})
        return answers
