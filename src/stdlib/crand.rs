//! glibc's `rand()`/`srand()`, which lua5.1's `math.random` and `math.randomseed` call on this
//! platform, reproduced so that a seeded sequence prints the same numbers as lua5.1.
//!
//! glibc's default generator is its TYPE_3 additive feedback generator: 31 words of state
//! filled from the seed by a Park-Miller step, then sum-with-lag (lags 3 and 31), the first 310
//! outputs discarded; each output is the new word shifted right by one.

/// C's `RAND_MAX` in glibc.
pub const RAND_MAX: i32 = 2_147_483_647;

const DEGREE: usize = 31;
const SEPARATION: usize = 3;

/// The state of one `rand()` stream (a process has one; so does each Lua state here).
#[derive(Debug, Clone)]
pub struct CRand {
    state: [i32; DEGREE],
    front: usize,
    rear: usize,
}

impl Default for CRand {
    /// A stream as at program start, which C defines as seeded with 1.
    fn default() -> Self {
        CRand::seeded(1)
    }
}

impl CRand {
    /// `srand(seed)`.
    pub fn seeded(seed: u32) -> CRand {
        let mut state = [0i32; DEGREE];
        let mut word = if seed == 0 { 1 } else { seed as i32 };
        state[0] = word;
        for slot in state.iter_mut().skip(1) {
            // Park-Miller "minimal standard" step by Schrage's method, in glibc's integer widths.
            let (hi, lo) = (i64::from(word) / 127_773, i64::from(word) % 127_773);
            word = (16_807 * lo - 2_836 * hi) as i32;
            if word < 0 {
                word = word.wrapping_add(2_147_483_647);
            }
            *slot = word;
        }
        let mut generator = CRand {
            state,
            front: SEPARATION,
            rear: 0,
        };
        for _ in 0..10 * DEGREE {
            generator.rand();
        }
        generator
    }

    /// `rand()`: the next value in `0..=RAND_MAX`.
    pub fn rand(&mut self) -> i32 {
        let sum = self.state[self.front].wrapping_add(self.state[self.rear]);
        self.state[self.front] = sum;
        self.front = (self.front + 1) % DEGREE;
        self.rear = (self.rear + 1) % DEGREE;
        ((sum as u32) >> 1) as i32
    }

    /// lua5.1's `math.random()` value: `(rand() % RAND_MAX) / RAND_MAX`, in `[0, 1)`.
    pub fn next_fraction(&mut self) -> f64 {
        f64::from(self.rand() % RAND_MAX) / f64::from(RAND_MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_stream_is_seed_one() {
        let mut fresh = CRand::default();
        let mut seeded = CRand::seeded(1);
        for _ in 0..100 {
            assert_eq!(fresh.rand(), seeded.rand());
        }
    }

    #[test]
    fn seed_zero_behaves_as_one() {
        assert_eq!(CRand::seeded(0).rand(), CRand::seeded(1).rand());
    }
}
