#!/usr/bin/env bash
# The test command of mediaops.video:  bash tools/test.sh [EXTRA INTEGRATION ARGS...]
#
# On a fresh machine (python3 >= 3.11, nothing else) it:
#   1. creates/reuses a venv (${MEDIAOPS_VENV:-.venv}) with tools/requirements-test.txt
#      (skipped when the stamp in the venv matches the requirements' hash);
#   2. seeds ansible-test's offline pip bootstrap (tools/ansible-test-offline-pip.sh);
#   3. copies the working tree (git tracked + untracked-not-ignored files) to
#      <tmp>/ansible_collections/<namespace>/<name>, because ansible-test refuses
#      a checkout that is not below ansible_collections/ (and resolves symlinks);
#   4. runs there, venv first on PATH, each of these steps:
#        sanity       ansible-test sanity --python X.Y
#        units        ansible-test units --python X.Y --requirements
#        integration  ansible-test integration --python X.Y [targets] [args]
#        lint         ansible-lint            (profile from .ansible-lint)
#        changelog    antsibull-changelog lint
#        build        ansible-galaxy collection build into <tmp>/dist; no junk in the tarball
#        importer     galaxy-importer on the tarball: no error, no lint/flake8 warning
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
# Environment:
#   MEDIAOPS_VENV              venv path, relative to the repo root or absolute (default .venv)
#   MEDIAOPS_PYTHON            interpreter used to create the venv (default python3)
#   MEDIAOPS_STEPS             steps to run, space/comma separated (default: all, in the order above)
#   MEDIAOPS_SKIP              steps to skip, space/comma separated (default: none)
#   MEDIAOPS_TARGETS           integration targets, space separated (default: all)
#   MEDIAOPS_ANSIBLE_TEST_ARGS extra args for every ansible-test command (e.g. "-v")
#   MEDIAOPS_KEEP_WORK=1       keep the temporary copy (its path is printed) for debugging
#   MEDIAOPS_NEWEST_PYTHON     interpreter for the newest-core step (default: the first
#                              python3.12/python3.13 that runs, on PATH or under ~/.pyenv)
# Positional arguments are appended to the ansible-test integration command line.
set -euo pipefail

ALL_STEPS=(sanity units integration lint changelog build importer docsite ee runner newest-core molecule)

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

VENV=${MEDIAOPS_VENV:-.venv}
[[ "$VENV" == /* ]] || VENV="$REPO/$VENV"
PYTHON=${MEDIAOPS_PYTHON:-python3}
REQUIREMENTS="$REPO/tools/requirements-test.txt"
# shellcheck disable=SC1091  # tools/venv.sh: ensure_venv
source "$REPO/tools/venv.sh"
read -r -a TARGETS <<< "${MEDIAOPS_TARGETS:-}"
read -r -a AT_ARGS <<< "${MEDIAOPS_ANSIBLE_TEST_ARGS:-}"
INTEGRATION_EXTRA=("$@")

# ---------------------------------------------------------------- step bookkeeping

now_us() { local t=${EPOCHREALTIME//[!0-9]/}; echo "$((10#$t))"; }
fmt_us() { printf '%d.%01d s' "$(($1 / 1000000))" "$(($1 % 1000000 / 100000))"; }

T0=$(now_us)
CURRENT=""
CURRENT_T0=0
PASSED=0
SKIPPED=0
REPORT=()
WORK=""

begin() {  # begin NAME DESCRIPTION...
    CURRENT=$1
    shift
    CURRENT_T0=$(now_us)
    printf '\n==> %s: %s\n' "$CURRENT" "$*"
}

end() {  # end [count]: mark the current step as passed
    local dt=$(($(now_us) - CURRENT_T0))
    printf '<== %s: ok in %s\n' "$CURRENT" "$(fmt_us "$dt")"
    REPORT+=("$(printf '  %-12s ok       %s' "$CURRENT" "$(fmt_us "$dt")")")
    [[ "${1:-}" == count ]] && PASSED=$((PASSED + 1))
    CURRENT=""
}

on_exit() {
    local rc=$?
    if [[ -n "$WORK" && -d "$WORK" ]]; then
        if [[ "${MEDIAOPS_KEEP_WORK:-}" == 1 ]]; then
            echo "kept the test copy: $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    local failed=0
    if [[ $rc -ne 0 ]]; then
        failed=1
        local what=${CURRENT:-setup}
        local dt=$(($(now_us) - CURRENT_T0))
        [[ -n "$CURRENT" ]] || dt=0
        printf '\n<== %s: FAILED (exit %d) after %s\n' "$what" "$rc" "$(fmt_us "$dt")"
        REPORT+=("$(printf '  %-12s FAILED   %s' "$what" "$(fmt_us "$dt")")")
    fi
    printf '\n==> summary (total %s)\n' "$(fmt_us $(($(now_us) - T0)))"
    if [[ ${#REPORT[@]} -gt 0 ]]; then printf '%s\n' "${REPORT[@]}"; fi
    printf 'test.sh: %d passed, %d failed, %d skipped\n' "$PASSED" "$failed" "$SKIPPED"
    exit "$rc"
}
trap on_exit EXIT

# ---------------------------------------------------------------- step selection

normalize() { tr ',' ' ' <<< "$1"; }
read -r -a SELECTED <<< "$(normalize "${MEDIAOPS_STEPS:-${ALL_STEPS[*]}}")"
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
end

begin bootstrap "offline pip bootstrap for ansible-test"
bash "$REPO/tools/ansible-test-offline-pip.sh" python
end

begin copy "working tree -> ansible_collections/<namespace>/<name>"
read -r NAMESPACE NAME < <(python - <<'PYEOF'
import yaml
with open("galaxy.yml", encoding="utf-8") as f:
    g = yaml.safe_load(f)
print(g["namespace"], g["name"])
PYEOF
)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mediaops-test.XXXXXX")
COLL="$WORK/ansible_collections/$NAMESPACE/$NAME"
mkdir -p "$COLL"
VENV_REL=${VENV#"$REPO"/}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # tracked + untracked-not-ignored, minus deleted files and the venv if it lives in the tree
    git ls-files -co --exclude-standard -z \
        | while IFS= read -r -d '' f; do
            [[ "$f" == "$VENV_REL"/* ]] && continue
            if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi
        done \
        | tar --null -T - -cf - | tar -C "$COLL" -xf -
else
    echo "not a git work tree: plain copy"
    tar --exclude=./.git --exclude="./$VENV_REL" --exclude=./.venv --exclude=./.ansible \
        --exclude=./tests/output --exclude=./collections --exclude=__pycache__ \
        --exclude=.pytest_cache -cf - . | tar -C "$COLL" -xf -
fi
echo "$(find "$COLL" -type f | wc -l) files in $COLL"
cd "$COLL"
# what the scripts of tools/steps/ need to know
export MEDIAOPS_REPO="$REPO" MEDIAOPS_WORK="$WORK" MEDIAOPS_COLL="$COLL" MEDIAOPS_TEST_VENV="$VENV"
export MEDIAOPS_NAMESPACE="$NAMESPACE" MEDIAOPS_NAME="$NAME" MEDIAOPS_PYVER="$PYVER"
export MEDIAOPS_DIST="$WORK/dist"
end

# ---------------------------------------------------------------- test steps

run() {  # run STEP COMMAND...: header, command, footer
    local step=$1
    shift
    begin "$step" "$*"
    "$@"
}

for step in "${ALL_STEPS[@]}"; do
    if ! wanted "$step"; then
        SKIPPED=$((SKIPPED + 1))
        REPORT+=("$(printf '  %-12s skipped' "$step")")
        continue
    fi
    case "$step" in
        sanity)
            run sanity ansible-test sanity --python "$PYVER" "${AT_ARGS[@]}"
            ;;
        units)
            run units ansible-test units --python "$PYVER" --requirements "${AT_ARGS[@]}"
            ;;
        integration)
            # (with no targets, ansible-test says "All targets skipped" and exits 0)
            run integration ansible-test integration --python "$PYVER" "${AT_ARGS[@]}" "${TARGETS[@]}" "${INTEGRATION_EXTRA[@]}"
            ;;
        lint)
            # ansible-lint colours even when piped; keep CI logs plain
            LINT_ARGS=()
            [[ -t 1 ]] || LINT_ARGS+=(--nocolor)
            run lint ansible-lint "${LINT_ARGS[@]}"
            ;;
        changelog)
            run changelog antsibull-changelog lint
            if [[ -f changelogs/changelog.yaml ]]; then
                echo "+ antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml"
                antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml
            fi
            ;;
        molecule)
            # another script's job: run it with the test venv active, from the copy
            begin molecule "tools/steps/molecule.sh"
            if [[ ! -f "$REPO/tools/steps/molecule.sh" ]]; then
                echo "tools/steps/molecule.sh is missing" >&2
                exit 1
            fi
            bash "$REPO/tools/steps/molecule.sh"
            ;;
        *)
            # build importer docsite ee runner newest-core: tools/steps/<step>.sh, run
            # from the copy; a script that cannot apply writes its reason to
            # $MEDIAOPS_SKIP_FILE and exits 0 (see skip in tools/steps/lib.sh)
            begin "$step" "tools/steps/$step.sh"
            export MEDIAOPS_SKIP_FILE="$WORK/skipped-$step"
            rm -f "$MEDIAOPS_SKIP_FILE"
            rc=0
            bash "$REPO/tools/steps/$step.sh" || rc=$?
            cd "$COLL"
            if [[ $rc -eq 0 && -f "$MEDIAOPS_SKIP_FILE" ]]; then
                printf '<== %s: skipped: %s\n' "$step" "$(cat "$MEDIAOPS_SKIP_FILE")"
                REPORT+=("$(printf '  %-12s skipped  %s (%s)' "$step" "$(fmt_us $(($(now_us) - CURRENT_T0)))" "$(cat "$MEDIAOPS_SKIP_FILE")")")
                SKIPPED=$((SKIPPED + 1))
                CURRENT=""
                continue
            fi
            [[ $rc -eq 0 ]] || exit "$rc"
            ;;
    esac
    end count
done
