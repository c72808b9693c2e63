# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: PallyCon's packaging result callback, checked and typed.

One normaliser for the ``pallycon_callback`` filter and the event source's
``POST /pallycon`` route. The body is the seed's unencrypted JSON
``{job_id, error_code, error_message, input_contents_path[], output_path}``;
``normalise(body)`` returns those fields typed, with ``status`` named as the
modules name it (``success`` when ``error_code`` is "0000", else ``failed``; a
vendor ``status`` code, which the seed does not send, wins). CallbackShapeError
(a ValueError) names the first field of a type the callback cannot have.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.mediaops.video.plugins.module_utils._numbers import integer
from ansible_collections.mediaops.video.plugins.module_utils._pallycon import SUCCESS, status_name

FIELDS = ('job_id', 'error_code', 'error_message', 'input_contents_path', 'output_path')
# job ids are the service's numbers; anything above a signed 64-bit integer is not one
MAX_JOB_ID = 2 ** 63 - 1
MAX_NUMERIC_CODE = 10 ** 8


class CallbackShapeError(ValueError):
    """A callback body with a field of a type the service never sends."""

    def __init__(self, message):
        super(CallbackShapeError, self).__init__(message)
        self.message = message


def job_id(value):
    """The job id: a number (also from a string of digits), other text kept as text, None when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and text.isascii() and len(text) <= 19 and int(text) <= MAX_JOB_ID:
            return int(text)
        if not text:
            return None
        return text
    number = integer(value)
    if number is None or not 0 <= number <= MAX_JOB_ID:
        raise CallbackShapeError('job_id must be a job id (a number up to %d or text), not %s' % (MAX_JOB_ID, _kind(value)))
    return number


def error_code(value):
    """The error code as text ("0000" on success; a number is written with at least 4 digits), None when absent."""
    if value is None or isinstance(value, str):
        return value
    number = integer(value)
    if number is None or not 0 <= number < MAX_NUMERIC_CODE:
        raise CallbackShapeError('error_code must be text such as "0000", not %s' % _kind(value))
    return '%04d' % number


def _text(name, value):
    if value is None or isinstance(value, str):
        return value
    raise CallbackShapeError('%s must be text, not %s' % (name, _kind(value)))


def _paths(name, value, single):
    """A list of texts; ``single``: one text, or a list of one, is returned as that text."""
    if value is None:
        return None if single else []
    if isinstance(value, str):
        return value if single else [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        wanted = 'a path or a list of paths' if single else 'a list of paths'
        raise CallbackShapeError('%s must be %s, not %s' % (name, wanted, _kind(value)))
    if single and len(value) == 1:
        return value[0]
    return list(value)


def _kind(value):
    """What ``value`` is, for a message (never its whole text: a value can be huge)."""
    if isinstance(value, bool):
        return 'a boolean'
    if isinstance(value, float):
        return 'the number %r' % value
    if isinstance(value, int):
        return 'the number %d' % value if abs(value) < 10 ** 20 else 'a number of %d bits' % value.bit_length()
    return {dict: 'an object', list: 'a list', str: 'text'}.get(type(value), type(value).__name__)


def result_status(body):
    """``success``/``failed`` by ``error_code`` ("0000", or the number 0, is success); a vendor ``status`` code wins."""
    code = body.get('status')
    if isinstance(code, str) and code.startswith('WM'):
        return status_name(code)
    try:
        code = error_code(body.get('error_code'))
    except CallbackShapeError:
        return 'failed'
    return 'success' if isinstance(code, str) and code.strip() == SUCCESS else 'failed'


def normalise(body):
    """The callback's fields typed, ``status`` and the vendor's ``status_code`` (None: the seed sends none)."""
    if not isinstance(body, dict):
        raise CallbackShapeError('the callback body must be a JSON object, not %s' % _kind(body))
    code = body.get('status')
    return {
        'job_id': job_id(body.get('job_id')),
        'error_code': error_code(body.get('error_code')),
        'error_message': _text('error_message', body.get('error_message')),
        'input_contents_path': _paths('input_contents_path', body.get('input_contents_path'), single=False),
        'output_path': _paths('output_path', body.get('output_path'), single=True),
        'status': result_status(body),
        'status_code': code if isinstance(code, str) and code else None,
    }
