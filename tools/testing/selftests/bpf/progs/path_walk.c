// SPDX-License-Identifier: GPL-2.0
/*
 * Song Liu's v5 walk ("selftests/bpf: Path walk test"), rewritten: a
 * sleepable BPF LSM program, on each open by the monitored process, records
 * d_path(), the name and the user.bpf_test extended attribute of the file's
 * parent and grandparent, read on the paths the referenced iterator returns.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_experimental.h"
#include "bpf_kfuncs.h"

char _license[] SEC("license") = "GPL";

#define WALK_DEPTH	2
#define WALK_PATH_MAX	256
#define WALK_XATTR_MAX	32

__u32 monitored_pid;
int walked;
int path_len[WALK_DEPTH];
char path[WALK_DEPTH][WALK_PATH_MAX];
char name[WALK_DEPTH][WALK_PATH_MAX];
int xattr_len[WALK_DEPTH];
char xattr[WALK_DEPTH][WALK_XATTR_MAX];

SEC("lsm.s/file_open")
int BPF_PROG(parent_and_grandparent, struct file *f)
{
	struct bpf_dynptr value;
	struct path *p;
	int i = 0;

	if ((bpf_get_current_pid_tgid() >> 32) != monitored_pid)
		return 0;
	bpf_for_each(path, p, &f->f_path, 0) {
		struct dentry *d = p->dentry;

		if (i >= WALK_DEPTH || !d)
			break;
		path_len[i] = bpf_path_d_path(p, path[i], WALK_PATH_MAX);
		bpf_probe_read_kernel_str(name[i], WALK_PATH_MAX, d->d_name.name);
		bpf_dynptr_from_mem(xattr[i], WALK_XATTR_MAX, 0, &value);
		xattr_len[i] = bpf_get_dentry_xattr(d, "user.bpf_test", &value);
		i++;
	}
	walked = i;
	return 0;
}
