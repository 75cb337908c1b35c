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
#       overwritten; the project's git has them)
#   scripts/tree.sh --import   patches/ into build/src, whatever build/src's
#       series holds (it is kept as the branch series-before-import)
#   scripts/tree.sh --am-only  git am of patches/ onto base in a work tree of
#       its own; print the last commit (build/src is left alone)
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
--am-only) mode=am-only ;;
'') ;;
*) die "usage: tree.sh [--export | --import | --am-only]" ;;
esac

stamp=$BUILD/pristine/.extracted
if [ "$(cat "$stamp" 2>/dev/null)" != "$KSRC_VERSION" ]; then
	say "extracting $KSRC_PKG $KSRC_VERSION"
	rm -rf "$BUILD/pristine" "$SRC"
	mkdir -p "$BUILD/pristine"
	tar -C "$BUILD/pristine" -xf "$KSRC_TARBALL" ||
		die "could not extract $KSRC_TARBALL"
	[ -f "$PRISTINE/Makefile" ] || die "$KSRC_TARBALL has no $KSRC_TOPDIR/Makefile"
	echo "$KSRC_VERSION" >"$stamp"
fi

# import_series: `git am` patches/ onto base in a work tree of its own
# ($SERIES_AM), check the repository's new files against the result;
# prints the new series' last commit.
import_series() {
	local patches recorded base
	mapfile -t patches < <(repo_patches)
	[ ${#patches[@]} -gt 0 ] || die "patches/ holds no NNNN-*.patch"
	base=$(sgit rev-parse base)
	recorded=$(sed -n 's/^base-commit: //p' "${patches[0]}")
	if [ -z "$recorded" ]; then
		say "note: ${patches[0]#"$TOP"/} records no base-commit" >&2
	elif [ "$recorded" != "$base" ]; then
		die "patches/ is based on $recorded; the pristine $KSRC_VERSION committed in $SRC is $base"
	fi
	if [ ! -e "$SERIES_AM/.git" ] ||
		! sgit worktree list --porcelain | grep -qxF "worktree $SERIES_AM"; then
		sgit worktree prune
		mkdir -p "$(dirname "$SERIES_AM")"
		rm -rf "$SERIES_AM"
		say "a work tree for git am: $SERIES_AM (once)" >&2
		sgit worktree add -q --detach "$SERIES_AM" base >&2
	fi
	am() { GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null git -C "$SERIES_AM" "$@"; }
	am am --abort >/dev/null 2>&1 || true
	am checkout -q -f --detach base
	am clean -q -fdx
	if ! env "${SERIES_ENV[@]}" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null \
		git -C "$SERIES_AM" am -q --committer-date-is-author-date "${patches[@]}" >&2; then
		am am --abort >/dev/null 2>&1 || true
		die "git am: patches/ does not apply onto base (above)"
	fi
	local head problems
	head=$(am rev-parse HEAD)
	problems=$(snapshot_problems "$head")
	if [ -n "$problems" ]; then
		echo "$problems" | sed 's/^/  /' >&2
		die "the repository's new files are not the series' (above): a new file is changed in build/src, as a commit, not in the repository (README, \"The editing workflow\"); git checkout puts the repository's copy back"
	fi
	echo "$head"
}

# export_series: build/src's series into patches/ and the snapshot.
export_series() {
	local bad tmp f mode n
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
	tmp=$(mktemp -d)
	series_format "$tmp"
	while IFS= read -r f; do
		case $f in
		*/*) ;;
		*) die "the series adds $f at the top of the tree: the repository cannot keep it there" ;;
		esac
		printf '%s\n' "${SNAPSHOT_DIRS[@]}" | grep -qx "${f%%/*}" ||
			die "the series adds $f: add ${f%%/*} to SNAPSHOT_DIRS (scripts/series-lib.sh)"
		mode=$(sgit ls-tree series -- "$f" | cut -d' ' -f1)
		case $mode in 100644 | 100755) ;; *) die "the series adds $f with mode $mode: only files" ;; esac
	done < <(series_new_files)
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
	say "exported build/src's series ($n commits) to patches/ and its new files to their kernel paths: commit them in the repository (git status)"
}

record() { echo "$(sgit rev-parse series) $(repo_digest)" >"$SERIES_STATE"; }

# The first time: the pristine tree as the commit `base`, from the
# extracted files (a tree tree.sh assembled before this design keeps its
# files and their times: only what git finds different is rewritten).
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
	base=$(echo "Debian $KSRC_PKG $KSRC_VERSION" |
		(export "${SERIES_ENV[@]}" GIT_AUTHOR_DATE=2025-01-01T00:00:00Z \
			GIT_COMMITTER_DATE=2025-01-01T00:00:00Z && sgit commit-tree "$tree"))
	sgit update-ref refs/heads/base "$base"
	if [ $old_layout = 1 ]; then
		head=$(import_series) || exit 1
		sgit update-ref refs/heads/series "$head"
		sgit reset -q --mixed
		rm -f "$SRC"/.assembled-from "$SRC"/.managed "$SRC"/.written "$SRC"/.series-checkout
		record
	else
		sgit update-ref refs/heads/series "$base"
		sgit checkout -q -f series
		# An empty state: patches/ is new to this tree.
		echo "$base -" >"$SERIES_STATE"
	fi
fi

if [ $mode = am-only ]; then
	import_series
	exit
fi

# A rebase, am, merge or cherry-pick under way, or another branch: the
# developer's; leave it alone.
for f in rebase-merge rebase-apply MERGE_HEAD CHERRY_PICK_HEAD REVERT_HEAD; do
	[ ! -e "$SRC/.git/$f" ] ||
		die "build/src: a git ${f%%[-_]*} is under way: finish it (git -C build/src ${f%%[-_]*} --continue) or abort it (--abort), then run this again"
done
branch=$(sgit symbolic-ref -q --short HEAD || true)
if [ -z "$branch" ]; then
	# What a per-patch build (make patches, or a git rebase -x that
	# stopped) leaves: a commit of the series, and nothing else.
	if [ -z "$(series_uncommitted)" ] && sgit merge-base --is-ancestor HEAD series; then
		sgit checkout -q series
	else
		die "build/src's HEAD is detached at $(sgit log -1 --format='%h %s') (a per-patch build, a git bisect?): git -C build/src checkout series"
	fi
elif [ "$branch" != series ]; then
	die "build/src is on branch $branch: the kernels are built from the branch series (git -C build/src checkout series)"
fi

read -r synced_commit synced_digest <"$SERIES_STATE" 2>/dev/null || synced_commit=none
head=$(sgit rev-parse series)
digest=$(repo_digest)
repo_changed=0
src_changed=0
[ "$digest" = "${synced_digest:-}" ] || repo_changed=1
[ "$head" = "$synced_commit" ] || src_changed=1
if [ $mode = sync ] && [ $repo_changed = 1 ] && [ $src_changed = 1 ]; then
	echo "  build/src's series: $(sgit rev-list --count "$synced_commit..series" 2>/dev/null || echo new) commits since it was last written out or read in" >&2
	die "both build/src's series and the repository's patches/ or new files changed since tree.sh last brought them together: keep build/src's (scripts/tree.sh --export: the repository's patches/ and new files are overwritten) or the repository's (scripts/tree.sh --import: build/src's series is kept as the branch series-before-import)"
fi
if [ $mode = import ] || { [ $mode = sync ] && [ $repo_changed = 1 ]; }; then
	if [ -n "$(series_uncommitted)" ]; then
		series_uncommitted | sed 's/^/  /' >&2
		die "build/src has edits in no commit (above) and patches/ is to be read in: commit them (git -C build/src commit) or put them away (git -C build/src stash), then run this again"
	fi
	say "build/src: git am of patches/"
	new=$(import_series) || exit 1
	if [ "$new" != "$head" ]; then
		[ $mode != import ] || [ $src_changed = 0 ] || sgit branch -f series-before-import series
		sgit checkout -q -B series "$new"
	fi
	record
elif [ $mode = export ] || [ $src_changed = 1 ]; then
	export_series
	record
fi

if [ -n "$(series_uncommitted)" ]; then
	series_uncommitted | sed 's/^/  /' >&2
	say "note: build/src has edits in no commit (above): the kernels built now have them, the series does not, and make test fails until they are committed (git -C build/src commit --fixup=COMMIT, git -C build/src rebase -i --autosquash base) or dropped (git -C build/src checkout -- FILE)" >&2
fi
