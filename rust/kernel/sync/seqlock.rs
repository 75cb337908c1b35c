// SPDX-License-Identifier: GPL-2.0

//! Sequence counters and sequential locks, read side.
//!
//! C header: [`include/linux/seqlock.h`](srctree/include/linux/seqlock.h)
//!
//! A reader samples the sequence with `read_begin`, reads the protected data without locking,
//! then asks `read_retry` whether a writer ran in between: if so, what was read may be
//! inconsistent and must be thrown away. A reader that must never wait for a writer (it may run
//! in interrupt context, on the CPU of the writer it interrupted) samples with `sample`
//! instead, which makes the section fail rather than spin. Writers are not wrapped: the VFS
//! counters read here (`rename_lock`, `mount_lock`, a dentry's `d_seq`) are written only by C.
//!
//! Without `PREEMPT_RT` and KCSAN the reads are inline. 6.12's C reads the count with
//! `smp_load_acquire()` in `*_begin()` and puts `smp_rmb()` before the count's read in
//! `*_retry()`; here `*_begin()` reads it once (`READ_ONCE()`) followed by `smp_rmb()`, which
//! orders every later load after it as the acquire does (and more: all earlier loads too), and
//! `*_retry()` is C's. On x86 both forms are a plain load and a compiler barrier. Under KCSAN
//! the C functions are called instead, so that the race detector is told of the read section
//! (`kcsan_atomic_next()`) as for C's readers; under `PREEMPT_RT`, so that a reader of a
//! lock-associated counter waits for a preempted writer by taking its lock, as C's does.

use crate::{bindings, types::Opaque};
#[cfg(not(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN)))]
use core::ptr;

/// `smp_rmb()`: loads before it are done before loads after it, as the Linux kernel memory
/// model defines it (not as a Rust `fence`, which orders only with other atomics).
///
/// x86 is TSO: there `smp_rmb()` is a compiler barrier (`arch/x86/include/asm/barrier.h`); so it
/// is on every uniprocessor kernel (`include/asm-generic/barrier.h` without `CONFIG_SMP`: User-Mode
/// Linux, whose `CONFIG_X86` is unset). Both are an empty `asm!` here, which the compiler must
/// assume reads and writes any memory. Elsewhere it is the C macro. (Under KCSAN the inline
/// readers are not built: C's are called.)
#[cfg(not(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN)))]
#[inline(always)]
fn smp_rmb() {
    #[cfg(any(CONFIG_X86, not(CONFIG_SMP)))]
    // SAFETY: An empty asm block: it does nothing, but may not be reordered with memory accesses.
    unsafe {
        core::arch::asm!("")
    };
    #[cfg(not(any(CONFIG_X86, not(CONFIG_SMP))))]
    // SAFETY: `smp_rmb()` can be called in any context.
    unsafe {
        bindings::smp_rmb()
    };
}

/// A sequence number sampled at the start of a read section.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Seq(u32);

/// A `seqlock_t`, read side only.
///
/// # Invariants
///
/// The wrapped `seqlock_t` is initialised.
#[repr(transparent)]
pub struct SeqLock(Opaque<bindings::seqlock_t>);

// SAFETY: A seqlock's read side is made for concurrent use from any task; the write side is not
// reachable from this type.
unsafe impl Sync for SeqLock {}

impl SeqLock {
    /// Creates a reference to a seqlock from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to an initialised `seqlock_t` that stays valid for the lifetime `'a`.
    pub unsafe fn from_raw<'a>(ptr: *const bindings::seqlock_t) -> &'a Self {
        // SAFETY: A transparent `seqlock_t`; the caller guarantees `ptr` is initialised for `'a`.
        unsafe { &*ptr.cast() }
    }

    /// Starts a read section without waiting for a writer: as [`SeqCountSpinlock::sample`], on
    /// the lock's counter.
    #[inline]
    pub fn sample(&self) -> Seq {
        self.seqcount().sample()
    }

    /// Starts a read section, waiting while a writer holds the lock (`read_seqbegin()`).
    ///
    /// # Examples
    ///
    /// The lockless read pattern, on the global `rename_lock`:
    ///
    /// ```
    /// use kernel::{bindings, sync::seqlock::SeqLock};
    ///
    /// // SAFETY: `rename_lock` is a global seqlock, initialised at build time and never freed.
    /// let lock = unsafe { SeqLock::from_raw(core::ptr::addr_of!(bindings::rename_lock)) };
    /// let seq = loop {
    ///     let seq = lock.read_begin();
    ///     // Read data that renames change here.
    ///     if !lock.read_retry(seq) {
    ///         break seq;
    ///     }
    /// };
    /// // The data read above was consistent at one instant after `seq` was sampled.
    /// # let _ = seq;
    /// ```
    #[inline]
    pub fn read_begin(&self) -> Seq {
        // `read_seqbegin()` is `read_seqcount_begin()` on the lock's counter: so is this, inline
        // (no call; the lockless walk samples two seqlocks per walk).
        self.seqcount().read_begin()
    }

    /// Returns `true` if a writer ran since `seq` was sampled (`read_seqretry()`).
    #[inline]
    pub fn read_retry(&self, seq: Seq) -> bool {
        // `read_seqretry()` is `read_seqcount_retry()` on the lock's counter.
        self.seqcount().read_retry(seq)
    }

    /// The lock's sequence counter (`sl->seqcount`), which writers bump under the lock.
    #[inline]
    fn seqcount(&self) -> &SeqCountSpinlock {
        // The counter lives as long as the seqlock, so as long as `self`.
        // SAFETY: By the type invariants the seqlock, its counter included, is initialised.
        unsafe { SeqCountSpinlock::from_raw(core::ptr::addr_of!((*self.0.get()).seqcount)) }
    }
}

/// A `seqcount_spinlock_t`, such as a dentry's `d_seq`, read side only.
///
/// # Invariants
///
/// The wrapped counter is initialised.
#[repr(transparent)]
pub struct SeqCountSpinlock(Opaque<bindings::seqcount_spinlock_t>);

// SAFETY: A sequence counter's read side is made for concurrent use from any task; the write side
// is not reachable from this type.
unsafe impl Sync for SeqCountSpinlock {}

impl SeqCountSpinlock {
    /// Creates a reference to a sequence counter from a raw pointer.
    ///
    /// # Safety
    ///
    /// `ptr` points to an initialised `seqcount_spinlock_t` that stays valid for `'a`.
    pub unsafe fn from_raw<'a>(ptr: *const bindings::seqcount_spinlock_t) -> &'a Self {
        // SAFETY: A transparent counter; the caller guarantees `ptr` is initialised for `'a`.
        unsafe { &*ptr.cast() }
    }

    /// Starts a read section, waiting while a write is in progress (`read_seqcount_begin()`).
    ///
    /// # Examples
    ///
    /// ```
    /// use core::sync::atomic::{AtomicU32, Ordering};
    /// use kernel::sync::seqlock::SeqCountSpinlock;
    ///
    /// /// Reads `value`, which writers change under `count`, until the read is consistent.
    /// fn read_stable(count: &SeqCountSpinlock, value: &AtomicU32) -> u32 {
    ///     loop {
    ///         let seq = count.read_begin();
    ///         let v = value.load(Ordering::Relaxed);
    ///         if !count.read_retry(seq) {
    ///             return v;
    ///         }
    ///     }
    /// }
    /// ```
    #[inline]
    pub fn read_begin(&self) -> Seq {
        #[cfg(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN))]
        // SAFETY: By the type invariants the counter is initialised.
        return Seq(unsafe { bindings::read_seqcount_spinlock_begin(self.0.get()) });

        // Otherwise `read_seqcount_begin()` is lockdep's reader annotation (with
        // `DEBUG_LOCK_ALLOC`), then the count's acquiring load, again while it is odd. Those loads
        // are done here (see the module documentation for the barrier): that saves a call per
        // step of a lockless walk, and lockdep kernels, which make the annotation's call, run the
        // same loads as production kernels do.
        #[cfg(not(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN)))]
        {
            #[cfg(CONFIG_DEBUG_LOCK_ALLOC)]
            // SAFETY: By the type invariants the counter is initialised.
            unsafe {
                bindings::seqcount_spinlock_lockdep_reader_access(self.0.get())
            };
            let seq = loop {
                let seq = self.sequence();
                if seq & 1 == 0 {
                    break seq;
                }
                core::hint::spin_loop();
            };
            // The reads that follow are not done before the sequence's.
            smp_rmb();
            Seq(seq)
        }
    }

    /// Starts a read section without waiting (`raw_seqcount_begin()`): while a write is in
    /// progress the number sampled is one that [`SeqCountSpinlock::read_retry`] always rejects,
    /// so the section fails instead of spinning. For readers that must not wait: a BPF program in
    /// interrupt context may have interrupted the writer, on its CPU, that it would wait for.
    ///
    /// ```
    /// use kernel::{bindings, sync::seqlock::SeqLock};
    ///
    /// // SAFETY: `rename_lock` is a global seqlock, initialised at build time and never freed.
    /// let lock = unsafe { SeqLock::from_raw(core::ptr::addr_of!(bindings::rename_lock)) };
    /// let seq = lock.sample();
    /// // Read data that renames change; then, if a rename ran (or was running), give up.
    /// let consistent = !lock.read_retry(seq);
    /// # let _ = consistent;
    /// ```
    #[inline]
    pub fn sample(&self) -> Seq {
        #[cfg(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN))]
        // SAFETY: By the type invariants the counter is initialised.
        return Seq(unsafe { bindings::raw_seqcount_spinlock_sample(self.0.get()) });

        #[cfg(not(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN)))]
        {
            // An odd count, less one, is a count no writer leaves behind.
            let seq = self.sequence() & !1;
            // The reads that follow are not done before the sequence's.
            smp_rmb();
            Seq(seq)
        }
    }

    /// Returns `true` if a write happened since `seq` was sampled (`read_seqcount_retry()`).
    #[inline]
    pub fn read_retry(&self, seq: Seq) -> bool {
        #[cfg(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN))]
        // SAFETY: By the type invariants the counter is initialised.
        return unsafe { bindings::read_seqcount_spinlock_retry(self.0.get(), seq.0) != 0 };

        #[cfg(not(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN)))]
        {
            // The reads before are done before the sequence's.
            smp_rmb();
            self.sequence() != seq.0
        }
    }

    /// The counter's value, read once (`READ_ONCE(s->seqcount.sequence)`), as
    /// `seqprop_sequence()` does for a spinlock-associated counter without `PREEMPT_RT`.
    #[cfg(not(any(CONFIG_PREEMPT_RT, CONFIG_KCSAN)))]
    #[inline]
    fn sequence(&self) -> u32 {
        // Writers change `sequence` concurrently: it is read once, volatile, as `READ_ONCE()` does.
        // SAFETY: By the type invariants the counter is initialised.
        unsafe { ptr::read_volatile(ptr::addr_of!((*self.0.get()).seqcount.sequence)) }
    }
}

impl Seq {
    /// The raw sequence number, for C functions that take one.
    pub fn raw(self) -> u32 {
        self.0
    }
}
