//! SORT and SORT_RO (sort.c): the elements of a list, set or sorted set, numerically or ALPHA,
//! ASC or DESC, weighted BY other keys (or not sorted: BY nosort), windowed by LIMIT, projected
//! through GET patterns (`#` is the element, `key_*` and `hash_*->field` look values up), and
//! optionally STOREd as a list.

use super::db::{Entry, Value};
use super::number::parse_integer;
use super::reply::{Reply, NOT_INTEGER, SYNTAX, WRONG_TYPE};
use super::Keyspace;
use std::collections::VecDeque;

/// `lookupKeyByPattern`: the value `pattern` names for `element`, if any.
fn lookup(ks: &mut Keyspace, pattern: &[u8], element: &[u8]) -> Option<Vec<u8>> {
    if pattern == b"#" {
        return Some(element.to_vec());
    }
    let star = pattern.iter().position(|&b| b == b'*')?;
    let rest = &pattern[star + 1..];
    let (suffix, field) = match rest.windows(2).position(|w| w == b"->") {
        Some(i) if i + 2 < rest.len() => (&rest[..i], Some(&rest[i + 2..])),
        _ => (rest, None),
    };
    let mut key = pattern[..star].to_vec();
    key.extend_from_slice(element);
    key.extend_from_slice(suffix);
    let now = ks.now;
    match (ks.db().get(&key, now), field) {
        (
            Some(Entry {
                value: Value::String(s),
                ..
            }),
            None,
        ) => Some(s.clone()),
        (
            Some(Entry {
                value: Value::Hash(h),
                ..
            }),
            Some(f),
        ) => h.get(f).cloned(),
        _ => None,
    }
}

fn sort_generic(ks: &mut Keyspace, args: &[Vec<u8>], read_only: bool) -> Reply {
    let (mut by, mut desc, mut alpha, mut unsorted) = (None, false, false, false);
    let mut limit: Option<(i64, i64)> = None;
    let mut gets: Vec<Vec<u8>> = Vec::new();
    let mut store: Option<Vec<u8>> = None;
    let mut j = 2;
    while j < args.len() {
        let left = args.len() - j - 1;
        match args[j].to_ascii_lowercase().as_slice() {
            b"asc" => desc = false,
            b"desc" => desc = true,
            b"alpha" => alpha = true,
            b"limit" if left >= 2 => {
                let (Some(offset), Some(count)) =
                    (parse_integer(&args[j + 1]), parse_integer(&args[j + 2]))
                else {
                    return Reply::error(NOT_INTEGER);
                };
                limit = Some((offset, count));
                j += 2;
            }
            b"store" if left >= 1 && !read_only => {
                store = Some(args[j + 1].clone());
                j += 1;
            }
            b"by" if left >= 1 => {
                // Once a BY without `*` (such as BY nosort) is given, nothing is sorted.
                unsorted |= !args[j + 1].contains(&b'*');
                by = Some(args[j + 1].clone());
                j += 1;
            }
            b"get" if left >= 1 => {
                gets.push(args[j + 1].clone());
                j += 1;
            }
            _ => return Reply::error(SYNTAX),
        }
        j += 1;
    }
    let now = ks.now;
    let (mut set, mut ordered) = (false, false);
    let mut elements: Vec<Vec<u8>> = match ks.db().get(&args[1], now) {
        None => Vec::new(),
        Some(Entry {
            value: Value::List(l),
            ..
        }) => {
            ordered = true;
            l.iter().cloned().collect()
        }
        Some(Entry {
            value: Value::Set(s),
            ..
        }) => {
            set = true;
            s.to_vec()
        }
        Some(Entry {
            value: Value::SortedSet(z),
            ..
        }) => {
            ordered = true;
            z.iter().map(|(_, m)| m.clone()).collect()
        }
        Some(_) => return Reply::error(WRONG_TYPE),
    };
    let mut sorting = !unsorted;
    if !sorting && set && store.is_some() {
        // A set's hash order would make the stored list differ between servers.
        (sorting, alpha, by) = (true, true, None);
    }
    if sorting {
        let mut keyed = Vec::with_capacity(elements.len());
        for element in elements {
            let weight = match &by {
                Some(pattern) => lookup(ks, pattern, &element),
                None => Some(element.clone()),
            };
            let key = if alpha {
                SortKey::Bytes(weight)
            } else {
                match weight {
                    None => SortKey::Number(0.0),
                    Some(w) => match crate::number::strtod(&w) {
                        Some((n, used)) if used == w.len() && !n.is_nan() => SortKey::Number(n),
                        _ => {
                            return Reply::error(
                                "ERR One or more scores can't be converted into double",
                            )
                        }
                    },
                }
            };
            keyed.push((key, element));
        }
        keyed.sort_by(|(a, _), (b, _)| {
            let order = a.compare(b);
            if desc {
                order.reverse()
            } else {
                order
            }
        });
        elements = keyed.into_iter().map(|(_, e)| e).collect();
    } else if desc && ordered {
        // Unsorted, a list or sorted set keeps its own order, which DESC reverses.
        elements.reverse();
    }
    let len = elements.len() as i64;
    let (start, end) = match limit {
        None => (0, len - 1),
        Some((offset, count)) => {
            let start = offset.max(0);
            let mut end = if count < 0 {
                len - 1
            } else {
                start + count - 1
            };
            let start = if start >= len {
                end = len - 2;
                len - 1
            } else {
                start
            };
            (start, end.min(len - 1))
        }
    };
    let window: Vec<Vec<u8>> = if start > end || len == 0 {
        Vec::new()
    } else {
        elements[start as usize..=end as usize].to_vec()
    };
    let mut out: Vec<Option<Vec<u8>>> = Vec::new();
    for element in &window {
        if gets.is_empty() {
            out.push(Some(element.clone()));
        }
        for pattern in &gets {
            out.push(lookup(ks, pattern, element));
        }
    }
    match store {
        None => Reply::Array(Some(out.into_iter().map(Reply::Bulk).collect())),
        Some(destination) => {
            let count = out.len() as i64;
            ks.db().remove(&destination, now);
            if count > 0 {
                let list: VecDeque<Vec<u8>> =
                    out.into_iter().map(Option::unwrap_or_default).collect();
                ks.db().insert(
                    &destination,
                    Entry {
                        value: Value::List(list),
                        expires_at: None,
                    },
                );
            }
            Reply::Integer(count)
        }
    }
}

/// What SORT compares: numbers, or bytes (a missing BY value sorting first).
enum SortKey {
    Number(f64),
    Bytes(Option<Vec<u8>>),
}

impl SortKey {
    fn compare(&self, other: &SortKey) -> std::cmp::Ordering {
        match (self, other) {
            (SortKey::Number(a), SortKey::Number(b)) => {
                a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
            }
            (SortKey::Bytes(a), SortKey::Bytes(b)) => a.cmp(b),
            _ => std::cmp::Ordering::Equal,
        }
    }
}

pub fn sort(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    sort_generic(ks, args, false)
}

pub fn sort_ro(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    sort_generic(ks, args, true)
}
