#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Edits made by hand in build/src, which tree.sh would lose.

  hand-edits.py check SRC STAGE PRISTINE
      Before tree.sh copies the assembled files into SRC: list every file
      of SRC that was changed since tree.sh last wrote it and that the
      repository does not now give that content (STAGE: the files tree.sh
      is about to write). Exits 1 if there is one, with what to do.
  hand-edits.py discard SRC STAGE PRISTINE
      The same list, but each file that is not managed is put back as in
      PRISTINE (or removed); managed ones tree.sh overwrites anyway.
  hand-edits.py record SRC
      After tree.sh wrote SRC: remember what it wrote (SRC/.written).

A managed file (one the patches or the overlay give) counts as edited when
its content is neither what tree.sh wrote last nor what it is about to
write. Any other file (but Python's byte code) counts as edited when its
size or time differs from the pristine file's (rsync's quick check: stat
only, seconds for the whole tree), or when it is not in the pristine tree at all: such an edit would
not be lost, but it would be built into every kernel without being in the
series. A tree a bisect step left (SRC/.series-checkout) is not checked.
"""
import hashlib
import os
import subprocess
import sys

# tree.sh's and the series' own files in SRC.
OWN = {".assembled-from", ".managed", ".written", ".series-checkout"}


def digest(path):
    h = hashlib.sha1()
    try:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except FileNotFoundError:
        return "-"
    return h.hexdigest()


def managed(src):
    try:
        return {line.strip() for line in open(os.path.join(src, ".managed")) if line.strip()}
    except FileNotFoundError:
        return set()


def find(src, stage, pristine):
    """[(name, managed?)] of the files edited by hand."""
    written = {}
    try:
        for line in open(os.path.join(src, ".written")):
            sha, name = line.rstrip("\n").split(" ", 1)
            written[name] = sha
    except FileNotFoundError:
        pass
    edited = []
    for name, sha in sorted(written.items()):
        now = digest(os.path.join(src, name))
        if now == sha:
            continue
        want = os.path.join(stage, name)
        if not os.path.exists(want):
            want = os.path.join(pristine, name)
        if now != digest(want):
            edited.append((name, True))
    mine = managed(src) | set(written)
    out = subprocess.run(["rsync", "-rln", "--delete", "--out-format=%i %n",
                          pristine + "/", src + "/"],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        name = line[12:]  # after %i, 11 characters wide
        if name.endswith("/") or name in mine or name in OWN:
            continue
        # Python's byte code, from running the tree's kunit.py or the like
        # there (the README says how): never an edit.
        if "/__pycache__/" in "/" + name or name.endswith(".pyc"):
            continue
        # A file a patch began to change since tree.sh last wrote SRC
        # (mkpatch.sh from an edit here): not lost if the series gives it.
        staged = os.path.join(stage, name)
        if os.path.exists(staged) and digest(os.path.join(src, name)) == digest(staged):
            continue
        edited.append((name, False))
    return edited


def check(src, stage, pristine):
    if os.path.exists(os.path.join(src, ".series-checkout")):
        return 0
    edited = find(src, stage, pristine)
    if not edited:
        return 0
    print(f"tree.sh: these files of {src} were edited by hand; they are not", file=sys.stderr)
    print("in the repository, and assembling the tree would lose them:", file=sys.stderr)
    for name, _ in edited:
        print(f"  {name}", file=sys.stderr)
    print("""Keep an edit: a file a patch changes goes into that patch's diff
(scripts/mkpatch.sh PATCH FILE...); a new file goes into the repository at
its kernel path (and into patches/files). Drop every edit listed:
scripts/tree.sh --discard.""", file=sys.stderr)
    return 1


def discard(src, stage, pristine):
    for name, is_managed in find(src, stage, pristine):
        if is_managed:
            continue
        base = os.path.join(pristine, name)
        if os.path.exists(base):
            subprocess.run(["cp", "-p", base, os.path.join(src, name)], check=True)
        elif os.path.lexists(os.path.join(src, name)):
            os.remove(os.path.join(src, name))
        print(f"tree.sh: discarded the edit of {name}", file=sys.stderr)
    return 0


def record(src):
    names = sorted(managed(src))
    with open(os.path.join(src, ".written.tmp"), "w") as f:
        for name in names:
            f.write(f"{digest(os.path.join(src, name))} {name}\n")
    os.replace(os.path.join(src, ".written.tmp"), os.path.join(src, ".written"))
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "check":
        return check(argv[2], argv[3], argv[4])
    if len(argv) == 5 and argv[1] == "discard":
        return discard(argv[2], argv[3], argv[4])
    if len(argv) == 3 and argv[1] == "record":
        return record(argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
