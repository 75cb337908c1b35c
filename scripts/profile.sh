#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make profile`: where the time of the native (UML) benchmarks goes. The
# UML kernel is a host process, so the host's perf samples it (cpu-clock:
# this machine has no hardware counters) and resolves its symbols from the
# `linux` binary. Two profiles, in build/profile/:
#   walk-MODE.txt   <debugfs>/walk_ancestors/bench in one mode (MODE: rcu,
#                   floor, ref, refloop; default rcu) from a depth-64 tree:
#                   the symbols, and vfs_walk_ancestors() annotated;
#   landlock-FLAVOUR.txt   walk_bench landlock on the um and um-oldwalk
#                   kernels: the kernel's symbols (Landlock's walk is a
#                   small part of an openat() on UML, whose system calls
#                   go through ptrace).
source "$(dirname "$0")/lib.sh"

mode=${1:-rcu}
"$TOP/scripts/deps.sh" profile
"$TOP/scripts/tree.sh"
# The test programs are built against the run kernel's headers and BTF.
for fl in run um um-oldwalk; do "$TOP/scripts/kbuild.sh" "$fl"; done
"$TOP/scripts/initramfs.sh" run
out=$BUILD/profile
mkdir -p "$out"
# Only the samples in the kernel binary: UML's user processes and the
# host's ptrace work are not the walk.
report() { # report DATA: the top symbols of the UML kernel
	perf report -i "$1" --dso linux --no-children --sort sym --stdio 2>/dev/null |
		awk '/^ +[0-9.]+%/ && n++ < 40'
}

say "[um] profiling the walk benchmark, mode $mode"
perf record -q -F 4000 -o "$out/walk-$mode.data" -- \
	"$TOP/scripts/boot.sh" um profile "$BUILD/boot-um-profile" 300 \
	"kunit.enable=0 wb.mode=$mode wb.iters=10000000"
{
	echo "# walk benchmark, mode $mode, depth 64: $(head -n 1 "$BUILD/boot-um-profile/job.log")"
	echo "# (MODE ITERATIONS VISITS NANOSECONDS)"
	report "$out/walk-$mode.data"
	echo
	echo "# vfs_walk_ancestors(), instructions with >= 0.5% of its samples"
	perf annotate -i "$out/walk-$mode.data" --stdio -s vfs_walk_ancestors 2>/dev/null |
		awk '$1 + 0 >= 0.5'
} >"$out/walk-$mode.txt"
for fl in um um-oldwalk; do
	say "[$fl] profiling the Landlock benchmark"
	perf record -q -F 10000 -o "$out/landlock-$fl.data" -- \
		"$TOP/scripts/boot.sh" "$fl" profile-landlock "$BUILD/boot-$fl-profile" 600 \
		"kunit.enable=0"
	report "$out/landlock-$fl.data" >"$out/landlock-$fl.txt"
done
say "profiles: $out/*.txt"
sed -n 1,20p "$out/walk-$mode.txt"
