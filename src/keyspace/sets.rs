//! Set commands (t_set.c): SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER
//! SMOVE SINTER SUNION SDIFF and their STORE forms, SINTERCARD. Sets of integers (up to 512)
//! are kept sorted, as Redis 7.0's intsets are; other sets keep insertion order, where Redis's
//! hash tables have an order of their own, so tests may not depend on it.

use super::db::{Entry, Set, Value};
use super::number::{parse_integer, saturating_usize};
use super::reply::{Reply, SYNTAX, WRONG_TYPE};
use super::Keyspace;

/// The set at `key`: Ok(None) when missing, a WRONGTYPE reply for another type.
fn set<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<Option<&'a mut Set>, Reply> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Ok(None),
        Some(Entry {
            value: Value::Set(s),
            ..
        }) => Ok(Some(s)),
        Some(_) => Err(Reply::error(WRONG_TYPE)),
    }
}

/// A copy of the members at `key` (empty when missing).
fn members(ks: &mut Keyspace, key: &[u8]) -> Result<Vec<Vec<u8>>, Reply> {
    Ok(set(ks, key)?.map_or(Vec::new(), |s| s.to_vec()))
}

/// Members as a set reply (RESP3's `~`; an array in RESP2).
fn member_set(items: Vec<Vec<u8>>) -> Reply {
    Reply::Set(items.into_iter().map(|m| Reply::Bulk(Some(m))).collect())
}

/// Deletes `key` if its set is empty now.
fn drop_if_empty(ks: &mut Keyspace, key: &[u8]) {
    let now = ks.now;
    if matches!(set(ks, key), Ok(Some(s)) if s.is_empty()) {
        ks.db().remove(key, now);
    }
}

pub fn sadd(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match set(ks, &args[1]) {
        Ok(Some(_)) => {}
        Ok(None) => ks.db().insert(
            &args[1],
            Entry {
                value: Value::Set(Set::default()),
                expires_at: None,
                encoding: Default::default(),
            },
        ),
        Err(reply) => return reply,
    }
    let Ok(Some(s)) = set(ks, &args[1]) else {
        return Reply::Integer(0);
    };
    Reply::Integer(args[2..].iter().filter(|m| s.insert(m)).count() as i64)
}

pub fn srem(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let removed = match set(ks, &args[1]) {
        Ok(Some(s)) => args[2..].iter().filter(|m| s.remove(m)).count(),
        Ok(None) => 0,
        Err(reply) => return reply,
    };
    drop_if_empty(ks, &args[1]);
    Reply::Integer(removed as i64)
}

pub fn smembers(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match members(ks, &args[1]) {
        Ok(m) => member_set(m),
        Err(reply) => reply,
    }
}

pub fn sismember(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match set(ks, &args[1]) {
        Ok(s) => Reply::Integer(i64::from(s.is_some_and(|s| s.contains(&args[2])))),
        Err(reply) => reply,
    }
}

pub fn smismember(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match set(ks, &args[1]) {
        Ok(s) => Reply::Array(Some(
            args[2..]
                .iter()
                .map(|m| Reply::Integer(i64::from(s.as_ref().is_some_and(|s| s.contains(m)))))
                .collect(),
        )),
        Err(reply) => reply,
    }
}

pub fn scard(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match set(ks, &args[1]) {
        Ok(s) => Reply::Integer(s.map_or(0, |s| s.len() as i64)),
        Err(reply) => reply,
    }
}

/// SRANDMEMBER's optional count (negative allowed: it may repeat members).
pub fn spop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if args.len() > 3 {
        return Reply::error(super::reply::SYNTAX);
    }
    let count = match args.get(2) {
        None => None,
        Some(text) => match parse_integer(text) {
            Some(n) if n >= 0 => Some(n as u64),
            _ => return Reply::error("ERR value is out of range, must be positive"),
        },
    };
    let mut all = match members(ks, &args[1]) {
        Ok(m) => m,
        Err(reply) => return reply,
    };
    // The key's type is checked before a count of 0 answers, as in Redis.
    if all.is_empty() || count == Some(0) {
        return match count {
            None => Reply::nil(),
            Some(_) => member_set(Vec::new()),
        };
    }
    // Popping everything hands the set back in its stored order (a union of the one set).
    let popped = if count.is_some_and(|n| n >= all.len() as u64) {
        all
    } else {
        let wanted = count.unwrap_or(1) as usize;
        let mut popped = Vec::with_capacity(wanted);
        for _ in 0..wanted {
            let i = ks.random_below(all.len());
            popped.push(all.swap_remove(i));
        }
        popped
    };
    if let Ok(Some(s)) = set(ks, &args[1]) {
        for m in &popped {
            s.remove(m);
        }
    }
    drop_if_empty(ks, &args[1]);
    match count {
        None => Reply::Bulk(popped.into_iter().next()),
        Some(_) => member_set(popped),
    }
}

pub fn srandmember(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if args.len() > 3 {
        return Reply::error(super::reply::SYNTAX);
    }
    let count = match args.get(2) {
        None => None,
        Some(text) => match super::number::parse_ranged(text, -i64::MAX, i64::MAX, None) {
            Ok(n) => Some(n),
            Err(reply) => return reply,
        },
    };
    let all = match members(ks, &args[1]) {
        Ok(m) => m,
        Err(reply) => return reply,
    };
    let Some(count) = count else {
        if all.is_empty() {
            return Reply::nil();
        }
        let i = ks.random_below(all.len());
        return Reply::Bulk(all.get(i).cloned());
    };
    match ks.random_sample(all, count, 16) {
        Ok(picks) => Reply::bulks(picks),
        Err(reply) => reply,
    }
}

pub fn smove(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (source, destination, member) = (&args[1], &args[2], &args[3]);
    let present = match set(ks, source) {
        Ok(Some(s)) => s.contains(member),
        Ok(None) => return Reply::Integer(0),
        Err(reply) => return reply,
    };
    if let Err(reply) = set(ks, destination) {
        return reply;
    }
    if !present {
        return Reply::Integer(0);
    }
    if source != destination {
        if let Ok(Some(s)) = set(ks, source) {
            s.remove(member);
        }
        drop_if_empty(ks, source);
        sadd(ks, &[b"sadd".to_vec(), destination.clone(), member.clone()]);
    }
    Reply::Integer(1)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Combine {
    Inter,
    Union,
    Diff,
}

/// The members of `keys` combined, in the order of the first set's members (then of each
/// next set's new ones, for a union).
fn combine(ks: &mut Keyspace, keys: &[Vec<u8>], how: Combine) -> Result<Set, Reply> {
    let mut sets = Vec::with_capacity(keys.len());
    for key in keys {
        sets.push(members(ks, key)?);
    }
    let mut result = Set::default();
    match how {
        Combine::Union => {
            for m in sets.iter().flatten() {
                result.insert(m);
            }
        }
        Combine::Inter => {
            if let Some((first, rest)) = sets.split_first() {
                for m in first {
                    if rest.iter().all(|s| s.contains(m)) {
                        result.insert(m);
                    }
                }
            }
        }
        Combine::Diff => {
            if let Some((first, rest)) = sets.split_first() {
                for m in first {
                    if !rest.iter().any(|s| s.contains(m)) {
                        result.insert(m);
                    }
                }
            }
        }
    }
    Ok(result)
}

fn combined(ks: &mut Keyspace, args: &[Vec<u8>], how: Combine) -> Reply {
    match combine(ks, &args[1..], how) {
        Ok(s) => member_set(s.to_vec()),
        Err(reply) => reply,
    }
}

fn store(ks: &mut Keyspace, args: &[Vec<u8>], how: Combine) -> Reply {
    let result = match combine(ks, &args[2..], how) {
        Ok(s) => s,
        Err(reply) => return reply,
    };
    let now = ks.now;
    let count = result.len() as i64;
    ks.db().remove(&args[1], now);
    if count > 0 {
        ks.db().insert(
            &args[1],
            Entry {
                value: Value::Set(result),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    Reply::Integer(count)
}

pub fn sinter(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    combined(ks, args, Combine::Inter)
}

pub fn sunion(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    combined(ks, args, Combine::Union)
}

pub fn sdiff(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    combined(ks, args, Combine::Diff)
}

pub fn sinterstore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    store(ks, args, Combine::Inter)
}

pub fn sunionstore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    store(ks, args, Combine::Union)
}

pub fn sdiffstore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    store(ks, args, Combine::Diff)
}

/// SINTERCARD numkeys key [key ...] [LIMIT limit].
pub fn sintercard(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let numkeys = match super::number::parse_ranged(
        &args[1],
        1,
        i64::MAX,
        Some("ERR numkeys should be greater than 0"),
    ) {
        Ok(n) => saturating_usize(n as u64),
        Err(reply) => return reply,
    };
    if numkeys > args.len() - 2 {
        return Reply::error("ERR Number of keys can't be greater than number of args");
    }
    let mut limit = 0usize;
    let mut j = 2 + numkeys;
    while j < args.len() {
        if args[j].eq_ignore_ascii_case(b"limit") && j + 1 < args.len() {
            match parse_integer(&args[j + 1]) {
                Some(n) if n >= 0 => limit = saturating_usize(n as u64),
                _ => return Reply::error("ERR LIMIT can't be negative"),
            }
            j += 2;
        } else {
            return Reply::error(SYNTAX);
        }
    }
    match combine(ks, &args[2..2 + numkeys], Combine::Inter) {
        Ok(s) => {
            let n = s.len();
            Reply::Integer(if limit > 0 { n.min(limit) } else { n } as i64)
        }
        Err(reply) => reply,
    }
}
