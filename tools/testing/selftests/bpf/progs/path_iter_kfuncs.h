/* SPDX-License-Identifier: GPL-2.0 */
/* Kfuncs the path iterator programs call besides the iterators' own. */
#ifndef PATH_ITER_KFUNCS_H
#define PATH_ITER_KFUNCS_H

struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
void bpf_task_release(struct task_struct *p) __ksym;
/* __ksym first: checkpatch would read "(void) __ksym" as a cast. */
__ksym void bpf_rcu_read_lock(void);
__ksym void bpf_rcu_read_unlock(void);

#endif
