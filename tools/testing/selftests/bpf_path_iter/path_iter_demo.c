// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF path iterators shown to a person: what a BPF LSM program sees
 * walking up from an opened file, with each iterator, and an example
 * policy, "no file beneath a listed directory may be opened", deciding
 * opens in a small tree with a tmpfs mount and a bind mount, once with the
 * referenced iterator and once with the lockless one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "path_iter_common.h"
#include "path_iter.skel.h"

#define BASE "/tmp/bpf-demo"

static int fail(const char *what)
{
	fprintf(stderr, "path_iter_demo: %s: %s\n", what, strerror(errno));
	return 1;
}

static void show_chain(const char *title, const struct chain *c, bool dpath)
{
	int i;

	printf("  %s:%s\n", title, c->valid ? "" : " (not valid: discard)");
	for (i = 0; i < c->n && i < CHAIN_MAX; i++)
		printf("    %-24s%s%s\n", dpath ? c->dpath[i] : c->name[i],
		       c->how[i] & HOW_MNT_UP ? "  (up from a mount)" : "",
		       c->how[i] & HOW_DISCONNECTED ? "  (disconnected: at the mount's root)" : "");
}

static const char *try_open(const char *name)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno == EPERM ? "denied" : strerror(errno);
	close(fd);
	return "allowed";
}

int main(void)
{
	static const char *const files[] = {
		BASE "/home/alice/notes", BASE "/home/alice/secret/key",
		BASE "/mnt/secret/key", BASE "/tmpfs/file",
	};
	static const char *const modes[] = { "", "referenced", "lockless" };
	struct dir_key key = {};
	struct path_iter *skel;
	struct stat st;
	__u32 one = 1;
	int fd, m, i;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail("mount namespace");
	if ((mkdir(BASE, 0755) && errno != EEXIST) || mount("tmpfs", BASE, "tmpfs", 0, NULL) ||
	    mkdir(BASE "/home", 0755) || mkdir(BASE "/home/alice", 0755) ||
	    mkdir(BASE "/home/alice/secret", 0755) || mkdir(BASE "/mnt", 0755) ||
	    mkdir(BASE "/tmpfs", 0755) ||
	    mount(BASE "/home/alice", BASE "/mnt", NULL, MS_BIND, NULL) ||
	    mount("tmpfs", BASE "/tmpfs", "tmpfs", 0, NULL))
		return fail("building the tree");
	for (i = 0; i < 4; i++) {
		fd = open(files[i], O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
		if (fd < 0)
			return fail(files[i]);
		close(fd);
	}

	skel = path_iter__open_and_load();
	if (!skel || path_iter__attach(skel))
		return fail("loading the BPF programs");

	printf("Opening %s, the programs on file_open saw:\n", files[1]);
	skel->bss->monitored_pid = getpid();
	fd = open(files[1], O_RDONLY | O_CLOEXEC);
	skel->bss->monitored_pid = 0;
	if (fd >= 0)
		close(fd);
	show_chain("bpf_iter_path (sleepable, referenced; bpf_path_d_path)",
		   &skel->bss->ref_chain, true);
	show_chain("bpf_iter_path_rcu (lockless; d_name)", &skel->bss->rcu_chain, false);
	printf("  (a mount's root is named \"/\": %s and /tmp are tmpfs mounts)\n", BASE);

	if (stat(BASE "/home/alice/secret", &st))
		return fail("stat");
	key.ino = st.st_ino;
	key.dev = major(st.st_dev) << 20 | minor(st.st_dev);
	if (bpf_map__update_elem(skel->maps.denied_dirs, &key, sizeof(key), &one,
				 sizeof(one), BPF_ANY))
		return fail("listing the directory");
	printf("\nPolicy: no file beneath %s/home/alice/secret may be opened\n", BASE);
	printf("(also reached through the bind mount of alice on %s/mnt)\n", BASE);
	for (m = POLICY_REFERENCED; m <= POLICY_LOCKLESS; m++) {
		skel->bss->policy_mode = m;
		printf("  with the %s iterator:\n", modes[m]);
		for (i = 0; i < 4; i++)
			printf("    open %-34s %s\n", files[i], try_open(files[i]));
	}
	skel->bss->policy_mode = POLICY_OFF;
	printf("  lockless decisions on a walk that did not validate: %d\n",
	       skel->bss->policy_invalid_walks);
	path_iter__destroy(skel);
	return 0;
}
