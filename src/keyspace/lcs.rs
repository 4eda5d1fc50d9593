//! LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] (t_string.c): the longest
//! common subsequence of two strings by the textbook dynamic-programming table, walked back
//! from its corner as Redis walks it, so the subsequence and the matched ranges IDX reports
//! (with Redis's way of closing a range) are Redis's.

use super::db::{Entry, Value};
use super::number::parse_integer;
use super::reply::{Reply, NOT_INTEGER, SYNTAX};
use super::Keyspace;

/// The most bytes Redis lets the table take (`proto-max-bulk-len`).
const MOST_TABLE_BYTES: u64 = 512 << 20;

#[derive(Default)]
struct Options {
    length: bool,
    ranges: bool,
    with_match_length: bool,
    min_match_length: u64,
}

pub fn lcs(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(a), Some(b)) = (string(ks, &args[1]), string(ks, &args[2])) else {
        return Reply::error("ERR The specified keys must contain string values");
    };
    let options = match options(&args[3..]) {
        Ok(options) => options,
        Err(reply) => return reply,
    };
    if options.length && options.ranges {
        return Reply::error("ERR If you want both the length and indexes, please just use IDX.");
    }
    let cells = (a.len() as u64 + 1) * (b.len() as u64 + 1);
    if cells * 4 > MOST_TABLE_BYTES {
        return Reply::error(
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
        );
    }
    // Where Redis's allocation would fail, the sandbox's budget does.
    if ks.allocation(cells, 4).is_err() {
        return Reply::error("ERR Insufficient memory, failed allocating transient memory for LCS");
    }
    let table = Table::build(&a, &b);
    let total = table.at(a.len(), b.len());
    if options.length {
        return Reply::Integer(i64::from(total));
    }
    let (common, matches) = table.walk_back(&a, &b, &options);
    if !options.ranges {
        return Reply::Bulk(Some(common));
    }
    Reply::Map(vec![
        (Reply::bulk(b"matches"), Reply::Array(Some(matches))),
        (Reply::bulk(b"len"), Reply::Integer(i64::from(total))),
    ])
}

/// A key's string (empty when missing); None for another type.
fn string(ks: &mut Keyspace, key: &[u8]) -> Option<Vec<u8>> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Some(Vec::new()),
        Some(Entry {
            value: Value::String(s),
            ..
        }) => Some(s.clone()),
        Some(_) => None,
    }
}

fn options(words: &[Vec<u8>]) -> Result<Options, Reply> {
    let mut options = Options::default();
    let mut at = 0;
    while at < words.len() {
        match words[at].to_ascii_lowercase().as_slice() {
            b"idx" => options.ranges = true,
            b"len" => options.length = true,
            b"withmatchlen" => options.with_match_length = true,
            b"minmatchlen" if at + 1 < words.len() => {
                let n = parse_integer(&words[at + 1]).ok_or_else(|| Reply::error(NOT_INTEGER))?;
                options.min_match_length = n.max(0) as u64;
                at += 1;
            }
            _ => return Err(Reply::error(SYNTAX)),
        }
        at += 1;
    }
    Ok(options)
}

/// LCS(i, j), the length of the longest common subsequence of a[..i] and b[..j].
struct Table {
    width: usize,
    cells: Vec<u32>,
}

impl Table {
    fn build(a: &[u8], b: &[u8]) -> Table {
        let width = b.len() + 1;
        let mut cells = vec![0u32; (a.len() + 1) * width];
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                cells[i * width + j] = if a[i - 1] == b[j - 1] {
                    cells[(i - 1) * width + j - 1] + 1
                } else {
                    cells[(i - 1) * width + j].max(cells[i * width + j - 1])
                };
            }
        }
        Table { width, cells }
    }

    fn at(&self, i: usize, j: usize) -> u32 {
        self.cells.get(i * self.width + j).copied().unwrap_or(0)
    }

    /// The subsequence, and IDX's ranges (last first): a range grows backwards while the
    /// matches stay contiguous in both strings; a match that does not continue it closes it
    /// and is itself left out, as Redis's walk leaves it out.
    fn walk_back(&self, a: &[u8], b: &[u8], options: &Options) -> (Vec<u8>, Vec<Reply>) {
        let mut common = vec![0u8; self.at(a.len(), b.len()) as usize];
        let mut left = common.len();
        let mut matches = Vec::new();
        // (start in a, end in a, start in b, end in b) of the range being grown.
        let mut range: Option<(usize, usize, usize, usize)> = None;
        let (mut i, mut j) = (a.len(), b.len());
        while i > 0 && j > 0 {
            let mut emit = false;
            if a[i - 1] == b[j - 1] {
                if let Some(slot) = left.checked_sub(1).and_then(|at| common.get_mut(at)) {
                    *slot = a[i - 1];
                }
                range = match range {
                    None => Some((i - 1, i - 1, j - 1, j - 1)),
                    Some((a_start, a_end, b_start, b_end)) if a_start == i && b_start == j => {
                        Some((a_start - 1, a_end, b_start - 1, b_end))
                    }
                    Some(open) => {
                        emit = true;
                        Some(open)
                    }
                };
                if range.is_some_and(|(a_start, _, b_start, _)| a_start == 0 || b_start == 0) {
                    emit = true;
                }
                left = left.saturating_sub(1);
                i -= 1;
                j -= 1;
            } else {
                if self.at(i - 1, j) > self.at(i, j - 1) {
                    i -= 1;
                } else {
                    j -= 1;
                }
                emit = range.is_some();
            }
            if let Some((a_start, a_end, b_start, b_end)) = range.filter(|_| emit) {
                let length = (a_end - a_start + 1) as u64;
                if options.min_match_length == 0 || length >= options.min_match_length {
                    let pair = |s: usize, e: usize| {
                        Reply::Array(Some(vec![
                            Reply::Integer(s as i64),
                            Reply::Integer(e as i64),
                        ]))
                    };
                    let mut entry = vec![pair(a_start, a_end), pair(b_start, b_end)];
                    if options.with_match_length {
                        entry.push(Reply::Integer(length as i64));
                    }
                    matches.push(Reply::Array(Some(entry)));
                }
                range = None;
            }
        }
        (common, matches)
    }
}
