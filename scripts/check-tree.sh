#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks of tree.sh, the series as git history: an edit is never lost
# (one in no commit is kept and named; tree.sh refuses to read patches/ in
# over it, or to choose between two changed sides), a commit in build/src
# is written out to patches/ and to the new files' copies, a changed
# patches/ is read in writing only what differs, and a fixup not yet folded
# is not written out. tree.sh runs for real, on a small pristine tree (the
# files the series touches and two it does not, copied from the real one,
# so the patches apply) and a copy of the repository, in a build directory
# of its own. Under a minute.
#
#   check-tree.sh
#
# TREE_SH names the tree.sh under test (default: the one next to this
# script). Results are rows in $WB_RESULTS (make test collects them); run
# alone, the script prints its own summary.
source "$(dirname "$0")/lib.sh"
source "$TOP/scripts/series-lib.sh"

TREE_SH=${TREE_SH:-$TOP/scripts/tree.sh}
[ -f "$TREE_SH" ] || die "TREE_SH: no '$TREE_SH'"
[ -f "$PRISTINE/Makefile" ] || die "no pristine tree at $PRISTINE: run scripts/tree.sh first"

source "$TOP/scripts/checks.sh"

# The copy of the repository: scripts, patches and the new files. Its
# first patch records no base (the small tree's base is another commit).
repo=$tmp/repo
mkdir -p "$repo"
cp -a "$TOP/scripts" "$TOP/patches" "$repo/"
cp "$TREE_SH" "$repo/scripts/tree.sh"
while read -r f; do
	mkdir -p "$repo/$(dirname "$f")"
	cp -p "$TOP/$f" "$repo/$f"
done < <(snapshot_files)
first=$(ls "$repo"/patches/0001-*.patch)
sed -i '/^base-commit: /d' "$first"

# The small pristine tree.
b=$tmp/build
p=$b/pristine/$KSRC_TOPDIR
s=$b/src
while read -r f; do
	[ -e "$PRISTINE/$f" ] || continue
	mkdir -p "$p/$(dirname "$f")"
	cp -p "$PRISTINE/$f" "$p/$f"
done < <(sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' "$TOP"/patches/*.patch | sort -u)
# .gitignore: Debian's, which ignores every path; .gitattributes: the
# function names in hunk headers.
for f in Makefile fs/namei.c .gitignore $(cd "$PRISTINE" && find . -name .gitattributes); do
	mkdir -p "$p/$(dirname "$f")"
	cp -p "$PRISTINE/$f" "$p/$f"
done
mkdir -p "$b/pristine"
echo "$KSRC_VERSION" >"$b/pristine/.extracted"

# tree NAME ARGS...: run the copy's tree.sh on the small tree; status in
# $rc, output in $out.
tree() {
	out=$tmp/$1.out
	shift
	rc=0
	BUILD=$b timeout 300 "$repo/scripts/tree.sh" "$@" >"$out" 2>&1 </dev/null || rc=$?
}
t() { GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null git -C "$s" \
	-c user.name=check -c user.email=check@localhost "$@"; }
status_is() { [ "$rc" = "$1" ] || echo "exit $rc, not $1 ($(grep -v '^\s*$' "$out" | tail -n 1 | cut -c1-200))"; }
says() { grep -Fq -- "$1" "$out" || echo "the output does not say '$1'"; }
has() { grep -Fqx -- "$2" "$1" || echo "${1#"$tmp"/} lost '$2'"; }
hasnt() { ! grep -Fqx -- "$2" "$1" 2>/dev/null || echo "${1#"$tmp"/} still has '$2'"; }
head_is() { [ "$(t rev-parse series)" = "$1" ] || echo "series moved ($(t log -1 --format=%s series))"; }
on_series() { [ "$(t symbolic-ref -q --short HEAD)" = series ] || echo "HEAD is not on series"; }
clean() { [ -z "$(t status --porcelain)" ] || echo "build/src is not clean: $(t status --porcelain | head -n 3 | tr '\n' ' ')"; }
same_dir() { diff -r "$1" "$2" >/dev/null || echo "${2#"$tmp"/} changed"; }
npatches=$(repo_patches | wc -l)
walk=rust/kernel/fs/walk.rs
adds_walk() { t log --format=%h --diff-filter=A -1 series -- "$walk"; }
subjects() { # the patches' subjects, unfolded
	local f
	for f in "$repo"/patches/[0-9]*.patch; do
		sed -n '/^Subject: /,/^[^ ]/p' "$f" | sed '$d' | tr -d '\n' | sed 's/^Subject: \[PATCH\] //'
		echo
	done | sed 's/  */ /g'
}
change_subject() { # change_subject PATCH-GLOB TEXT: what a pull brings
	sed -i "0,/^Subject: /s/^Subject: \[PATCH\] \(.*\)/Subject: [PATCH] \1$2/" "$repo"/patches/$1
}

# 1. The first time: the series, as commits, checked out.
tree first
check "tree.sh: build/src is the series as $npatches commits on base, checked out, clean" \
	"$(status_is 0)" "$(on_series)" "$(clean)" \
	"$([ "$(t rev-list --count base..series)" = "$npatches" ] || echo "not $npatches commits")" \
	"$([ "$(t log --reverse --format=%s base..series)" = "$(subjects)" ] || echo "the commits are not the patches")" \
	"$(says 'records no base-commit')"

# 2. An edit in no commit is kept, named, and built.
echo "# by hand" >>"$s/fs/Kconfig"
tree edit
check "tree.sh: an edit in no commit is kept and named" \
	"$(status_is 0)" "$(says 'fs/Kconfig')" "$(says 'edits in no commit')" \
	"$(has "$s/fs/Kconfig" "# by hand")"

# 3. patches/ changed (a pull) over that edit: refused, nothing changed.
h=$(t rev-parse series)
change_subject '0008-*.patch' ' (pulled)'
tree pull-dirty
check "tree.sh: refuses to read a changed patches/ in over an edit in no commit" \
	"$(status_is 1)" "$(says 'fs/Kconfig')" "$(has "$s/fs/Kconfig" "# by hand")" "$(head_is "$h")"

# 4. Without the edit, the pull is read in; files it does not change keep
# their time (kbuild does not rebuild them).
t checkout -q -- fs/Kconfig
before=$(stat -c %Y.%y "$s/$walk")
sleep 1
tree pull
check "tree.sh: reads a changed patches/ in, writing only the files that differ" \
	"$(status_is 0)" "$(on_series)" "$(clean)" \
	"$(grep -q '(pulled)$' <<<"$(t log --format=%s series)" || echo "the new subject is not in build/src's series")" \
	"$([ "$(stat -c %Y.%y "$s/$walk")" = "$before" ] || echo "$walk was rewritten")"

# 5. A fixup commit is not written out until it is folded; then it is, into
# the patch and the repository's copy of the new file; then nothing to do.
echo "// check-tree" >>"$s/$walk"
t commit -q -a --fixup="$(adds_walk)"
cp -a "$repo/patches" "$tmp/patches-before"
tree fixup
check "tree.sh: refuses to write out a fixup! commit not folded yet" \
	"$(status_is 1)" "$(says 'rebase -i --autosquash')" "$(same_dir "$tmp/patches-before" "$repo/patches")" \
	"$(hasnt "$repo/$walk" "// check-tree")"
GIT_SEQUENCE_EDITOR=: t rebase -q -i --autosquash base >/dev/null 2>&1
tree export
p4=$(grep -l "^+++ b/$walk" "$repo"/patches/*.patch | head -n 1)
check "tree.sh: writes a commit in build/src out to patches/ and to the new file's copy" \
	"$(status_is 0)" "$(says 'exported')" "$(has "$repo/$walk" "// check-tree")" \
	"$(has "$p4" "+// check-tree")" \
	"$([ "$(ls "$repo"/patches/*.patch | wc -l)" = "$npatches" ] || echo "not $npatches patches")"
h=$(t rev-parse series)
tree again
check "tree.sh: after writing out, nothing to do" "$(status_is 0)" "$(head_is "$h")" \
	"$(! grep -q 'git am\|exported' "$out" || echo "it did something: $(tail -n 1 "$out")")"

# 6. Both sides changed: refused; --import keeps build/src's as a branch.
echo "// only in build/src" >>"$s/$walk"
t commit -q -a -m "fs: a commit only build/src has"
h=$(t rev-parse series)
change_subject '0009-*.patch' ' (pulled too)'
cp -a "$repo/patches" "$tmp/patches-diverged"
tree diverged
check "tree.sh: refuses when build/src's series and patches/ both changed" \
	"$(status_is 1)" "$(says 'both')" "$(head_is "$h")" \
	"$(same_dir "$tmp/patches-diverged" "$repo/patches")"
tree import --import
check "tree.sh --import: patches/ read in, build/src's series kept as series-before-import" \
	"$(status_is 0)" "$(on_series)" "$(clean)" \
	"$([ "$(t rev-parse -q --verify series-before-import)" = "$h" ] || echo "no series-before-import at the old series")" \
	"$(hasnt "$s/$walk" "// only in build/src")"

# 7. The repository's copy of a new file edited there, not in build/src:
# refused and named; the copy is not overwritten.
echo "// in the repository" >>"$repo/$walk"
change_subject '0010-*.patch' ' (and a copy edited)'
h=$(t rev-parse series)
tree snapshot
check "tree.sh: refuses a new file's copy edited in the repository, names it, keeps it" \
	"$(status_is 1)" "$(says "$walk differs")" "$(head_is "$h")" \
	"$(has "$repo/$walk" "// in the repository")"
sed -i '/^\/\/ in the repository$/d' "$repo/$walk"
tree snapshot-fixed
check "tree.sh: reads patches/ in once the copy is the series' again" "$(status_is 0)" "$(clean)" \
	"$(grep -qF '(and a copy edited)' <<<"$(t log --format=%s series)" || echo "the new subject is not in build/src's series")"

# A patch that does not apply: refused; once mended, read in (the git am
# it stopped in is aborted).
p8=$(ls "$repo"/patches/0008-*.patch)
cp "$p8" "$tmp/p8"
sed -i '0,/^+/s/^+/+BROKEN/' "$p8"
sed -i '0,/^ /s/^ / BROKEN/' "$p8"
h=$(t rev-parse series)
tree broken-patch
check "tree.sh: refuses a patches/ that does not apply" "$(status_is 1)" "$(says 'does not apply')" \
	"$(head_is "$h")"
cp "$tmp/p8" "$p8"
change_subject '0008-*.patch' ' (mended)'
tree mended-patch
check "tree.sh: after a patch that did not apply, reads the mended patches/ in" "$(status_is 0)" \
	"$(grep -qF '(mended)' <<<"$(t log --format=%s series)" || echo "the mended patch is not in build/src's series")"

# 8. What a per-patch build leaves (a commit of the series checked out):
# back on series.
t checkout -q --detach series~3
tree detached
check "tree.sh: a per-patch build's checkout is put back on series" \
	"$(status_is 0)" "$(on_series)" "$(clean)"

# 9. A new file: Debian's .gitignore ignores every path, yet it is named as
# an edit; added with -f and committed as a patch of its own, it is
# written out with its copy.
mkdir -p "$s/fs/checktree"
echo "/* new */" >"$s/fs/checktree/new.c"
tree newfile
check "tree.sh: a new file in no commit is named (Debian's .gitignore ignores it)" \
	"$(status_is 0)" "$(says 'fs/checktree/new.c')"
t add -f fs/checktree/new.c
t commit -q -m "fs: add a file" -m "For check-tree." -m "Signed-off-by: check <check@localhost>"
tree newfile-export
check "tree.sh: a commit that adds a file is written out: a new patch, and the file's copy" \
	"$(status_is 0)" "$(has "$repo/fs/checktree/new.c" "/* new */")" \
	"$([ "$(ls "$repo"/patches/*.patch | wc -l)" = $((npatches + 1)) ] || echo "no new patch")" \
	"$(grep -lq '^+++ b/fs/checktree/new.c' "$repo"/patches/*.patch || echo "no patch adds it")"

# 10. A message git am would not read back as it is: refused, nothing
# written.
echo "/* a message */" >>"$s/fs/checktree/new.c"
t commit -q -a -m "fs: a message" -m "text" -m "---" -m "lost by git am"
cp -a "$repo/patches" "$tmp/patches-msg"
tree message
check "tree.sh: refuses to write out a message git am would not read back" \
	"$(status_is 1)" "$(says 'does not read back')" "$(same_dir "$tmp/patches-msg" "$repo/patches")"
t reset -q --hard series~1
echo "/* a subject */" >>"$s/fs/checktree/new.c"
t commit -q -a -m "[RFC] fs: a subject git am shortens" -m "text" -m "Signed-off-by: check <check@localhost>"
tree subject
check "tree.sh: refuses to write out a subject git am would not read back" \
	"$(status_is 1)" "$(says 'does not read back')" "$(same_dir "$tmp/patches-msg" "$repo/patches")"
t reset -q --hard series~1

# 11. A bisect or a rebase under way, make patches building: refused,
# HEAD where it was.
t bisect start -q series base >/dev/null 2>&1 || t bisect start series base >/dev/null
h=$(t rev-parse HEAD)
tree bisect
check "tree.sh: refuses while a git bisect is under way, and leaves its HEAD" \
	"$(status_is 1)" "$(says 'bisect')" "$([ "$(t rev-parse HEAD)" = "$h" ] || echo "HEAD moved")"
t bisect reset -q >/dev/null 2>&1 || t bisect reset >/dev/null
GIT_SEQUENCE_EDITOR="sed -i '1i break'" t rebase -q -i base >/dev/null 2>&1 || true
tree rebase
check "tree.sh: refuses while a git rebase is under way" "$(status_is 1)" "$(says 'rebase --continue')"
t rebase --abort
sleep 1000 &
mkdir -p "$b/series"
echo $! >"$b/series/bisect.pid"
tree locked
kill $! 2>/dev/null || true
rm -f "$b/series/bisect.pid"
check "tree.sh: refuses while make patches checks commits of the series out" \
	"$(status_is 1)" "$(says 'make patches')"

# 12. The record lost (or a run stopped before writing it) while both
# sides are the same series: nothing to choose. A broken git am work tree
# is made again.
rm -f "$s/.git/wb-exported"
echo garbage >"$b/series/am/.git"
tree no-record
check "tree.sh: no record and a broken git am work tree, both sides the same: carries on" \
	"$(status_is 0)" "$(! grep -q 'both' "$out" || echo "it refused")" "$(clean)"

# 13. A new kernel version (a pull changes KSRC_VERSION) while build/src
# has a commit the repository does not: refused, the commit kept.
echo "// not written out" >>"$s/$walk"
t commit -q -a -m "fs: not written out"
h=$(t rev-parse series)
# The record says series was written out before this commit.
echo "$(t rev-parse series~1) $(BUILD=$b bash -c "source '$repo/scripts/lib.sh'; source '$repo/scripts/series-lib.sh'; repo_digest")" >"$s/.git/wb-exported"
cp "$repo/scripts/lib.sh" "$tmp/lib.sh"
sed -i 's/^KSRC_VERSION=.*/KSRC_VERSION=0.0-check/' "$repo/scripts/lib.sh"
tree version
cp "$tmp/lib.sh" "$repo/scripts/lib.sh"
check "tree.sh: a new kernel version does not remove a build/src with work in it" \
	"$(status_is 1)" "$(says 'holds commits or edits')" "$(head_is "$h")" \
	"$([ -d "$s/.git" ] || echo "build/src/.git is gone")"
t reset -q --hard series~1
tree after-version
check "tree.sh: the same version again: carries on" "$(status_is 0)" "$(clean)"

# 14. --export keeps what it replaces.
echo "junk" >"$repo/fs/checktree/junk.swp"
echo "/* again */" >>"$s/fs/checktree/new.c"
t commit -q -a -m "fs: change the file" -m "For check-tree, again." -m "Signed-off-by: check <check@localhost>"
tree export-forced --export
check "tree.sh --export: what it replaces in the repository is kept in build/series/replaced/" \
	"$(status_is 0)" "$([ ! -e "$repo/fs/checktree/junk.swp" ] || echo "junk.swp is still there")" \
	"$(ls "$b"/series/replaced/*/fs/checktree/junk.swp >/dev/null 2>&1 || echo "junk.swp was not kept")"

# 15. A tree the old tree.sh assembled (no .git): made a git work tree in
# place, its files kept as they are (their times too).
rm -rf "$s/.git"
echo "$KSRC_VERSION" >"$s/.assembled-from"
: >"$s/.managed"
before=$(stat -c %Y.%y "$s/$walk")
echo "/* the old tree's */" >>"$s/fs/namei.c"
tree old-layout
check "tree.sh: a tree assembled the old way becomes the series' work tree, files untouched" \
	"$(status_is 0)" "$(on_series)" "$(clean)" \
	"$([ ! -e "$s/.assembled-from" ] || echo ".assembled-from is still there")" \
	"$([ "$(stat -c %Y.%y "$s/$walk")" = "$before" ] || echo "$walk was rewritten")" \
	"$(hasnt "$s/fs/namei.c" "/* the old tree's */")" \
	"$(grep -qF "+/* the old tree's */" <<<"$(t stash show -p 2>/dev/null)" || echo "the old tree's difference is not in the stash")"

checks_end
