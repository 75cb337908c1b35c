#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own documentation build on the pages the series touches:
# `make htmldocs SPHINXDIRS=...` (Sphinx with the kernel's extensions, so
# kernel-doc directives, the C domain and cross-references are processed for
# real) for every Documentation folder that holds a touched page. Fails on
# any warning or error Sphinx or kernel-doc reports in a file the series
# touches (a page, or a source file a kernel-doc directive reads), on a
# failed build, and on a touched page that produced no HTML. Warnings in
# files the series does not touch are the pristine tree's own (a folder
# built alone cannot resolve links into the others): printed, not counted.
#
#   htmldocs.sh TREE WORKDIR FILE...
#
# FILE: every file the series touches, relative to TREE. The build writes
# into its source tree (netlink specs, Python caches), so it runs on a copy
# of TREE made of hard links in WORKDIR/src (a second), with O=WORKDIR/obj;
# TREE is not changed.
source "$(dirname "$0")/lib.sh"

src=${1:?usage: htmldocs.sh TREE WORKDIR FILE...}
work=$(realpath -m "${2:?usage: htmldocs.sh TREE WORKDIR FILE...}")
shift 2
[ -f "$src/Documentation/conf.py" ] || die "htmldocs: no kernel tree at $src"
tree=$work/src
obj=$work/obj
rm -rf "$tree"
mkdir -p "$work"
cp -al "$src" "$tree"

mapfile -t pages < <(printf '%s\n' "$@" | grep '^Documentation/.*\.rst$' || true)
[ ${#pages[@]} -gt 0 ] || die "htmldocs: the series touches no Documentation page"
dirs=$(printf '%s\n' "${pages[@]}" | cut -d/ -f2 | sort -u | tr '\n' ' ')
dirs=${dirs% }

mkdir -p "$obj"
log=$obj/htmldocs.log
echo "htmldocs: make htmldocs SPHINXDIRS=\"$dirs\" (log: $log)"
if ! make -C "$tree" O="$obj" htmldocs SPHINXDIRS="$dirs" >"$log" 2>&1; then
	tail -n 30 "$log"
	die "htmldocs: the documentation build failed"
fi

# Each message names its file as an absolute path in TREE or relative to it:
# "FILE:LINE: WARNING: ..." (Sphinx), "FILE:LINE: warning: ..." (kernel-doc).
bad=0
while IFS= read -r line; do
	f=${line%%:*}
	f=${f#"$tree"/}
	f=${f#./}
	if printf '%s\n' "$@" | grep -Fqx -- "$f"; then
		echo "ours: $line"
		bad=1
	else
		echo "not ours (pristine): $line"
	fi
done < <(grep -E '^[^ :]+:[0-9]+: *(WARNING|ERROR|SEVERE|CRITICAL|warning|error)' "$log" | sort -u)

for p in "${pages[@]}"; do
	d=$(echo "$p" | cut -d/ -f2)
	html=$obj/Documentation/output/$d/${p#Documentation/"$d"/}
	html=${html%.rst}.html
	[ -s "$html" ] || { echo "no HTML for $p ($html)"; bad=1; }
done
[ $bad = 0 ] || die "htmldocs: warnings in the series' files, or pages missing (above)"
echo "htmldocs: ${#pages[@]} pages built in $dirs, no warning in the series' files"
