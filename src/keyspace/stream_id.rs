//! Stream entry IDs (`<ms>-<seq>`, two unsigned 64-bit halves) and Redis's rules for reading
//! them from arguments: `streamGenericParseIDOrReply` with its `strtoull` fallback, the `-`/`+`
//! shorthands, `<ms>-*` for XADD, and `(` exclusive interval bounds.

use super::number::parse_integer;
use super::reply::Reply;
use std::fmt;

/// The one error every malformed ID gets.
pub const INVALID_ID: &str = "ERR Invalid stream ID specified as stream command argument";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct StreamId {
    pub ms: u64,
    pub seq: u64,
}

impl StreamId {
    pub const MIN: StreamId = StreamId { ms: 0, seq: 0 };
    pub const MAX: StreamId = StreamId {
        ms: u64::MAX,
        seq: u64::MAX,
    };

    pub fn new(ms: u64, seq: u64) -> StreamId {
        StreamId { ms, seq }
    }

    pub fn is_zero(self) -> bool {
        self == StreamId::MIN
    }

    /// The next ID, or None after the last possible one (`streamIncrID`).
    pub fn next(self) -> Option<StreamId> {
        match (self.seq.checked_add(1), self.ms.checked_add(1)) {
            (Some(seq), _) => Some(StreamId::new(self.ms, seq)),
            (None, Some(ms)) => Some(StreamId::new(ms, 0)),
            (None, None) => None,
        }
    }

    /// The previous ID, or None before 0-0 (`streamDecrID`).
    pub fn previous(self) -> Option<StreamId> {
        match (self.seq.checked_sub(1), self.ms.checked_sub(1)) {
            (Some(seq), _) => Some(StreamId::new(self.ms, seq)),
            (None, Some(ms)) => Some(StreamId::new(ms, u64::MAX)),
            (None, None) => None,
        }
    }

    pub fn reply(self) -> Reply {
        Reply::bulk(self.to_string().as_bytes())
    }

    /// The 128-bit big-endian key Redis files the ID under in its radix trees.
    pub fn key_bytes(self) -> [u8; 16] {
        let mut key = [0u8; 16];
        key[..8].copy_from_slice(&self.ms.to_be_bytes());
        key[8..].copy_from_slice(&self.seq.to_be_bytes());
        key
    }
}

impl fmt::Display for StreamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.ms, self.seq)
    }
}

/// `string2ull` as the stream parser uses it: Redis's strict integers first, then C's
/// `strtoull` (leading white space, a sign, wrapping negation, no overflow), but never a
/// leading `-`.
fn parse_u64(text: &[u8]) -> Option<u64> {
    if text.first() == Some(&b'-') {
        return None;
    }
    if let Some(n) = parse_integer(text) {
        return u64::try_from(n).ok();
    }
    let start = text
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))?;
    let rest = text.get(start..)?;
    let (negative, digits) = match rest.split_first() {
        Some((b'-', digits)) => (true, digits),
        Some((b'+', digits)) => (false, digits),
        _ => (false, rest),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value: u64 = 0;
    for d in digits {
        value = value.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// What an ID argument may be besides `<ms>-<seq>`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IdSyntax {
    /// `-` and `+` stand for the smallest and largest IDs.
    Range,
    /// `-` and `+` are errors.
    Strict,
    /// Strict, and `<ms>-*` asks for the next sequence number (XADD's ID).
    Add,
}

/// A parsed ID; `seq_given` is false for XADD's `<ms>-*`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ParsedId {
    pub id: StreamId,
    pub seq_given: bool,
}

/// Parses an ID argument; a missing `-<seq>` means `missing_seq`.
pub fn parse_id(arg: &[u8], missing_seq: u64, syntax: IdSyntax) -> Result<ParsedId, Reply> {
    let invalid = || Reply::error(INVALID_ID);
    if arg.len() > 127 {
        return Err(invalid());
    }
    // Redis copies the argument into a C string: a NUL byte ends it.
    let text = arg.split(|&c| c == 0).next().unwrap_or_default();
    let given = |id| {
        Ok(ParsedId {
            id,
            seq_given: true,
        })
    };
    match (text, syntax) {
        (b"-" | b"+", IdSyntax::Strict | IdSyntax::Add) => return Err(invalid()),
        (b"-", IdSyntax::Range) => return given(StreamId::MIN),
        (b"+", IdSyntax::Range) => return given(StreamId::MAX),
        _ => {}
    }
    let (ms_text, seq_text) = match text.iter().position(|&c| c == b'-') {
        Some(dash) => (&text[..dash], Some(&text[dash + 1..])),
        None => (text, None),
    };
    let ms = parse_u64(ms_text).ok_or_else(invalid)?;
    match seq_text {
        None => given(StreamId::new(ms, missing_seq)),
        Some(b"*") if syntax == IdSyntax::Add => Ok(ParsedId {
            id: StreamId::new(ms, 0),
            seq_given: false,
        }),
        Some(seq) => given(StreamId::new(ms, parse_u64(seq).ok_or_else(invalid)?)),
    }
}

/// A strict ID with a missing sequence read as 0 (XDEL, XACK, XCLAIM, group IDs, ...).
pub fn parse_strict(arg: &[u8]) -> Result<StreamId, Reply> {
    parse_id(arg, 0, IdSyntax::Strict).map(|p| p.id)
}

/// One end of an XRANGE/XPENDING/XAUTOCLAIM interval: `-`, `+`, an ID, or `(ID` to leave it
/// out (then the ID is stepped inward). `start` picks the side and its error text.
pub fn parse_interval_bound(arg: &[u8], start: bool) -> Result<StreamId, Reply> {
    let missing_seq = if start { 0 } else { u64::MAX };
    match arg.split_first() {
        Some((b'(', rest)) if !rest.is_empty() => {
            let id = parse_id(rest, missing_seq, IdSyntax::Strict)?.id;
            let stepped = if start { id.next() } else { id.previous() };
            stepped.ok_or_else(|| {
                Reply::error(if start {
                    "ERR invalid start ID for the interval"
                } else {
                    "ERR invalid end ID for the interval"
                })
            })
        }
        _ => parse_id(arg, missing_seq, IdSyntax::Range).map(|p| p.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Option<StreamId> {
        parse_id(text.as_bytes(), 0, IdSyntax::Range)
            .ok()
            .map(|p| p.id)
    }

    #[test]
    fn ids_read_as_redis_reads_them() {
        assert_eq!(id("1-2"), Some(StreamId::new(1, 2)));
        assert_eq!(id("5"), Some(StreamId::new(5, 0)));
        assert_eq!(id("-"), Some(StreamId::MIN));
        assert_eq!(id("+"), Some(StreamId::MAX));
        assert_eq!(
            id("18446744073709551615-18446744073709551615"),
            Some(StreamId::MAX)
        );
        // strtoull's leniency: spaces, a plus sign, leading zeros, a wrapped minus after a space.
        assert_eq!(id("01"), Some(StreamId::new(1, 0)));
        assert_eq!(id("1-+1"), Some(StreamId::new(1, 1)));
        assert_eq!(id("1- 1"), Some(StreamId::new(1, 1)));
        assert_eq!(id("1- -05"), Some(StreamId::new(1, u64::MAX - 4)));
        for bad in [
            "",
            "-1",
            "1--5",
            "1--05",
            "1-",
            "1-x",
            "0x1",
            " -1",
            "1-18446744073709551616",
            "18446744073709551616",
            "(1",
            "1-*",
        ] {
            assert_eq!(id(bad), None, "{bad:?}");
        }
        assert!(parse_strict(b"+").is_err());
        let add = parse_id(b"7-*", 0, IdSyntax::Add).unwrap_or(ParsedId {
            id: StreamId::MIN,
            seq_given: true,
        });
        assert_eq!((add.id, add.seq_given), (StreamId::new(7, 0), false));
    }

    #[test]
    fn ids_order_and_step_like_128_bit_numbers() {
        assert!(StreamId::new(1, u64::MAX) < StreamId::new(2, 0));
        assert_eq!(StreamId::new(1, u64::MAX).next(), Some(StreamId::new(2, 0)));
        assert_eq!(StreamId::MAX.next(), None);
        assert_eq!(
            StreamId::new(2, 0).previous(),
            Some(StreamId::new(1, u64::MAX))
        );
        assert_eq!(StreamId::MIN.previous(), None);
        assert_eq!(
            parse_interval_bound(b"(1-1", true).ok(),
            Some(StreamId::new(1, 2))
        );
        assert_eq!(
            parse_interval_bound(b"(5", false).ok(),
            Some(StreamId::new(5, u64::MAX - 1))
        );
        assert!(parse_interval_bound(b"(0-0", false).is_err());
        assert!(parse_interval_bound(b"(-", true).is_err());
    }
}
