#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Developer tool: write patches/NAME from the differences between the
# assembled tree (build/src, where you edited FILES) and the pristine one,
# and add NAME to patches/series if it is not there.
#   scripts/mkpatch.sh 0003-foo.patch include/linux/namei.h ...
source "$(dirname "$0")/lib.sh"
name=${1:?usage: mkpatch.sh NAME FILE...}
shift
out=$TOP/patches/$name
: >"$out"
for f in "$@"; do
	(cd "$BUILD" && diff -u --label "a/$f" --label "b/$f" \
		"pristine/$KSRC_TOPDIR/$f" "src/$f") >>"$out" && die "$f: no change"
done
grep -qxF "$name" "$TOP/patches/series" 2>/dev/null || echo "$name" >>"$TOP/patches/series"
echo "wrote $out"
