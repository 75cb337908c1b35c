#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make shell`: boot the run kernel with the test programs and give an
# interactive busybox shell on the terminal (QEMU's serial console; Ctrl-A X
# quits QEMU, `exit` or `poweroff -f` ends the guest). The selftests are in
# /selftests, the walkrules device is /dev/walkrules, the debugfs files are
# under /sys/kernel/debug.
source "$(dirname "$0")/lib.sh"

kernel=$(flavour_obj run)/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no run kernel at $kernel: make run builds it"
[ -f "$BUILD/initramfs.cpio" ] || die "no initramfs: make run builds it"
say "booting the run kernel (TCG: about half a minute); Ctrl-A X quits QEMU"
exec qemu-system-x86_64 \
	-accel tcg,thread=multi -cpu max -smp 2 -m 2G -no-reboot \
	-display none -nodefaults \
	-kernel "$kernel" -initrd "$BUILD/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 loglevel=4 no5lvl wb.job=shell" \
	-serial mon:stdio -serial null
