# SPDX-License-Identifier: GPL-2.0
# The patch series as git history, shared by tree.sh, patches.sh and
# check-tree.sh. Sourced after lib.sh, not run.
#
# build/src is a git work tree. Its branch `base` is the pristine Debian
# tree as one commit (fixed author, committer and dates: the same id on
# every machine); its branch `series` is the series, one commit per patch,
# and is checked out. patches/ in the repository is what `git format-patch`
# writes of base..series (series_format), and what `git am` reads back. The
# files the series adds are kept, besides, at their kernel paths in the
# repository (SNAPSHOT_DIRS): a snapshot of series' versions, written with
# patches/ and checked against them, so that they can be read and grepped
# in a clone.

# Git on build/src with no configuration but its own, so that what the
# scripts write (patches/, the base commit) does not depend on whose
# machine it is (diff.algorithm, format.*, core.abbrev, ...).
sgit() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_SYSTEM=/dev/null GIT_DIFF_OPTS= \
		git -C "$SRC" "$@"
}
SERIES_STATE=$SRC/.git/wb-exported
SERIES_AM=$BUILD/series/am
# Held (a pid) while make patches checks commits of the series out.
SERIES_LOCK=$BUILD/series/bisect.pid
# The repository's top folders that hold the series' new files.
SNAPSHOT_DIRS=(Documentation fs include kernel lib rust samples security tools)
# The identity of what the scripts commit (the base, the commits git am
# makes of patches/; a commit's author is the patch's).
SERIES_ENV=(GIT_AUTHOR_NAME=series GIT_AUTHOR_EMAIL=series@localhost
	GIT_COMMITTER_NAME=series GIT_COMMITTER_EMAIL=series@localhost)

# series_format OUTDIR [REV] [ARGS...]: base..REV (default series) as git
# format-patch writes it for patches/: no numbers in the subjects (adding a
# patch renames files, not every subject), no commit ids or git version
# (the same text on every machine), abbreviated ids of 12 digits, the base
# recorded at the end of the first patch. Run from the work tree: the
# kernel's .gitattributes choose the hunk headers' function names.
# build/src's own .git/config is the developer's: what it could set that
# changes the text is set back here.
FORMAT_CONFIG=(-c diff.context=3 -c diff.interHunkContext=0 -c diff.noprefix=false
	-c diff.mnemonicPrefix=false -c diff.relative=false -c diff.suppressBlankEmpty=false
	-c core.abbrev=12 -c format.signOff=false -c format.thread=false
	-c format.suffix=.patch -c format.subjectPrefix=PATCH -c format.coverLetter=false
	-c format.useAutoBase=false -c i18n.logOutputEncoding=UTF-8)
series_format() {
	local out=$1 rev=${2:-series}
	shift 2 || shift
	sgit "${FORMAT_CONFIG[@]}" format-patch -q --zero-commit --no-signature --no-numbered \
		--abbrev=12 -U3 --no-renames --diff-algorithm=myers --no-notes --base=base \
		-o "$out" "$@" "base..$rev"
}

# series_messages A..B: each commit's author, date and message, which git am
# must read back as they are (a "[tag]" in a subject or a line "---" in a
# body would not be).
series_messages() { sgit log --reverse --format='%an <%ae> %ad%n%B%n--' --date=raw "$1"; }

# The patches of patches/, in order.
repo_patches() { find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' | sort; }

# The repository's copies of new files (every file in SNAPSHOT_DIRS).
snapshot_files() {
	local d
	for d in "${SNAPSHOT_DIRS[@]}"; do
		[ ! -d "$TOP/$d" ] || (cd "$TOP" && find "$d" \( -type f -o -type l \))
	done | sort
}

# What the series adds at REV (default series); names unquoted.
series_new_files() { sgit -c core.quotePath=false diff --name-only --diff-filter=A "base" "${1:-series}" | sort; }

# A digest of what the repository holds of the series: patches/ and the
# snapshot (names, contents, the executable bit).
repo_digest() {
	{
		repo_patches | sed "s|^$TOP/||"
		snapshot_files
	} | while read -r f; do
		printf '%s %s %s\n' "$f" "$([ -x "$TOP/$f" ] && echo x || echo -)" \
			"$(sha256sum <"$TOP/$f" | cut -c1-64)"
	done | sha256sum | cut -c1-64
}

# snapshot_problems REV: how the repository's new files differ from REV's;
# nothing if they are the same.
snapshot_problems() {
	local rev=$1 f mode
	comm -3 <(series_new_files "$rev") <(snapshot_files) | while IFS= read -r f; do
		case $f in
		$'\t'*) echo "${f#$'\t'} is at a kernel path in the repository, but the series does not add it" ;;
		*) echo "$f is added by the series, but the repository has no copy" ;;
		esac
	done
	while IFS= read -r f; do
		[ -f "$TOP/$f" ] || continue
		if [ "$(sgit rev-parse "$rev:$f")" != "$(sgit hash-object "$TOP/$f")" ]; then
			echo "$f differs from the series' version"
		fi
		mode=$(sgit ls-tree "$rev" -- "$f" | cut -d' ' -f1)
		if [ "$mode" = 100755 ] && [ ! -x "$TOP/$f" ]; then
			echo "$f is executable in the series, not in the repository"
		elif [ "$mode" != 100755 ] && [ -x "$TOP/$f" ]; then
			echo "$f is executable in the repository, not in the series"
		fi
	done < <(series_new_files "$rev")
}

# series_uncommitted: build/src's changes that are in no commit, new files
# included: Debian's .gitignore ignores every path ("/*", for its
# packaging), so every file git does not track counts (nothing is built in
# build/src).
series_uncommitted() {
	sgit status --porcelain=v1 --untracked-files=no
	sgit ls-files -o | sed 's/^/?? /'
}
