#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The kernels' PAHOLE: Debian's pahole 1.24, told not to encode BTF type
# tags (__rcu, __user, __percpu) when it encodes BTF (-J).
#
# clang 14 does not emit those tags consistently across compilation units
# (struct tracepoint's funcs is __rcu-tagged in some and not in others), so
# pahole cannot deduplicate the types that reach them: 6.12's vmlinux BTF
# then had 126 structs twice, and the fs kfuncs' struct path (in
# fs/bpf_fs_kfuncs.c's copy) was not the LSM hooks' file->f_path, so the
# verifier refused &file->f_path to every path kfunc. Without the tags it
# has one of each, as a GCC-built kernel's BTF has.
case " $* " in
*" -J "*) exec pahole --skip_encoding_btf_type_tag "$@" ;;
*) exec pahole "$@" ;;
esac
