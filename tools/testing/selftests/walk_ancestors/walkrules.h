/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the walkrules tests: the ioctls of /dev/walkrules, and the
 * user-space view of a path's ancestors (the ".." chain).
 */

#include <errno.h>
#include <fcntl.h>
#include <linux/walkrules.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define WR_DEV "/dev/walkrules"
#define MAX_CHAIN 8192

struct ancestor {
	unsigned long long ino;
	unsigned int major, minor;
};

/* mkdir -p */
static inline void mkdirs(const char *path)
{
	char buf[256], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

static inline int wr_add_rule_fd(int dev, int fd, unsigned int layer,
				 unsigned int access, unsigned int flags)
{
	struct walkrules_rule rule = {
		.size = sizeof(rule),
		.fd = fd,
		.layer = layer,
		.access = access,
		.flags = flags,
	};

	return ioctl(dev, WALKRULES_IOC_ADD_RULE, &rule) ? -errno : 0;
}

static inline int wr_add_rule(int dev, const char *path, unsigned int layer,
			      unsigned int access, unsigned int flags)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	int err;

	if (fd < 0)
		return -errno;
	err = wr_add_rule_fd(dev, fd, layer, access, flags);
	close(fd);
	return err;
}

static inline int wr_reset(int dev)
{
	return ioctl(dev, WALKRULES_IOC_RESET) ? -errno : 0;
}

/* Checks @access on @fd; fills @c, and @trace with up to @len entries. */
static inline int wr_check_fd(int dev, int fd, unsigned int access,
			      struct walkrules_trace *trace, unsigned int len,
			      struct walkrules_check *c)
{
	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	c->fd = fd;
	c->access = access;
	c->trace = (unsigned long)trace;
	c->trace_len = len;
	return ioctl(dev, WALKRULES_IOC_CHECK, c) ? -errno : 0;
}

static inline int wr_check_path(int dev, const char *path, unsigned int access,
				struct walkrules_trace *trace, unsigned int len,
				struct walkrules_check *c)
{
	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	c->flags = WALKRULES_CHECK_PATH;
	c->path = (unsigned long)path;
	c->access = access;
	c->trace = (unsigned long)trace;
	c->trace_len = len;
	return ioctl(dev, WALKRULES_IOC_CHECK, c) ? -errno : 0;
}

static inline void ancestor_of(const struct stat *st, struct ancestor *a)
{
	a->ino = st->st_ino;
	a->major = major(st->st_dev);
	a->minor = minor(st->st_dev);
}

/*
 * The ".." chain from @fd up to the root, as user space sees it: what the
 * walk must visit wherever ".." is defined (not above a chroot, nor from a
 * disconnected directory). Returns the number of entries, or -errno.
 */
static inline int dotdot_chain(int fd, struct ancestor *out, int cap)
{
	struct stat st, parent;
	int n = 0, cur = dup(fd), next;

	if (cur < 0 || fstat(cur, &st))
		return -errno;
	for (;;) {
		if (n == cap) {
			close(cur);
			return -E2BIG;
		}
		ancestor_of(&st, &out[n++]);
		next = openat(cur, "..", O_PATH | O_CLOEXEC | O_DIRECTORY);
		close(cur);
		if (next < 0)
			return -errno;
		if (fstat(next, &parent)) {
			close(next);
			return -errno;
		}
		if (parent.st_dev == st.st_dev && parent.st_ino == st.st_ino) {
			close(next);
			return n;
		}
		cur = next;
		st = parent;
	}
}

static inline int path_chain(const char *path, struct ancestor *out, int cap)
{
	int fd = open(path, O_PATH | O_CLOEXEC), n;

	if (fd < 0)
		return -errno;
	n = dotdot_chain(fd, out, cap);
	close(fd);
	return n;
}

static inline int same_ancestor(const struct walkrules_trace *t,
				const struct ancestor *a)
{
	return t->ino == a->ino && t->dev_major == a->major &&
	       t->dev_minor == a->minor;
}
