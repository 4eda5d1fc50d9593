//! Layer 5, Redis scripting: EVAL/EVALSHA/FCALL over the VM and the keyspace. For now it holds
//! the pieces with no VM dependency: script hashing and Redis's portable random generator.

pub mod rand48;
pub mod sha1;
