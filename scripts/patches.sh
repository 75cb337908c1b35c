#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The patch series for review: commit the project onto the pristine tree as
# patches/series says, emit it with `git format-patch` and a cover letter
# into build/patches/, and check it: it applies with `git am` to pristine
# 6.12.117 and gives exactly the tree the tests build; each patch has a
# subsystem-style subject, a body and a Signed-off-by and is clean under
# checkpatch --strict; kernel-doc is clean, and so is `make htmldocs` on the
# Documentation folders the series touches;
# rustfmt and rustdoc are clean; and the kernel builds, without a warning,
# after every patch in the run configuration (every option the series adds,
# and BPF; the run kernel itself is linked after the series, by make test).
#
#   scripts/patches.sh            all of it (each patch: the kernel compiles
#                                 and vmlinux.o links), then a summary line
#   scripts/patches.sh --dirs     each patch: the directories it changes
#                                 compile (make test; see below)
#   scripts/patches.sh --no-bisect   everything but the per-patch builds
#
# Results are rows in $WB_RESULTS (make test collects them); run alone, the
# script prints its own summary.
source "$(dirname "$0")/lib.sh"

bisect=1
mode=link
case ${1:-} in
--no-bisect) bisect=0 ;;
--dirs) mode=dirs ;;
"") ;;
*) die "usage: patches.sh [--dirs | --no-bisect]" ;;
esac
alone=0
if [ -z "${WB_RESULTS:-}" ]; then
	alone=1
	export WB_RESULTS=$BUILD/results-patches.tsv
	rm -f "$WB_RESULTS"
fi
results() { python3 "$TOP/scripts/results.py" "$@"; }
series() { python3 "$TOP/scripts/series.py" "$@"; }
row() { # row NAME CMD... : one result row from a command's status
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		results check "$name" pass
	else
		echo "$out" | tail -n 40 >&2
		results check "$name" fail "$(echo "$out" | grep -v '^\s*$' | tail -n 1 | cut -c1-100)"
	fi
}

"$TOP/scripts/deps.sh"
"$TOP/scripts/tree.sh"

S=$BUILD/series
G=$S/git
AM=$S/am
OUT=$BUILD/patches
mkdir -p "$S"
export GIT_AUTHOR_NAME=series GIT_AUTHOR_EMAIL=series@localhost \
	GIT_COMMITTER_NAME=series GIT_COMMITTER_EMAIL=series@localhost
g() { git --git-dir="$G" "$@"; }

# The base: the pristine tree as one commit, made once.
if [ "$(cat "$S/base-from" 2>/dev/null)" != "$KSRC_VERSION" ]; then
	say "series: committing pristine $KSRC_VERSION (once)"
	rm -rf "$G" "$AM" "$S/base-from"
	git init -q --bare "$G"
	(cd "$PRISTINE" && GIT_WORK_TREE=. GIT_INDEX_FILE=$S/base.index g add -A -f .)
	tree=$(GIT_INDEX_FILE=$S/base.index g write-tree)
	[ "$(g ls-tree "$tree" -- Makefile | wc -l)" = 1 ] || die "could not commit the pristine tree"
	base=$(echo "Debian linux-source-6.12 $KSRC_VERSION" |
		GIT_AUTHOR_DATE=2025-01-01T00:00:00Z GIT_COMMITTER_DATE=2025-01-01T00:00:00Z \
		g commit-tree "$tree")
	g update-ref refs/heads/base "$base"
	rm -f "$S/base.index"
	echo "$KSRC_VERSION" >"$S/base-from"
fi
base=$(g rev-parse refs/heads/base)

say "series: committing patches/series onto the base"
head=$(series commit "$G" "$base") || die "could not commit the series (above)"
g update-ref refs/heads/series "$head"
n=$(g rev-list --count "$base..$head")

# The series' last tree must be the tree the tests build.
same_tree() {
	local bad=0 f want have
	while read -r f; do
		want=$(g rev-parse -q --verify "$head:$f" 2>/dev/null || echo none)
		if [ -e "$SRC/$f" ]; then
			have=$(g hash-object "$SRC/$f")
		else
			have=none
		fi
		[ "$want" = "$have" ] || { echo "$f differs from $SRC/$f"; bad=1; }
	done < <(g diff --name-only "$base" "$head"; cat "$SRC/.managed")
	return $bad
}
row "series: its last patch gives the tree the tests build" same_tree

say "series: git format-patch into $OUT"
rm -rf "$OUT"
# The cover letter is from the series' author.
author=$(g log -1 --format='%an%x09%ae' "$head")
GIT_COMMITTER_NAME=${author%%$'\t'*} GIT_COMMITTER_EMAIL=${author#*$'\t'} \
	g format-patch -q --cover-letter --no-signature --base="$base" -o "$OUT" "$base..$head"
series cover "$TOP/patches/cover-letter.txt" "$TOP/docs/bench-results.md" \
	"$OUT/0000-cover-letter.patch"
# --base: the cover letter ends with what the series applies to, the
# pristine tree committed above (fixed dates: the same id on every machine
# for the same package).
row "series: the cover letter names its base ($(echo "$base" | cut -c1-12))" \
	grep -qx "base-commit: $base" "$OUT/0000-cover-letter.patch"
mapfile -t emitted < <(find "$OUT" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort)
[ ${#emitted[@]} -eq "$n" ] || die "format-patch wrote ${#emitted[@]} patches for $n commits"

# git am onto the pristine tree, in a work tree of its own.
git_am() {
	if [ ! -d "$AM" ]; then
		g worktree prune
		g worktree add -q --detach "$AM" "$base"
	fi
	git -C "$AM" am --abort >/dev/null 2>&1 || true
	git -C "$AM" checkout -q -f --detach "$base"
	git -C "$AM" clean -q -fdx
	git -C "$AM" am -q "${emitted[@]}" || return 1
	[ "$(git -C "$AM" rev-parse HEAD^{tree})" = "$(g rev-parse "$head^{tree}")" ] || {
		echo "git am gave another tree than the series"
		return 1
	}
}
say "series: git am onto pristine $KSRC_VERSION"
row "series: git am of the $n patches onto pristine $KSRC_VERSION" git_am

row "series: subjects, bodies and Signed-off-by" series check-messages "$OUT"/0000-*.patch "${emitted[@]}"

# checkpatch --strict: no error, no warning, no check. The one warning
# accepted is FILE_PATH_CHANGES ("does MAINTAINERS need updating?"), which
# checkpatch gives any patch that adds files without touching MAINTAINERS:
# it passes only if get_maintainer.pl finds a section other than THE REST
# for every file the patch adds (patch 4 adds the VFS ANCESTOR WALK entry).
covered() { # covered FILE: a MAINTAINERS section of its own
	(cd "$SRC" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --sections -f "$1" 2>/dev/null) |
		grep -v '^[[:space:]]\|^$\|^[A-Z]:\|^THE REST$' | head -n 1
}
checkpatch() { # checkpatch PATCH COMMIT
	local out other f sec
	out=$(cd "$SRC" && scripts/checkpatch.pl --strict --terse --show-types "$1" 2>&1) && return 0
	other=$(echo "$out" | grep -E ': (ERROR|WARNING|CHECK):' | grep -v ':FILE_PATH_CHANGES:')
	if [ -n "$other" ] || ! echo "$out" | grep -q 'total: 0 errors'; then
		echo "$out"
		return 1
	fi
	for f in $(g diff-tree --no-commit-id --diff-filter=A --name-only -r "$2"); do
		sec=$(covered "$f")
		[ -n "$sec" ] || { echo "$f is added but no MAINTAINERS section covers it"; return 1; }
		echo "accepted FILE_PATH_CHANGES: $f is in $sec" >>"$S/checkpatch-accepted"
	done
}
rm -f "$S/checkpatch-accepted"
k=0
for c in $(g rev-list --reverse "$base..$head"); do
	p=${emitted[$k]}
	k=$((k + 1))
	row "checkpatch --strict: $(basename "$p")" checkpatch "$p" "$c"
done

# kernel-doc on every C file the series adds or changes (not user space):
# -none and -Wall must print nothing that the pristine file does not already
# print (6.12's kernel-doc cannot parse Landlock's pointer-to-array
# parameters, and namei.h's retry_estale() has no return description).
mapfile -t cfiles < <(g diff --name-only "$base" "$head" -- '*.c' '*.h' | grep -v '^tools/')
kdoc_warnings() { # kdoc_warnings TREE FILE [-Wall]
	[ -e "$1/$2" ] || return 0
	(cd "$1" && "$SRC/scripts/kernel-doc" -none ${3:-} "$2" 2>&1) |
		sed -E 's/[0-9]+/N/g' | sort -u
}
kdoc() {
	local f bad=0 new
	for f in "${cfiles[@]}"; do
		new=$(comm -23 <(kdoc_warnings "$SRC" "$f" | sort) \
			<(kdoc_warnings "$PRISTINE" "$f" | sort))
		[ -z "$new" ] || { echo "$new"; bad=1; }
		new=$(comm -23 <(kdoc_warnings "$SRC" "$f" -Wall | sort) \
			<(kdoc_warnings "$PRISTINE" "$f" -Wall | sort))
		[ -z "$new" ] || { echo "$new"; bad=1; }
	done
	return $bad
}
row "kernel-doc -none and -Wall, no new warning: ${#cfiles[@]} changed C files" kdoc

mapfile -t touched < <(g diff --name-only "$base" "$head")
mapfile -t rsts < <(printf '%s\n' "${touched[@]}" | grep '\.rst$')
row "make htmldocs (Sphinx, kernel-doc): ${rsts[*]}" "$TOP/scripts/htmldocs.sh" "$SRC" "$BUILD/docs" "${touched[@]}"

if [ $bisect = 1 ]; then
	# Every patch, in the run configuration: it has every option the series
	# adds (the test configuration adds debug options, KASAN and lockdep,
	# which make each step about 1.6 times as long: measured 2026-12-02 on a
	# fresh clone, the test configuration's per-patch builds took 34 min, 14.5
	# of them the first build and 9.3 the patch that changes linux/btf.h).
	# The debug configuration's code paths are compiled once, at the end, by
	# the test kernel's own build. Each step compiles everything and links
	# vmlinux.o (modpost runs on it): what a patch can break; the final link
	# (kallsyms, BTF, bzImage) is the run kernel's own build, after the
	# series. A step whose tree and configuration were built before (same
	# hashes) is not built again. The hashes include what judges a build: kbuild.sh,
	# its warning checks, the toolchain and its versions.
	tools=$({
		cat "$TOP/scripts/kbuild.sh" "$TOP/scripts/project-warnings.py" \
			"$TOP/scripts/pahole-no-type-tags.sh" "$TOP/scripts/patches.sh"
		printf '%s\n' "${KMAKE_RUST[@]}"
		/usr/bin/rustc --version
		clang --version | head -n 1
		"$HOME/.cargo/bin/bindgen" --version
		pahole --version
	} 2>&1 | sha256sum | cut -c1-16)
	# --dirs (make test): each patch compiles the directories it changes
	# (kbuild's directory targets: every object in them, with the
	# patch's headers), and nothing is linked until the run kernel's own
	# build after the series. Measured 2026-12-02 (README, "Measured
	# times"): the whole-kernel steps took 48 min, 27 beyond the first
	# build, about 13 of them the patch that changes linux/btf.h (bpf.h
	# includes it, so most of the kernel compiles a second time); the
	# directory steps 16 min, the btf.h patch 2.5.
	# What --dirs cannot see: a patch that breaks a file outside the
	# directories it changes (through a header) or the link, where a
	# later patch repairs it; `make patches` builds and links every step.
	# step_dirs COMMIT: the directories its files are in; "whole" if it
	# changes what every directory reads (a top-level file) or only
	# headers; nothing if only documentation, tools/ or MAINTAINERS.
	step_dirs() {
		local files
		files=$(g diff-tree --no-commit-id --name-only -r "$1")
		echo "$files" | awk '
			/^(Documentation\/([^K].*|K[^c].*)|tools\/.*|MAINTAINERS)$/ { next }
			/^(include|arch\/[^\/]*\/include)\// { hdr = 1; next }
			!/\// || /^Documentation\// { whole = 1; next }
			/^rust\// { d["rust/"] = 1; next }
			{ sub(/[^\/]*$/, ""); d[$0] = 1 }
			END {
				n = 0
				for (x in d) n++
				if (whole || (hdr && n == 0)) { print "whole"; exit }
				for (x in d) print x
			}' | sort -u |
			awk '$0 == "whole" { print; exit }
			{ for (i = 1; i <= n; i++) if (index($0, p[i]) == 1) next; p[++n] = $0; print }'
	}
	# A step that fails leaves $SRC at its tree: back to the final tree
	# whatever ends the loop.
	trap '"$TOP/scripts/tree.sh"' EXIT
	for fl in run; do
		fh="$(hash_files $(flavour_frags "$fl")) $tools $mode"
		k=0
		prev_ok=1
		for c in $(g rev-list --reverse "$base..$head"); do
			k=$((k + 1))
			key="$fl $(g rev-parse "$c^{tree}") $fh"
			targets=(vmlinux_o)
			name="bisect: $fl kernel compiles, vmlinux.o links after patch $k/$n"
			if [ $mode = dirs ]; then
				mapfile -t targets < <(step_dirs "$c")
				if [ "${targets[*]}" = whole ] || [ ${#targets[@]} = 0 ]; then
					targets=(vmlinux_o)
				else
					name="bisect: $fl kernel, the directories patch $k/$n changes compile"
				fi
				key="$key ${targets[*]}"
			fi
			if grep -qxF "$key" "$S/built" 2>/dev/null; then
				results check "$name" pass "(this tree and configuration built before)"
				prev_ok=1
				continue
			fi
			# A patch that changes only what the kernel's build never
			# reads (documentation other than Kconfig files, tools/,
			# MAINTAINERS) builds as the patch before it did.
			files=$(g diff-tree --no-commit-id --name-only -r "$c")
			if [ $k -gt 1 ] && ! grep -qvE '^(Documentation/([^K].*|K[^c].*)|tools/.*|MAINTAINERS)$' <<<"$files"; then
				if [ $prev_ok = 1 ]; then
					results check "$name" pass "(changes only documentation or tools/: built as patch $((k - 1)))"
				else
					results check "$name" fail "(changes only documentation or tools/, after patch $((k - 1)), which did not build)"
				fi
				continue
			fi
			say "[$fl] bisect: patch $k/$n: $(g log -1 --format=%s "$c") (make ${targets[*]})"
			series checkout "$G" "$base" "$head" "$c" "$SRC"
			if WB_BISECT=$k "$TOP/scripts/kbuild.sh" "$fl" "${targets[@]}"; then
				results check "$name" pass "${targets[*]}"
				echo "$key" >>"$S/built"
				prev_ok=1
			else
				results check "$name" fail "see $LOGS/bisect-$fl-$k.log"
				prev_ok=0
			fi
		done
	done
	# Back to the final tree, whatever happened.
	trap - EXIT
	"$TOP/scripts/tree.sh"
fi

# rustfmt and rustdoc on the final tree, in a configured object directory:
# the test kernel's, which the per-patch builds configure, or else the run
# kernel's.
doc_fl=
for fl in test run; do
	if [ -f "$(flavour_obj "$fl")/.config" ]; then
		doc_fl=$fl
		break
	fi
done
if [ -n "$doc_fl" ]; then
	row "rustfmtcheck" kmake "$doc_fl" CLIPPY=1 rustfmtcheck
	rustdoc() {
		kmake "$doc_fl" CLIPPY=1 rustdoc >"$LOGS/rustdoc.log" 2>&1 ||
			{ tail -n 20 "$LOGS/rustdoc.log"; return 1; }
		! grep -E '^(warning|error)' "$LOGS/rustdoc.log"
	}
	row "make rustdoc (no warnings)" rustdoc
else
	row "rustfmtcheck and rustdoc: a configured kernel" false
fi

say "series: $OUT ($n patches and a cover letter)"
if [ $alone = 1 ]; then
	say "summary"
	results summary || exit
fi
