#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The patch series: from the repository's edits and new files to git.

The repository keeps the project as an overlay: edits to existing kernel
files are patches/NNNN-*.patch (a mail header, then the diff), new files
live at their kernel paths, and patches/files says which patch adds which
new file. A patch may also edit a new file that an earlier patch added
(rust/kernel/fs.rs gains `pub mod walk;` with the walker): the repository
holds the final version, and the series adds the file as it was before.

  series.py overlay-filter PATCH
      Print PATCH without the sections that edit new files (the tree is
      assembled from their final versions).
  series.py overlay-dirs
      The repository folders that hold new files at their kernel paths.
  series.py check-files
      Every file in the overlay folders is added by exactly one patch.
  series.py commit GITDIR BASE
      Commit the series on top of BASE (a commit of the pristine tree) in
      the bare repository GITDIR, without a work tree; print the last
      commit's id.
  series.py checkout GITDIR BASE HEAD COMMIT DEST
      Make DEST (the assembled tree) hold COMMIT's version of every file the
      series BASE..HEAD touches; files whose content is already right are
      left alone, so kbuild rebuilds only what the step changed.
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
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The one list of them; tree.sh asks for it.
OVERLAY_DIRS = ["rust", "samples", "Documentation", "include", "tools", "fs", "kernel",
                "security", "lib"]


def series():
    names = []
    for line in open(os.path.join(TOP, "patches/series")):
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line)
    return names


def new_files():
    """{patch: [new files]} from patches/files."""
    owned = {}
    for line in open(os.path.join(TOP, "patches/files")):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, files = line.partition(":")
        owned.setdefault(name.strip(), []).extend(files.split())
    return owned


def overlay_files():
    out = []
    for d in OVERLAY_DIRS:
        for root, _, files in os.walk(os.path.join(TOP, d)):
            for f in files:
                out.append(os.path.relpath(os.path.join(root, f), TOP))
    return sorted(out)


def parse(path):
    """(header lines, [(file, section text)]) of one patch file."""
    lines = open(path).read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header, sections, cur = [], [], None
    for i, line in enumerate(lines):
        if (line.startswith("--- ") and i + 1 < len(lines)
                and lines[i + 1].startswith("+++ b/")):
            cur = [lines[i + 1][6:].split()[0], []]
            sections.append(cur)
        if cur is None:
            header.append(line)
        else:
            cur[1].append(line)
    return header, [(f, "\n".join(t) + "\n") for f, t in sections]


def message(header):
    """(author, subject, body) from a patch's mail header."""
    author = subject = None
    i = 0
    while i < len(header) and header[i]:
        if header[i].startswith("From: "):
            author = header[i][6:]
        elif header[i].startswith("Subject: "):
            subject = re.sub(r"^\[PATCH[^]]*\]\s*", "", header[i][9:])
        i += 1
    body = header[i:]
    if "---" in body:
        body = body[:body.index("---")]
    return author, subject, "\n".join(body).strip("\n") + "\n"


def git(gitdir, *args, input=None, env=None):
    e = dict(os.environ, GIT_DIR=gitdir)
    e.update(env or {})
    r = subprocess.run(["git", *args], input=input, env=e, capture_output=True,
                       text=True)
    if r.returncode:
        sys.exit(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def check_files():
    owned = new_files()
    names = set(series())
    errors = []
    seen = {}
    for p, files in owned.items():
        if p not in names:
            errors.append(f"patches/files names {p}, which is not in patches/series")
        for f in files:
            if f in seen:
                errors.append(f"{f} is added by both {seen[f]} and {p}")
            seen[f] = p
            if not os.path.isfile(os.path.join(TOP, f)):
                errors.append(f"patches/files: {f} (added by {p}) does not exist")
    for f in overlay_files():
        if f not in seen:
            errors.append(f"{f} is not added by any patch: name it in patches/files")
    # A later patch's edit of a new file must undo cleanly from the final
    # version, or `make patches` cannot add the file as it first was.
    names = series()
    for f, p in seen.items():
        if p not in names:
            continue
        later = [(m, t) for m in names[names.index(p) + 1:]
                 for g, t in parse(os.path.join(TOP, "patches", m))[1] if g == f]
        try:
            first_version(f, later)
        except SystemExit as e:
            errors.append(f"{e} (regenerate that section of the later patch)")
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


def first_version(path, later):
    """A new file as its adding patch has it: the final version with the
    later patches' edits to it undone, last first."""
    with tempfile.TemporaryDirectory() as d:
        dst = os.path.join(d, path)
        os.makedirs(os.path.dirname(dst))
        with open(os.path.join(TOP, path)) as src, open(dst, "w") as out:
            out.write(src.read())
        for name, text in reversed(later):
            r = subprocess.run(["patch", "-R", "-p1", "-s", "-d", d, "--no-backup-if-mismatch"],
                               input=text, text=True, capture_output=True)
            if r.returncode:
                sys.exit(f"cannot undo {name}'s edit of {path}: {r.stdout}{r.stderr}")
        return open(dst).read()


def commit(gitdir, base):
    names = series()
    owned = new_files()
    parsed = {n: parse(os.path.join(TOP, "patches", n)) for n in names}
    new = {f: n for n, fs in owned.items() for f in fs}
    index = os.path.join(os.path.dirname(gitdir.rstrip("/")), "series.index")
    env = {"GIT_INDEX_FILE": index}
    git(gitdir, "read-tree", base, env=env)
    # Reproducible ids: every commit gets the date of the project's last
    # commit.
    date = subprocess.run(["git", "-C", TOP, "log", "-1", "--format=%cI"],
                          capture_output=True, text=True).stdout.strip() or \
        "2026-01-01T00:00:00+00:00"
    head = base
    for i, n in enumerate(names):
        header, sections = parsed[n]
        author, subject, body = message(header)
        if not author or not subject:
            sys.exit(f"{n}: no From: or Subject: line in its header")
        for f in owned.get(n, []):
            later = [(m, t) for m in names[i + 1:] for g, t in parsed[m][1] if g == f]
            blob = git(gitdir, "hash-object", "-w", "--stdin", "--path", f,
                       input=first_version(f, later)).strip()
            mode = "100755" if os.access(os.path.join(TOP, f), os.X_OK) else "100644"
            git(gitdir, "update-index", "--add", "--cacheinfo", f"{mode},{blob},{f}", env=env)
        for f, text in sections:
            if f in new and names.index(new[f]) >= i:
                sys.exit(f"{n} edits {f} before {new[f]} adds it")
        if sections:
            diff = "".join(t for _, t in sections)
            r = subprocess.run(["git", "apply", "--cached", "-p1"], input=diff, text=True,
                               capture_output=True, env=dict(os.environ, GIT_DIR=gitdir, **env))
            if r.returncode:
                sys.exit(f"{n} does not apply: {r.stderr.strip()}")
        tree = git(gitdir, "write-tree", env=env).strip()
        m = re.match(r"(.*?)\s*<(.*)>", author)
        who = {"GIT_AUTHOR_NAME": m.group(1), "GIT_AUTHOR_EMAIL": m.group(2),
               "GIT_COMMITTER_NAME": m.group(1), "GIT_COMMITTER_EMAIL": m.group(2),
               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        head = git(gitdir, "commit-tree", tree, "-p", head, input=f"{subject}\n\n{body}",
                   env=who).strip()
    print(head)
    return 0


def checkout(gitdir, base, head, c, dest):
    # Tells tree.sh that these are the series' files, not edits by hand.
    open(os.path.join(dest, ".series-checkout"), "w").close()
    files = git(gitdir, "diff", "--name-only", base, head).split()
    blobs = {}
    for line in git(gitdir, "ls-tree", "-r", c, "--", *files).splitlines():
        meta, path = line.split("\t", 1)
        blobs[path] = meta.split()[2]
    for f in files:
        p = os.path.join(dest, f)
        if f not in blobs:
            if os.path.exists(p):
                os.unlink(p)
            continue
        if os.path.exists(p) and git(gitdir, "hash-object", p).strip() == blobs[f]:
            continue
        data = subprocess.run(["git", "cat-file", "blob", blobs[f]], capture_output=True,
                              env=dict(os.environ, GIT_DIR=gitdir), check=True).stdout
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if os.path.exists(p):
            os.unlink(p)
        with open(p, "wb") as out:
            out.write(data)
    return 0


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
    if cmd == "overlay-filter":
        header, sections = parse(argv[2])
        skip = set(overlay_files())
        sys.stdout.write("".join(t for f, t in sections if f not in skip))
        return 0
    if cmd == "overlay-dirs":
        print("\n".join(OVERLAY_DIRS))
        return 0
    if cmd == "check-files":
        return check_files()
    if cmd == "commit":
        return commit(argv[2], argv[3])
    if cmd == "checkout":
        return checkout(*argv[2:7])
    if cmd == "cover":
        return cover(argv[2], argv[3], argv[4])
    if cmd == "check-messages":
        return check_messages(argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
