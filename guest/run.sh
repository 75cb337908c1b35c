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
