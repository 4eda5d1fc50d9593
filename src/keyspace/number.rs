//! Redis's number rules for arguments and values: `string2ll`'s strict integers (no spaces,
//! no `+`, no leading zeros, within 64 bits), C's lenient `atoi` where Redis uses it, and
//! integers printed as Redis prints them.

use super::reply::{Reply, NOT_INTEGER};

/// `string2ll`: the integer a byte string holds, exactly as Redis accepts it.
pub fn parse_integer(s: &[u8]) -> Option<i64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    if s == b"0" {
        return Some(0);
    }
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    match digits.first() {
        Some(b'1'..=b'9') => {}
        _ => return None,
    }
    let mut value: u64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    if negative {
        if value > i64::MAX as u64 + 1 {
            return None;
        }
        Some((value as i64).wrapping_neg())
    } else {
        i64::try_from(value).ok()
    }
}

/// `atoi`: optional blanks and sign, then digits up to the first other byte; 0 for none.
/// Out of range values wrap as glibc's `(int)strtol` does.
pub fn atoi(text: &[u8]) -> i32 {
    let text = match text.iter().position(|&b| !crate::number::is_c_space(b)) {
        Some(start) => &text[start..],
        None => return 0,
    };
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    // strtol saturates at the bounds of a long; the cast to int keeps the low bits.
    let mut value: i128 = 0;
    for &b in digits.iter().take_while(|b| b.is_ascii_digit()) {
        value = (value * 10 + i128::from(b - b'0')).min(i128::from(i64::MAX) + 1);
    }
    let value = if negative { -value } else { value };
    let long = value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    long as i32
}

/// `getRangeLongFromObjectOrReply`: an integer argument within `min..=max`. A non-integer gets
/// `message` (or the standard one); an integer outside the range gets `message` (or the range
/// error naming the bounds).
pub fn parse_ranged(s: &[u8], min: i64, max: i64, message: Option<&str>) -> Result<i64, Reply> {
    let Some(n) = parse_integer(s) else {
        return Err(Reply::error(message.unwrap_or(NOT_INTEGER)));
    };
    if (min..=max).contains(&n) {
        return Ok(n);
    }
    Err(match message {
        Some(message) => Reply::error(message),
        None => Reply::error(&format!(
            "ERR value is out of range, value must between {min} and {max}"
        )),
    })
}

/// `getIntFromObjectOrReply`: an argument that must be a C `int`.
pub fn parse_c_int(s: &[u8], message: Option<&str>) -> Result<i32, Reply> {
    parse_ranged(s, i32::MIN.into(), i32::MAX.into(), message).map(|n| n as i32)
}

/// A count from a command as a `usize`, saturating where `usize` is narrower than the count
/// (wasm32's 32 bits): a huge count means "all of them" there too.
pub fn saturating_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::parse_integer;

    #[test]
    fn strict_integers() {
        assert_eq!(parse_integer(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_integer(b"9223372036854775808"), None);
        for bad in [&b" 1"[..], b"+1", b"01", b"-0", b"1.0", b"", b"-"] {
            assert_eq!(
                parse_integer(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
