//! The keyspace's memory budget. Redis without `maxmemory` grows until the machine gives out;
//! a sandbox (a browser tab above all) must not, so the keyspace keeps an estimate of the bytes
//! its data takes and refuses growing commands with Redis's `OOM` error once it is past
//! [`Keyspace::memory_limit`]. The estimate is cheap to keep: each write adds its arguments'
//! size (an upper bound of what most commands store), the commands that copy or build values
//! add the size of what they stored, and only when the estimate passes the limit is the data
//! measured for real, which brings removals back into the figure.

use super::db::Value;
use super::reply::Reply;
use super::stream_store::Stream;
use super::{Keyspace, OOM};

/// Bytes Redis spends around each stored item beyond its own bytes (object header, pointers,
/// allocator rounding), roughly; only the order of magnitude matters for a budget.
const ITEM_OVERHEAD: u64 = 16;
const KEY_OVERHEAD: u64 = 48;

/// The key a command that stores more than its arguments hold writes (copies, unions,
/// values grown in place, SORT ... STORE), if `name` is one.
fn built_key<'a>(name: &str, args: &'a [Vec<u8>]) -> Option<&'a Vec<u8>> {
    match name {
        "append" | "pfadd" | "pfmerge" | "sdiffstore" | "setbit" | "setrange" | "sinterstore"
        | "sunionstore" | "zdiffstore" | "zinterstore" | "zrangestore" | "zunionstore" => {
            args.get(1)
        }
        "bitop" | "copy" => args.get(2),
        "sort" => {
            let at = args
                .iter()
                .rposition(|a| a.eq_ignore_ascii_case(b"store"))?;
            args.get(at + 1)
        }
        _ => None,
    }
}

fn bytes(items: impl Iterator<Item = usize>) -> u64 {
    items.map(|len| len as u64 + ITEM_OVERHEAD).sum()
}

/// About how many bytes `value` takes.
pub fn value_size(value: &Value) -> u64 {
    ITEM_OVERHEAD
        + match value {
            Value::String(s) => s.len() as u64,
            Value::List(items) => bytes(items.iter().map(Vec::len)),
            Value::Hash(h) => bytes(h.iter().map(|(f, v)| f.len() + v.len())),
            Value::Set(s) => bytes(s.iter().map(Vec::len)),
            // Members sit in the ordered list and in the score index.
            Value::SortedSet(z) => bytes(z.iter().map(|(_, m)| 2 * m.len() + 8)),
            Value::Stream(s) => stream_size(s),
        }
}

/// A stream's entries (a 16-byte ID and the field-value pairs each) and its groups' pending
/// entries and consumers.
fn stream_size(s: &Stream) -> u64 {
    const ID: usize = 16;
    let entries = bytes(
        s.entries
            .values()
            .map(|fields| ID + fields.iter().map(|(f, v)| f.len() + v.len()).sum::<usize>()),
    );
    let groups: u64 = s
        .groups
        .iter()
        .map(|(name, group)| {
            bytes(std::iter::once(name.len()))
                + bytes(group.pending.values().map(|nack| ID + nack.consumer.len()))
                + bytes(
                    group
                        .consumers
                        .iter()
                        .map(|(name, consumer)| name.len() + ID * consumer.pending.len()),
                )
        })
        .sum();
    entries + groups
}

impl Keyspace {
    /// The bytes all databases' keys and values take, measured.
    pub fn measure_memory(&self) -> u64 {
        let now = self.now;
        let mut total = 0;
        for db in &self.dbs {
            for (key, entry) in db.live_entries(now) {
                total += key.len() as u64 + KEY_OVERHEAD + value_size(&entry.value);
            }
        }
        total
    }

    /// Whether a command that may grow the data can run: true while the estimate is within
    /// the limit, or once a measurement shows the data is.
    pub fn memory_allows_growth(&mut self) -> bool {
        if self.used_memory <= self.memory_limit {
            return true;
        }
        self.used_memory = self.measure_memory();
        self.used_memory <= self.memory_limit
    }

    /// Ok when one command may grow a value by `bytes` (a string padded by SETRANGE, SETBIT or
    /// BITFIELD, or appended to) within the limit, else Redis's OOM error: a sandbox refuses
    /// a single 512 MB allocation rather than making it.
    pub fn allow_growth_by(&mut self, bytes: u64) -> Result<(), Reply> {
        let fits = |used: u64, limit: u64| used.checked_add(bytes).is_some_and(|t| t <= limit);
        if fits(self.used_memory, self.memory_limit) {
            return Ok(());
        }
        self.used_memory = self.measure_memory();
        if fits(self.used_memory, self.memory_limit) {
            Ok(())
        } else {
            Err(Reply::error(OOM))
        }
    }

    /// Accounts for the write command `name` (as the command table spells it) that ran with
    /// `args`.
    pub fn account_write(&mut self, name: &str, args: &[Vec<u8>]) {
        let mut added: u64 = args.iter().map(|a| a.len() as u64 + ITEM_OVERHEAD).sum();
        if let Some(key) = built_key(name, args) {
            let now = self.now;
            if let Some(entry) = self.db().get(key, now) {
                added += value_size(&entry.value);
            }
        }
        self.used_memory = self.used_memory.saturating_add(added);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ks: &mut Keyspace, words: &[&str]) -> super::super::reply::Reply {
        let args: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
        ks.execute(&args)
    }

    #[test]
    fn growth_stops_at_the_limit_and_resumes_after_deletes() {
        let mut ks = Keyspace::new(1_700_000_000_000);
        ks.memory_limit = 200_000;
        let value = "x".repeat(1000);
        let mut stored = 0;
        for i in 0..1000 {
            match run(&mut ks, &["SET", &format!("k{i}"), &value]) {
                super::super::reply::Reply::Status(_) => stored += 1,
                super::super::reply::Reply::Error(e) => {
                    assert_eq!(e, super::super::OOM.as_bytes());
                    break;
                }
                other => panic!("{other:?}"),
            }
        }
        assert!((150..200).contains(&stored), "stored {stored}");
        // Reads and deletes still run; once data is gone, writes do again.
        assert!(matches!(
            run(&mut ks, &["GET", "k0"]),
            super::super::reply::Reply::Bulk(Some(_))
        ));
        assert_eq!(
            run(&mut ks, &["FLUSHALL"]),
            super::super::reply::Reply::ok()
        );
        assert_eq!(
            run(&mut ks, &["SET", "again", &value]),
            super::super::reply::Reply::ok()
        );
    }

    #[test]
    fn one_command_cannot_grow_a_string_past_the_limit() {
        let mut ks = Keyspace::new(1_700_000_000_000);
        ks.memory_limit = 1 << 20;
        let oom = Reply::error(OOM);
        assert_eq!(run(&mut ks, &["SETBIT", "b", "4294967295", "1"]), oom);
        assert_eq!(run(&mut ks, &["SETRANGE", "r", "536870000", "x"]), oom);
        assert_eq!(run(&mut ks, &["SETRANGE", "r", "2000000", "x"]), oom);
        assert_eq!(
            run(&mut ks, &["SETRANGE", "r", "1000", "x"]),
            Reply::Integer(1001)
        );
        assert_eq!(
            run(&mut ks, &["SETBIT", "b", "8000", "1"]),
            Reply::Integer(0)
        );
        let half = "y".repeat(600_000);
        assert_eq!(
            run(&mut ks, &["APPEND", "a", &half]),
            Reply::Integer(600_000)
        );
        assert_eq!(run(&mut ks, &["APPEND", "a", &half]), oom);
        assert_eq!(run(&mut ks, &["STRLEN", "a"]), Reply::Integer(600_000));
        assert_eq!(run(&mut ks, &["EXISTS", "b"]), Reply::Integer(1));
    }

    #[test]
    fn copies_count_what_they_store() {
        let mut ks = Keyspace::new(1_700_000_000_000);
        ks.memory_limit = 100_000;
        let members: Vec<String> = (0..500).map(|i| format!("member-{i:05}")).collect();
        let mut sadd = vec!["SADD", "s"];
        sadd.extend(members.iter().map(String::as_str));
        run(&mut ks, &sadd);
        let mut oom = false;
        for i in 0..50 {
            if let super::super::reply::Reply::Error(_) =
                run(&mut ks, &["SUNIONSTORE", &format!("copy{i}"), "s"])
            {
                oom = true;
                break;
            }
        }
        assert!(oom, "50 copies of a 500-member set fit in 100 kB");
    }

    #[test]
    fn stream_growth_stops_at_the_limit_and_resumes_after_trimming() {
        let mut ks = Keyspace::new(1_700_000_000_000);
        ks.memory_limit = 100_000;
        let value = "x".repeat(1000);
        let mut added = 0;
        for i in 1..1000 {
            match run(&mut ks, &["XADD", "s", &format!("{i}-0"), "f", &value]) {
                super::super::reply::Reply::Bulk(Some(_)) => added += 1,
                super::super::reply::Reply::Error(e) => {
                    assert_eq!(e, super::super::OOM.as_bytes());
                    break;
                }
                other => panic!("{other:?}"),
            }
        }
        assert!((50..100).contains(&added), "added {added}");
        assert!(matches!(
            run(&mut ks, &["XTRIM", "s", "MAXLEN", "0"]),
            super::super::reply::Reply::Integer(n) if n == added
        ));
        assert!(matches!(
            run(&mut ks, &["XADD", "s", "5000-0", "f", &value]),
            super::super::reply::Reply::Bulk(Some(_))
        ));
    }
}
