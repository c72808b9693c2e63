#!/usr/bin/env bash
# Step `build` of tools/test.sh: `ansible-galaxy collection build` of the copy into
# <work>/dist, then check the tarball: its name and MANIFEST match galaxy.yml, it
# holds every file of the collection's content folders, and none of what tools
# leave in a work tree (ansible-lint's .ansible/, ansible-test's tests/output and
# generated inventory, pytest-ansible's collections/, venvs, antsibull-changelog's
# plugin cache, docsite builds, importer results, other tarballs). Those are
# planted in the copy first when missing, so the check proves build_ignore works
# whatever ran before. Then the docs stand on their own: no shipped .md/.rst/.py/.yml
# file names a project-internal document (CONTRACT.md, DESIGN.md, STYLE.md,
# TOOLCHAIN.md) or links or refers to a path the tarball does not hold (tools/,
# bench/ and .ci/ are not shipped; `bash tools/test.sh` as a command is fine).
# CONTRIBUTING.md is for the repository and is not shipped (build_ignore).
# shellcheck disable=SC1091  # tools/steps/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$COLL" || exit 1

JUNK=(
    .ansible/collections/ansible_collections/x/y/galaxy.yml
    tests/output/.tmp/decoy.txt
    tests/integration/inventory
    collections/ansible_collections/x/y/galaxy.yml
    .venv/decoy.txt
    .venv-docs/decoy.txt
    .nox/decoy.txt
    .tox/decoy.txt
    .pytest_cache/decoy.txt
    changelogs/.plugin-cache.yaml
    docsite/build/html/index.html
    dist/x-y-0.0.1.tar.gz
    importer_result.json
)
# an extended regex of what must never be in the tarball
JUNK_RE='^(\.ansible|tests/output|collections|\.venv[^/]*|\.nox|\.tox|\.pytest_cache|\.git|docsite|docs/docsite/(build|_build|temp-rst)|dist|tools|bench|\.ci)(/|$)|(^|/)__pycache__(/|$)|\.pyc$|^changelogs/\.plugin-cache\.yaml$|^tests/integration/inventory$|(^|/)importer_result\.json$|\.tar\.gz$'
PLANTED=()
cleanup() {
    local f
    for f in "${PLANTED[@]}"; do
        rm -f "$COLL/$f"
        (cd "$COLL" && rmdir -p --ignore-fail-on-non-empty "$(dirname "$f")" 2> /dev/null) || true
    done
}
trap cleanup EXIT
for f in "${JUNK[@]}"; do
    if [[ ! -e "$f" ]]; then
        mkdir -p "$(dirname "$f")"
        echo "not part of the collection" > "$f"
        PLANTED+=("$f")
    fi
done
say "planted ${#PLANTED[@]} decoys of tool output in the copy"

rm -rf "$DIST"
VERSION=$(version)
echo "+ ansible-galaxy collection build --output-path $DIST"
ansible-galaxy collection build --output-path "$DIST" --force
TB="$DIST/$MEDIAOPS_NAMESPACE-$MEDIAOPS_NAME-$VERSION.tar.gz"
[[ -s "$TB" ]] || fail "expected $TB, found: $(ls "$DIST")"
tar -tzf "$TB" | sed 's#^\./##; s#/$##' | sort > "$WORK/tarball-files.txt"
say "$TB: $(wc -l < "$WORK/tarball-files.txt") entries, $(du -k "$TB" | cut -f1) KiB"

if grep -E "$JUNK_RE" "$WORK/tarball-files.txt" > "$WORK/tarball-junk.txt"; then
    cat "$WORK/tarball-junk.txt"
    fail "the tarball holds the $(wc -l < "$WORK/tarball-junk.txt") entries above: add them to build_ignore in galaxy.yml"
fi
say "no tool output in the tarball"

# The docs stand on their own: no shipped text refers to a document the tarball does not hold.
say "every document the shipped .md/.rst/.py/.yml files refer to is in the tarball"
python - "$TB" <<'PYEOF'
"""Read every shipped .md/.rst/.py/.yml/.yaml file of the tarball and fail on:

- a mention of the project's internal documents (CONTRACT.md, DESIGN.md, STYLE.md, TOOLCHAIN.md, ../shared/);
- a relative markdown link ``](path)``, an rst ``:doc:`` role, an rst link ``<path>`_`` or an
  include/literalinclude/image/figure directive whose target is not in the tarball (relative to the file);
- a repository path (``docs/...``, ``plugins/...``, ``tools/...`` and the other top-level folders) that is
  not in the tarball (at its root, or inside a folder such as a role's), unless it is the argument of a
  command (``bash tools/test.sh``, ``python3 bench/x.py``): a command is run in a checkout, not followed
  as a link;
- a bare ``NAME.md`` / ``NAME.rst`` that no file of the tarball is named.
Absolute URLs are never checked here.
"""
import fnmatch
import posixpath
import re
import sys
import tarfile

TOP = ('.ci', 'bench', 'changelogs', 'docs', 'examples', 'extensions', 'meta', 'playbooks', 'plugins', 'roles',
       'tests', 'tools')
INTERNAL = re.compile(r'\b(?:CONTRACT|DESIGN|STYLE|TOOLCHAIN)\.md\b|\.\./shared\b')
SCHEME = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:')
MD_LINK = re.compile(r'\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
RST_DOC = re.compile(r':doc:`(?:[^`<]*<([^`>]+)>|([^`<>]+))`')
RST_LINK = re.compile(r'`[^`<]*<([^`>]+)>`__?')
RST_DIRECTIVE = re.compile(r'^\s*\.\.\s+(?:include|literalinclude|image|figure)::\s*(\S+)', re.M)
REPO_PATH = re.compile(r'(?<![\w./~$@:-])((?:%s)/[\w.\-/*<>{}$]*)' % '|'.join(re.escape(top) for top in TOP))
BARE_DOC = re.compile(r'(?<![\w./~$@:-])([\w-]+\.(?:md|rst))\b')
COMMAND = re.compile(r'(?:^|[\s`$(])(?:bash|sh|source|python|python3|\.)\s+$')

with tarfile.open(sys.argv[1]) as tar:
    members = [(m.name[2:] if m.name.startswith('./') else m.name, m) for m in tar.getmembers()]
    files = set(name for name, m in members if m.isfile())
    texts = dict((name, tar.extractfile(m).read().decode('utf-8', 'replace')) for name, m in members
                 if m.isfile() and name.endswith(('.md', '.rst', '.py', '.yml', '.yaml')))
dirs = set()
for name in files:
    parts = name.split('/')[:-1]
    dirs.update('/'.join(parts[:i]) for i in range(1, len(parts) + 1))
basenames = set(posixpath.basename(name) for name in files)


def exists(path):
    """A file or folder of the tarball; ``*`` globs; a placeholder (<name>, {x}, $X) matches by the prefix before it."""
    path = path.rstrip('/')
    if not path or path in ('.', '..'):
        return True
    cut = re.search(r'[<{$]', path)
    if cut:
        prefix = path[:cut.start()]
        return any(name.startswith(prefix) for name in files)
    if '*' in path:
        return any(fnmatch.fnmatch(name, path) or fnmatch.fnmatch(name, path + '/*') for name in files)
    # a path inside a role or a target (``meta/argument_specs.yml`` in a role's README) is there too
    return path in files or path in dirs or any(name.endswith('/' + path) for name in files)


def resolve(source, target):
    """A link target relative to the file that holds it, as a tarball path (None when it leaves the tarball)."""
    target = target.split('#', 1)[0].split('?', 1)[0]
    if not target:
        return ''
    base = '' if target.startswith('/') else posixpath.dirname(source)
    joined = posixpath.normpath(posixpath.join(base, target.lstrip('/')))
    return None if joined.startswith('..') else joined


problems = []
for name, text in sorted(texts.items()):
    def report(pos, what):
        problems.append('%s:%d: %s' % (name, text.count('\n', 0, pos) + 1, what))

    for match in INTERNAL.finditer(text):
        report(match.start(), 'mentions %s, which is not part of the collection' % match.group(0))
    links = []
    if name.endswith('.md'):
        links += [(m.start(), m.group(1), False) for m in MD_LINK.finditer(text)]
    if name.endswith('.rst'):
        links += [(m.start(), m.group(1) or m.group(2), True) for m in RST_DOC.finditer(text)]
        links += [(m.start(), m.group(1), False) for m in RST_LINK.finditer(text) if not m.group(1).endswith('_')]
        links += [(m.start(1), m.group(1), False) for m in RST_DIRECTIVE.finditer(text)]
    for pos, target, is_doc in links:
        target = target.strip()
        if SCHEME.match(target) or target.startswith('#'):
            continue
        path = resolve(name, target)
        if is_doc and path and not posixpath.splitext(path)[1]:
            path += '.rst'
        if path is None or not exists(path):
            report(pos, 'links to %s, which is not in the tarball' % target)
    for match in REPO_PATH.finditer(text):
        path = match.group(1).rstrip('.,:;')
        if exists(path):
            continue
        line_start = text.rfind('\n', 0, match.start()) + 1
        if COMMAND.search(text[line_start:match.start()]):
            continue  # a command to run in a checkout of the repository, not a link
        report(match.start(), 'refers to %s, which is not in the tarball' % path)
    for match in BARE_DOC.finditer(text):
        if match.group(1) not in basenames and not INTERNAL.match(match.group(1)):
            report(match.start(), 'refers to %s, which is not in the tarball' % match.group(1))

if problems:
    print('\n'.join(problems))
    print('FAILED: the %d references above point outside the tarball: ship the document, or link to it by URL'
          % len(problems))
    sys.exit(1)
print('--- %d shipped documents and sources checked: no reference points outside the tarball' % len(texts))
PYEOF

# every file of the content folders, as in the copy, is packed
CONTENT=()
for f in plugins roles playbooks meta docs examples extensions README.md COPYING changelogs/changelog.yaml; do
    if [[ -e "$f" ]]; then CONTENT+=("$f"); fi
done
find "${CONTENT[@]}" -type f | { grep -Ev "$JUNK_RE" || true; } | sort > "$WORK/content-files.txt"
if comm -23 "$WORK/content-files.txt" "$WORK/tarball-files.txt" > "$WORK/tarball-missing.txt" \
        && [[ -s "$WORK/tarball-missing.txt" ]]; then
    cat "$WORK/tarball-missing.txt"
    fail "the tarball lacks the files above"
fi
say "all $(wc -l < "$WORK/content-files.txt") files of the content folders are packed"

tar -xzOf "$TB" MANIFEST.json | python -c '
import json, sys
info = json.load(sys.stdin)["collection_info"]
want = sys.argv[1:4]
got = [info["namespace"], info["name"], info["version"]]
if got != want:
    sys.exit("MANIFEST.json says %s, galaxy.yml %s" % (".".join(got), ".".join(want)))
print("--- MANIFEST.json: %s.%s %s, license %s" % (got[0], got[1], got[2], ", ".join(info["license"])))
' "$MEDIAOPS_NAMESPACE" "$MEDIAOPS_NAME" "$VERSION"
