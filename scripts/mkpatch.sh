#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Developer tool: (re)write the diff of patches/NAME from the differences
# between the assembled tree (build/src, where you edited FILES) and what
# the patches before NAME in patches/series make of the pristine tree; add
# NAME to the series if it is not there. The patch's mail header (From,
# Subject, description, Signed-off-by, up to the first "---" line) is
# kept; a new patch gets a header to fill in. Name every file the patch
# edits: the diff is rewritten whole. New files are not diffed: name them
# in patches/files instead.
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

# The base: the pristine files with the earlier patches applied.
base=$(mktemp -d)
earlier=()
if [ -f "$TOP/patches/series" ]; then
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		[ "$p" = "$name" ] && break
		earlier+=("$TOP/patches/$p")
	done <"$TOP/patches/series"
fi
for p in "${earlier[@]}"; do
	while read -r f; do
		if [ ! -e "$base/$f" ] && [ -e "$PRISTINE/$f" ]; then
			mkdir -p "$base/$(dirname "$f")"
			cp "$PRISTINE/$f" "$base/$f"
		fi
	done < <(python3 "$TOP/scripts/series.py" overlay-filter "$p" |
		sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p')
	python3 "$TOP/scripts/series.py" overlay-filter "$p" | patch -p1 -s -d "$base" ||
		die "$(basename "$p") does not apply"
done
# build/src holds the final version of every file: a file that a later
# patch edits too cannot be diffed here.
later=0
while read -r p; do
	case $p in '' | '#'*) continue ;; esac
	[ "$p" = "$name" ] && { later=1; continue; }
	[ $later = 1 ] || continue
	for f in "$@"; do
		grep -qx -- "+++ b/$f" "$TOP/patches/$p" &&
			die "$f is edited by the later $p too: edit $name's diff by hand"
	done
done <"$TOP/patches/series"
cp "$header" "$out"
rm -f "$header"
for f in "$@"; do
	if [ ! -e "$base/$f" ] && [ -e "$PRISTINE/$f" ]; then
		mkdir -p "$base/$(dirname "$f")"
		cp "$PRISTINE/$f" "$base/$f"
	fi
	[ -e "$base/$f" ] || : >"$base/$f"
	diff -u --label "a/$f" --label "b/$f" "$base/$f" "$SRC/$f" >>"$out" &&
		die "$f: no change"
done
rm -rf "$base"
grep -qxF "$name" "$TOP/patches/series" 2>/dev/null || echo "$name" >>"$TOP/patches/series"
echo "wrote $out"
