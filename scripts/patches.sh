#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The patch series for review. The series is build/src's branch `series`
# (tree.sh, series-lib.sh); checked here: build/src has no edit outside a
# commit; patches/ is what `git format-patch` writes of it and `git am`
# reads back as the same tree; the repository's copies of the new files are
# the series'. Then the mail, `git format-patch` with a cover letter into
# build/patches/, which also applies with `git am`; each patch has a
# subsystem-style subject, a body and a Signed-off-by and is clean under
# checkpatch --strict; kernel-doc is clean, and so is `make htmldocs` on
# the Documentation folders the series touches; rustfmt and rustdoc are
# clean (in the test kernel's object directory); and the kernel builds,
# without a warning, after every patch in the run configuration (every
# option the series adds, and BPF).
#
#   scripts/patches.sh            all of it (each patch: the kernel compiles
#                                 and vmlinux.o links), then a summary line
#   scripts/patches.sh --dirs     each patch: the directories it changes
#                                 compile (see below)
#   scripts/patches.sh --no-bisect   everything but the per-patch builds
#                                 (make test)
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

source "$TOP/scripts/series-lib.sh"
S=$BUILD/series
OUT=$BUILD/patches
mkdir -p "$S"
g() { sgit "$@"; }
base=$(g rev-parse base)
head=$(g rev-parse series)
n=$(g rev-list --count "$base..$head")

# What the kernels are built from is the series: no edit outside a commit.
clean() {
	local dirty
	dirty=$(series_uncommitted)
	[ -z "$dirty" ] || { echo "$dirty"; echo "build/src has edits in no commit"; return 1; }
}
row "series: build/src has no edit outside its commits" clean
# patches/ is what git format-patch writes of the series (tree.sh wrote
# it, or read it in; a patch edited by hand in the repository reads in,
# and this says it is not in format-patch's form).
roundtrip() {
	local tmp
	tmp=$(mktemp -d)
	series_format "$tmp"
	if ! diff -r --exclude='[!0-9]*' "$tmp" "$TOP/patches" >"$tmp.diff"; then
		head -n 40 "$tmp.diff"
		rm -rf "$tmp" "$tmp.diff"
		echo "patches/ is not what git format-patch writes of build/src's series (scripts/tree.sh --export writes it)"
		return 1
	fi
	rm -rf "$tmp" "$tmp.diff"
}
row "series: patches/ is git format-patch of build/src's series ($n commits)" roundtrip
# git am reads patches/ back, onto the pristine tree, as the same tree.
am_back() {
	local new
	new=$("$TOP/scripts/tree.sh" --am-only) || return 1
	[ "$(g rev-parse "$new^{tree}")" = "$(g rev-parse "$head^{tree}")" ] ||
		{ echo "git am of patches/ gives another tree than build/src's series"; return 1; }
	[ "$(series_messages "base..$new")" = "$(series_messages "base..$head")" ] ||
		{ echo "git am of patches/ gives other authors, dates or messages than build/src's series"; return 1; }
}
row "series: git am of patches/ onto pristine $KSRC_VERSION gives the series" am_back
snapshot() {
	local problems
	problems=$(snapshot_problems "$head")
	[ -z "$problems" ] || { echo "$problems"; return 1; }
}
row "series: the repository's new files are the series' ($(series_new_files | wc -l) files)" snapshot

say "series: git format-patch into $OUT"
rm -rf "$OUT"
# The cover letter is from the series' author.
author=$(g log -1 --format='%an%x09%ae' "$head")
GIT_COMMITTER_NAME=${author%%$'\t'*} GIT_COMMITTER_EMAIL=${author#*$'\t'} \
	g format-patch -q --cover-letter --no-signature --base="$base" -o "$OUT" "$base..$head"
series cover "$TOP/docs/cover-letter.txt" "$TOP/docs/bench-results.md" \
	"$OUT/0000-cover-letter.patch"
# --base: the cover letter ends with what the series applies to, the
# pristine tree committed above (fixed dates: the same id on every machine
# for the same package).
row "series: the cover letter names its base ($(echo "$base" | cut -c1-12))" \
	grep -qx "base-commit: $base" "$OUT/0000-cover-letter.patch"
mapfile -t emitted < <(find "$OUT" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort)
[ ${#emitted[@]} -eq "$n" ] || die "format-patch wrote ${#emitted[@]} patches for $n commits"

# The mail, too, onto the pristine tree.
git_am() {
	local new
	new=$("$TOP/scripts/tree.sh" --am-only "$OUT") || return 1
	[ "$(g rev-parse "$new^{tree}")" = "$(g rev-parse "$head^{tree}")" ] ||
		{ echo "git am gave another tree than the series"; return 1; }
}
say "series: git am onto pristine $KSRC_VERSION"
row "series: git am of the $n mailed patches (build/patches) onto pristine $KSRC_VERSION" git_am

row "series: subjects, bodies and Signed-off-by" series check-messages "$OUT"/0000-*.patch "${emitted[@]}"

# checkpatch --strict: no error, no warning, no check. The one warning
# accepted is FILE_PATH_CHANGES ("does MAINTAINERS need updating?"), which
# checkpatch gives any patch that adds files without touching MAINTAINERS:
# it passes only if get_maintainer.pl finds a section other than THE REST
# for every file the patch adds (patch 4 adds the VFS ANCESTOR WALK entry).
covered() { # covered FILE: a MAINTAINERS section of its own
	# A file a later patch moves away: the sections of the folder it was in.
	while [ ! -e "$SRC/$1" ] && [ "$1" != . ]; do set -- "$(dirname "$1")"; done
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
	# (kallsyms, BTF, bzImage) is the kernels' own builds (make run, make
	# test). A step whose tree and configuration were built before (same
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
	# --dirs: each patch compiles the directories it changes
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
	# Each step checks its commit out in build/src (git writes only the
	# files that differ from the step before, so kbuild rebuilds what the
	# patch changed): not over edits in no commit. Back to the series
	# whatever ends the loop.
	[ -z "$(series_uncommitted)" ] ||
		die "build/src has edits in no commit: the per-patch builds check each commit out (commit or stash them first)"
	echo $$ >"$SERIES_LOCK"
	trap 'sgit checkout -q series; rm -f "$SERIES_LOCK"' EXIT
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
			g checkout -q --detach "$c"
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
	trap - EXIT
	g checkout -q series
	rm -f "$SERIES_LOCK"
fi

# rustfmt and rustdoc on the final tree, in a configured object directory:
# the test kernel's (make test builds it first), or else the run kernel's.
# CLIPPY=1, as kbuild.sh builds: without it kbuild would rebuild the Rust
# crates with rustc and leave objects that are not the booted kernel's.
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
