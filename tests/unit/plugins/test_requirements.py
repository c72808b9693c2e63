# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Python floors are declared once, in requirements.txt; everything else that names them agrees.

requirements.txt declares the floor of every package that plugins/ imports (the event source's aiohttp,
imported by extensions/ only, is declared in meta/ee-requirements.txt). These tests fail when:

- plugins/ imports a third-party package requirements.txt does not list (or extensions/ one that
  meta/ee-requirements.txt does not list);
- meta/ee-requirements.txt lacks a package of requirements.txt, or names it with another version range;
- tests/unit/requirements.txt or the requirements files of the repository's tool venvs name one of those
  packages with another range (those are not shipped: they are checked where they exist);
- a minimum checked in code (a ``MIN_<PACKAGE> = '<version>'`` constant in plugins/ or extensions/)
  differs from the floor;
- a ``<package>>=<version>`` in the README or the docsite guides differs from the floor.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import os
import re
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
DECLARED = 'requirements.txt'
EE = os.path.join('meta', 'ee-requirements.txt')
REPEATED = [os.path.join('tests', 'unit', 'requirements.txt')] + sorted(
    os.path.relpath(path, ROOT) for path in glob.glob(os.path.join(ROOT, 'tools', 'requirements-*.txt')))
DOCS = ['README.md'] + sorted(os.path.relpath(path, ROOT) for path in glob.glob(os.path.join(ROOT, 'docs', 'docsite', 'rst', '*.rst')))

# The distribution that provides an import name, where the two differ.
DISTRIBUTION = {'botocore': 'boto3'}  # botocore comes with boto3, whose floor pins it (boto3 X.Y.Z needs botocore >= X.Y.Z)
# Imported by plugins/ but provided by ansible-core itself, which every plugin runs under.
WITH_ANSIBLE = frozenset(('ansible', 'ansible_collections', 'jinja2', 'yaml', 'markupsafe', 'packaging', 'resolvelib'))
REQUIREMENT = re.compile(r'^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^#;]*)')
MINIMUM = re.compile(r"^MIN_([A-Z0-9_]+)\s*=\s*'([^']+)'", re.MULTILINE)
STDLIB = frozenset(getattr(sys, 'stdlib_module_names', ()))


def normal(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def read(relative):
    with open(os.path.join(ROOT, relative), encoding='utf-8') as handle:
        return handle.read()


def requirements(relative):
    """``{distribution: version range}`` of a requirements file (the range without spaces, '' when none)."""
    found = {}
    for line in read(relative).splitlines():
        match = REQUIREMENT.match(line.split('#', 1)[0])
        if match:
            name = normal(match.group(1))
            assert name not in found, '%s names %s twice' % (relative, name)
            found[name] = ''.join(match.group(3).split())
    return found


def floor(version_range):
    """The version of a ``>=`` in a range, or None."""
    match = re.search(r'>=([0-9][0-9A-Za-z.]*)', version_range)
    return match.group(1) if match else None


def third_party_imports(folder):
    """``{distribution: [files importing it]}`` of the Python files under a folder of the collection."""
    found = {}
    for path in sorted(glob.glob(os.path.join(ROOT, folder, '**', '*.py'), recursive=True)):
        with open(path, encoding='utf-8') as handle:
            tree = ast.parse(handle.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split('.')[0]
                if top in STDLIB or top in WITH_ANSIBLE or top == '__future__':
                    continue
                found.setdefault(normal(DISTRIBUTION.get(top, top)), []).append(os.path.relpath(path, ROOT))
    return found


@pytest.fixture(scope='module')
def declared():
    return requirements(DECLARED)


@pytest.fixture(scope='module')
def execution_environment():
    return requirements(EE)


def test_every_declared_package_has_a_floor(declared, execution_environment):
    for relative, packages in ((DECLARED, declared), (EE, execution_environment)):
        lacking = sorted(name for name, version_range in packages.items() if not floor(version_range))
        assert not lacking, '%s: no >= floor for %s' % (relative, ', '.join(lacking))


@pytest.mark.skipif(not STDLIB, reason='sys.stdlib_module_names needs Python 3.10')
def test_every_package_plugins_import_is_declared(declared):
    missing = dict((name, files) for name, files in third_party_imports('plugins').items() if name not in declared)
    assert not missing, 'plugins/ imports packages %s does not list: %s' % (DECLARED, missing)


@pytest.mark.skipif(not STDLIB, reason='sys.stdlib_module_names needs Python 3.10')
def test_every_package_the_event_source_imports_is_in_the_execution_environment(execution_environment):
    missing = dict((name, files) for name, files in third_party_imports('extensions').items() if name not in execution_environment)
    assert not missing, 'extensions/ imports packages %s does not list: %s' % (EE, missing)


def test_the_execution_environment_has_every_declared_package_with_the_same_range(declared, execution_environment):
    assert dict((name, execution_environment.get(name)) for name in declared) == declared


def floors(declared, execution_environment):
    """Every package's declared range: requirements.txt's, else (the event source's) the execution environment's."""
    return dict(execution_environment, **declared)


@pytest.mark.parametrize('relative', REPEATED)
def test_other_requirements_files_repeat_the_declared_ranges(relative, declared, execution_environment):
    if not os.path.exists(os.path.join(ROOT, relative)):
        pytest.skip('%s is not shipped' % relative)
    expected = floors(declared, execution_environment)
    named = requirements(relative)
    wrong = dict((name, (version_range, expected[name])) for name, version_range in named.items()
                 if name in expected and version_range and version_range != expected[name])
    assert not wrong, '%s: {package: (its range, the declared one)} %s' % (relative, wrong)


def test_minimums_checked_in_code_are_the_floors(declared, execution_environment):
    expected = floors(declared, execution_environment)
    seen = []
    for folder in ('plugins', 'extensions'):
        for path in sorted(glob.glob(os.path.join(ROOT, folder, '**', '*.py'), recursive=True)):
            with open(path, encoding='utf-8') as handle:
                text = handle.read()
            for constant, version in MINIMUM.findall(text):
                name = normal(constant)
                where = '%s MIN_%s' % (os.path.relpath(path, ROOT), constant)
                assert name in expected, '%s checks a package no requirements file declares' % where
                assert version == floor(expected[name]), '%s is %s, the floor is %s' % (where, version, expected[name])
                seen.append(name)
    assert 'boto3' in seen  # the S3 ledger's check, which names the floor in its error


@pytest.mark.parametrize('relative', DOCS)
def test_the_docs_name_the_declared_floors(relative, declared, execution_environment):
    expected = floors(declared, execution_environment)
    text = read(relative)
    wrong = []
    for name in expected:
        pattern = r'(?<![\w.-])%s\s*>=\s*([0-9][0-9A-Za-z.]*[0-9A-Za-z])' % re.escape(name)
        wrong.extend('%s>=%s' % (name, version) for version in re.findall(pattern, text, re.IGNORECASE)
                     if version != floor(expected[name]))
    assert not wrong, '%s names %s; the floors are %s' % (relative, ', '.join(wrong), expected)
