//! Layer 4, the keyspace: an in-memory Redis 7.0 whose replies are Redis's own, byte for
//! byte. Sixteen databases, a virtual clock (milliseconds) the embedder reads and advances,
//! and one command table. No Lua here: scripting sits on top.

pub mod big_uint;
pub mod bitfield;
pub mod bits;
pub mod command;
pub mod command_docs;
pub mod db;
pub mod geo;
pub mod geo_area;
pub mod geo_search;
pub mod geohash;
pub mod glob;
pub mod hashes;
pub mod hyperloglog;
pub mod key_specs;
pub mod keys;
pub mod lcs;
pub mod lists;
pub mod long_double;
pub mod memory;
pub mod number;
pub mod portable;
pub mod portable_load;
pub mod portable_scalars;
pub mod pqsort;
pub mod qsort;
pub mod redis_cli;
pub mod reply;
pub mod resp;
pub mod scan;
pub mod server;
pub mod sets;
pub mod sort;
pub mod sorted_list;
pub mod stream_groups;
pub mod stream_id;
pub mod stream_info;
pub mod stream_store;
pub mod streams;
pub mod strings;
pub mod strtod_range;
pub mod watch;
pub mod watch_signals;
pub mod zsets;

use db::Db;
use reply::Reply;

/// How many databases `SELECT` can reach.
pub const DATABASES: usize = 16;

#[derive(Clone)]
pub struct Keyspace {
    pub dbs: Vec<Db>,
    pub selected: usize,
    /// The virtual clock, Unix time in milliseconds.
    pub now: i64,
    /// State of the generator behind SPOP and SRANDMEMBER (seeded, so runs repeat).
    random: u64,
    /// The most bytes one command may allocate for a value or a reply. Redis itself would try
    /// (a 512 MB string, a reply of 2^63 random members); a sandbox answers Redis's OOM error.
    pub memory_limit: u64,
    /// About how many bytes the data takes: an upper bound kept as commands run, measured
    /// again when it passes `memory_limit` (see `memory`).
    pub used_memory: u64,
    /// The protocol (2 or 3) of the client whose command runs: it decides the shape of some
    /// replies (RESP3 pairs scores with members) and the form every reply is delivered in.
    pub resp: u8,
    /// The command runs on behalf of a script (Redis's `CLIENT_SCRIPT`): SORT then sorts a set
    /// it would otherwise return in stored order, and XREAD and XREADGROUP refuse BLOCK.
    pub script_caller: bool,
    /// The client's WATCHed keys.
    pub watch: watch::Watch,
}

/// The default for [`Keyspace::memory_limit`].
pub const DEFAULT_MEMORY_LIMIT: u64 = 256 << 20;

/// Redis's reply when memory is short.
pub const OOM: &str = "OOM command not allowed when used memory > 'maxmemory'.";

impl Keyspace {
    /// An empty server whose clock starts at `now` (Unix milliseconds).
    pub fn new(now: i64) -> Keyspace {
        Keyspace {
            dbs: vec![Db::default(); DATABASES],
            selected: 0,
            now,
            random: 0x2545_f491_4f6c_dd1d,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            used_memory: 0,
            resp: 2,
            script_caller: false,
            watch: watch::Watch::default(),
        }
    }

    /// A keyspace with no databases, standing in for one that is lent out (to a running
    /// script); cheaper than `new` because nothing is allocated.
    pub fn vacant(now: i64) -> Keyspace {
        Keyspace {
            dbs: Vec::new(),
            selected: 0,
            now,
            random: 0,
            memory_limit: 0,
            used_memory: 0,
            resp: 2,
            script_caller: false,
            watch: watch::Watch::default(),
        }
    }

    /// Ok when `count` items of about `each` bytes fit the memory limit, else the OOM error.
    pub fn allocation(&self, count: u64, each: u64) -> Result<(), Reply> {
        match count.checked_mul(each.max(1)) {
            Some(bytes) if bytes <= self.memory_limit => Ok(()),
            _ => Err(Reply::error(OOM)),
        }
    }

    /// A pseudo-random index below `n` (xorshift; `n` > 0).
    pub fn random_below(&mut self, n: usize) -> usize {
        self.random ^= self.random << 13;
        self.random ^= self.random >> 7;
        self.random ^= self.random << 17;
        (self.random % n.max(1) as u64) as usize
    }

    /// What SRANDMEMBER, HRANDFIELD and ZRANDMEMBER draw with a count: a negative count that
    /// many with repetition, a positive one distinct items — the whole collection in its stored
    /// order when the count covers it, as Redis answers then. `each` estimates an item's reply
    /// bytes for the memory limit.
    pub fn random_sample<T: Clone>(
        &mut self,
        mut items: Vec<T>,
        count: i64,
        each: u64,
    ) -> Result<Vec<T>, Reply> {
        if items.is_empty() || count == 0 {
            return Ok(Vec::new());
        }
        if count < 0 {
            self.allocation(count.unsigned_abs(), each)?;
            return Ok((0..count.unsigned_abs())
                .map(|_| items[self.random_below(items.len())].clone())
                .collect());
        }
        if count as u64 >= items.len() as u64 {
            return Ok(items);
        }
        let mut chosen = Vec::with_capacity(count as usize);
        while chosen.len() < count as usize {
            let i = self.random_below(items.len());
            chosen.push(items.swap_remove(i));
        }
        Ok(chosen)
    }

    /// The `count [WITH...]` arguments of HRANDFIELD and ZRANDMEMBER (`with` is WITHVALUES or
    /// WITHSCORES): the count, if given, and whether the option was.
    pub fn random_count_arguments(
        args: &[Vec<u8>],
        with: &[u8],
    ) -> Result<(Option<i64>, bool), Reply> {
        let Some(text) = args.get(2) else {
            return Ok((None, false));
        };
        let n = number::parse_ranged(text, -i64::MAX, i64::MAX, None)?;
        match args.get(3) {
            None => Ok((Some(n), false)),
            Some(word) if args.len() == 4 && word.eq_ignore_ascii_case(with) => {
                // Redis doubles the count for the pairs, so it must stay in range.
                if !(-i64::MAX / 2..=i64::MAX / 2).contains(&n) {
                    return Err(Reply::error("ERR value is out of range"));
                }
                Ok((Some(n), true))
            }
            Some(_) => Err(Reply::error(reply::SYNTAX)),
        }
    }

    /// The selected database.
    pub fn db(&mut self) -> &mut Db {
        &mut self.dbs[self.selected]
    }

    /// Runs one command (its name first) and returns Redis's reply, in the client's protocol.
    pub fn execute(&mut self, args: &[Vec<u8>]) -> Reply {
        match command::resolve(args) {
            Ok(command) => self.run(command, args).for_protocol(self.resp),
            Err(reply) => reply,
        }
    }

    /// Runs a command already resolved for `args`. Scripting commands need the layer above
    /// and are unknown to a bare keyspace.
    pub fn run(&mut self, command: &command::Command, args: &[Vec<u8>]) -> Reply {
        let run = match command.run {
            command::Handler::Keyspace(run) => run,
            command::Handler::Scripting => {
                return command::unknown_command(&args[0], &args[1..]);
            }
        };
        let flags = command.flags_for(args);
        if flags & command::DENYOOM != 0 && !self.memory_allows_growth() {
            return Reply::error(OOM);
        }
        // While keys are watched every command is observed, read-only ones included (PFCOUNT
        // may rewrite its key's cache); otherwise this costs one test.
        let before = self.watch.is_armed().then(|| watch::snapshot(self));
        let reply = run(self, args);
        if let Some(before) = before {
            watch::settle(self, command.name, args, &reply, before);
        }
        if flags & command::WRITE != 0 {
            self.account_write(command.name, args);
        }
        reply
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
