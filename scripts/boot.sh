#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot one kernel flavour with the initramfs under QEMU (TCG) and run a
# guest job. The kernel console goes to $out/console.log, the job's output
# (second serial port) to $out/job.log. A guest that does not power off in
# time is killed and the console's last 50 lines are printed.
source "$(dirname "$0")/lib.sh"

fl=${1:?usage: boot.sh FLAVOUR JOB OUTDIR [TIMEOUT] [EXTRA-CMDLINE]}
job=${2:?job}
out=${3:?outdir}
timeout_s=${4:-300}
extra=${5:-}
kernel=$(flavour_obj "$fl")/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel: build it first"
[ -f "$BUILD/initramfs.cpio" ] || die "no initramfs: build it first"
mkdir -p "$out"
rm -f "$out/console.log" "$out/job.log"

# KVM is present on this machine but hangs: TCG only. -no-reboot turns the
# guest's final reboot into QEMU's exit. no5lvl: with -cpu max the guest
# would use 5-level paging, and 6.12's identify_cpu() clears the CPU's
# feature bits (LA57 among them) while interrupts may come; KASAN's address
# check then takes a direct-map address for a wild one (seen once at boot:
# "wild-memory-access in do_raw_spin_lock" under handle_edge_irq()).
set +e
timeout --foreground -k 10 "$timeout_s" qemu-system-x86_64 \
	-accel tcg,thread=multi -cpu max -smp 2 -m 2G -no-reboot \
	-display none -monitor none -nodefaults \
	-kernel "$kernel" -initrd "$BUILD/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=7 no5lvl wb.job=$job $extra" \
	-serial "file:$out/console.log" -serial "file:$out/job.log" </dev/null
rc=$?
set -e
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "---- last 50 console lines ($out/console.log) ----" >&2
	tail -n 50 "$out/console.log" >&2
	die "[$fl/$job] the guest did not finish within ${timeout_s}s and was killed"
fi
[ $rc -eq 0 ] || die "[$fl/$job] qemu exited with status $rc (console: $out/console.log)"
grep -q '^WB-EXIT ' "$out/job.log" || {
	echo "---- last 50 console lines ($out/console.log) ----" >&2
	tail -n 50 "$out/console.log" >&2
	die "[$fl/$job] the guest stopped before its job finished (kernel panic?)"
}
