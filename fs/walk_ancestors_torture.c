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
 * That check sees each link right when visited, not that the links existed
 * together.  For that, the "torn" tree: user space makes R/z/.../P/a,
 * R/z/.../Q (P and Q many levels below z, so that a walk takes long from a's
 * parent to z's) and S, and hands in a, P, Q, z, R and S; a renamer thread
 * of this module moves
 * a between P and Q and z between R and S, only ever through the states
 *
 *	0 (P,R) -> 1 (Q,R) -> 2 (Q,S) -> 3 (Q,R) -> 0 (P,R) ...
 *
 * (a's parent, z's parent), and publishes a generation: odd while a move
 * is in progress, even between moves, state (generation / 2) % 4.  Walkers
 * also walk from a; the chain of each lockless answer must be a state that
 * was current at some point between the generations read before and after
 * its walk.  (P,S) never is: a walk that took a's parent from one instant
 * and z's from another gives it.
 *
 * <debugfs>/walk_ancestors/torture: write "SECONDS FD... [torn=A,P,Q,Z,R,S]"
 * (at most 16 fds of the writer, and the torn tree's six, in its state 0);
 * the write returns when the run is over; read the figures.
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
#include <linux/mnt_idmapping.h>
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
	u64 torn_judged, torn_bad;
};

/* The torn tree: its six directories, and which is whose parent when. */
enum { T_A, T_P, T_Q, T_Z, T_R, T_S, T_NR };

static struct path torn[T_NR];
static bool have_torn;
/* State k: a's parent, z's parent. */
static const int torn_states[4][2] = {
	{ T_P, T_R }, { T_Q, T_R }, { T_Q, T_S }, { T_Q, T_R },
};

/* Move k, from state k to state k + 1: which directory, from, to. */
static const int torn_moves[4][3] = {
	{ T_A, T_P, T_Q }, { T_Z, T_R, T_S }, { T_Z, T_S, T_R }, { T_A, T_Q, T_P },
};

static atomic_long_t torn_gen;
/* Set when a move failed: the generation no longer says the state. */
static bool torn_broken;
static u64 torn_moves_done, torn_move_errors;

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

static int torn_index(const struct dentry *d, int first, int second)
{
	if (d == torn[first].dentry)
		return first;
	if (d == torn[second].dentry)
		return second;
	return -1;
}

/*
 * Whether a lockless chain from a, walked between generations g0 and g1,
 * is a state of the torn tree current at some point between them.
 */
static bool torn_chain_ok(const struct walk *w, long g0, long g1)
{
	int pa, pz, i;
	long k;

	for (i = 2; i < w->nr - 1; i++)
		if (w->v[i].dentry == torn[T_Z].dentry)
			break;
	if (i >= w->nr - 1)
		return false;
	pa = torn_index(w->v[1].dentry, T_P, T_Q);
	pz = torn_index(w->v[i + 1].dentry, T_R, T_S);
	/* Past four states, every one of them was current: stop there. */
	for (k = g0 / 2; k <= (g1 + 1) / 2 && k < g0 / 2 + 4; k++)
		if (torn_states[k % 4][0] == pa && torn_states[k % 4][1] == pz)
			return true;
	return false;
}

static void torture_one(struct walk *w, struct stats *s, int kind,
			const struct path *start)
{
	bool from_torn = have_torn && start->dentry == torn[T_A].dentry;
	long g0, g1;
	int err;

	memset(w, 0, offsetof(struct walk, v));
	w->kind = kind;
	w->get_at = get_random_u32_below(8);
	g0 = atomic_long_read(&torn_gen);
	/*
	 * Pairs with the full barriers around each move in torn_thread():
	 * the walk reads no link older than the move g0 says ended...
	 */
	smp_rmb();
	err = vfs_walk_ancestors(start, torture_cb, w, 0);
	/* ...and g1 says a move started if the walk saw a link it made. */
	smp_rmb();
	g1 = atomic_long_read(&torn_gen);
	s->walks[kind]++;
	if (err) {
		s->errors++;
	} else if (!w->overflow && w->nr) {
		bool lockless = !(w->v[w->nr - 1].flags & VFS_WALK_MAY_SLEEP);

		if (lockless)
			s->rcu_answers++;
		else
			s->ref_answers++;
		if (!chain_ok(w, start))
			s->bad_chains++;
		if (from_torn && lockless && !READ_ONCE(torn_broken)) {
			s->torn_judged++;
			if (!torn_chain_ok(w, g0, g1))
				s->torn_bad++;
		}
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
	total.torn_judged += s.torn_judged;
	total.torn_bad += s.torn_bad;
	total.max_restarts = max(total.max_restarts, s.max_restarts);
	total.max_visits = max(total.max_visits, s.max_visits);
	spin_unlock(&total_lock);
	return 0;
}

/* Moves @d from @from to @to, under the same name, as rename(2) would. */
static int torn_move(struct dentry *d, struct dentry *from, struct dentry *to)
{
	struct renamedata rd = {
		.old_mnt_idmap = &nop_mnt_idmap,
		.new_mnt_idmap = &nop_mnt_idmap,
	};
	struct dentry *trap, *target, *parent;
	int err;

	trap = lock_rename_child(d, to);
	if (IS_ERR(trap))
		return PTR_ERR(trap);
	/* Locked: d cannot move now. */
	parent = d->d_parent;
	err = -ESTALE;
	if (parent != from || trap == d)
		goto unlock;
	target = lookup_one_len(d->d_name.name, to, d->d_name.len);
	err = PTR_ERR(target);
	if (IS_ERR(target))
		goto unlock;
	err = -EEXIST;
	if (d_is_positive(target) || target == trap)
		goto put;
	rd.old_dir = d_inode(from);
	rd.old_dentry = d;
	rd.new_dir = d_inode(to);
	rd.new_dentry = target;
	err = vfs_rename(&rd);
put:
	dput(target);
unlock:
	unlock_rename(parent, to);
	return err;
}

/*
 * The torn tree's renamer.  The generation goes odd before a move starts
 * and even after it ended, each time with a full barrier: a walker that saw
 * a move's effect reads a generation at least as new as its start after
 * the walk, and one that read a move's end before the walk sees its effect.
 */
static int torn_thread(void *unused)
{
	unsigned long k = 0;
	int err;

	err = mnt_want_write(torn[T_A].mnt);
	if (err)
		goto out;
	while (time_before(jiffies, READ_ONCE(deadline)) &&
	       !kthread_should_stop()) {
		const int *m = torn_moves[k % 4];

		atomic_long_inc_return(&torn_gen);
		err = torn_move(torn[m[0]].dentry, torn[m[1]].dentry,
				torn[m[2]].dentry);
		if (err) {
			WRITE_ONCE(torn_broken, true);
			atomic_long_inc_return(&torn_gen);
			break;
		}
		atomic_long_inc_return(&torn_gen);
		k++;
		cond_resched();
	}
	mnt_drop_write(torn[T_A].mnt);
out:
	if (err)
		pr_warn("walk_torture: a move of the torn tree failed: %d\n", err);
	torn_moves_done = k;
	torn_move_errors = err ? 1 : 0;
	/* Stopped by torture_run(), which expects to find it. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/*
 * The torn tree is given in its state 0, on one mount: P and Q share a
 * parent, z is above them (within MAX_VISITS - 8 levels), R and S share one.
 */
static bool torn_tree_ok(void)
{
	const struct dentry *d = torn[T_P].dentry;
	int i;

	for (i = 1; i < T_NR; i++)
		if (torn[i].mnt != torn[T_A].mnt)
			return false;
	if (torn[T_A].dentry->d_parent != torn[T_P].dentry ||
	    torn[T_P].dentry->d_parent != torn[T_Q].dentry->d_parent ||
	    torn[T_Z].dentry->d_parent != torn[T_R].dentry ||
	    torn[T_R].dentry->d_parent != torn[T_S].dentry->d_parent)
		return false;
	rcu_read_lock();
	for (i = 0; d != torn[T_Z].dentry && !IS_ROOT(d) && i < MAX_VISITS - 8; i++)
		d = READ_ONCE(d->d_parent);
	rcu_read_unlock();
	return d == torn[T_Z].dentry;
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
	threads = kcalloc(nr_cpu_ids + 1, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	memset(&total, 0, sizeof(total));
	atomic_long_set(&torn_gen, 0);
	torn_broken = false;
	torn_moves_done = 0;
	torn_move_errors = 0;
	WRITE_ONCE(deadline, jiffies + seconds * HZ);
	if (have_torn) {
		struct task_struct *t = kthread_run(torn_thread, NULL,
						    "walk_torture/torn");

		if (IS_ERR(t)) {
			kfree(threads);
			return PTR_ERR(t);
		}
		get_task_struct(t);
		threads[n++] = t;
	}
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

/* A reference to the path of the writer's @fd. */
static int get_fd_path(int fd, struct path *path)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	*path = f->f_path;
	path_get(path);
	fput(f);
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
	have_torn = false;
	while (p && (tok = strsep(&p, " ")) && nr_paths < MAX_PATHS) {
		if (!*tok)
			continue;
		if (!strncmp(tok, "torn=", 5) && !have_torn) {
			/* Six fds, comma-separated; a is walked too. */
			char *t = tok + 5, *f;

			for (i = 0; i < T_NR; i++) {
				f = strsep(&t, ",");
				err = f && !kstrtoint(f, 10, &fd) ?
				      get_fd_path(fd, &torn[i]) : -EINVAL;
				if (err)
					break;
			}
			have_torn = true;
			if (err || t || !torn_tree_ok()) {
				while (i--)
					path_put(&torn[i]);
				have_torn = false;
				err = err ?: -EINVAL;
				goto put;
			}
			paths[nr_paths] = torn[T_A];
			path_get(&paths[nr_paths++]);
			continue;
		}
		err = kstrtoint(tok, 10, &fd) ? -EINVAL :
		      get_fd_path(fd, &paths[nr_paths]);
		if (err)
			goto put;
		nr_paths++;
	}
	if (!nr_paths) {
		err = -EINVAL;
		goto put;
	}
	err = torture_run(seconds);
put:
	for (i = 0; i < nr_paths; i++)
		path_put(&paths[i]);
	nr_paths = 0;
	if (have_torn)
		for (i = 0; i < T_NR; i++)
			path_put(&torn[i]);
	have_torn = false;
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
		       "max_visits %llu\nbad_chains %llu\nerrors %llu\n"
		       "torn_moves %llu\ntorn_move_errors %llu\n"
		       "torn_judged %llu\ntorn_bad %llu\n",
		       total.rcu_answers, total.ref_answers, total.restarts,
		       total.max_restarts, total.echild, total.refs_taken,
		       total.max_visits, total.bad_chains, total.errors,
		       torn_moves_done, torn_move_errors, total.torn_judged,
		       total.torn_bad);
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
