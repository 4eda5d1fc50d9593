//! Redis's portable `lrand48` (its `rand.c`), which backs `math.random` inside scripts so that
//! every platform draws the same numbers. Redis 7.0 keeps one generator per server: it is not
//! reset between scripts.

const MULTIPLIER: u64 = 0x5_DEEC_E66D;
const INCREMENT: u64 = 0xB;
const MASK: u64 = (1 << 48) - 1;
/// The low 16 bits every seeded state starts with (`0x330E`, as in POSIX `srand48`).
const SEED_LOW: u64 = 0x330E;

/// Redis's `INT32_MAX`-based divisor for `math.random`.
pub const LRAND48_MAX: i32 = i32::MAX;

/// The 48-bit linear congruential generator state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rand48 {
    state: u64,
}

impl Default for Rand48 {
    /// A fresh server's state: words 0x330E, 0xABCD, 0x1234 from low to high.
    fn default() -> Self {
        Rand48 {
            state: 0x1234_ABCD_330E,
        }
    }
}

impl Rand48 {
    /// `redisSrand48(seed)`: the seed's 32 bits above the fixed low word.
    pub fn seeded(seed: i32) -> Rand48 {
        Rand48 {
            state: (u64::from(seed as u32) << 16) | SEED_LOW,
        }
    }

    /// `redisLrand48()`: the top 31 bits of the next state.
    pub fn lrand48(&mut self) -> i32 {
        self.state = (self.state.wrapping_mul(MULTIPLIER).wrapping_add(INCREMENT)) & MASK;
        (self.state >> 17) as i32
    }

    /// The value Redis's `math.random()` computes: `(lrand48() % INT32_MAX) / INT32_MAX`.
    pub fn next_fraction(&mut self) -> f64 {
        f64::from(self.lrand48() % LRAND48_MAX) / f64::from(LRAND48_MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors recorded from redis-server 7.0.15 (shared/reference/redis-scripting.md §1.5).
    fn percent17(x: f64) -> String {
        let (spec, _) = crate::stdlib::printf::parse_spec(b"%.17g", 1).unwrap();
        String::from_utf8(crate::stdlib::printf::format_float(&spec, x)).unwrap()
    }

    #[test]
    fn fresh_server_sequence() {
        let mut r = Rand48::default();
        let drawn: Vec<String> = (0..3).map(|_| percent17(r.next_fraction())).collect();
        assert_eq!(
            drawn,
            [
                "0.39646477363839039",
                "0.84048536971234034",
                "0.35333609737145533"
            ]
        );
    }

    #[test]
    fn seeded_sequences() {
        let mut r = Rand48::seeded(0);
        let drawn: Vec<String> = (0..4).map(|_| percent17(r.next_fraction())).collect();
        assert_eq!(
            drawn,
            [
                "0.1708280361121651",
                "0.74990198051086721",
                "0.096371655397290201",
                "0.87046522734242737"
            ]
        );
        let mut r = Rand48::seeded(42);
        let hundred: Vec<f64> = (0..6)
            .map(|_| (r.next_fraction() * 100.0).floor() + 1.0)
            .collect();
        assert_eq!(hundred, [75.0, 35.0, 12.0, 43.0, 9.0, 86.0]);
        let mut r = Rand48::seeded(7);
        let ranged: Vec<f64> = (0..6)
            .map(|_| (r.next_fraction() * 11.0).floor() + 10.0)
            .collect();
        assert_eq!(ranged, [12.0, 17.0, 12.0, 11.0, 15.0, 13.0]);
    }
}
