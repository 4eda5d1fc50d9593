//! Unsigned integers of any size, just what exact decimal <-> binary conversion needs (the
//! `long double` of INCRBYFLOAT, and whether a double read by `strtod` is exact): building a
//! number from decimal or hex digits, powers of ten, shifts, comparison, subtraction and
//! decimal output. Schoolbook algorithms on 64-bit limbs; the numbers stay below about 60,000
//! bits (Redis bounds a `long double` text at 5119 bytes, and `strtod_range` bounds its digit
//! counts first), so nothing here needs to be clever.

use std::cmp::Ordering;

/// Little-endian 64-bit limbs with no zero limb at the top (zero is no limbs at all).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BigUint {
    limbs: Vec<u64>,
}

/// The largest power of ten in a limb, for converting 19 decimal digits at a time.
const TEN_POW_19: u64 = 10_000_000_000_000_000_000;

impl BigUint {
    pub fn from_u64(n: u64) -> BigUint {
        let mut big = BigUint { limbs: vec![n] };
        big.trim();
        big
    }

    /// The number the digits (each 0..radix) spell, most significant first.
    pub fn from_digits(digits: &[u8], radix: u8) -> BigUint {
        let mut big = BigUint::default();
        // Gather as many digits as a limb holds before each (quadratic, bounded) pass.
        let per_limb = if radix == 16 { 15 } else { 18 };
        for chunk in digits.chunks(per_limb) {
            let (scale, value) = chunk.iter().fold((1u64, 0u64), |(scale, value), &d| {
                (
                    scale * u64::from(radix),
                    value * u64::from(radix) + u64::from(d),
                )
            });
            big.mul_add_small(scale, value);
        }
        big
    }

    /// 10^exponent.
    pub fn pow10(exponent: u32) -> BigUint {
        let mut big = BigUint::from_u64(1);
        for _ in 0..exponent / 19 {
            big.mul_add_small(TEN_POW_19, 0);
        }
        big.mul_add_small(10u64.pow(exponent % 19), 0);
        big
    }

    pub fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// The number of significant bits (0 for zero).
    pub fn bit_length(&self) -> u64 {
        match self.limbs.last() {
            None => 0,
            Some(top) => self.limbs.len() as u64 * 64 - u64::from(top.leading_zeros()),
        }
    }

    /// self = self * factor + addend.
    pub fn mul_add_small(&mut self, factor: u64, addend: u64) {
        let mut carry = u128::from(addend);
        for limb in &mut self.limbs {
            let product = u128::from(*limb) * u128::from(factor) + carry;
            *limb = product as u64;
            carry = product >> 64;
        }
        if carry != 0 {
            self.limbs.push(carry as u64);
        }
        self.trim();
    }

    /// self <<= bits.
    pub fn shl(&mut self, bits: u64) {
        if self.is_zero() {
            return;
        }
        let whole = (bits / 64) as usize;
        let part = (bits % 64) as u32;
        if part != 0 {
            let mut carry = 0;
            for limb in &mut self.limbs {
                let next = *limb >> (64 - part);
                *limb = (*limb << part) | carry;
                carry = next;
            }
            if carry != 0 {
                self.limbs.push(carry);
            }
        }
        self.limbs.splice(0..0, std::iter::repeat_n(0, whole));
    }

    /// self >>= 1.
    pub fn shr1(&mut self) {
        let mut carry = 0;
        for limb in self.limbs.iter_mut().rev() {
            let next = *limb << 63;
            *limb = (*limb >> 1) | carry;
            carry = next;
        }
        self.trim();
    }

    /// Sets bit `index` (counted from the least significant) to 0.
    pub fn clear_bit(&mut self, index: u64) {
        if let Some(limb) = self.limbs.get_mut((index / 64) as usize) {
            *limb &= !(1 << (index % 64));
        }
        self.trim();
    }

    /// self -= other; the caller makes sure other <= self.
    pub fn sub_assign(&mut self, other: &BigUint) {
        let mut borrow = false;
        for (i, limb) in self.limbs.iter_mut().enumerate() {
            let subtrahend = other.limbs.get(i).copied().unwrap_or(0);
            if subtrahend == 0 && !borrow && i >= other.limbs.len() {
                break;
            }
            let (difference, under1) = limb.overflowing_sub(subtrahend);
            let (difference, under2) = difference.overflowing_sub(u64::from(borrow));
            *limb = difference;
            borrow = under1 || under2;
        }
        self.trim();
    }

    /// Divides in place by a nonzero `divisor` and returns the remainder.
    fn div_rem_small(&mut self, divisor: u64) -> u64 {
        let mut remainder: u128 = 0;
        for limb in self.limbs.iter_mut().rev() {
            let current = (remainder << 64) | u128::from(*limb);
            *limb = (current / u128::from(divisor)) as u64;
            remainder = current % u128::from(divisor);
        }
        self.trim();
        remainder as u64
    }

    /// The decimal digits, without leading zeros ("0" for zero).
    pub fn to_decimal(&self) -> String {
        let mut rest = self.clone();
        let mut groups = Vec::new();
        while !rest.is_zero() {
            groups.push(rest.div_rem_small(TEN_POW_19));
        }
        let mut text = groups.pop().unwrap_or(0).to_string();
        for group in groups.iter().rev() {
            text.push_str(&format!("{group:019}"));
        }
        text
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }
}

impl Ord for BigUint {
    fn cmp(&self, other: &BigUint) -> Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }
}

impl PartialOrd for BigUint {
    fn partial_cmp(&self, other: &BigUint) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_round_trips_and_arithmetic() {
        let digits: Vec<u8> = "123456789012345678901234567890123456789"
            .bytes()
            .map(|b| b - b'0')
            .collect();
        let n = BigUint::from_digits(&digits, 10);
        assert_eq!(n.to_decimal(), "123456789012345678901234567890123456789");
        assert_eq!(BigUint::from_digits(&[0xf; 20], 16).bit_length(), 80);
        assert_eq!(
            BigUint::pow10(40).to_decimal(),
            format!("1{}", "0".repeat(40))
        );
        let mut shifted = BigUint::from_u64(3);
        shifted.shl(130);
        assert_eq!(shifted.bit_length(), 132);
        shifted.shr1();
        let mut smaller = BigUint::from_u64(1);
        smaller.shl(129);
        shifted.sub_assign(&smaller);
        assert_eq!(shifted, {
            let mut two = BigUint::from_u64(1);
            two.shl(130);
            two
        });
        assert!(BigUint::from_u64(5) > BigUint::from_u64(4));
        assert_eq!(BigUint::default().to_decimal(), "0");
    }
}
