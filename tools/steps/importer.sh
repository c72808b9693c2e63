#!/usr/bin/env bash
# Step `importer` of tools/test.sh: galaxy-importer (what Galaxy / Automation Hub
# run on an upload) on the built tarball, in its own venv (it pins attrs<24 and
# its own ansible-core, ansible-lint and flake8). It runs ansible-doc on every
# plugin, flake8, ansible-lint (production profile), and checks galaxy.yml,
# meta/runtime.yml, meta/execution-environment.yml, the changelog and README.
# galaxy-importer exits 1 only on import errors: lint and flake8 findings are
# WARNING lines with exit 0, so any WARNING or ERROR line fails the step too.
# ansible-test is not run by it here (RUN_ANSIBLE_TEST needs a container engine;
# the sanity step runs it).
# shellcheck disable=SC1091  # tools/steps/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step_venv importer "$REPO/tools/requirements-importer.txt"
TB=$(tarball)
OUT="$WORK/importer"
mkdir -p "$OUT"
# RUN_ANSIBLE_LINT is off: the lint step runs ansible-lint's production profile, with no
# rule skipped, on every file the tarball holds and on the tests; galaxy-importer's run
# (the same profile, some rules skipped) would repeat a subset of it.
cat > "$OUT/galaxy-importer.cfg" <<'CFG'
[galaxy-importer]
LOG_LEVEL_MAIN = INFO
RUN_ANSIBLE_TEST = False
ANSIBLE_TEST_LOCAL_IMAGE = False
LOCAL_IMAGE_DOCKER = False
RUN_ANSIBLE_DOC = True
RUN_ANSIBLE_LINT = False
OFFLINE_ANSIBLE_LINT = True
RUN_FLAKE8 = True
CHECK_CHANGELOG = True
CHECK_REQUIRED_TAGS = True
REQUIRE_V1_OR_GREATER = False
CFG

cd "$OUT" || exit 1  # it writes importer_result.json into the cwd
echo "+ python -m galaxy_importer.main $TB"
rc=0
GALAXY_IMPORTER_CONFIG="$OUT/galaxy-importer.cfg" python -m galaxy_importer.main "$TB" > "$OUT/importer.log" 2>&1 || rc=$?
cat "$OUT/importer.log"
[[ $rc -eq 0 ]] || fail "galaxy-importer exited $rc"
if grep -nE '(^|[^A-Za-z])(WARNING|ERROR|CRITICAL)([^A-Za-z]|$)' "$OUT/importer.log" > "$OUT/findings.txt"; then
    echo
    echo "findings:"
    cat "$OUT/findings.txt"
    fail "galaxy-importer reported $(wc -l < "$OUT/findings.txt") warning/error lines"
fi
python - "$OUT/importer_result.json" <<'PYEOF'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as handle:
    result = json.load(handle)
contents = result.get("contents") or []
kinds = {}
for item in contents:
    kinds[item.get("content_type")] = kinds.get(item.get("content_type"), 0) + 1
undocumented = [c["name"] for c in contents if c.get("content_type") == "module" and not c.get("description")]
if undocumented:
    sys.exit("modules without a description in importer_result.json: %s" % ", ".join(undocumented))
print("--- importer_result.json: %s" % ", ".join("%d %s" % (n, k) for k, n in sorted(kinds.items())))
PYEOF
say "galaxy-importer: no errors, no warnings"
