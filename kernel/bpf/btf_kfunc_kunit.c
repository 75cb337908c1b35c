// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the rules a kfunc's flags must follow at registration
 * (btf_check_kfunc_protos()): KF_ITER_SCOPED, which scopes what an
 * iterator's next method returns to the iterator, is taken only by a
 * KF_ITER_NEXT kfunc that returns a struct pointer and is not KF_ACQUIRE.
 *
 * The kfuncs below exist only to be in vmlinux's BTF: they are never
 * registered (the check is called as registration calls it, so nothing is
 * added to the kernel's kfunc sets), and no program can call them.
 */

#include <kunit/test.h>
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/path.h>

struct bpf_iter_kunit_scoped {
	u64 __opaque[1];
} __aligned(8);

struct bpf_iter_kunit_int {
	u64 __opaque[1];
} __aligned(8);

__bpf_kfunc_start_defs();

__bpf_kfunc struct path *bpf_kunit_scoped_plain(struct path *path)
{
	return path;
}

__bpf_kfunc struct path *bpf_iter_kunit_scoped_next(struct bpf_iter_kunit_scoped *it)
{
	return NULL;
}

__bpf_kfunc int *bpf_iter_kunit_int_next(struct bpf_iter_kunit_int *it)
{
	return NULL;
}

__bpf_kfunc_end_defs();

BTF_ID_LIST(kunit_kfunc_ids)
BTF_ID(func, bpf_kunit_scoped_plain)
BTF_ID(func, bpf_iter_kunit_scoped_next)
BTF_ID(func, bpf_iter_kunit_int_next)
#ifdef CONFIG_VFS_WALK_ANCESTORS
BTF_ID(func, bpf_iter_path_next)
#else
BTF_ID_UNUSED
#endif

enum { PLAIN, SCOPED_NEXT, INT_NEXT, PATH_NEXT };

static struct btf *vmlinux_btf(struct kunit *test)
{
	struct btf *btf = bpf_get_btf_vmlinux();

	if (IS_ERR_OR_NULL(btf))
		kunit_skip(test, "no vmlinux BTF");
	return btf;
}

/* Each kfunc with its flags is accepted; with KF_ITER_SCOPED, refused. */
static void check_with_and_without(struct kunit *test, int which, u32 flags)
{
	struct btf *btf = vmlinux_btf(test);
	u32 id = kunit_kfunc_ids[which];

	KUNIT_ASSERT_NE(test, id, 0);
	KUNIT_EXPECT_EQ(test, btf_check_kfunc_protos(btf, id, flags), 0);
	KUNIT_EXPECT_EQ(test, btf_check_kfunc_protos(btf, id, flags | KF_ITER_SCOPED),
			-EINVAL);
}

static void scoped_needs_iter_next(struct kunit *test)
{
	check_with_and_without(test, PLAIN, KF_RET_NULL);
}

static void scoped_refuses_acquire(struct kunit *test)
{
	check_with_and_without(test, SCOPED_NEXT, KF_ITER_NEXT | KF_RET_NULL | KF_ACQUIRE);
}

static void scoped_needs_struct_return(struct kunit *test)
{
	check_with_and_without(test, INT_NEXT, KF_ITER_NEXT | KF_RET_NULL);
}

/* What the path iterators register, and the same shape here, are taken. */
static void scoped_next_is_accepted(struct kunit *test)
{
	struct btf *btf = vmlinux_btf(test);
	u32 flags = KF_ITER_NEXT | KF_RET_NULL | KF_ITER_SCOPED;

	KUNIT_EXPECT_EQ(test, btf_check_kfunc_protos(btf, kunit_kfunc_ids[SCOPED_NEXT], flags), 0);
	if (!IS_ENABLED(CONFIG_VFS_WALK_ANCESTORS))
		kunit_skip(test, "no path iterators (CONFIG_VFS_WALK_ANCESTORS=n)");
	KUNIT_ASSERT_NE(test, kunit_kfunc_ids[PATH_NEXT], 0);
	KUNIT_EXPECT_EQ(test, btf_check_kfunc_protos(btf, kunit_kfunc_ids[PATH_NEXT],
						     flags | KF_SLEEPABLE), 0);
}

static struct kunit_case btf_kfunc_cases[] = {
	KUNIT_CASE(scoped_needs_iter_next),
	KUNIT_CASE(scoped_refuses_acquire),
	KUNIT_CASE(scoped_needs_struct_return),
	KUNIT_CASE(scoped_next_is_accepted),
	{}
};

static struct kunit_suite btf_kfunc_suite = {
	.name = "bpf_kfunc_flags",
	.test_cases = btf_kfunc_cases,
};

kunit_test_suite(btf_kfunc_suite);
