# shellcheck shell=bash
# Sourced by tools/test.sh, tools/demo.sh and tools/steps/*.sh: make or reuse a virtualenv.
#   ensure_venv VENV PYTHON REQUIREMENTS [MORE_REQUIREMENTS...]
# creates VENV with PYTHON when missing or broken, checks it is Python >= 3.11
# (ansible-core 2.19), installs the requirements files unless a stamp of them (and
# of the Python) says they are already there, and puts VENV/bin first on PATH.
# The stamp is named after the first file, so one venv can hold several sets.
# Steps that run side by side may ask for the same venv: a lock (VENV.lock) makes
# the second wait for the first.
#
# Installs go through uv (parallel downloads: a fresh test venv takes seconds, not
# a minute) when it is on PATH or can be put in ${MEDIAOPS_UV_VENV:-<repo>/.venv-uv}
# with pip; otherwise, or with MEDIAOPS_INSTALLER=pip, through the venv's own pip.
# uv's venvs are seeded with pip, which ansible-test uses inside them.

# uv_bin: print the uv to use, bootstrapping it once; fails when there is none
uv_bin() {
    if [[ "${MEDIAOPS_INSTALLER:-uv}" == pip ]]; then return 1; fi
    if command -v uv > /dev/null; then command -v uv; return 0; fi
    local boot=${MEDIAOPS_UV_VENV:-${REPO:?}/.venv-uv}
    (
        flock 9
        if [[ ! -x "$boot/bin/uv" ]]; then
            rm -rf "$boot"
            python3 -m venv "$boot" && "$boot/bin/python" -m pip install -q --disable-pip-version-check uv >&2
        fi
    ) 9> "$boot.lock" || return 1
    [[ -x "$boot/bin/uv" ]] && echo "$boot/bin/uv"
}

_make_venv() {  # _make_venv VENV PYTHON: a new venv (with pip)
    local venv=$1 python=$2 uv
    rm -rf "$venv"
    if uv=$(uv_bin); then
        "$uv" venv -q --seed --python "$python" "$venv"
    else
        "$python" -m venv "$venv"
    fi
}

_install() {  # _install VENV -r FILE...: the requirements into VENV
    local venv=$1 uv
    shift
    if uv=$(uv_bin); then
        "$uv" pip install -q --python "$venv/bin/python" "$@"
    else
        "$venv/bin/python" -m pip install --disable-pip-version-check --progress-bar off -q "$@"
    fi
}

_ensure_venv_locked() {
    local venv=$1 python=$2 requirements=$3
    local files=("${@:3}") pip_args=() f
    for f in "${files[@]}"; do pip_args+=(-r "$f"); done
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c '' 2>/dev/null; then
        _make_venv "$venv" "$python"
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
        _install "$venv" "${pip_args[@]}" || return 1
        echo "$hash" > "$stamp"
    fi
}

ensure_venv() {
    local venv=$1 rc=0
    mkdir -p "$(dirname "$venv")"
    ( flock 8 && _ensure_venv_locked "$@" ) 8> "$venv.lock" || rc=$?
    [[ $rc -eq 0 ]] || return "$rc"
    export PATH="$venv/bin:$PATH"
    export VIRTUAL_ENV="$venv"
}
