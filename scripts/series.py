#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The patch series' mail: the cover letter and the messages' checks.

The series itself is git history in build/src (scripts/series-lib.sh).

  series.py cover TEMPLATE BENCH OUT
      Fill the cover letter template: the measured benchmark table from
      BENCH (docs/bench-results.md) at @BENCH@, into the format-patch
      cover letter OUT, replacing its placeholders.
  series.py check-messages PATCH...
      Each emitted patch: a "subsystem: summary" subject, a body that says
      why, and a Signed-off-by of its author.
"""
import os
import re
import sys


def md_tables(path):
    """[(part, heading, [rows of cells])] of a markdown file's tables: part
    is the level-1 heading above (the platform, in docs/bench-results.md),
    heading the nearest one."""
    out, part, heading, rows = [], "", "", None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#"):
            heading = line.lstrip("# ")
            if not line.startswith("##"):
                part = heading
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if rows is None:
                rows = []
                out.append((part, heading, rows))
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        else:
            rows = None
    return out


def text_table(rows, cols, names):
    """Plain-text columns of a table; medians only, ranges dropped."""
    head = rows[0]
    idx = [head.index(c) for c in cols]
    body = []
    for r in rows[1:]:
        cells = []
        for i in idx:
            v = re.sub(r" \([\d.]+x?[–-][\d.]+x?\)", "", r[i])
            m = re.search(r"\(([\d.]+)/anc\)", v)
            cells.append(m.group(1) if m else v)
        body.append(cells)
    w = [max(len(x) for x in [n] + [b[j] for b in body]) for j, n in enumerate(names)]
    lines = ["  ".join(n.rjust(w[j]) for j, n in enumerate(names))]
    lines += ["  ".join(c.rjust(w[j]) for j, c in enumerate(b)) for b in body]
    return "\n".join("  " + l for l in lines)


def bench_text(path):
    """The measured tables of docs/bench-results.md, narrowed for a mail:
    the walks and Landlock natively (User-Mode Linux), two walkers under
    QEMU (UML has one CPU)."""
    parts, qemu = [], []
    for part, heading, rows in md_tables(path):
        h = rows[0]
        native = part.startswith("User-Mode Linux")
        if native and heading.startswith("1.") and "lockless / floor per ancestor" in h:
            parts.append(heading.split(": ", 1)[-1].capitalize()
                         + ", natively, ns per ancestor:\n" + text_table(
                rows, [h[0], h[2], h[3], h[4], h[5], h[7], h[8]],
                ["depth", "floor", "lockless", "ref", "6.12", "ref/lockless",
                 "6.12/lockless"]))
        elif part.startswith("QEMU") and heading.startswith("2."):
            qemu.append("Two walkers on one shared path (depth 64), QEMU, walks/s:\n" +
                         text_table(rows, h[:4], ["walk", "1 walker", "2 walkers", "2/1"]))
        elif native and (heading.startswith("(a)") or heading.startswith("(b)")):
            parts.append("Landlock " + heading + ",\nnatively, its walk time per check, ns:\n" +
                         text_table(rows, ["N", "walk, new", "walk, old", "walk new / old"],
                                    ["N", "new", "6.12", "new/6.12"]))
    return "\n\n".join(parts + qemu)


def cover(template, bench, out):
    text = open(template).read()
    table = bench_text(bench)
    text = text.replace("@BENCH@", table)
    subject, _, body = text.partition("\n\n")
    letter = open(out).read()
    if "*** SUBJECT HERE ***" not in letter or "*** BLURB HERE ***" not in letter:
        sys.exit(f"{out}: not a fresh format-patch cover letter")
    letter = letter.replace("*** SUBJECT HERE ***", subject.strip())
    letter = letter.replace("*** BLURB HERE ***", body.strip())
    open(out, "w").write(letter)
    return 0


def check_messages(paths):
    errors = []
    for p in paths:
        name = os.path.basename(p)
        text = open(p).read()
        head, _, rest = text.partition("\n\n")
        m = re.search(r"^Subject: \[PATCH[^]]*\] (.*(?:\n .*)*)", head, re.M)
        author = re.search(r"^From: (.*)$", head, re.M)
        body = rest.split("\n---\n")[0]
        subject = m.group(1).replace("\n", "") if m else ""
        if not re.match(r"^[a-zA-Z0-9_/.-]+(: [a-zA-Z0-9_/.-]+)*: \S", subject):
            errors.append(f"{name}: subject '{subject}' is not 'subsystem: summary'")
        if len(subject) > 75:
            errors.append(f"{name}: subject longer than 75 characters")
        prose = [l for l in body.splitlines() if l and not re.match(
            r"^(Signed-off-by|Link|Reviewed-by|Cc):", l)]
        if len(prose) < 2:
            errors.append(f"{name}: the body does not say why")
        if name.startswith("0000-"):
            if "***" in text:
                errors.append(f"{name}: the cover letter still has a placeholder")
            continue
        if not author or f"Signed-off-by: {author.group(1)}" not in body:
            errors.append(f"{name}: no Signed-off-by of the author")
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "cover":
        return cover(argv[2], argv[3], argv[4])
    if cmd == "check-messages":
        return check_messages(argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
