//! Layer 5, Redis scripting: EVAL/EVALSHA/FCALL over the VM and the keyspace. For now it holds
//! the pieces with no VM dependency: script hashing, Redis's portable random generator and the
//! `struct` library's codec.

pub mod rand48;
pub mod sha1;
pub mod struct_codec;
