// SPDX-License-Identifier: GPL-2.0
/*
 * A torture test for vfs_walk_ancestors(), in the style of rcutorture: one
 * walker thread per CPU walks from the paths user space handed in, for a
 * given time, while user space renames, mounts, unmounts and removes
 * directories of those paths (tools/testing/selftests/walk_ancestors/
 * walk_torture.c). Walkers take turns with three callbacks:
 *
 *   nosleep  never sleeps;
 *   sleepy   answers -ECHILD where it may not sleep, and sleeps
 *            (cond_resched()) on every ancestor where it may;
 *   getref   takes a reference to a random ancestor (vfs_walk_ancestor_get()),
 *            answering -ECHILD if it cannot, and drops it after the walk.
 *
 * Every visit records the dentry, its parent as read then, and its mount.
 * After a walk whose answer came from the lockless walk (validated by the
 * walker against d_seq, mount_lock and rename_lock), each ancestor must have
 * been the parent of the previous one, or the mount's root reached by a
 * crossing or a disconnected jump: a chain that existed at one instant.
 * Reference-walk answers are checked for structure only (a rename may
 * legitimately happen between a visit and the next step).
 *
 * <debugfs>/walk_ancestors/torture: write "SECONDS FD..." (at most 16 fds of
 * the writer); the write returns when the run is over; read the figures.
 * Writing "badsleep FD" runs one walk whose callback takes a mutex where it
 * was told it may not sleep: on a DEBUG_ATOMIC_SLEEP kernel mutex_lock()'s
 * might_sleep() reports "sleeping function called from invalid context",
 * which is the point. The mutex is never contended, so nothing actually
 * schedules inside the RCU read-side section: a real sleep there would make
 * the scheduler reset the preempt count and leave the machine broken after
 * the report, which the test could then not tell from a walker bug.
 */

#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define MAX_PATHS 16
#define MAX_VISITS 128

enum { NOSLEEP, SLEEPY, GETREF, NR_KINDS };
static const char *const kind_names[] = { "nosleep", "sleepy", "getref" };

struct visit {
	const struct dentry *dentry, *parent, *mnt_root;
	const struct vfsmount *mnt;
	unsigned int flags;
};

struct walk {
	int kind, nr, restarts, echild, get_at;
	bool overflow;
	struct path got;
	struct visit v[MAX_VISITS];
};

struct stats {
	u64 walks[NR_KINDS], rcu_answers, ref_answers, restarts, echild;
	u64 refs_taken, max_restarts, max_visits, bad_chains, errors;
};

static DEFINE_MUTEX(torture_lock);
static struct path paths[MAX_PATHS];
static int nr_paths;
static unsigned long deadline;
static struct stats total;
static DEFINE_SPINLOCK(total_lock);

static int torture_cb(const struct vfs_walk_ancestor *ancestor, void *data)
{
	const unsigned int flags = ancestor->flags;
	struct walk *w = data;
	struct visit *v;

	/*
	 * A restart forgets the chain and drops the reference taken from it;
	 * what stays counts the walking itself (restarts, -ECHILD answers).
	 */
	if (flags & VFS_WALK_RESTART) {
		w->restarts++;
		w->nr = 0;
		w->overflow = false;
		if (w->got.dentry)
			path_put(&w->got);
		w->got = (struct path){};
		return 0;
	}
	if (w->kind == SLEEPY) {
		if (!(flags & VFS_WALK_MAY_SLEEP)) {
			w->echild++;
			return -ECHILD;
		}
		cond_resched();
	}
	if (w->kind == GETREF && w->nr == w->get_at && !w->got.dentry) {
		if (vfs_walk_ancestor_get(ancestor, &w->got)) {
			w->echild++;
			return -ECHILD;
		}
	}
	if (w->nr == MAX_VISITS) {
		w->overflow = true;
		return VFS_WALK_STOP;
	}
	v = &w->v[w->nr++];
	v->dentry = ancestor->path.dentry;
	v->parent = READ_ONCE(ancestor->path.dentry->d_parent);
	v->mnt = ancestor->path.mnt;
	v->mnt_root = ancestor->path.mnt->mnt_root;
	v->flags = flags;
	return VFS_WALK_CONTINUE;
}

/* Checks the recorded chain; returns false if it never existed. */
static bool chain_ok(const struct walk *w, const struct path *start)
{
	bool lockless = !(w->v[w->nr - 1].flags & VFS_WALK_MAY_SLEEP);
	int i;

	if (w->v[0].dentry != start->dentry || w->v[0].mnt != start->mnt)
		return false;
	for (i = 1; i < w->nr; i++) {
		const struct visit *prev = &w->v[i - 1], *v = &w->v[i];

		if (v->flags & VFS_WALK_DISCONNECTED) {
			/* From a tree's root to the same mount's root. */
			if (v->mnt != prev->mnt || v->dentry != v->mnt_root ||
			    (lockless && prev->parent != prev->dentry))
				return false;
		} else if (v->flags & VFS_WALK_MNT_UP) {
			/* From a mount's root to above its mountpoint. */
			if (prev->dentry != prev->mnt_root || v->mnt == prev->mnt)
				return false;
		} else {
			if (v->mnt != prev->mnt)
				return false;
			if (lockless && v->dentry != prev->parent)
				return false;
		}
	}
	return true;
}

static void torture_one(struct walk *w, struct stats *s, int kind,
			const struct path *start)
{
	int err;

	memset(w, 0, offsetof(struct walk, v));
	w->kind = kind;
	w->get_at = get_random_u32_below(8);
	err = vfs_walk_ancestors(start, torture_cb, w, 0);
	s->walks[kind]++;
	if (err) {
		s->errors++;
	} else if (!w->overflow && w->nr) {
		if (w->v[w->nr - 1].flags & VFS_WALK_MAY_SLEEP)
			s->ref_answers++;
		else
			s->rcu_answers++;
		if (!chain_ok(w, start))
			s->bad_chains++;
	}
	s->restarts += w->restarts;
	s->echild += w->echild;
	s->max_restarts = max_t(u64, s->max_restarts, w->restarts);
	s->max_visits = max_t(u64, s->max_visits, w->nr);
	if (w->got.dentry) {
		s->refs_taken++;
		path_put(&w->got);
	}
}

static int torture_thread(void *unused)
{
	struct walk *w = kmalloc(sizeof(*w), GFP_KERNEL);
	struct stats s = {};
	unsigned int i = 0;

	if (!w)
		return -ENOMEM;
	while (time_before(jiffies, READ_ONCE(deadline)) && !kthread_should_stop()) {
		torture_one(w, &s, i % NR_KINDS, &paths[(i / NR_KINDS) % nr_paths]);
		i++;
		cond_resched();
	}
	kfree(w);
	spin_lock(&total_lock);
	for (i = 0; i < NR_KINDS; i++)
		total.walks[i] += s.walks[i];
	total.rcu_answers += s.rcu_answers;
	total.ref_answers += s.ref_answers;
	total.restarts += s.restarts;
	total.echild += s.echild;
	total.refs_taken += s.refs_taken;
	total.bad_chains += s.bad_chains;
	total.errors += s.errors;
	total.max_restarts = max(total.max_restarts, s.max_restarts);
	total.max_visits = max(total.max_visits, s.max_visits);
	spin_unlock(&total_lock);
	return 0;
}

static DEFINE_MUTEX(bad_sleep_mutex);

static int bad_sleep_cb(const struct vfs_walk_ancestor *ancestor, void *data)
{
	/* Deliberately wrong: may sleep without VFS_WALK_MAY_SLEEP. */
	if (!(ancestor->flags & VFS_WALK_RESTART)) {
		mutex_lock(&bad_sleep_mutex);
		mutex_unlock(&bad_sleep_mutex);
	}
	return VFS_WALK_STOP;
}

static int torture_run(unsigned int seconds)
{
	struct task_struct **threads;
	int cpu, n = 0;

	/* Not on the stack: NR_CPUS is 8192 in some distributions' kernels. */
	threads = kcalloc(nr_cpu_ids, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	memset(&total, 0, sizeof(total));
	WRITE_ONCE(deadline, jiffies + seconds * HZ);
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		t = kthread_create(torture_thread, NULL, "walk_torture/%d", cpu);
		if (IS_ERR(t))
			continue;
		kthread_bind(t, cpu);
		get_task_struct(t);
		wake_up_process(t);
		threads[n++] = t;
	}
	/* The writer waits for the run to end, then stops the walkers. */
	while (time_before(jiffies, READ_ONCE(deadline)) &&
	       !fatal_signal_pending(current))
		schedule_timeout_interruptible(HZ / 10);
	while (n--) {
		kthread_stop(threads[n]);
		put_task_struct(threads[n]);
	}
	kfree(threads);
	return 0;
}

static ssize_t torture_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	char buf[128], *p, *tok;
	unsigned int seconds;
	int fd, err = 0, i;

	if (len >= sizeof(buf))
		return -E2BIG;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	p = strim(buf);
	mutex_lock(&torture_lock);
	tok = strsep(&p, " ");
	if (!strcmp(tok, "badsleep")) {
		struct fd f;

		if (!p || kstrtoint(p, 10, &fd)) {
			err = -EINVAL;
			goto out;
		}
		f = fdget_raw(fd);
		if (!fd_file(f)) {
			err = -EBADF;
			goto out;
		}
		err = vfs_walk_ancestors(&fd_file(f)->f_path, bad_sleep_cb,
					 NULL, 0);
		fdput(f);
		goto out;
	}
	if (kstrtouint(tok, 10, &seconds) || !seconds || seconds > 24 * 3600) {
		err = -EINVAL;
		goto out;
	}
	nr_paths = 0;
	while (p && (tok = strsep(&p, " ")) && nr_paths < MAX_PATHS) {
		struct file *f;

		if (!*tok)
			continue;
		if (kstrtoint(tok, 10, &fd)) {
			err = -EINVAL;
			goto put;
		}
		f = fget_raw(fd);
		if (!f) {
			err = -EBADF;
			goto put;
		}
		paths[nr_paths] = f->f_path;
		path_get(&paths[nr_paths++]);
		fput(f);
	}
	if (!nr_paths) {
		err = -EINVAL;
		goto out;
	}
	err = torture_run(seconds);
put:
	for (i = 0; i < nr_paths; i++)
		path_put(&paths[i]);
	nr_paths = 0;
out:
	mutex_unlock(&torture_lock);
	return err ?: len;
}

static ssize_t torture_read(struct file *file, char __user *ubuf, size_t len,
			    loff_t *ppos)
{
	char buf[512];
	int n = 0, k;

	mutex_lock(&torture_lock);
	for (k = 0; k < NR_KINDS; k++)
		n += scnprintf(buf + n, sizeof(buf) - n, "walks_%s %llu\n",
			       kind_names[k], total.walks[k]);
	n += scnprintf(buf + n, sizeof(buf) - n,
		       "rcu_answers %llu\nref_answers %llu\nrestarts %llu\n"
		       "max_restarts %llu\nechild %llu\nrefs_taken %llu\n"
		       "max_visits %llu\nbad_chains %llu\nerrors %llu\n",
		       total.rcu_answers, total.ref_answers, total.restarts,
		       total.max_restarts, total.echild, total.refs_taken,
		       total.max_visits, total.bad_chains, total.errors);
	mutex_unlock(&torture_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations torture_fops = {
	.read = torture_read,
	.write = torture_write,
	.llseek = default_llseek,
};

static int __init walk_ancestors_torture_init(void)
{
	struct dentry *dir = debugfs_lookup("walk_ancestors", NULL);

	if (!dir)
		dir = debugfs_create_dir("walk_ancestors", NULL);
	debugfs_create_file("torture", 0600, dir, NULL, &torture_fops);
	dput(dir);
	return 0;
}
late_initcall_sync(walk_ancestors_torture_init);
