//! Layer 5, Redis scripting: EVAL/EVALSHA/SCRIPT over the VM and the keyspace, the Lua
//! environment Redis 7.0 gives scripts (the `redis` table, global protection, Redis's
//! `pcall` and `math.random`), the conversions between replies and Lua values, and the
//! libraries (`struct`, ...). [`server::Server`] is the whole in-memory Redis.

pub mod convert;
pub mod engine;
pub mod environment;
pub mod eval;
pub mod rand48;
pub mod redis_api;
pub mod server;
pub mod sha1;
pub mod struct_codec;
