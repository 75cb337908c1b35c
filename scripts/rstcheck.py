#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation pages with docutils, as far as it can without Sphinx.

  rstcheck.py KERNEL-TREE FILE.rst...

Each page is parsed with docutils and any message of level WARNING or worse
fails it. Sphinx's C domain (c:function, c:func, ...) and the cross-reference
roles are stood in for: their content is still parsed. A `kernel-doc`
directive runs scripts/kernel-doc -rst on its file as the kernel's Sphinx
extension does, and its output is parsed in place, so broken kernel-doc
markup fails the page too.
"""
import subprocess
import sys

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from docutils.statemachine import ViewList

TREE = sys.argv[1] if len(sys.argv) > 1 else "."


class Stand_in(Directive):
    """A Sphinx directive: its content is parsed, its arguments are not."""
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {}

    def run(self):
        node = nodes.container()
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class KernelDoc(Directive):
    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec = {o: directives.unchanged for o in
                   ("identifiers", "functions", "no-identifiers", "internal", "export",
                    "doc", "man-sect")}

    def run(self):
        cmd = ["perl", f"{TREE}/scripts/kernel-doc", "-rst", "-enable-lineno",
               "-sphinx-version", "3.4.3"]
        opts = self.options
        if "doc" in opts:
            cmd += ["-function", opts["doc"]]
        elif "identifiers" in opts:
            for ident in opts["identifiers"].split():
                cmd += ["-function", ident]
        elif "functions" in opts:
            for ident in opts["functions"].split():
                cmd += ["-function", ident]
        if "internal" in opts:
            cmd += ["-internal"]
        if "export" in opts:
            cmd += ["-export"]
        cmd.append(f"{TREE}/{self.arguments[0]}")
        r = subprocess.run(cmd, capture_output=True, text=True)
        doc = self.state.document
        if r.returncode or r.stderr.strip():
            return [doc.reporter.warning(
                f"kernel-doc {self.arguments[0]}: {r.stderr.strip() or r.returncode}",
                line=self.lineno)]
        lines = ViewList()
        for i, line in enumerate(r.stdout.splitlines()):
            # Line markers, which Sphinx's kerneldoc extension strips too.
            if line.startswith("#define LINENO") or line.startswith(".. LINENO "):
                continue
            lines.append(line, self.arguments[0], i)
        node = nodes.section()
        self.state.nested_parse(lines, 0, node, match_titles=1)
        return node.children


def literal_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.literal(rawtext, text)], []


for d in ("c:function", "c:macro", "c:struct", "c:union", "c:enum", "c:enumerator",
          "c:type", "c:var", "c:member", "c:namespace", "c:namespace-push",
          "c:namespace-pop", "toctree", "only", "note", "seealso", "glossary",
          "code-block", "highlight", "tabularcolumns", "kernel-figure"):
    directives.register_directive(d, Stand_in)
directives.register_directive("kernel-doc", KernelDoc)
for r in ("c:func", "c:type", "c:macro", "c:struct", "c:union", "c:enum", "c:data",
          "c:member", "c:expr", "c:texpr", "ref", "doc", "manpage", "envvar"):
    roles.register_local_role(r, literal_role)


def check(path):
    text = open(f"{TREE}/{path}").read()
    problems = []

    class Catch:
        def write(self, s):
            if s.strip():
                problems.append(s.strip())

    publish_doctree(text, source_path=path, settings_overrides={
        "report_level": 2, "halt_level": 5, "warning_stream": Catch(),
        "file_insertion_enabled": False, "raw_enabled": False})
    for p in problems:
        print(p)
    return not problems


def main(paths):
    ok = all([check(p) for p in paths])
    if ok:
        print(f"{len(paths)} page(s) clean")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[2:]))
