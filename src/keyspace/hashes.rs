//! Hash commands (t_hash.c): HSET HSETNX HMSET HGET HMGET HGETALL HDEL HLEN HEXISTS HKEYS
//! HVALS HINCRBY HINCRBYFLOAT HSTRLEN. Fields keep insertion order, as Redis's small
//! (listpack) hashes do.

use super::db::{Entry, Hash, Value};
use super::long_double::LongDouble;
use super::number::parse_integer;
use super::reply::{Reply, NOT_FINITE, NOT_FLOAT, NOT_INTEGER, OVERFLOW, WRONG_TYPE};
use super::Keyspace;

/// The hash at `key`: Ok(None) when missing, a WRONGTYPE reply for another type.
fn hash<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<Option<&'a mut Hash>, Reply> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Ok(None),
        Some(Entry {
            value: Value::Hash(h),
            ..
        }) => Ok(Some(h)),
        Some(_) => Err(Reply::error(WRONG_TYPE)),
    }
}

/// The hash at `key`, created empty if missing.
fn hash_for_write<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<&'a mut Hash, Reply> {
    if hash(ks, key)?.is_none() {
        ks.db().insert(
            key,
            Entry {
                value: Value::Hash(Hash::default()),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    match hash(ks, key)? {
        Some(h) => Ok(h),
        None => Err(Reply::error(WRONG_TYPE)),
    }
}

fn set_fields(ks: &mut Keyspace, args: &[Vec<u8>], command: &str) -> Result<i64, Reply> {
    if args.len() % 2 == 1 {
        return Err(Reply::error(&format!(
            "ERR wrong number of arguments for '{command}' command"
        )));
    }
    let h = hash_for_write(ks, &args[1])?;
    Ok(args[2..]
        .chunks(2)
        .filter(|pair| h.set(&pair[0], &pair[1]))
        .count() as i64)
}

pub fn hset(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match set_fields(ks, args, "hset") {
        Ok(added) => Reply::Integer(added),
        Err(reply) => reply,
    }
}

pub fn hmset(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match set_fields(ks, args, "hmset") {
        Ok(_) => Reply::ok(),
        Err(reply) => reply,
    }
}

pub fn hsetnx(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match hash_for_write(ks, &args[1]) {
        Ok(h) if h.get(&args[2]).is_some() => Reply::Integer(0),
        Ok(h) => {
            h.set(&args[2], &args[3]);
            Reply::Integer(1)
        }
        Err(reply) => reply,
    }
}

pub fn hget(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match hash(ks, &args[1]) {
        Ok(h) => Reply::Bulk(h.and_then(|h| h.get(&args[2]).cloned())),
        Err(reply) => reply,
    }
}

pub fn hmget(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match hash(ks, &args[1]) {
        Ok(h) => Reply::Array(Some(
            args[2..]
                .iter()
                .map(|f| Reply::Bulk(h.as_ref().and_then(|h| h.get(f).cloned())))
                .collect(),
        )),
        Err(reply) => reply,
    }
}

/// HKEYS (`values` false) and HVALS: the fields or the values in order.
fn listing(ks: &mut Keyspace, key: &[u8], values: bool) -> Reply {
    match hash(ks, key) {
        Ok(h) => Reply::bulks(h.iter().flat_map(|h| h.iter()).map(|(f, v)| {
            if values {
                v.clone()
            } else {
                f.clone()
            }
        })),
        Err(reply) => reply,
    }
}

pub fn hgetall(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match hash(ks, &args[1]) {
        Ok(h) => Reply::Map(
            h.iter()
                .flat_map(|h| h.iter())
                .map(|(f, v)| (Reply::bulk(f), Reply::bulk(v)))
                .collect(),
        ),
        Err(reply) => reply,
    }
}

pub fn hkeys(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    listing(ks, &args[1], false)
}

pub fn hvals(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    listing(ks, &args[1], true)
}

pub fn hdel(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let key = &args[1];
    let (removed, empty) = match hash(ks, key) {
        Ok(Some(h)) => {
            let removed = args[2..].iter().filter(|f| h.remove(f)).count();
            (removed, h.is_empty())
        }
        Ok(None) => (0, false),
        Err(reply) => return reply,
    };
    if empty {
        let now = ks.now;
        ks.db().remove(key, now);
    }
    Reply::Integer(removed as i64)
}

pub fn hlen(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match hash(ks, &args[1]) {
        Ok(h) => Reply::Integer(h.map_or(0, |h| h.len() as i64)),
        Err(reply) => reply,
    }
}

pub fn hexists(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match hash(ks, &args[1]) {
        Ok(h) => Reply::Integer(i64::from(h.is_some_and(|h| h.get(&args[2]).is_some()))),
        Err(reply) => reply,
    }
}

pub fn hstrlen(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match hash(ks, &args[1]) {
        Ok(h) => Reply::Integer(
            h.and_then(|h| h.get(&args[2]))
                .map_or(0, |v| v.len() as i64),
        ),
        Err(reply) => reply,
    }
}

pub fn hincrby(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some(by) = parse_integer(&args[3]) else {
        return Reply::error(NOT_INTEGER);
    };
    let h = match hash_for_write(ks, &args[1]) {
        Ok(h) => h,
        Err(reply) => return reply,
    };
    let current = match h.get(&args[2]) {
        None => 0,
        Some(v) => match parse_integer(v) {
            Some(n) => n,
            None => return Reply::error("ERR hash value is not an integer"),
        },
    };
    let Some(value) = current.checked_add(by) else {
        return Reply::error(OVERFLOW);
    };
    h.set(&args[2], value.to_string().as_bytes());
    Reply::Integer(value)
}

/// HINCRBYFLOAT key field increment: as INCRBYFLOAT on one field. The increment is checked
/// first, and unlike INCRBYFLOAT's it may not be infinite.
pub fn hincrbyfloat(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some(increment) = LongDouble::parse(&args[3]) else {
        return Reply::error(NOT_FLOAT);
    };
    if !increment.is_finite() {
        return Reply::error("ERR value is NaN or Infinity");
    }
    let h = match hash_for_write(ks, &args[1]) {
        Ok(h) => h,
        Err(reply) => return reply,
    };
    let current = match h.get(&args[2]) {
        None => LongDouble::ZERO,
        Some(v) => match LongDouble::parse(v) {
            Some(value) => value,
            None => return Reply::error("ERR hash value is not a float"),
        },
    };
    let sum = match current.plus(increment) {
        Some(sum) if sum.is_finite() => sum,
        _ => return Reply::error(NOT_FINITE),
    };
    let text = sum.to_human_string().into_bytes();
    h.set(&args[2], &text);
    Reply::Bulk(Some(text))
}

/// HRANDFIELD key [count [WITHVALUES]]: distinct fields for a positive count, possibly
/// repeated ones for a negative count.
pub fn hrandfield(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (count, with_values) = match Keyspace::random_count_arguments(args, b"withvalues") {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    let fields = match hash(ks, &args[1]) {
        Ok(h) => h.map_or(Vec::new(), |h| {
            h.iter().map(|(f, v)| (f.clone(), v.clone())).collect()
        }),
        Err(reply) => return reply,
    };
    let Some(count) = count else {
        if fields.is_empty() {
            return Reply::nil();
        }
        let i = ks.random_below(fields.len());
        return Reply::Bulk(Some(fields[i].0.clone()));
    };
    let picks = match ks.random_sample(fields, count, 32) {
        Ok(picks) => picks,
        Err(reply) => return reply,
    };
    let pairs = picks
        .into_iter()
        .map(|(field, value)| (Reply::Bulk(Some(field)), Reply::Bulk(Some(value))));
    Reply::Array(Some(match (with_values, ks.resp) {
        (false, _) => pairs.map(|(field, _)| field).collect(),
        // RESP3 pairs each field with its value.
        (true, 3) => pairs
            .map(|(field, value)| Reply::Array(Some(vec![field, value])))
            .collect(),
        (true, _) => pairs.flat_map(|(field, value)| [field, value]).collect(),
    }))
}
