// SPDX-License-Identifier: GPL-2.0
/*
 * The cases of the path iterator selftests of Song Liu's v5 series ("bpf
 * path iterator", bpf-next), rewritten against this one, whose
 * bpf_iter_path_new(), bpf_iter_path_next() and bpf_iter_path_destroy()
 * have the same signatures: a program written for that interface loads, or
 * is refused, here as it was there. Its walk to the parent and the
 * grandparent is path_walk.c.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_experimental.h"
#include "bpf_misc.h"

char _license[] SEC("license") = "GPL";

char buf[256];

/* new(), next() until NULL, destroy(), written out. */
SEC("lsm.s/file_open")
__success
int BPF_PROG(open_code, struct file *f)
{
	struct bpf_iter_path it;
	struct path *p;

	bpf_iter_path_new(&it, &f->f_path, 0);
	while ((p = bpf_iter_path_next(&it)))
		bpf_path_d_path(p, buf, sizeof(buf));
	bpf_iter_path_destroy(&it);
	return 0;
}

/* The same through libbpf's bpf_for_each(), which destroys on leaving. */
SEC("lsm.s/file_open")
__success
int BPF_PROG(for_each, struct file *f)
{
	struct path *p;

	bpf_for_each(path, p, &f->f_path, 0)
		bpf_path_d_path(p, buf, sizeof(buf));
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("Unreleased reference")
int BPF_PROG(missing_destroy, struct file *f)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &f->f_path, 0);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("expected an initialized iter_path as arg #0")
int BPF_PROG(missing_new, struct file *f)
{
	struct bpf_iter_path it = {};

	bpf_iter_path_next(&it);
	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("expected uninitialized iter_path as arg #0")
int BPF_PROG(new_twice, struct file *f)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &f->f_path, 0);
	bpf_iter_path_new(&it, &f->f_path, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

SEC("lsm.s/file_open")
__failure __msg("expected an initialized iter_path as arg #0")
int BPF_PROG(destroy_twice, struct file *f)
{
	struct bpf_iter_path it;

	bpf_iter_path_new(&it, &f->f_path, 0);
	bpf_iter_path_destroy(&it);
	bpf_iter_path_destroy(&it);
	return 0;
}

/* A destroyed iterator's slot starts a new walk. */
SEC("lsm.s/file_open")
__success
int BPF_PROG(reuse_path_iter, struct file *f)
{
	struct bpf_iter_path it;
	struct path *p;

	bpf_iter_path_new(&it, &f->f_path, 0);
	p = bpf_iter_path_next(&it);
	if (p)
		bpf_path_d_path(p, buf, sizeof(buf));
	bpf_iter_path_destroy(&it);
	bpf_iter_path_new(&it, &f->f_path, 0);
	while ((p = bpf_iter_path_next(&it)))
		bpf_path_d_path(p, buf, sizeof(buf));
	bpf_iter_path_destroy(&it);
	return 0;
}

/* The iterator's state is the kernel's: not readable by the program. */
SEC("lsm.s/file_open")
__failure __msg("invalid read from stack off")
int BPF_PROG(invalid_read_path_iter, struct file *f)
{
	struct bpf_iter_path it;
	struct path *p;

	bpf_iter_path_new(&it, &f->f_path, 0);
	p = *(struct path **)&it;
	if (p)
		bpf_path_d_path(p, buf, sizeof(buf));
	bpf_iter_path_destroy(&it);
	return 0;
}

/* A path reached through a pointer nothing vouches for: no start. */
SEC("lsm.s/sb_alloc_security")
__failure __msg("R2 must be referenced or trusted")
int BPF_PROG(untrusted_path, struct super_block *sb)
{
	struct bpf_iter_path it;
	struct file *bdev_file = sb->s_bdev_file;

	if (!bdev_file)
		return 0;
	bpf_iter_path_new(&it, &bdev_file->f_path, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}

/*
 * Nor a copy of a path on the stack, made with a probe read: not a kernel
 * pointer at all.
 */
SEC("lsm.s/file_open")
__failure __msg("arg#1 pointer type STRUCT path must point to scalar")
int BPF_PROG(path_copy_on_stack, struct file *f)
{
	struct bpf_iter_path it;
	struct path copy;

	bpf_probe_read_kernel(&copy, sizeof(copy), &f->f_path);
	bpf_iter_path_new(&it, &copy, 0);
	bpf_iter_path_destroy(&it);
	return 0;
}
