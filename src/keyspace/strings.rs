//! String commands (t_string.c): GET SET (NX XX GET EX PX EXAT PXAT KEEPTTL) SETNX GETSET
//! MGET MSET APPEND STRLEN INCR INCRBY DECR DECRBY INCRBYFLOAT, with Redis's replies and errors.

use super::db::{Entry, StringEncoding, Value};
use super::long_double::LongDouble;
use super::number::parse_integer;
use super::reply::{Reply, NOT_FINITE, NOT_FLOAT, NOT_INTEGER, OVERFLOW, SYNTAX, WRONG_TYPE};
use super::Keyspace;
use std::io::Write;

/// Strings may not grow past Redis's `proto-max-bulk-len` (512 MB).
const MAX_STRING: usize = 512 << 20;

/// The string at `key`: Ok(None) when missing, a WRONGTYPE reply for another type.
pub(super) fn read(ks: &mut Keyspace, key: &[u8]) -> Result<Option<Vec<u8>>, Reply> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Ok(None),
        Some(Entry {
            value: Value::String(s),
            ..
        }) => Ok(Some(s.clone())),
        Some(_) => Err(Reply::error(WRONG_TYPE)),
    }
}

pub fn get(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match read(ks, &args[1]) {
        Ok(value) => Reply::Bulk(value),
        Err(reply) => reply,
    }
}

/// The expiry options of SET.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expiry {
    Seconds,
    Milliseconds,
    UnixSeconds,
    UnixMilliseconds,
}

pub fn set(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (mut nx, mut xx, mut get, mut keep_ttl) = (false, false, false, false);
    let mut expiry: Option<(Expiry, &[u8])> = None;
    let mut j = 3;
    while j < args.len() {
        let option = args[j].to_ascii_lowercase();
        let next = args.get(j + 1);
        match (option.as_slice(), expiry_unit(&option)) {
            (b"nx", _) if !xx => nx = true,
            (b"xx", _) if !nx => xx = true,
            (b"get", _) => get = true,
            (b"keepttl", _) if expiry.is_none() => keep_ttl = true,
            // The same unit may repeat (the last one counts); two different ones may not.
            (_, Some(unit))
                if !keep_ttl && next.is_some() && expiry.is_none_or(|(other, _)| other == unit) =>
            {
                expiry = next.map(|n| (unit, n.as_slice()));
                j += 1;
            }
            _ => return Reply::error(SYNTAX),
        }
        j += 1;
    }
    let expires_at = match expiry {
        None => None,
        Some((unit, text)) => match expire_time(ks.now, unit, text, "set") {
            Ok(t) => Some(t),
            Err(reply) => return reply,
        },
    };
    let key = &args[1];
    let old = match read(ks, key) {
        Ok(old) => old,
        Err(reply) if get => return reply,
        Err(_) => None,
    };
    let now = ks.now;
    let found = ks.db().get(key, now).is_some();
    if (nx && found) || (xx && !found) {
        return if get { Reply::Bulk(old) } else { Reply::nil() };
    }
    let kept = if keep_ttl {
        ks.db().get(key, now).and_then(|e| e.expires_at)
    } else {
        None
    };
    ks.db().insert(
        key,
        Entry {
            value: Value::String(args[2].clone()),
            expires_at: expires_at.or(kept),
            encoding: Default::default(),
        },
    );
    if get {
        Reply::Bulk(old)
    } else {
        Reply::ok()
    }
}

/// The unit an expiry option (lower-cased) names.
fn expiry_unit(option: &[u8]) -> Option<Expiry> {
    match option {
        b"ex" => Some(Expiry::Seconds),
        b"px" => Some(Expiry::Milliseconds),
        b"exat" => Some(Expiry::UnixSeconds),
        b"pxat" => Some(Expiry::UnixMilliseconds),
        _ => None,
    }
}

/// `getExpireMillisecondsOrReply`: an absolute expiry time in milliseconds.
fn expire_time(now: i64, unit: Expiry, text: &[u8], command: &str) -> Result<i64, Reply> {
    let invalid = || Reply::error(&format!("ERR invalid expire time in '{command}' command"));
    let value = parse_integer(text).ok_or_else(|| Reply::error(NOT_INTEGER))?;
    let seconds = matches!(unit, Expiry::Seconds | Expiry::UnixSeconds);
    if value <= 0 || (seconds && value > i64::MAX / 1000) {
        return Err(invalid());
    }
    let ms = if seconds { value * 1000 } else { value };
    match unit {
        Expiry::Seconds | Expiry::Milliseconds => {
            if ms > i64::MAX - now {
                return Err(invalid());
            }
            Ok(ms + now)
        }
        _ => Ok(ms),
    }
}

pub fn setnx(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    if ks.db().get(&args[1], now).is_some() {
        return Reply::Integer(0);
    }
    ks.db().insert(
        &args[1],
        Entry {
            value: Value::String(args[2].clone()),
            expires_at: None,
            encoding: Default::default(),
        },
    );
    Reply::Integer(1)
}

pub fn getset(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let old = match read(ks, &args[1]) {
        Ok(old) => old,
        Err(reply) => return reply,
    };
    ks.db().insert(
        &args[1],
        Entry {
            value: Value::String(args[2].clone()),
            expires_at: None,
            encoding: Default::default(),
        },
    );
    Reply::Bulk(old)
}

pub fn mget(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let values = args[1..]
        .iter()
        .map(|key| Reply::Bulk(read(ks, key).ok().flatten()))
        .collect();
    Reply::Array(Some(values))
}

pub fn mset(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if args.len().is_multiple_of(2) {
        return Reply::error("ERR wrong number of arguments for 'mset' command");
    }
    for pair in args[1..].chunks(2) {
        ks.db().insert(
            &pair[0],
            Entry {
                value: Value::String(pair[1].clone()),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    Reply::ok()
}

pub fn append(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    match ks.db().get(&args[1], now) {
        Some(Entry {
            value: Value::String(s),
            ..
        }) => {
            if s.len() + args[2].len() > MAX_STRING {
                return Reply::error(
                    "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                );
            }
            if let Err(reply) = ks.allow_growth_by(args[2].len() as u64) {
                return reply;
            }
            let Some(Entry {
                value: Value::String(s),
                ..
            }) = ks.db().get(&args[1], now)
            else {
                return Reply::error(WRONG_TYPE);
            };
            s.extend_from_slice(&args[2]);
            let len = s.len() as i64;
            if let Some(entry) = ks.db().get(&args[1], now) {
                entry.encoding = StringEncoding::Raw;
            }
            Reply::Integer(len)
        }
        Some(_) => Reply::error(WRONG_TYPE),
        None => {
            ks.db().insert(
                &args[1],
                Entry {
                    value: Value::String(args[2].clone()),
                    expires_at: None,
                    encoding: Default::default(),
                },
            );
            Reply::Integer(args[2].len() as i64)
        }
    }
}

pub fn strlen(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match read(ks, &args[1]) {
        Ok(value) => Reply::Integer(value.map_or(0, |v| v.len() as i64)),
        Err(reply) => reply,
    }
}

/// `incrDecrCommand`: adds `by` to the integer at `key` (0 when missing), keeping its TTL.
/// The number is rewritten in place: INCR is the commonest write of all.
fn add(ks: &mut Keyspace, key: &[u8], by: i64) -> Reply {
    let now = ks.now;
    let Some(entry) = ks.db().get(key, now) else {
        ks.db().insert(
            key,
            Entry {
                value: Value::String(by.to_string().into_bytes()),
                expires_at: None,
                encoding: StringEncoding::ByContent,
            },
        );
        return Reply::Integer(by);
    };
    let Value::String(text) = &mut entry.value else {
        return Reply::error(WRONG_TYPE);
    };
    let Some(current) = parse_integer(text) else {
        return Reply::error(NOT_INTEGER);
    };
    let Some(value) = current.checked_add(by) else {
        return Reply::error(OVERFLOW);
    };
    text.clear();
    // Writing into a Vec cannot fail.
    let _ = write!(text, "{value}");
    entry.encoding = StringEncoding::ByContent;
    Reply::Integer(value)
}

pub fn incr(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    add(ks, &args[1], 1)
}

pub fn decr(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    add(ks, &args[1], -1)
}

pub fn incrby(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match parse_integer(&args[2]) {
        Some(by) => add(ks, &args[1], by),
        None => Reply::error(NOT_INTEGER),
    }
}

pub fn decrby(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match parse_integer(&args[2]) {
        Some(i64::MIN) => Reply::error("ERR decrement would overflow"),
        Some(by) => add(ks, &args[1], -by),
        None => Reply::error(NOT_INTEGER),
    }
}

/// INCRBYFLOAT key increment: the string at `key` (0 when missing) plus the increment, both
/// read and added as Redis's `long double`, stored as `ld2string` writes it, TTL kept.
pub fn incrbyfloat(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let key = &args[1];
    let now = ks.now;
    let (current, expires_at) = match ks.db().get(key, now) {
        None => (Some(LongDouble::ZERO), None),
        Some(Entry {
            value: Value::String(s),
            expires_at,
            ..
        }) => (LongDouble::parse(s), *expires_at),
        Some(_) => return Reply::error(WRONG_TYPE),
    };
    let (Some(current), Some(increment)) = (current, LongDouble::parse(&args[2])) else {
        return Reply::error(NOT_FLOAT);
    };
    let sum = match current.plus(increment) {
        Some(sum) if sum.is_finite() => sum,
        _ => return Reply::error(NOT_FINITE),
    };
    let text = sum.to_human_string().into_bytes();
    ks.db().insert(
        key,
        Entry {
            value: Value::String(text.clone()),
            expires_at,
            encoding: StringEncoding::Printed,
        },
    );
    Reply::Bulk(Some(text))
}

/// SETEX/PSETEX key time value.
fn set_expiring(ks: &mut Keyspace, args: &[Vec<u8>], unit: Expiry, command: &str) -> Reply {
    let at = match expire_time(ks.now, unit, &args[2], command) {
        Ok(at) => at,
        Err(reply) => return reply,
    };
    ks.db().insert(
        &args[1],
        Entry {
            value: Value::String(args[3].clone()),
            expires_at: Some(at),
            encoding: Default::default(),
        },
    );
    Reply::ok()
}

pub fn setex(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_expiring(ks, args, Expiry::Seconds, "setex")
}

pub fn psetex(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_expiring(ks, args, Expiry::Milliseconds, "psetex")
}

pub fn getdel(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let value = match read(ks, &args[1]) {
        Ok(value) => value,
        Err(reply) => return reply,
    };
    if value.is_some() {
        let now = ks.now;
        ks.db().remove(&args[1], now);
    }
    Reply::Bulk(value)
}

/// GETEX key [EX s | PX ms | EXAT s | PXAT ms | PERSIST].
pub fn getex(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let mut expiry: Option<(Expiry, &[u8])> = None;
    let mut persist = false;
    let mut j = 2;
    while j < args.len() {
        let option = args[j].to_ascii_lowercase();
        match (option.as_slice(), expiry_unit(&option)) {
            (b"persist", _) if expiry.is_none() => persist = true,
            (_, Some(unit))
                if !persist
                    && j + 1 < args.len()
                    && expiry.is_none_or(|(other, _)| other == unit) =>
            {
                expiry = Some((unit, &args[j + 1]));
                j += 1;
            }
            _ => return Reply::error(SYNTAX),
        }
        j += 1;
    }
    // The key is read before the time is checked: a missing key answers nil whatever it is.
    let value = match read(ks, &args[1]) {
        Ok(Some(value)) => value,
        Ok(None) => return Reply::nil(),
        Err(reply) => return reply,
    };
    let at = match expiry {
        None => None,
        Some((unit, text)) => match expire_time(ks.now, unit, text, "getex") {
            Ok(at) => Some(at),
            Err(reply) => return reply,
        },
    };
    let now = ks.now;
    if let Some(entry) = ks.db().get(&args[1], now) {
        if persist {
            entry.expires_at = None;
        } else if let Some(at) = at {
            entry.expires_at = Some(at);
        }
    }
    if at.is_some_and(|t| t <= now) {
        ks.db().remove(&args[1], now);
    }
    Reply::Bulk(Some(value))
}

pub fn msetnx(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if args.len().is_multiple_of(2) {
        return Reply::error("ERR wrong number of arguments for 'msetnx' command");
    }
    let now = ks.now;
    if args[1..]
        .chunks(2)
        .any(|pair| ks.db().get(&pair[0], now).is_some())
    {
        return Reply::Integer(0);
    }
    mset(ks, args);
    Reply::Integer(1)
}

/// GETRANGE key start end (inclusive, negatives from the end).
pub fn getrange(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(start), Some(end)) = (parse_integer(&args[2]), parse_integer(&args[3])) else {
        return Reply::error(NOT_INTEGER);
    };
    let value = match read(ks, &args[1]) {
        Ok(value) => value.unwrap_or_default(),
        Err(reply) => return reply,
    };
    let len = value.len() as i64;
    if start < 0 && end < 0 && start > end {
        return Reply::bulk(b"");
    }
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    let end = if end < 0 { (len + end).max(0) } else { end }.min(len - 1);
    if start > end || len == 0 {
        return Reply::bulk(b"");
    }
    Reply::bulk(&value[start as usize..=end as usize])
}

/// SETRANGE key offset value: overwrite from `offset`, padding with zero bytes.
pub fn setrange(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some(offset) = parse_integer(&args[2]) else {
        return Reply::error(NOT_INTEGER);
    };
    if offset < 0 {
        return Reply::error("ERR offset is out of range");
    }
    let current = match read(ks, &args[1]) {
        Ok(value) => value,
        Err(reply) => return reply,
    };
    let patch = &args[3];
    if patch.is_empty() {
        return Reply::Integer(current.map_or(0, |v| v.len() as i64));
    }
    // Checked as i64 first: `usize` may be 32 bits wide.
    let Some(end) = usize::try_from(offset)
        .ok()
        .filter(|&o| o <= MAX_STRING)
        .map(|o| o + patch.len())
        .filter(|&end| end <= MAX_STRING)
    else {
        return Reply::error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    };
    let mut value = current.unwrap_or_default();
    if let Err(reply) = ks.allow_growth_by(end.saturating_sub(value.len()) as u64) {
        return reply;
    }
    let now = ks.now;
    let expires_at = ks.db().get(&args[1], now).and_then(|e| e.expires_at);
    if value.len() < end {
        value.resize(end, 0);
    }
    value[end - patch.len()..end].copy_from_slice(patch);
    let len = value.len() as i64;
    ks.db().insert(
        &args[1],
        Entry {
            value: Value::String(value),
            expires_at,
            encoding: StringEncoding::Raw,
        },
    );
    Reply::Integer(len)
}
