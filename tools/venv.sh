# shellcheck shell=bash
# Sourced by tools/test.sh, tools/demo.sh and tools/steps/*.sh: make or reuse a virtualenv.
#   ensure_venv VENV PYTHON REQUIREMENTS [MORE_REQUIREMENTS...]
# creates VENV with PYTHON when missing or broken, checks it is Python >= 3.11
# (ansible-core 2.19), installs the requirements files unless a stamp of them (and
# of the Python) says they are already there, and puts VENV/bin first on PATH.
# The stamp is named after the first file, so one venv can hold several sets.

ensure_venv() {
    local venv=$1 python=$2 requirements=$3
    local files=("${@:3}") pip_args=() f
    for f in "${files[@]}"; do pip_args+=(-r "$f"); done
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c '' 2>/dev/null; then
        rm -rf "$venv"
        "$python" -m venv "$venv"
    fi
    if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "$venv uses $("$venv/bin/python" -V 2>&1); ansible-core 2.19 needs Python >= 3.11." >&2
        echo "Remove it, or set MEDIAOPS_PYTHON to a Python >= 3.11 and MEDIAOPS_VENV to a new path." >&2
        return 1
    fi
    local stamp hash
    stamp="$venv/.mediaops-$(basename "$requirements" .txt).sha256"
    hash=$({ cat "${files[@]}"; "$venv/bin/python" -VV; } | sha256sum | cut -d' ' -f1)
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
        echo "requirements unchanged (stamp $hash), not reinstalling"
    else
        rm -f "$stamp"
        echo "installing ${files[*]##*/} into $venv"
        "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q "${pip_args[@]}"
        echo "$hash" > "$stamp"
    fi
    export PATH="$venv/bin:$PATH"
    export VIRTUAL_ENV="$venv"
}
