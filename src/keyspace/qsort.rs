//! glibc 2.36's `qsort`, which Redis calls for full sorts (GEO search results): a top-down
//! merge sort (`msort_with_tmp`) that splits at half, sorts each half and merges, taking from
//! the left half while the comparison says it is not greater. It is stable, and following its
//! exact steps keeps the order Redis gets even from a comparison that is not a total order
//! (a NaN distance compares neither greater nor equal).

use std::cmp::Ordering;

/// Sorts `items` as glibc's `qsort` does with `compare`.
pub fn qsort<T: Clone, F>(items: &mut [T], mut compare: F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    let mut scratch = Vec::with_capacity(items.len());
    sort_part(items, &mut scratch, &mut compare);
}

/// Depth is the logarithm of the length, so recursion stays shallow.
fn sort_part<T: Clone, F>(items: &mut [T], scratch: &mut Vec<T>, compare: &mut F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    if items.len() <= 1 {
        return;
    }
    let half = items.len() / 2;
    let (left, right) = items.split_at_mut(half);
    sort_part(left, scratch, compare);
    sort_part(right, scratch, compare);
    scratch.clear();
    let (mut l, mut r) = (0, 0);
    while l < left.len() && r < right.len() {
        if compare(&left[l], &right[r]) != Ordering::Greater {
            scratch.push(left[l].clone());
            l += 1;
        } else {
            scratch.push(right[r].clone());
            r += 1;
        }
    }
    // What is left of the right half is already in place.
    scratch.extend_from_slice(&left[l..]);
    let merged = scratch.len();
    items[..merged].clone_from_slice(scratch);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        qsort(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn a_partial_order_gives_glibcs_answer() {
        // Redis's ascending distance comparison: NaN is "less" than everything, and
        // everything is "less" than NaN. glibc 2.36 sorts [2, NaN, 1, 0] to [0, 1, 2, NaN]:
        // [2, NaN] stays; [1, 0] -> [0, 1]; then 0 and 1 go before 2, and NaN follows it.
        let mut items = vec![2.0, f64::NAN, 1.0, 0.0];
        let by_distance = |a: &f64, b: &f64| {
            if a > b {
                Ordering::Greater
            } else if a == b {
                Ordering::Equal
            } else {
                Ordering::Less
            }
        };
        qsort(&mut items, by_distance);
        assert_eq!(&items[..3], [0.0, 1.0, 2.0]);
        assert!(items[3].is_nan());
    }
}
