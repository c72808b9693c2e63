#!/usr/bin/env bash
# Every shipped playbook (playbooks/*.yml) and role (roles/*) against the sandbox at -vvv, with
# planted values in every secret-carrying variable: the services' credentials (role variables and
# ANKODER_*/PALLYCON_*/IVA_*/MODERATION_* environment), the AWS secrets of the catalog's storages,
# a moderation callback_secret_key, the passwords of ftp://user:pass@ master and upload URLs.
# Fails when any planted value appears in the output, in the registered results of every
# `register:` of roles/ and playbooks/ (written to disk by the last play of run.yml), or in the
# report file playbooks/report.yml writes.
#
# No `set -x`: the trace would print the very values this script looks for.
set -eu -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$here"

say() { printf 'shipped_content_never_leaks [%3d s]: %s\n' "$SECONDS" "$*"; }
fail() {
    printf 'shipped_content_never_leaks: FAILED: %s\n' "$*" >&2
    exit 1
}

# shellcheck source-path=SCRIPTDIR source=../setup_sandbox/files/sandbox.sh
. ../setup_sandbox/files/sandbox.sh || fail "../setup_sandbox/files/sandbox.sh not found (is setup_sandbox next to this target?)"
sandbox_find_root "$here"

work=$(mktemp -d)
trap 'sandbox_exit $? "$work" 10' EXIT
sandbox_start "$work" 30

# The credentials the sandbox accepts: planted in the environment and in the role's variables.
sandbox_export_account setup_sandbox_ankoder ANKODER_USERNAME=username ANKODER_PASSWORD=password \
    ANKODER_ACCESS_KEY=access_key ANKODER_PRIVATE_KEY=private_key
sandbox_export_account setup_sandbox_pallycon PALLYCON_SITE_ID=site_id PALLYCON_SITE_KEY=site_key PALLYCON_ACCESS_KEY=access_key
sandbox_export_account setup_sandbox_iva IVA_CUSTOMER_ID=customer_id IVA_SECURITY_TOKEN=security_token IVA_DEVELOPER_ID=developer_id
sandbox_export_account setup_sandbox_moderation MODERATION_APP_ID=app_id MODERATION_SECRET_KEY=secret_key
export ANKODER_API_URL=$sandbox_url/ankoder ANKODER_AUTH_METHOD=basic
export PALLYCON_API_URL=$sandbox_url/pallycon
export IVA_ORDER_URL=$sandbox_url/iva/captionorder.ashx IVA_ODATA_URL=$sandbox_url/iva/odata
export MODERATION_SUBMIT_URL=$sandbox_url/moderation/api/v1/video/check/submit
export MODERATION_RESULT_URL=$sandbox_url/moderation/api/v1/video/check/result
export MEDIAOPS_LEDGER=file://$work/ledger.json
export LEAK_WORK=$work
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_NOCOLOR=1

# The values planted where no sandbox account dictates them (catalog.yml and run.yml hold them).
planted_free=(ftp-master-pw-Kq31 https-video-pw-Ty59 ftp-upload-pw-Lz52 ftp-renditions-pw-Mx73 ftp-demo-pw-Nw94 aws-secret-one-Pv15 aws-secret-two-Qu26
    callback-secret-Rt37 callback-secret-St48)
for value in "${planted_free[@]}"; do
    grep -q -F -- "$value" catalog.yml run.yml || fail "the planted value $value is in neither catalog.yml nor run.yml"
done
planted=("$ANKODER_PASSWORD" "$ANKODER_ACCESS_KEY" "$ANKODER_PRIVATE_KEY" "$PALLYCON_SITE_KEY" "$PALLYCON_ACCESS_KEY"
    "$IVA_SECURITY_TOKEN" "$MODERATION_SECRET_KEY" "$(printf '%s:%s' "$ANKODER_USERNAME" "$ANKODER_PASSWORD" | base64)"
    "${planted_free[@]}")

# Every name registered by a shipped role or playbook: the last play of run.yml writes them all.
registered=$(grep -rhoE '^ *register: *[A-Za-z0-9_]+' "$sandbox_root/roles"/*/tasks "$sandbox_root/playbooks" \
    | sed -E 's/^ *register: *//' | sort -u | paste -sd, -)
[[ -n "$registered" ]] || fail "found no register: in $sandbox_root/roles or $sandbox_root/playbooks"

log=$work/run.log
say "running run.yml at -vvv (every playbook, every role), output in $log"
status=0
ansible-playbook -vvv -i localhost, -c local run.yml -e "ansible_python_interpreter=${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python3)}" \
    -e "catalog_file=$here/catalog.yml" -e "report_file=$work/report.json" -e "eda_report_dir=$work/reports" \
    -e "leak_registered=$registered" > "$log" 2>&1 || status=$?

redact() {
    local line value
    while IFS= read -r line; do
        for value in "${planted[@]}"; do
            line=${line//"$value"/<planted>}
        done
        printf '%s\n' "$line"
    done
}
if [[ $status -ne 0 ]]; then
    tail -n 60 "$log" | redact >&2
    fail "run.yml failed (exit $status)"
fi

# Not vacuous: every playbook and role ran, and their results were written.
for text in 'PLAY [Reconcile a video catalog]' 'PLAY [Import, convert and report one title]' \
    "PLAY [Report the catalog's jobs and captions]" 'PLAY [Package a completed transcode with PallyCon]' \
    'PLAY [Order the captions of a packaged title]' 'PLAY [Report a video that moderation rejected]' \
    'TASK [mediaops.video.ankoder_renditions : Convert each master to each rendition]' \
    'TASK [mediaops.video.catalog_pipeline : Submit every title that asks for it to moderation in one task]' \
    '"item": 0' 'ftp://user:********@'; do
    grep -q -F -- "$text" "$log" || fail "the output lacks '$text': the run did not do what this test checks"
done
grep -q -E 'localhost +: ok=[0-9]+ .*failed=0' "$log" || fail "a PLAY RECAP does not show failed=0"
for file in registered.json report.json; do
    [[ -s "$work/$file" ]] || fail "$file was not written"
done
grep -q -F '"catalog_pipeline_moderation_result": {' "$work/registered.json" || fail "registered.json lacks the moderation results"
ls "$work"/reports/rejected-*.json > /dev/null || fail "eda_report_rejection.yml wrote no report"

leaks=0
for file in "$log" "$work/registered.json" "$work/report.json" "$work"/reports/*.json; do
    for value in "${planted[@]}"; do
        if grep -q -F -- "$value" "$file"; then
            leaks=$((leaks + 1))
            printf 'LEAK in %s, e.g. (redacted):\n' "$file" >&2
            grep -n -F -- "$value" "$file" | head -n 3 | cut -c 1-300 | redact >&2
        fi
    done
done
[[ $leaks -eq 0 ]] || fail "$leaks planted value(s) leaked (output and results kept in $work)"
say "no planted value in $(wc -l < "$log") lines of -vvv output nor in the registered results"
