# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The service descriptions (_service): argument specs, the checks before any request, clients and ledger scopes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.mediaops.video.plugins.module_utils import _http
from ansible_collections.mediaops.video.plugins.module_utils._ankoder import AnkoderClient
from ansible_collections.mediaops.video.plugins.module_utils._ankoder_module import SERVICE as ANKODER
from ansible_collections.mediaops.video.plugins.module_utils._errors import MediaopsError, ValidationError
from ansible_collections.mediaops.video.plugins.module_utils._iva import IvaClient
from ansible_collections.mediaops.video.plugins.module_utils._iva_module import SERVICE as IVA
from ansible_collections.mediaops.video.plugins.module_utils._moderation import ModerationClient
from ansible_collections.mediaops.video.plugins.module_utils._moderation_module import SERVICE as MODERATION
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import PallyConClient
from ansible_collections.mediaops.video.plugins.module_utils._pallycon_module import SERVICE as PALLYCON
from ansible_collections.mediaops.video.plugins.module_utils._service import CONNECTION

SITE_KEY = 'k' * 32
CREDENTIALS = {
    'ankoder': dict(username='u', password='p'),
    'pallycon': dict(site_id='S', site_key=SITE_KEY, access_key='a'),
    'iva': dict(customer_id='1', security_token='t', developer_id='d'),
    'moderation': dict(app_id='a', secret_key='s'),
}
SERVICES = (ANKODER, PALLYCON, IVA, MODERATION)

# The public interface's table (README.md, Connection options), word for word: option -> environment variable. Secrets are no_log.
DESIGN = {
    'ankoder': {'api_url': 'ANKODER_API_URL', 'auth_method': 'ANKODER_AUTH_METHOD', 'username': 'ANKODER_USERNAME',
                'password': 'ANKODER_PASSWORD', 'access_key': 'ANKODER_ACCESS_KEY', 'private_key': 'ANKODER_PRIVATE_KEY'},
    'pallycon': {'api_url': 'PALLYCON_API_URL', 'site_id': 'PALLYCON_SITE_ID', 'site_key': 'PALLYCON_SITE_KEY',
                 'access_key': 'PALLYCON_ACCESS_KEY'},
    'iva': {'order_url': 'IVA_ORDER_URL', 'odata_url': 'IVA_ODATA_URL', 'customer_id': 'IVA_CUSTOMER_ID',
            'security_token': 'IVA_SECURITY_TOKEN', 'developer_id': 'IVA_DEVELOPER_ID', 'ttl': None,
            'caption_url': 'IVA_CAPTION_URL'},
    'moderation': {'submit_url': 'MODERATION_SUBMIT_URL', 'result_url': 'MODERATION_RESULT_URL', 'app_id': 'MODERATION_APP_ID',
                   'secret_key': 'MODERATION_SECRET_KEY'},
}
SECRETS = {'password', 'access_key', 'private_key', 'site_key', 'security_token', 'secret_key'}


class FakeModule(object):
    def __init__(self, service, **params):
        self.params = dict((option.name, option.default) for option in service.options + CONNECTION)
        self.params.update(CREDENTIALS[service.name])
        self.params.update(params)
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


def _env(entry):
    return entry['fallback'][1] if 'fallback' in entry else None


@pytest.mark.parametrize('service', SERVICES, ids=lambda s: s.name)
def test_argument_spec_is_the_designs(service):
    spec = service.argument_spec(extra=dict(type='int'))
    names = set(DESIGN[service.name]) | {'ledger', 'validate_certs', 'ca_path', 'timeout', 'extra'}
    assert set(spec) == names
    for name, env in DESIGN[service.name].items():
        assert _env(spec[name]) == ([env] if env else None), name
        assert spec[name].get('no_log', False) is (name in SECRETS), name
    assert _env(spec['ledger']) == ['MEDIAOPS_LEDGER']
    assert spec['validate_certs'] == dict(type='bool', default=True)
    assert spec['ca_path'] == dict(type='path')
    assert spec['timeout'] == dict(type='float', default=30)
    assert spec['extra'] == dict(type='int')


def test_defaults_and_choices():
    assert ANKODER.argument_spec()['api_url']['default'] == 'http://api.ankoder.com'
    assert ANKODER.argument_spec()['auth_method']['choices'] == ['basic', 'signature', 'session']
    assert ANKODER.argument_spec()['auth_method']['default'] == 'basic'
    assert PALLYCON.argument_spec()['api_url']['default'] == 'https://api.pallycon.com'
    assert IVA.argument_spec()['ttl'] == dict(type='int', default=180)
    assert IVA.argument_spec()['order_url']['default'] == 'https://video.internetvideoarchive.net/captionorder.ashx'
    assert MODERATION.argument_spec()['result_url']['default'] == 'https://vsafe.ilivedata.com/api/v1/video/check/result'


def test_an_env_fallback_is_read_late(monkeypatch):
    monkeypatch.setenv('PALLYCON_SITE_ID', 'from-env')
    fallback, args = PALLYCON.argument_spec()['site_id']['fallback']
    assert fallback(*args) == 'from-env'


# -- checks before any request ----------------------------------------------------------------------------------------


@pytest.mark.parametrize('service, params, message', [
    (ANKODER, dict(auth_method='signature'),
     'auth_method signature needs access_key and private_key (options or ANKODER_ACCESS_KEY / ANKODER_PRIVATE_KEY)'),
    (ANKODER, dict(auth_method='session', password=None), 'auth_method session needs password (options or ANKODER_PASSWORD)'),
    (ANKODER, dict(auth_method='cookie'), "auth_method must be one of basic, signature, session, not 'cookie'"),
    (PALLYCON, dict(site_id=None, site_key=''), 'PallyCon needs site_id and site_key (options or PALLYCON_SITE_ID / PALLYCON_SITE_KEY)'),
    (PALLYCON, dict(site_key='short'), 'site_key must be the 32-byte site key from the PallyCon console (it is 5 bytes)'),
    (PALLYCON, dict(site_id='a/b'), "'a/b' is not a PallyCon site id"),
    (IVA, dict(developer_id=None), 'IVA needs developer_id (options or IVA_DEVELOPER_ID)'),
    (IVA, dict(ttl=0), 'ttl must be between 1 and 86400 seconds'),
    (IVA, dict(ttl=86401), 'ttl must be between 1 and 86400 seconds'),
    (MODERATION, dict(secret_key=''), 'moderation needs secret_key (options or MODERATION_SECRET_KEY)'),
    (MODERATION, dict(app_id=None, secret_key=None),
     'moderation needs app_id and secret_key (options or MODERATION_APP_ID / MODERATION_SECRET_KEY)'),
    (MODERATION, dict(result_url='ftp://h/x'), 'result_url must start with http:// or https://: ftp://h/x'),
])
def test_a_service_that_cannot_be_called_fails_before_any_request(service, params, message):
    module = FakeModule(service, **params)
    with pytest.raises(ValidationError) as info:
        service.client(module)
    assert info.value.message == message


def test_each_auth_method_needs_only_its_own_credentials():
    for method, given in (('basic', dict(username='u', password='p')), ('session', dict(username='u', password='p')),
                          ('signature', dict(access_key='a', private_key='k'))):
        params = dict((option.name, option.default) for option in ANKODER.options)
        params.update(given, auth_method=method)
        ANKODER.check(params)


def test_a_missing_library_fails_first(monkeypatch):
    monkeypatch.setattr(PALLYCON, 'libraries', ((False, 'cryptography', ImportError('no cryptography')),))
    with pytest.raises(MediaopsError) as info:
        PALLYCON.client(FakeModule(PALLYCON, site_id=None))
    assert 'cryptography' in info.value.message


@pytest.mark.parametrize('service, cls', [(ANKODER, AnkoderClient), (PALLYCON, PallyConClient), (IVA, IvaClient),
                                          (MODERATION, ModerationClient)], ids=lambda v: getattr(v, 'name', ''))
def test_client_is_built_from_the_options(service, cls):
    module = FakeModule(service, timeout=7.5, validate_certs=False)
    client = service.client(module)
    assert isinstance(client, cls)
    http = getattr(client, 'http', None) or client.order_http
    assert http.timeout == 7.5 and http.session.verify is False
    assert http.requests_sent == 0
    for name, value in CREDENTIALS[service.name].items():
        assert getattr(client, name) == value


def test_client_warnings_go_to_the_module():
    module = FakeModule(ANKODER, api_url='http://api.ankoder.example.com')
    client = ANKODER.client(module)
    client.http.warn('hello')
    assert module.warnings == ['hello']


# -- ledger scopes ------------------------------------------------------------------------------------------------------


def _legacy_scope(service, params, kind):
    """scope() as it was before the URL normalisation: existing ledgers hold these strings."""
    if service is ANKODER:
        return 'ankoder/%s@%s' % (kind, params['api_url'].rstrip('/'))
    if service is PALLYCON:
        return 'pallycon/%s@%s/%s' % (kind, params['api_url'].rstrip('/'), params['site_id'])
    if service is IVA:
        return 'iva/caption@%s?customerid=%s' % (params['order_url'], params['customer_id'])
    return 'moderation/submission@%s' % params['submit_url']


NORMAL_URLS = [
    'http://api.ankoder.com', 'https://api.pallycon.com', 'http://127.0.0.1:8790/ankoder', 'http://127.0.0.1:8790/Pallycon/v2',
    'https://video.internetvideoarchive.net/captionorder.ashx', 'https://vsafe.ilivedata.com/api/v1/video/check/submit',
    'http://[::1]:8080/x', 'https://h.example.com:8443/a/B', 'http://user:Pass@h.example.com/x', 'https://h.example.com/x?a=B',
]


@pytest.mark.parametrize('url', NORMAL_URLS)
@pytest.mark.parametrize('service', SERVICES, ids=lambda s: s.name)
def test_a_normal_url_keeps_its_scope_byte_for_byte(service, url):
    url_option = service.options[0].name
    module = FakeModule(service, **{url_option: url})
    assert service.scope(module, 'video') == _legacy_scope(service, module.params, 'video')


@pytest.mark.parametrize('variant', [
    'HTTP://API.Example.COM:80/', 'http://api.example.com:80', 'http://api.example.com/', 'http://api.example.com//', 'Http://Api.Example.Com',
])
def test_one_account_however_its_url_is_written(variant):
    for service in SERVICES:
        url_option = service.options[0].name
        assert (service.scope(FakeModule(service, **{url_option: variant}), 'job') ==
                service.scope(FakeModule(service, **{url_option: 'http://api.example.com'}), 'job'))


def test_scope_strings():
    assert ANKODER.scope(FakeModule(ANKODER, api_url='HTTPS://Api.Example.com:443/Ankoder/'), 'video') == 'ankoder/video@https://api.example.com/Ankoder'
    assert PALLYCON.scope(FakeModule(PALLYCON, api_url='https://API.pallycon.com:443'), 'storage') == 'pallycon/storage@https://api.pallycon.com/S'
    iva = FakeModule(IVA, order_url='https://Video.example.com/captionorder.ashx/')
    assert IVA.scope(iva) == 'iva/caption@https://video.example.com/captionorder.ashx?customerid=1'
    assert MODERATION.scope(FakeModule(MODERATION, submit_url='http://h:80/submit')) == 'moderation/submission@http://h/submit'


@pytest.mark.parametrize('url, normal', [
    ('HTTP://Host:80/', 'http://host'),
    ('http://host', 'http://host'),
    ('https://host:443/a/', 'https://host/a'),
    ('https://host:0443', 'https://host'),
    ('http://host:443/', 'http://host:443'),
    ('https://host:80', 'https://host:80'),
    ('http://host:/x', 'http://host/x'),
    ('http://User:PassWord@Host.Example:80/Path/', 'http://User:PassWord@host.example/Path'),
    ('http://[::1]:80/x', 'http://[::1]/x'),
    ('http://[FE80::1]:8080', 'http://[fe80::1]:8080'),
    ('http://h/p/?q=A#F', 'http://h/p?q=A#F'),
    ('ftp://Host/x/', 'ftp://Host/x'),
    ('not a url/', 'not a url'),
    ('http://[::1/', 'http://[::1'),
    (None, None),
])
def test_normal_url(url, normal):
    assert _http.normal_url(url) == normal
