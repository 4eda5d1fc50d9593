//! Lua numbers and text, as lua5.1 converts them on glibc: `str_to_number` is `luaO_str2d`
//! (C's `strtod`, so hex floats, `inf`, `nan` and surrounding white space are accepted, and
//! the text ends at its first NUL), and `number_to_string` is `LUAI_NUMFFORMAT`, `%.14g`.
//! The lexer, `tonumber`, `tostring`, string coercions and the listing printer all use these.

use crate::stdlib::printf;

/// `luaO_str2d`: the whole text (up to a NUL) must be one number, white space around it.
pub fn str_to_number(text: &[u8]) -> Option<f64> {
    let text = match text.iter().position(|&b| b == 0) {
        Some(nul) => &text[..nul],
        None => text,
    };
    let (value, end) = strtod(text)?;
    text[end..].iter().all(|&b| is_c_space(b)).then_some(value)
}

/// `%.14g`: how Lua 5.1 prints a number.
pub fn number_to_string(value: f64) -> String {
    // Integers of at most 14 digits print as themselves (`-0` keeps its sign below).
    if value.fract() == 0.0 && value.abs() < 1e14 && !(value == 0.0 && value.is_sign_negative()) {
        return (value as i64).to_string();
    }
    let spec = printf::Spec {
        precision: Some(14),
        conversion: b'g',
        ..printf::Spec::default()
    };
    String::from_utf8_lossy(&printf::format_float(&spec, value)).into_owned()
}

/// C's `isspace` in the C locale.
pub fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// glibc's `strtod`: the value of the longest number at the start of `text` (after white
/// space) and where it ends, or `None` when no number starts there.
pub fn strtod(text: &[u8]) -> Option<(f64, usize)> {
    let mut at = text.iter().take_while(|&&b| is_c_space(b)).count();
    let negative = match text.get(at) {
        Some(b'-') => {
            at += 1;
            true
        }
        Some(b'+') => {
            at += 1;
            false
        }
        _ => false,
    };
    let rest = &text[at..];
    let (magnitude, length) = if let Some(length) =
        special_word(rest, b"infinity").or_else(|| special_word(rest, b"inf"))
    {
        (f64::INFINITY, length)
    } else if let Some(length) = special_word(rest, b"nan") {
        (f64::NAN, length + nan_payload(&rest[length..]))
    } else if let Some(parsed) = hexadecimal(rest) {
        parsed
    } else {
        decimal(rest)?
    };
    let value = if negative { -magnitude } else { magnitude };
    Some((value, at + length))
}

/// The length of `word` at the start of `text`, compared case-insensitively.
fn special_word(text: &[u8], word: &[u8]) -> Option<usize> {
    (text.len() >= word.len() && text[..word.len()].eq_ignore_ascii_case(word))
        .then_some(word.len())
}

/// `nan(chars)`: the optional parenthesised payload glibc skips.
fn nan_payload(text: &[u8]) -> usize {
    if text.first() != Some(&b'(') {
        return 0;
    }
    let inner = text[1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    if text.get(1 + inner) == Some(&b')') {
        inner + 2
    } else {
        0
    }
}

/// A decimal number: digits with an optional point, and an exponent only when digits follow
/// its sign. Rust's parser rounds correctly, as glibc does.
fn decimal(text: &[u8]) -> Option<(f64, usize)> {
    let digits = |from: usize| {
        text[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let whole = digits(0);
    let mut end = whole;
    let mut fraction = 0;
    if text.get(end) == Some(&b'.') {
        fraction = digits(end + 1);
        end += 1 + fraction;
    }
    if whole + fraction == 0 {
        return None;
    }
    if matches!(text.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(text.get(end + 1), Some(b'+' | b'-')));
        let exponent = digits(end + 1 + sign);
        if exponent > 0 {
            end += 1 + sign + exponent;
        }
    }
    let literal = std::str::from_utf8(&text[..end]).ok()?;
    Some((literal.parse().ok()?, end))
}

/// A C99 hexadecimal float: `0x`, hex digits with an optional point, an optional binary
/// exponent `p±d`; rounded to nearest, ties to even, subnormals included.
fn hexadecimal(text: &[u8]) -> Option<(f64, usize)> {
    if text.len() < 2 || text[0] != b'0' || !matches!(text[1], b'x' | b'X') {
        return None;
    }
    let mut at = 2;
    // Up to 16 significant hex digits kept exactly; any nonzero digit after them is "sticky".
    let mut mantissa: u64 = 0;
    let mut scale: i64 = 0;
    let mut sticky = false;
    let mut any_digit = false;
    let mut seen_point = false;
    while let Some(&b) = text.get(at) {
        if b == b'.' && !seen_point {
            seen_point = true;
        } else if let Some(digit) = char::from(b).to_digit(16) {
            any_digit = true;
            if mantissa >> 60 == 0 {
                mantissa = (mantissa << 4) | u64::from(digit);
                if seen_point {
                    scale -= 4;
                }
            } else {
                sticky |= digit != 0;
                if !seen_point {
                    scale += 4;
                }
            }
        } else {
            break;
        }
        at += 1;
    }
    if !any_digit {
        return None;
    }
    if matches!(text.get(at), Some(b'p' | b'P')) {
        let sign_len = usize::from(matches!(text.get(at + 1), Some(b'+' | b'-')));
        let digits = text[at + 1 + sign_len..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 {
            let exponent = text[at + 1 + sign_len..at + 1 + sign_len + digits]
                .iter()
                .fold(0i64, |e, d| (e * 10 + i64::from(d - b'0')).min(1 << 20));
            scale += if text[at + 1] == b'-' {
                -exponent
            } else {
                exponent
            };
            at += 1 + sign_len + digits;
        }
    }
    Some((scaled(mantissa, sticky, scale), at))
}

/// `mantissa * 2^scale` (plus a sticky fraction below the mantissa), correctly rounded.
fn scaled(mantissa: u64, sticky: bool, scale: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    // The value is m * 2^scale with m in [2^top, 2^(top+1)).
    let top = 63 - i64::from(mantissa.leading_zeros());
    let exponent = top + scale;
    if exponent > 1023 {
        return f64::INFINITY;
    }
    // Bits of precision available: 53 for normal results, fewer for subnormal ones.
    let keep = if exponent >= -1022 {
        53
    } else {
        53 - (-1022 - exponent)
    };
    if keep <= 0 {
        // Below half the smallest subnormal (or exactly half: ties go to even, zero).
        let half_smallest = keep == 0 && (mantissa.count_ones() > 1 || sticky);
        return if half_smallest {
            f64::from_bits(1)
        } else {
            0.0
        };
    }
    let drop = (top + 1 - keep).max(0) as u32;
    let mut kept = if drop >= 64 { 0 } else { mantissa >> drop };
    if drop > 0 {
        let remainder = mantissa & ((1u64 << drop) - 1);
        let half = 1u64 << (drop - 1);
        let above_half = remainder > half || (remainder == half && sticky);
        let tie = remainder == half && !sticky;
        if above_half || (tie && kept & 1 == 1) {
            kept += 1;
        }
    }
    // kept * 2^(scale + drop) is exact in f64 unless it overflowed by the rounding carry.
    let result_exponent = scale + i64::from(drop);
    let value = kept as f64;
    let mut result = value;
    let mut e = result_exponent;
    while e > 0 {
        let step = e.min(1000);
        result *= 2f64.powi(step as i32);
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(1000);
        result /= 2f64.powi(step as i32);
        e += step;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lua_number_text() {
        assert_eq!(str_to_number(b"0x10"), Some(16.0));
        assert_eq!(str_to_number(b" 12 "), Some(12.0));
        assert_eq!(str_to_number(b"1e"), None);
        assert_eq!(str_to_number(b"1\0abc"), Some(1.0));
        assert_eq!(str_to_number(b"0x"), None);
        assert_eq!(number_to_string(1e15), "1e+15");
        assert_eq!(number_to_string(0.1), "0.1");
        assert_eq!(number_to_string(-0.0), "-0");
    }
}
