//! ferrous-lua: a Lua 5.1 compiler and register VM that runs Redis scripts against an in-memory
//! Redis keyspace. The modules follow the layers of DESIGN.md; each depends only on those above it.

#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
pub mod bindings;
pub mod clock;
pub mod compiler;
pub mod debugger;
pub mod keyspace;
pub mod number;
pub mod scripting;
pub mod stdlib;
pub mod vm;

/// The crate version, as Cargo.toml gives it; the CLI, the wasm package and the playground show it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
