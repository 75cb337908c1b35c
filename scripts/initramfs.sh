#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest's user space: busybox, the guest/ scripts and the test
# programs (Landlock's selftests and the project's own, linked statically),
# packed as one initramfs shared by both kernels.
source "$(dirname "$0")/lib.sh"

hdr_obj=$(flavour_obj run)
logged headers kmake run headers_install

# Selftests to build: kselftest directories, each built into
# $BUILD/selftests/<dir>.
# bpf_path_iter's BPF objects are compiled against the run kernel's BTF;
# CO-RE relocates them for the test kernel.
SELFTESTS=(landlock walk_ancestors bpf_path_iter)
for t in "${SELFTESTS[@]}"; do
	mkdir -p "$BUILD/selftests/$t"
	logged "selftests-${t//\//-}" make -C "$SRC/tools/testing/selftests/$t" \
		OUTPUT="$BUILD/selftests/$t" \
		KHDR_INCLUDES="-isystem $hdr_obj/usr/include" \
		VMLINUX_BTF="$hdr_obj/vmlinux" \
		LDFLAGS=-static CC=gcc -j"$JOBS"
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
echo "root:x:0:0:root:/:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
for t in "${SELFTESTS[@]}"; do
	mkdir -p "$root/selftests/$t"
	find "$BUILD/selftests/$t" -maxdepth 1 -type f -perm -u+x \
		-exec cp {} "$root/selftests/$t/" \;
done
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$BUILD/initramfs.cpio.new"
mv "$BUILD/initramfs.cpio.new" "$BUILD/initramfs.cpio"
