//! Bitmap commands (bitops.c): SETBIT GETBIT BITCOUNT BITPOS BITOP over string values. Bit 0
//! is the most significant bit of the first byte.

use super::db::{Entry, StringEncoding, Value};
use super::number::parse_integer;
use super::reply::{Reply, NOT_INTEGER, SYNTAX, WRONG_TYPE};
use super::strings::read;
use super::Keyspace;

/// Offsets address at most 512 MB of bits.
const MAX_BIT_OFFSET: i64 = (512 << 20) * 8;

fn bit_offset(arg: &[u8]) -> Result<usize, Reply> {
    match parse_integer(arg) {
        Some(n) if (0..MAX_BIT_OFFSET).contains(&n) => Ok(n as usize),
        _ => Err(Reply::error(
            "ERR bit offset is not an integer or out of range",
        )),
    }
}

fn bit_at(data: &[u8], offset: usize) -> u8 {
    data.get(offset / 8)
        .map_or(0, |b| (b >> (7 - offset % 8)) & 1)
}

pub fn setbit(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let offset = match bit_offset(&args[2]) {
        Ok(o) => o,
        Err(reply) => return reply,
    };
    let on = match args[3].as_slice() {
        b"1" => true,
        b"0" => false,
        _ => return Reply::error("ERR bit is not an integer or out of range"),
    };
    let now = ks.now;
    let length = match ks.db().get(&args[1], now) {
        None => 0,
        Some(Entry {
            value: Value::String(s),
            ..
        }) => s.len(),
        Some(_) => return Reply::error(WRONG_TYPE),
    };
    if let Err(reply) = ks.allow_growth_by((offset / 8 + 1).saturating_sub(length) as u64) {
        return reply;
    }
    let (mut data, expires_at) = match ks.db().get(&args[1], now) {
        Some(Entry {
            value: Value::String(s),
            expires_at,
            ..
        }) => (std::mem::take(s), *expires_at),
        _ => (Vec::new(), None),
    };
    if data.len() <= offset / 8 {
        data.resize(offset / 8 + 1, 0);
    }
    let old = bit_at(&data, offset);
    let mask = 1 << (7 - offset % 8);
    if on {
        data[offset / 8] |= mask;
    } else {
        data[offset / 8] &= !mask;
    }
    ks.db().insert(
        &args[1],
        Entry {
            value: Value::String(data),
            expires_at,
            encoding: StringEncoding::Raw,
        },
    );
    Reply::Integer(i64::from(old))
}

pub fn getbit(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let offset = match bit_offset(&args[2]) {
        Ok(o) => o,
        Err(reply) => return reply,
    };
    match read(ks, &args[1]) {
        Ok(data) => Reply::Integer(i64::from(bit_at(&data.unwrap_or_default(), offset))),
        Err(reply) => reply,
    }
}

/// A start/end pair normalised as BITCOUNT and BITPOS do, over `total` units.
fn clamp(start: i64, end: i64, total: i64) -> (i64, i64) {
    let start = if start < 0 { total + start } else { start }.max(0);
    let end = if end < 0 { total + end } else { end }
        .max(0)
        .min(total - 1);
    (start, end)
}

/// The optional BYTE|BIT unit: true for BIT.
fn unit(arg: Option<&Vec<u8>>) -> Result<bool, Reply> {
    match arg.map(|a| a.to_ascii_lowercase()) {
        None => Ok(false),
        Some(u) if u == b"byte" => Ok(false),
        Some(u) if u == b"bit" => Ok(true),
        Some(_) => Err(Reply::error(SYNTAX)),
    }
}

pub fn bitcount(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    // Redis looks the key up before it reads the range.
    let data = match read(ks, &args[1]) {
        Ok(Some(data)) => data,
        Ok(None) => return Reply::Integer(0),
        Err(reply) => return reply,
    };
    let range = match args.len() {
        2 => None,
        4 | 5 => {
            let (Some(start), Some(end)) = (parse_integer(&args[2]), parse_integer(&args[3]))
            else {
                return Reply::error(NOT_INTEGER);
            };
            match unit(args.get(4)) {
                Ok(is_bit) => Some((start, end, is_bit)),
                Err(reply) => return reply,
            }
        }
        _ => return Reply::error(SYNTAX),
    };
    let (start, end, is_bit) = match range {
        None => (0, data.len() as i64 * 8 - 1, true),
        Some((start, end, is_bit)) => {
            let total = data.len() as i64 * if is_bit { 8 } else { 1 };
            let (s, e) = clamp(start, end, total);
            (s, e, is_bit)
        }
    };
    if start > end {
        return Reply::Integer(0);
    }
    let (first, last) = if is_bit {
        (start, end)
    } else {
        (start * 8, end * 8 + 7)
    };
    let count = (first..=last)
        .filter(|&i| bit_at(&data, i as usize) == 1)
        .count();
    Reply::Integer(count as i64)
}

pub fn bitpos(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let wanted = match parse_integer(&args[2]) {
        Some(0) => 0u8,
        Some(1) => 1u8,
        Some(_) => return Reply::error("ERR The bit argument must be 1 or 0."),
        None => return Reply::error(NOT_INTEGER),
    };
    let data = match read(ks, &args[1]) {
        Ok(Some(data)) => data,
        Ok(None) => return Reply::Integer(if wanted == 1 { -1 } else { 0 }),
        Err(reply) => return reply,
    };
    let (start, end, end_given, is_bit) = match args.len() {
        3 => (0, -1, false, false),
        4..=6 => {
            let Some(start) = parse_integer(&args[3]) else {
                return Reply::error(NOT_INTEGER);
            };
            // The unit is checked before the end is parsed.
            let is_bit = match unit(args.get(5)) {
                Ok(is_bit) => is_bit,
                Err(reply) => return reply,
            };
            let end = match args.get(4) {
                None => -1,
                Some(e) => match parse_integer(e) {
                    Some(e) => e,
                    None => return Reply::error(NOT_INTEGER),
                },
            };
            (start, end, args.len() >= 5, is_bit)
        }
        _ => return Reply::error(SYNTAX),
    };
    let total = data.len() as i64 * if is_bit { 8 } else { 1 };
    let (start, end) = clamp(start, end, total);
    if start > end {
        return Reply::Integer(-1);
    }
    let (first, last) = if is_bit {
        (start, end)
    } else {
        (start * 8, end * 8 + 7)
    };
    match (first..=last).find(|&i| bit_at(&data, i as usize) == wanted) {
        Some(i) => Reply::Integer(i),
        // Past the string everything reads as 0: without an end, that is the answer.
        None if wanted == 0 && !end_given => Reply::Integer(last + 1),
        None => Reply::Integer(-1),
    }
}

pub fn bitop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let op = args[1].to_ascii_lowercase();
    if !matches!(op.as_slice(), b"and" | b"or" | b"xor" | b"not") {
        return Reply::error(SYNTAX);
    }
    let sources = &args[3..];
    if op == b"not" && sources.len() != 1 {
        return Reply::error("ERR BITOP NOT must be called with a single source key.");
    }
    let mut inputs = Vec::with_capacity(sources.len());
    for key in sources {
        match read(ks, key) {
            Ok(data) => inputs.push(data.unwrap_or_default()),
            Err(reply) => return reply,
        }
    }
    let len = inputs.iter().map(Vec::len).max().unwrap_or(0);
    let mut result = vec![0u8; len];
    for (i, byte) in result.iter_mut().enumerate() {
        let mut values = inputs.iter().map(|d| d.get(i).copied().unwrap_or(0));
        *byte = match op.as_slice() {
            b"and" => values.fold(0xff, |a, b| a & b),
            b"or" => values.fold(0, |a, b| a | b),
            b"xor" => values.fold(0, |a, b| a ^ b),
            _ => !values.next().unwrap_or(0),
        };
    }
    let now = ks.now;
    ks.db().remove(&args[2], now);
    if !result.is_empty() {
        ks.db().insert(
            &args[2],
            Entry {
                value: Value::String(result),
                expires_at: None,
                encoding: StringEncoding::Raw,
            },
        );
    }
    Reply::Integer(len as i64)
}
