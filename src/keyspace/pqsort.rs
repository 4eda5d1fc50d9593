//! Redis's partial quicksort (pqsort.c): Bentley and McIlroy's quicksort with a three-way
//! partition, as NetBSD's qsort has it, that skips the parts lying wholly outside a range of
//! positions. SORT ... BY ... LIMIT uses it, so the order it leaves equal elements in within
//! the range is SORT's answer (and GEOSEARCH's with COUNT, where equal distances are common);
//! this follows the same steps to give the same order. Redis 7.0's copy has no switch to
//! insertion sort after a partition that moved nothing (later releases added one), so
//! neither has this.

use std::cmp::Ordering;

/// Sorts `items` enough that positions `first..=last` hold what a full sort would put there.
pub fn partial_sort<T, F>(items: &mut [T], first: i64, last: i64, mut compare: F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    let range = Range { first, last };
    sort_part(items, 0, items.len(), range, &mut compare);
}

/// The positions that must end up sorted.
#[derive(Clone, Copy)]
struct Range {
    first: i64,
    last: i64,
}

impl Range {
    /// Whether the block of `count` items from `start` may hold a position of the range.
    fn touches(self, start: usize, count: usize) -> bool {
        let (low, high) = (start as i64, (start + count) as i64 - 1);
        let before = self.first < low && self.last < low;
        let after = self.first > high && self.last > high;
        !(before || after)
    }
}

/// Insertion sort of `items[start..start + count]`, used for small blocks.
fn insertion_sort<T, F>(items: &mut [T], start: usize, count: usize, compare: &mut F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    for m in start + 1..start + count {
        let mut l = m;
        while l > start && compare(&items[l - 1], &items[l]) == Ordering::Greater {
            items.swap(l, l - 1);
            l -= 1;
        }
    }
}

/// The median of three positions, with pqsort.c's comparisons in its order.
fn median_of_three<T, F>(items: &[T], a: usize, b: usize, c: usize, compare: &mut F) -> usize
where
    F: FnMut(&T, &T) -> Ordering,
{
    let less = |x: usize, y: usize, compare: &mut F| compare(&items[x], &items[y]).is_lt();
    let greater = |x: usize, y: usize, compare: &mut F| compare(&items[x], &items[y]).is_gt();
    if less(a, b, compare) {
        if less(b, c, compare) {
            b
        } else if less(a, c, compare) {
            c
        } else {
            a
        }
    } else if greater(b, c, compare) {
        b
    } else if less(a, c, compare) {
        a
    } else {
        c
    }
}

/// Swaps the `count` items from `a` with the `count` items from `b`, pairwise.
fn swap_blocks<T>(items: &mut [T], a: usize, b: usize, count: usize) {
    for i in 0..count {
        items.swap(a + i, b + i);
    }
}

/// The pivot's position for the block of `count` (at least 7) items from `start`.
fn pivot<T, F>(items: &[T], start: usize, count: usize, compare: &mut F) -> usize
where
    F: FnMut(&T, &T) -> Ordering,
{
    let mut middle = start + count / 2;
    if count > 7 {
        let (mut low, mut high) = (start, start + count - 1);
        if count > 40 {
            let d = count / 8;
            low = median_of_three(items, low, low + d, low + 2 * d, compare);
            middle = median_of_three(items, middle - d, middle, middle + d, compare);
            high = median_of_three(items, high - 2 * d, high - d, high, compare);
        }
        middle = median_of_three(items, low, middle, high, compare);
    }
    middle
}

fn sort_part<T, F>(
    items: &mut [T],
    mut start: usize,
    mut count: usize,
    range: Range,
    compare: &mut F,
) where
    F: FnMut(&T, &T) -> Ordering,
{
    loop {
        if count < 7 {
            insertion_sort(items, start, count, compare);
            return;
        }
        let middle = pivot(items, start, count, compare);
        items.swap(start, middle);
        // [start+1, pa): equal to the pivot; [pa, pb): less; (pc, pd]: greater;
        // (pd, end): equal. The pivot itself stays at `start`.
        let (mut pa, mut pb) = (start + 1, start + 1);
        let (mut pc, mut pd) = (start + count - 1, start + count - 1);
        loop {
            while pb <= pc {
                let order = compare(&items[pb], &items[start]);
                if order.is_gt() {
                    break;
                }
                if order.is_eq() {
                    items.swap(pa, pb);
                    pa += 1;
                }
                pb += 1;
            }
            while pb <= pc {
                let order = compare(&items[pc], &items[start]);
                if order.is_lt() {
                    break;
                }
                if order.is_eq() {
                    items.swap(pc, pd);
                    pd -= 1;
                }
                pc -= 1;
            }
            if pb > pc {
                break;
            }
            items.swap(pb, pc);
            pb += 1;
            pc -= 1;
        }
        // Move the equal runs from both ends into the middle.
        let end = start + count;
        let r = (pa - start).min(pb - pa);
        swap_blocks(items, start, pb - r, r);
        let r = (pd - pc).min(end - pd - 1);
        swap_blocks(items, pb, end - r, r);
        let less = pb - pa;
        if less > 1 && range.touches(start, less) {
            sort_part(items, start, less, range, compare);
        }
        let greater = pd - pc;
        if greater <= 1 || !range.touches(end - greater, greater) {
            return;
        }
        start = end - greater;
        count = greater;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With a strict order the range holds exactly what a full sort puts there.
    #[test]
    fn the_range_matches_a_full_sort() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..400 {
            let len = (next() % 120) as usize;
            let items: Vec<u64> = (0..len).map(|_| next() % 1000).collect();
            let mut sorted = items.clone();
            sorted.sort();
            let first = (next() % (len as u64 + 1)) as i64;
            let last = (first + (next() % 20) as i64).min(len as i64 - 1);
            let mut partial = items.clone();
            partial_sort(&mut partial, first, last, |a, b| a.cmp(b));
            for i in first.max(0)..=last {
                let i = i as usize;
                assert_eq!(
                    partial[i], sorted[i],
                    "round {round}: {items:?} {first}..={last}"
                );
            }
        }
    }
}
