//! Layer 3, the Lua standard library. Its engines that need no VM live here as plain functions
//! over bytes — Lua patterns and C printf conversions — so they can be tested against lua5.1 on
//! their own; the library functions that wrap them join once the executor exists.

pub mod crand;
pub mod pattern;
pub mod printf;
pub mod sort;
