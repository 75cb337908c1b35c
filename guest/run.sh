#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The demo: what the main command shows a person.
echo "Kernel: $(uname -r)"
echo
echo "Rust sample, from the kernel log:"
dmesg | grep -i 'rust minimal sample' | sed 's/^/  /'
echo
echo "Active LSMs (/sys/kernel/security/lsm):"
echo "  $(cat /sys/kernel/security/lsm)"
echo
echo "=== The walkrules demo (samples/rust/rust_walkrules.rs) ==="
echo
/selftests/walk_ancestors/walkrules_demo
echo
echo "=== The BPF path iterators (fs/bpf_fs_kfuncs.c), from BPF LSM programs ==="
echo
/selftests/bpf_path_iter/path_iter_demo
echo
echo "=== An exec audit as a BPF tool would write it (selftests/bpf/progs/exec_audit.c) ==="
echo "A tracing program (tp_btf/sched_process_exec) walks lockless from the executable and"
echo "builds its path from race-checked names; execs beneath /tmp/ea/watched (a tmpfs) are reported."
echo
mkdir -p /tmp/ea/watched /tmp/ea/other
mount -t tmpfs tmpfs /tmp/ea/watched
mkdir -p /tmp/ea/watched/bin
cp /bin/busybox /tmp/ea/watched/bin/true
cp /bin/busybox /tmp/ea/other/true
/selftests/bpf_path_iter/exec_audit /tmp/ea/watched -- /bin/sh -c \
	'/tmp/ea/other/true; /tmp/ea/watched/bin/true; cd /tmp/ea/watched && ./bin/true'
