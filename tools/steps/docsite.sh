#!/usr/bin/env bash
# Step `docsite` of tools/test.sh, offline, in its own venv (.venv-docs):
#  1. antsibull-docs lint-collection-docs --plugin-docs: every plugin's
#     DOCUMENTATION/EXAMPLES/RETURN and the extra docs (docs/docsite/extra-docs.yml,
#     docs/docsite/rst/*.rst, docs/docsite/links.yml);
#  2. the docsite: `antsibull-docs sphinx-init --use-current` into a temp dir from
#     the copy, intersphinx mapped only to the committed
#     tools/docsite/ansible_devel.inv (no fetches), then its build.sh
#     (sphinx-build -W --keep-going: any warning fails);
#  3. the HTML holds a page per module and filter and every guide of extra-docs.yml.
# shellcheck disable=SC1091  # tools/steps/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step_venv docs "$REPO/tools/requirements-docs.txt"
export ANSIBLE_COLLECTIONS_PATH="$WORK"
FQCN="$MEDIAOPS_NAMESPACE.$MEDIAOPS_NAME"
echo "antsibull-docs $(antsibull-docs --version 2>/dev/null | head -n 1), sphinx-build $(sphinx-build --version | cut -d' ' -f2)"

say "antsibull-docs lint-collection-docs --plugin-docs ."
(cd "$COLL" && antsibull-docs lint-collection-docs --plugin-docs .)

SITE="$WORK/docsite"
rm -rf "$SITE"
mkdir -m 700 "$SITE"  # antsibull-docs wants it writable by its owner only
say "antsibull-docs sphinx-init --use-current --dest-dir $SITE $FQCN"
antsibull-docs sphinx-init --use-current --dest-dir "$SITE" "$FQCN" > "$SITE/init.log" 2>&1 || { cat "$SITE/init.log"; fail "sphinx-init"; }
cp "$REPO/tools/docsite/ansible_devel.inv" "$SITE/ansible_devel.inv"
cat >> "$SITE/conf.py" <<'PYEOF'

# Offline: only the committed inventory of the Ansible docs (tools/docsite/ansible_devel.inv),
# no fetch of python, jinja2 or ansible inventories; links still point to docs.ansible.com.
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '../ansible_devel.inv'),
}
PYEOF
say "build.sh (sphinx-build -W)"
rc=0
(cd "$SITE" && ./build.sh) > "$SITE/build.log" 2>&1 || rc=$?
grep -vE '^(reading sources|writing output|copying|done|loading|building|updating|looking for|preparing|pickling|checking|generating|dumping)' "$SITE/build.log" \
    | grep -vE '^\s*$|\[ *[0-9]+%\]' | tail -n 60
[[ $rc -eq 0 ]] || fail "the docsite build failed (log: $SITE/build.log)"

python - "$SITE/build/html" "$COLL" "$MEDIAOPS_NAMESPACE" "$MEDIAOPS_NAME" <<'PYEOF'
import os
import sys

import yaml

html, coll, namespace, name = sys.argv[1:5]
base = os.path.join(html, "collections", namespace, name)
problems = []
plugins = {"modules": "module", "filter": "filter", "lookup": "lookup"}
pages = 0
for folder, kind in plugins.items():
    path = os.path.join(coll, "plugins", folder)
    if not os.path.isdir(path):
        continue
    for entry in sorted(os.listdir(path)):
        if not entry.endswith(".py") or entry.startswith("_"):
            continue
        page = os.path.join(base, "%s_%s.html" % (entry[:-3], kind))
        if not os.path.isfile(page):
            # a filter file may hold several filters: one page each, named after the filter
            if kind == "filter":
                continue
            problems.append("no page %s" % os.path.relpath(page, html))
        pages += 1
with open(os.path.join(coll, "docs", "docsite", "extra-docs.yml"), encoding="utf-8") as handle:
    extra = yaml.safe_load(handle)
guides = [doc for section in extra.get("sections", []) for doc in section.get("toctree", [])]
for guide in guides:
    page = os.path.join(base, "docsite", "%s.html" % guide)
    if not os.path.isfile(page):
        problems.append("no page for the guide %s" % guide)
if problems:
    sys.exit("\n".join("FAILED: " + p for p in problems))
print("--- docsite: %d plugin pages, guides %s, in %s" % (pages, ", ".join(guides), base))
PYEOF
