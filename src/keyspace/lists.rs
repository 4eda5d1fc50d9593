//! List commands (t_list.c): LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP (with counts) LLEN LRANGE
//! LINDEX LSET LREM LTRIM LINSERT RPOPLPUSH LMOVE. An emptied list is deleted, as in Redis.

use super::db::{Entry, Value};
use super::number::{parse_integer, saturating_usize};
use super::reply::{Reply, NOT_INTEGER, SYNTAX, WRONG_TYPE};
use super::Keyspace;
use std::collections::VecDeque;

/// The list at `key`: Ok(None) when missing, a WRONGTYPE reply for another type.
fn list<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<Option<&'a mut VecDeque<Vec<u8>>>, Reply> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Ok(None),
        Some(Entry {
            value: Value::List(items),
            ..
        }) => Ok(Some(items)),
        Some(_) => Err(Reply::error(WRONG_TYPE)),
    }
}

/// Deletes `key` if its list is empty now.
fn drop_if_empty(ks: &mut Keyspace, key: &[u8]) {
    let now = ks.now;
    if matches!(list(ks, key), Ok(Some(items)) if items.is_empty()) {
        ks.db().remove(key, now);
    }
}

fn push(ks: &mut Keyspace, args: &[Vec<u8>], left: bool, only_existing: bool) -> Reply {
    let key = &args[1];
    let exists = match list(ks, key) {
        Ok(found) => found.is_some(),
        Err(reply) => return reply,
    };
    if !exists {
        if only_existing {
            return Reply::Integer(0);
        }
        ks.db().insert(
            key,
            Entry {
                value: Value::List(VecDeque::new()),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    let Ok(Some(items)) = list(ks, key) else {
        return Reply::Integer(0);
    };
    for value in &args[2..] {
        if left {
            items.push_front(value.clone());
        } else {
            items.push_back(value.clone());
        }
    }
    Reply::Integer(items.len() as i64)
}

pub fn lpush(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    push(ks, args, true, false)
}

pub fn rpush(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    push(ks, args, false, false)
}

pub fn lpushx(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    push(ks, args, true, true)
}

pub fn rpushx(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    push(ks, args, false, true)
}

fn pop(ks: &mut Keyspace, args: &[Vec<u8>], left: bool) -> Reply {
    if args.len() > 3 {
        let name = if left { "lpop" } else { "rpop" };
        return Reply::error(&format!(
            "ERR wrong number of arguments for '{name}' command"
        ));
    }
    let count = match args.get(2) {
        None => None,
        Some(text) => match parse_integer(text) {
            Some(n) if n >= 0 => Some(saturating_usize(n as u64)),
            _ => return Reply::error("ERR value is out of range, must be positive"),
        },
    };
    let key = &args[1];
    let items = match list(ks, key) {
        Ok(Some(items)) => items,
        Ok(None) => return Reply::nil(),
        Err(reply) => return reply,
    };
    let mut take = || {
        if left {
            items.pop_front()
        } else {
            items.pop_back()
        }
    };
    let reply = match count {
        None => Reply::Bulk(take()),
        Some(n) => Reply::Array(Some(
            (0..n)
                .map_while(|_| take())
                .map(|v| Reply::Bulk(Some(v)))
                .collect(),
        )),
    };
    drop_if_empty(ks, key);
    reply
}

pub fn lpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    pop(ks, args, true)
}

pub fn rpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    pop(ks, args, false)
}

pub fn llen(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match list(ks, &args[1]) {
        Ok(items) => Reply::Integer(items.map_or(0, |i| i.len() as i64)),
        Err(reply) => reply,
    }
}

/// Start and stop as LRANGE/LTRIM normalise them: None when the range is empty.
fn range(start: i64, stop: i64, len: usize) -> Option<(usize, usize)> {
    let len = len as i64;
    let start = if start < 0 { len + start } else { start }.max(0);
    let stop = if stop < 0 { len + stop } else { stop };
    if start > stop || start >= len {
        return None;
    }
    Some((start as usize, stop.min(len - 1) as usize))
}

fn two_integers(args: &[Vec<u8>]) -> Option<(i64, i64)> {
    Some((parse_integer(&args[2])?, parse_integer(&args[3])?))
}

pub fn lrange(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some((start, stop)) = two_integers(args) else {
        return Reply::error(NOT_INTEGER);
    };
    let items = match list(ks, &args[1]) {
        Ok(Some(items)) => items,
        Ok(None) => return Reply::Array(Some(Vec::new())),
        Err(reply) => return reply,
    };
    let values = match range(start, stop, items.len()) {
        None => Vec::new(),
        Some((from, to)) => items
            .range(from..=to)
            .map(|v| Reply::Bulk(Some(v.clone())))
            .collect(),
    };
    Reply::Array(Some(values))
}

pub fn ltrim(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some((start, stop)) = two_integers(args) else {
        return Reply::error(NOT_INTEGER);
    };
    let key = &args[1];
    match list(ks, key) {
        Ok(Some(items)) => match range(start, stop, items.len()) {
            None => items.clear(),
            Some((from, to)) => {
                items.truncate(to + 1);
                items.drain(..from);
            }
        },
        Ok(None) => return Reply::ok(),
        Err(reply) => return reply,
    }
    drop_if_empty(ks, key);
    Reply::ok()
}

/// A list index, negative from the end, if it is inside the list.
fn position(index: i64, len: usize) -> Option<usize> {
    let index = if index < 0 { len as i64 + index } else { index };
    (0..len as i64).contains(&index).then_some(index as usize)
}

pub fn lindex(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some(index) = parse_integer(&args[2]) else {
        return Reply::error(NOT_INTEGER);
    };
    match list(ks, &args[1]) {
        Ok(Some(items)) => {
            Reply::Bulk(position(index, items.len()).and_then(|i| items.get(i).cloned()))
        }
        Ok(None) => Reply::nil(),
        Err(reply) => reply,
    }
}

pub fn lset(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some(index) = parse_integer(&args[2]) else {
        return Reply::error(NOT_INTEGER);
    };
    match list(ks, &args[1]) {
        Ok(Some(items)) => match position(index, items.len()).and_then(|i| items.get_mut(i)) {
            Some(slot) => {
                *slot = args[3].clone();
                Reply::ok()
            }
            None => Reply::error("ERR index out of range"),
        },
        Ok(None) => Reply::error("ERR no such key"),
        Err(reply) => reply,
    }
}

pub fn lrem(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some(count) = parse_integer(&args[2]) else {
        return Reply::error(NOT_INTEGER);
    };
    let key = &args[1];
    let removed = match list(ks, key) {
        Ok(Some(items)) => {
            let limit = if count == 0 {
                usize::MAX
            } else {
                saturating_usize(count.unsigned_abs())
            };
            let mut removed = 0;
            if count >= 0 {
                let mut i = 0;
                while i < items.len() && removed < limit {
                    if items[i] == args[3] {
                        items.remove(i);
                        removed += 1;
                    } else {
                        i += 1;
                    }
                }
            } else {
                let mut i = items.len();
                while i > 0 && removed < limit {
                    i -= 1;
                    if items[i] == args[3] {
                        items.remove(i);
                        removed += 1;
                    }
                }
            }
            removed
        }
        Ok(None) => 0,
        Err(reply) => return reply,
    };
    drop_if_empty(ks, key);
    Reply::Integer(removed as i64)
}

pub fn linsert(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let after = match args[2].to_ascii_lowercase().as_slice() {
        b"before" => false,
        b"after" => true,
        _ => return Reply::error(SYNTAX),
    };
    match list(ks, &args[1]) {
        Ok(Some(items)) => match items.iter().position(|v| *v == args[3]) {
            Some(i) => {
                items.insert(if after { i + 1 } else { i }, args[4].clone());
                Reply::Integer(items.len() as i64)
            }
            None => Reply::Integer(-1),
        },
        Ok(None) => Reply::Integer(0),
        Err(reply) => reply,
    }
}

/// LMOVE/RPOPLPUSH: pops from one end of `source`, pushes onto one end of `destination`.
fn move_element(
    ks: &mut Keyspace,
    source: &[u8],
    destination: &[u8],
    from_left: bool,
    to_left: bool,
) -> Reply {
    match list(ks, source) {
        Ok(Some(items)) if !items.is_empty() => {}
        Ok(_) => return Reply::nil(),
        Err(reply) => return reply,
    }
    if let Err(reply) = list(ks, destination) {
        return reply;
    }
    let value = match list(ks, source) {
        Ok(Some(items)) => {
            if from_left {
                items.pop_front()
            } else {
                items.pop_back()
            }
        }
        _ => None,
    };
    let Some(value) = value else {
        return Reply::nil();
    };
    drop_if_empty(ks, source);
    let side = if to_left {
        b"lpush".to_vec()
    } else {
        b"rpush".to_vec()
    };
    push(
        ks,
        &[side, destination.to_vec(), value.clone()],
        to_left,
        false,
    );
    Reply::Bulk(Some(value))
}

fn side(arg: &[u8]) -> Option<bool> {
    match arg.to_ascii_lowercase().as_slice() {
        b"left" => Some(true),
        b"right" => Some(false),
        _ => None,
    }
}

pub fn lmove(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(from), Some(to)) = (side(&args[3]), side(&args[4])) else {
        return Reply::error(SYNTAX);
    };
    move_element(ks, &args[1], &args[2], from, to)
}

pub fn rpoplpush(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    move_element(ks, &args[1], &args[2], false, true)
}

/// LPOS key element [RANK rank] [COUNT num] [MAXLEN len].
pub fn lpos(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (mut rank, mut count, mut maxlen) = (1i64, None, 0i64);
    let mut j = 3;
    while j < args.len() {
        let option = args[j].to_ascii_lowercase();
        let Some(value) = args.get(j + 1) else {
            return Reply::error(SYNTAX);
        };
        // COUNT and MAXLEN answer a non-integer with their own message; RANK with the usual.
        let parsed = parse_integer(value);
        match option.as_slice() {
            b"rank" => match parsed {
                None => return Reply::error(NOT_INTEGER),
                Some(0) => return Reply::error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"),
                // Redis negates the rank; the most negative one stays negative, which lets
                // every match count, as -1 does.
                Some(i64::MIN) => rank = -1,
                Some(n) => rank = n,
            },
            b"count" => match parsed {
                Some(n) if n >= 0 => count = Some(saturating_usize(n as u64)),
                _ => return Reply::error("ERR COUNT can't be negative"),
            },
            b"maxlen" => match parsed {
                Some(n) if n >= 0 => maxlen = n,
                _ => return Reply::error("ERR MAXLEN can't be negative"),
            },
            _ => return Reply::error(SYNTAX),
        }
        j += 2;
    }
    let items = match list(ks, &args[1]) {
        Ok(Some(items)) => items,
        Ok(None) => {
            return if count.is_some() {
                Reply::Array(Some(Vec::new()))
            } else {
                Reply::nil()
            }
        }
        Err(reply) => return reply,
    };
    let len = items.len();
    let limit = if maxlen == 0 {
        len
    } else {
        saturating_usize(maxlen as u64).min(len)
    };
    let indices: Box<dyn Iterator<Item = usize>> = if rank > 0 {
        Box::new(0..limit)
    } else {
        Box::new((len - limit..len).rev())
    };
    let wanted = match count {
        None => 1,
        Some(0) => usize::MAX,
        Some(n) => n,
    };
    let found: Vec<Reply> = indices
        .filter(|&i| items[i] == args[2])
        .skip(saturating_usize(rank.unsigned_abs()).saturating_sub(1))
        .take(wanted)
        .map(|i| Reply::Integer(i as i64))
        .collect();
    match count {
        Some(_) => Reply::Array(Some(found)),
        None => found.into_iter().next().unwrap_or(Reply::nil()),
    }
}

/// The numkeys, keys, LEFT|RIGHT and COUNT of LMPOP (from `args[at]` on).
/// The arguments of LMPOP and ZMPOP from `at` on: numkeys, the keys, the end to pop from
/// (`ends` names the first end and the other one), then an optional COUNT. Returns the keys,
/// whether the first end was named, and the count.
pub fn mpop_arguments<'a>(
    args: &'a [Vec<u8>],
    at: usize,
    ends: [&[u8]; 2],
) -> Result<(&'a [Vec<u8>], bool, usize), Reply> {
    let numkeys = match parse_integer(&args[at]) {
        Some(n) if n > 0 => n as u64,
        _ => return Err(Reply::error("ERR numkeys should be greater than 0")),
    };
    if numkeys >= (args.len() - at) as u64 {
        return Err(Reply::error(SYNTAX));
    }
    let end_at = at + 1 + numkeys as usize;
    let first_end = match args.get(end_at) {
        Some(word) if word.eq_ignore_ascii_case(ends[0]) => true,
        Some(word) if word.eq_ignore_ascii_case(ends[1]) => false,
        _ => return Err(Reply::error(SYNTAX)),
    };
    let count = match &args[end_at + 1..] {
        [] => 1,
        [word, n] if word.eq_ignore_ascii_case(b"count") => match parse_integer(n) {
            Some(n) if n > 0 => saturating_usize(n as u64),
            _ => return Err(Reply::error("ERR count should be greater than 0")),
        },
        _ => return Err(Reply::error(SYNTAX)),
    };
    Ok((&args[at + 1..end_at], first_end, count))
}

/// Pops up to `count` from the first non-empty list of `keys`: [key, [elements]] or nil.
fn mpop(ks: &mut Keyspace, keys: &[Vec<u8>], left: bool, count: usize) -> Reply {
    for key in keys {
        match list(ks, key) {
            Ok(Some(items)) if !items.is_empty() => {
                let n = count.min(items.len());
                let popped: Vec<Reply> = (0..n)
                    .filter_map(|_| {
                        if left {
                            items.pop_front()
                        } else {
                            items.pop_back()
                        }
                    })
                    .map(|v| Reply::Bulk(Some(v)))
                    .collect();
                drop_if_empty(ks, key);
                return Reply::Array(Some(vec![
                    Reply::Bulk(Some(key.clone())),
                    Reply::Array(Some(popped)),
                ]));
            }
            Ok(_) => {}
            Err(reply) => return reply,
        }
    }
    Reply::Array(None)
}

pub fn lmpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match mpop_arguments(args, 1, [b"left", b"right"]) {
        Ok((keys, left, count)) => mpop(ks, keys, left, count),
        Err(reply) => reply,
    }
}

/// A blocking command's timeout (seconds, fractional allowed); it never waits here: blocking
/// forms answer at once, as they do inside scripts.
pub fn timeout(arg: &[u8]) -> Result<(), Reply> {
    match crate::number::strtod(arg) {
        Some((t, used)) if used == arg.len() && !t.is_nan() => {
            if t < 0.0 {
                Err(Reply::error("ERR timeout is negative"))
            } else {
                Ok(())
            }
        }
        _ => Err(Reply::error("ERR timeout is not a float or out of range")),
    }
}

/// BLPOP/BRPOP key [key ...] timeout: [key, element] from the first non-empty list, or nil.
fn blocking_pop(ks: &mut Keyspace, args: &[Vec<u8>], left: bool) -> Reply {
    if let Err(reply) = timeout(&args[args.len() - 1]) {
        return reply;
    }
    match mpop(ks, &args[1..args.len() - 1], left, 1) {
        Reply::Array(Some(mut pair)) => {
            let element = match pair.pop() {
                Some(Reply::Array(Some(mut items))) => items.pop().unwrap_or(Reply::nil()),
                _ => Reply::nil(),
            };
            pair.push(element);
            Reply::Array(Some(pair))
        }
        other => other,
    }
}

pub fn blpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    blocking_pop(ks, args, true)
}

pub fn brpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    blocking_pop(ks, args, false)
}

pub fn blmpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    // Redis reads the keys and options first and the timeout last.
    let (keys, left, count) = match mpop_arguments(args, 2, [b"left", b"right"]) {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    match timeout(&args[1]) {
        Ok(()) => mpop(ks, keys, left, count),
        Err(reply) => reply,
    }
}

pub fn blmove(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(from), Some(to)) = (side(&args[3]), side(&args[4])) else {
        return Reply::error(SYNTAX);
    };
    if let Err(reply) = timeout(&args[5]) {
        return reply;
    }
    move_element(ks, &args[1], &args[2], from, to)
}

pub fn brpoplpush(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if let Err(reply) = timeout(&args[3]) {
        return reply;
    }
    move_element(ks, &args[1], &args[2], false, true)
}
