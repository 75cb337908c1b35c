#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The compiler warnings of a build log that are the project's.

  project-warnings.py SRC PRISTINE MANAGED BUILD-LOG

MANAGED lists the files the project adds or patches. A warning in a file
the project adds is its own. In a file it patches (kernel/bpf/verifier.c),
only a warning at a line the project added or changed is: 6.12 warns on
its own code too (clang 14 with KASAN finds bpf_check()'s frame too big),
and those warnings were there before the patch. Prints the project's
warnings; exits 1 if there are any.
"""
import os
import re
import subprocess
import sys


def added_lines(old, new):
    """Line numbers of `new` that are not in `old` (added or changed)."""
    r = subprocess.run(["diff", "--unchanged-line-format=", "--old-line-format=",
                        "--new-line-format=%dn\n", old, new],
                       capture_output=True, text=True)
    return {int(n) for n in r.stdout.split()}


def main(src, pristine, managed, log):
    files = [line.strip() for line in open(managed) if line.strip()]
    added = {}
    found = 0
    pat = re.compile(r"^(?:%s/)?(\S+?):(\d+):(?:\d+:)? (?:warning|error):" % re.escape(src))
    for line in open(log, errors="replace"):
        m = pat.match(line)
        if not m or m.group(1) not in files:
            continue
        f, n = m.group(1), int(m.group(2))
        base = os.path.join(pristine, f)
        if os.path.exists(base):
            if f not in added:
                added[f] = added_lines(base, os.path.join(src, f))
            if n not in added[f]:
                continue
        sys.stderr.write(line)
        found += 1
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
