//! `table.sort`: Lua 5.1's quicksort (`auxsort` in ltablib.c) as a resumable state machine.
//!
//! Every comparison may be a Lua call (the order function, or `__lt`), which must not recurse
//! on the Rust stack, so the sorter stops at each comparison and hands the two values to its
//! caller; the caller runs the comparison however it must and resumes the sorter with the
//! answer. Reads and writes of the array are immediate (5.1 uses raw access) and go through
//! [`SortArray`]. The sorter reads, compares and writes in exactly 5.1's order, so comparators
//! with side effects, inconsistent comparators and the `invalid order function for sorting`
//! error behave as in lua5.1.

/// Raw access to the array being sorted (`t[1..n]`).
pub trait SortArray<V> {
    fn get(&mut self, index: i64) -> V;
    fn set(&mut self, index: i64, value: V);
}

/// What the sorter needs next.
#[derive(Debug, Clone, PartialEq)]
pub enum SortStep<V> {
    /// Is `a < b`? Resume with the answer.
    Compare(V, V),
    Done,
    /// 5.1's `invalid order function for sorting`.
    InvalidOrder,
}

/// Where in `auxsort` the sorter waits for a comparison result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wait {
    /// Start (or restart) the loop for the range on top of the stack.
    Range,
    /// `a[u] < a[l]`?
    EndsOrdered,
    /// `a[i] < a[l]` (middle against low)?
    MiddleBelowLow,
    /// `a[u] < a[i]` (high against middle)?
    HighBelowMiddle,
    /// `a[i] < P` while scanning up?
    ScanUp,
    /// `P < a[j]` while scanning down?
    ScanDown,
}

/// The sorter's registers: 5.1's locals and the values it holds on its stack.
#[derive(Clone)]
pub struct Sorter<V> {
    ranges: Vec<(i64, i64)>,
    wait: Wait,
    l: i64,
    u: i64,
    i: i64,
    j: i64,
    /// The two values of the comparison in flight, for the swap that may follow.
    a: V,
    b: V,
    pivot: V,
    /// `a[i]` as read when the upward scan stopped: exchanged with `a[j]` later.
    stopped_at_i: V,
}

/// `V::default()` stands for an empty slot (Lua's nil); the sorter only moves values around.
impl<V: Clone + Default> Sorter<V> {
    /// A sorter for `t[1..n]`.
    pub fn new(n: i64) -> Sorter<V> {
        Sorter {
            ranges: vec![(1, n)],
            wait: Wait::Range,
            l: 0,
            u: 0,
            i: 0,
            j: 0,
            a: V::default(),
            b: V::default(),
            pivot: V::default(),
            stopped_at_i: V::default(),
        }
    }

    /// Runs until the next comparison (or the end). `answer` is the result of the comparison
    /// the previous step asked for (ignored on the first call).
    pub fn resume(&mut self, array: &mut impl SortArray<V>, answer: bool) -> SortStep<V> {
        let mut answer = answer;
        loop {
            let step = match self.wait {
                Wait::Range => self.next_range(array),
                Wait::EndsOrdered => self.after_ends(array, answer),
                Wait::MiddleBelowLow => self.after_middle_low(array, answer),
                Wait::HighBelowMiddle => self.after_high_middle(array, answer),
                Wait::ScanUp => self.after_scan_up(array, answer),
                Wait::ScanDown => self.after_scan_down(array, answer),
            };
            match step {
                Some(step) => return step,
                // The state changed without a comparison; the answer has been used.
                None => answer = false,
            }
        }
    }

    fn compare(&mut self, wait: Wait, a: V, b: V) -> Option<SortStep<V>> {
        self.wait = wait;
        self.a = a.clone();
        self.b = b.clone();
        Some(SortStep::Compare(a, b))
    }

    /// Takes the next pending range; ranges of fewer than two elements are done.
    fn next_range(&mut self, array: &mut impl SortArray<V>) -> Option<SortStep<V>> {
        let Some(&(l, u)) = self.ranges.last() else {
            return Some(SortStep::Done);
        };
        if l >= u {
            self.ranges.pop();
            return None;
        }
        (self.l, self.u) = (l, u);
        let (low, high) = (array.get(l), array.get(u));
        self.compare(Wait::EndsOrdered, high, low)
    }

    fn finish_range(&mut self) -> Option<SortStep<V>> {
        self.ranges.pop();
        self.wait = Wait::Range;
        None
    }

    fn after_ends(&mut self, array: &mut impl SortArray<V>, swap: bool) -> Option<SortStep<V>> {
        if swap {
            // a[u] < a[l]: the high value goes low and the low value high.
            self.swap_in_flight(array, self.l, self.u);
        }
        if self.u - self.l == 1 {
            return self.finish_range();
        }
        self.i = (self.l + self.u) / 2;
        let (middle, low) = (array.get(self.i), array.get(self.l));
        self.compare(Wait::MiddleBelowLow, middle, low)
    }

    fn after_middle_low(
        &mut self,
        array: &mut impl SortArray<V>,
        swap: bool,
    ) -> Option<SortStep<V>> {
        if swap {
            self.swap_in_flight(array, self.l, self.i);
            return self.choose_pivot(array);
        }
        // 5.1 keeps the a[i] it read for the previous comparison on its stack.
        let middle = std::mem::take(&mut self.a);
        let high = array.get(self.u);
        self.compare(Wait::HighBelowMiddle, high, middle)
    }

    fn after_high_middle(
        &mut self,
        array: &mut impl SortArray<V>,
        swap: bool,
    ) -> Option<SortStep<V>> {
        if swap {
            self.swap_in_flight(array, self.i, self.u);
        }
        self.choose_pivot(array)
    }

    /// Stores the comparison's first operand at `first` and its second at `second`: 5.1's
    /// `set2` writing back the two values it holds, swapped relative to where they came from.
    fn swap_in_flight(&mut self, array: &mut impl SortArray<V>, first: i64, second: i64) {
        array.set(first, std::mem::take(&mut self.a));
        array.set(second, std::mem::take(&mut self.b));
    }

    /// Median of three is in place: move the pivot to `u-1` and partition `l+1..u-2`.
    fn choose_pivot(&mut self, array: &mut impl SortArray<V>) -> Option<SortStep<V>> {
        if self.u - self.l == 2 {
            return self.finish_range();
        }
        let pivot = array.get(self.i);
        let before_high = array.get(self.u - 1);
        array.set(self.i, before_high);
        array.set(self.u - 1, pivot.clone());
        self.pivot = pivot;
        self.i = self.l;
        self.j = self.u - 1;
        self.scan_up(array)
    }

    fn scan_up(&mut self, array: &mut impl SortArray<V>) -> Option<SortStep<V>> {
        self.i += 1;
        let value = array.get(self.i);
        self.compare(Wait::ScanUp, value, self.pivot.clone())
    }

    fn scan_down(&mut self, array: &mut impl SortArray<V>) -> Option<SortStep<V>> {
        self.j -= 1;
        let value = array.get(self.j);
        self.compare(Wait::ScanDown, self.pivot.clone(), value)
    }

    fn after_scan_up(&mut self, array: &mut impl SortArray<V>, below: bool) -> Option<SortStep<V>> {
        if below {
            if self.i > self.u {
                return Some(SortStep::InvalidOrder);
            }
            return self.scan_up(array);
        }
        self.stopped_at_i = std::mem::take(&mut self.a);
        self.scan_down(array)
    }

    fn after_scan_down(
        &mut self,
        array: &mut impl SortArray<V>,
        above: bool,
    ) -> Option<SortStep<V>> {
        if above {
            if self.j < self.l {
                return Some(SortStep::InvalidOrder);
            }
            return self.scan_down(array);
        }
        if self.j < self.i {
            return self.place_pivot(array);
        }
        // a[i] and a[j] are on the wrong sides: exchange the values read (a comparator may have
        // changed the table since) and keep scanning.
        let at_i = std::mem::take(&mut self.stopped_at_i);
        let at_j = std::mem::take(&mut self.b);
        array.set(self.i, at_j);
        array.set(self.j, at_i);
        self.scan_up(array)
    }

    /// Swaps the pivot into `i`, then continues with the larger half after the smaller one.
    fn place_pivot(&mut self, array: &mut impl SortArray<V>) -> Option<SortStep<V>> {
        let (u, i, l) = (self.u, self.i, self.l);
        let (pivot_slot, at_i) = (array.get(u - 1), array.get(i));
        array.set(u - 1, at_i);
        array.set(i, pivot_slot);
        self.pivot = V::default();
        let (smaller, larger) = if i - l < u - i {
            ((l, i - 1), (i + 1, u))
        } else {
            ((i + 1, u), (l, i - 1))
        };
        self.ranges.pop();
        self.ranges.push(larger);
        self.ranges.push(smaller);
        self.wait = Wait::Range;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Numbers(Vec<Option<f64>>);

    impl SortArray<Option<f64>> for Numbers {
        fn get(&mut self, index: i64) -> Option<f64> {
            usize::try_from(index - 1)
                .ok()
                .and_then(|i| self.0.get(i).copied().flatten())
        }
        fn set(&mut self, index: i64, value: Option<f64>) {
            if let Some(slot) = usize::try_from(index - 1)
                .ok()
                .and_then(|i| self.0.get_mut(i))
            {
                *slot = value;
            }
        }
    }

    fn sort(
        values: &[f64],
        less: impl Fn(Option<f64>, Option<f64>) -> bool,
    ) -> Result<Vec<f64>, ()> {
        let mut array = Numbers(values.iter().copied().map(Some).collect());
        let mut sorter = Sorter::new(values.len() as i64);
        let mut answer = false;
        loop {
            match sorter.resume(&mut array, answer) {
                SortStep::Compare(a, b) => answer = less(a, b),
                SortStep::Done => return Ok(array.0.into_iter().flatten().collect()),
                SortStep::InvalidOrder => return Err(()),
            }
        }
    }

    #[test]
    fn sorts_like_a_sort() {
        let values: Vec<f64> = (0..200).map(|i| ((i * 7919) % 211) as f64).collect();
        let mut expected = values.clone();
        expected.sort_by(f64::total_cmp);
        assert_eq!(sort(&values, |a, b| a < b), Ok(expected));
        assert_eq!(sort(&[], |a, b| a < b), Ok(vec![]));
        assert_eq!(sort(&[2.0, 1.0], |a, b| a < b), Ok(vec![1.0, 2.0]));
    }

    #[test]
    fn an_always_true_comparator_is_an_invalid_order() {
        assert_eq!(sort(&[3.0, 1.0, 2.0, 5.0, 4.0], |_, _| true), Err(()));
    }
}
