#!/usr/bin/env bash
# Step `build` of tools/test.sh: `ansible-galaxy collection build` of the copy into
# <work>/dist, then check the tarball: its name and MANIFEST match galaxy.yml, it
# holds every file of the collection's content folders, and none of what tools
# leave in a work tree (ansible-lint's .ansible/, ansible-test's tests/output and
# generated inventory, pytest-ansible's collections/, venvs, antsibull-changelog's
# plugin cache, docsite builds, importer results, other tarballs). Those are
# planted in the copy first when missing, so the check proves build_ignore works
# whatever ran before.
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
