// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF path iterators (fs/bpf_fs_kfuncs.c): what the verifier refuses
 * (progs/path_iter_fail.c), the cases of Song Liu's v5 series
 * (progs/path_iter_v5.c) and its walk to the parent and the grandparent
 * (progs/path_walk.c), the programs of progs/path_iter.c loading, and
 * unknown flags refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <test_progs.h>

#include "path_iter_common.h"

#include "path_iter.skel.h"
#include "path_iter_fail.skel.h"
#include "path_iter_v5.skel.h"
#include "path_walk.skel.h"

void test_path_iter_fail(void)
{
	RUN_TESTS(path_iter_fail);
}

void test_path_iter_v5(void)
{
	RUN_TESTS(path_iter_v5);
}

static void accepts_correct_use(void)
{
	struct path_iter *skel = path_iter__open_and_load();

	ASSERT_OK_PTR(skel, "path_iter__open_and_load");
	path_iter__destroy(skel);
}

/* Unknown flags: -EINVAL, and an iterator that yields nothing and is not valid. */
static void unknown_flags_are_refused(void)
{
	struct path_iter *skel = path_iter__open_and_load();
	int fd;

	if (!ASSERT_OK_PTR(skel, "path_iter__open_and_load"))
		return;
	if (!ASSERT_OK(path_iter__attach(skel), "path_iter__attach"))
		goto out;
	/* Values no run of the programs leaves. */
	skel->bss->flags_ref_ret = 1;
	skel->bss->flags_rcu_ret = 1;
	skel->bss->flags_ref_next = -1;
	skel->bss->flags_rcu_next = -1;
	skel->bss->flags_rcu_valid = -1;
	skel->bss->flags_pid = getpid();
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	skel->bss->flags_pid = 0;
	if (!ASSERT_GE(fd, 0, "open"))
		goto out;
	close(fd);
	ASSERT_EQ(skel->bss->flags_ref_ret, -EINVAL, "bpf_iter_path_new() with flags");
	ASSERT_EQ(skel->bss->flags_ref_next, 0, "ancestors it yields");
	ASSERT_EQ(skel->bss->flags_rcu_ret, -EINVAL, "bpf_iter_path_rcu_new() with flags");
	ASSERT_EQ(skel->bss->flags_rcu_next, 0, "ancestors it yields");
	ASSERT_EQ(skel->bss->flags_rcu_valid, 0, "bpf_iter_path_rcu_valid()");
out:
	path_iter__destroy(skel);
}

/*
 * A file two directories deep, each directory with its own user.bpf_test:
 * the program must see both directories' d_path, name and attribute, in
 * order.
 */
static void path_walk(void)
{
	char base[] = "/tmp/path_walk_XXXXXX";
	char gp[64], par[64], file[64];
	struct path_walk *skel = NULL;
	int fd;

	if (!ASSERT_OK_PTR(mkdtemp(base), "mkdtemp"))
		return;
	snprintf(gp, sizeof(gp), "%s/grandparent", base);
	snprintf(par, sizeof(par), "%s/grandparent/parent", base);
	snprintf(file, sizeof(file), "%s/grandparent/parent/file", base);
	if (!ASSERT_OK(mkdir(gp, 0700), "mkdir grandparent") ||
	    !ASSERT_OK(mkdir(par, 0700), "mkdir parent"))
		goto out;
	fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (!ASSERT_GE(fd, 0, "create file"))
		goto out;
	close(fd);
	if (setxattr(gp, "user.bpf_test", "gp value", 9, 0) ||
	    setxattr(par, "user.bpf_test", "par value", 10, 0)) {
		if (errno == EOPNOTSUPP) {
			test__skip();
			goto out;
		}
		ASSERT_OK(-errno, "setxattr");
		goto out;
	}

	skel = path_walk__open_and_load();
	if (!ASSERT_OK_PTR(skel, "path_walk__open_and_load"))
		goto out;
	if (!ASSERT_OK(path_walk__attach(skel), "path_walk__attach"))
		goto out;
	skel->bss->monitored_pid = getpid();
	fd = open(file, O_RDONLY | O_CLOEXEC);
	skel->bss->monitored_pid = 0;
	if (!ASSERT_GE(fd, 0, "open file"))
		goto out;
	close(fd);

	ASSERT_EQ(skel->bss->walked, 2, "ancestors walked");
	ASSERT_EQ(skel->bss->path_len[0], strlen(par) + 1, "parent d_path length");
	ASSERT_STREQ(skel->bss->path[0], par, "parent d_path");
	ASSERT_STREQ(skel->bss->name[0], "parent", "parent name");
	ASSERT_EQ(skel->bss->xattr_len[0], 10, "parent xattr length");
	ASSERT_STREQ(skel->bss->xattr[0], "par value", "parent xattr");
	ASSERT_EQ(skel->bss->path_len[1], strlen(gp) + 1, "grandparent d_path length");
	ASSERT_STREQ(skel->bss->path[1], gp, "grandparent d_path");
	ASSERT_STREQ(skel->bss->name[1], "grandparent", "grandparent name");
	ASSERT_EQ(skel->bss->xattr_len[1], 9, "grandparent xattr length");
	ASSERT_STREQ(skel->bss->xattr[1], "gp value", "grandparent xattr");
out:
	path_walk__destroy(skel);
	unlink(file);
	rmdir(par);
	rmdir(gp);
	rmdir(base);
}

void test_path_iter(void)
{
	if (test__start_subtest("accepts_correct_use"))
		accepts_correct_use();
	if (test__start_subtest("unknown_flags_are_refused"))
		unknown_flags_are_refused();
	if (test__start_subtest("path_walk"))
		path_walk();
}
