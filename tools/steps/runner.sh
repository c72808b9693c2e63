#!/usr/bin/env bash
# Step `runner` of tools/test.sh: the demo the way AWX runs a job, through
# ansible-runner, from a private data dir, with the collection installed from
# the built tarball into the project (project/collections, found through
# project/ansible.cfg as an AWX project's collections are), against the bundled
# sandbox (tools/sandbox.sh). Settings: process_isolation false,
# suppress_ansible_output true, ANSIBLE_NOCOLOR.
#   run1  ansible-runner run: status successful, rc 0, playbook_on_stats with no
#         failures and no unreachable host, something changed;
#   run2  the same again: changed=0 in its playbook_on_stats (idempotence), and the
#         sandbox created nothing (its create counters, reset before the run, are all 0);
#   run3  ansible-runner transmit | worker | process (AWX's receptor path), from a
#         separate worker dir: successful, changed=0, nothing created.
# Each run's creates are printed from the sandbox's counters: a run that reports
# changed=0 but did create something is caught by the service, not by its self-report.
# shellcheck disable=SC1091  # tools/steps/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck disable=SC1091  # tools/sandbox.sh: sandbox_start, sandbox_env, sandbox_stop
source "$REPO/tools/sandbox.sh"

step_venv runner "$REPO/tools/requirements-runner.txt" "$COLL/meta/ee-requirements.txt"
TB=$(tarball)
PLAYBOOK="$MEDIAOPS_NAMESPACE.$MEDIAOPS_NAME.demo"
R="$WORK/runner"
PDD="$R/pdd"
rm -rf "$R"
mkdir -p "$PDD/project" "$PDD/inventory" "$PDD/env"
echo "ansible-runner $(ansible-runner --version), $(ansible --version | head -n 1)"

trap 'sandbox_stop' EXIT
sandbox_start "$R"
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS
sandbox_env "$R"
SANDBOX_ENV_NAMES=$(sandbox_env_names)
export SANDBOX_ENV_NAMES

say "private data dir $PDD: $TB installed into project/collections"
ansible-galaxy collection install "$TB" -p "$PDD/project/collections" > "$R/install.log" 2>&1 || { cat "$R/install.log"; fail "install"; }
cat > "$PDD/project/ansible.cfg" <<'CFG'
[defaults]
collections_path = collections
CFG
cat > "$PDD/inventory/hosts.yml" <<'YAML'
---
all:
  hosts:
    localhost:
      ansible_connection: local
      ansible_python_interpreter: "{{ ansible_playbook_python }}"
YAML
cat > "$PDD/env/settings" <<'YAML'
---
process_isolation: false
suppress_ansible_output: true
YAML
# AWX injects credentials as environment variables: the same here, from the
# sandbox's accounts (written by this step into the temp dir only)
python - "$PDD/env/envvars" <<'PYEOF'
import os
import sys

import yaml

names = [line.strip() for line in os.environ["SANDBOX_ENV_NAMES"].splitlines() if line.strip()]
envvars = dict((name, os.environ[name]) for name in names)
envvars["ANSIBLE_NOCOLOR"] = "1"
with open(sys.argv[1], "w", encoding="utf-8") as handle:
    yaml.safe_dump(envvars, handle, default_flow_style=False)
PYEOF
chmod 600 "$PDD/env/envvars"
(cd "$PDD/project" && ansible-galaxy collection list "$MEDIAOPS_NAMESPACE.$MEDIAOPS_NAME" 2>/dev/null) | grep -F "$PDD/project/collections" \
    || fail "the project does not see $MEDIAOPS_NAMESPACE.$MEDIAOPS_NAME in project/collections"

# check_run ARTIFACTS_DIR EXPECT: EXPECT is "changes" (first run) or "unchanged"
check_run() {
    python - "$1" "$2" <<'PYEOF'
import glob
import json
import os
import sys

artifacts, expect = sys.argv[1:3]
with open(os.path.join(artifacts, "status"), encoding="utf-8") as handle:
    status = handle.read().strip()
with open(os.path.join(artifacts, "rc"), encoding="utf-8") as handle:
    rc = handle.read().strip()
events = []
for path in glob.glob(os.path.join(artifacts, "job_events", "*.json")):
    with open(path, encoding="utf-8") as handle:
        events.append(json.load(handle))
events.sort(key=lambda e: e.get("counter", 0))
kinds = {}
for event in events:
    kinds[event["event"]] = kinds.get(event["event"], 0) + 1
problems = []
if status != "successful":
    problems.append("status %r" % status)
if rc != "0":
    problems.append("rc %r" % rc)
failed = [e for e in events if e["event"] in ("runner_on_failed", "runner_on_unreachable")
          and not e.get("event_data", {}).get("ignore_errors")]
for event in failed:
    data = event.get("event_data", {})
    problems.append("%s: %s" % (event["event"], data.get("task")))
stats = [e for e in events if e["event"] == "playbook_on_stats"]
if len(stats) != 1:
    problems.append("%d playbook_on_stats events" % len(stats))
else:
    data = stats[0]["event_data"]
    for key in ("failures", "dark"):
        if data.get(key):
            problems.append("%s in the stats: %s" % (key, data[key]))
    if not data.get("ok"):
        problems.append("no host ran ok: %s" % data)
    changed = sum((data.get("changed") or {}).values())
    if expect == "changes" and not changed:
        problems.append("the first run changed nothing")
    if expect == "unchanged" and changed:
        problems.append("changed=%s in a run that must change nothing" % data.get("changed"))
    print("--- %s: status %s, rc %s, %d events (%d tasks ok), ok=%s changed=%s" % (
        os.path.basename(artifacts), status, rc, len(events), kinds.get("runner_on_ok", 0),
        data.get("ok"), data.get("changed")))
if problems:
    for event in failed:
        print(json.dumps(event.get("event_data", {}).get("res"), indent=1, sort_keys=True)[:3000])
    sys.exit("\n".join("FAILED: " + p for p in problems))
PYEOF
}

# sandbox_creates RUN EXPECT: print the sandbox's create counters since the last reset and zero them;
# EXPECT "some" (first run) or "none": fail when the run created nothing, or anything
sandbox_creates() {
    python - "$SANDBOX_URL" "$1" "$2" <<'PYEOF'
import json
import sys
from urllib.request import Request, urlopen

base, run, expect = sys.argv[1:4]
with urlopen(base + "/_sandbox/stats", timeout=30) as response:
    creates = json.load(response)["creates"]
with urlopen(Request(base + "/_sandbox/reset", data=b"{}", method="POST",
                     headers={"Content-Type": "application/json"}), timeout=30) as response:
    response.read()
made = dict((kind, count) for kind, count in sorted(creates.items()) if count)
print("--- %s: the sandbox created %s" % (run, made or "nothing"))
if expect == "some" and not made:
    sys.exit("FAILED: %s created nothing in the sandbox" % run)
if expect == "none" and made:
    sys.exit("FAILED: %s created %s in the sandbox, in a run that must change nothing" % (run, made))
PYEOF
}

run_job() {  # run_job IDENT: ansible-runner run
    local rc=0
    echo "+ ansible-runner run $PDD -p $PLAYBOOK --ident $1"
    ansible-runner run "$PDD" -p "$PLAYBOOK" --ident "$1" > "$R/$1.out" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        cat "$R/$1.out"
        tail -n 40 "$PDD/artifacts/$1/stdout" 2>/dev/null || true
        fail "ansible-runner exited $rc"
    fi
}

sandbox_creates start none
run_job run1
check_run "$PDD/artifacts/run1" changes
sandbox_creates run1 some
run_job run2
check_run "$PDD/artifacts/run2" unchanged
sandbox_creates run2 none

say "ansible-runner transmit | worker | process"
rc=0
ansible-runner transmit "$PDD" -p "$PLAYBOOK" --ident run3 \
    | ansible-runner worker --private-data-dir "$R/worker" \
    | ansible-runner process "$R/out" --ident run3 > "$R/run3.out" 2>&1 || rc=$?
if [[ $rc -ne 0 ]]; then
    cat "$R/run3.out"
    fail "transmit | worker | process exited $rc"
fi
check_run "$R/out/artifacts/run3" unchanged
sandbox_creates run3 none
say "ansible-runner: the demo ran, then changed nothing, through run and through transmit/worker/process"
