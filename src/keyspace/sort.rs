//! SORT and SORT_RO (sort.c): the elements of a list, set or sorted set, numerically or ALPHA,
//! ASC or DESC, weighted BY other keys or left in stored order (a BY pattern without `*`),
//! windowed by LIMIT, projected through GET patterns (`#` is the element, `key_*` and
//! `hash_*->field` look values up), and optionally STOREd as a list. Patterns, like Redis's
//! C strings, end at their first NUL byte where Redis searches them.

use super::db::{Entry, Value};
use super::number::parse_integer;
use super::pqsort::partial_sort;
use super::reply::{Reply, NOT_INTEGER, SYNTAX, WRONG_TYPE};
use super::strtod_range::range_error;
use super::Keyspace;
use std::cmp::Ordering;
use std::collections::VecDeque;

const NOT_DOUBLE: &str = "ERR One or more scores can't be converted into double";

/// The options after the key, as sort.c reads them.
struct Options {
    desc: bool,
    alpha: bool,
    /// The last BY pattern.
    by: Option<Vec<u8>>,
    /// Some BY pattern had no `*` (`BY nosort`): the stored order is kept.
    keep_order: bool,
    offset: i64,
    count: i64,
    gets: Vec<Vec<u8>>,
    store: Option<Vec<u8>>,
}

/// Bytes up to the first NUL, what C's string functions see.
fn c_string(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    }
}

fn parse_options(args: &[Vec<u8>], read_only: bool) -> Result<Options, Reply> {
    let mut options = Options {
        desc: false,
        alpha: false,
        by: None,
        keep_order: false,
        offset: 0,
        count: -1,
        gets: Vec::new(),
        store: None,
    };
    let mut j = 2;
    while let Some(option) = args.get(j) {
        let left = args.len() - j - 1;
        match option.to_ascii_lowercase().as_slice() {
            b"asc" => options.desc = false,
            b"desc" => options.desc = true,
            b"alpha" => options.alpha = true,
            b"limit" if left >= 2 => {
                let (Some(offset), Some(count)) =
                    (parse_integer(&args[j + 1]), parse_integer(&args[j + 2]))
                else {
                    return Err(Reply::error(NOT_INTEGER));
                };
                (options.offset, options.count) = (offset, count);
                j += 2;
            }
            b"store" if left >= 1 && !read_only => {
                options.store = Some(args[j + 1].clone());
                j += 1;
            }
            b"by" if left >= 1 => {
                let pattern = &args[j + 1];
                options.keep_order |= !c_string(pattern).contains(&b'*');
                options.by = Some(pattern.clone());
                j += 1;
            }
            b"get" if left >= 1 => {
                options.gets.push(args[j + 1].clone());
                j += 1;
            }
            _ => return Err(Reply::error(SYNTAX)),
        }
        j += 1;
    }
    Ok(options)
}

/// `lookupKeyByPattern`: the value `pattern` names for `element`, if any.
fn lookup(ks: &mut Keyspace, pattern: &[u8], element: &[u8]) -> Option<Vec<u8>> {
    let searched = c_string(pattern);
    if searched == b"#" {
        return Some(element.to_vec());
    }
    let star = searched.iter().position(|&b| b == b'*')?;
    let after = &searched[star + 1..];
    // `->` followed by at least one byte (before any NUL) splits off a hash field, which
    // runs to the pattern's real end.
    let arrow = after
        .windows(2)
        .position(|w| w == b"->")
        .filter(|&i| i + 2 < after.len());
    let (suffix, field) = match arrow {
        Some(i) => (&after[..i], Some(&pattern[star + 1 + i + 2..])),
        None => (&pattern[star + 1..], None),
    };
    let mut key = pattern[..star].to_vec();
    key.extend_from_slice(element);
    key.extend_from_slice(suffix);
    let now = ks.now;
    match (&ks.db().get(&key, now)?.value, field) {
        (Value::String(s), None) => Some(s.clone()),
        (Value::Hash(h), Some(f)) => h.get(f).cloned(),
        _ => None,
    }
}

/// The elements to sort and whether they come from a set (whose order is no order).
fn elements(ks: &mut Keyspace, key: &[u8]) -> Result<(Vec<Vec<u8>>, bool), Reply> {
    let now = ks.now;
    Ok(match ks.db().get(key, now).map(|entry| &entry.value) {
        None => (Vec::new(), false),
        Some(Value::List(l)) => (l.iter().cloned().collect(), false),
        Some(Value::Set(s)) => (s.to_vec(), true),
        Some(Value::SortedSet(z)) => (z.iter().map(|(_, m)| m.clone()).collect(), false),
        Some(_) => return Err(Reply::error(WRONG_TYPE)),
    })
}

/// LIMIT's window over `len` elements as sort.c clamps it: first and last index, inclusive
/// (empty when last < first).
fn window(len: i64, offset: i64, count: i64) -> (i64, i64) {
    let start = offset.max(0);
    if start >= len {
        return (len - 1, len - 2);
    }
    let end = if count < 0 {
        len - 1
    } else {
        start.saturating_add(count - 1)
    };
    (start, end.min(len - 1))
}

/// What one element is compared by.
enum Weight {
    Number(f64),
    /// ALPHA BY: the looked-up value (a missing one sorts first).
    Text(Option<Vec<u8>>),
    /// ALPHA without BY: the element itself.
    Element,
}

/// `sortCompare`: numbers (ties broken by the elements' bytes), or text compared as C's
/// `strcoll` does in Redis's C locale — up to a NUL — except that STORE compares whole bytes.
fn compare(a: (&Weight, &[u8]), b: (&Weight, &[u8]), binary: bool) -> Ordering {
    let text = |x: &[u8], y: &[u8]| {
        if binary {
            x.cmp(y)
        } else {
            c_string(x).cmp(c_string(y))
        }
    };
    match (a.0, b.0) {
        (Weight::Number(x), Weight::Number(y)) => x
            .partial_cmp(y)
            .filter(|order| order.is_ne())
            .unwrap_or_else(|| a.1.cmp(b.1)),
        (Weight::Text(x), Weight::Text(y)) => match (x, y) {
            (Some(x), Some(y)) => text(x, y),
            _ => x.is_some().cmp(&y.is_some()),
        },
        _ => text(a.1, b.1),
    }
}

/// The number an element sorts by: C's `strtod` on it as a C string, refused when text is
/// left over, the result is NaN or `ERANGE` is set; nothing read at all (an empty string) is
/// 0, as `strtod` then leaves its end pointer on the terminating NUL. `None` is Redis's
/// "One or more scores can't be converted into double".
fn score(text: &[u8]) -> Option<f64> {
    let text = c_string(text);
    if text.is_empty() {
        return Some(0.0);
    }
    let (value, used) = crate::number::strtod(text)?;
    if used != text.len() || value.is_nan() || range_error(text, value) {
        return None;
    }
    Some(value)
}

/// The weights of `elements`, or Redis's error when a number cannot be read.
fn weights(
    ks: &mut Keyspace,
    options: &Options,
    elements: &[Vec<u8>],
) -> Result<Vec<Weight>, Reply> {
    let mut weights = Vec::with_capacity(elements.len());
    for element in elements {
        let looked_up = match &options.by {
            Some(pattern) => lookup(ks, pattern, element),
            None => Some(element.clone()),
        };
        weights.push(match (options.alpha, &options.by, looked_up) {
            (true, None, _) => Weight::Element,
            (true, Some(_), value) => Weight::Text(value),
            (false, _, None) => Weight::Number(0.0),
            (false, _, Some(value)) => {
                Weight::Number(score(&value).ok_or_else(|| Reply::error(NOT_DOUBLE))?)
            }
        });
    }
    Ok(weights)
}

fn sort_generic(ks: &mut Keyspace, args: &[Vec<u8>], read_only: bool) -> Reply {
    let mut options = match parse_options(args, read_only) {
        Ok(options) => options,
        Err(reply) => return reply,
    };
    let (mut elements, from_set) = match self::elements(ks, &args[1]) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    // A set has no order to keep: when the result is stored or a script asks, Redis sorts
    // it ALPHA so that replicas agree.
    if options.keep_order && from_set && (options.store.is_some() || ks.script_caller) {
        (options.keep_order, options.alpha, options.by) = (false, true, None);
    }
    if options.keep_order {
        if options.desc && !from_set {
            elements.reverse();
        }
    } else {
        let weights = match weights(ks, &options, &elements) {
            Ok(weights) => weights,
            Err(reply) => return reply,
        };
        let binary = options.store.is_some();
        let mut keyed: Vec<(Weight, Vec<u8>)> = weights.into_iter().zip(elements).collect();
        let order = |(wa, a): &(Weight, Vec<u8>), (wb, b): &(Weight, Vec<u8>)| {
            let order = compare((wa, a), (wb, b), binary);
            if options.desc {
                order.reverse()
            } else {
                order
            }
        };
        // Redis sorts BY a pattern under a narrowing LIMIT with its partial quicksort, and
        // everything else with glibc's qsort, a stable merge sort: equal weights end up in
        // different orders.
        let (start, end) = window(keyed.len() as i64, options.offset, options.count);
        if options.by.is_some() && (start != 0 || end != keyed.len() as i64 - 1) {
            partial_sort(&mut keyed, start, end, order);
        } else {
            keyed.sort_by(order);
        }
        elements = keyed.into_iter().map(|(_, element)| element).collect();
    }
    let (start, end) = window(elements.len() as i64, options.offset, options.count);
    let selected = usize::try_from(start)
        .ok()
        .zip(usize::try_from(end).ok())
        .and_then(|(start, end)| elements.get(start..=end))
        .unwrap_or(&[]);
    let mut out: Vec<Option<Vec<u8>>> = Vec::new();
    for element in selected {
        if options.gets.is_empty() {
            out.push(Some(element.clone()));
        }
        for pattern in &options.gets {
            out.push(lookup(ks, pattern, element));
        }
    }
    match options.store {
        None => Reply::Array(Some(out.into_iter().map(Reply::Bulk).collect())),
        Some(destination) => store(ks, &destination, out),
    }
}

/// STORE: the results (a missing GET value as an empty string) replace `destination` as a
/// list without expiry; no results delete it.
fn store(ks: &mut Keyspace, destination: &[u8], out: Vec<Option<Vec<u8>>>) -> Reply {
    let count = out.len() as i64;
    let now = ks.now;
    ks.db().remove(destination, now);
    if count > 0 {
        let list: VecDeque<Vec<u8>> = out.into_iter().map(Option::unwrap_or_default).collect();
        ks.db().insert(
            destination,
            Entry {
                value: Value::List(list),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    Reply::Integer(count)
}

pub fn sort(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    sort_generic(ks, args, false)
}

pub fn sort_ro(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    sort_generic(ks, args, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_windows_clamp_as_sort_c_does() {
        assert_eq!(window(4, 0, -1), (0, 3));
        assert_eq!(window(4, -5, 2), (0, 1));
        assert_eq!(window(4, 10, 2), (3, 2));
        assert_eq!(window(4, 2, i64::MAX), (2, 3));
        assert_eq!(window(4, i64::MAX, i64::MAX), (3, 2));
        assert_eq!(window(0, 0, -1), (-1, -2));
    }
}
