// SPDX-License-Identifier: GPL-2.0
#![no_std]
//! Compile-time checks of the walker's safe API, for scripts/check-compile-fail.sh: doctests
//! compiled (not run) against the kernel crate as built, with the kernel's own rustdoc flags.
//! 6.12's doctest builder turns every doctest into KUnit code, so `compile_fail` cannot live
//! in the kernel crate itself; here each case must fail to compile (with its error code where
//! rustc gives one), and the control must compile, so that a failure is for the right reason.
//!
//! Control: a visitor that keeps the ancestor it may sleep at, and counts visits in its
//! accumulator, compiles.
//!
//! ```
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, OwnedPath}, prelude::*};
//! struct Last(Option<OwnedPath>);
//! impl Visitor for Last {
//!     type Acc = u32;
//!     fn visit(&self, n: &mut u32, _a: &Ancestor<'_>) -> Result<Flow> {
//!         *n += 1;
//!         Ok(Flow::NeedSleep)
//!     }
//!     fn visit_pinned(&mut self, n: &mut u32, _a: &Ancestor<'_>, p: &OwnedPath) -> Result<Flow> {
//!         *n += 1;
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
//! A lockless visit has no way to take a reference to the ancestor (the walker's own way, for
//! the C API, is private):
//!
//! ```compile_fail,E0624
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, OwnedPath}, prelude::*};
//! struct Last;
//! impl Visitor for Last {
//!     type Acc = ();
//!     fn visit(&self, _: &mut (), a: &Ancestor<'_>) -> Result<Flow> {
//!         let _kept: Option<OwnedPath> = a.take_ref();
//!         Ok(Flow::Continue)
//!     }
//!     fn restart(&mut self) -> Result {
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Nor drop one the visitor kept earlier by replacing it (a `path_put()` inside the read-side
//! critical section, perhaps the last): the lockless visit only shares the visitor.
//!
//! ```compile_fail,E0594
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, OwnedPath}, prelude::*};
//! struct Last(Option<OwnedPath>);
//! impl Visitor for Last {
//!     type Acc = ();
//!     fn visit(&self, _: &mut (), _a: &Ancestor<'_>) -> Result<Flow> {
//!         self.0 = None;
//!         Ok(Flow::Continue)
//!     }
//!     fn restart(&mut self) -> Result {
//!         self.0 = None;
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Nor through the accumulator, which cannot own a reference:
//!
//! ```compile_fail,E0277
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, OwnedPath}, prelude::*};
//! struct Last;
//! impl Visitor for Last {
//!     type Acc = Option<OwnedPath>;
//!     fn visit(&self, kept: &mut Option<OwnedPath>, _a: &Ancestor<'_>) -> Result<Flow> {
//!         *kept = None;
//!         Ok(Flow::Continue)
//!     }
//!     fn restart(&mut self) -> Result {
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Nor keep the ancestor's path in its accumulator beyond the call, where nothing pins it: the
//! accumulator borrows nothing.
//!
//! ```compile_fail,E0477
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, Path}, prelude::*};
//! struct Keep<'k>(core::marker::PhantomData<&'k Path>);
//! impl<'k> Visitor for Keep<'k> {
//!     type Acc = Option<&'k Path>;
//!     fn visit(&self, kept: &mut Option<&'k Path>, _a: &Ancestor<'_>) -> Result<Flow> {
//!         *kept = None;
//!         Ok(Flow::Continue)
//!     }
//!     fn restart(&mut self) -> Result {
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Nor collect through a borrowed cell, whose contents the walker could not put back when the
//! walk starts over (a verdict from a walk that did not happen):
//!
//! ```compile_fail,E0477
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use core::cell::Cell;
//! use kernel::{fs::walk::*, prelude::*};
//! struct Allow<'k>(core::marker::PhantomData<&'k ()>);
//! impl<'k> Visitor for Allow<'k> {
//!     type Acc = &'k Cell<bool>;
//!     fn visit(&self, allowed: &mut &'k Cell<bool>, _a: &Ancestor<'_>) -> Result<Flow> {
//!         allowed.set(true);
//!         Ok(Flow::Stop)
//!     }
//!     fn restart(&mut self) -> Result {
//!         Ok(())
//!     }
//! }
//! ```
//!
//! Nor forget what to do when the walk starts over: `restart` has no default, so a visitor that
//! would keep what it derived from a walk that did not happen does not compile:
//!
//! ```compile_fail,E0046
//! #![no_std]
//! #![no_main]
//! extern crate kernel;
//! use kernel::{fs::{walk::*, OwnedPath}, prelude::*};
//! struct Allowed(Option<OwnedPath>);
//! impl Visitor for Allowed {
//!     type Acc = ();
//!     fn visit(&self, _: &mut (), _a: &Ancestor<'_>) -> Result<Flow> {
//!         Ok(Flow::NeedSleep)
//!     }
//!     fn visit_pinned(&mut self, _: &mut (), _a: &Ancestor<'_>, p: &OwnedPath) -> Result<Flow> {
//!         self.0 = Some(p.clone());
//!         Ok(Flow::Stop)
//!     }
//! }
//! ```
