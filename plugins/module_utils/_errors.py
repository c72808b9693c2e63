# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the one error family every helper raises.

Helpers never call fail_json; a module's main() turns a MediaopsError into
fail_json once, with the fields of details() beside the message.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class MediaopsError(Exception):
    """Base of every error the collection raises on purpose."""

    def __init__(self, message, **details):
        super(MediaopsError, self).__init__(message)
        self.message = message
        self._details = dict((k, v) for k, v in details.items() if v is not None)

    def details(self):
        return dict(self._details)


class ValidationError(MediaopsError):
    """Arguments that can be refused before any request is sent."""


class ApiError(MediaopsError):
    """A service answered with an error, or could not be reached.

    ``status`` is the HTTP status (None when no answer came), ``code`` the
    vendor's error code, ``vendor_message`` the vendor's own text.
    ``may_have_applied`` is True when a write was sent and its answer lost:
    the service may have carried it out.
    """

    def __init__(self, message, status=None, code=None, vendor_message=None,
                 method=None, url=None, may_have_applied=False):
        super(ApiError, self).__init__(
            message, status=status, code=code, vendor_message=vendor_message,
            method=method, url=url, may_have_applied=may_have_applied or None)
        self.status = status
        self.code = code
        self.vendor_message = vendor_message
        self.method = method
        self.url = url
        self.may_have_applied = may_have_applied


class AuthError(ApiError):
    """401/403: the credentials were refused."""


class NotFoundError(ApiError):
    """404: the resource does not exist."""


class WaitTimeout(MediaopsError):
    """A resource did not reach a terminal state in time."""


class LedgerError(MediaopsError):
    """The ledger could not be read or written."""
