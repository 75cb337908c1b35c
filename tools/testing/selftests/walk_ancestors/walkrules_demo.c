// SPDX-License-Identifier: GPL-2.0
/*
 * The demo of the walkrules sample: a small tree with a mount and a bind
 * mount, rules in two layers, and a handful of checks, each printed with
 * its decision, the ancestors the walk visited and how it walked.
 */

#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/xattr.h>

#include "walkrules.h"

#define D "/demo"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const dirs[] = {
	D, D "/home", D "/home/alice", D "/home/alice/docs", D "/home/alice/.ssh",
	D "/srv", D "/share", D "/projects",
};

static struct {
	struct ancestor a;
	const char *name;
} names[64];
static int nr_names;

static void name(const char *path, const char *label)
{
	struct stat st;

	if (stat(path, &st) || nr_names == 64)
		return;
	ancestor_of(&st, &names[nr_names].a);
	names[nr_names++].name = label;
}

static const char *name_of(const struct walkrules_trace *t)
{
	static char buf[40];
	int i;

	for (i = 0; i < nr_names; i++)
		if (same_ancestor(t, &names[i].a))
			return names[i].name;
	snprintf(buf, sizeof(buf), "%u:%u/%llu", t->dev_major, t->dev_minor,
		 (unsigned long long)t->ino);
	return buf;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void check(int dev, const char *path, unsigned int access,
		  const char *verb)
{
	static struct walkrules_trace trace[64];
	struct walkrules_check c;
	int i;

	if (wr_check_path(dev, path, access, trace, 64, &c))
		die(path);
	printf("%-5s %-34s %s\n", verb, path,
	       c.result == WALKRULES_ALLOWED ? "ALLOWED" : "denied");
	printf("      walk: %s, %u ancestor%s", c.mode == WALKRULES_MODE_RCU ?
	       "lockless (RCU)" : "with references", c.visited,
	       c.visited == 1 ? "" : "s");
	if (c.echild)
		printf(", %u -ECHILD round trip (rule needed to sleep)", c.echild);
	if (c.restarts)
		printf(", %u restart%s", c.restarts, c.restarts == 1 ? "" : "s");
	printf("\n      ");
	for (i = 0; i < (int)c.visited; i++) {
		printf("%s%s%s%s%s", i ? " <- " : "", name_of(&trace[i]),
		       trace[i].flags & WALKRULES_TRACE_RULE ? "[rule]" : "",
		       trace[i].flags & WALKRULES_TRACE_MNT_UP ? "(left a mount)" : "",
		       trace[i].flags & WALKRULES_TRACE_REF ? "*" : "");
	}
	printf("\n\n");
}

int main(void)
{
	int dev, i, fd;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		die("mount namespace");
	for (i = 0; i < (int)ARRAY_SIZE(dirs); i++)
		mkdir(dirs[i], 0755);
	if (mount("tmpfs", D "/srv", "tmpfs", 0, NULL))
		die("mount tmpfs");
	mkdir(D "/srv/www", 0755);
	if (mount(D "/home/alice/docs", D "/share", NULL, MS_BIND, NULL))
		die("bind mount");
	fd = open(D "/home/alice/docs/report.txt", O_CREAT | O_WRONLY, 0644);
	close(fd);
	fd = open(D "/projects/plan.txt", O_CREAT | O_WRONLY, 0644);
	close(fd);
	if (setxattr(D "/projects", "user.walk.grant", "0x1", 3, 0))
		die("setxattr");

	name("/", "/");
	name(D, "demo");
	name(D "/home", "home");
	name(D "/home/alice", "alice");
	name(D "/home/alice/docs", "docs");
	name(D "/home/alice/docs/report.txt", "report.txt");
	name(D "/home/alice/.ssh", ".ssh");
	name(D "/srv", "srv");
	name(D "/srv/www", "www");
	name(D "/projects", "projects");
	name(D "/projects/plan.txt", "plan.txt");

	dev = open(WR_DEV, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die(WR_DEV);
	wr_reset(dev);
	if (wr_add_rule(dev, D "/home", 0, WALKRULES_ACCESS_READ | WALKRULES_ACCESS_WRITE, 0) ||
	    wr_add_rule(dev, D "/srv", 0, WALKRULES_ACCESS_READ, 0) ||
	    wr_add_rule(dev, D "/projects", 0, WALKRULES_ACCESS_READ, 0) ||
	    wr_add_rule(dev, D "/home/alice/docs", 1, WALKRULES_ACCESS_READ, 0) ||
	    wr_add_rule(dev, D "/srv/www", 1, WALKRULES_ACCESS_READ, 0) ||
	    wr_add_rule(dev, D "/projects", 1, 0, WALKRULES_RULE_XATTR))
		die("add rule");

	printf("A tree under /demo: srv is a tmpfs mount, share a bind mount of\n"
	       "home/alice/docs. Rules, in two layers (like two stacked Landlock\n"
	       "rulesets: an access needs a grant from every layer):\n"
	       "  layer 0: read+write beneath home; read beneath srv and projects\n"
	       "  layer 1: read beneath home/alice/docs and srv/www; beneath\n"
	       "           projects, whatever its user.walk.grant attribute says (0x1: read)\n\n"
	       "Each check walks from the file towards the root with vfs_walk_ancestors()\n"
	       "and stops once every layer granted. Ancestors are listed from the file up;\n"
	       "* marks those visited by the reference walk.\n\n");
	check(dev, D "/home/alice/docs/report.txt", WALKRULES_ACCESS_READ, "read");
	check(dev, D "/home/alice/docs/report.txt", WALKRULES_ACCESS_WRITE, "write");
	check(dev, D "/home/alice/.ssh", WALKRULES_ACCESS_READ, "read");
	check(dev, D "/share/report.txt", WALKRULES_ACCESS_READ, "read");
	check(dev, D "/srv/www", WALKRULES_ACCESS_READ, "read");
	check(dev, D "/projects/plan.txt", WALKRULES_ACCESS_READ, "read");
	printf("Note: through the bind mount, report.txt's ancestors are share's,\n"
	       "not home's: rules follow the path used, as in Landlock.\n");
	wr_reset(dev);
	return 0;
}
