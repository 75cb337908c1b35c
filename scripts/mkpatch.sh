#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Developer tool: (re)write the diff of patches/NAME from the differences
# between the assembled tree (build/src, where you edited FILES) and the
# pristine one, and add NAME to patches/series if it is not there. The
# patch's mail header (From, Subject, description, Signed-off-by, up to the
# first "---" line) is kept; a new patch gets a header to fill in.
#   scripts/mkpatch.sh 0003-foo.patch include/linux/namei.h ...
source "$(dirname "$0")/lib.sh"
name=${1:?usage: mkpatch.sh NAME FILE...}
shift
out=$TOP/patches/$name
header=$(mktemp)
if [ -f "$out" ] && grep -qx -- '---' "$out"; then
	sed '/^---$/q' "$out" >"$header"
else
	cat >"$header" <<-HDR
	From: $(git -C "$TOP" config user.name) <$(git -C "$TOP" config user.email)>
	Subject: [PATCH] TODO: subsystem: what this does

	TODO: why.

	Signed-off-by: $(git -C "$TOP" config user.name) <$(git -C "$TOP" config user.email)>
	---
	HDR
fi
cp "$header" "$out"
rm -f "$header"
for f in "$@"; do
	(cd "$BUILD" && diff -u --label "a/$f" --label "b/$f" \
		"pristine/$KSRC_TOPDIR/$f" "src/$f") >>"$out" && die "$f: no change"
done
grep -qxF "$name" "$TOP/patches/series" 2>/dev/null || echo "$name" >>"$TOP/patches/series"
echo "wrote $out"
