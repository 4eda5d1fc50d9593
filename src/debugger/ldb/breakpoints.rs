//! LDB's breakpoint table: at most 64 lines, kept in the order they were added, and removed
//! the way Redis 7.0 removes them — its `memmove` shifts the following entries by as many
//! *bytes* as there are entries after the removed one, not by as many entries, so a removal
//! other than the last leaves a mangled list (`b 2 3 4 5`, `b -2` lists 3, 3, 4). The table
//! is kept as Redis's array of little-endian C ints so that the same bytes move.

/// Breakpoints a session may hold (`LDB_BREAKPOINTS_MAX`).
pub const MAX_BREAKPOINTS: usize = 64;

const INT: usize = 4;

pub struct Breakpoints {
    /// `ldb.bp` as memory: `MAX_BREAKPOINTS` ints.
    bytes: [u8; MAX_BREAKPOINTS * INT],
    count: usize,
}

impl Default for Breakpoints {
    fn default() -> Breakpoints {
        Breakpoints {
            bytes: [0; MAX_BREAKPOINTS * INT],
            count: 0,
        }
    }
}

impl Breakpoints {
    /// The lines in table order.
    pub fn lines(&self) -> Vec<i32> {
        (0..self.count).map(|j| self.get(j)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    pub fn is_full(&self) -> bool {
        self.count == MAX_BREAKPOINTS
    }

    pub fn contains(&self, line: i32) -> bool {
        (0..self.count).any(|j| self.get(j) == line)
    }

    /// Adds `line` (of a source of `lines` lines); false when the line is out of range, is
    /// already a breakpoint or the table is full.
    pub fn add(&mut self, line: i64, lines: usize) -> bool {
        let Ok(line) = i32::try_from(line) else {
            return false;
        };
        if line <= 0 || line as usize > lines || self.contains(line) || self.is_full() {
            return false;
        }
        self.set(self.count, line);
        self.count += 1;
        true
    }

    /// Removes the first entry for `line`, moving the rest as Redis does; false when there is
    /// none.
    pub fn remove(&mut self, line: i64) -> bool {
        let Some(j) = (0..self.count).find(|&j| i64::from(self.get(j)) == line) else {
            return false;
        };
        self.count -= 1;
        let moved = self.count - j;
        let from = (j + 1) * INT;
        self.bytes.copy_within(from..from + moved, j * INT);
        true
    }

    pub fn clear(&mut self) {
        self.count = 0;
    }

    fn get(&self, j: usize) -> i32 {
        let mut int = [0; INT];
        int.copy_from_slice(&self.bytes[j * INT..(j + 1) * INT]);
        i32::from_le_bytes(int)
    }

    fn set(&mut self, j: usize, line: i32) {
        self.bytes[j * INT..(j + 1) * INT].copy_from_slice(&line.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_moves_bytes_not_entries_as_redis_does() {
        let mut bp = Breakpoints::default();
        for line in [2, 3, 4, 5] {
            assert!(bp.add(line, 10));
        }
        assert!(bp.remove(2));
        assert_eq!(bp.lines(), vec![3, 3, 4]);
        assert!(bp.remove(4));
        assert_eq!(bp.lines(), vec![3, 3]);
        assert!(!bp.remove(9));
    }

    #[test]
    fn lines_out_of_range_duplicates_and_overflow_are_refused() {
        let mut bp = Breakpoints::default();
        assert!(!bp.add(0, 100));
        assert!(!bp.add(101, 100));
        assert!(bp.add(1, 100));
        assert!(!bp.add(1, 100));
        for line in 2..=64 {
            assert!(bp.add(line, 100));
        }
        assert!(!bp.add(65, 100));
        assert_eq!(bp.lines().len(), MAX_BREAKPOINTS);
    }
}
