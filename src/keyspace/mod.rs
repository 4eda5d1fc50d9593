//! Layer 4, the keyspace: an in-memory Redis 7.0 whose replies are Redis's own, byte for
//! byte. Sixteen databases, a virtual clock (milliseconds) the embedder reads and advances,
//! and one command table. No Lua here: scripting sits on top.

pub mod bits;
pub mod command;
pub mod db;
pub mod glob;
pub mod hashes;
pub mod keys;
pub mod lists;
pub mod number;
pub mod redis_cli;
pub mod reply;
pub mod scan;
pub mod server;
pub mod sets;
pub mod sort;
pub mod stream_groups;
pub mod stream_id;
pub mod stream_info;
pub mod stream_store;
pub mod streams;
pub mod strings;
pub mod zsets;

use db::Db;
use reply::Reply;

/// How many databases `SELECT` can reach.
pub const DATABASES: usize = 16;

pub struct Keyspace {
    pub dbs: Vec<Db>,
    pub selected: usize,
    /// The virtual clock, Unix time in milliseconds.
    pub now: i64,
    /// State of the generator behind SPOP and SRANDMEMBER (seeded, so runs repeat).
    random: u64,
}

impl Keyspace {
    /// An empty server whose clock starts at `now` (Unix milliseconds).
    pub fn new(now: i64) -> Keyspace {
        Keyspace {
            dbs: vec![Db::default(); DATABASES],
            selected: 0,
            now,
            random: 0x2545_f491_4f6c_dd1d,
        }
    }

    /// A pseudo-random index below `n` (xorshift; `n` > 0).
    pub fn random_below(&mut self, n: usize) -> usize {
        self.random ^= self.random << 13;
        self.random ^= self.random >> 7;
        self.random ^= self.random << 17;
        (self.random % n.max(1) as u64) as usize
    }

    /// The selected database.
    pub fn db(&mut self) -> &mut Db {
        &mut self.dbs[self.selected]
    }

    /// Runs one command (its name first) and returns Redis's reply.
    pub fn execute(&mut self, args: &[Vec<u8>]) -> Reply {
        let Some(name) = args.first() else {
            return Reply::error("ERR empty command");
        };
        let Some(command) = command::find(name) else {
            let mut message = format!(
                "ERR unknown command '{}', with args beginning with: ",
                String::from_utf8_lossy(&name[..name.len().min(128)])
            );
            for arg in &args[1..] {
                message.push_str(&format!(
                    "'{}' ",
                    String::from_utf8_lossy(&arg[..arg.len().min(128)])
                ));
            }
            return Reply::error(&message);
        };
        let arity = command.arity;
        let count = args.len() as i32;
        if (arity > 0 && count != arity) || (arity < 0 && count < -arity) {
            return Reply::error(&format!(
                "ERR wrong number of arguments for '{}' command",
                command.name
            ));
        }
        (command.run)(self, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ks: &mut Keyspace, line: &str) -> Reply {
        let args: Vec<Vec<u8>> = line.split(' ').map(|w| w.as_bytes().to_vec()).collect();
        ks.execute(&args)
    }

    #[test]
    fn the_virtual_clock_drives_time_and_expiry() {
        let mut ks = Keyspace::new(1_700_000_000_123);
        assert_eq!(
            run(&mut ks, "TIME"),
            Reply::Array(Some(vec![
                Reply::bulk(b"1700000000"),
                Reply::bulk(b"123000")
            ]))
        );
        assert_eq!(run(&mut ks, "SET k v EX 10"), Reply::ok());
        ks.now += 9_999;
        assert_eq!(run(&mut ks, "TTL k"), Reply::Integer(0));
        assert_eq!(run(&mut ks, "PTTL k"), Reply::Integer(1));
        ks.now += 1;
        assert_eq!(run(&mut ks, "GET k"), Reply::nil());
        assert_eq!(run(&mut ks, "DBSIZE"), Reply::Integer(0));
    }
}
