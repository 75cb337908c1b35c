// SPDX-License-Identifier: GPL-2.0
/*
 * exec_audit DIR... -- COMMAND [ARG...]
 *
 * The exec audit example (selftests/bpf's progs/exec_audit.c): runs COMMAND and prints each
 * exec, by it, its children or grandchildren, of a file beneath one of the DIRs, with the
 * file's full path in the mount namespace and its mount id, and each exec
 * whose path could not be resolved (torn by a rename or mount change, or too
 * deep), which a policy must not take for one outside the DIRs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "exec_audit.h"
#include "exec_audit.skel.h"

static int print_event(void *ctx, void *data, size_t size)
{
	const struct audit_event *e = data;
	int *n = ctx;

	if (size < sizeof(*e))
		return 0;
	(*n)++;
	if (e->valid)
		printf("exec_audit: pid %d executed %s (beneath a watched directory; mount %llu)\n",
		       e->pid, e->path + e->start, e->mnt_id);
	else
		printf("exec_audit: pid %d executed an unresolved path%s%s (err %d)\n",
		       e->pid, e->path[e->start] ? ": ..." : "", e->path + e->start, e->err);
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct exec_audit *skel;
	int i, status, events = 0, err = 1;
	pid_t pid;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		;
	if (i >= argc - 1 || i == 1) {
		fprintf(stderr, "usage: %s DIR... -- COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	skel = exec_audit__open_and_load();
	if (!skel) {
		fprintf(stderr, "exec_audit: cannot load the BPF program: %s\n", strerror(errno));
		return 1;
	}
	for (i = 1; strcmp(argv[i], "--"); i++) {
		struct audit_dir key = {};
		struct stat st;
		__u32 one = 1;

		if (stat(argv[i], &st) || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "exec_audit: %s: not a directory\n", argv[i]);
			goto out;
		}
		key.ino = st.st_ino;
		key.dev = (major(st.st_dev) << 20) | minor(st.st_dev);	/* the kernel's s_dev */
		if (bpf_map__update_elem(skel->maps.watched_dirs, &key, sizeof(key), &one,
					 sizeof(one), BPF_ANY)) {
			fprintf(stderr, "exec_audit: %s: %s\n", argv[i], strerror(errno));
			goto out;
		}
		printf("exec_audit: watching %s\n", argv[i]);
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), print_event, &events, NULL);
	if (!rb || exec_audit__attach(skel)) {
		fprintf(stderr, "exec_audit: cannot attach: %s\n", strerror(errno));
		goto out;
	}
	skel->bss->audit_tgid = getpid();
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		goto out;
	if (!pid) {
		execv(argv[i + 1], argv + i + 1);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		ring_buffer__poll(rb, 100);
	ring_buffer__consume(rb);
	printf("exec_audit: %llu execs, %d reported\n",
	       (unsigned long long)skel->bss->execs_seen, events);
	err = 0;
out:
	ring_buffer__free(rb);
	exec_audit__destroy(skel);
	return err;
}
