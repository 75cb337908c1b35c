// SPDX-License-Identifier: GPL-2.0

#include <linux/seqlock.h>

unsigned int rust_helper_read_seqcount_spinlock_begin(const seqcount_spinlock_t *s)
{
	return read_seqcount_begin(s);
}

int rust_helper_read_seqcount_spinlock_retry(const seqcount_spinlock_t *s,
					     unsigned int start)
{
	return read_seqcount_retry(s, start);
}

#ifdef CONFIG_DEBUG_LOCK_ALLOC
/* What read_seqcount_begin() tells lockdep before it reads the sequence. */
void rust_helper_seqcount_spinlock_lockdep_reader_access(const seqcount_spinlock_t *s)
{
	seqcount_lockdep_reader_access(&s->seqcount);
}
#endif

void rust_helper_smp_rmb(void)
{
	/* For Rust's seqcount readers, which pair it with the writers' smp_wmb(). */
	smp_rmb();
}

/* raw_seqcount_begin() on the counter itself: it never waits, not even on PREEMPT_RT. */
unsigned int rust_helper_raw_seqcount_spinlock_sample(const seqcount_spinlock_t *s)
{
	return raw_seqcount_begin(&s->seqcount);
}
