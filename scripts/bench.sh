#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: build the run kernel and the one with Landlock's unchanged
# walk, as QEMU (TCG) and as User-Mode Linux (native) kernels; run each
# with its benchmark job; turn the results into Markdown tables and PNG
# plots in build/bench/. The UML kernels run pinned to one host CPU
# (boot.sh), alternately, UM_ROUNDS times each (default 3).
source "$(dirname "$0")/lib.sh"

"$TOP/scripts/deps.sh" bench
"$TOP/scripts/tree.sh"
for fl in run oldwalk um um-oldwalk; do
	"$TOP/scripts/kbuild.sh" "$fl"
done
"$TOP/scripts/initramfs.sh"
qemu=() uml=()
bench() { # bench FLAVOUR JOB OUTDIR: one boot; its job log joins the lists
	"$TOP/scripts/boot.sh" "$1" "$2" "$3" 1800 "kunit.enable=0"
	python3 "$TOP/scripts/results.py" scan "$3/console.log"
	grep -q '^WB-EXIT 0' "$3/job.log" || die "the $1 $2 job failed: $3/job.log"
	if is_um "$1"; then uml+=("$3/job.log"); else qemu+=("$3/job.log"); fi
}
say "[run] benchmarks under QEMU (a few minutes under TCG)"
bench run bench "$BUILD/boot-run-bench"
say "[oldwalk] Landlock benchmark under QEMU"
bench oldwalk bench-oldwalk "$BUILD/boot-oldwalk-bench"
for r in $(seq 1 "${UM_ROUNDS:-3}"); do
	say "[um, um-oldwalk] benchmarks natively (UML), round $r"
	bench um bench "$BUILD/boot-um-bench-$r"
	bench um-oldwalk bench-oldwalk "$BUILD/boot-um-oldwalk-bench-$r"
done
python3 "$TOP/scripts/bench.py" "$BUILD/bench" --qemu "${qemu[@]}" --uml "${uml[@]}"
