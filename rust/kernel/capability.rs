// SPDX-License-Identifier: GPL-2.0

//! Capabilities of the current task.
//!
//! C header: [`include/linux/capability.h`](srctree/include/linux/capability.h)

use crate::bindings;

/// A capability, such as [`CAP_SYS_ADMIN`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Capability(i32);

/// `CAP_SYS_ADMIN`.
pub const CAP_SYS_ADMIN: Capability = Capability(bindings::CAP_SYS_ADMIN as i32);

/// Returns `true` if the current task has `cap` in the initial user namespace (`capable()`),
/// which also marks the task as having used it.
///
/// # Examples
///
/// ```
/// use kernel::capability::{capable, CAP_SYS_ADMIN};
///
/// // KUnit runs as a kernel thread, which has every capability.
/// assert!(capable(CAP_SYS_ADMIN));
/// ```
pub fn capable(cap: Capability) -> bool {
    // SAFETY: `capable()` may be called from any process context.
    unsafe { bindings::capable(cap.0) }
}
