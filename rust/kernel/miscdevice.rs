// SPDX-License-Identifier: GPL-2.0

//! Miscellaneous character devices, with ioctls.
//!
//! C header: [`include/linux/miscdevice.h`](srctree/include/linux/miscdevice.h)
//!
//! A misc device is a character device with a dynamic minor under `/dev`. This abstraction
//! covers what a built-in driver that talks to user space through ioctls needs: a
//! [`MiscDevice`] implementation receives every ioctl on any open file of the device.
//!
//! # Lifetime
//!
//! An open file can outlive `misc_deregister()`, and every ioctl on it reaches the device's
//! data through `file->private_data`. Registrations are therefore never undone: [`register`]
//! returns a `'static` reference. This suits built-in code, which is never unloaded.

use crate::{
    alloc::{flags::GFP_KERNEL, KBox},
    bindings,
    error::{to_result, Error, Result},
    ffi::{c_long, c_uint, c_ulong},
    init::{InPlaceInit, PinInit},
    str::CStr,
    try_pin_init,
    types::Opaque,
};
use core::{marker::PhantomData, mem::MaybeUninit, pin::Pin};
use macros::pin_data;

/// A misc device's behaviour.
pub trait MiscDevice: Send + Sync + 'static {
    /// Handles ioctl `cmd` with argument `arg` (often a user pointer) from any open file.
    ///
    /// The returned value is what the `ioctl()` system call returns.
    fn ioctl(&self, cmd: u32, arg: usize) -> Result<isize>;
}

/// A registered misc device and its data.
///
/// # Invariants
///
/// `misc` is registered with `misc_register()` and never deregistered; its `fops` are
/// `Fops::<T>::FOPS`, and it is the first field, so `file->private_data`, which `misc_open()`
/// sets to `&misc`, points to the registration.
#[repr(C)]
#[pin_data]
pub struct Registration<T: MiscDevice> {
    #[pin]
    misc: Opaque<bindings::miscdevice>,
    #[pin]
    data: T,
}

// SAFETY: The C part is only used by the misc core, which locks what it changes; `T` is `Sync`.
unsafe impl<T: MiscDevice> Sync for Registration<T> {}
// SAFETY: Registrations are `'static` and never moved; `T` is `Send`.
unsafe impl<T: MiscDevice> Send for Registration<T> {}

/// Registers a misc device named `name` (`/dev/<name>`) with file mode `mode`, whose ioctls go
/// to the data initialised by `data`. The registration lasts until the system shuts down.
///
/// # Examples
///
/// ```
/// use kernel::{c_str, miscdevice::{self, MiscDevice}, prelude::*};
///
/// struct Answer;
///
/// impl MiscDevice for Answer {
///     fn ioctl(&self, cmd: u32, _arg: usize) -> Result<isize> {
///         match cmd {
///             0 => Ok(42),
///             _ => Err(ENOTTY),
///         }
///     }
/// }
///
/// let reg = miscdevice::register(c_str!("rust-doctest-answer"), 0o600, Answer)?;
/// assert!(reg.minor() > 0);
/// # Ok::<(), Error>(())
/// ```
pub fn register<T: MiscDevice>(
    name: &'static CStr,
    mode: u16,
    data: impl PinInit<T, Error>,
) -> Result<Pin<&'static Registration<T>>> {
    let reg = KBox::pin_init(
        try_pin_init!(Registration::<T> {
            misc: Opaque::new(bindings::miscdevice {
                minor: bindings::MISC_DYNAMIC_MINOR as i32,
                name: name.as_char_ptr(),
                fops: Fops::<T>::FOPS,
                mode,
                // SAFETY: All-zero is a valid value for the remaining fields (NULL pointers, an
                // empty list head that `misc_register()` initialises).
                ..unsafe { MaybeUninit::zeroed().assume_init() }
            }),
            data <- data,
        }? Error),
        GFP_KERNEL,
    )?;
    // SAFETY: The registration is never moved out of its box nor freed: it is leaked below, as
    // a `Pin` since it never moves again.
    let reg: &'static Registration<T> = KBox::leak(unsafe { Pin::into_inner_unchecked(reg) });
    // SAFETY: `misc` is initialised and lives forever; the device is never deregistered.
    to_result(unsafe { bindings::misc_register(reg.misc.get()) })?;
    // INVARIANT: `misc` is registered and never deregistered.
    Ok(Pin::static_ref(reg))
}

impl<T: MiscDevice> Registration<T> {
    /// The device's data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The minor number the device got.
    pub fn minor(&self) -> i32 {
        // SAFETY: By the type invariants `misc` is registered; `minor` is set by then.
        unsafe { (*self.misc.get()).minor }
    }
}

struct Fops<T>(PhantomData<T>);

impl<T: MiscDevice> Fops<T> {
    const FOPS: &'static bindings::file_operations = &bindings::file_operations {
        unlocked_ioctl: Some(Self::ioctl),
        // 32-bit callers' pointer arguments are converted by `compat_ptr_ioctl()`.
        #[cfg(CONFIG_COMPAT)]
        compat_ioctl: Some(bindings::compat_ptr_ioctl),
        // SAFETY: All-zero is a valid `file_operations`: no owner, no other callback.
        ..unsafe { MaybeUninit::zeroed().assume_init() }
    };

    /// # Safety
    ///
    /// Called by the VFS on a file of a device registered by [`register`], whose
    /// `private_data` `misc_open()` set.
    unsafe extern "C" fn ioctl(file: *mut bindings::file, cmd: c_uint, arg: c_ulong) -> c_long {
        // SAFETY: By the type invariants of `Registration`, `private_data` points to a
        // registration, which lives forever.
        let reg = unsafe { &*(*file).private_data.cast::<Registration<T>>() };
        match reg.data.ioctl(cmd, arg) {
            Ok(ret) => ret as c_long,
            Err(e) => e.to_errno() as c_long,
        }
    }
}
