//! glibc's `strtod` and `errno`: whether reading a number sets `ERANGE` — an overflow to
//! infinity, or a result below the normal range that is not exact (x86 detects tininess after
//! rounding, so a value rounding up to the smallest normal double is not flagged). Redis
//! checks `errno` after `strtod` in `string2d` (ZADD scores) and in SORT.

use super::big_uint::BigUint;
use super::long_double::{significant, split_number};

/// The weight of a subnormal double's lowest bit is 2^-1074.
const SUBNORMAL_SHIFT: u32 = 1074;

/// Whether glibc's `strtod`, reading all of `text` as `value`, sets `ERANGE`.
pub fn range_error(text: &[u8], value: f64) -> bool {
    let number = text
        .trim_ascii_start()
        .strip_prefix(b"-")
        .or_else(|| text.trim_ascii_start().strip_prefix(b"+"))
        .unwrap_or(text.trim_ascii_start());
    if value.is_infinite() {
        return !number
            .get(..3)
            .is_some_and(|word| word.eq_ignore_ascii_case(b"inf"));
    }
    if value.abs() >= f64::MIN_POSITIVE {
        return false;
    }
    !is_exact(number, value.abs())
}

/// Whether the unsigned decimal or hexadecimal `number` is exactly `magnitude`, a double
/// below the normal range.
fn is_exact(number: &[u8], magnitude: f64) -> bool {
    // A subnormal is k * 2^-1074 with k < 2^52; zero is k = 0.
    let k = magnitude.to_bits();
    let hexadecimal = number
        .strip_prefix(b"0x")
        .or_else(|| number.strip_prefix(b"0X"));
    let (radix, body, marker) = match hexadecimal {
        Some(body) => (16, body, b'p'),
        None => (10, number, b'e'),
    };
    let Some((digits, fraction, exponent)) = split_number(body, radix, marker) else {
        return false;
    };
    let digits = significant(&digits);
    let trailing = digits.iter().rev().take_while(|&&d| d == 0).count();
    let digits = &digits[..digits.len() - trailing];
    if digits.is_empty() || k == 0 {
        return digits.is_empty() && k == 0;
    }
    if radix == 16 {
        // digits * 2^power; k has at most 13 hex digits, so more never match.
        let power = exponent - 4 * (fraction - trailing as i64);
        if digits.len() > 16 {
            return false;
        }
        let mut written = BigUint::from_digits(digits, 16);
        let mut subnormal = BigUint::from_u64(k);
        match power + i64::from(SUBNORMAL_SHIFT) {
            shift @ 0..=64 => written.shl(shift as u64),
            shift @ -128..=-1 => subnormal.shl(shift.unsigned_abs()),
            _ => return false,
        }
        return written == subnormal;
    }
    // digits * 10^power: k * 2^-1074 has at most 1074 decimals and 767 significant digits.
    let power = exponent - fraction + trailing as i64;
    if !(-i64::from(SUBNORMAL_SHIFT)..0).contains(&power) || digits.len() > 800 {
        return false;
    }
    let mut written = BigUint::from_digits(digits, 10);
    written.shl(u64::from(SUBNORMAL_SHIFT));
    let mut subnormal = BigUint::pow10(power.unsigned_abs() as u32);
    subnormal.mul_add_small(k, 0);
    written == subnormal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_subnormal_decimals_are_accepted() {
        // 2^-1074 written out in full: 1074 decimals, exact, so no ERANGE.
        let mut digits = BigUint::pow10(0);
        for _ in 0..SUBNORMAL_SHIFT {
            digits.mul_add_small(5, 0);
        }
        let text = format!("0.{:0>1074}", digits.to_decimal());
        assert!(!range_error(text.as_bytes(), 5e-324));
        let inexact = format!("{text}1");
        assert!(range_error(inexact.as_bytes(), 5e-324));
    }
}
