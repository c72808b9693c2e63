#!/usr/bin/env bash
# Run every module (Ankoder, PallyCon, IVA, moderation) at -vvvv (leak_check.yml), capture everything the
# playbook prints, and fail if any secret shows up in it: the account's
# password, private key and access key, the Basic header, a session cookie,
# a wrong password that was tried, the passwords inside FTP URLs.
#
# No `set -x`: the trace would print the very values this script looks for.
# The playbook's own output goes to a file only; what this script shows of it
# is redacted first.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$here"

fail() {
    printf 'secrets_never_leak: %s\n' "$*" >&2
    exit 1
}

value_of() {  # value_of KEY FILE: the value of the first "KEY: value" line
    sed -n "s/^ *$1: *//p" "$2" | head -n 1
}

# The secrets, from where the tests define them (so they cannot drift apart).
account=../setup_sandbox/vars/main.yml
[[ -f "$account" ]] || fail "$account not found (is setup_sandbox next to this target?)"
username=$(value_of username "$account")
password=$(value_of password "$account")
access_key=$(value_of access_key "$account")
private_key=$(value_of private_key "$account")
upload_password=$(value_of secrets_never_leak_upload_password leak_check.yml)
source_password=$(value_of secrets_never_leak_source_password leak_check.yml)
aws_secret=$(value_of secrets_never_leak_aws_secret leak_check.yml)
site_key=$(value_of site_key "$account")
callback_secret=$(value_of secrets_never_leak_callback_secret leak_check.yml)
iva_token=$(value_of security_token "$account")
other_iva_token=$(sed -n '/^setup_sandbox_iva_other:/,$ s/^ *security_token: *//p' "$account" | head -n 1)
moderation_secret=$(value_of secret_key "$account")
pallycon_access_key=$(sed -n '/^setup_sandbox_pallycon:/,$ s/^ *access_key: *//p' "$account" | head -n 1)
for name in username password access_key private_key upload_password source_password aws_secret site_key pallycon_access_key callback_secret iva_token other_iva_token moderation_secret; do
    [[ -n "${!name}" ]] || fail "could not read $name"
done
basic_header=$(printf '%s:%s' "$username" "$password" | base64)
wrong_password=not-the-password
wrong_private_key=not-the-private-key
session_cookie='_ankoderapi_session[^[:alnum:]_]{1,4}[0-9a-f]{8}'

# One half of the playbook takes its credentials from here (env fallback).
export ANKODER_USERNAME="$username"
export ANKODER_PASSWORD="$password"
export ANKODER_ACCESS_KEY="$access_key"
export ANKODER_PRIVATE_KEY="$private_key"
# Should a task miss its api_url, it must not reach the real service.
export ANKODER_API_URL=http://127.0.0.1:9/no-api-url-given
# leak_check.yml includes the role setup_sandbox, a sibling target.
export ANSIBLE_ROLES_PATH=..

log_dir=${OUTPUT_DIR:-}
if [[ -z "$log_dir" ]]; then
    log_dir=$(mktemp -d)
fi
log="$log_dir/secrets_never_leak.log"

redact() {  # stdin -> stdout with every secret replaced
    local line
    while IFS= read -r line; do
        line=${line//"$password"/<password>}
        line=${line//"$private_key"/<private_key>}
        line=${line//"$access_key"/<access_key>}
        line=${line//"$basic_header"/<basic_header>}
        line=${line//"$wrong_password"/<wrong_password>}
        line=${line//"$wrong_private_key"/<wrong_private_key>}
        line=${line//"$upload_password"/<upload_password>}
        line=${line//"$source_password"/<source_password>}
        line=${line//"$aws_secret"/<aws_secret>}
        line=${line//"$site_key"/<site_key>}
        line=${line//"$pallycon_access_key"/<pallycon_access_key>}
        line=${line//"$callback_secret"/<callback_secret>}
        line=${line//"$iva_token"/<iva_token>}
        line=${line//"$other_iva_token"/<other_iva_token>}
        line=${line//"$moderation_secret"/<moderation_secret>}
        line=${line//not-the-moderation-secret/<wrong_moderation_secret>}
        printf '%s\n' "$line"
    done | sed -E "s/($session_cookie)[0-9a-f]*/_ankoderapi_session=<session>/g"
}

echo "secrets_never_leak: running leak_check.yml at -vvvv, output in $log"
status=0
ansible-playbook -vvvv leak_check.yml > "$log" 2>&1 || status=$?
if [[ $status -ne 0 ]]; then
    echo "secrets_never_leak: leak_check.yml failed (exit $status); its last lines, redacted:" >&2
    tail -n 80 "$log" | redact >&2
    exit 1
fi

# Not vacuous: the run printed its module results at high verbosity.
[[ -s "$log" ]] || fail "the playbook printed nothing"
expected=(
    'PLAY RECAP'
    'AnsiballZ_transcoding_profile_info.py'
    'AnsiballZ_ankoder_video.py'
    'AnsiballZ_ankoder_video_info.py'
    'AnsiballZ_ankoder_job.py'
    'AnsiballZ_ankoder_job_info.py'
    '"module_args": {'
    '"auth_method": "basic"'
    '"auth_method": "signature"'
    '"auth_method": "session"'
    'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    'ftp://user:********@ftp.example.com/out/'
    'Ankoder refused the login of user'
    'Invalid signature'
    'Original video is corrupted'
    'AnsiballZ_pallycon_storage.py'
    'AnsiballZ_pallycon_storage_info.py'
    'AnsiballZ_pallycon_packaging_job.py'
    'AnsiballZ_pallycon_packaging_job_info.py'
    '"password": "********"'
    'which the PallyCon API cannot change'
    'AnsiballZ_iva_caption_order.py'
    'AnsiballZ_iva_caption_info.py'
    'AnsiballZ_moderation_submission.py'
    'AnsiballZ_moderation_result_info.py'
    '"verdict": "review"'
)
for text in "${expected[@]}"; do
    grep -q -F -- "$text" "$log" || fail "the output lacks '$text': the run did not do what this test checks"
done
grep -q -E 'localhost +: ok=[0-9]+ .*failed=0' "$log" || fail "the PLAY RECAP does not show failed=0"

# The check itself.
leaks=0
report() {  # report NAME GREP-ARGS...: fail the test if the output matches
    local name=$1
    shift
    if grep -q "$@" "$log"; then
        leaks=$((leaks + 1))
        printf 'LEAK: %s appears in the output of leak_check.yml, e.g. (redacted):\n' "$name" >&2
        grep -n "$@" "$log" | head -n 5 | cut -c 1-300 | redact >&2
    fi
}
report 'the password' -F -- "$password"
report 'the private key' -F -- "$private_key"
report 'the access key' -F -- "$access_key"
report 'the Basic authorization header' -F -- "$basic_header"
report 'a wrong password that was tried' -F -- "$wrong_password"
report 'a wrong private key that was tried' -F -- "$wrong_private_key"
report 'the password of an FTP upload_url' -F -- "$upload_password"
report 'the password of an FTP source url' -F -- "$source_password"
report 'a session cookie' -E -- "$session_cookie"
report 'the AWS secret of a PallyCon storage' -F -- "$aws_secret"
report 'the PallyCon site key' -F -- "$site_key"
report 'the PallyCon access key' -F -- "$pallycon_access_key"
report 'a moderation callback secret' -F -- "$callback_secret"
report 'the IVA security token' -F -- "$iva_token"
report 'another IVA security token that was tried' -F -- "$other_iva_token"
report 'the moderation secret key' -F -- "$moderation_secret"
report 'a wrong moderation secret that was tried' -F -- not-the-moderation-secret

if [[ $leaks -ne 0 ]]; then
    fail "$leaks kind(s) of secret leaked into the output (full log: $log)"
fi
echo "secrets_never_leak: no secret in $(wc -l < "$log") lines of -vvvv output"
