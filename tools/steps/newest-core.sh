#!/usr/bin/env bash
# Step `newest-core` of tools/test.sh: ansible-test sanity and units on the newest
# ansible-core that the machine's Python 3.12+ takes (ansible-core 2.20+ need
# Python >= 3.12; the test venv stays on 2.19 for Python 3.11), in its own venv
# (.venv-newest), from a clean copy of the copy. Skipped, saying why, when no Python 3.12+ runs.
# MEDIAOPS_NEWEST_PYTHON picks the interpreter; otherwise the first of python3.12,
# python3.13, python3.14 that runs, on PATH or under $PYENV_ROOT (default ~/.pyenv)/versions (pyenv shims
# may name a version that is not selected: each candidate is tried, and its real
# executable used).
# shellcheck disable=SC1091  # tools/steps/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# real_python CANDIDATE: print the real executable of CANDIDATE if it runs and is >= 3.12
real_python() {
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12)); ' 2>/dev/null || return 1
    "$1" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null
}

find_python() {
    local c found
    if [[ -n "${MEDIAOPS_NEWEST_PYTHON:-}" ]]; then
        real_python "$MEDIAOPS_NEWEST_PYTHON" && return 0
        echo "MEDIAOPS_NEWEST_PYTHON=$MEDIAOPS_NEWEST_PYTHON is not a Python >= 3.12 that runs" >&2
        return 1
    fi
    for c in python3.12 python3.13 python3.14; do
        if command -v "$c" > /dev/null && found=$(real_python "$(command -v "$c")"); then
            echo "$found"
            return 0
        fi
    done
    local root=${PYENV_ROOT:-$HOME/.pyenv}
    for c in "$root"/versions/3.12*/bin/python3.12 "$root"/versions/3.13*/bin/python3.13 \
            "$root"/versions/3.14*/bin/python3.14; do
        if [[ -x "$c" ]] && found=$(real_python "$c"); then
            echo "$found"
            return 0
        fi
    done
    return 1
}

PY=$(find_python) || skip "no Python >= 3.12 on PATH or under ${PYENV_ROOT:-~/.pyenv}/versions"
MEDIAOPS_PYTHON="$PY" step_venv newest "$REPO/tools/requirements-newest.txt" "$COLL/tests/unit/requirements.txt"
PYV=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
CORE=$(python -c 'import ansible; print(ansible.__version__)')
echo "python $PYV ($PY), ansible-core $CORE"
bash "$REPO/tools/ansible-test-offline-pip.sh" python

# a clean copy: the steps before leave tool output in $COLL (ansible-lint's
# .ansible/ holds a copy of the collection, which sanity would scan too)
NEWEST="$WORK/newest/ansible_collections/$MEDIAOPS_NAMESPACE/$MEDIAOPS_NAME"
rm -rf "$WORK/newest"
mkdir -p "$NEWEST"
tar -C "$COLL" --exclude=./.ansible --exclude=./tests/output --exclude=./collections \
    --exclude=./tests/integration/inventory --exclude=.pytest_cache --exclude=__pycache__ -cf - . | tar -C "$NEWEST" -xf -
cd "$NEWEST" || exit 1
read -r -a AT_ARGS <<< "${MEDIAOPS_ANSIBLE_TEST_ARGS:-}"
say "ansible-test sanity --python $PYV (ansible-core $CORE)"
# (the changelog step runs antsibull-changelog lint; the sanity test "changelog" repeats it)
ansible-test sanity --python "$PYV" --skip-test changelog "${AT_ARGS[@]}"
# the collection's tests that involve ansible-core; the units step runs the others: tests/unit/sandbox
# (the stdlib test server), tests/unit/extensions (the event source, proven there to import and pass
# without ansible-core) and tests/unit/tools (the repository's tooling)
UNIT_DIRS=()
for d in tests/unit/*/; do
    case "$d" in
        tests/unit/sandbox/ | tests/unit/extensions/ | tests/unit/tools/) ;;
        *) UNIT_DIRS+=("$d") ;;
    esac
done
say "ansible-test units --python $PYV --requirements ${UNIT_DIRS[*]} (ansible-core $CORE)"
ansible-test units --python "$PYV" --requirements "${AT_ARGS[@]}" "${UNIT_DIRS[@]}"
