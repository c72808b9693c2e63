# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal use only: the limits iLiveData's submission page states, checked before a submission is sent.

- Formats ("Supported Formats": flv, mkv, mp4, rmvb, avi, wmv, 3gp, ts, mov
  "etc."; the page names no other, so only these are taken). The format is
  the extension of ``video_name`` when it has one, else of the URL path's last
  segment (``video_url``) or of the file's name (``video_path``), in any case.
  A URL whose path has no extension is sent: the service reads the content. A
  local file is sent as Base64, where the name must tell the format.
- Base64 videos (a local file) under 10 MiB, decoded ("less than 10m", read
  as MiB by the contract).
- URL videos under 1 GiB ("<1G", read as binary like the 10 MiB), checked when
  the video's host announces a size: a HEAD of the URL answered with a
  Content-Length. A HEAD that fails or announces no length checks nothing.

No message carries the URL: it may hold a token.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from urllib.parse import unquote, urlsplit

FORMATS = ('flv', 'mkv', 'mp4', 'rmvb', 'avi', 'wmv', '3gp', 'ts', 'mov')
MAX_BASE64_BYTES = 10 * 1024 * 1024
MAX_URL_BYTES = 1024 * 1024 * 1024


def extension(name):
    """The lower-cased extension of a file name (``Clip.MP4``: ``mp4``); None without one (``clip``, ``.mp4``)."""
    stem, dot, suffix = (name or '').rpartition('.')
    return suffix.lower() if dot and stem and suffix else None


def url_file_name(url):
    """The last segment of a URL's path, percent-decoded (``''`` when the path ends with ``/``)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ''
    return unquote(path).rpartition('/')[2]


def format_problem(video_url=None, video_path=None, video_name=None):
    """Why the video's format is refused, or None. A local file's name (``video_name``, else the file's own) must
    end with a supported format; a URL video's format is ``video_name``'s extension, else its path's, if any."""
    supported = ', '.join(FORMATS)
    if video_path is not None:
        source, name = ('video_name', video_name) if video_name is not None else ('video_path', os.path.basename(video_path))
        named = extension(name)
        if named is None:
            return ('%s %r has no extension, but a local file is sent as Base64 and iLiveData reads its format from its '
                    'name: set video_name to a name ending with one of %s' % (source, name, supported))
    elif extension(video_name) is not None:
        source, named = 'video_name', extension(video_name)
    else:
        source, named = 'video_url', extension(url_file_name(video_url))
    if named is None or named in FORMATS:
        return None
    hint = ' (if the video is one of those, say which with video_name)' if source == 'video_url' else ''
    return '%s names a .%s video; iLiveData takes %s%s' % (source, named, supported, hint)


def base64_size_problem(size):
    """Why a local file of ``size`` bytes cannot be sent as Base64, or None."""
    if size >= MAX_BASE64_BYTES:
        return ('video_path is %d bytes; iLiveData takes Base64 videos under 10 MiB (%d bytes): use video_url for larger '
                'ones' % (size, MAX_BASE64_BYTES))
    return None


def url_size_problem(size):
    """Why a URL video of ``size`` bytes (None: unknown) is refused, or None."""
    if size is not None and size >= MAX_URL_BYTES:
        return ('the video at video_url is %d bytes (the Content-Length its host announces); iLiveData takes videos '
                'under 1 GiB (%d bytes)' % (size, MAX_URL_BYTES))
    return None
