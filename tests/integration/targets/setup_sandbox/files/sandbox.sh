# shellcheck shell=bash
# The bundled sandbox (tests/sandbox) for the runme.sh targets, as a background process.
# A target that lists needs/target/setup_sandbox in its aliases gets this folder next to it
# and sources this file from its own directory:
#     # shellcheck source-path=SCRIPTDIR source=../setup_sandbox/files/sandbox.sh
#     . ../setup_sandbox/files/sandbox.sh
#
#   sandbox_export_account SECTION NAME=KEY...
#                              export each NAME as KEY's value in the top-level SECTION of
#                              setup_sandbox/vars/main.yml (the sandbox's accounts; quotes
#                              around a value removed); fail naming NAME when it is empty
#   sandbox_find_root FROM     set sandbox_root: the folder holding tests/sandbox, FROM or one
#                              above it, else ansible_collections/mediaops/video below an entry
#                              of ANSIBLE_COLLECTIONS_PATH
#   sandbox_start WORK SECONDS [ARG...]
#                              start `python -m sandbox --port 0 --port-file WORK/sandbox.port
#                              ARG...` (log: WORK/sandbox.log) and wait, at most SECONDS s, for
#                              its port; set sandbox_pid, sandbox_log and sandbox_url
#                              (http://127.0.0.1:PORT); fail when it exits or writes no port
#   sandbox_stop SECONDS       stop it (TERM, up to SECONDS s, then KILL); a no-op
#                              when it is not running, so a cleanup trap may always call it
#   sandbox_stop_process PID NAME [SECONDS]
#                              the same for any process (TERM, up to SECONDS s, then KILL)
#   sandbox_exit RC WORK SECONDS
#                              the end of a cleanup trap: sandbox_stop SECONDS, then remove
#                              WORK when RC is 0 (else say it is kept for inspection), exit RC
#
# The caller's `say MESSAGE` and `fail MESSAGE` (which must exit) report progress and errors
# when it defines them; without them, messages go to stdout and errors to stderr with exit 1.
# The python is $ANSIBLE_TEST_PYTHON_INTERPRETER, else python3.

# shellcheck disable=SC2034  # sandbox_root, sandbox_log, sandbox_url: for the scripts that source this one
{
    sandbox_root=""  # the folder holding tests/sandbox (sandbox_find_root)
    sandbox_pid=""   # the running sandbox (sandbox_start; sandbox_stop empties it)
    sandbox_log=""   # its output (sandbox_start)
    sandbox_url=""   # http://127.0.0.1:PORT (sandbox_start)
}
sandbox_account_file=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/vars/main.yml

_sandbox_say() {
    if declare -F say > /dev/null; then
        say "$@"
    else
        printf 'sandbox: %s\n' "$*"
    fi
}

_sandbox_fail() {
    if declare -F fail > /dev/null; then
        fail "$@"
    fi
    printf 'sandbox: FAILED: %s\n' "$*" >&2
    exit 1
}

sandbox_export_account() {  # sandbox_export_account SECTION NAME=KEY...: export NAME, KEY's value in SECTION
    local section=$1 pair name key value
    shift
    [[ -f "$sandbox_account_file" ]] || _sandbox_fail "$sandbox_account_file not found (is setup_sandbox complete?)"
    for pair in "$@"; do
        name=${pair%%=*}
        key=${pair#*=}
        value=$(sed -n "/^$section:/,/^[^ ]/ s/^ *$key: *//p" "$sandbox_account_file" | head -n 1)
        if [[ "$value" == \"*\" ]]; then
            value=${value:1:-1}
        fi
        [[ -n "$value" ]] || _sandbox_fail "could not read $name ($section.$key) from $sandbox_account_file"
        export "$name=$value"
    done
}

sandbox_find_root() {  # sandbox_find_root FROM: set sandbox_root, or fail
    local from=$1 dir path
    local -a collection_paths=()
    sandbox_root=""
    dir=$from
    while [[ "$dir" != / ]]; do
        if [[ -f "$dir/tests/sandbox/__main__.py" ]]; then
            sandbox_root=$dir
            return 0
        fi
        dir=$(dirname "$dir")
    done
    IFS=: read -r -a collection_paths <<< "${ANSIBLE_COLLECTIONS_PATH:-}"
    for path in "${collection_paths[@]}"; do
        if [[ -f "$path/ansible_collections/mediaops/video/tests/sandbox/__main__.py" ]]; then
            sandbox_root=$path/ansible_collections/mediaops/video
            return 0
        fi
    done
    _sandbox_fail "tests/sandbox not found above $from nor below ANSIBLE_COLLECTIONS_PATH"
}

sandbox_start() {  # sandbox_start WORK SECONDS [ARG...]: start it, wait (at most SECONDS s) for its port
    local work=$1 seconds=$2 port_file i
    shift 2
    [[ -n "$sandbox_root" ]] || _sandbox_fail "sandbox_start: no sandbox_root (call sandbox_find_root first)"
    port_file=$work/sandbox.port
    sandbox_log=$work/sandbox.log
    _sandbox_say "starting the sandbox from $sandbox_root/tests/sandbox"
    PYTHONPATH="$sandbox_root/tests" "${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}" -m sandbox \
        --port 0 --port-file "$port_file" "$@" > "$sandbox_log" 2>&1 < /dev/null &
    sandbox_pid=$!
    for ((i = 0; i < seconds * 4; i++)); do
        [[ -s "$port_file" ]] && break
        kill -0 "$sandbox_pid" 2> /dev/null || _sandbox_fail "the sandbox exited"
        sleep 0.25
    done
    [[ -s "$port_file" ]] || _sandbox_fail "the sandbox wrote no port file within $seconds s"
    sandbox_url=http://127.0.0.1:$(cat "$port_file")
}

sandbox_stop_process() {  # sandbox_stop_process PID NAME [SECONDS]: TERM, up to SECONDS s (20), then KILL
    local pid=$1 name=$2 seconds=${3:-20} i
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2> /dev/null || return 0
    for ((i = 0; i < seconds * 4; i++)); do
        kill -0 "$pid" 2> /dev/null || return 0
        sleep 0.25
    done
    _sandbox_say "$name (pid $pid) did not stop on TERM, killing it"
    kill -KILL "$pid" 2> /dev/null || true
}

sandbox_stop() {  # sandbox_stop SECONDS: stop the sandbox sandbox_start started, if it runs
    sandbox_stop_process "$sandbox_pid" sandbox "${1:-20}"
    sandbox_pid=""
}

sandbox_exit() {  # sandbox_exit RC WORK SECONDS: stop the sandbox, remove WORK unless RC says it failed, exit RC
    local rc=$1 work=$2
    sandbox_stop "$3"
    if [[ $rc -eq 0 ]]; then
        rm -rf "$work"
    else
        _sandbox_say "kept $work for inspection"
    fi
    exit "$rc"
}
