# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: a service described once, and what follows from the description.

Each service's module file declares one ``Service`` (``_pallycon_module.SERVICE``...): its name, the prefix of
its environment variables, its connection options, its client class, the libraries the client needs and the
template of its ledger scope. From it:

- ``argument_spec(**extra)``: its options (each with its environment fallback ``<PREFIX>_<NAME>``, ``no_log``
  when secret, its default and choices), ``ledger`` and the connection options every module shares;
- ``client(module)``: the libraries, then every option checked (credentials that are missing, URLs, formats),
  failing with one clear error before any request; then the client, built from the options;
- ``scope(module, kind)``: the ledger scope, with URL options in their normal form (``_http.normal_url``), so
  that ``HTTP://Host:80/`` and ``http://host`` are the same account;
- ``doc_fragment(descriptions, notes)``: the DOCUMENTATION of the service's docs fragment: names, types,
  defaults, choices, environment variables and secrecy come from here, only the prose from the fragment file.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible.module_utils.basic import env_fallback

from ansible_collections.mediaops.video.plugins.module_utils._errors import ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._http import check_url, normal_url
from ansible_collections.mediaops.video.plugins.module_utils._module import check_libraries

SECRET_TEXT = 'Never logged or returned.'
ENV_TEXT = 'If not set, the environment variable E(%s) is used.'


class Option(object):
    """One option of a service (or of every module).

    ``env``: True for the service's ``<PREFIX>_<NAME>``, a name for that variable, False for none.
    ``secret``: no_log; never logged or returned. ``required``: the service cannot be called without it.
    ``needs``: for an option with choices, the options each choice requires (``{'basic': ('username',)}``).
    ``url``: an http(s) URL (``check_url``; normalised in the ledger scope). ``check(value)``: what is wrong
    with a value that is set, as a message, or None.
    """

    def __init__(self, name, type='str', default=None, choices=None, env=True, secret=False, required=False,
                 needs=None, url=False, check=None):
        self.name = name
        self.type = type
        self.default = default
        self.choices = tuple(choices) if choices else None
        self.env = env
        self.secret = secret
        self.required = required
        self.needs = needs or {}
        self.url = url
        self.check = check

    def spec(self, env=None):
        """The option's argument spec entry, reading ``env`` (a variable name) when unset."""
        spec = dict(type=self.type)
        if self.default is not None:
            spec['default'] = self.default
        if self.choices:
            spec['choices'] = list(self.choices)
        if self.secret:
            spec['no_log'] = True
        if env:
            spec['fallback'] = (env_fallback, [env])
        return spec

    def doc(self, description, env=None):
        """The option's documentation: the prose given, then what the description says of secrecy and ``env``."""
        lines = [description] if isinstance(description, str) else list(description)
        if self.secret:
            lines.append(SECRET_TEXT)
        if env:
            lines.append(ENV_TEXT % env)
        doc = dict(description=lines, type=self.type)
        if self.default is not None:
            doc['default'] = self.default
        if self.choices:
            doc['choices'] = list(self.choices)
        return doc


# The options every module has: documented by the connection fragment, built by connection_fragment().
CONNECTION = (
    Option('validate_certs', 'bool', default=True, env=False),
    Option('ca_path', 'path', env=False),
    Option('timeout', 'float', default=30, env=False),
)
# Every service module has it, so that one module_defaults group fits all of them (the ledger fragment documents it).
LEDGER = Option('ledger', env='MEDIAOPS_LEDGER')


def _env_of(option, prefix=None):
    if option.env is True:
        return '%s_%s' % (prefix, option.name.upper()) if prefix else None
    return option.env or None


def connection_spec():
    return dict((option.name, option.spec()) for option in CONNECTION)


def fragment(options, descriptions, prefix=None, requirements=(), notes=()):
    """The DOCUMENTATION text (JSON, which YAML reads) of a docs fragment of ``options``.

    ``descriptions``: each option's prose by name, for exactly the options given (ValueError otherwise: a
    fragment cannot document an option the spec lacks, nor leave one out).
    """
    names = [option.name for option in options]
    if sorted(descriptions) != sorted(names):
        raise ValueError('the fragment describes %s, the options are %s' % (', '.join(sorted(descriptions)), ', '.join(names)))
    documentation = {'options': dict((option.name, option.doc(descriptions[option.name], _env_of(option, prefix)))
                                     for option in options)}
    if requirements:
        documentation['requirements'] = list(requirements)
    if notes:
        documentation['notes'] = list(notes)
    return json.dumps(documentation, indent=2)


def connection_fragment(descriptions):
    return fragment(CONNECTION, descriptions)


class Service(object):
    """A service: see the module's docstring.

    ``scope`` is a ``str.format`` template over ``kind`` and the options (``'pallycon/{kind}@{api_url}/{site_id}'``).
    ``libraries`` are ``(available, pip name, import error)`` triples, checked before the client is built.
    """

    def __init__(self, name, title, env_prefix, options, client, scope, libraries=()):
        self.name = name
        self.title = title
        self.env_prefix = env_prefix
        self.options = tuple(options)
        self.client_class = client
        self.scope_template = scope
        self.libraries = tuple(libraries)

    def env(self, option):
        """The environment variable an option falls back to, or None."""
        return _env_of(option, self.env_prefix)

    def argument_spec(self, **extra):
        """The service's options, ``ledger`` and the connection options, then ``extra`` (a module's own)."""
        spec = dict((option.name, option.spec(self.env(option))) for option in self.options)
        spec[LEDGER.name] = LEDGER.spec(_env_of(LEDGER))
        spec.update(connection_spec())
        spec.update(extra)
        return spec

    def _where(self, names):
        options = [option for option in self.options if option.name in names]
        variables = [self.env(option) for option in options if self.env(option)]
        return '(options or %s)' % ' / '.join(variables) if variables else '(options)'

    def check(self, params):
        """ValidationError, before any request, for options the service cannot be called with."""
        missing = [option.name for option in self.options if option.required and not params.get(option.name)]
        if missing:
            raise ValidationError('%s needs %s %s' % (self.title, ' and '.join(missing), self._where(missing)))
        for option in self.options:
            value = params.get(option.name)
            if option.choices and value is not None and value not in option.choices:
                raise ValidationError('%s must be one of %s, not %r' % (option.name, ', '.join(option.choices), value))
            lacking = [name for name in option.needs.get(value, ()) if not params.get(name)]
            if lacking:
                raise ValidationError('%s %s needs %s %s' % (option.name, value, ' and '.join(lacking), self._where(lacking)))
        for option in self.options:
            value = params.get(option.name)
            if option.url:
                check_url(value, option.name)
            problem = option.check(value) if option.check and value is not None else None
            if problem:
                raise ValidationError(problem)

    def client(self, module):
        """The service's client for the module's options, once the libraries and the options are checked."""
        check_libraries(self.libraries)
        params = module.params
        self.check(params)
        arguments = dict((option.name, params.get(option.name)) for option in self.options + CONNECTION)
        return self.client_class(warn=module.warn, **arguments)

    def scope(self, module, kind=None):
        """The ledger scope of ``kind`` in the module's account (URL options in their normal form)."""
        params = module.params
        values = dict((option.name, normal_url(params.get(option.name)) if option.url else params.get(option.name))
                      for option in self.options)
        return self.scope_template.format(kind=kind, **values)

    def doc_fragment(self, descriptions, notes=()):
        """The DOCUMENTATION of the service's docs fragment: see ``fragment``."""
        requirements = ['requests'] + [name for _available, name, _error in self.libraries]
        return fragment(self.options, descriptions, self.env_prefix, requirements, notes)
