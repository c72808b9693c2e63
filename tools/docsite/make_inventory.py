"""Write ansible_devel.inv: the labels of the Ansible docs that collection docs
link to (a few reference pages, and the page of every ansible.builtin module,
filter, test and lookup, as M(ansible.builtin.uri) refers to
ansible_collections.ansible.builtin.uri_module), so that `sphinx-build -W`
resolves them offline. The links still point to docs.ansible.com.

Usage (with ansible-core's ansible-doc on PATH, for the builtin plugins):
    python3 tools/docsite/make_inventory.py [OUTPUT]  (default: next to this file)
Add a label to ENTRIES when the docsite build reports an undefined label.
"""
import json
import os
import subprocess
import sys
import zlib

ENTRIES = [  # label, uri, title
    ("ansible_configuration_settings", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
    ("common_return_values", "reference_appendices/common_return_values.html#common-return-values",
     "Return Values"),
    ("playbooks_vars_facts", "playbook_guide/playbooks_vars_facts.html#playbooks-vars-facts",
     "Discovering variables: facts and magic variables"),
    ("module_defaults", "playbook_guide/playbooks_module_defaults.html#module-defaults",
     "Module defaults"),
    ("check_mode_dry", "playbook_guide/playbooks_checkmode.html#check-mode-dry", "Using check mode"),
    ("diff_mode", "playbook_guide/playbooks_checkmode.html#diff-mode", "Using diff mode"),
]

HEAD = "# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n# The remainder of this file is compressed using zlib.\n"


PLUGIN_TYPES = ("module", "filter", "test", "lookup")


def builtin_plugins():
    """(label, uri, title) of every ansible.builtin plugin of PLUGIN_TYPES."""
    entries = []
    for plugin_type in PLUGIN_TYPES:
        listing = json.loads(subprocess.run(["ansible-doc", "-t", plugin_type, "-l", "-j", "ansible.builtin"],
                                            check=True, capture_output=True, text=True).stdout)
        for fqcn in sorted(listing):
            name = fqcn.rsplit(".", 1)[-1]
            label = "ansible_collections.ansible.builtin.%s_%s" % (name, plugin_type)
            uri = "collections/ansible/builtin/%s_%s.html#%s" % (name, plugin_type, label.replace(".", "-").replace("_", "-"))
            entries.append((label, uri, "%s %s" % (fqcn, plugin_type)))
    return entries


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "ansible_devel.inv")
    entries = ENTRIES + builtin_plugins()
    body = "".join("%s std:label -1 %s %s\n" % entry for entry in entries)
    with open(out, "wb") as handle:
        handle.write(HEAD.encode() + zlib.compress(body.encode()))
    print("wrote %s (%d labels)" % (out, len(entries)))


if __name__ == "__main__":
    main()
