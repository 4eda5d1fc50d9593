//! The commands redis-server 7.0 signals a key modified on (`signalModifiedKey`) even when the
//! key's entry comes out the same: WATCH treats such a key as touched. Changes to an entry are
//! found by comparison (see `watch`); this table only names the signals without a change.

use super::db::Entry;
use super::reply::Reply;

/// Whether `name` called with `args` (in database `selected`, answering `reply`) signals
/// `key` of database `db`, whose live entry before the command was `before`.
pub fn signals(
    name: &str,
    args: &[Vec<u8>],
    reply: &Reply,
    selected: usize,
    db: usize,
    key: &[u8],
    before: &Option<Entry>,
) -> bool {
    if matches!(reply, Reply::Error(_)) {
        return false;
    }
    let at = |i: usize| db == selected && args.get(i).is_some_and(|a| a.as_slice() == key);
    let existed = before.is_some();
    match name {
        // Every successful call rewrites its key.
        "setex" | "psetex" | "getset" | "append" | "lset" | "hset" | "hmset" | "hincrby"
        | "hincrbyfloat" | "incrby" | "decrby" | "incrbyfloat" | "pfmerge" => at(1),
        "set" => at(1) && existed && !has_word(args, 3, b"nx"),
        "setrange" => at(1) && args.get(3).is_some_and(|v| !v.is_empty()),
        "mset" => (1..args.len()).step_by(2).any(at),
        "ltrim" => at(1) && existed,
        "expire" | "pexpire" | "expireat" | "pexpireat" => at(1) && *reply == Reply::Integer(1),
        "getex" => at(1) && existed && args.len() > 2 && !has_word(args, 2, b"persist"),
        "rename" => args.get(1) != args.get(2) && (at(1) || at(2)),
        "lmove" | "rpoplpush" | "blmove" | "brpoplpush" => {
            matches!(reply, Reply::Bulk(Some(_))) && (at(1) || at(2))
        }
        // Store commands rewrite a destination they fill, whatever it held.
        "sinterstore" | "sunionstore" | "sdiffstore" | "zunionstore" | "zinterstore"
        | "zdiffstore" | "zrangestore" | "geosearchstore" => at(1) && stored(reply),
        "bitop" => at(2) && stored(reply),
        "sort" | "georadius" | "georadiusbymember" => {
            stored(reply) && store_destination(args).is_some_and(at)
        }
        "bitfield" => at(1) && bitfield_writes(args, reply).rewrote,
        "copy" => *reply == Reply::Integer(1) && copy_destination(args, selected, db, key),
        "swapdb" => existed && swapped(args, db),
        _ => false,
    }
}

/// Whether a change `name` made to its key goes unsignalled: BITFIELD creates its key even
/// when every write fails an OVERFLOW FAIL, and signals only writes; PFDEBUG converts a
/// sparse HyperLogLog to dense without a signal.
pub fn change_unsignalled(name: &str, args: &[Vec<u8>], reply: &Reply) -> bool {
    match name {
        "bitfield" => !bitfield_writes(args, reply).wrote,
        "pfdebug" => true,
        _ => false,
    }
}

/// What BITFIELD's SET and INCRBY operations did, read from its arguments and replies.
struct BitfieldWrites {
    /// Some operation wrote (an INCRBY that failed OVERFLOW FAIL did not).
    wrote: bool,
    /// Some operation wrote a value other than the one it found.
    rewrote: bool,
}

fn bitfield_writes(args: &[Vec<u8>], reply: &Reply) -> BitfieldWrites {
    let mut writes = BitfieldWrites {
        wrote: false,
        rewrote: false,
    };
    let Reply::Array(Some(replies)) = reply else {
        return writes;
    };
    let (mut at, mut result, mut wraps) = (2, 0, true);
    while let Some(word) = args.get(at) {
        let op = word.to_ascii_lowercase();
        if op == b"overflow" {
            wraps = args
                .get(at + 1)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"wrap"));
            at += 2;
            continue;
        }
        let width = args.get(at + 1).and_then(|t| bitfield_width(t));
        let value = args
            .get(at + 3)
            .and_then(|v| std::str::from_utf8(v).ok()?.parse::<i64>().ok());
        match (op.as_slice(), replies.get(result), width, value) {
            (b"set", Some(Reply::Integer(old)), Some(width), Some(value)) => {
                writes.wrote = true;
                writes.rewrote |= width.stored(value) != *old;
            }
            (b"incrby", Some(Reply::Integer(_)), Some(width), Some(value)) => {
                writes.wrote = true;
                // Under SAT an increment at a bound it already holds changes nothing; that
                // case is not told apart here.
                writes.rewrote |= if wraps {
                    width.stored(value) != 0
                } else {
                    value != 0
                };
            }
            _ => {}
        }
        at += if op == b"get" { 3 } else { 4 };
        result += 1;
    }
    writes
}

/// A BITFIELD integer type: `i` or `u` and a width in bits.
struct Width {
    signed: bool,
    bits: u32,
}

impl Width {
    /// `value` as the field holds it once written (two's complement, cut to the width).
    fn stored(&self, value: i64) -> i64 {
        let spare = 64 - self.bits;
        let raw = (value as u64) << spare;
        if self.signed {
            (raw as i64) >> spare
        } else {
            (raw >> spare) as i64
        }
    }
}

fn bitfield_width(word: &[u8]) -> Option<Width> {
    let (&sign, digits) = word.split_first()?;
    let bits: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    let signed = sign.eq_ignore_ascii_case(&b'i');
    (1..=64).contains(&bits).then_some(Width { signed, bits })
}

/// Whether one of `args` from `from` on is `word` (any case).
fn has_word(args: &[Vec<u8>], from: usize, word: &[u8]) -> bool {
    args.iter().skip(from).any(|a| a.eq_ignore_ascii_case(word))
}

/// A store command's reply of a positive count: it wrote its destination.
fn stored(reply: &Reply) -> bool {
    matches!(reply, Reply::Integer(n) if *n > 0)
}

/// Where SORT's STORE or GEORADIUS's STORE / STOREDIST names its destination.
fn store_destination(args: &[Vec<u8>]) -> Option<usize> {
    let at =
        args.iter().enumerate().skip(2).rev().find(|(_, a)| {
            a.eq_ignore_ascii_case(b"store") || a.eq_ignore_ascii_case(b"storedist")
        })?;
    Some(at.0 + 1)
}

/// Whether COPY's destination is `key` of database `db` (its DB option, else `selected`).
fn copy_destination(args: &[Vec<u8>], selected: usize, db: usize, key: &[u8]) -> bool {
    let target = args
        .iter()
        .skip(3)
        .position(|a| a.eq_ignore_ascii_case(b"db"))
        .and_then(|i| args.get(i + 4))
        .and_then(|n| std::str::from_utf8(n).ok()?.parse::<usize>().ok())
        .unwrap_or(selected);
    target == db && args.get(2).is_some_and(|a| a.as_slice() == key)
}

/// Whether SWAPDB exchanged database `db` with another one.
fn swapped(args: &[Vec<u8>], db: usize) -> bool {
    let index = |i: usize| {
        args.get(i)
            .and_then(|n| std::str::from_utf8(n).ok()?.parse::<usize>().ok())
    };
    match (index(1), index(2)) {
        (Some(a), Some(b)) => a != b && (a == db || b == db),
        _ => false,
    }
}
