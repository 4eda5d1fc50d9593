//! BITFIELD and BITFIELD_RO (bitops.c): signed and unsigned integers of 1 to 64 bits (63
//! unsigned) read and written at any bit offset of a string, bit 0 being the first byte's most
//! significant, with WRAP, SAT or FAIL on overflow. Every operation is parsed and checked
//! before any runs, as Redis does.

use super::db::{Entry, StringEncoding, Value};
use super::number::parse_integer;
use super::reply::{Reply, NOT_INTEGER, SYNTAX, WRONG_TYPE};
use super::Keyspace;

/// Offsets address at most 512 MB of bits.
const MAX_BYTES: u64 = 512 << 20;

#[derive(Clone, Copy, PartialEq)]
enum Overflow {
    Wrap,
    Saturate,
    Fail,
}

#[derive(Clone, Copy, PartialEq)]
enum Operation {
    Get,
    Set(i64),
    IncrBy(i64),
}

/// One operation with the integer type and overflow rule in force where it was given.
#[derive(Clone, Copy)]
struct Field {
    operation: Operation,
    offset: u64,
    bits: u32,
    signed: bool,
    overflow: Overflow,
}

/// BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
/// [OVERFLOW WRAP|SAT|FAIL] ...
pub fn bitfield(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    run(ks, args, false)
}

/// BITFIELD_RO key [GET type offset] ...
pub fn bitfield_ro(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    run(ks, args, true)
}

fn run(ks: &mut Keyspace, args: &[Vec<u8>], read_only: bool) -> Reply {
    let fields = match parse(args) {
        Ok(fields) => fields,
        Err(reply) => return reply,
    };
    let key = &args[1];
    let now = ks.now;
    let writes = fields.iter().filter(|f| f.operation != Operation::Get);
    let Some(highest) = writes.map(|f| f.offset + u64::from(f.bits) - 1).max() else {
        return match ks.db().get(key, now) {
            Some(Entry {
                value: Value::String(data),
                ..
            }) => read_all(&fields, data),
            Some(_) => Reply::error(WRONG_TYPE),
            None => read_all(&fields, &[]),
        };
    };
    if read_only {
        return Reply::error("ERR BITFIELD_RO only supports the GET subcommand");
    }
    let needed = highest / 8 + 1;
    let length = match ks.db().get(key, now) {
        None => 0,
        Some(Entry {
            value: Value::String(data),
            ..
        }) => data.len() as u64,
        Some(_) => return Reply::error(WRONG_TYPE),
    };
    if let Err(reply) = ks.allow_growth_by(needed.saturating_sub(length)) {
        return reply;
    }
    let (mut data, expires_at) = match ks.db().get(key, now) {
        Some(Entry {
            value: Value::String(data),
            expires_at,
            ..
        }) => (std::mem::take(data), *expires_at),
        _ => (Vec::new(), None),
    };
    if data.len() < needed as usize {
        data.resize(needed as usize, 0);
    }
    let replies = fields.iter().map(|f| apply(&mut data, f)).collect();
    ks.db().insert(
        key,
        Entry {
            value: Value::String(data),
            expires_at,
            encoding: StringEncoding::Raw,
        },
    );
    Reply::Array(Some(replies))
}

/// Every operation checked: the first bad one's error, in Redis's order of checks.
fn parse(args: &[Vec<u8>]) -> Result<Vec<Field>, Reply> {
    let mut fields = Vec::new();
    let mut overflow = Overflow::Wrap;
    let mut at = 2;
    while at < args.len() {
        let left = args.len() - at - 1;
        let word = &args[at];
        let is = |name: &str, needs: usize| {
            c_string(word).eq_ignore_ascii_case(name.as_bytes()) && left >= needs
        };
        let operation = if is("get", 2) {
            Operation::Get
        } else if is("set", 3) {
            Operation::Set(0)
        } else if is("incrby", 3) {
            Operation::IncrBy(0)
        } else if is("overflow", 1) {
            overflow = match c_string(&args[at + 1]).to_ascii_lowercase().as_slice() {
                b"wrap" => Overflow::Wrap,
                b"sat" => Overflow::Saturate,
                b"fail" => Overflow::Fail,
                _ => return Err(Reply::error("ERR Invalid OVERFLOW type specified")),
            };
            at += 2;
            continue;
        } else {
            return Err(Reply::error(SYNTAX));
        };
        let (signed, bits) = field_type(&args[at + 1])?;
        let offset = field_offset(&args[at + 2], bits)?;
        let operation = match operation {
            Operation::Get => Operation::Get,
            Operation::Set(_) => Operation::Set(integer(&args[at + 3])?),
            Operation::IncrBy(_) => Operation::IncrBy(integer(&args[at + 3])?),
        };
        fields.push(Field {
            operation,
            offset,
            bits,
            signed,
            overflow,
        });
        at += if operation == Operation::Get { 3 } else { 4 };
    }
    Ok(fields)
}

/// An argument as C reads it: up to its first NUL.
fn c_string(arg: &[u8]) -> &[u8] {
    arg.split(|&b| b == 0).next().unwrap_or_default()
}

fn integer(arg: &[u8]) -> Result<i64, Reply> {
    parse_integer(arg).ok_or_else(|| Reply::error(NOT_INTEGER))
}

/// `i1`..`i64` or `u1`..`u63`.
fn field_type(arg: &[u8]) -> Result<(bool, u32), Reply> {
    let error = || {
        Reply::error(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.",
        )
    };
    let text = c_string(arg);
    let signed = match text.first() {
        Some(b'i') => true,
        Some(b'u') => false,
        _ => return Err(error()),
    };
    let most = if signed { 64 } else { 63 };
    match parse_integer(&text[1..]) {
        Some(bits @ 1..) if bits <= most => Ok((signed, bits as u32)),
        _ => Err(error()),
    }
}

/// A bit offset, or with `#` a count of fields of `bits` bits.
fn field_offset(arg: &[u8], bits: u32) -> Result<u64, Reply> {
    let error = || Reply::error("ERR bit offset is not an integer or out of range");
    let (digits, times) = match arg.strip_prefix(b"#") {
        Some(rest) => (rest, i64::from(bits)),
        None => (arg, 1),
    };
    // Redis multiplies in C's wrapping arithmetic, then refuses what came out negative.
    let offset = parse_integer(digits).ok_or_else(error)?.wrapping_mul(times);
    match u64::try_from(offset) {
        Ok(offset) if offset >> 3 < MAX_BYTES => Ok(offset),
        _ => Err(error()),
    }
}

/// GETs on a string no operation writes to (or on no string).
fn read_all(fields: &[Field], data: &[u8]) -> Reply {
    Reply::Array(Some(
        fields
            .iter()
            .map(|f| Reply::Integer(read(data, f.offset, f.bits, f.signed)))
            .collect(),
    ))
}

/// One operation on a string long enough for every write.
fn apply(data: &mut [u8], field: &Field) -> Reply {
    let Field {
        operation,
        offset,
        bits,
        signed,
        overflow,
    } = *field;
    let old = read(data, offset, bits, signed);
    let (sum, increment, reply_new) = match operation {
        Operation::Get => return Reply::Integer(old),
        Operation::Set(value) => (value, 0, false),
        Operation::IncrBy(increment) => (old, increment, true),
    };
    let outcome = if signed {
        signed_sum(sum, increment, bits, overflow)
    } else {
        unsigned_sum(sum as u64, increment, bits, overflow).map(|v| v as i64)
    };
    let Some(new) = outcome else {
        return Reply::Bulk(None);
    };
    write(data, offset, bits, new as u64);
    Reply::Integer(if reply_new { new } else { old })
}

/// The field's bits, most significant first; missing bytes read as zero.
fn read(data: &[u8], offset: u64, bits: u32, signed: bool) -> i64 {
    let mut value: u64 = 0;
    for i in 0..u64::from(bits) {
        let at = offset + i;
        let byte = usize::try_from(at >> 3).ok().and_then(|b| data.get(b));
        let bit = byte.map_or(0, |b| (b >> (7 - (at & 7))) & 1);
        value = (value << 1) | u64::from(bit);
    }
    if signed && bits < 64 && value & (1 << (bits - 1)) != 0 {
        value |= u64::MAX << bits;
    }
    value as i64
}

fn write(data: &mut [u8], offset: u64, bits: u32, value: u64) {
    for i in 0..u64::from(bits) {
        let at = offset + i;
        let bit = (value >> (u64::from(bits) - 1 - i)) & 1;
        if let Some(byte) = usize::try_from(at >> 3).ok().and_then(|b| data.get_mut(b)) {
            let shift = 7 - (at & 7);
            *byte = (*byte & !(1 << shift)) | ((bit as u8) << shift);
        }
    }
}

/// `value + increment` as a signed field of `bits` bits: the result, or None when it
/// overflows under FAIL.
fn signed_sum(value: i64, increment: i64, bits: u32, overflow: Overflow) -> Option<i64> {
    let max = if bits == 64 {
        i64::MAX
    } else {
        (1i64 << (bits - 1)) - 1
    };
    let min = -max - 1;
    // As Redis computes them: they may wrap, but are only used once `value` is in range.
    let max_increment = (max as u64).wrapping_sub(value as u64) as i64;
    let min_increment = min.wrapping_sub(value);
    let above = value > max
        || (bits != 64 && increment > max_increment)
        || (value >= 0 && increment > 0 && increment > max_increment);
    let below = value < min
        || (bits != 64 && increment < min_increment)
        || (value < 0 && increment < 0 && increment < min_increment);
    if !above && !below {
        return Some(value.wrapping_add(increment));
    }
    match overflow {
        Overflow::Fail => None,
        Overflow::Saturate => Some(if above { max } else { min }),
        Overflow::Wrap => {
            let mut sum = (value as u64).wrapping_add(increment as u64);
            if bits < 64 {
                let mask = u64::MAX << bits;
                if sum & (1 << (bits - 1)) != 0 {
                    sum |= mask;
                } else {
                    sum &= !mask;
                }
            }
            Some(sum as i64)
        }
    }
}

/// `value + increment` as an unsigned field of `bits` bits (at most 63).
fn unsigned_sum(value: u64, increment: i64, bits: u32, overflow: Overflow) -> Option<u64> {
    let max = (1u64 << bits) - 1;
    let max_increment = max.wrapping_sub(value) as i64;
    let min_increment = value.wrapping_neg() as i64;
    let above = value > max || (increment > 0 && increment > max_increment);
    let below = !above && increment < 0 && increment < min_increment;
    if !above && !below {
        return Some(value.wrapping_add(increment as u64));
    }
    match overflow {
        Overflow::Fail => None,
        Overflow::Saturate => Some(if above { max } else { 0 }),
        Overflow::Wrap => Some(value.wrapping_add(increment as u64) & max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_back_what_was_written() {
        let mut data = vec![0u8; 3];
        write(&mut data, 7, 5, 23);
        assert_eq!(data[..2], [0b0000_0001, 0b0111_0000]);
        assert_eq!(read(&data, 7, 5, false), 23);
        assert_eq!(read(&data, 7, 5, true), -9);
        assert_eq!(read(&data, 20, 64, false), 0);
    }

    #[test]
    fn overflow_rules() {
        assert_eq!(signed_sum(127, 1, 8, Overflow::Wrap), Some(-128));
        assert_eq!(signed_sum(127, 1, 8, Overflow::Saturate), Some(127));
        assert_eq!(signed_sum(-128, -1, 8, Overflow::Fail), None);
        assert_eq!(signed_sum(i64::MAX, 1, 64, Overflow::Wrap), Some(i64::MIN));
        assert_eq!(unsigned_sum(255, 1, 8, Overflow::Wrap), Some(0));
        assert_eq!(unsigned_sum(0, -1, 8, Overflow::Saturate), Some(0));
        assert_eq!(unsigned_sum(300, 0, 8, Overflow::Wrap), Some(44));
    }
}
