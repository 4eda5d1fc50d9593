//! Layer 5, Redis scripting: EVAL/EVALSHA/SCRIPT and FUNCTION/FCALL over the VM and the
//! keyspace, the Lua
//! environment Redis 7.0 gives scripts (the `redis` table, global protection, Redis's
//! `pcall` and `math.random`), the conversions between replies and Lua values, and the
//! libraries (`cjson`, `cmsgpack`, `bit`, `struct`). [`server::Server`] is the whole in-memory Redis.

pub mod bit;
pub mod c_api;
pub mod cjson;
pub mod cmsgpack;
pub mod convert;
pub mod debug_console;
pub mod engine;
pub mod environment;
pub mod eval;
pub mod function_dump;
pub mod functions;
pub mod lzf;
pub mod rand48;
pub mod redis_api;
pub mod server;
pub mod sha1;
pub mod struct_codec;
pub mod struct_lib;
pub mod transaction;

use crate::vm::state::{LuaError, Vm};

/// Opens `cjson`, `struct`, `cmsgpack` and `bit` as globals, in the order Redis 7.0 loads them
/// (which shows in the globals' `pairs` order).
pub fn open_libraries(vm: &mut Vm) -> Result<(), LuaError> {
    cjson::open(vm)?;
    struct_lib::open(vm)?;
    cmsgpack::open(vm)?;
    bit::open(vm)
}
