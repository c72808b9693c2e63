#!/usr/bin/env bash
# CI step "molecule": every role's molecule scenario against the bundled sandbox.
#
#   cd <tmp>/ansible_collections/mediaops/video && bash tools/steps/molecule.sh
#
# Runs from a copy of the collection under .../ansible_collections/<namespace>/<name>
# (molecule resolves the roles by FQCN through ANSIBLE_COLLECTIONS_PATH), with the
# test venv activated (molecule calls ansible-config from PATH). It:
#   1. starts the sandbox with tools/sandbox.sh (python3 -m sandbox --port 0 --port-file F);
#   2. exports the services' variables (ANKODER_*, PALLYCON_*, IVA_*, MODERATION_*)
#      for the sandbox's accounts, MEDIAOPS_SANDBOX_URL, ANSIBLE_COLLECTIONS_PATH
#      and, per scenario, a fresh MEDIAOPS_LEDGER (file:// in a temp dir);
#   3. for each roles/<role>/molecule/<scenario>/molecule.yml: resets the sandbox
#      (counters and data) and runs `molecule test -s <scenario>` from roles/<role>;
#   4. stops the sandbox on exit.
# Environment: MEDIAOPS_MOLECULE_ROLES (space separated role names, default: all),
#              MEDIAOPS_KEEP_WORK=1 (keep the temp dir: sandbox log, ledgers).
set -euo pipefail

die() { printf 'molecule step: FAILED: %s\n' "$*" >&2; exit 1; }

COLL=$(pwd -P)
[[ -f "$COLL/galaxy.yml" && -d "$COLL/tests/sandbox" ]] || die "run it from the collection root (no galaxy.yml / tests/sandbox in $COLL)"
[[ "$(basename "$(dirname "$(dirname "$COLL")")")" == ansible_collections ]] \
    || die "$COLL is not below .../ansible_collections/<namespace>/<name>: run it from a copy (see tools/test.sh)"
COLLECTIONS_ROOT=$(dirname "$(dirname "$(dirname "$COLL")")")
command -v molecule >/dev/null || die "molecule is not on PATH: activate the test venv (tools/requirements-test.txt)"
command -v ansible-config >/dev/null || die "ansible-config is not on PATH: activate the test venv"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mediaops-molecule.XXXXXX")
export REPO=$COLL  # for tools/sandbox.sh: the tree holding tests/sandbox
# shellcheck disable=SC1091  # tools/sandbox.sh: sandbox_start, sandbox_env, sandbox_stop
source "$COLL/tools/sandbox.sh"
sandbox_cleanup_on_exit "$TMP"

# ---------------------------------------------------------------- sandbox

sandbox_start "$TMP" || die "cannot start the sandbox"
# the sandbox's accounts (placeholders of a local fake) as ANKODER_*, PALLYCON_*,
# IVA_*, MODERATION_*; MEDIAOPS_LEDGER is set again per scenario below
sandbox_env "$TMP"
export MEDIAOPS_SANDBOX_URL="$SANDBOX_URL"
export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS_ROOT"
echo "ANSIBLE_COLLECTIONS_PATH=$ANSIBLE_COLLECTIONS_PATH"
[[ -t 1 ]] || export NO_COLOR=1 ANSIBLE_NOCOLOR=1  # plain CI logs

reset_sandbox() {
    python -c 'import sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/_sandbox/reset", data=b"{\"data\": true}", method="POST",
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()' "$SANDBOX_URL"
}

# ---------------------------------------------------------------- scenarios

read -r -a ROLES <<< "${MEDIAOPS_MOLECULE_ROLES:-}"
if [[ ${#ROLES[@]} -eq 0 ]]; then
    for d in "$COLL"/roles/*/molecule; do
        [[ -d "$d" ]] && ROLES+=("$(basename "$(dirname "$d")")")
    done
fi
[[ ${#ROLES[@]} -gt 0 ]] || die "no role has a molecule scenario"

RAN=0
for role in "${ROLES[@]}"; do
    for scenario_file in "$COLL/roles/$role"/molecule/*/molecule.yml; do
        [[ -f "$scenario_file" ]] || die "role $role has no molecule scenario"
        scenario=$(basename "$(dirname "$scenario_file")")
        printf '\n==> molecule test: role %s, scenario %s\n' "$role" "$scenario"
        reset_sandbox
        export MEDIAOPS_LEDGER="file://$TMP/ledger-$role-$scenario.json"
        (cd "$COLL/roles/$role" && molecule test -s "$scenario")
        RAN=$((RAN + 1))
    done
done
printf '\nmolecule step: %d scenario(s) passed\n' "$RAN"
