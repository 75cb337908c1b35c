/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kfuncs the path iterator tests call (fs/bpf_fs_kfuncs.c,
 * kernel/bpf/helpers.c). Function declarations are extern without the
 * keyword; __ksym makes libbpf resolve them in the kernel's BTF.
 */
#ifndef PATH_ITER_KFUNCS_H
#define PATH_ITER_KFUNCS_H

int bpf_iter_path_new(struct bpf_iter_path *it, struct path *p, __u64 flags) __ksym;
struct path *bpf_iter_path_next(struct bpf_iter_path *it) __ksym;
void bpf_iter_path_destroy(struct bpf_iter_path *it) __ksym;
__u32 bpf_iter_path_how(struct bpf_iter_path *it__iter) __ksym;
int bpf_iter_path_rcu_new(struct bpf_iter_path_rcu *it, struct path *p, __u64 flags) __ksym;
struct path *bpf_iter_path_rcu_next(struct bpf_iter_path_rcu *it) __ksym;
void bpf_iter_path_rcu_destroy(struct bpf_iter_path_rcu *it) __ksym;
int bpf_iter_path_rcu_valid(struct bpf_iter_path_rcu *it__iter) __ksym;
__u32 bpf_iter_path_rcu_how(struct bpf_iter_path_rcu *it__iter) __ksym;
int bpf_iter_path_rcu_name(struct bpf_iter_path_rcu *it__iter, char *buf, size_t buf__sz) __ksym;
__u64 bpf_iter_path_rcu_mnt_id(struct bpf_iter_path_rcu *it__iter) __ksym;
struct path *bpf_iter_path_rcu_get(struct bpf_iter_path_rcu *it__iter) __ksym;
void bpf_path_release(struct path *path) __ksym;
struct file *bpf_get_task_exe_file(struct task_struct *task) __ksym;
void bpf_put_file(struct file *file) __ksym;
struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
void bpf_task_release(struct task_struct *p) __ksym;
int bpf_path_d_path(struct path *path, char *buf, size_t buf__sz) __ksym;
int bpf_get_dentry_xattr(struct dentry *d, const char *name, struct bpf_dynptr *v) __ksym;
/* __ksym first: checkpatch would read "(void) __ksym" as a cast. */
__ksym void bpf_rcu_read_lock(void);
__ksym void bpf_rcu_read_unlock(void);

#endif
