#!/usr/bin/env bash
# The test command of mediaops.video:  bash tools/test.sh [--fast] [EXTRA INTEGRATION ARGS...]
#
# On a fresh machine (python3 >= 3.11, nothing else) it:
#   1. creates/reuses a venv (${MEDIAOPS_VENV:-.venv}) with tools/requirements-test.txt
#      (skipped when the stamp in the venv matches the requirements' hash; installs go
#      through uv, bootstrapped once into .venv-uv, see tools/venv.sh);
#   2. seeds ansible-test's offline pip bootstrap (tools/ansible-test-offline-pip.sh);
#   3. copies the working tree (git tracked + untracked-not-ignored files) to
#      <tmp>/ansible_collections/<namespace>/<name>, because ansible-test refuses
#      a checkout that is not below ansible_collections/ (and resolves symlinks);
#   4. runs these steps:
#        sanity       ansible-test sanity --python X.Y
#        units        ansible-test units --python X.Y --requirements
#        integration  ansible-test integration --python X.Y, one target at a time, on
#                     MEDIAOPS_INTEGRATION_JOBS workers (default 2) that each have their
#                     own copy and take the next target, slowest first
#        lint         ansible-lint            (profile from .ansible-lint)
#        changelog    antsibull-changelog lint
#        build        ansible-galaxy collection build into <tmp>/dist; no junk in the tarball
#        importer     galaxy-importer on the tarball: no error, no flake8 warning
#        docsite      antsibull-docs lint-collection-docs; the docsite (sphinx-build -W), offline
#        ee           ansible-builder create from examples/ee; the context it produces
#        runner       playbooks/demo.yml through ansible-runner from a private data dir,
#                     collection installed from the tarball, against the sandbox; twice
#        newest-core  sanity and units on the newest ansible-core of a Python 3.12+ (skipped
#                     with the reason when there is none)
#        molecule     tools/steps/molecule.sh (the roles' molecule scenarios)
#      The steps after changelog are the scripts tools/steps/<step>.sh; each keeps its
#      tools in its own venv next to the test venv (.venv-importer, .venv-docs,
#      .venv-runner, .venv-newest), stamped like the test venv.
#
# The steps run in lanes (LANES below): the steps of a lane run one after the other in
# the lane's own copy of the collection, and the lanes run side by side. A step's
# output is printed whole when it ends; a failed step fails the run, but the other
# lanes finish first, so one run shows every failure. The summary gives each step's
# time, each integration target's, and the total.
#
# --fast: the inner loop: units (tests/unit/plugins and extensions) and the quick
# sanity tests (compile, pep8, validate-modules, yamllint, ansible-doc). CI runs
# everything.
#
# Environment:
#   MEDIAOPS_VENV              venv path, relative to the repo root or absolute (default .venv)
#   MEDIAOPS_PYTHON            interpreter used to create the venv (default python3)
#   MEDIAOPS_STEPS             steps to run, space/comma separated (default: all)
#   MEDIAOPS_SKIP              steps to skip, space/comma separated (default: none)
#   MEDIAOPS_TARGETS           integration targets, space separated (default: all)
#   MEDIAOPS_INTEGRATION_JOBS  integration workers (default 2)
#   MEDIAOPS_ANSIBLE_TEST_ARGS extra args for every ansible-test command (e.g. "-v")
#   MEDIAOPS_INSTALLER=pip     install with pip instead of uv
#   MEDIAOPS_KEEP_WORK=1       keep the temporary copies (the path is printed) for debugging
#   MEDIAOPS_NEWEST_PYTHON     interpreter for the newest-core step (default: the first
#                              python3.12/python3.13 that runs, on PATH or under ~/.pyenv)
# Other positional arguments are appended to each ansible-test integration command line.
set -euo pipefail

ALL_STEPS=(sanity units integration lint changelog build importer docsite ee runner newest-core molecule)
# Side by side on 2 cores: the integration workers, and two lanes of the other steps.
# build, importer, ee and runner share the tarball in <tmp>/dist: one lane.
LANES=(
    "integration"
    "sanity units lint changelog docsite"
    "build importer ee runner newest-core molecule"
)
# Integration targets, slowest first (the workers take them in this order; the
# targets not named here come after, by name).
SLOW_FIRST=(iva_caption_order ankoder_job ankoder_video shipped_content_never_leaks secrets_never_leak
    ledger_s3 pallycon_packaging_job moderation_submission pallycon_storage role_ankoder_renditions
    ankoder_video_info eda_callbacks ankoder_job_info catalog_slices create_once_kill iva_caption_file)
FAST_SANITY=(--test compile --test pep8 --test validate-modules --test yamllint --test ansible-doc)

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

FAST=0
if [[ "${1:-}" == --fast ]]; then
    FAST=1
    shift
fi
VENV=${MEDIAOPS_VENV:-.venv}
[[ "$VENV" == /* ]] || VENV="$REPO/$VENV"
PYTHON=${MEDIAOPS_PYTHON:-python3}
REQUIREMENTS="$REPO/tools/requirements-test.txt"
JOBS=${MEDIAOPS_INTEGRATION_JOBS:-2}
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || { echo "MEDIAOPS_INTEGRATION_JOBS must be a positive integer, not '$JOBS'" >&2; exit 2; }
# shellcheck disable=SC1091  # tools/venv.sh: ensure_venv
source "$REPO/tools/venv.sh"
read -r -a TARGETS <<< "${MEDIAOPS_TARGETS:-}"
read -r -a AT_ARGS <<< "${MEDIAOPS_ANSIBLE_TEST_ARGS:-}"
INTEGRATION_EXTRA=("$@")

# ---------------------------------------------------------------- bookkeeping

now_us() { local t=${EPOCHREALTIME//[!0-9]/}; echo "$((10#$t))"; }
fmt_us() { printf '%d.%01d s' "$(($1 / 1000000))" "$(($1 % 1000000 / 100000))"; }

T0=$(now_us)
TIMEFORMAT='%U %S'  # `time`: the CPU seconds of a step
CURRENT=""
CURRENT_T0=0
SETUP_REPORT=()
WORK=""

begin() {  # begin NAME DESCRIPTION...: a setup step
    CURRENT=$1
    shift
    CURRENT_T0=$(now_us)
    printf '\n==> %s: %s\n' "$CURRENT" "$*"
}

end() {
    local dt=$(($(now_us) - CURRENT_T0))
    printf '<== %s: ok in %s\n' "$CURRENT" "$(fmt_us "$dt")"
    SETUP_REPORT+=("$(printf '  %-24s ok       %s' "$CURRENT" "$(fmt_us "$dt")")")
    CURRENT=""
}

say_locked() {  # say_locked FILE...: print the files whole, one writer at a time
    { flock 7; cat "$@"; } 7> "$WORK/print.lock"
}

# shellcheck disable=SC2329  # called by on_exit
summary() {  # the status files of the steps and targets, in order
    local s f line
    for s in "${ALL_STEPS[@]}"; do
        f="$WORK/status/$s"
        if [[ -f "$f" ]]; then
            read -r line < "$f"
            printf '  %-24s %s\n' "$s" "$line"
        fi
        if [[ "$s" == integration && -d "$WORK/status/targets" ]]; then
            for f in "$WORK/status/targets"/*; do
                [[ -f "$f" && "$f" != *.cpu ]] || continue
                read -r line < "$f"
                printf '    %-22s %s\n' "$(basename "$f")" "$line"
            done
        fi
    done
}

# shellcheck disable=SC2329  # the EXIT trap
on_exit() {
    local rc=$?
    local passed=0 failed=0 skipped=0 f line
    if [[ $rc -ne 0 && -n "$CURRENT" ]]; then
        printf '\n<== %s: FAILED (exit %d) after %s\n' "$CURRENT" "$rc" "$(fmt_us $(($(now_us) - CURRENT_T0)))"
        SETUP_REPORT+=("$(printf '  %-24s FAILED' "$CURRENT")")
        failed=1
    fi
    printf '\n==> summary (total %s)\n' "$(fmt_us $(($(now_us) - T0)))"
    if [[ ${#SETUP_REPORT[@]} -gt 0 ]]; then printf '%s\n' "${SETUP_REPORT[@]}"; fi
    if [[ -n "$WORK" && -d "$WORK/status" ]]; then
        summary
        for f in "$WORK/status"/*; do
            [[ -f "$f" && "$f" != *.cpu ]] || continue
            read -r line < "$f"
            case "$line" in
                ok*) passed=$((passed + 1)) ;;
                skipped*) skipped=$((skipped + 1)) ;;
                not\ run*) ;;
                *) failed=$((failed + 1)) ;;
            esac
        done
        [[ $failed -eq 0 || $rc -ne 0 ]] || rc=1
    fi
    if [[ -n "$WORK" && -d "$WORK" ]]; then
        if [[ "${MEDIAOPS_KEEP_WORK:-}" == 1 ]]; then
            echo "kept the test copies: $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    printf 'test.sh: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
    exit "$rc"
}
trap on_exit EXIT

# ---------------------------------------------------------------- step selection

normalize() { tr ',' ' ' <<< "$1"; }
DEFAULT_STEPS="${ALL_STEPS[*]}"
[[ $FAST -eq 0 ]] || DEFAULT_STEPS="sanity units"
read -r -a SELECTED <<< "$(normalize "${MEDIAOPS_STEPS:-$DEFAULT_STEPS}")"
read -r -a SKIPS <<< "$(normalize "${MEDIAOPS_SKIP:-}")"
for s in "${SELECTED[@]}" "${SKIPS[@]}"; do
    case " ${ALL_STEPS[*]} " in
        *" $s "*) ;;
        *) echo "unknown step '$s' (known: ${ALL_STEPS[*]})" >&2; exit 2 ;;
    esac
done

wanted() {  # wanted STEP: selected and not skipped?
    case " ${SKIPS[*]} " in *" $1 "*) return 1 ;; esac
    case " ${SELECTED[*]} " in *" $1 "*) return 0 ;; esac
    return 1
}

# ---------------------------------------------------------------- setup

begin venv "$VENV with tools/requirements-test.txt"
ensure_venv "$VENV" "$PYTHON" "$REQUIREMENTS" || exit 1
PYVER=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
echo "python $PYVER ($VENV/bin/python), ansible-core $(python -c 'import ansible; print(ansible.__version__)')"
# the bytecode cache of the module runs' zipped sources (tools/zipimport_cache.py)
PURELIB=$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
cp "$REPO/tools/zipimport_cache.py" "$PURELIB/mediaops_zipimport_cache.py"
echo "import mediaops_zipimport_cache" > "$PURELIB/mediaops_zipimport_cache.pth"
end

begin bootstrap "offline pip bootstrap and SSH key pair for ansible-test"
bash "$REPO/tools/ansible-test-offline-pip.sh" python
# Every ansible-test run makes ~/.ansible/test/id_rsa when it is missing; two runs
# side by side on a fresh machine would both try (ssh-keygen then asks whether to
# overwrite, and fails). Make it once, as ansible-test does.
AT_KEY="$HOME/.ansible/test/id_rsa"
if [[ ! -f "$AT_KEY" || ! -f "$AT_KEY.pub" ]]; then
    mkdir -p "$(dirname "$AT_KEY")"
    rm -f "$AT_KEY" "$AT_KEY.pub"
    ssh-keygen -m PEM -q -t rsa -N '' -f "$AT_KEY"
    sed -i -E 's/(BEGIN|END) PRIVATE KEY/\1 RSA PRIVATE KEY/' "$AT_KEY"
    echo "made $AT_KEY"
fi
end

begin copy "working tree -> ansible_collections/<namespace>/<name>, one copy per lane"
read -r NAMESPACE NAME < <(python - <<'PYEOF'
import yaml
with open("galaxy.yml", encoding="utf-8") as f:
    g = yaml.safe_load(f)
print(g["namespace"], g["name"])
PYEOF
)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mediaops-test.XXXXXX")
SOURCE="$WORK/source"
mkdir -p "$SOURCE" "$WORK/status" "$WORK/logs"
VENV_REL=${VENV#"$REPO"/}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # tracked + untracked-not-ignored, minus deleted files and the venv if it lives in the tree
    git ls-files -co --exclude-standard -z \
        | while IFS= read -r -d '' f; do
            [[ "$f" == "$VENV_REL"/* ]] && continue
            if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi
        done \
        | tar --null -T - -cf - | tar -C "$SOURCE" -xf -
else
    echo "not a git work tree: plain copy"
    tar --exclude=./.git --exclude="./$VENV_REL" --exclude='./.venv*' --exclude=./.ansible \
        --exclude=./tests/output --exclude=./collections --exclude=__pycache__ \
        --exclude=.pytest_cache -cf - . | tar -C "$SOURCE" -xf -
fi
echo "$(find "$SOURCE" -type f | wc -l) files"

# new_copy DIR: DIR/ansible_collections/<namespace>/<name>, a copy of the working tree
new_copy() {
    mkdir -p "$1/ansible_collections/$NAMESPACE/$NAME"
    tar -C "$SOURCE" -cf - . | tar -C "$1/ansible_collections/$NAMESPACE/$NAME" -xf -
}
export MEDIAOPS_REPO="$REPO" MEDIAOPS_TEST_VENV="$VENV"
export MEDIAOPS_NAMESPACE="$NAMESPACE" MEDIAOPS_NAME="$NAME" MEDIAOPS_PYVER="$PYVER"
end

# ---------------------------------------------------------------- steps

step_command() {  # step_command STEP: run STEP from the lane's copy (cwd)
    case "$1" in
        sanity)
            # the changelog step runs antsibull-changelog lint (and lint-changelog-yaml
            # --strict): the sanity test "changelog" would run the first again
            local tests=(--skip-test changelog)
            [[ $FAST -eq 0 ]] || tests=("${FAST_SANITY[@]}")
            echo "+ ansible-test sanity --python $PYVER ${tests[*]} ${AT_ARGS[*]}"
            ansible-test sanity --python "$PYVER" "${tests[@]}" "${AT_ARGS[@]}"
            ;;
        units)
            local dirs=()
            # (ansible-test matches a directory only with its trailing slash)
            [[ $FAST -eq 0 ]] || dirs=(tests/unit/plugins/ tests/unit/extensions/)
            echo "+ ansible-test units --python $PYVER --requirements ${AT_ARGS[*]} ${dirs[*]}"
            ansible-test units --python "$PYVER" --requirements "${AT_ARGS[@]}" "${dirs[@]}"
            ;;
        lint)
            # ansible-lint colours even when piped; keep CI logs plain
            echo "+ ansible-lint --nocolor"
            ansible-lint --nocolor
            ;;
        changelog)
            echo "+ antsibull-changelog lint"
            antsibull-changelog lint || return
            if [[ -f changelogs/changelog.yaml ]]; then
                echo "+ antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml"
                antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml
            fi
            ;;
        molecule)
            bash "$REPO/tools/steps/molecule.sh"
            ;;
        *)
            # build importer docsite ee runner newest-core: tools/steps/<step>.sh; a script
            # that cannot apply writes its reason to $MEDIAOPS_SKIP_FILE and exits 0
            bash "$REPO/tools/steps/$1.sh"
            ;;
    esac
}

finish() {  # finish NAME STATUSFILE LOG T0 RC [SKIPREASON]: record and print a step or target
    local name=$1 status=$2 log=$3 t0=$4 rc=$5 reason=${6:-} dt line
    dt=$(fmt_us $(($(now_us) - t0)))
    # CPU seconds (user + system, the step's processes included): the 2 cores' real budget
    [[ ! -s "$status.cpu" ]] || dt="$dt, cpu $(awk '{printf "%.1f s", $1 + $2}' "$status.cpu")"
    if [[ $rc -ne 0 ]]; then
        line=$(printf 'FAILED   %s (exit %d)' "$dt" "$rc")
    elif [[ -n "$reason" ]]; then
        line=$(printf 'skipped  %s (%s)' "$dt" "$reason")
    else
        line=$(printf 'ok       %s' "$dt")
    fi
    echo "$line" > "$status"
    printf '\n<== %s: %s\n' "$name" "$line" >> "$log"
    say_locked "$log"
}

run_step() {  # run_step STEP LANEDIR: the step in the lane's copy, its output in its log
    local step=$1 lane=$2 t0 rc=0 log="$WORK/logs/$1.log" reason=""
    t0=$(now_us)
    export MEDIAOPS_SKIP_FILE="$lane/skipped-$step"
    rm -f "$MEDIAOPS_SKIP_FILE"
    printf '\n==> %s (lane %s)\n' "$step" "$(basename "$lane")" > "$log"
    { time { (cd "$MEDIAOPS_COLL" && step_command "$step") >> "$log" 2>&1; }; } 2> "$WORK/status/$step.cpu" || rc=$?
    [[ $rc -ne 0 || ! -f "$MEDIAOPS_SKIP_FILE" ]] || reason=$(cat "$MEDIAOPS_SKIP_FILE")
    finish "$step" "$WORK/status/$step" "$log" "$t0" "$rc" "$reason"
    return "$rc"
}

integration_targets() {  # the targets to run, slowest first
    if [[ ${#TARGETS[@]} -gt 0 ]]; then
        printf '%s\n' "${TARGETS[@]}"
        return
    fi
    local all=() t
    for t in tests/integration/targets/*/; do
        t=$(basename "$t")
        [[ "$t" == setup_* ]] && continue
        grep -qE '^(disabled|unsupported|hidden)' "tests/integration/targets/$t/aliases" 2>/dev/null && continue
        all+=("$t")
    done
    for t in "${SLOW_FIRST[@]}"; do
        case " ${all[*]} " in *" $t "*) echo "$t" ;; esac
    done
    for t in "${all[@]}"; do
        case " ${SLOW_FIRST[*]} " in *" $t "*) ;; *) echo "$t" ;; esac
    done
}

integration_worker() {  # integration_worker N: take targets from the queue until it is empty
    local n=$1 dir="$WORK/integration-$1" target t0 rc log
    new_copy "$dir"
    mkdir -p "$WORK/status/targets"
    while :; do
        target=$({ flock 6; head -n 1 "$WORK/queue"; sed -i 1d "$WORK/queue"; } 6> "$WORK/queue.lock")
        [[ -n "$target" ]] || return 0
        log="$WORK/logs/integration-$target.log"
        printf '\n==> integration %s (worker %d)\n' "$target" "$n" > "$log"
        t0=$(now_us)
        rc=0
        { time { (cd "$dir/ansible_collections/$NAMESPACE/$NAME" \
            && ansible-test integration --python "$PYVER" "${AT_ARGS[@]}" "$target" "${INTEGRATION_EXTRA[@]}") >> "$log" 2>&1; }; } \
            2> "$WORK/status/targets/$target.cpu" || rc=$?
        finish "integration $target" "$WORK/status/targets/$target" "$log" "$t0" "$rc"
    done
}

run_integration() {
    local t0 rc=0 n pids=() failed f
    t0=$(now_us)
    (cd "$SOURCE" && integration_targets) > "$WORK/queue"
    printf '\n==> integration: %d targets on %d workers: %s\n' "$(wc -l < "$WORK/queue")" "$JOBS" "$(tr '\n' ' ' < "$WORK/queue")"
    for n in $(seq "$JOBS"); do
        integration_worker "$n" &
        pids+=($!)
    done
    for n in "${pids[@]}"; do wait "$n" || rc=1; done
    failed=0
    for f in "$WORK/status/targets"/*; do
        [[ "$f" != *.cpu ]] && grep -q '^FAILED' "$f" && failed=$((failed + 1))
    done
    [[ $failed -eq 0 ]] || rc=1
    echo "integration: $failed target(s) failed" > "$WORK/logs/integration.log"
    finish integration "$WORK/status/integration" "$WORK/logs/integration.log" "$t0" "$rc"
    return "$rc"
}

run_lane() {  # run_lane N STEP...: the selected steps, one after the other, in the lane's copy;
    # the lane stops at its first failure, the other lanes go on
    local lane="$WORK/lane-$1" step stopped=0
    shift
    export MEDIAOPS_WORK="$lane" MEDIAOPS_DIST="$WORK/dist"
    export MEDIAOPS_COLL="$lane/ansible_collections/$NAMESPACE/$NAME"
    new_copy "$lane"
    for step in "$@"; do
        if [[ $stopped -eq 1 ]]; then
            echo "not run  (an earlier step of its lane failed)" > "$WORK/status/$step"
        elif [[ "$step" == integration ]]; then
            run_integration || stopped=1
        else
            run_step "$step" "$lane" || stopped=1
        fi
    done
    return "$stopped"
}

for s in "${ALL_STEPS[@]}"; do
    wanted "$s" || echo "skipped" > "$WORK/status/$s"
done
PIDS=()
for i in "${!LANES[@]}"; do
    read -r -a lane_steps <<< "${LANES[$i]}"
    chosen=()
    for s in "${lane_steps[@]}"; do
        if wanted "$s"; then chosen+=("$s"); fi
    done
    [[ ${#chosen[@]} -gt 0 ]] || continue
    run_lane "$i" "${chosen[@]}" &
    PIDS+=($!)
done
RC=0
for p in "${PIDS[@]}"; do wait "$p" || RC=1; done
exit "$RC"
