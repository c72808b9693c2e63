# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The services the sandbox serves: add a sibling module's service here."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from .ankoder import AnkoderService
from .iva import IvaService
from .moderation import ModerationService
from .moderation_media import MediaService
from .pallycon import PallyConService


def build_services():
    """Return fresh instances of every service, one per prefix."""
    return [AnkoderService(), PallyConService(), IvaService(), ModerationService(), MediaService()]
