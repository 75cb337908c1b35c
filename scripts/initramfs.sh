#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest's user space: busybox, the guest/ scripts and the test
# programs (Landlock's selftests and the project's own, linked statically),
# packed as one initramfs shared by both kernels.
source "$(dirname "$0")/lib.sh"

#   scripts/initramfs.sh [FLAVOUR]   the kernel whose UAPI headers and BTF
#                                    the tests are built with (default: run)
hdr_fl=${1:-run}
hdr_obj=$(flavour_obj "$hdr_fl")
[ -f "$hdr_obj/vmlinux" ] ||
	die "initramfs.sh: no $hdr_obj/vmlinux: build the $hdr_fl kernel first (scripts/kbuild.sh $hdr_fl)"
logged headers kmake "$hdr_fl" headers_install

# The selftests, the kselftest way: `make -C tools/testing/selftests
# TARGETS=... install` builds them (objects in $BUILD/selftests/kselftest/)
# and installs them with their settings and config files, the runner and
# kselftest-list.txt (the tests to run) into $BUILD/kselftest, which becomes
# the guest's /selftests. FORCE_TARGETS: a collection that fails to build
# fails the install (kselftest otherwise carries on without it).
# bpf_path_iter's BPF objects are compiled against that kernel's BTF;
# CO-RE relocates them for the others.
rm -rf "$BUILD/kselftest"
logged selftests make -C "$SRC/tools/testing/selftests" \
	TARGETS="${SELFTESTS[*]}" FORCE_TARGETS=1 \
	O="$BUILD/selftests" KSFT_INSTALL_PATH="$BUILD/kselftest" \
	KHDR_INCLUDES="-isystem $hdr_obj/usr/include" \
	VMLINUX_BTF="$hdr_obj/vmlinux" \
	LDFLAGS=-static CC=gcc -j"$JOBS" install
for t in "${SELFTESTS[@]}"; do
	grep -q "^$t:" "$BUILD/kselftest/kselftest-list.txt" ||
		die "selftests: $t has no test in $BUILD/kselftest/kselftest-list.txt"
done

root=$BUILD/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,wb,selftests}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
cp "$TOP/guest/init" "$root/init"
cp "$TOP"/guest/*.sh "$root/wb/"
# kselftest's runner times tests out with /usr/bin/timeout (GNU's options).
cp "$TOP/guest/timeout" "$root/usr/bin/timeout"
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
cp -a "$BUILD/kselftest/." "$root/selftests/"
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$BUILD/initramfs.cpio.new"
mv "$BUILD/initramfs.cpio.new" "$BUILD/initramfs.cpio"
