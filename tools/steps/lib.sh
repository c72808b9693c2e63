# shellcheck shell=bash
# Sourced by the step scripts of tools/steps/, which tools/test.sh runs from its
# copy of the collection (cwd) with these variables exported:
#   MEDIAOPS_REPO       the checkout
#   MEDIAOPS_WORK       the temp dir holding ansible_collections/ (the copy) and dist/
#   MEDIAOPS_COLL       the copy: <work>/ansible_collections/<namespace>/<name>
#   MEDIAOPS_TEST_VENV  the test venv (the step venvs sit next to it: <venv>-<suffix>)
#   MEDIAOPS_NAMESPACE, MEDIAOPS_NAME, MEDIAOPS_PYVER, MEDIAOPS_DIST (<work>/dist)
#   MEDIAOPS_SKIP_FILE  where `skip REASON` writes why the step does not apply
# A step script exits 0 (passed; skipped when it called skip) or anything else (failed).
set -euo pipefail

: "${MEDIAOPS_REPO:?run the steps through tools/test.sh (MEDIAOPS_STEPS=<step> bash tools/test.sh)}"
# shellcheck disable=SC2034  # used by the scripts that source this one
REPO=$MEDIAOPS_REPO WORK=$MEDIAOPS_WORK COLL=$MEDIAOPS_COLL DIST=$MEDIAOPS_DIST
# shellcheck disable=SC1091  # tools/venv.sh: ensure_venv
source "$REPO/tools/venv.sh"

say() { printf -- '--- %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
# skip REASON: the step does not apply here; tools/test.sh reports it as skipped
skip() { printf 'skipped: %s\n' "$*"; printf '%s' "$*" > "$MEDIAOPS_SKIP_FILE"; exit 0; }

# step_venv SUFFIX REQUIREMENTS...: make/reuse <test venv>-SUFFIX and put it first on PATH
step_venv() {
    local suffix=$1
    shift
    ensure_venv "${MEDIAOPS_TEST_VENV}-$suffix" "${MEDIAOPS_PYTHON:-python3}" "$@"
}

# version: the collection's version from galaxy.yml
version() {
    "$MEDIAOPS_TEST_VENV/bin/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$COLL/galaxy.yml"
}

# tarball: the path of the built tarball; builds it (test venv's ansible-galaxy)
# when the build step did not run before
tarball() {
    local tb
    tb="$DIST/$MEDIAOPS_NAMESPACE-$MEDIAOPS_NAME-$(version).tar.gz"
    if [[ ! -s "$tb" ]]; then
        "$MEDIAOPS_TEST_VENV/bin/ansible-galaxy" collection build --output-path "$DIST" --force "$COLL" >&2
    fi
    [[ -s "$tb" ]] || fail "no tarball $tb"
    echo "$tb"
}
