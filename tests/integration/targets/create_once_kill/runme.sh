#!/usr/bin/env bash
# A node dies while a create is in flight. The sandbox holds the create back (a "slow" fault:
# it acts after the delay, a late commit) while this script kills -9 ansible-playbook's process
# group and the module process (every descendant: the worker runs the module in a session of
# its own). The next run must find the resource or stop and say how to adopt it, and no run may
# create anything twice:
#
# 1. Ankoder video (ledgered): slow POST /ankoder/download, kill. Once the late import landed,
#    a plain run fails naming mediaops.video.ledger_entry and on_unknown_outcome=adopt, and sends
#    nothing; a run with on_unknown_outcome=adopt and the id found in the sandbox adopts it; a
#    plain run after changes nothing. One video created in all.
# 2. IVA caption (listed): slow GET /iva/captionorder.ashx, kill. Once the late order landed,
#    the next run finds it in the catalog. One paid order, no duplicate.
# 3. IVA caption, the next run started at once (the late order still held back): it fails naming
#    unknown_outcome_grace and orders nothing.
#
# The sandbox and anything left of a killed run are stopped on every exit (trap); every wait is
# bounded.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$here"

python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
wait_seconds=${CREATE_ONCE_KILL_WAIT:-20}
delay=6  # seconds the sandbox holds the killed creates of 1. and 2. back
held=40  # ... and the create of 3., longer than the rest of this script

say() { printf 'create_once_kill [%3d s]: %s\n' "$SECONDS" "$*"; }
fail() {
    printf 'create_once_kill: FAILED: %s\n' "$*" >&2
    if [[ -n "${last_log:-}" && -s "$last_log" ]]; then
        printf '\n--- last lines of %s ---\n' "$last_log" >&2
        tail -n 40 "$last_log" >&2
    fi
    if [[ -n "${sandbox_log:-}" && -s "$sandbox_log" ]]; then
        printf '\n--- last lines of %s ---\n' "$sandbox_log" >&2
        tail -n 20 "$sandbox_log" >&2
    fi
    exit 1
}

command -v setsid > /dev/null || fail "setsid (util-linux) is not on PATH"
command -v ps > /dev/null || fail "ps (procps) is not on PATH"

# --- the sandbox helpers the runme.sh targets share (find, start and stop it; read its accounts)
# shellcheck source-path=SCRIPTDIR source=../setup_sandbox/files/sandbox.sh
. ../setup_sandbox/files/sandbox.sh || fail "../setup_sandbox/files/sandbox.sh not found (is setup_sandbox next to this target?)"
sandbox_find_root "$here"

work=$(mktemp -d "${TMPDIR:-/tmp}/create_once_kill.XXXXXX")
started=()  # the processes of the run being killed (until they are gone), for the cleanup

cleanup() {
    local rc=$? pid i
    if [[ ${#started[@]} -gt 0 ]]; then
        for pid in $(for i in "${started[@]}"; do echo "$i"; descendants "$i"; done); do
            kill -KILL "$pid" 2> /dev/null || true
        done
    fi
    sandbox_exit "$rc" "$work" 10
}
trap cleanup EXIT

# --- the sandbox's accounts, from the file that defines them for every target
sandbox_export_account setup_sandbox_ankoder ANKODER_USERNAME=username ANKODER_PASSWORD=password
sandbox_export_account setup_sandbox_iva IVA_CUSTOMER_ID=customer_id IVA_SECURITY_TOKEN=security_token \
    IVA_DEVELOPER_ID=developer_id
export ANKODER_AUTH_METHOD=basic
export MEDIAOPS_LEDGER="file://$work/ledger.json"
export ANSIBLE_NOCOLOR=1
# a killed run cannot remove its module files: keep them where the cleanup removes them
export ANSIBLE_LOCAL_TEMP=$work/ansible-local ANSIBLE_REMOTE_TEMP=$work/ansible-remote

# --- the sandbox
sandbox_start "$work" "$wait_seconds" --tick 0.2 --max-lifetime 600
# shellcheck disable=SC2154  # sandbox_url: set by sandbox_start
sandbox=$sandbox_url
export ANKODER_API_URL=$sandbox/ankoder
export IVA_ORDER_URL=$sandbox/iva/captionorder.ashx
export IVA_ODATA_URL=$sandbox/iva/odata

control() {  # control METHOD PATH [JSON]: the answer of a /_sandbox endpoint
    "$python" - "$sandbox/_sandbox$2" "$1" "${3:-}" << 'PY'
import sys
import urllib.request
url, method, body = sys.argv[1:4]
request = urllib.request.Request(url, data=body.encode() if body else None, method=method,
                                 headers={'Content-Type': 'application/json'})
with urllib.request.urlopen(request, timeout=10) as answer:
    print(answer.read().decode())
PY
}

value() {  # value PATH KEY...: a value of GET /_sandbox/PATH's JSON (0 when a key is absent)
    control GET "$1" | "$python" -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1:]:
    value = value.get(key, 0) if isinstance(value, dict) else 0
print(json.dumps(value) if isinstance(value, (dict, list, bool)) or value is None else value)' "${@:2}"
}

result() {  # result RUN KEY...: a value of the task result run RUN wrote ("null" when absent)
    "$python" -c '
import json, sys
with open(sys.argv[1]) as handle:
    value = json.load(handle)
for key in sys.argv[2:]:
    value = value.get(key) if isinstance(value, dict) else None
print(value if isinstance(value, str) else json.dumps(value))' "$work/$1.json" "${@:2}"
}

wait_until() {  # wait_until WHAT COMMAND...: poll COMMAND (a test) until it holds, at most $wait_seconds s
    local what=$1 i
    shift
    for ((i = 0; i < wait_seconds * 5; i++)); do
        "$@" && return 0
        sleep 0.2
    done
    fail "$what: not within $wait_seconds s"
}

at_least() { [[ $(value "$1" "${@:3}") -ge $2 ]]; }

playbook() {  # playbook RUN -e ...: one run of create.yml, to its end (bounded); its result in $work/RUN.json
    local run=$1
    shift
    last_log=$work/$run.log
    say "run $run: $*"
    CREATE_ONCE_KILL_RESULT=$work/$run.json timeout $((wait_seconds * 3)) \
        ansible-playbook -i inventory.yml create.yml "$@" > "$last_log" 2>&1 < /dev/null \
        || fail "run $run did not finish (exit $?)"
    [[ -s "$work/$run.json" ]] || fail "run $run wrote no result"
}

descendants() {  # descendants PID: every process below PID
    local table pending=("$1") pid child
    table=$(ps -e -o pid=,ppid=)
    while [[ ${#pending[@]} -gt 0 ]]; do
        pid=${pending[0]}
        pending=("${pending[@]:1}")
        while read -r child; do
            printf '%s\n' "$child"
            pending+=("$child")
        done < <(awk -v parent="$pid" '$2 == parent { print $1 }' <<< "$table")
    done
}

gone() {  # gone PID: no such process, or only a zombie (dead, not yet reaped)
    local state
    state=$(ps -o stat= -p "$1" 2> /dev/null) || return 0
    [[ -z "$state" || "$state" == Z* ]]
}

claim_pid() {  # claim_pid LABEL: the process id the pending claim of LABEL in the ledger names
    "$python" -c '
import json, sys
with open(sys.argv[1]) as handle:
    entries = json.load(handle)["entries"].values()
print(" ".join(str(entry.get("pid")) for entry in entries if entry.get("pending") and entry.get("label") == sys.argv[2]))
' "$work/ledger.json" "$1"
}

killed_run() {  # killed_run RUN ROUTE MODULE LABEL -e ...: start RUN; once the sandbox holds its create (ROUTE), kill -9 it all
    local run=$1 route=$2 module=$3 label=$4 before pid group claimant tree=() modules=() i
    shift 4
    before=$(value /stats requests "$route")
    last_log=$work/$run.log
    say "run $run (to be killed once it sent $route): $*"
    CREATE_ONCE_KILL_RESULT=$work/$run.json setsid ansible-playbook -i inventory.yml create.yml "$@" \
        > "$last_log" 2>&1 < /dev/null &
    pid=$!
    started+=("$pid")
    for ((i = 0; i < wait_seconds * 5; i++)); do
        [[ $(value /stats requests "$route") -gt $before ]] && break
        kill -0 "$pid" 2> /dev/null || fail "run $run ended before it sent $route"
        sleep 0.2
    done
    [[ $(value /stats requests "$route") -gt $before ]] || fail "run $run sent no $route within $wait_seconds s"
    group=$(ps -o pgid= -p "$pid" | tr -d ' ')
    [[ "$group" == "$pid" ]] || fail "ansible-playbook (pid $pid) is not the leader of its process group ($group)"
    mapfile -t tree < <(descendants "$pid")
    started+=("${tree[@]}")
    mapfile -t modules < <(for i in "${tree[@]}"; do
        [[ $(ps -o comm= -p "$i" 2> /dev/null) == python* ]] \
            && ps -o args= -p "$i" 2> /dev/null | grep -q -F "AnsiballZ_$module.py" && echo "$i"
    done)
    [[ ${#modules[@]} -eq 1 ]] || fail "not one python running AnsiballZ_$module.py below ansible-playbook (pid $pid): $(
        ps -o pid=,comm=,args= -p "$(IFS=,; echo "${tree[*]}")")"
    claimant=$(claim_pid "$label")
    [[ "$claimant" == "${modules[0]}" ]] || fail "the pending claim of $label names process '$claimant', not the module (${modules[0]})"
    say "killing ansible-playbook's group $group and its ${#tree[@]} descendants, the module (pid ${modules[0]}) among them"
    kill -KILL -- "-$group"
    for i in "${tree[@]}"; do
        kill -KILL "$i" 2> /dev/null || true
    done
    wait "$pid" 2> /dev/null || true
    for i in "$pid" "${tree[@]}"; do
        wait_until "process $i of run $run is gone" gone "$i"
    done
    started=()  # all gone: their ids may be reused from now on
    [[ ! -e "$work/$run.json" ]] || fail "run $run got to write its result: it was not killed in flight"
    [[ $(value /stats requests "$route") -eq $((before + 1)) ]] || fail "run $run sent $route more than once"
}

# --- 1. Ankoder video (ledgered) ---------------------------------------------------------------------
video_url=https://media.example.com/masters/create-once-kill-1.mov
video=(-e create_once_kill_kind=video -e "create_once_kill_url=$video_url")
control POST /faults "{\"route\": \"POST /ankoder/download\", \"kind\": \"slow\", \"delay\": $delay, \"count\": 1}" > /dev/null
killed_run video-killed "POST /ankoder/download" ankoder_video "video $video_url" "${video[@]}"

# --- 2. IVA caption (listed), killed the same way while the video's import is still held back --------
caption=(-e create_once_kill_kind=caption -e create_once_kill_published_id=126101)
control POST /faults "{\"route\": \"GET /iva/captionorder.ashx\", \"kind\": \"slow\", \"delay\": $delay, \"count\": 1}" > /dev/null
killed_run caption-killed "GET /iva/captionorder.ashx" iva_caption_order "caption 126101/0" "${caption[@]}"

# --- 1. continued: the late import lands; the next run must stop and say how to adopt it
wait_until "the late Ankoder import lands" at_least /stats 1 creates ankoder.video
playbook video-again "${video[@]}"
[[ $(result video-again failed) == true ]] || fail "run video-again did not fail: $(result video-again msg)"
message=$(result video-again msg)
for words in mediaops.video.ledger_entry on_unknown_outcome=adopt; do
    grep -q -F -- "$words" <<< "$message" || fail "run video-again's message does not name $words: $message"
done
[[ $(value /stats requests "POST /ankoder/download") -eq 1 ]] || fail "run video-again sent the import again"
say "run video-again stopped: $message"

# the operator finds the video in the sandbox (ids from 1001, one created) and adopts it
[[ $(value /stats creates ankoder.video) -eq 1 ]] || fail "not exactly one video created: $(value /stats creates)"
[[ $(value /ankoder/video/1001 source) == "$video_url" ]] || fail "video 1001 is not $video_url: $(value /ankoder/video/1001)"
video_id=$(value /ankoder/video/1001 id)
playbook video-adopt "${video[@]}" -e create_once_kill_on_unknown_outcome=adopt -e "create_once_kill_id=$video_id"
[[ $(result video-adopt failed) != true ]] || fail "run video-adopt failed: $(result video-adopt msg)"
[[ $(result video-adopt changed) == true ]] || fail "run video-adopt did not report the adoption"
[[ $(result video-adopt video id) == "$video_id" ]] || fail "run video-adopt returned video $(result video-adopt video id)"
playbook video-plain "${video[@]}"
[[ $(result video-plain failed) != true ]] || fail "run video-plain failed: $(result video-plain msg)"
[[ $(result video-plain changed) == false ]] || fail "run video-plain changed something: $(result video-plain msg)"
[[ $(result video-plain video id) == "$video_id" ]] || fail "run video-plain returned video $(result video-plain video id)"
[[ $(value /stats creates ankoder.video) -eq 1 ]] || fail "more than one video created: $(value /stats creates)"
[[ $(value /stats requests "POST /ankoder/download") -eq 1 ]] || fail "the import was sent more than once"
say "video $video_id: created once by the killed run, adopted, then left alone"

# --- 2. continued: the late order lands; the next run finds it in the catalog
wait_until "the late IVA order lands" at_least /iva/orders 1 total
caption_id=$(value /iva/caption/700001 CaptionId)
[[ $(value /iva/caption/700001 PublishedId) -eq 126101 ]] || fail "caption 700001 is not 126101's: $(value /iva/caption/700001)"
playbook caption-again "${caption[@]}"
[[ $(result caption-again failed) != true ]] || fail "run caption-again failed: $(result caption-again msg)"
[[ $(result caption-again caption caption_id) == "$caption_id" ]] \
    || fail "run caption-again returned caption $(result caption-again caption caption_id), not $caption_id"
[[ $(value /iva/orders total) -eq 1 && $(value /iva/orders duplicates) -eq 0 ]] \
    || fail "not exactly one paid order: $(value /iva/orders)"
[[ $(value /stats requests "GET /iva/captionorder.ashx") -eq 1 ]] || fail "run caption-again ordered again"
say "caption $caption_id: ordered once by the killed run, found by the next (changed=$(result caption-again changed))"

# --- 3. the next run starts while the killed run's order is still held back
held_caption=(-e create_once_kill_kind=caption -e create_once_kill_published_id=126102)
control POST /faults "{\"route\": \"GET /iva/captionorder.ashx\", \"kind\": \"slow\", \"delay\": $held, \"count\": 1}" > /dev/null
killed_run held-killed "GET /iva/captionorder.ashx" iva_caption_order "caption 126102/0" "${held_caption[@]}"
playbook held-again "${held_caption[@]}"
[[ $(result held-again failed) == true ]] || fail "run held-again did not fail (changed=$(result held-again changed))"
message=$(result held-again msg)
grep -q -F -- unknown_outcome_grace <<< "$message" || fail "run held-again's message does not name unknown_outcome_grace: $message"
[[ $(value /stats requests "GET /iva/captionorder.ashx") -eq 2 ]] || fail "run held-again ordered again"
[[ $(value /iva/orders by_key 45678/126102/0) -eq 0 ]] || fail "an order for 126102 landed early: $(value /iva/orders)"
[[ $(value /iva/orders total) -eq 1 && $(value /iva/orders duplicates) -eq 0 ]] || fail "orders: $(value /iva/orders)"
say "run held-again stopped without ordering: $message"
say "ok: no create sent twice; the late ones found or left for the operator to adopt"
