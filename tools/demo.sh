#!/usr/bin/env bash
# The demo of mediaops.video:  bash tools/demo.sh
#
# 1. creates/reuses the venv ${MEDIAOPS_VENV:-.venv} with tools/requirements-demo.txt
#    (ansible-core, requests, lxml; skipped when its stamp matches);
# 2. makes the collection importable without installing it: a temp dir holding
#    ansible_collections/<namespace>/<name> -> this checkout (symlink), used as
#    ANSIBLE_COLLECTIONS_PATH;
# 3. starts the sandbox (tools/sandbox.sh: PYTHONPATH=tests python3 -m sandbox --port 0
#    --port-file ...) and points every service's connection variables at it;
# 4. runs twice against it: playbooks/demo.yml (import and convert one title) and
#    playbooks/catalog_reconcile.yml over playbooks/vars/catalog.example.yml (the
#    whole pipeline: import, transcode, package, captions, moderation), and fails
#    unless every PLAY RECAP of the second run shows changed=0; then prints
#    playbooks/report.yml (jobs and captions);
# 5. prints the sandbox's stats (/_sandbox/stats) and stops it on exit.
#
# Environment:
#   MEDIAOPS_VENV            venv path, relative to the repo root or absolute (default .venv)
#   MEDIAOPS_PYTHON          interpreter used to create the venv (default python3)
#   MEDIAOPS_DEMO_PLAYBOOK   run only this playbook (default: the two above)
#   MEDIAOPS_KEEP_WORK=1     keep the temp dir (ledger, logs, run outputs)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

VENV=${MEDIAOPS_VENV:-.venv}
[[ "$VENV" == /* ]] || VENV="$REPO/$VENV"
PYTHON=${MEDIAOPS_PYTHON:-python3}
REQUIREMENTS="$REPO/tools/requirements-demo.txt"
# shellcheck disable=SC1091  # tools/venv.sh: ensure_venv
source "$REPO/tools/venv.sh"
# shellcheck disable=SC1091  # tools/sandbox.sh: sandbox_start, sandbox_env, sandbox_stop
source "$REPO/tools/sandbox.sh"
CATALOG=playbooks/vars/catalog.example.yml
if [[ -n "${MEDIAOPS_DEMO_PLAYBOOK:-}" ]]; then
    PLAYBOOKS=("$MEDIAOPS_DEMO_PLAYBOOK")
else
    PLAYBOOKS=(playbooks/demo.yml playbooks/catalog_reconcile.yml)
fi

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\ndemo: FAILED: %s\n' "$*" >&2; exit 1; }
# save_stats FILE: the sandbox's counters so far, as JSON
save_stats() {
    python -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
        "$BASE/_sandbox/stats" > "$1"
}

# ---------------------------------------------------------------- venv

say "venv $VENV with tools/requirements-demo.txt"
ensure_venv "$VENV" "$PYTHON" "$REQUIREMENTS" || die "cannot prepare $VENV"

# ---------------------------------------------------------------- temp dir, cleanup

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mediaops-demo.XXXXXX")

sandbox_cleanup_on_exit "$TMP"

# ---------------------------------------------------------------- collection path

read -r NAMESPACE NAME < <(python - <<'PYEOF'
import yaml
with open("galaxy.yml", encoding="utf-8") as f:
    g = yaml.safe_load(f)
print(g["namespace"], g["name"])
PYEOF
)
mkdir -p "$TMP/collections/ansible_collections/$NAMESPACE"
ln -s "$REPO" "$TMP/collections/ansible_collections/$NAMESPACE/$NAME"
export ANSIBLE_COLLECTIONS_PATH="$TMP/collections"
echo "ANSIBLE_COLLECTIONS_PATH=$ANSIBLE_COLLECTIONS_PATH ($NAMESPACE.$NAME -> $REPO)"

# ---------------------------------------------------------------- sandbox

say "start the sandbox"
sandbox_start "$TMP" || die "the sandbox did not start"
BASE=$SANDBOX_URL
sandbox_env "$TMP"

# ---------------------------------------------------------------- two runs

run_playbooks() {  # run_playbooks N: run every playbook, each output kept in $TMP/runN-I.log
    local i
    for i in "${!PLAYBOOKS[@]}"; do
        say "run $1: ansible-playbook ${PLAYBOOKS[$i]}"
        ansible-playbook "${PLAYBOOKS[$i]}" -e "catalog_file=$CATALOG" 2>&1 | tee "$TMP/run$1-$i.log"
    done
}

recap_lines() {  # recap_lines LOG...: the host lines of each log's last PLAY RECAP, without colours
    local log
    for log in "$@"; do
        sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '/^PLAY RECAP/ {n = 0; split("", l); r = 1; next} r && / : ok=/ {l[++n] = $0} END {for (i = 1; i <= n; i++) print l[i]}'
    done
}

if [[ -z "${MEDIAOPS_DEMO_PLAYBOOK:-}" ]]; then
    save_stats "$TMP/stats0.json"
    say "plan: ansible-playbook playbooks/catalog_reconcile.yml --check (the bill before the real run)"
    ansible-playbook playbooks/catalog_reconcile.yml --check -e "catalog_file=$CATALOG" > "$TMP/plan.log" 2>&1 \
        || { cat "$TMP/plan.log"; die "the plan failed"; }
    sed -n '/TASK \[mediaops.video.catalog_pipeline : Show the summary/,/^$/p' "$TMP/plan.log"
    save_stats "$TMP/stats-plan.json"
    cmp -s <(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["creates"])' "$TMP/stats0.json") \
           <(python -c 'import json,sys; print(json.load(open(sys.argv[1]))["creates"])' "$TMP/stats-plan.json") \
        || die "the plan (check mode) created something"
fi
run_playbooks 1
save_stats "$TMP/stats1.json"
run_playbooks 2
save_stats "$TMP/stats2.json"

RECAP=$(recap_lines "$TMP"/run2-*.log)
[[ $(grep -c ' : ok=' <<< "$RECAP") -eq ${#PLAYBOOKS[@]} ]] || die "a PLAY RECAP is missing from the second run's output"
if grep -qv ' changed=0 ' <<< "$RECAP"; then
    echo "$RECAP"
    die "the second run changed something: playbooks must be idempotent"
fi

if [[ -z "${MEDIAOPS_DEMO_PLAYBOOK:-}" ]]; then
    say "report: ansible-playbook playbooks/report.yml"
    ansible-playbook playbooks/report.yml -e "catalog_file=$CATALOG" > "$TMP/report.log" 2>&1 \
        || { cat "$TMP/report.log"; die "the report failed"; }
    sed -n '/TASK \[Print the summary\]/,/^$/p' "$TMP/report.log"
fi

# ---------------------------------------------------------------- stats

say "sandbox stats: what each run cost"
python - "$TMP/stats1.json" "$TMP/stats2.json" <<'PYEOF'
import json
import sys

with open(sys.argv[1]) as handle:
    first = json.load(handle)
with open(sys.argv[2]) as handle:
    total = json.load(handle)
for label, stats in (("run 1", first), ("run 2", {
        "requests": dict((k, v - first["requests"].get(k, 0)) for k, v in total["requests"].items()),
        "creates": dict((k, v - first["creates"].get(k, 0)) for k, v in total["creates"].items())})):
    requests = dict((k, v) for k, v in sorted(stats["requests"].items()) if v)
    print("%s: %d requests %s; creates %s" % (label, sum(requests.values()), json.dumps(requests), json.dumps(stats["creates"], sort_keys=True)))
PYEOF

say "run 1 recap"
recap_lines "$TMP"/run1-*.log
say "run 2 recap"
echo "$RECAP"
echo
echo "demo: ok, the second run changed nothing"
