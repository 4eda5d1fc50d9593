//! Key commands (db.c, expire.c): DEL EXISTS TYPE EXPIRE PEXPIRE (NX XX GT LT) TTL PTTL
//! PERSIST, on the keyspace's virtual clock.

use super::number::parse_integer;
use super::reply::{Reply, NOT_INTEGER};
use super::Keyspace;

pub fn del(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    let removed = args[1..]
        .iter()
        .filter(|key| ks.db().remove(key, now).is_some())
        .count();
    Reply::Integer(removed as i64)
}

pub fn exists(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    let found = args[1..]
        .iter()
        .filter(|key| ks.db().get(key, now).is_some())
        .count();
    Reply::Integer(found as i64)
}

pub fn type_of(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    let name = ks
        .db()
        .get(&args[1], now)
        .map_or("none", |e| e.value.type_name());
    Reply::Status(name.as_bytes().to_vec())
}

/// EXPIRE/PEXPIRE: `unit` milliseconds per argument unit.
fn expire_generic(ks: &mut Keyspace, args: &[Vec<u8>], unit: i64, command: &str) -> Reply {
    let Some(amount) = parse_integer(&args[2]) else {
        return Reply::error(NOT_INTEGER);
    };
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for option in &args[3..] {
        match option.to_ascii_lowercase().as_slice() {
            b"nx" => nx = true,
            b"xx" => xx = true,
            b"gt" => gt = true,
            b"lt" => lt = true,
            _ => {
                return Reply::error(&format!(
                    "ERR Unsupported option {}",
                    String::from_utf8_lossy(option)
                ))
            }
        }
    }
    if nx && (xx || gt || lt) {
        return Reply::error("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if gt && lt {
        return Reply::error("ERR GT and LT options at the same time are not compatible");
    }
    let invalid = || Reply::error(&format!("ERR invalid expire time in '{command}' command"));
    let Some(ms) = amount.checked_mul(unit) else {
        return invalid();
    };
    let Some(when) = ms.checked_add(ks.now) else {
        return invalid();
    };
    let now = ks.now;
    let Some(entry) = ks.db().get(&args[1], now) else {
        return Reply::Integer(0);
    };
    let current = entry.expires_at;
    let allowed = match current {
        None => !xx && !gt,
        Some(t) => !nx && (!gt || when > t) && (!lt || when < t),
    };
    if !allowed {
        return Reply::Integer(0);
    }
    if when <= now {
        ks.db().remove(&args[1], now);
    } else {
        entry.expires_at = Some(when);
    }
    Reply::Integer(1)
}

pub fn expire(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    expire_generic(ks, args, 1000, "expire")
}

pub fn pexpire(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    expire_generic(ks, args, 1, "pexpire")
}

/// TTL/PTTL: -2 for a missing key, -1 for one without expiry.
fn ttl_generic(ks: &mut Keyspace, key: &[u8], milliseconds: bool) -> Reply {
    let now = ks.now;
    let Some(entry) = ks.db().get(key, now) else {
        return Reply::Integer(-2);
    };
    match entry.expires_at {
        None => Reply::Integer(-1),
        Some(t) => {
            let left = (t - now).max(0);
            Reply::Integer(if milliseconds {
                left
            } else {
                (left + 500) / 1000
            })
        }
    }
}

pub fn ttl(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    ttl_generic(ks, &args[1], false)
}

pub fn pttl(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    ttl_generic(ks, &args[1], true)
}

pub fn persist(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    match ks.db().get(&args[1], now) {
        Some(entry) if entry.expires_at.is_some() => {
            entry.expires_at = None;
            Reply::Integer(1)
        }
        _ => Reply::Integer(0),
    }
}
