#!/usr/bin/env bash
# Pre-seed ansible-test's cache so it can bootstrap pip in its managed venvs
# without ci-files.testing.ansible.com (unreachable here).
#
# ansible-test downloads get-pip-<version>.py from that host the first time it
# builds a venv (sanity, units --requirements). It first looks in
# ~/.ansible/test/cache/get_pip_<version with _>.py, so we put the pinned pip
# wheel (from PyPI) plus a tiny stand-in script there.
#
# Usage: tools/ansible-test-offline-pip.sh [PYTHON]
#   PYTHON: the interpreter that has ansible-core installed (default: python)
set -euo pipefail

PY=${1:-python}

# The pip version ansible-test pins (24.2 for ansible-core 2.19, 25.2 for 2.21).
PIPV=$("$PY" - <<'PYEOF'
import pathlib
import re

import ansible_test

src = (pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py").read_text()
print(re.search(r"pip='([0-9.]+)'", src).group(1))
PYEOF
)

CACHE="${HOME}/.ansible/test/cache"
WHEEL="${CACHE}/pip-${PIPV}-py3-none-any.whl"
STANDIN="${CACHE}/get_pip_${PIPV//./_}.py"

mkdir -p "$CACHE"

if [[ ! -s "$WHEEL" ]]; then
    "$PY" -m pip download --disable-pip-version-check --no-deps -q -d "$CACHE" "pip==${PIPV}"
fi

cat > "$STANDIN.tmp" <<PYEOF
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "pip-${PIPV}-py3-none-any.whl"))
from pip._internal.cli.main import main  # noqa: E402

sys.exit(main(["install", "--upgrade", "--force-reinstall"] + [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]))
PYEOF
mv -f "$STANDIN.tmp" "$STANDIN"

echo "ansible-test pip ${PIPV} bootstrap seeded in ${CACHE}"
