#!/usr/bin/env bash
# Step `ee` of tools/test.sh: the execution environment, as far as a machine
# without a container engine gets (ansible-builder venv shared with the importer).
#  1. installs the built tarball and runs `ansible-builder introspect` on it: the
#     collection's meta/execution-environment.yml must yield exactly the Python
#     deps of meta/ee-requirements.txt;
#  2. runs `ansible-builder create` on the example definition *as installed*
#     (examples/ee/ of the installed collection, the tarball copied beside it) and
#     checks the build context: Containerfile, the tarball in _build/src, the galaxy
#     requirements naming it, _build/requirements.txt holding the collection's
#     Python deps, and the Containerfile steps that install it.
# shellcheck disable=SC1091  # tools/steps/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step_venv importer "$REPO/tools/requirements-importer.txt"
TB=$(tarball)
EE="$WORK/ee"
rm -rf "$EE"
mkdir -p "$EE"
ansible-builder --version

say "install $TB into $EE/collections"
ansible-galaxy collection install "$TB" -p "$EE/collections" > "$EE/install.log" 2>&1 || { cat "$EE/install.log"; fail "install"; }
INSTALLED="$EE/collections/ansible_collections/$MEDIAOPS_NAMESPACE/$MEDIAOPS_NAME"

say "ansible-builder introspect --sanitize $EE/collections"
ansible-builder introspect --sanitize "$EE/collections" | tee "$EE/introspect.yml"

say "ansible-builder create (examples/ee of the installed collection)"
cp "$TB" "$INSTALLED/examples/ee/"
(cd "$INSTALLED/examples/ee" && ansible-builder create --file execution-environment.yml \
    --context "$EE/context" --output-filename Containerfile -v 2)
CTX="$EE/context"
find "$CTX" -type f | sed "s#^$CTX/##" | sort

python - "$INSTALLED" "$CTX" "$EE/introspect.yml" "$(basename "$TB")" "$TB" <<'PYEOF'
import filecmp
import os
import re
import sys

import yaml

installed, ctx, introspected, tb_name, tb_path = sys.argv[1:6]
problems = []


def names(lines):
    """The distribution names of requirement lines, normalised."""
    found = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            found.add(re.split(r"[\s<>=!~;\[]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return found


with open(os.path.join(installed, "meta", "execution-environment.yml"), encoding="utf-8") as handle:
    meta = yaml.safe_load(handle)
with open(os.path.join(installed, meta["dependencies"]["python"]), encoding="utf-8") as handle:
    declared = names(handle)
for needed in ("requests", "lxml", "cryptography", "boto3", "aiohttp"):
    if needed not in declared:
        problems.append("meta/execution-environment.yml's Python deps lack %s" % needed)

with open(introspected, encoding="utf-8") as handle:
    found = yaml.safe_load(handle)
python = found.get("python") or []
if names(python) != declared:
    problems.append("introspect found %s, meta declares %s" % (sorted(names(python)), sorted(declared)))
if not all("from collection mediaops.video" in line for line in python):
    problems.append("introspect did not attribute every dep to mediaops.video: %s" % python)

containerfile = os.path.join(ctx, "Containerfile")
if not os.path.isfile(containerfile):
    problems.append("no Containerfile in the context")
    text = ""
else:
    with open(containerfile, encoding="utf-8") as handle:
        text = handle.read()
if os.path.exists(os.path.join(ctx, "Dockerfile")):
    problems.append("a Dockerfile next to the Containerfile")

packed = os.path.join(ctx, "_build", "src", tb_name)
if not os.path.isfile(packed) or not filecmp.cmp(packed, tb_path, shallow=False):
    problems.append("_build/src/%s is missing or differs from the built tarball" % tb_name)

with open(os.path.join(ctx, "_build", "requirements.yml"), encoding="utf-8") as handle:
    galaxy = yaml.safe_load(handle)
collections = galaxy.get("collections") or []
if not any(c.get("type") == "file" and c.get("name") == "/build/src/mediaops-video.tar.gz" for c in collections):
    problems.append("_build/requirements.yml does not install /build/src/mediaops-video.tar.gz: %s" % collections)

with open(os.path.join(ctx, "_build", "requirements.txt"), encoding="utf-8") as handle:
    user_pip = names(handle)
if not declared <= user_pip:
    problems.append("_build/requirements.txt lacks %s" % sorted(declared - user_pip))

for step in ("COPY _build/src/ /build/src/",
             "RUN mv /build/src/mediaops-video-*.tar.gz /build/src/mediaops-video.tar.gz",
             "COPY _build /build",
             "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml",
             "introspect.py introspect --user-pip=requirements.txt",
             "ansible-core>=2.19,<2.20 ansible-runner>=2.4"):
    if step not in text:
        problems.append("the Containerfile lacks: %s" % step)
# the tarball has to be renamed before the galaxy stage installs it
if text.find("RUN mv /build/src/") > text.find("ansible-galaxy collection install"):
    problems.append("the tarball is renamed after the collection install")

if problems:
    sys.exit("\n".join("FAILED: " + p for p in problems))
print("--- EE context ok: Containerfile, _build/src/%s, requirements.yml (file), requirements.txt %s"
      % (tb_name, sorted(user_pip)))
print("--- introspect: %s" % sorted(names(python)))
PYEOF
