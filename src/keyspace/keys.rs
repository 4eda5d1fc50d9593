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
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for option in &args[3..] {
        match option.to_ascii_lowercase().as_slice() {
            b"nx" => nx = true,
            b"xx" => xx = true,
            b"gt" => gt = true,
            b"lt" => lt = true,
            _ => return Reply::Error([b"ERR Unsupported option ", option.as_slice()].concat()),
        }
    }
    if nx && (xx || gt || lt) {
        return Reply::error("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if gt && lt {
        return Reply::error("ERR GT and LT options at the same time are not compatible");
    }
    let Some(amount) = parse_integer(&args[2]) else {
        return Reply::error(NOT_INTEGER);
    };
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

/// Milliseconds to the nearest second, as Redis's `(ms+500)/1000` gives it; an expiry near
/// the largest time (PEXPIREAT 9223372036854775807) must not overflow the addition.
fn rounded_seconds(ms: i64) -> i64 {
    ((i128::from(ms) + 500) / 1000) as i64
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
            let left = (t.saturating_sub(now)).max(0);
            Reply::Integer(if milliseconds {
                left
            } else {
                rounded_seconds(left)
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

pub fn touch(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    exists(ks, args)
}

/// RENAME/RENAMENX: the value and its expiry move to the new name.
fn rename_generic(ks: &mut Keyspace, args: &[Vec<u8>], only_new: bool) -> Reply {
    let now = ks.now;
    if ks.db().get(&args[1], now).is_none() {
        return Reply::error("ERR no such key");
    }
    if args[1] == args[2] {
        return if only_new {
            Reply::Integer(0)
        } else {
            Reply::ok()
        };
    }
    if only_new && ks.db().get(&args[2], now).is_some() {
        return Reply::Integer(0);
    }
    if let Some(entry) = ks.db().remove(&args[1], now) {
        ks.db().insert(&args[2], entry);
    }
    if only_new {
        Reply::Integer(1)
    } else {
        Reply::ok()
    }
}

pub fn rename(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    rename_generic(ks, args, false)
}

pub fn renamenx(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    rename_generic(ks, args, true)
}

/// EXPIREAT/PEXPIREAT: an absolute time; a past one deletes the key.
fn expire_at(ks: &mut Keyspace, args: &[Vec<u8>], unit: i64, command: &str) -> Reply {
    let Some(at) = parse_integer(&args[2]) else {
        return Reply::error(NOT_INTEGER);
    };
    let Some(when) = at.checked_mul(unit) else {
        return Reply::error(&format!("ERR invalid expire time in '{command}' command"));
    };
    // Reuse the relative path with the clock subtracted out.
    let relative = when.saturating_sub(ks.now);
    let mut shifted = args.to_vec();
    shifted[2] = relative.to_string().into_bytes();
    expire_generic(ks, &shifted, 1, command)
}

pub fn expireat(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    expire_at(ks, args, 1000, "expireat")
}

pub fn pexpireat(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    expire_at(ks, args, 1, "pexpireat")
}

/// EXPIRETIME/PEXPIRETIME: the absolute expiry, -1 without one, -2 without the key.
fn expire_time(ks: &mut Keyspace, key: &[u8], milliseconds: bool) -> Reply {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Reply::Integer(-2),
        Some(entry) => match entry.expires_at {
            None => Reply::Integer(-1),
            Some(t) if milliseconds => Reply::Integer(t),
            Some(t) => Reply::Integer(rounded_seconds(t)),
        },
    }
}

pub fn expiretime(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    expire_time(ks, &args[1], false)
}

pub fn pexpiretime(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    expire_time(ks, &args[1], true)
}

/// A database index argument (SELECT, MOVE, COPY's DB).
/// `message` replaces the error for a non-integer or an index outside C's `int`.
pub fn database_index(arg: &[u8], message: Option<&str>) -> Result<usize, Reply> {
    let index = super::number::parse_c_int(arg, message)?;
    if !(0..super::DATABASES as i32).contains(&index) {
        return Err(Reply::error("ERR DB index is out of range"));
    }
    Ok(index as usize)
}

/// COPY source destination [DB index] [REPLACE].
pub fn copy(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let mut target = ks.selected;
    let mut replace = false;
    let mut j = 3;
    while j < args.len() {
        match args[j].to_ascii_lowercase().as_slice() {
            b"replace" => replace = true,
            b"db" if j + 1 < args.len() => {
                target = match database_index(&args[j + 1], None) {
                    Ok(i) => i,
                    Err(reply) => return reply,
                };
                j += 1;
            }
            _ => return Reply::error(super::reply::SYNTAX),
        }
        j += 1;
    }
    if target == ks.selected && args[1] == args[2] {
        return Reply::error("ERR source and destination objects are the same");
    }
    let now = ks.now;
    let Some(entry) = ks.db().get(&args[1], now).cloned() else {
        return Reply::Integer(0);
    };
    let destination = &mut ks.dbs[target];
    if destination.get(&args[2], now).is_some() {
        if !replace {
            return Reply::Integer(0);
        }
        destination.remove(&args[2], now);
    }
    destination.insert(&args[2], entry);
    Reply::Integer(1)
}

/// MOVE key db: only when the key is absent there.
pub fn move_key(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let target = match database_index(&args[2], None) {
        Ok(i) => i,
        Err(reply) => return reply,
    };
    if target == ks.selected {
        return Reply::error("ERR source and destination objects are the same");
    }
    let now = ks.now;
    if ks.db().get(&args[1], now).is_none() || ks.dbs[target].get(&args[1], now).is_some() {
        return Reply::Integer(0);
    }
    if let Some(entry) = ks.db().remove(&args[1], now) {
        ks.dbs[target].insert(&args[1], entry);
    }
    Reply::Integer(1)
}
