//! Layer 5, Redis scripting: EVAL/EVALSHA/FCALL over the VM and the keyspace. For now it holds
//! the pieces with no VM dependency: script hashing, Redis's portable random generator and the
//! `struct` library's codec.

pub mod bit;
pub mod c_api;
pub mod cjson;
pub mod cmsgpack;
pub mod rand48;
pub mod sha1;
pub mod struct_codec;
pub mod struct_lib;

use crate::vm::state::{LuaError, Vm};

/// Opens `cjson`, `struct`, `cmsgpack` and `bit` as globals, in the order Redis 7.0 loads them
/// (which shows in the globals' `pairs` order).
pub fn open_libraries(vm: &mut Vm) -> Result<(), LuaError> {
    cjson::open(vm)?;
    struct_lib::open(vm)?;
    cmsgpack::open(vm)?;
    bit::open(vm)
}
