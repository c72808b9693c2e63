# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/zipimport_cache.py: the test venv's bytecode cache for zipped sources."""

from __future__ import annotations

import importlib.util
import os
import traceback
import zipfile
import zipimport

import pytest

TOOL = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'tools', 'zipimport_cache.py')
SOURCE = b"def fails():\n    raise ValueError('from the zip')\n\n\nclass Inner:\n    def method(self):\n        return 42\n"


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv('MEDIAOPS_ZIPIMPORT_CACHE_OFF', '1')  # loading the tool must not patch by itself
    spec = importlib.util.spec_from_file_location('zipimport_cache_under_test', TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    compiles = []
    original = zipimport._compile_source

    def counting(pathname, source):
        compiles.append(pathname)
        return original(pathname, source)

    monkeypatch.setenv('MEDIAOPS_ZIPIMPORT_CACHE', str(tmp_path / 'cache'))
    monkeypatch.setattr(zipimport, '_compile_source', tool.cached_compile(counting))
    return compiles, tmp_path


def make_zip(path, source=SOURCE):
    with zipfile.ZipFile(path, 'w') as archive:
        archive.writestr('zipped_mod.py', source)
    return str(path)


def import_from(zip_path):
    importer = zipimport.zipimporter(zip_path)
    spec = importer.find_spec('zipped_mod')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_second_import_from_another_zip_compiles_nothing_and_names_its_own_file(cache):
    compiles, tmp = cache
    first = import_from(make_zip(tmp / 'first.zip'))
    assert compiles, 'the first import compiles'
    assert len(os.listdir(tmp / 'cache')) == 1
    del compiles[:]

    second_zip = make_zip(tmp / 'second.zip')
    second = import_from(second_zip)
    assert compiles == []
    assert second.Inner().method() == 42
    expected = os.path.join(second_zip, 'zipped_mod.py')
    assert second.fails.__code__.co_filename == expected
    assert second.Inner.method.__code__.co_filename == expected
    with pytest.raises(ValueError) as caught:
        second.fails()
    assert traceback.extract_tb(caught.value.__traceback__)[-1].filename == expected
    assert first.fails.__code__.co_filename == os.path.join(str(tmp / 'first.zip'), 'zipped_mod.py')


def test_a_changed_source_is_compiled_again(cache):
    compiles, tmp = cache
    import_from(make_zip(tmp / 'a.zip'))
    del compiles[:]
    changed = import_from(make_zip(tmp / 'b.zip', SOURCE.replace(b'42', b'43')))
    assert compiles
    assert changed.Inner().method() == 43
    assert len(os.listdir(tmp / 'cache')) == 2


def test_an_unreadable_cache_entry_is_compiled_again(cache):
    compiles, tmp = cache
    import_from(make_zip(tmp / 'a.zip'))
    for name in os.listdir(tmp / 'cache'):
        (tmp / 'cache' / name).write_bytes(b'not marshal data')
    del compiles[:]
    again = import_from(make_zip(tmp / 'b.zip'))
    assert compiles
    assert again.Inner().method() == 42


def test_a_cache_that_cannot_be_written_still_imports(cache):
    compiles, tmp = cache
    (tmp / 'cache').write_text('a file where the cache directory should be')
    module = import_from(make_zip(tmp / 'a.zip'))
    assert compiles
    assert module.Inner().method() == 42
    assert (tmp / 'cache').read_text() == 'a file where the cache directory should be'
