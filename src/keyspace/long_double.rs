//! The x86-64 `long double` (x87 80-bit extended precision: a 64-bit mantissa with an explicit
//! integer bit, a 15-bit exponent) as INCRBYFLOAT and HINCRBYFLOAT use it in Redis 7.0:
//! `string2ld` (glibc's `strtold`, correctly rounded, behind Redis's checks), one addition
//! rounded once to 64 bits, ties to even (the x87's default precision control), and
//! `ld2string` in its `LD_STR_HUMAN` mode (`%.17Lf`, then trailing zeros and a bare point
//! dropped, `-0` printed as `0`), the only mode either command uses.

use super::big_uint::BigUint;
use std::cmp::Ordering;

/// The weight of a subnormal's lowest mantissa bit: 2^-16445 (2^-16382 with 63 bits after
/// the point). Every finite value is a multiple of it.
const MIN_EXPONENT: i32 = -16445;
/// The weight of the lowest mantissa bit in the top binade [2^16383, 2^16384).
const MAX_EXPONENT: i32 = 16320;
/// `MAX_LONG_DOUBLE_CHARS`: `string2ld` copies the text into a buffer this big, NUL included.
const TEXT_BUFFER: usize = 5 * 1024;
/// Saturation point for written exponents: far beyond any value that is not 0 or infinite.
const EXPONENT_LIMIT: i64 = 1 << 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LongDouble {
    negative: bool,
    magnitude: Magnitude,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Magnitude {
    /// `mantissa * 2^exponent`: the mantissa's top bit is set (a normal number) unless the
    /// exponent is `MIN_EXPONENT` (a subnormal or zero).
    Finite {
        mantissa: u64,
        exponent: i32,
    },
    Infinite,
}

const ZERO: Magnitude = Magnitude::Finite {
    mantissa: 0,
    exponent: MIN_EXPONENT,
};

impl LongDouble {
    /// +0, what a missing key or field counts as.
    pub const ZERO: LongDouble = LongDouble {
        negative: false,
        magnitude: ZERO,
    };

    pub fn is_finite(self) -> bool {
        matches!(self.magnitude, Magnitude::Finite { .. })
    }

    /// `string2ld`: the value of the whole text as glibc's `strtold` reads it, or `None` where
    /// Redis refuses it — empty, 5120 bytes or more, white space first, anything `strtold`
    /// leaves unread (a NUL byte included), NaN, and overflow or underflow to zero. Infinity
    /// written as such (`inf`, `-Infinity`) is accepted.
    pub fn parse(text: &[u8]) -> Option<LongDouble> {
        if text.is_empty() || text.len() >= TEXT_BUFFER || crate::number::is_c_space(text[0]) {
            return None;
        }
        let (negative, unsigned) = match text[0] {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let magnitude = if unsigned.eq_ignore_ascii_case(b"inf")
            || unsigned.eq_ignore_ascii_case(b"infinity")
        {
            Magnitude::Infinite
        } else {
            parse_hexadecimal(unsigned).or_else(|| parse_decimal(unsigned))?
        };
        Some(LongDouble {
            negative,
            magnitude,
        })
    }

    /// `a + b` as the x87 adds: exact, then rounded once to 64 bits, ties to even; `None` for
    /// NaN (infinities of opposite signs). Overflow gives an infinity.
    pub fn plus(self, other: LongDouble) -> Option<LongDouble> {
        let (
            Magnitude::Finite {
                mantissa: ma,
                exponent: ea,
            },
            Magnitude::Finite {
                mantissa: mb,
                exponent: eb,
            },
        ) = (self.magnitude, other.magnitude)
        else {
            if !self.is_finite() && !other.is_finite() && self.negative != other.negative {
                return None;
            }
            return Some(if self.is_finite() { other } else { self });
        };
        if ma == 0 && mb == 0 {
            // -0 + -0 is -0; every other sum of zeros is +0.
            return Some(LongDouble {
                negative: self.negative && other.negative,
                magnitude: ZERO,
            });
        }
        if mb == 0 {
            return Some(self);
        }
        if ma == 0 {
            return Some(other);
        }
        // Line the two up on a common lowest bit: `big` has the larger exponent.
        let ((big_negative, big, big_exponent), (small_negative, small, small_exponent)) =
            if ea >= eb {
                ((self.negative, ma, ea), (other.negative, mb, eb))
            } else {
                ((other.negative, mb, eb), (self.negative, ma, ea))
            };
        let gap = (big_exponent - small_exponent) as u32;
        let (x, y, base) = if gap <= 64 {
            (u128::from(big) << gap, u128::from(small), small_exponent)
        } else {
            // The small one lies wholly below 64 bits under the big one's lowest bit: keep it
            // as a sticky bit, which rounds the same as its exact value (the big one is
            // normal, so at least 62 bits of the sum are dropped by the rounding).
            let shift = gap - 64;
            let kept = if shift >= 64 { 0 } else { small >> shift };
            (
                u128::from(big) << 64,
                u128::from(kept | 1),
                big_exponent - 64,
            )
        };
        let (negative, sum) = if big_negative == small_negative {
            (big_negative, x + y)
        } else if x >= y {
            (big_negative, x - y)
        } else {
            (small_negative, y - x)
        };
        if sum == 0 {
            return Some(LongDouble {
                negative: false,
                magnitude: ZERO,
            });
        }
        Some(LongDouble {
            negative,
            magnitude: round_u128(sum, base),
        })
    }

    /// `ld2string(..., LD_STR_HUMAN)`: `%.17Lf` with trailing zeros and a bare point removed,
    /// and `-0` written `0`. Infinities print as `inf` and `-inf`.
    pub fn to_human_string(self) -> String {
        let Magnitude::Finite { mantissa, exponent } = self.magnitude else {
            return if self.negative { "-inf" } else { "inf" }.to_string();
        };
        let mut text = fixed_17(mantissa, exponent);
        let trimmed = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(trimmed);
        if self.negative && text != "0" {
            text.insert(0, '-');
        }
        text
    }
}

/// `%.17Lf` of `mantissa * 2^exponent` (without a sign): exact digits, the last one rounded
/// half to even as glibc's printf rounds.
fn fixed_17(mantissa: u64, exponent: i32) -> String {
    const SCALE: u128 = 100_000_000_000_000_000;
    if exponent >= 0 {
        // An integer: the 17 decimals are zeros.
        let whole = if exponent < 64 {
            (u128::from(mantissa) << exponent).to_string()
        } else {
            let mut big = BigUint::from_u64(mantissa);
            big.shl(exponent as u64);
            big.to_decimal()
        };
        return format!("{whole}.{:017}", 0);
    }
    // mantissa * 10^17 < 2^121, so below 2^-128 the whole value rounds to 0.
    let drop = exponent.unsigned_abs();
    let scaled = u128::from(mantissa) * SCALE;
    let rounded = if drop >= 128 {
        0
    } else {
        let kept = scaled >> drop;
        let rest = scaled & ((1u128 << drop) - 1);
        let half = 1u128 << (drop - 1);
        if rest > half || (rest == half && kept & 1 == 1) {
            kept + 1
        } else {
            kept
        }
    };
    format!("{}.{:017}", rounded / SCALE, rounded % SCALE)
}

/// Rounds `sum * 2^base` (sum > 0, base >= MIN_EXPONENT) to a long double.
fn round_u128(sum: u128, base: i32) -> Magnitude {
    let top = 127 - sum.leading_zeros() as i32;
    let exponent = (base + top - 63).max(MIN_EXPONENT);
    let drop = exponent - base;
    if drop <= 0 {
        // Fits exactly (a small sum, or one in the subnormal range).
        return finish(
            (sum << drop.unsigned_abs()) as u64,
            Ordering::Less,
            exponent,
        );
    }
    let drop = drop as u32;
    let rest = sum & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    finish((sum >> drop) as u64, rest.cmp(&half), exponent)
}

/// Rounds `quotient * 2^exponent`, whose dropped part compares with half a unit of the last
/// place as `dropped` says, to nearest, ties to even; too large gives infinity.
fn finish(quotient: u64, dropped: Ordering, exponent: i32) -> Magnitude {
    let round_up =
        dropped == Ordering::Greater || (dropped == Ordering::Equal && quotient & 1 == 1);
    let (mantissa, exponent) = match (round_up, quotient.checked_add(1)) {
        (false, _) => (quotient, exponent),
        (true, Some(next)) => (next, exponent),
        (true, None) => (1 << 63, exponent + 1),
    };
    if exponent > MAX_EXPONENT {
        Magnitude::Infinite
    } else {
        Magnitude::Finite { mantissa, exponent }
    }
}

/// Rounds the positive `numerator * 2^shift / denominator` to a long double.
fn round_quotient(mut numerator: BigUint, mut denominator: BigUint, shift: i64) -> Magnitude {
    // The value lies in [2^(top-1), 2^(top+1)); one comparison says which half.
    let lengths = numerator.bit_length() as i64 - denominator.bit_length() as i64;
    let mut top = lengths + shift;
    if top > 16384 {
        return Magnitude::Infinite;
    }
    if top < i64::from(MIN_EXPONENT) - 1 {
        return ZERO;
    }
    let below = if lengths >= 0 {
        let mut scaled = denominator.clone();
        scaled.shl(lengths as u64);
        numerator < scaled
    } else {
        let mut scaled = numerator.clone();
        scaled.shl(lengths.unsigned_abs());
        scaled < denominator
    };
    if below {
        top -= 1;
    }
    let exponent = (top - 63).max(i64::from(MIN_EXPONENT));
    // quotient = floor(value / 2^exponent) < 2^64.
    let scale = shift - exponent;
    if scale >= 0 {
        numerator.shl(scale as u64);
    } else {
        denominator.shl(scale.unsigned_abs());
    }
    let mut quotient = 0u64;
    let mut divisor = denominator.clone();
    divisor.shl(63);
    for bit in (0..64).rev() {
        if numerator >= divisor {
            numerator.sub_assign(&divisor);
            quotient |= 1 << bit;
        }
        divisor.shr1();
    }
    numerator.shl(1);
    // `exponent` fits: it was bounded by the early returns above.
    finish(quotient, numerator.cmp(&denominator), exponent as i32)
}

/// The written exponent after `e`/`p`: an optional sign and at least one digit, saturated.
fn parse_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits.iter().fold(0i64, |value, d| {
        (value * 10 + i64::from(d - b'0')).min(EXPONENT_LIMIT)
    });
    Some(if negative { -value } else { value })
}

/// Splits `digits[.digits][marker exponent]` into its digit values, how many of them follow
/// the point, and the exponent; `None` unless the whole text has that form with a digit.
pub(super) fn split_number(text: &[u8], radix: u32, marker: u8) -> Option<(Vec<u8>, i64, i64)> {
    let (body, exponent) = match text.iter().position(|b| b.eq_ignore_ascii_case(&marker)) {
        Some(at) => (&text[..at], parse_exponent(&text[at + 1..])?),
        None => (text, 0),
    };
    let (whole, fraction) = match body.iter().position(|&b| b == b'.') {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (body, &[][..]),
    };
    let digits: Option<Vec<u8>> = whole
        .iter()
        .chain(fraction)
        .map(|&b| char::from(b).to_digit(radix).map(|d| d as u8))
        .collect();
    let digits = digits?;
    if digits.is_empty() {
        return None;
    }
    Some((digits, fraction.len() as i64, exponent))
}

/// Significant digits without leading zeros.
pub(super) fn significant(digits: &[u8]) -> &[u8] {
    let leading = digits.iter().take_while(|&&d| d == 0).count();
    &digits[leading..]
}

/// A decimal number `strtold` reads in full, or `None` for other text and for values that
/// overflow or underflow to zero (`ERANGE`, which Redis refuses).
fn parse_decimal(text: &[u8]) -> Option<Magnitude> {
    let (digits, fraction, exponent) = split_number(text, 10, b'e')?;
    let digits = significant(&digits);
    let trailing = digits.iter().rev().take_while(|&&d| d == 0).count();
    let digits = &digits[..digits.len() - trailing];
    if digits.is_empty() {
        return Some(ZERO);
    }
    // value = digits * 10^power, in [10^(order-1), 10^order).
    let power = exponent - fraction + trailing as i64;
    let order = digits.len() as i64 + power;
    // The largest long double is 1.19e4932; half the smallest subnormal is 1.82e-4951.
    if !(-4950..=4933).contains(&order) {
        return None;
    }
    let (numerator, denominator) = if power >= 0 {
        // At most 4933 digits once the zeros are written out.
        let mut written = digits.to_vec();
        written.resize(order as usize, 0);
        (BigUint::from_digits(&written, 10), BigUint::from_u64(1))
    } else {
        (
            BigUint::from_digits(digits, 10),
            BigUint::pow10(power.unsigned_abs() as u32),
        )
    };
    nonzero(round_quotient(numerator, denominator, 0))
}

/// A hexadecimal float (`0x` digits, optional point, optional binary exponent `p`) read in
/// full, as `parse_decimal` answers.
fn parse_hexadecimal(text: &[u8]) -> Option<Magnitude> {
    let rest = text
        .strip_prefix(b"0x")
        .or_else(|| text.strip_prefix(b"0X"))?;
    let (digits, fraction, exponent) = split_number(rest, 16, b'p')?;
    let digits = significant(&digits);
    if digits.is_empty() {
        return Some(ZERO);
    }
    let shift = exponent - 4 * fraction;
    let mut numerator = BigUint::from_digits(digits, 16);
    // glibc (2.36) keeps the first 64 significant bits, the next one as the rounding bit and
    // whether any further bit is set; when the result is subnormal it shifts the 64 bits
    // right and forgets that rounding bit. So does this, by clearing it.
    let length = numerator.bit_length() as i64;
    if length > 64 && length - 1 + shift < i64::from(MIN_EXPONENT) + 63 {
        numerator.clear_bit((length - 65) as u64);
    }
    nonzero(round_quotient(numerator, BigUint::from_u64(1), shift))
}

/// A nonzero value that rounded to zero or infinity is a range error.
fn nonzero(magnitude: Magnitude) -> Option<Magnitude> {
    match magnitude {
        Magnitude::Finite { mantissa: 0, .. } | Magnitude::Infinite => None,
        finite => Some(finite),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What gcc and glibc answer (tests/redis/long_double/oracle.c).
    const GOLDEN: &str = include_str!("../../tests/redis/long_double/golden.txt");

    /// The value of the oracle's 20 hex digits: sign and biased exponent, then the mantissa.
    fn from_bits(hex: &str) -> LongDouble {
        let top = u16::from_str_radix(&hex[..4], 16).unwrap();
        let mantissa = u64::from_str_radix(&hex[4..], 16).unwrap();
        let biased = i32::from(top & 0x7fff);
        let magnitude = match biased {
            0x7fff => Magnitude::Infinite,
            0 => Magnitude::Finite {
                mantissa,
                exponent: MIN_EXPONENT,
            },
            _ => Magnitude::Finite {
                mantissa,
                exponent: biased - 16383 - 63,
            },
        };
        LongDouble {
            negative: top & 0x8000 != 0,
            magnitude,
        }
    }

    fn to_bits(value: LongDouble) -> String {
        let (biased, mantissa) = match value.magnitude {
            Magnitude::Infinite => (0x7fff, 1 << 63),
            Magnitude::Finite { mantissa, .. } if mantissa >> 63 == 0 => (0, mantissa),
            Magnitude::Finite { mantissa, exponent } => (exponent + 16383 + 63, mantissa),
        };
        let sign = if value.negative { 0x8000 } else { 0 };
        format!("{:04x}{mantissa:016x}", sign | biased)
    }

    fn unescape(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let mut rest = text.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b == b'\\' {
                out.push(
                    u8::from_str_radix(std::str::from_utf8(&tail[1..3]).unwrap(), 16).unwrap(),
                );
                rest = &tail[3..];
            } else {
                out.push(b);
                rest = tail;
            }
        }
        out
    }

    fn golden(kind: &str) -> Vec<Vec<&'static str>> {
        let rows: Vec<Vec<&str>> = GOLDEN
            .lines()
            .map(|line| line.split(' ').collect::<Vec<_>>())
            .filter(|fields| fields[0] == kind)
            .collect();
        assert!(rows.len() > 2000, "{} {kind} cases", rows.len());
        rows
    }

    #[test]
    fn parsing_matches_redis_string2ld_on_glibc() {
        let mut failures = Vec::new();
        for row in golden("parse") {
            let ours = LongDouble::parse(&unescape(row[1])).map_or("refused".into(), to_bits);
            if ours != row[2] {
                failures.push(format!("{}: glibc {} ours {ours}", row[1], row[2]));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn addition_matches_the_x87() {
        let mut failures = Vec::new();
        for row in golden("add") {
            let sum = from_bits(row[1]).plus(from_bits(row[2]));
            let ours = sum.map_or("nan".into(), to_bits);
            if ours != row[3] {
                failures.push(format!(
                    "{} + {}: x87 {} ours {ours}",
                    row[1], row[2], row[3]
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn human_strings_match_glibc_printf() {
        let mut failures = Vec::new();
        for row in golden("human") {
            let ours = from_bits(row[1]).to_human_string();
            if ours != row[2] {
                failures.push(format!("{}: glibc {} ours {ours}", row[1], row[2]));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// What INCRBYFLOAT stores is read back by the next one: every printed text parses to a
    /// value that prints as the same text (glibc's side is pinned by the parse lines the
    /// oracle writes after each human line).
    #[test]
    fn human_strings_read_back_to_themselves() {
        let mut failures = Vec::new();
        for row in golden("human") {
            let back = LongDouble::parse(row[2].as_bytes()).map(LongDouble::to_human_string);
            if back.as_deref() != Some(row[2]) {
                failures.push(format!("{} read back as {back:?}", row[2]));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
