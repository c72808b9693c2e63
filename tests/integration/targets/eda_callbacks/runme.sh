#!/usr/bin/env bash
# End to end with the real ansible-rulebook:
#   playbook -> sandbox job -> signed callback -> verified event -> rule -> playbook.
#
# 1. start the sandbox (tests/sandbox) and, in prepare.yml, register a PallyCon
#    storage, import a source video, point PallyCon's callback at the receiver
#    and write the rulebook's variables (catalog, storages, report folder);
# 2. start ansible-rulebook with the collection's rulebook mediaops.video.pipeline
#    (event source mediaops.video.callbacks) and wait for its receiver to listen;
# 3. forge.yml: forged, unsigned and oversized callbacks are refused (401/413);
# 4. drive.yml: an Ankoder conversion job with postback_url = the receiver, and
#    moderation submissions (one rejected, one passed) with a signed callback;
# 5. check.yml: wait (bounded) for the rules' playbooks, then check the sandbox
#    and the report folder: packaged once, captions ordered once per language,
#    the rejection reported, nothing done for the forged callbacks;
# 6. landing.yml: signed Convert and Upload notifications of two more jobs: the
#    one with an upload step is packaged on its Upload, never on its Convert; the
#    one without (postback URL ?upload_step=false) on its Convert;
# 7. stop ansible-rulebook and check its log: each playbook ran as often as its
#    events asked, the forgeries were refused, no secret was printed.
# ansible-rulebook and the sandbox are stopped on every exit (trap), and every
# wait is bounded.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$here"

wait_seconds=${EDA_CALLBACKS_WAIT:-120}
export EDA_CALLBACKS_WAIT=$wait_seconds
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}

say() { printf 'eda_callbacks: %s\n' "$*"; }
fail() {
    printf 'eda_callbacks: FAILED: %s\n' "$*" >&2
    for log in "${rulebook_log:-}" "${sandbox_log:-}"; do
        if [[ -n "$log" && -s "$log" ]]; then
            printf '\n--- last lines of %s ---\n' "$log" >&2
            tail -n 60 "$log" | redact >&2
        fi
    done
    exit 1
}

command -v ansible-rulebook > /dev/null || fail "ansible-rulebook is not on PATH (tools/requirements-test.txt installs it)"
command -v java > /dev/null || fail "java is not on PATH (ansible-rulebook needs Java 17)"

# --- the sandbox helpers the runme.sh targets share (find, start and stop it; read its accounts)
# shellcheck source-path=SCRIPTDIR source=../setup_sandbox/files/sandbox.sh
. ../setup_sandbox/files/sandbox.sh || fail "../setup_sandbox/files/sandbox.sh not found (is setup_sandbox next to this target?)"
sandbox_find_root "$here"

work=$(mktemp -d "${TMPDIR:-/tmp}/eda_callbacks.XXXXXX")
export EDA_CALLBACKS_WORK=$work
rulebook_log=$work/rulebook.log
rulebook_pid=""

cleanup() {
    local rc=$?
    sandbox_stop_process "$rulebook_pid" ansible-rulebook
    sandbox_exit "$rc" "$work" 20
}
trap cleanup EXIT

# --- the secrets of this run (the sandbox's accounts; the callback ones made up here)
sandbox_export_account setup_sandbox_ankoder ANKODER_USERNAME=username ANKODER_PASSWORD=password \
    ANKODER_PRIVATE_KEY=private_key
sandbox_export_account setup_sandbox_pallycon PALLYCON_SITE_ID=site_id PALLYCON_SITE_KEY=site_key \
    PALLYCON_ACCESS_KEY=access_key
sandbox_export_account setup_sandbox_iva IVA_CUSTOMER_ID=customer_id IVA_SECURITY_TOKEN=security_token \
    IVA_DEVELOPER_ID=developer_id
sandbox_export_account setup_sandbox_moderation MODERATION_APP_ID=app_id MODERATION_SECRET_KEY=secret_key
export MODERATION_CALLBACK_SECRET_KEY=eda-moderation-callback-secret-0001
export MEDIAOPS_CALLBACK_TOKEN=eda-pallycon-callback-token-0001
export ANKODER_AUTH_METHOD=basic
export MEDIAOPS_LEDGER="file://$work/ledger.json"
export ANSIBLE_NOCOLOR=1

redact() {  # stdin -> stdout with this run's secrets replaced
    local line
    while IFS= read -r line; do
        line=${line//"$ANKODER_PASSWORD"/<ankoder_password>}
        line=${line//"$ANKODER_PRIVATE_KEY"/<ankoder_private_key>}
        line=${line//"$PALLYCON_SITE_KEY"/<pallycon_site_key>}
        line=${line//"$PALLYCON_ACCESS_KEY"/<pallycon_access_key>}
        line=${line//"$IVA_SECURITY_TOKEN"/<iva_token>}
        line=${line//"$MODERATION_SECRET_KEY"/<moderation_secret>}
        line=${line//"$MODERATION_CALLBACK_SECRET_KEY"/<callback_secret>}
        line=${line//"$MEDIAOPS_CALLBACK_TOKEN"/<callback_token>}
        printf '%s\n' "$line"
    done
}

wait_listening() {  # wait_listening PORT PID NAME: until 127.0.0.1:PORT accepts, while PID lives
    local port=$1 pid=$2 name=$3 i
    for ((i = 0; i < wait_seconds * 2; i++)); do
        kill -0 "$pid" 2> /dev/null || fail "$name exited before listening on port $port"
        if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
            return 0
        fi
        sleep 0.5
    done
    fail "$name did not listen on port $port within $wait_seconds s"
}

playbook() {  # playbook FILE: run it (at most 3 x wait_seconds), its output redacted
    say "ansible-playbook $1"
    timeout "$((wait_seconds * 3))" ansible-playbook -i inventory.yml "$1" 2>&1 | redact || fail "$1 failed"
}

# --- 1. the sandbox
sandbox_start "$work" "$wait_seconds" --tick 0.2 --max-lifetime $((wait_seconds * 5))
# shellcheck disable=SC2154  # sandbox_url: set by sandbox_start
sandbox=$sandbox_url
export EDA_CALLBACKS_SANDBOX=$sandbox
export ANKODER_API_URL=$sandbox/ankoder
export PALLYCON_API_URL=$sandbox/pallycon
export IVA_ORDER_URL=$sandbox/iva/captionorder.ashx
export IVA_ODATA_URL=$sandbox/iva/odata
export MODERATION_SUBMIT_URL=$sandbox/moderation/api/v1/video/check/submit
export MODERATION_RESULT_URL=$sandbox/moderation/api/v1/video/check/result

# --- the receiver's port: a free one, released just before ansible-rulebook binds it
receiver_port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export MEDIAOPS_CALLBACKS_HOST=127.0.0.1
export MEDIAOPS_CALLBACKS_PORT=$receiver_port
export EDA_CALLBACKS_RECEIVER=http://127.0.0.1:$receiver_port

playbook prepare.yml
[[ -s "$work/pipeline-vars.yml" ]] || fail "prepare.yml wrote no pipeline-vars.yml"

# --- 2. ansible-rulebook with the collection's rulebook
say "starting ansible-rulebook (mediaops.video.pipeline), receiver on port $receiver_port"
# sequential (the default, named because landing.yml relies on it): one action after the other, in event order
ansible-rulebook --rulebook mediaops.video.pipeline --inventory inventory.yml --vars "$work/pipeline-vars.yml" \
    --env-vars MEDIAOPS_CALLBACKS_HOST,MEDIAOPS_CALLBACKS_PORT,ANKODER_PRIVATE_KEY,MODERATION_CALLBACK_SECRET_KEY,MEDIAOPS_CALLBACK_TOKEN \
    --execution-strategy sequential --verbose > "$rulebook_log" 2>&1 < /dev/null &
rulebook_pid=$!
wait_listening "$receiver_port" "$rulebook_pid" ansible-rulebook
say "ansible-rulebook (pid $rulebook_pid) listens"

# --- 3. forgeries, 4. real callbacks, 5. their effects, 6. packaging what has landed
playbook forge.yml
playbook drive.yml
playbook check.yml
playbook landing.yml

# --- 7. stop ansible-rulebook and read its log
sandbox_stop_process "$rulebook_pid" ansible-rulebook
rulebook_pid=""
[[ -s "$rulebook_log" ]] || fail "ansible-rulebook printed nothing"

count() { grep -c -F -- "$1" "$rulebook_log" || true; }
# packaged: title 2001 (drive.yml) and 2002 (landing.yml) on their Upload, 2003 on its Convert;
# captions and the report once (landing.yml's packaging jobs call nothing back)
for expected in '3 PLAY [Package a completed transcode with PallyCon]' '1 PLAY [Order the captions of a packaged title]' \
    '1 PLAY [Report a video that moderation rejected]'; do
    play=${expected#* }
    runs=$(count "$play")
    [[ "$runs" -eq "${expected%% *}" ]] || fail "'$play' ran $runs times, expected ${expected%% *}"
done
[[ "$(count 'failed=0')" -eq 5 ]] || fail "the five playbook runs did not all end with failed=0"
# the Convert notifications of jobs with an upload step (2001's and 2002's) only said that packaging waits
[[ "$(count 'packaging waits for its Upload notification')" -ge 2 ]] ||
    fail "the rulebook did not log that packaging waits for the Upload of 2001 and 2002"
[[ "$(count 'forged signature')" -ge 1 ]] || fail "the receiver did not log the forged Ankoder notification"
[[ "$(count 'wrong token')" -ge 1 ]] || fail "the receiver did not log the PallyCon callback with a wrong token"
for name in ANKODER_PASSWORD ANKODER_PRIVATE_KEY PALLYCON_SITE_KEY PALLYCON_ACCESS_KEY IVA_SECURITY_TOKEN \
    MODERATION_SECRET_KEY MODERATION_CALLBACK_SECRET_KEY MEDIAOPS_CALLBACK_TOKEN; do
    if grep -q -F -- "${!name}" "$rulebook_log"; then
        fail "the value of $name appears in ansible-rulebook's output"
    fi
done
say "ok: transcode -> uploaded -> packaged -> captions ordered, rejection reported, forgeries refused"
