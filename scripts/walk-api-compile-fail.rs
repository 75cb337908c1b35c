// SPDX-License-Identifier: GPL-2.0
#![no_std]
//! Compile-time checks of the walker's safe API, for scripts/check-compile-fail.sh: doctests
//! compiled (not run) against the kernel crate as built, with the kernel's own rustdoc flags.
//! 6.12's doctest builder turns every doctest into KUnit code, so `compile_fail` cannot live
//! in the kernel crate itself; here each case must fail to compile (with its error code where
//! rustc gives one), and the control must compile, so that a failure is for the right reason.
//!
//! Control: a visitor that keeps the ancestor it may sleep at compiles.
//!
//! ```
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, OwnedPath}, prelude::*};
//! struct Last(Option<OwnedPath>);
//! impl Visitor for Last {
//!     fn visit(&mut self, a: &Ancestor<'_>) -> Result<Flow> {
//!         let Some(p) = a.pinned() else { return Ok(Flow::NeedSleep) };
//!         self.0 = Some(p.clone());
//!         Ok(Flow::Continue)
//!     }
//!     fn restart(&mut self) -> Result {
//!         self.0 = None;
//!         Ok(())
//!     }
//! }
//! ```
//!
//! A lockless visit has no way to take a reference:
//!
//! ```compile_fail,E0599
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, OwnedPath}, prelude::*};
//! struct Last(Option<OwnedPath>);
//! impl Visitor for Last {
//!     fn visit(&mut self, a: &Ancestor<'_>) -> Result<Flow> {
//!         self.0 = a.get();
//!         Ok(Flow::Continue)
//!     }
//!     fn restart(&mut self) -> Result {
//!         self.0 = None;
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Nor keep the ancestor's path beyond the call, where nothing pins it:
//!
//! ```compile_fail
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, Path}, prelude::*};
//! struct Keep<'k>(Option<&'k Path>);
//! impl<'k> Visitor for Keep<'k> {
//!     fn visit(&mut self, a: &Ancestor<'_>) -> Result<Flow> {
//!         self.0 = Some(a.path());
//!         Ok(Flow::Continue)
//!     }
//!     fn restart(&mut self) -> Result {
//!         self.0 = None;
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Nor forget what to do when the walk starts over: `restart` has no default, so a visitor that
//! would keep a verdict from a walk that did not happen does not compile:
//!
//! ```compile_fail,E0046
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::walk::*, prelude::*};
//! struct Allowed(bool);
//! impl Visitor for Allowed {
//!     fn visit(&mut self, _a: &Ancestor<'_>) -> Result<Flow> {
//!         self.0 = true;
//!         Ok(Flow::Stop)
//!     }
//! }
//! ```
