#!/usr/bin/env bash
# AWX job slicing over one S3 ledger: a catalog of titles (an import, one conversion, a packaging job
# and one caption each) as inventory through mediaops.video.catalog, reconciled by two ansible-runner
# jobs (AWX's engine) at once, each with half of the hosts (--limit catalog_import[0:N/2-1] and
# catalog_import[N/2:]), with the playbook mediaops.video.catalog_slice, over one s3:// ledger (a local
# S3 API, moto). Then:
#   - each job reconciled its half of the titles, and only those, every task once (on one host);
#   - the sandbox created every video, conversion, packaging job, caption order and storage exactly once;
#   - a third job over the whole inventory changes nothing (changed=0) and sends no create;
#   - no job shows a storage's secret (inventory variables of group all) or a service's key.
# The sandbox and the S3 API are stopped on every exit (trap); every wait is bounded.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$here"

python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
wait_seconds=${CATALOG_SLICES_WAIT:-30}
job_seconds=${CATALOG_SLICES_JOB_TIMEOUT:-300}
title_count=12
half=$((title_count / 2))
bucket=mediaops-ledger

say() { printf 'catalog_slices [%3d s]: %s\n' "$SECONDS" "$*"; }
fail() {
    printf 'catalog_slices: FAILED: %s\n' "$*" >&2
    if [[ -n "${last_log:-}" && -s "$last_log" ]]; then
        printf '\n--- last lines of %s ---\n' "$last_log" >&2
        tail -n 60 "$last_log" >&2
    fi
    exit 1
}

# --- the sandbox helpers the runme.sh targets share (find, start and stop it; read its accounts)
# shellcheck source-path=SCRIPTDIR source=../setup_sandbox/files/sandbox.sh
. ../setup_sandbox/files/sandbox.sh || fail "../setup_sandbox/files/sandbox.sh not found (is setup_sandbox next to this target?)"
sandbox_find_root "$here"
s3_server=../ledger_s3/files/s3_server.py
[[ -f "$s3_server" ]] || fail "$s3_server not found (is ledger_s3 next to this target?)"

work=$(mktemp -d "${TMPDIR:-/tmp}/catalog_slices.XXXXXX")
s3_pid=""
jobs_running=()  # the jobs started and not yet waited for, for the cleanup

cleanup() {
    local rc=$? pid
    for pid in "${jobs_running[@]}"; do
        sandbox_stop_process "$pid" "a job" 10
    done
    sandbox_stop_process "$s3_pid" "the S3 API" 10
    sandbox_exit "$rc" "$work" 10
}
trap cleanup EXIT

# --- the sandbox and its accounts, given to the jobs as AWX credentials would: in the environment
sandbox_export_account setup_sandbox_ankoder ANKODER_USERNAME=username ANKODER_PASSWORD=password
sandbox_export_account setup_sandbox_pallycon PALLYCON_SITE_ID=site_id PALLYCON_SITE_KEY=site_key \
    PALLYCON_ACCESS_KEY=access_key
sandbox_export_account setup_sandbox_iva IVA_CUSTOMER_ID=customer_id IVA_SECURITY_TOKEN=security_token \
    IVA_DEVELOPER_ID=developer_id
sandbox_start "$work" "$wait_seconds" --tick 0.1 --max-lifetime 900
# shellcheck disable=SC2154  # sandbox_url: set by sandbox_start
sandbox=$sandbox_url
export ANKODER_AUTH_METHOD=basic
export ANKODER_API_URL=$sandbox/ankoder
export PALLYCON_API_URL=$sandbox/pallycon
export IVA_ORDER_URL=$sandbox/iva/captionorder.ashx
export IVA_ODATA_URL=$sandbox/iva/odata
export ANSIBLE_NOCOLOR=1

# --- the S3 API and the ledger's bucket
"$python" "$s3_server" "$work/s3.port" 900 > "$work/s3.log" 2>&1 < /dev/null &
s3_pid=$!
for ((i = 0; i < wait_seconds * 5; i++)); do
    [[ -s "$work/s3.port" ]] && break
    kill -0 "$s3_pid" 2> /dev/null || { last_log=$work/s3.log; fail "the S3 API exited"; }
    sleep 0.2
done
[[ -s "$work/s3.port" ]] || fail "the S3 API wrote no port file within $wait_seconds s"
AWS_ENDPOINT_URL=http://127.0.0.1:$(tr -dc '0-9' < "$work/s3.port")
export AWS_ENDPOINT_URL
export AWS_ACCESS_KEY_ID=mediaops-test AWS_SECRET_ACCESS_KEY=mediaops-test-secret AWS_DEFAULT_REGION=us-east-1
export MEDIAOPS_LEDGER=s3://$bucket/slices
"$python" -c '
import sys
import boto3
boto3.client("s3").create_bucket(Bucket=sys.argv[1])' "$bucket" || fail "could not create the bucket $bucket"
say "sandbox $sandbox, S3 API $AWS_ENDPOINT_URL, ledger $MEDIAOPS_LEDGER"

# --- the catalog (the role's variables) and the inventory source that reads it
"$python" - "$work/catalog.yml" "$title_count" << 'PY'
import json
import sys

path, count = sys.argv[1], int(sys.argv[2])
storages = [
    {'name': name, 'region': 'RG011', 'aws_bucket': 'acme-' + name, 'aws_access_key_id': 'AKIAEXAMPLE' + name.upper(),
     'aws_secret_access_key': 'example-secret-' + name}
    for name in ('masters', 'packaged')
]
titles = [
    {
        'id': 'slice-title-%02d' % number,
        'name': 'Slice title %d' % number,
        'source_url': 'https://media.example.com/masters/slice-title-%02d.mov' % number,
        'profiles': ['web-720p'],
        'packaging': {'input_storage': 'masters', 'output_storage': 'packaged',
                      'contents_path': ['masters/slice-title-%02d/720p.mp4' % number]},
        'captions': {'published_id': 127000 + number, 'languages': ['en']},
    }
    for number in range(1, count + 1)
]
catalog = {
    'catalog_pipeline_storages': storages,
    'catalog_pipeline_import_profile': 'psp',
    'catalog_pipeline_titles': titles,
    'catalog_pipeline_wait_sleep': 0.2,
}
with open(path, 'w') as handle:
    json.dump(catalog, handle, indent=1)  # JSON is YAML
PY
mkdir -p "$work/inventory"
inventory=$work/inventory/catalog.mediaops_catalog.yml
printf -- '---\nplugin: mediaops.video.catalog\ncatalog_file: %s\n' "$work/catalog.yml" > "$inventory"

hosts() {  # hosts PATTERN: the inventory hosts PATTERN selects, one a line
    ansible all -i "$inventory" --limit "$1" --list-hosts 2> "$work/list-hosts.err" | sed -n 's/^ \{4,\}//p' | sort
}
mapfile -t all_hosts < <(hosts all)
if [[ ${#all_hosts[@]} -ne $title_count ]]; then
    last_log=$work/list-hosts.err
    fail "the inventory has ${#all_hosts[@]} hosts, not $title_count: ${all_hosts[*]}"
fi
first_half="catalog_import[0:$((half - 1))]"
second_half="catalog_import[$half:]"
mapfile -t first_hosts < <(hosts "$first_half")
mapfile -t second_hosts < <(hosts "$second_half")
[[ ${#first_hosts[@]} -eq $half && ${#second_hosts[@]} -eq $((title_count - half)) ]] \
    || fail "the halves are not halves: ${first_hosts[*]} / ${second_hosts[*]}"
[[ "$(printf '%s\n' "${first_hosts[@]}" "${second_hosts[@]}" | sort -u)" == "$(printf '%s\n' "${all_hosts[@]}")" ]] \
    || fail "the halves do not cover the inventory: ${first_hosts[*]} / ${second_hosts[*]}"

# --- a job the way AWX runs one: ansible-runner, a private data dir of its own
job_start() {  # job_start JOB [--limit PATTERN]: start JOB in the background; its pid in job_pid
    local job=$1 pdd=$work/$1
    shift
    mkdir -p "$pdd/project" "$pdd/env"
    printf -- '---\nprocess_isolation: false\nsuppress_ansible_output: true\n' > "$pdd/env/settings"
    say "job $job: ansible-runner run -p mediaops.video.catalog_slice $*"
    timeout "$job_seconds" "$python" -m ansible_runner run "$pdd" --ident "$job" --inventory "$inventory" \
        -p mediaops.video.catalog_slice "$@" > "$work/$job.out" 2>&1 < /dev/null &
    job_pid=$!
    jobs_running+=("$job_pid")
}

job_end() {  # job_end JOB PID: wait for JOB; fail unless it was successful
    local rc=0 pid
    wait "$2" || rc=$?
    for pid in "${!jobs_running[@]}"; do
        [[ ${jobs_running[$pid]} != "$2" ]] || unset "jobs_running[$pid]"
    done
    last_log=$work/$1/artifacts/$1/stdout
    [[ -s "$last_log" ]] || last_log=$work/$1.out
    [[ $rc -eq 0 ]] || fail "job $1 exited $rc"
    [[ $(cat "$work/$1/artifacts/$1/status") == successful ]] || fail "job $1 is $(cat "$work/$1/artifacts/$1/status")"
    local shown=("$work/$1/artifacts/$1/stdout" "$work/$1/artifacts/$1/job_events" "$work/$1.out")  # not env or command
    ! grep -r -q -F -e example-secret- -e "$PALLYCON_SITE_KEY" "${shown[@]}" \
        || fail "job $1 shows a secret: $(grep -r -l -F -e example-secret- -e "$PALLYCON_SITE_KEY" "${shown[@]}")"
}

job_report() {  # job_report JOB: "TITLE,TITLE... CHANGED" from the job's events (the slice's titles, the recap's
    # changed total); fails unless every task ran on one host (once for the slice) and the recap has no failure
    "$python" - "$work/$1/artifacts/$1" << 'PY'
import glob
import json
import os
import sys

events = []
for path in glob.glob(os.path.join(sys.argv[1], 'job_events', '*.json')):
    with open(path) as handle:
        events.append(json.load(handle))
named = [event['event_data'] for event in events
         if event['event'] == 'runner_on_ok' and event['event_data'].get('task') == 'Name the titles of the slice']
stats = [event['event_data'] for event in events if event['event'] == 'playbook_on_stats']
if len(named) != 1 or len(stats) != 1:
    sys.exit('%d events naming the titles and %d recaps' % (len(named), len(stats)))
if stats[0].get('failures') or stats[0].get('dark'):
    sys.exit('failures in the recap: %s' % stats[0])
task_hosts = set(event['event_data'].get('host') for event in events if event['event'].startswith('runner_on_'))
if len(task_hosts) != 1:
    sys.exit('tasks ran on %d hosts, not once for the slice: %s' % (len(task_hosts), ', '.join(sorted(task_hosts))))
print(','.join(sorted(named[0]['res']['msg'])), sum((stats[0].get('changed') or {}).values()))
PY
}

value() {  # value PATH KEY...: a value of GET /_sandbox/PATH's JSON (0 when a key is absent)
    "$python" - "$sandbox/_sandbox$1" "${@:2}" << 'PY'
import json
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=10) as answer:
    value = json.load(answer)
for key in sys.argv[2:]:
    value = value.get(key, 0) if isinstance(value, dict) else 0
print(json.dumps(value, sort_keys=True))
PY
}

creates_total() {  # the number of creates the sandbox counted since its last reset
    "$python" -c 'import json, sys; print(sum(json.loads(sys.argv[1]).values()))' "$(value /stats creates)"
}

reset_counters() {
    "$python" -c '
import sys
import urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"{}", method="POST",
                       headers={"Content-Type": "application/json"}), timeout=10).read()' "$sandbox/_sandbox/reset"
}

joined() { local IFS=,; echo "$*"; }

# --- two slices at once
job_start slice1 --limit "$first_half"
slice1_pid=$job_pid
job_start slice2 --limit "$second_half"
slice2_pid=$job_pid
job_end slice1 "$slice1_pid"
job_end slice2 "$slice2_pid"
read -r slice1_titles slice1_changed < <(job_report slice1) || fail "job slice1: $(job_report slice1 2>&1)"
read -r slice2_titles slice2_changed < <(job_report slice2) || fail "job slice2: $(job_report slice2 2>&1)"
[[ "$slice1_titles" == "$(joined "${first_hosts[@]}")" ]] || fail "job slice1 reconciled $slice1_titles, not its hosts"
[[ "$slice2_titles" == "$(joined "${second_hosts[@]}")" ]] || fail "job slice2 reconciled $slice2_titles, not its hosts"
[[ $slice1_changed -gt 0 && $slice2_changed -gt 0 ]] || fail "a slice changed nothing (changed $slice1_changed and $slice2_changed)"
say "slice1 reconciled $slice1_titles; slice2 $slice2_titles"

for kind in ankoder.video ankoder.job pallycon.job iva.order; do
    created=$(value /stats creates "$kind")
    [[ $created -eq $title_count ]] || fail "$created $kind created, not $title_count: $(value /stats creates)"
done
for kind in pallycon.job_duplicates iva.order_duplicates; do
    [[ $(value /stats creates "$kind") -eq 0 ]] || fail "$kind: $(value /stats creates)"
done
[[ $(value /stats creates pallycon.storage) -eq 2 ]] || fail "not 2 storages registered: $(value /stats creates)"
[[ $(value /stats requests "POST /ankoder/download") -eq $title_count ]] || fail "imports sent: $(value /stats requests)"
say "created once each: $(value /stats creates)"

# --- the whole catalog once more: nothing to do
reset_counters
job_start whole
job_end whole "$job_pid"
read -r whole_titles whole_changed < <(job_report whole) || fail "job whole: $(job_report whole 2>&1)"
[[ "$whole_titles" == "$(joined "${all_hosts[@]}")" ]] || fail "job whole reconciled $whole_titles"
[[ $whole_changed -eq 0 ]] || fail "job whole changed $whole_changed things"
[[ $(creates_total) -eq 0 ]] || fail "job whole created $(value /stats creates)"
say "ok: two slices at once created each thing once; the whole catalog then changed nothing"
