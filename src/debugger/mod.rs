//! Layer 6 of DESIGN.md: debugging a script — stepping it by instruction and by line (the
//! executor's line events), snapshots of its state, going back by replaying from the start,
//! and Redis's LDB as `redis-cli --ldb` shows it.

pub mod checkpoints;
pub mod keyspace_diff;
pub mod ldb;
pub mod render;
pub mod replay;
pub mod session;
pub mod snapshot;
