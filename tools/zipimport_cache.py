# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bytecode cache for modules imported from zip files, for the test venv only.

Every Ansible module runs from an AnsiballZ zip of the module and the
module_utils it imports. Python caches bytecode for files on disk, never for
a zip: each module run compiled ansible's module_utils and the collection's
again, twice on Python 3.11 (``zipimporter.get_filename`` compiles too). That
was a third of the integration targets' CPU.

tools/test.sh installs this file into its venv with a .pth line, so that the
module runs of the tests keep the compiled code of each zipped source in
``MEDIAOPS_ZIPIMPORT_CACHE`` (default ``<venv>/zipimport-cache``), keyed by the
Python version, the path inside the zip and the source itself. The code that
runs is the same; only the compiling is saved. A cached code object is given
the file name of the zip it is now imported from, so tracebacks name the
right file. A cache file that cannot be read is compiled again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import zipimport

ZIP_SEP = '.zip' + os.sep
_CODE = type(compile('', '<zipimport_cache>', 'exec'))


def cache_dir():
    return os.environ.get('MEDIAOPS_ZIPIMPORT_CACHE') or os.path.join(sys.prefix, 'zipimport-cache')


def key(pathname, source):
    inner = pathname.rsplit(ZIP_SEP, 1)[-1]
    return hashlib.sha256(sys.version.encode() + b'\0' + inner.encode() + b'\0' + source).hexdigest()


def retarget(code, filename):
    """``code`` and the code objects inside it, named after ``filename``."""
    consts = tuple(retarget(c, filename) if isinstance(c, _CODE) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def cached_compile(compile_source):
    """Wrap zipimport's ``_compile_source(pathname, source)`` with the cache."""
    def _compile_source(pathname, source):
        path = os.path.join(cache_dir(), key(pathname, source))
        try:
            with open(path, 'rb') as handle:
                return retarget(marshal.loads(handle.read()), pathname)
        except (OSError, ValueError, EOFError, TypeError):
            pass
        code = compile_source(pathname, source)
        tmp = '%s.%d.tmp' % (path, os.getpid())
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(tmp, 'wb') as handle:
                handle.write(marshal.dumps(code))
            os.replace(tmp, path)
        except OSError:
            pass
        return code
    _compile_source.cached = True
    return _compile_source


def install():
    """Patch zipimport once; a Python without ``_compile_source`` is left alone."""
    original = getattr(zipimport, '_compile_source', None)
    if original is not None and not getattr(original, 'cached', False):
        zipimport._compile_source = cached_compile(original)


if os.environ.get('MEDIAOPS_ZIPIMPORT_CACHE_OFF') != '1':
    install()
