// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF path iterators (fs/bpf_fs_kfuncs.c) from BPF LSM programs: what
 * the verifier refuses, and what the programs see for files in a plain
 * tree, a tmpfs mount, stacked mounts, a bind mount, an overlayfs, a
 * disconnected directory and a chroot, against the ".." chain user space
 * computes; extended attributes of the ancestors; an example policy in both
 * modes; and no reference left behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../kselftest_harness.h"
#include "path_iter.h"
#include "path_iter.skel.h"
#include "path_iter_fail.skel.h"

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

#define BASE "/tmp/pi"

/* The verifier's log of the last load, for the rejection cases. */
static char verifier_log[1 << 20];

/* What libbpf said during the last load, for when the load fails early. */
static char libbpf_log[8192];

static int capture(enum libbpf_print_level level, const char *fmt, va_list args)
{
	size_t len = strlen(libbpf_log);

	if (level == LIBBPF_DEBUG || len >= sizeof(libbpf_log) - 1)
		return 0;
	return vsnprintf(libbpf_log + len, sizeof(libbpf_log) - len, fmt, args);
}

struct rejection {
	const char *prog;
	const char *message;
};

/* Each misuse and the verifier's message for it. */
static const struct rejection rejections[] = {
	{ "untrusted_start", "R2 must be referenced or trusted" },
	{ "no_destroy", "Unreleased reference" },
	{ "destroy_without_new", "expected an initialized iter_path as arg #0" },
	{ "new_twice", "expected uninitialized iter_path as arg #0" },
	{ "copied_iterator", "invalid read from stack off" },
	{ "sleepable_in_atomic",
	  "program must be sleepable to call sleepable kfunc bpf_iter_path_new" },
	{ "not_lsm", "calling kernel function bpf_iter_path_rcu_new is not allowed" },
	{ "lockless_after_unlock", "expected an RCU CS when using bpf_iter_path_rcu_next" },
	{ "lockless_path_to_d_path", "R1 must be referenced or trusted" },
	{ "lockless_dentry_after_unlock", "R1 must be referenced or trusted" },
};

/* Loads one program of path_iter_fail.bpf.c alone; returns the load's result. */
static int load_alone(const char *name)
{
	struct path_iter_fail *skel;
	struct bpf_program *prog;
	int err;

	skel = path_iter_fail__open();
	if (!skel)
		return -errno;
	bpf_object__for_each_program(prog, skel->obj) {
		bool it = !strcmp(bpf_program__name(prog), name);

		bpf_program__set_autoload(prog, it);
		if (it) {
			bpf_program__set_log_buf(prog, verifier_log, sizeof(verifier_log));
			bpf_program__set_log_level(prog, 1);
		}
	}
	verifier_log[0] = 0;
	libbpf_log[0] = 0;
	err = path_iter_fail__load(skel);
	path_iter_fail__destroy(skel);
	return err;
}

/* The last lines of the verifier's log: where its message is. */
static const char *log_tail(void)
{
	size_t len = strlen(verifier_log);

	return len > 600 ? verifier_log + len - 600 : verifier_log;
}

TEST(verifier_rejects_misuse)
{
	int i;

	libbpf_set_print(capture);
	for (i = 0; i < ARRAY_SIZE(rejections); i++) {
		const struct rejection *r = &rejections[i];
		int err = load_alone(r->prog);

		EXPECT_NE(0, err) TH_LOG("%s was loaded", r->prog);
		EXPECT_NE(NULL, strstr(verifier_log, r->message))
			TH_LOG("%s (load: %d): expected \"%s\" in:\n%s\nlibbpf:\n%s", r->prog,
			       err, r->message, log_tail(), libbpf_log);
		if (err && strstr(verifier_log, r->message))
			printf("# %s: rejected: %s\n", r->prog, r->message);
	}
}

TEST(verifier_accepts_correct_use)
{
	struct path_iter *skel = path_iter__open();

	ASSERT_NE(NULL, skel);
	ASSERT_EQ(0, path_iter__load(skel));
	path_iter__destroy(skel);
}

/* A file, the layout it is in, and the ancestors it must show. */
FIXTURE(layout) {
	struct path_iter *skel;
};

static void mkdirs(struct __test_metadata *_metadata, const char *const *dirs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		ASSERT_EQ(0, mkdir(dirs[i], 0755)) TH_LOG("mkdir %s: %s", dirs[i], strerror(errno));
}

static void touch(struct __test_metadata *_metadata, const char *name)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);

	ASSERT_LE(0, fd) TH_LOG("create %s: %m", name);
	close(fd);
}

FIXTURE_SETUP(layout)
{
	static const char *const dirs[] = {
		BASE "/a", BASE "/a/b", BASE "/a/b/c", BASE "/m", BASE "/s",
		BASE "/bind", BASE "/lo", BASE "/lo/o", BASE "/up", BASE "/wk",
		BASE "/ovl", BASE "/e", BASE "/dis",
	};

	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	mkdir(BASE, 0755);
	ASSERT_EQ(0, mount("tmpfs", BASE, "tmpfs", 0, NULL));
	mkdirs(_metadata, dirs, ARRAY_SIZE(dirs));
	touch(_metadata, BASE "/a/b/c/f");
	ASSERT_EQ(0, mount("tmpfs", BASE "/m", "tmpfs", 0, NULL));
	ASSERT_EQ(0, mkdir(BASE "/m/d", 0755));
	touch(_metadata, BASE "/m/d/f");
	ASSERT_EQ(0, mount("tmpfs", BASE "/s", "tmpfs", 0, NULL));
	ASSERT_EQ(0, mount("tmpfs", BASE "/s", "tmpfs", 0, NULL));
	ASSERT_EQ(0, mkdir(BASE "/s/t", 0755));
	touch(_metadata, BASE "/s/t/f");
	ASSERT_EQ(0, mount(BASE "/a/b", BASE "/bind", NULL, MS_BIND, NULL));
	touch(_metadata, BASE "/lo/o/f");
	ASSERT_EQ(0, mount("overlay", BASE "/ovl", "overlay", 0,
			   "lowerdir=" BASE "/lo,upperdir=" BASE "/up,workdir=" BASE "/wk"));

	self->skel = path_iter__open();
	ASSERT_NE(NULL, self->skel);
	ASSERT_EQ(0, path_iter__load(self->skel));
	ASSERT_EQ(0, path_iter__attach(self->skel));
}

FIXTURE_TEARDOWN(layout)
{
	path_iter__destroy(self->skel);
}

static bool is_mount_root(const char *name)
{
	struct statx stx;

	if (statx(AT_FDCWD, name, AT_SYMLINK_NOFOLLOW, 0, &stx))
		return false;
	return stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT &&
	       stx.stx_attributes & STATX_ATTR_MOUNT_ROOT;
}

/* Opens @name with both recorders on; -errno if the open failed. */
static int open_recorded(struct path_iter *skel, int dirfd, const char *name)
{
	int fd, err = 0;

	memset(&skel->bss->ref_chain, 0xff, sizeof(skel->bss->ref_chain));
	memset(&skel->bss->rcu_chain, 0xff, sizeof(skel->bss->rcu_chain));
	skel->bss->monitored_pid = getpid();
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	skel->bss->monitored_pid = 0;
	if (fd < 0)
		err = -errno;
	else
		close(fd);
	return err;
}

/* Both programs saw the same ancestors, reached the same way, validly. */
static void expect_same_chains(struct __test_metadata *_metadata,
			       const struct chain *ref, const struct chain *rcu)
{
	int i;

	EXPECT_EQ(0, ref->err);
	EXPECT_EQ(0, rcu->err);
	EXPECT_EQ(0, ref->truncated);
	EXPECT_EQ(1, rcu->valid);
	ASSERT_EQ(ref->n, rcu->n);
	for (i = 0; i < ref->n && i < CHAIN_MAX; i++) {
		EXPECT_STREQ(ref->name[i], rcu->name[i]);
		EXPECT_EQ(ref->how[i], rcu->how[i]) TH_LOG("ancestor %d (%s)", i, ref->name[i]);
	}
}

/*
 * The ancestors of @file, as ".." reaches them: each directory of its
 * absolute name up to "/", reached across a mount where the one before
 * it was a mount's root.
 */
static void expect_dotdot_chain(struct __test_metadata *_metadata,
				struct path_iter *skel, const char *file)
{
	const struct chain *ref = &skel->bss->ref_chain;
	char dir[PATH_MAX], prev[PATH_MAX];
	int i = 0;

	ASSERT_EQ(0, open_recorded(skel, AT_FDCWD, file));
	expect_same_chains(_metadata, ref, &skel->bss->rcu_chain);
	snprintf(dir, sizeof(dir), "%s", file);
	snprintf(prev, sizeof(prev), "%s", file);
	for (;;) {
		char *slash = strrchr(dir, '/');
		unsigned int how;

		if (slash == dir)
			dir[1] = 0;
		else
			*slash = 0;
		ASSERT_LT(i, ref->n) TH_LOG("%s: no ancestor %d (%s)", file, i, dir);
		how = is_mount_root(prev) ? HOW_MNT_UP : 0;
		EXPECT_STREQ(dir, ref->dpath[i]);
		EXPECT_EQ(how, ref->how[i]) TH_LOG("%s: ancestor %s", file, dir);
		i++;
		if (!strcmp(dir, "/"))
			break;
		snprintf(prev, sizeof(prev), "%s", dir);
	}
	EXPECT_EQ(i, ref->n) TH_LOG("%s: %d ancestors, expected %d", file, ref->n, i);
}

TEST_F(layout, plain_tree)
{
	expect_dotdot_chain(_metadata, self->skel, BASE "/a/b/c/f");
}

TEST_F(layout, tmpfs_mount)
{
	expect_dotdot_chain(_metadata, self->skel, BASE "/m/d/f");
}

TEST_F(layout, stacked_mounts)
{
	expect_dotdot_chain(_metadata, self->skel, BASE "/s/t/f");
}

TEST_F(layout, bind_mount)
{
	expect_dotdot_chain(_metadata, self->skel, BASE "/bind/c/f");
	/* The bind mount's root is "b": "a" is not on the way. */
	EXPECT_STREQ("b", self->skel->bss->ref_chain.name[1]);
}

TEST_F(layout, overlayfs)
{
	expect_dotdot_chain(_metadata, self->skel, BASE "/ovl/o/f");
}

TEST_F(layout, chroot)
{
	const struct chain *ref = &self->skel->bss->ref_chain;

	/* The walk goes past the process root, to the namespace's. */
	ASSERT_EQ(0, chroot(BASE "/a"));
	ASSERT_EQ(0, chdir("/"));
	ASSERT_EQ(0, open_recorded(self->skel, AT_FDCWD, "/b/c/f"));
	expect_same_chains(_metadata, ref, &self->skel->bss->rcu_chain);
	ASSERT_LE(3, ref->n);
	EXPECT_STREQ("c", ref->name[0]);
	EXPECT_STREQ("b", ref->name[1]);
	EXPECT_STREQ("a", ref->name[2]);
	EXPECT_STREQ("/", ref->name[ref->n - 1]);
}

TEST_F(layout, disconnected_directory)
{
	const struct chain *ref = &self->skel->bss->ref_chain;
	int dfd, i, jumps = 0;

	/* A bind mount of e/x, then x moved out from under the mount's root. */
	ASSERT_EQ(0, mkdir(BASE "/e/x", 0755));
	ASSERT_EQ(0, mkdir(BASE "/e/x/y", 0755));
	touch(_metadata, BASE "/e/x/y/f");
	ASSERT_EQ(0, mount(BASE "/e", BASE "/dis", NULL, MS_BIND, NULL));
	dfd = open(BASE "/dis/x/y", O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, dfd);
	ASSERT_EQ(0, rename(BASE "/e/x", BASE "/a/x"));

	ASSERT_EQ(0, open_recorded(self->skel, dfd, "f"));
	expect_same_chains(_metadata, ref, &self->skel->bss->rcu_chain);
	/* y, x, a, then the top of the file system, then the mount's root, e. */
	ASSERT_LE(5, ref->n);
	EXPECT_STREQ("y", ref->name[0]);
	EXPECT_STREQ("x", ref->name[1]);
	EXPECT_STREQ("a", ref->name[2]);
	EXPECT_STREQ("/", ref->name[3]);
	EXPECT_STREQ("e", ref->name[4]);
	EXPECT_EQ(HOW_DISCONNECTED, ref->how[4]);
	for (i = 0; i < ref->n; i++)
		jumps += !!(ref->how[i] & HOW_DISCONNECTED);
	EXPECT_EQ(1, jumps);
	close(dfd);
}

TEST_F(layout, xattr_of_an_ancestor)
{
	const struct chain *ref = &self->skel->bss->ref_chain;
	int i, tagged = 0;

	ASSERT_EQ(0, setxattr(BASE "/a", "user.path_iter", "tag-a", 5, 0)) TH_LOG("%m");
	ASSERT_EQ(0, open_recorded(self->skel, AT_FDCWD, BASE "/a/b/c/f"));
	for (i = 0; i < ref->n && i < CHAIN_MAX; i++) {
		if (!strcmp(ref->dpath[i], BASE "/a")) {
			tagged++;
			EXPECT_EQ(5, ref->xattr_len[i]);
			EXPECT_EQ(0, memcmp(ref->xattr[i], "tag-a", 5));
		} else {
			EXPECT_EQ(-ENODATA, ref->xattr_len[i]) TH_LOG("%s", ref->dpath[i]);
		}
	}
	EXPECT_EQ(1, tagged);
}

static void deny_dir(struct __test_metadata *_metadata, struct path_iter *skel,
		     const char *dir)
{
	struct dir_key key = {};
	struct stat st;
	__u32 one = 1;

	ASSERT_EQ(0, stat(dir, &st));
	key.ino = st.st_ino;
	key.dev = major(st.st_dev) << 20 | minor(st.st_dev);
	ASSERT_EQ(0, bpf_map__update_elem(skel->maps.denied_dirs, &key, sizeof(key),
					  &one, sizeof(one), BPF_ANY));
}

static int try_open(const char *name)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

TEST_F(layout, policy_denies_beneath_listed_directories)
{
	static const int modes[] = { POLICY_REFERENCED, POLICY_LOCKLESS };
	int i;

	deny_dir(_metadata, self->skel, BASE "/a/b");
	EXPECT_EQ(0, try_open(BASE "/a/b/c/f"));
	for (i = 0; i < 2; i++) {
		self->skel->bss->policy_mode = modes[i];
		EXPECT_EQ(-EPERM, try_open(BASE "/a/b/c/f")) TH_LOG("mode %d", modes[i]);
		/* Through the bind mount, b is the mount's root: denied too. */
		EXPECT_EQ(-EPERM, try_open(BASE "/bind/c/f")) TH_LOG("mode %d", modes[i]);
		EXPECT_EQ(0, try_open(BASE "/m/d/f")) TH_LOG("mode %d", modes[i]);
		EXPECT_EQ(0, try_open(BASE "/lo/o/f")) TH_LOG("mode %d", modes[i]);
	}
	self->skel->bss->policy_mode = POLICY_OFF;
	EXPECT_EQ(0, try_open(BASE "/a/b/c/f"));
	EXPECT_EQ(0, self->skel->bss->policy_invalid_walks);
}

/* Last: every mount a walk went through unmounts: no reference was kept. */
TEST_F(layout, no_reference_left)
{
	static const char *const files[] = {
		BASE "/a/b/c/f", BASE "/m/d/f", BASE "/s/t/f", BASE "/bind/c/f",
		BASE "/ovl/o/f",
	};
	static const char *const mounts[] = {
		BASE "/ovl", BASE "/bind", BASE "/s", BASE "/s", BASE "/m",
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(files); i++)
		ASSERT_EQ(0, open_recorded(self->skel, AT_FDCWD, files[i]));
	self->skel->bss->policy_mode = POLICY_REFERENCED;
	for (i = 0; i < ARRAY_SIZE(files); i++)
		EXPECT_EQ(0, try_open(files[i]));
	for (i = 0; i < ARRAY_SIZE(mounts); i++)
		EXPECT_EQ(0, umount2(mounts[i], 0))
			TH_LOG("umount %s: %s", mounts[i], strerror(errno));
}

TEST_HARNESS_MAIN
