// SPDX-License-Identifier: GPL-2.0

//! RCU read-side critical sections.
//!
//! C header: [`include/linux/rcupdate.h`](srctree/include/linux/rcupdate.h)
//!
//! Objects that C frees only after an RCU grace period (dentries, mounts, inodes, ...) may be
//! read without a reference while the RCU read lock is held. In Rust that evidence is a [`Guard`]:
//! functions that read such objects take `&'a Guard` and return `&'a T`, so the borrow checker
//! rejects any use of them after the read-side critical section has ended.

use crate::bindings;
use core::marker::PhantomData;

/// Evidence that the RCU read lock is held.
///
/// A guard must be dropped by the task that created it, so it is neither [`Send`] nor [`Sync`].
/// Code holding a guard must not sleep.
///
/// # Invariants
///
/// The RCU read lock is held while this object exists.
///
/// # Examples
///
/// ```
/// use kernel::sync::rcu;
///
/// let guard = rcu::read_lock();
/// // Objects borrowed from `guard` are valid until here.
/// drop(guard);
/// ```
#[must_use = "the RCU read lock is released as soon as the guard is dropped"]
pub struct Guard(PhantomData<*mut ()>);

impl Guard {
    /// Acquires the RCU read lock and returns the guard that releases it.
    #[inline]
    pub fn new() -> Self {
        // SAFETY: `rcu_read_lock()` may be called from any context; it is released in `drop`.
        unsafe { bindings::rcu_read_lock() };
        // INVARIANT: The RCU read lock was acquired just above.
        Self(PhantomData)
    }

    /// Releases the RCU read lock; the same as dropping the guard, but reads better.
    #[inline]
    pub fn unlock(self) {}
}

impl Default for Guard {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Guard {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariants the RCU read lock is held, and it was acquired by this
        // guard, on this task (the guard is `!Send`).
        unsafe { bindings::rcu_read_unlock() };
    }
}

/// Acquires the RCU read lock.
///
/// ```
/// let guard = kernel::sync::rcu::read_lock();
/// guard.unlock();
/// ```
#[inline]
pub fn read_lock() -> Guard {
    Guard::new()
}
