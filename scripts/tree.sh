#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Assemble build/src, the kernel tree every kernel is built from: a git
# work tree whose checked-out branch `series` is the patch series, one
# commit per patch, on the branch `base` (the pristine Debian tree). See
# series-lib.sh for what is kept where, and the README ("The editing
# workflow") for how to change the series.
#
#   scripts/tree.sh            bring build/src and the repository together:
#       the first time, or when patches/ changed (a pull, a checkout),
#       `git am` patches/ onto base and check the new series out (only the
#       files that differ are written, so kbuild rebuilds only what
#       changed); when build/src's series has commits the repository does
#       not have, write them out: `git format-patch` into patches/ and the
#       new files at their kernel paths in the repository. Refuses (and
#       changes nothing) when both changed, when a rebase or am is under
#       way in build/src, or when the repository's copy of a new file was
#       edited there instead of in build/src.
#   scripts/tree.sh --export   build/src's series into the repository,
#       whatever the repository holds (its patches and new files are
#       replaced, and kept in build/series/replaced/)
#   scripts/tree.sh --import   patches/ into build/src, whatever build/src's
#       series holds (it is kept as the branch series-before-import)
#   scripts/tree.sh --am-only [DIR]  git am of patches/ (or DIR's NNNN-*.patch
#       but a cover letter) onto base in a work tree of its own; print the
#       last commit (build/src is left alone)
#
# Edits in build/src that are in no commit are never touched: they are
# built into every kernel, and tree.sh names them; make test and make
# patches fail while they are there.
source "$(dirname "$0")/lib.sh"
source "$TOP/scripts/series-lib.sh"

mode=sync
case ${1:-} in
--export) mode=export ;;
--import) mode=import ;;
--am-only) mode=am-only am_dir=$(realpath "${2:-$TOP/patches}") ;;
'') ;;
*) die "usage: tree.sh [--export | --import | --am-only [DIR]]" ;;
esac

# safe_to_drop: build/src holds nothing the repository does not (clean, and
# its series is what tree.sh last wrote out or read in).
safe_to_drop() {
	local synced
	[ -d "$SRC/.git" ] || return 0
	read -r synced _ <"$SERIES_STATE" 2>/dev/null || return 1
	[ "$(sgit rev-parse -q --verify series 2>/dev/null)" = "$synced" ] &&
		[ -z "$(series_uncommitted 2>/dev/null)" ]
}
# drop_src WHY: remove build/src if that loses nothing, else refuse.
drop_src() {
	safe_to_drop || die "build/src must be made again ($1), but it holds commits or edits the repository does not have: write them out first (scripts/tree.sh --export, with the project's git at the commit they belong to) or move build/src away; nothing was changed"
	rm -rf "$SRC"
}
want_base_subject="Debian $KSRC_PKG $KSRC_VERSION"

stamp=$BUILD/pristine/.extracted
if [ "$(cat "$stamp" 2>/dev/null)" != "$KSRC_VERSION" ]; then
	if [ -d "$SRC/.git" ] &&
		[ "$(sgit log -1 --format=%s base 2>/dev/null)" != "$want_base_subject" ]; then
		drop_src "it is on another kernel version than $KSRC_VERSION"
	elif [ ! -d "$SRC/.git" ] && [ -e "$SRC" ]; then
		rm -rf "$SRC"
	fi
	say "extracting $KSRC_PKG $KSRC_VERSION"
	rm -rf "$BUILD/pristine"
	mkdir -p "$BUILD/pristine"
	tar -C "$BUILD/pristine" -xf "$KSRC_TARBALL" ||
		die "could not extract $KSRC_TARBALL"
	[ -f "$PRISTINE/Makefile" ] || die "$KSRC_TARBALL has no $KSRC_TOPDIR/Makefile"
	echo "$KSRC_VERSION" >"$stamp"
fi

# The git am work tree: made again if missing, broken, or another
# repository's.
am_tree() {
	local common
	common=$(GIT_CONFIG_GLOBAL=/dev/null git -C "$SERIES_AM" rev-parse --path-format=absolute \
		--git-common-dir 2>/dev/null || true)
	if [ ! -e "$SERIES_AM/.git" ] || [ -z "$common" ] ||
		[ "$(realpath "$common")" != "$(realpath "$SRC/.git")" ]; then
		say "a work tree for git am: $SERIES_AM (once)"
		rm -rf "$SERIES_AM"
		sgit worktree prune
		mkdir -p "$(dirname "$SERIES_AM")"
		sgit worktree add -q -f --detach "$SERIES_AM" base >&2
	fi
}
# With the series' identity: even `git am --abort` needs a committer.
amg() {
	(export "${SERIES_ENV[@]}" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null &&
		git -C "$SERIES_AM" "$@")
}

# import_series [DIR [soft]]: `git am` DIR's patches (default patches/)
# onto base in the work tree $SERIES_AM; the last commit in $IMPORTED. No
# output on stdout; dies if they do not apply (soft: returns 1).
import_series() {
	local dir=${1:-$TOP/patches} soft=${2:-} patches recorded base
	mapfile -t patches < <(find "$dir" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-cover-letter.patch' | sort)
	[ ${#patches[@]} -gt 0 ] || die "${dir#"$TOP"/} holds no NNNN-*.patch"
	base=$(sgit rev-parse base)
	recorded=$(sed -n 's/^base-commit: //p' "${patches[0]}")
	if [ -z "$recorded" ]; then
		say "note: ${patches[0]#"$TOP"/} records no base-commit"
	elif [ "$recorded" != "$base" ]; then
		die "patches/ is based on $recorded; the pristine $KSRC_VERSION committed in $SRC is $base"
	fi
	am_tree
	amg am --abort >/dev/null 2>&1 || true
	amg checkout -q -f --detach base
	amg clean -q -fdx
	if ! amg am -q --committer-date-is-author-date "${patches[@]}" >&2; then
		amg am --abort >/dev/null 2>&1 || true
		[ -z "$soft" ] || return 1
		die "git am: ${dir#"$TOP"/} does not apply onto base (above)"
	fi
	IMPORTED=$(amg rev-parse HEAD)
}

# same_series A B: the same trees and the same authors, dates and messages.
same_series() {
	[ "$(sgit rev-parse "$1^{tree}")" = "$(sgit rev-parse "$2^{tree}")" ] &&
		[ "$(series_messages "base..$1")" = "$(series_messages "base..$2")" ]
}

# check_snapshot REV: the repository's copies of new files are REV's.
check_snapshot() {
	local problems
	problems=$(snapshot_problems "$1")
	[ -n "$problems" ] || return 0
	echo "$problems" | sed 's/^/  /' >&2
	die "the repository's copies of the series' new files are not the series' (above). They are written by tree.sh, not edited: change a new file in build/src, in a commit (README, \"The editing workflow\"); put the copy back with git checkout, remove a file that is not the series'"
}

# export_series: build/src's series into patches/ and the copies, after
# checking that git am reads what format-patch writes back as the same
# series. What it replaces is kept in build/series/replaced/.
export_series() {
	local bad tmp f mode n keep
	sgit merge-base --is-ancestor base series || die "build/src's series is not on base"
	bad=$(sgit log --format='%h %s' --merges base..series)
	[ -z "$bad" ] || die "build/src's series has merges; a series is linear: $bad"
	bad=$(sgit log --format='%h %s' base..series | grep -E '^[0-9a-f]+ (fixup|squash|amend)!' || true)
	if [ -n "$bad" ]; then
		echo "$bad" | sed 's/^/  /' >&2
		die "build/src's series has commits to fold first (above): git -C build/src rebase -i --autosquash base"
	fi
	n=$(sgit rev-list --count base..series)
	[ "$n" -gt 0 ] || die "build/src's series is empty"
	while IFS= read -r f; do
		case $f in
		*/*) ;;
		*) die "the series adds $f at the top of the tree: the repository cannot keep a copy there" ;;
		esac
		case " ${SNAPSHOT_DIRS[*]} " in
		*" ${f%%/*} "*) ;;
		*) die "the series adds $f: the repository keeps copies only under ${SNAPSHOT_DIRS[*]} (SNAPSHOT_DIRS, scripts/series-lib.sh; not its own folders: scripts, configs, docs, guest, patches)" ;;
		esac
		mode=$(sgit ls-tree series -- "$f" | cut -d' ' -f1)
		case $mode in 100644 | 100755) ;; *) die "the series adds $f with mode $mode: only regular files" ;; esac
	done < <(series_new_files)
	tmp=$(mktemp -d)
	series_format "$tmp"
	if ! import_series "$tmp" soft; then
		rm -rf "$tmp"
		die "git am does not read back what git format-patch writes of build/src's series (above: an empty commit, a line '---' in a message?): change the commit, then run this again; nothing was written"
	fi
	if ! same_series "$IMPORTED" series; then
		diff <(series_messages base..series) <(series_messages "base..$IMPORTED") | head -n 20 >&2 || true
		rm -rf "$tmp"
		die "git am does not read back what git format-patch writes of build/src's series (above: a subject starting with [...], a line '---' in a message?): reword the commit, then run this again; nothing was written"
	fi
	keep=$BUILD/series/replaced/$(date +%Y%m%d-%H%M%S)
	mkdir -p "$keep"
	(cd "$TOP" && { repo_patches | sed "s|^$TOP/||"; snapshot_files; } |
		while IFS= read -r f; do
			mkdir -p "$keep/$(dirname "$f")"
			cp -a "$f" "$keep/$f"
		done)
	repo_patches | xargs -r rm -f
	cp "$tmp"/*.patch "$TOP/patches/"
	rm -rf "$tmp"
	comm -23 <(snapshot_files) <(series_new_files) | while IFS= read -r f; do
		rm -f "$TOP/$f"
		rmdir -p --ignore-fail-on-non-empty "$(dirname "$TOP/$f")" 2>/dev/null || true
	done
	while IFS= read -r f; do
		mkdir -p "$(dirname "$TOP/$f")"
		sgit show "series:$f" >"$TOP/$f.tmp"
		mode=$(sgit ls-tree series -- "$f" | cut -d' ' -f1)
		if [ "$mode" = 100755 ]; then chmod +x "$TOP/$f.tmp"; else chmod -x "$TOP/$f.tmp"; fi
		if cmp -s "$TOP/$f.tmp" "$TOP/$f" &&
			[ "$(stat -c %A "$TOP/$f.tmp")" = "$(stat -c %A "$TOP/$f")" ]; then
			rm -f "$TOP/$f.tmp"
		else
			mv -f "$TOP/$f.tmp" "$TOP/$f"
		fi
	done < <(series_new_files)
	say "exported build/src's series ($n commits) to patches/ and its new files to their kernel paths: commit them in the repository (git status; what was there before is in ${keep#"$TOP"/})"
}

record() {
	echo "$(sgit rev-parse series) $(repo_digest)" >"$SERIES_STATE.tmp"
	mv -f "$SERIES_STATE.tmp" "$SERIES_STATE"
}

# A first run that stopped before `base` was committed starts again.
if [ -d "$SRC/.git" ] && { ! sgit rev-parse -q --verify refs/heads/base >/dev/null ||
	! sgit rev-parse -q --verify refs/heads/series >/dev/null; }; then
	say "build/src: its set-up did not finish; starting it again"
	rm -rf "$SRC/.git"
	[ -f "$SRC/.assembled-from" ] || rm -rf "$SRC"
fi
# build/src on another version (pristine re-extracted for a new one).
if [ -d "$SRC/.git" ] && [ "$(sgit log -1 --format=%s base)" != "$want_base_subject" ]; then
	drop_src "it is on $(sgit log -1 --format=%s base), not $want_base_subject"
fi

# The first time: the pristine tree as the commit `base`, from the
# extracted files (a tree tree.sh assembled before this design keeps its
# files and their times: git rewrites only what differs from the series).
if [ ! -d "$SRC/.git" ]; then
	old_layout=0
	if [ -f "$SRC/.assembled-from" ] && [ "$(cat "$SRC/.assembled-from")" = "$KSRC_VERSION" ]; then
		old_layout=1
		say "build/src: making the tree assembled by the old tree.sh a git work tree"
	else
		say "build/src: committing pristine $KSRC_VERSION as base (once)"
		rm -rf "$SRC"
		mkdir -p "$SRC"
	fi
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null git init -q -b series "$SRC"
	sgit config gc.auto 0
	sgit config maintenance.auto false
	idx=$SRC/.git/base.index
	GIT_DIR=$SRC/.git GIT_WORK_TREE=$PRISTINE GIT_INDEX_FILE=$idx GIT_CONFIG_GLOBAL=/dev/null \
		GIT_CONFIG_SYSTEM=/dev/null git -C "$PRISTINE" add -A -f .
	tree=$(GIT_INDEX_FILE=$idx sgit write-tree)
	rm -f "$idx"
	[ "$(sgit ls-tree "$tree" -- Makefile | wc -l)" = 1 ] || die "could not commit the pristine tree"
	base=$(echo "$want_base_subject" |
		(export "${SERIES_ENV[@]}" GIT_AUTHOR_DATE=2025-01-01T00:00:00Z \
			GIT_COMMITTER_DATE=2025-01-01T00:00:00Z && sgit commit-tree "$tree"))
	if [ $old_layout = 1 ]; then
		sgit update-ref refs/heads/base "$base"
		import_series
		check_snapshot "$IMPORTED"
		sgit update-ref refs/heads/series "$IMPORTED"
		sgit reset -q --mixed
		rm -f "$SRC"/.assembled-from "$SRC"/.managed "$SRC"/.written "$SRC"/.series-checkout
		# What the old tree differs in from patches/ (a pull since it was
		# assembled, an edit it refused): kept in a stash, not built.
		if [ -n "$(series_uncommitted)" ]; then
			(export "${SERIES_ENV[@]}" && sgit stash push -q --all \
				-m "the tree of the old layout, where it differed from patches/")
			say "build/src: where the old tree differed from patches/ is in git -C build/src stash show -p --include-untracked"
		fi
		record
	else
		sgit update-ref refs/heads/series "$base"
		sgit checkout -q -f series
		sgit update-ref refs/heads/base "$base"
		# patches/ is new to this tree.
		echo "$base -" >"$SERIES_STATE"
	fi
fi

if [ $mode = am-only ]; then
	import_series "$am_dir"
	echo "$IMPORTED"
	exit
fi

# Something under way in build/src is the developer's: leave it alone.
inprogress() {
	local g=$SRC/.git
	if [ -d "$g/rebase-apply" ] && [ -e "$g/rebase-apply/applying" ]; then echo "git am:am"
	elif [ -d "$g/rebase-apply" ] || [ -d "$g/rebase-merge" ]; then echo "git rebase:rebase"
	elif [ -e "$g/MERGE_HEAD" ]; then echo "git merge:merge"
	elif [ -e "$g/CHERRY_PICK_HEAD" ]; then echo "git cherry-pick:cherry-pick"
	elif [ -e "$g/REVERT_HEAD" ]; then echo "git revert:revert"
	elif [ -e "$g/BISECT_LOG" ]; then echo "git bisect:bisect"
	fi
}
what=$(inprogress)
if [ -n "$what" ]; then
	if [ "${what#*:}" = bisect ]; then
		die "build/src: a git bisect is under way: the kernels are built from the commit it checked out; tree.sh does not move it (git -C build/src bisect reset ends it)"
	fi
	die "build/src: a ${what%%:*} is under way: finish it (git -C build/src ${what#*:} --continue) or abort it (--abort), then run this again"
fi
if [ -e "$SERIES_LOCK" ] && kill -0 "$(cat "$SERIES_LOCK" 2>/dev/null || echo 0)" 2>/dev/null; then
	die "build/src: make patches (pid $(cat "$SERIES_LOCK")) is building the series patch by patch; wait for it, or stop it"
fi
branch=$(sgit symbolic-ref -q --short HEAD || true)
if [ -z "$branch" ]; then
	# What a per-patch build that was stopped leaves: a commit of the
	# series, and nothing else.
	if [ -z "$(series_uncommitted)" ] && sgit merge-base --is-ancestor HEAD series; then
		sgit checkout -q series
	else
		die "build/src's HEAD is detached at $(sgit log -1 --format='%h %s'), not a clean commit of the series: keep its commits (git -C build/src branch -f series HEAD; git -C build/src checkout series) or leave them (git -C build/src checkout series)"
	fi
elif [ "$branch" != series ]; then
	die "build/src is on branch $branch: the kernels are built from the branch series (git -C build/src checkout series)"
fi

synced_commit=none
synced_digest=none
read -r synced_commit synced_digest <"$SERIES_STATE" 2>/dev/null || true
head=$(sgit rev-parse series)
digest=$(repo_digest)
repo_changed=0
src_changed=0
[ "$digest" = "$synced_digest" ] || repo_changed=1
[ "$head" = "$synced_commit" ] || src_changed=1
if [ $mode = sync ] && [ $repo_changed = 1 ] && [ $src_changed = 1 ]; then
	# A run stopped between writing one side and recording it, or a
	# record lost: nothing to choose if the two are the same series.
	import_series
	if same_series "$IMPORTED" series && [ -z "$(snapshot_problems series)" ]; then
		record
		repo_changed=0
		src_changed=0
	else
		echo "  build/src's series: $(sgit rev-list --count "$synced_commit..series" 2>/dev/null || echo "?") commits since tree.sh last brought it and the repository together" >&2
		die "both build/src's series and the repository's patches/ or copies of new files changed since tree.sh last brought them together: keep build/src's (scripts/tree.sh --export: the repository's are replaced, and kept in build/series/replaced/) or the repository's (scripts/tree.sh --import: build/src's series is kept as the branch series-before-import); nothing was changed"
	fi
fi
if [ $mode = import ] || { [ $mode = sync ] && [ $repo_changed = 1 ]; }; then
	if [ -n "$(series_uncommitted)" ]; then
		series_uncommitted | sed 's/^/  /' >&2
		die "build/src has edits in no commit (above) and patches/ is to be read in: commit them (git -C build/src add -f FILE; git -C build/src commit) or put them away (git -C build/src stash --all), then run this again"
	fi
	say "build/src: git am of patches/"
	import_series
	check_snapshot "$IMPORTED"
	if ! same_series "$IMPORTED" "$head"; then
		if [ "$head" = "$(sgit rev-parse base)" ]; then
			sgit checkout -q -B series "$IMPORTED"
		else
			sgit branch -f series-before-import series
			sgit checkout -q -B series "$IMPORTED"
			say "build/src: the series read in from patches/ (the one before is the branch series-before-import)"
		fi
	fi
	record
elif [ $mode = export ] || [ $src_changed = 1 ]; then
	export_series
	record
fi

if [ -n "$(series_uncommitted)" ]; then
	series_uncommitted | sed 's/^/  /' >&2
	say "note: build/src has edits in no commit (above): the kernels built now have them, the series does not, and make test fails until they are committed (git -C build/src add -f NEWFILE; git -C build/src commit --fixup=COMMIT; git -C build/src rebase -i --autosquash base) or dropped (git -C build/src checkout -- FILE)"
fi
