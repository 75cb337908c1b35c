#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Regression checks of tree.sh (issue 11): an edit made by hand in
# build/src is refused, not silently overwritten, and --discard drops it.
# tree.sh runs for real on a small pristine tree: the files the series
# touches and two it does not, copied from the real one (so the patches
# apply), in a build directory of its own. Seconds.
#
#   check-tree.sh
#
# TREE_SH names the tree.sh under test (default: the one next to this
# script).
# Results are rows in $WB_RESULTS (make test collects them); run alone, the
# script prints its own summary.
source "$(dirname "$0")/lib.sh"

TREE_SH=${TREE_SH:-$TOP/scripts/tree.sh}
[ -f "$TREE_SH" ] || die "TREE_SH: no '$TREE_SH'"
[ -f "$PRISTINE/Makefile" ] || die "no pristine tree at $PRISTINE: run scripts/tree.sh first"
[ -s "$SRC/.managed" ] || die "no $SRC/.managed: run scripts/tree.sh first"

source "$TOP/scripts/checks.sh"

# The small pristine tree: what the series touches (also a file a patch
# began to change since tree.sh last ran) and two files it does not.
b=$tmp/build
p=$b/pristine/$KSRC_TOPDIR
s=$b/src
while read -r f; do
	[ -e "$PRISTINE/$f" ] || continue
	mkdir -p "$p/$(dirname "$f")"
	cp -p "$PRISTINE/$f" "$p/$f"
done < <(cat "$SRC/.managed"; sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' "$TOP"/patches/*.patch)
for f in Makefile fs/namei.c; do
	mkdir -p "$p/$(dirname "$f")"
	cp -p "$PRISTINE/$f" "$p/$f"
done
mkdir -p "$b/pristine"
echo "$KSRC_VERSION" >"$b/pristine/.extracted"

# tree NAME ARGS...: run tree.sh on the small tree; status in $rc, output
# in $out.
tree() {
	out=$tmp/$1.out
	shift
	rc=0
	BUILD=$b timeout 120 "$TREE_SH" "$@" >"$out" 2>&1 </dev/null || rc=$?
}

status_is() { [ "$rc" = "$1" ] || echo "exit $rc, not $1 ($(tail -n 1 "$out"))"; }
names() { grep -Fq "  $1" "$out" || echo "the message does not name $1"; }
has() { grep -Fqx -- "$2" "$s/$1" || echo "$1 lost the edit"; }
hasnt() { ! grep -Fqx -- "$2" "$s/$1" 2>/dev/null || echo "$1 still has the edit"; }

tree first
check "tree.sh: assembles a tree (the small one)" "$(status_is 0)" \
	"$([ -s "$s/.written" ] || echo "no $s/.written")"

# a. A file a patch changes, edited in build/src.
echo "# by hand" >>"$s/fs/Kconfig"
tree patched
check "tree.sh: refuses to overwrite a patched file edited in build/src" \
	"$(status_is 1)" "$(names fs/Kconfig)" "$(has fs/Kconfig "# by hand")"

# b. A file no patch touches, and a new one.
echo "/* by hand */" >>"$s/fs/namei.c"
echo "new" >"$s/fs/by-hand.c"
tree unmanaged
check "tree.sh: refuses an edited and a new file the series does not have" \
	"$(status_is 1)" "$(names fs/namei.c)" "$(names fs/by-hand.c)" \
	"$(has fs/namei.c "/* by hand */")"

# c. --discard drops all three.
tree discard --discard
check "tree.sh --discard: drops every edit made by hand" "$(status_is 0)" \
	"$(hasnt fs/Kconfig "# by hand")" "$(hasnt fs/namei.c "/* by hand */")" \
	"$([ ! -e "$s/fs/by-hand.c" ] || echo "fs/by-hand.c is still there")" \
	"$(cmp -s "$p/fs/namei.c" "$s/fs/namei.c" || echo "fs/namei.c is not the pristine one")"

# d. What a bisect step of make patches left is not an edit.
echo "# a step of the series" >>"$s/fs/Kconfig"
: >"$s/.series-checkout"
tree bisect
check "tree.sh: a tree a bisect step left is assembled again" "$(status_is 0)" \
	"$(hasnt fs/Kconfig "# a step of the series")" \
	"$([ ! -e "$s/.series-checkout" ] || echo ".series-checkout is still there")"

# f. Python's byte code, which running the tree's kunit.py leaves (the
# README tells how), is not an edit.
mkdir -p "$s/tools/testing/kunit/__pycache__"
echo "bytecode" >"$s/tools/testing/kunit/__pycache__/kunit_parser.cpython-311.pyc"
tree pycache
check "tree.sh: Python's __pycache__ in build/src is not an edit by hand" "$(status_is 0)"

# e. The documented way to keep an edit of a file no patch touched yet: edit
# it in build/src, then give it to a patch with mkpatch.sh. That is no
# longer an edit by hand. (A copy of the repository's scripts and patches,
# so that mkpatch.sh writes there.)
repo=$tmp/repo
mkdir -p "$repo"
cp -a "$TOP/scripts" "$TOP/patches" "$repo/"
cp "$(dirname "$TREE_SH")/hand-edits.py" "$repo/scripts/" 2>/dev/null || true
while read -r f; do
	mkdir -p "$repo/$(dirname "$f")"
	cp -p "$TOP/$f" "$repo/$f"
done < <(sed -n 's/^[^#][^:]*: //p' "$TOP/patches/files" | tr ' ' '\n')
echo "/* kept */" >>"$s/fs/namei.c"
rc=0
BUILD=$b "$repo/scripts/mkpatch.sh" 9999-keep.patch fs/namei.c >"$tmp/mkpatch.out" 2>&1 || rc=$?
out=$tmp/kept.out
BUILD=$b timeout 120 "$repo/scripts/tree.sh" >"$out" 2>&1 </dev/null || rc=$?
check "tree.sh: a file mkpatch.sh has just given to a patch is not an edit by hand" \
	"$(status_is 0)" "$(has fs/namei.c "/* kept */")"

checks_end
