# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: a private file written whole or not at all."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import tempfile


def replace_file(path, data, prefix='.tmp-'):
    """Write ``data`` (bytes) to ``path`` through a temporary file beside it (``prefix``, ``.tmp``), flushed to
    disk, mode 0600, then renamed over ``path``: a reader sees the old file or the new one, never half of one. The
    temporary file is removed when anything fails."""
    handle, temporary = tempfile.mkstemp(prefix=prefix, suffix='.tmp', dir=os.path.dirname(path) or '.')
    try:
        with os.fdopen(handle, 'wb') as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
