# shellcheck shell=bash
# Sourced by tools/demo.sh and tools/steps/{runner,molecule}.sh: the bundled sandbox
# (tests/sandbox) as a background process, and the environment that points
# every module at it (the accounts of tests/sandbox/README.md).
#   sandbox_start DIR   start it (port file and log in DIR); sets SANDBOX_PID, SANDBOX_URL
#   sandbox_env DIR     export the connection variables of every service and
#                       MEDIAOPS_LEDGER=file://DIR/ledger.json
#   sandbox_stop        stop it (TERM, then KILL after 5 s)
#   sandbox_cleanup_on_exit DIR
#                       on exit: stop it, show its log's tail when the script
#                       failed, remove DIR unless MEDIAOPS_KEEP_WORK=1
# Needs REPO (the checkout holding tests/sandbox) and a python3 on PATH.

SANDBOX_PID=""
SANDBOX_URL=""
SANDBOX_START_TIMEOUT=${SANDBOX_START_TIMEOUT:-30}  # seconds to wait for the port file

sandbox_start() {
    local dir=$1 port
    PYTHONPATH="$REPO/tests" python3 -m sandbox --port 0 --port-file "$dir/port" \
        > "$dir/sandbox.log" 2>&1 < /dev/null &
    SANDBOX_PID=$!
    for _ in $(seq $((SANDBOX_START_TIMEOUT * 10))); do
        [[ -s "$dir/port" ]] && break
        if ! kill -0 "$SANDBOX_PID" 2>/dev/null; then
            echo "the sandbox exited during start-up" >&2
            return 1
        fi
        sleep 0.1
    done
    if [[ ! -s "$dir/port" ]]; then
        echo "the sandbox wrote no port file within ${SANDBOX_START_TIMEOUT} s" >&2
        return 1
    fi
    port=$(tr -dc '0-9' < "$dir/port")
    if [[ -z "$port" ]]; then
        echo "empty port file $dir/port" >&2
        return 1
    fi
    SANDBOX_URL="http://127.0.0.1:$port"
    echo "sandbox up at $SANDBOX_URL (pid $SANDBOX_PID, log $dir/sandbox.log)"
}

sandbox_stop() {
    if [[ -n "$SANDBOX_PID" ]] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
        kill "$SANDBOX_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SANDBOX_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SANDBOX_PID" 2>/dev/null || true
        echo "sandbox (pid $SANDBOX_PID) stopped"
    fi
    SANDBOX_PID=""
}

sandbox_cleanup_on_exit() {
    SANDBOX_WORK_DIR=$1
    trap _sandbox_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

_sandbox_cleanup() {
    local rc=$?
    sandbox_stop
    if [[ $rc -ne 0 && -s "$SANDBOX_WORK_DIR/sandbox.log" ]]; then
        echo "--- last lines of the sandbox log:"
        tail -n 20 "$SANDBOX_WORK_DIR/sandbox.log"
    fi
    if [[ "${MEDIAOPS_KEEP_WORK:-}" == 1 ]]; then
        echo "kept $SANDBOX_WORK_DIR"
    else
        rm -rf "$SANDBOX_WORK_DIR"
    fi
    exit "$rc"
}

sandbox_env() {
    local dir=$1 base=$SANDBOX_URL
    export ANKODER_API_URL="$base/ankoder"
    export ANKODER_USERNAME=demo
    export ANKODER_PASSWORD=demo-password
    export ANKODER_AUTH_METHOD=basic
    export PALLYCON_API_URL="$base/pallycon"
    export PALLYCON_SITE_ID=DEMO
    export PALLYCON_SITE_KEY='demo-site-key-0123456789abcdef!!'
    export PALLYCON_ACCESS_KEY=demo-access-key-pallycon-0000001
    export IVA_ORDER_URL="$base/iva/captionorder.ashx"
    export IVA_ODATA_URL="$base/iva/odata"
    export IVA_CUSTOMER_ID=45678
    export IVA_SECURITY_TOKEN=demo-iva-token-0001
    export IVA_DEVELOPER_ID=dev-45678
    export MODERATION_SUBMIT_URL="$base/moderation/api/v1/video/check/submit"
    export MODERATION_RESULT_URL="$base/moderation/api/v1/video/check/result"
    export MODERATION_APP_ID=demo-app-0001
    export MODERATION_SECRET_KEY=demo-moderation-secret-0001
    export MEDIAOPS_LEDGER="file://$dir/ledger.json"
    export ANSIBLE_LOCALHOST_WARNING=false
    export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
}

# sandbox_env_names: the variables sandbox_env exports, one a line
sandbox_env_names() {
    printf '%s\n' ANKODER_API_URL ANKODER_USERNAME ANKODER_PASSWORD ANKODER_AUTH_METHOD \
        PALLYCON_API_URL PALLYCON_SITE_ID PALLYCON_SITE_KEY PALLYCON_ACCESS_KEY \
        IVA_ORDER_URL IVA_ODATA_URL IVA_CUSTOMER_ID IVA_SECURITY_TOKEN IVA_DEVELOPER_ID \
        MODERATION_SUBMIT_URL MODERATION_RESULT_URL MODERATION_APP_ID MODERATION_SECRET_KEY \
        MEDIAOPS_LEDGER ANSIBLE_LOCALHOST_WARNING ANSIBLE_INVENTORY_UNPARSED_WARNING
}
