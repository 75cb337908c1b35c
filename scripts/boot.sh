#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot one kernel flavour with the initramfs under QEMU (TCG), or run a UML
# flavour's `linux` with it, and run a guest job. The kernel console goes to
# $out/console.log, the job's output (second serial port) to $out/job.log.
# A guest that does not power off in time is killed and the console's last
# 50 lines are printed.
source "$(dirname "$0")/lib.sh"

fl=${1:?usage: boot.sh FLAVOUR JOB OUTDIR [TIMEOUT] [EXTRA-CMDLINE]}
job=${2:?job}
out=${3:?outdir}
timeout_s=${4:-300}
extra=${5:-}
kernel=$(flavour_image "$fl")
[ -f "$kernel" ] || die "no kernel at $kernel: build it first"
[ -f "$BUILD/initramfs.cpio" ] || die "no initramfs: build it first"
mkdir -p "$out"
rm -f "$out/console.log" "$out/job.log"

# User-Mode Linux: the kernel is a host process, pinned to one host CPU
# (UM_CPU, default 0) with everything it forks, for steady timings. The
# console (con0) writes to stdout, the job's serial line (ttyS1) to fd 3;
# the guest powers off (a UML reboot would start it again); a panic ends
# the process (no core file). $out/hostfs is the guest's hostfs (the
# job's wb.hostfs=): a fresh host directory for tests that need one.
run_um() {
	local hostfs
	rm -rf --one-file-system "$out/hostfs"
	mkdir -p "$out/hostfs"
	hostfs=$(realpath "$out/hostfs")
	(
		ulimit -c 0
		exec timeout --foreground -k 10 "$timeout_s" taskset -c "${UM_CPU:-0}" \
			"$kernel" mem=2G initrd="$BUILD/initramfs.cpio" \
			con0=null,fd:1 con=null ssl=null ssl1=null,fd:3 console=tty0 \
			loglevel=7 wb.uml=1 wb.job="$job" wb.hostfs="$hostfs" $extra \
			</dev/null >"$out/console.log" 2>&1 3>"$out/job.log"
	)
	local r=$?
	rm -rf --one-file-system "$out/hostfs"
	return $r
}

# KVM is present on this machine but hangs: TCG only. -no-reboot turns the
# guest's final reboot into QEMU's exit. no5lvl: with -cpu max the guest
# would use 5-level paging, and 6.12's identify_cpu() clears the CPU's
# feature bits (LA57 among them) while interrupts may come; KASAN's address
# check then takes a direct-map address for a wild one (seen once at boot:
# "wild-memory-access in do_raw_spin_lock" under handle_edge_irq()).
run_qemu() {
	timeout --foreground -k 10 "$timeout_s" qemu-system-x86_64 \
		-accel tcg,thread=multi -cpu max -smp 2 -m 2G -no-reboot \
		-display none -monitor none -nodefaults \
		-kernel "$kernel" -initrd "$BUILD/initramfs.cpio" \
		-append "console=ttyS0 panic=-1 oops=panic loglevel=7 no5lvl wb.job=$job $extra" \
		-serial "file:$out/console.log" -serial "file:$out/job.log" </dev/null
}

set +e
if is_um "$fl"; then run_um; else run_qemu; fi
rc=$?
set -e
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "---- last 50 console lines ($out/console.log) ----" >&2
	tail -n 50 "$out/console.log" >&2
	die "[$fl/$job] the guest did not finish within ${timeout_s}s and was killed"
fi
# A UML kernel's own exit status is not QEMU's: only the job's end counts.
is_um "$fl" || [ $rc -eq 0 ] ||
	die "[$fl/$job] qemu exited with status $rc (console: $out/console.log)"
grep -q '^WB-EXIT ' "$out/job.log" || {
	echo "---- last 50 console lines ($out/console.log) ----" >&2
	tail -n 50 "$out/console.log" >&2
	die "[$fl/$job] the guest stopped before its job finished (status $rc; kernel panic?)"
}
