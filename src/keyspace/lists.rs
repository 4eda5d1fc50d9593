//! List commands (t_list.c): LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP (with counts) LLEN LRANGE
//! LINDEX LSET LREM LTRIM LINSERT RPOPLPUSH LMOVE. An emptied list is deleted, as in Redis.

use super::db::{Entry, Value};
use super::number::parse_integer;
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
    let count = match args.get(2) {
        None => None,
        Some(text) => match parse_integer(text) {
            Some(n) if n >= 0 => Some(n as usize),
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
                count.unsigned_abs() as usize
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
