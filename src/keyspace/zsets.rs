//! Sorted-set commands (t_zset.c): ZADD (NX XX GT LT CH INCR) ZINCRBY ZSCORE ZMSCORE ZCARD
//! ZCOUNT ZLEXCOUNT ZRANK ZREVRANK ZREM and the range family — ZRANGE (by index, BYSCORE,
//! BYLEX, REV, LIMIT, WITHSCORES), ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX,
//! ZREVRANGEBYLEX. Members are ordered by score, then by their bytes; scores print as Redis
//! 7.0 prints doubles (`%.17g`, `inf`, `-inf`).

use super::db::{Entry, Hasher, Value};
use super::number::{parse_integer, saturating_usize};
use super::reply::{Reply, NOT_FLOAT, NOT_INTEGER, SYNTAX, WRONG_TYPE};
use super::sorted_list::{precedes, ScoredMember, SortedList};
use super::strtod_range::range_error;
use super::Keyspace;
use std::collections::{HashMap, HashSet};

/// A sorted set: its entries in order, and each member's score for lookups.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SortedSet {
    entries: SortedList,
    scores: HashMap<Vec<u8>, f64, Hasher>,
    /// Whether Redis would have converted it from a listpack to a skiplist: it grew past 128
    /// members or held a member longer than 64 bytes. Redis never converts back.
    pub skiplist: bool,
}

/// Redis 7.0's `zset-max-listpack-entries` and `zset-max-listpack-value`.
pub const LISTPACK_ENTRIES: usize = 128;
pub const LISTPACK_VALUE: usize = 64;

impl Eq for SortedSet {}

impl SortedSet {
    /// The (score, member) pairs, lowest first (and reversible).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &ScoredMember> {
        self.entries.iter()
    }

    /// A copy of the entries, lowest first.
    pub fn to_vec(&self) -> Vec<ScoredMember> {
        self.entries.iter().cloned().collect()
    }

    /// The entries from the first whose score is at least `min`, lowest first.
    pub fn iter_from_score(&self, min: f64) -> impl Iterator<Item = &ScoredMember> {
        self.entries
            .iter_from(self.entries.partition_point(|e| e.0 < min))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn score(&self, member: &[u8]) -> Option<f64> {
        self.scores.get(member).copied()
    }

    /// Sets a member's score (adding it if new); true when it is new.
    pub fn insert(&mut self, score: f64, member: &[u8]) -> bool {
        if member.len() > LISTPACK_VALUE || self.entries.len() >= LISTPACK_ENTRIES {
            self.skiplist = true;
        }
        // A listpack keeps a zero score as the integer 0, so -0 reads back as 0.
        let score = if score == 0.0 && !self.skiplist {
            0.0
        } else {
            score
        };
        let existed = match self.score(member) {
            Some(old) if old.to_bits() == score.to_bits() => return false,
            Some(_) => self.remove(member),
            None => false,
        };
        self.entries.insert(score, member.to_vec());
        self.scores.insert(member.to_vec(), score);
        !existed
    }

    pub fn remove(&mut self, member: &[u8]) -> bool {
        match self.rank(member) {
            Some(at) => {
                self.entries.remove(at);
                self.scores.remove(member);
                true
            }
            None => false,
        }
    }

    /// The member's index, lowest score first.
    fn rank(&self, member: &[u8]) -> Option<usize> {
        let score = self.score(member)?;
        let at = self.entries.partition_point(|e| precedes(e, score, member));
        (self.entries.get(at)?.1 == member).then_some(at)
    }

    /// Takes out the `count` lowest entries (or, with `highest`, the highest), in that order.
    fn pop(&mut self, count: usize, highest: bool) -> Vec<ScoredMember> {
        let mut taken = Vec::with_capacity(count.min(self.len()));
        while taken.len() < count {
            let at = if highest {
                self.len().checked_sub(1)
            } else {
                Some(0)
            };
            let Some(entry) = at.and_then(|at| self.entries.remove(at)) else {
                break;
            };
            self.scores.remove(&entry.1);
            taken.push(entry);
        }
        taken
    }

    /// Keeps the entries `keep` accepts (given each one's index); returns how many went.
    fn retain(&mut self, keep: impl FnMut(usize, &ScoredMember) -> bool) -> usize {
        let scores = &mut self.scores;
        self.entries.retain(keep, |(_, member)| {
            scores.remove(&member);
        })
    }
}

/// `getDoubleFromObject` (`string2d`): a score argument — no white space first, the whole
/// text read, not NaN, and no `ERANGE` overflow or underflow to zero (a subnormal is kept).
pub fn parse_score(text: &[u8]) -> Option<f64> {
    if text.first().is_none_or(|&b| crate::number::is_c_space(b)) {
        return None;
    }
    let (value, used) = crate::number::strtod(text)?;
    let out_of_range = (value == 0.0 || value.is_infinite()) && range_error(text, value);
    if used != text.len() || value.is_nan() || out_of_range {
        return None;
    }
    Some(value)
}

fn zset<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<Option<&'a mut SortedSet>, Reply> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Ok(None),
        Some(Entry {
            value: Value::SortedSet(z),
            ..
        }) => Ok(Some(z)),
        Some(_) => Err(Reply::error(WRONG_TYPE)),
    }
}

const NAN_SCORE: &str = "ERR resulting score is not a number (NaN)";

pub fn zadd(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (mut nx, mut xx, mut gt, mut lt, mut ch, mut incr) =
        (false, false, false, false, false, false);
    let mut j = 2;
    while j < args.len() {
        match args[j].to_ascii_lowercase().as_slice() {
            b"nx" => nx = true,
            b"xx" => xx = true,
            b"gt" => gt = true,
            b"lt" => lt = true,
            b"ch" => ch = true,
            b"incr" => incr = true,
            _ => break,
        }
        j += 1;
    }
    let pairs = &args[j..];
    if pairs.is_empty() || pairs.len() % 2 == 1 {
        return Reply::error(SYNTAX);
    }
    if nx && xx {
        return Reply::error("ERR XX and NX options at the same time are not compatible");
    }
    if ((gt || lt) && nx) || (gt && lt) {
        return Reply::error("ERR GT, LT, and/or NX options at the same time are not compatible");
    }
    if incr && pairs.len() > 2 {
        return Reply::error("ERR INCR option supports a single increment-element pair");
    }
    let mut scores = Vec::with_capacity(pairs.len() / 2);
    for pair in pairs.chunks(2) {
        match parse_score(&pair[0]) {
            Some(s) => scores.push(s),
            None => return Reply::error(NOT_FLOAT),
        }
    }
    let key = &args[1];
    match zset(ks, key) {
        Ok(Some(_)) => {}
        Ok(None) if xx => {
            return if incr {
                Reply::nil()
            } else {
                Reply::Integer(0)
            }
        }
        Ok(None) => ks.db().insert(
            key,
            Entry {
                value: Value::SortedSet(SortedSet::default()),
                expires_at: None,
                encoding: Default::default(),
            },
        ),
        Err(reply) => return reply,
    }
    let Ok(Some(z)) = zset(ks, key) else {
        return Reply::Integer(0);
    };
    let (mut added, mut changed) = (0, 0);
    let mut incr_result = None;
    for (pair, &score) in pairs.chunks(2).zip(&scores) {
        let member = &pair[1];
        let current = z.score(member);
        let mut new = score;
        if incr {
            new = current.unwrap_or(0.0) + score;
            if new.is_nan() {
                return Reply::error(NAN_SCORE);
            }
        }
        match current {
            None if xx => continue,
            None => {
                z.insert(new, member);
                added += 1;
                incr_result = Some(new);
            }
            Some(_) if nx => continue,
            Some(old) => {
                if (gt && new <= old) || (lt && new >= old) {
                    continue;
                }
                if new != old {
                    z.insert(new, member);
                    changed += 1;
                }
                incr_result = Some(new);
            }
        }
    }
    let empty = z.is_empty();
    if empty {
        let now = ks.now;
        ks.db().remove(key, now);
    }
    if incr {
        return incr_result.map_or(Reply::nil(), Reply::Double);
    }
    Reply::Integer(if ch { added + changed } else { added })
}

pub fn zincrby(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    zadd(
        ks,
        &[
            b"zadd".to_vec(),
            args[1].clone(),
            b"incr".to_vec(),
            args[2].clone(),
            args[3].clone(),
        ],
    )
}

pub fn zscore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match zset(ks, &args[1]) {
        Ok(z) => z
            .and_then(|z| z.score(&args[2]))
            .map_or(Reply::nil(), Reply::Double),
        Err(reply) => reply,
    }
}

pub fn zmscore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match zset(ks, &args[1]) {
        Ok(z) => Reply::Array(Some(
            args[2..]
                .iter()
                .map(|m| {
                    z.as_ref()
                        .and_then(|z| z.score(m))
                        .map_or(Reply::nil(), Reply::Double)
                })
                .collect(),
        )),
        Err(reply) => reply,
    }
}

pub fn zcard(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match zset(ks, &args[1]) {
        Ok(z) => Reply::Integer(z.map_or(0, |z| z.len() as i64)),
        Err(reply) => reply,
    }
}

pub fn zrem(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let key = &args[1];
    let (removed, empty) = match zset(ks, key) {
        Ok(Some(z)) => {
            let removed = args[2..].iter().filter(|m| z.remove(m)).count();
            (removed, z.is_empty())
        }
        Ok(None) => (0, false),
        Err(reply) => return reply,
    };
    if empty {
        let now = ks.now;
        ks.db().remove(key, now);
    }
    Reply::Integer(removed as i64)
}

fn rank(ks: &mut Keyspace, args: &[Vec<u8>], reverse: bool) -> Reply {
    match zset(ks, &args[1]) {
        Ok(Some(z)) => match z.rank(&args[2]) {
            Some(r) if reverse => Reply::Integer((z.len() - 1 - r) as i64),
            Some(r) => Reply::Integer(r as i64),
            None => Reply::nil(),
        },
        Ok(None) => Reply::nil(),
        Err(reply) => reply,
    }
}

pub fn zrank(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    rank(ks, args, false)
}

pub fn zrevrank(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    rank(ks, args, true)
}

/// One end of a score range: the value and whether it is excluded (`(`).
#[derive(Clone, Copy)]
struct ScoreBound {
    value: f64,
    exclusive: bool,
}

/// `zslParseRange`'s reading of one end.
fn score_bound(text: &[u8]) -> Option<ScoreBound> {
    let (exclusive, body) = match text.split_first() {
        Some((b'(', rest)) => (true, rest),
        _ => (false, text),
    };
    // C's strtod reads nothing from an empty string and Redis then sees 0.
    let (value, used) = match crate::number::strtod(body) {
        Some(parsed) => parsed,
        None if body.is_empty() => (0.0, 0),
        None => return None,
    };
    if used != body.len() || value.is_nan() {
        return None;
    }
    Some(ScoreBound { value, exclusive })
}

fn above_min(score: f64, min: ScoreBound) -> bool {
    if min.exclusive {
        score > min.value
    } else {
        score >= min.value
    }
}

fn below_max(score: f64, max: ScoreBound) -> bool {
    if max.exclusive {
        score < max.value
    } else {
        score <= max.value
    }
}

/// One end of a lex range.
#[derive(Clone)]
enum LexBound {
    Minus,
    Plus,
    Inclusive(Vec<u8>),
    Exclusive(Vec<u8>),
}

fn lex_bound(text: &[u8]) -> Option<LexBound> {
    match text.split_first()? {
        (b'-', []) => Some(LexBound::Minus),
        (b'+', []) => Some(LexBound::Plus),
        (b'[', rest) => Some(LexBound::Inclusive(rest.to_vec())),
        (b'(', rest) => Some(LexBound::Exclusive(rest.to_vec())),
        _ => None,
    }
}

fn lex_above_min(member: &[u8], min: &LexBound) -> bool {
    match min {
        LexBound::Minus => true,
        LexBound::Plus => false,
        LexBound::Inclusive(m) => member >= m.as_slice(),
        LexBound::Exclusive(m) => member > m.as_slice(),
    }
}

fn lex_below_max(member: &[u8], max: &LexBound) -> bool {
    match max {
        LexBound::Minus => false,
        LexBound::Plus => true,
        LexBound::Inclusive(m) => member <= m.as_slice(),
        LexBound::Exclusive(m) => member < m.as_slice(),
    }
}

pub fn zcount(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(min), Some(max)) = (score_bound(&args[2]), score_bound(&args[3])) else {
        return Reply::error("ERR min or max is not a float");
    };
    match zset(ks, &args[1]) {
        Ok(z) => Reply::Integer(z.map_or(0, |z| {
            let from = z.entries.partition_point(|e| !above_min(e.0, min));
            let end = z.entries.partition_point(|e| below_max(e.0, max));
            end.saturating_sub(from) as i64
        })),
        Err(reply) => reply,
    }
}

pub fn zlexcount(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(min), Some(max)) = (lex_bound(&args[2]), lex_bound(&args[3])) else {
        return Reply::error("ERR min or max not valid string range item");
    };
    match zset(ks, &args[1]) {
        Ok(z) => Reply::Integer(z.map_or(0, |z| {
            let from = z.entries.partition_point(|e| !lex_above_min(&e.1, &min));
            z.entries
                .iter_from(from)
                .take_while(|e| lex_below_max(&e.1, &max))
                .count() as i64
        })),
        Err(reply) => reply,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    Index,
    Score,
    Lex,
}

/// A parsed range request.
struct Range {
    by: By,
    reverse: bool,
    limit: Option<(i64, i64)>,
    with_scores: bool,
}

/// A range's two ends, parsed; min before max whatever the direction.
enum Bounds {
    Index(i64, i64),
    Score(ScoreBound, ScoreBound),
    Lex(LexBound, LexBound),
}

/// (min, max) from a range's ends as written: reversed ranges name the max first.
fn in_order<T>(first: T, second: T, reverse: bool) -> (T, T) {
    if reverse {
        (second, first)
    } else {
        (first, second)
    }
}

/// Reads a range's ends as its kind requires (before the key is looked up, as Redis does).
fn parse_bounds(start: &[u8], stop: &[u8], r: &Range) -> Result<Bounds, Reply> {
    match r.by {
        By::Index => match (parse_integer(start), parse_integer(stop)) {
            (Some(a), Some(b)) => Ok(Bounds::Index(a, b)),
            _ => Err(Reply::error(NOT_INTEGER)),
        },
        By::Score => match (score_bound(start), score_bound(stop)) {
            (Some(first), Some(second)) => {
                let (min, max) = in_order(first, second, r.reverse);
                Ok(Bounds::Score(min, max))
            }
            _ => Err(Reply::error("ERR min or max is not a float")),
        },
        By::Lex => match (lex_bound(start), lex_bound(stop)) {
            (Some(first), Some(second)) => {
                let (min, max) = in_order(first, second, r.reverse);
                Ok(Bounds::Lex(min, max))
            }
            _ => Err(Reply::error("ERR min or max not valid string range item")),
        },
    }
}

/// The shared range engine: `start`/`stop` are as the command gives them (for REV by score
/// or lex, `start` is the max).
fn range(ks: &mut Keyspace, key: &[u8], start: &[u8], stop: &[u8], r: &Range) -> Reply {
    match select_range(ks, key, start, stop, r) {
        Ok(selected) => scored_reply(selected, r.with_scores, ks.resp),
        Err(reply) => reply,
    }
}

/// The entries a range request picks, in reply order.
fn select_range(
    ks: &mut Keyspace,
    key: &[u8],
    start: &[u8],
    stop: &[u8],
    r: &Range,
) -> Result<Vec<ScoredMember>, Reply> {
    if r.limit.is_some() && r.by == By::Index {
        return Err(Reply::error(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
        ));
    }
    if r.with_scores && r.by == By::Lex {
        return Err(Reply::error(
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX",
        ));
    }
    let bounds = parse_bounds(start, stop, r)?;
    let (offset, count) = match r.limit {
        None => (0, usize::MAX),
        Some((offset, _)) if offset < 0 => (0, 0),
        Some((offset, count)) => (
            usize::try_from(offset).unwrap_or(usize::MAX),
            usize::try_from(count).unwrap_or(usize::MAX),
        ),
    };
    let empty = SortedSet::default();
    let z = zset(ks, key)?.map_or(&empty, |z| &*z);
    let list = &z.entries;
    let walk: Box<dyn Iterator<Item = &ScoredMember>> = match (bounds, r.reverse) {
        (Bounds::Index(a, b), reverse) => {
            let len = z.len() as i64;
            let a = if a < 0 { (len + a).max(0) } else { a };
            let b = if b < 0 { len + b } else { b.min(len - 1) };
            if a > b || a >= len {
                Box::new(std::iter::empty())
            } else if reverse {
                Box::new(
                    list.iter_back_from((len - a) as usize)
                        .take((b - a + 1) as usize),
                )
            } else {
                Box::new(list.iter_from(a as usize).take((b - a + 1) as usize))
            }
        }
        (Bounds::Score(min, max), false) => {
            let from = list.partition_point(|e| !above_min(e.0, min));
            Box::new(
                list.iter_from(from)
                    .take_while(move |e| below_max(e.0, max)),
            )
        }
        (Bounds::Score(min, max), true) => {
            let end = list.partition_point(|e| below_max(e.0, max));
            Box::new(
                list.iter_back_from(end)
                    .take_while(move |e| above_min(e.0, min)),
            )
        }
        // As in Redis, lexical ranges assume equal scores, so that members are in order.
        (Bounds::Lex(min, max), false) => {
            let from = list.partition_point(|e| !lex_above_min(&e.1, &min));
            Box::new(
                list.iter_from(from)
                    .take_while(move |e| lex_below_max(&e.1, &max)),
            )
        }
        (Bounds::Lex(min, max), true) => {
            let end = list.partition_point(|e| lex_below_max(&e.1, &max));
            Box::new(
                list.iter_back_from(end)
                    .take_while(move |e| lex_above_min(&e.1, &min)),
            )
        }
    };
    Ok(walk.skip(offset).take(count).cloned().collect())
}

/// Members, with their scores if asked: flat in RESP2, [member, score] pairs in RESP3.
fn scored_reply(entries: Vec<ScoredMember>, with_scores: bool, resp: u8) -> Reply {
    let items = entries
        .into_iter()
        .map(|(score, member)| (Reply::Bulk(Some(member)), Reply::Double(score)));
    Reply::Array(Some(match (with_scores, resp) {
        (false, _) => items.map(|(member, _)| member).collect(),
        (true, 3) => items
            .map(|(member, score)| Reply::Array(Some(vec![member, score])))
            .collect(),
        (true, _) => items.flat_map(|(member, score)| [member, score]).collect(),
    }))
}

/// Reads the options after a range's two ends.
fn range_options(args: &[Vec<u8>], mut r: Range, allow_by: bool) -> Result<Range, Reply> {
    let mut j = 0;
    while j < args.len() {
        match args[j].to_ascii_lowercase().as_slice() {
            b"withscores" => r.with_scores = true,
            b"limit" if j + 2 < args.len() => {
                let (Some(offset), Some(count)) =
                    (parse_integer(&args[j + 1]), parse_integer(&args[j + 2]))
                else {
                    return Err(Reply::error(NOT_INTEGER));
                };
                r.limit = Some((offset, count));
                j += 2;
            }
            b"byscore" if allow_by => r.by = By::Score,
            b"bylex" if allow_by => r.by = By::Lex,
            b"rev" if allow_by => r.reverse = true,
            _ => return Err(Reply::error(SYNTAX)),
        }
        j += 1;
    }
    Ok(r)
}

fn range_command(ks: &mut Keyspace, args: &[Vec<u8>], base: Range, allow_by: bool) -> Reply {
    match range_options(&args[4..], base, allow_by) {
        Ok(r) => range(ks, &args[1], &args[2], &args[3], &r),
        Err(reply) => reply,
    }
}

fn plain(by: By, reverse: bool) -> Range {
    Range {
        by,
        reverse,
        limit: None,
        with_scores: false,
    }
}

pub fn zrange(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_command(ks, args, plain(By::Index, false), true)
}

pub fn zrevrange(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_command(ks, args, plain(By::Index, true), false)
}

pub fn zrangebyscore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_command(ks, args, plain(By::Score, false), false)
}

pub fn zrevrangebyscore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_command(ks, args, plain(By::Score, true), false)
}

pub fn zrangebylex(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_command(ks, args, plain(By::Lex, false), false)
}

pub fn zrevrangebylex(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_command(ks, args, plain(By::Lex, true), false)
}

/// ZPOPMIN/ZPOPMAX key [count]: always an array in RESP2, empty for a missing key.
fn pop(ks: &mut Keyspace, args: &[Vec<u8>], max: bool) -> Reply {
    if args.len() > 3 {
        return Reply::error(SYNTAX);
    }
    let count = match args.get(2) {
        None => 1,
        Some(text) => match parse_integer(text) {
            Some(n) if n >= 0 => saturating_usize(n as u64),
            _ => return Reply::error("ERR value is out of range, must be positive"),
        },
    };
    // Without a count RESP3 still gets one flat [member, score].
    let resp = if args.len() == 2 { 2 } else { ks.resp };
    match pop_entries(ks, &args[1], max, count) {
        Ok(popped) => scored_reply(popped, true, resp),
        Err(reply) => reply,
    }
}

/// Removes up to `count` entries from the low (or, with `max`, the high) end of the sorted set
/// at `key`, deleting the key once it is empty; returns them in popping order.
fn pop_entries(
    ks: &mut Keyspace,
    key: &[u8],
    max: bool,
    count: usize,
) -> Result<Vec<(f64, Vec<u8>)>, Reply> {
    let (popped, empty) = match zset(ks, key)? {
        Some(z) => {
            let popped = z.pop(count, max);
            (popped, z.is_empty())
        }
        None => (Vec::new(), false),
    };
    if empty {
        let now = ks.now;
        ks.db().remove(key, now);
    }
    Ok(popped)
}

/// ZMPOP numkeys key... MIN|MAX [COUNT n]: pops from the first non-empty sorted set.
pub fn zmpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (keys, min, count) = match super::lists::mpop_arguments(args, 1, [b"min", b"max"]) {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    for key in keys {
        let popped = match pop_entries(ks, key, !min, count) {
            Ok(popped) => popped,
            Err(reply) => return reply,
        };
        if popped.is_empty() {
            continue;
        }
        let pairs = popped
            .into_iter()
            .map(|(score, member)| {
                Reply::Array(Some(vec![Reply::Bulk(Some(member)), Reply::Double(score)]))
            })
            .collect();
        return Reply::Array(Some(vec![
            Reply::Bulk(Some(key.clone())),
            Reply::Array(Some(pairs)),
        ]));
    }
    Reply::Array(None)
}

/// BZMPOP timeout numkeys key... MIN|MAX [COUNT n]: ZMPOP answering at once, as blocking
/// commands do inside scripts; the timeout is read after everything else, as Redis does.
pub fn bzmpop(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if let Err(reply) = super::lists::mpop_arguments(args, 2, [b"min", b"max"]) {
        return reply;
    }
    if let Err(reply) = super::lists::timeout(&args[1]) {
        return reply;
    }
    zmpop(ks, &args[1..])
}

/// BZPOPMIN/BZPOPMAX key... timeout: [key, member, score] from the first non-empty sorted
/// set, or the nil array of a wait that timed out.
fn blocking_pop(ks: &mut Keyspace, args: &[Vec<u8>], max: bool) -> Reply {
    let Some((timeout, keys)) = args[1..].split_last() else {
        return Reply::Array(None);
    };
    if let Err(reply) = super::lists::timeout(timeout) {
        return reply;
    }
    for key in keys {
        match pop_entries(ks, key, max, 1) {
            Ok(popped) => {
                if let Some((score, member)) = popped.into_iter().next() {
                    return Reply::Array(Some(vec![
                        Reply::Bulk(Some(key.clone())),
                        Reply::Bulk(Some(member)),
                        Reply::Double(score),
                    ]));
                }
            }
            Err(reply) => return reply,
        }
    }
    Reply::Array(None)
}

pub fn bzpopmin(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    blocking_pop(ks, args, false)
}

pub fn bzpopmax(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    blocking_pop(ks, args, true)
}

/// ZRANDMEMBER key [count [WITHSCORES]].
pub fn zrandmember(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (count, with_scores) = match Keyspace::random_count_arguments(args, b"withscores") {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    let mut entries = match zset(ks, &args[1]) {
        Ok(z) => z.map_or(Vec::new(), |z| z.to_vec()),
        Err(reply) => return reply,
    };
    let Some(count) = count else {
        if entries.is_empty() {
            return Reply::nil();
        }
        let i = ks.random_below(entries.len());
        return Reply::Bulk(Some(entries.swap_remove(i).1));
    };
    // Asked for the whole set, Redis answers it from the highest score down.
    if count > 0 && count as u64 >= entries.len() as u64 {
        entries.reverse();
    }
    let picks = match ks.random_sample(entries, count, 32) {
        Ok(picks) => picks,
        Err(reply) => return reply,
    };
    scored_reply(picks, with_scores, ks.resp)
}

pub fn zpopmin(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    pop(ks, args, false)
}

pub fn zpopmax(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    pop(ks, args, true)
}

/// Removes the entries `doomed` picks (by rank and entry) and replies with how many went.
fn remove_where(
    ks: &mut Keyspace,
    key: &[u8],
    doomed: impl Fn(usize, &(f64, Vec<u8>)) -> bool,
) -> Reply {
    let (removed, empty) = match zset(ks, key) {
        Ok(Some(z)) => {
            let removed = z.retain(|index, entry| !doomed(index, entry));
            (removed, z.is_empty())
        }
        Ok(None) => (0, false),
        Err(reply) => return reply,
    };
    if empty {
        let now = ks.now;
        ks.db().remove(key, now);
    }
    Reply::Integer(removed as i64)
}

pub fn zremrangebyscore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(min), Some(max)) = (score_bound(&args[2]), score_bound(&args[3])) else {
        return Reply::error("ERR min or max is not a float");
    };
    remove_where(ks, &args[1], |_, (s, _)| {
        above_min(*s, min) && below_max(*s, max)
    })
}

pub fn zremrangebylex(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(min), Some(max)) = (lex_bound(&args[2]), lex_bound(&args[3])) else {
        return Reply::error("ERR min or max not valid string range item");
    };
    // The window ZRANGEBYLEX shows: lexical ranges assume equal scores, as in Redis.
    let window = match zset(ks, &args[1]) {
        Ok(Some(z)) => {
            let list = &z.entries;
            let from = list.partition_point(|e| !lex_above_min(&e.1, &min));
            let count = list
                .iter_from(from)
                .take_while(|e| lex_below_max(&e.1, &max))
                .count();
            from..from + count
        }
        Ok(None) => return Reply::Integer(0),
        Err(reply) => return reply,
    };
    remove_where(ks, &args[1], |i, _| window.contains(&i))
}

pub fn zremrangebyrank(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (Some(start), Some(stop)) = (parse_integer(&args[2]), parse_integer(&args[3])) else {
        return Reply::error(NOT_INTEGER);
    };
    let len = match zset(ks, &args[1]) {
        Ok(z) => z.map_or(0, |z| z.len() as i64),
        Err(reply) => return reply,
    };
    let start = if start < 0 {
        (len + start).max(0)
    } else {
        start
    };
    let stop = if stop < 0 { len + stop } else { stop }.min(len - 1);
    if start > stop || start >= len {
        return Reply::Integer(0);
    }
    remove_where(ks, &args[1], |i, _| (start..=stop).contains(&(i as i64)))
}

/// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count].
pub fn zrangestore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let r = match range_options(&args[5..], plain(By::Index, false), true) {
        Ok(r) if r.with_scores => return Reply::error(SYNTAX),
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let selected = match select_range(ks, &args[2], &args[3], &args[4], &r) {
        Ok(selected) => selected,
        Err(reply) => return reply,
    };
    let mut result = SortedSet::default();
    for (score, member) in selected {
        result.insert(score, &member);
    }
    store(ks, &args[1], result)
}

/// Replaces `key` with `result` (deleting it when empty) and replies with the size.
pub fn store(ks: &mut Keyspace, key: &[u8], result: SortedSet) -> Reply {
    let now = ks.now;
    let count = result.len() as i64;
    ks.db().remove(key, now);
    if count > 0 {
        ks.db().insert(
            key,
            Entry {
                value: Value::SortedSet(result),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    Reply::Integer(count)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SetOp {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

/// The (member, score) pairs of an input key: a sorted set, or a set with scores of 1.
fn input(ks: &mut Keyspace, key: &[u8]) -> Result<Vec<(Vec<u8>, f64)>, Reply> {
    let now = ks.now;
    Ok(match ks.db().get(key, now) {
        None => Vec::new(),
        Some(Entry {
            value: Value::SortedSet(z),
            ..
        }) => z.iter().map(|(s, m)| (m.clone(), *s)).collect(),
        Some(Entry {
            value: Value::Set(s),
            ..
        }) => s.iter().map(|m| (m.clone(), 1.0)).collect(),
        Some(_) => return Err(Reply::error(WRONG_TYPE)),
    })
}

/// What a set operation's result becomes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Reply,
    /// Stored at the key `args[1]`.
    Store,
    /// Only counted (ZINTERCARD).
    Cardinality,
}

/// An input's (member, score) pairs and its weight.
type Source = (Vec<(Vec<u8>, f64)>, f64);

/// A set operation's inputs and its options.
struct Operands {
    sources: Vec<Source>,
    aggregate: Aggregate,
    with_scores: bool,
    /// ZINTERCARD's LIMIT; 0 for none.
    limit: usize,
}

/// `zunionInterDiffGenericCommand`'s checks, in its order: numkeys, then every input key's
/// type, then the options.
fn operands(
    ks: &mut Keyspace,
    args: &[Vec<u8>],
    op: SetOp,
    output: Output,
    command: &str,
) -> Result<Operands, Reply> {
    let first = if output == Output::Store { 2 } else { 1 };
    let numkeys = parse_integer(&args[first]).ok_or_else(|| Reply::error(NOT_INTEGER))?;
    if numkeys < 1 {
        return Err(Reply::error(&format!(
            "ERR at least 1 input key is needed for '{command}' command"
        )));
    }
    let numkeys = saturating_usize(numkeys as u64);
    let keys_end = (first + 1).saturating_add(numkeys);
    if keys_end > args.len() {
        return Err(Reply::error(SYNTAX));
    }
    let mut sources = Vec::with_capacity(numkeys);
    for key in &args[first + 1..keys_end] {
        sources.push((input(ks, key)?, 1.0));
    }
    let mut operands = Operands {
        sources,
        aggregate: Aggregate::Sum,
        with_scores: false,
        limit: 0,
    };
    let weighed = op != SetOp::Diff && output != Output::Cardinality;
    let mut j = keys_end;
    while j < args.len() {
        let left = args.len() - j;
        match args[j].to_ascii_lowercase().as_slice() {
            b"weights" if weighed && left > numkeys => {
                for (i, source) in operands.sources.iter_mut().enumerate() {
                    source.1 = parse_score(&args[j + 1 + i])
                        .ok_or_else(|| Reply::error("ERR weight value is not a float"))?;
                }
                j += numkeys;
            }
            b"aggregate" if weighed && left >= 2 => {
                operands.aggregate = match args[j + 1].to_ascii_lowercase().as_slice() {
                    b"sum" => Aggregate::Sum,
                    b"min" => Aggregate::Min,
                    b"max" => Aggregate::Max,
                    _ => return Err(Reply::error(SYNTAX)),
                };
                j += 1;
            }
            b"withscores" if output == Output::Reply => operands.with_scores = true,
            b"limit" if output == Output::Cardinality && left >= 2 => {
                let limit = parse_integer(&args[j + 1]).filter(|&n| n >= 0);
                let limit = limit.ok_or_else(|| Reply::error("ERR LIMIT can't be negative"))?;
                operands.limit = saturating_usize(limit as u64);
                j += 1;
            }
            _ => return Err(Reply::error(SYNTAX)),
        }
        j += 1;
    }
    Ok(operands)
}

/// `zunionInterAggregate`: a NaN sum counts as 0; MIN and MAX keep the target unless the
/// value compares beyond it.
fn aggregate_into(target: &mut f64, value: f64, aggregate: Aggregate) {
    match aggregate {
        Aggregate::Sum => {
            *target += value;
            if target.is_nan() {
                *target = 0.0;
            }
        }
        Aggregate::Min if value < *target => *target = value,
        Aggregate::Max if value > *target => *target = value,
        _ => {}
    }
}

/// A weighted score; 0 * inf (NaN) counts as 0, as in Redis.
fn weighted(score: f64, weight: f64) -> f64 {
    let v = weight * score;
    if v.is_nan() {
        0.0
    } else {
        v
    }
}

type Lookup<'a> = HashMap<&'a [u8], f64, Hasher>;

/// The members of every source with their aggregated weighted scores, the sources taken from
/// the smallest (as Redis sorts them, stably), which decides the order scores are summed in.
fn union(operands: &Operands) -> SortedSet {
    let mut scores: Lookup = HashMap::default();
    for (pairs, weight) in &operands.sources {
        for (member, score) in pairs {
            let score = weighted(*score, *weight);
            match scores.entry(member) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    aggregate_into(e.get_mut(), score, operands.aggregate)
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(score);
                }
            }
        }
    }
    let mut result = SortedSet::default();
    for (member, score) in scores {
        result.insert(score, member);
    }
    result
}

/// The members of the smallest source found in every other, with their scores aggregated
/// (only the first source's weighted score counts NaN as 0, as in Redis); at most `limit`
/// of them when counting.
fn intersection(operands: &Operands, mut found: impl FnMut(&[u8], f64) -> bool) {
    let Some(((smallest, weight), rest)) = operands.sources.split_first() else {
        return;
    };
    let lookups: Vec<(Lookup, f64)> = rest
        .iter()
        .map(|(pairs, w)| (pairs.iter().map(|(m, s)| (m.as_slice(), *s)).collect(), *w))
        .collect();
    'members: for (member, score) in smallest {
        let mut total = weighted(*score, *weight);
        for (lookup, weight) in &lookups {
            match lookup.get(member.as_slice()) {
                Some(s) => aggregate_into(&mut total, s * weight, operands.aggregate),
                None => continue 'members,
            }
        }
        if !found(member, total) {
            return;
        }
    }
}

/// The members of the first source in no other, with their scores.
fn difference(operands: &Operands) -> SortedSet {
    let mut result = SortedSet::default();
    let Some(((first, _), rest)) = operands.sources.split_first() else {
        return result;
    };
    let others: HashSet<&[u8], Hasher> = rest
        .iter()
        .flat_map(|(pairs, _)| pairs.iter().map(|(m, _)| m.as_slice()))
        .collect();
    for (member, score) in first {
        if !others.contains(member.as_slice()) {
            result.insert(*score, member);
        }
    }
    result
}

/// ZUNION/ZINTER/ZDIFF and their STORE forms, and ZINTERCARD.
fn set_operation(
    ks: &mut Keyspace,
    args: &[Vec<u8>],
    op: SetOp,
    output: Output,
    command: &str,
) -> Reply {
    let mut operands = match operands(ks, args, op, output, command) {
        Ok(operands) => operands,
        Err(reply) => return reply,
    };
    if op != SetOp::Diff {
        operands.sources.sort_by_key(|(pairs, _)| pairs.len());
    }
    if output == Output::Cardinality {
        let mut count = 0;
        intersection(&operands, |_, _| {
            count += 1;
            operands.limit == 0 || count < operands.limit
        });
        return Reply::Integer(count as i64);
    }
    let result = match op {
        SetOp::Union => union(&operands),
        SetOp::Inter => {
            let mut result = SortedSet::default();
            intersection(&operands, |member, score| {
                result.insert(score, member);
                true
            });
            result
        }
        SetOp::Diff => difference(&operands),
    };
    match output {
        Output::Store => store(ks, &args[1], result),
        _ => scored_reply(result.to_vec(), operands.with_scores, ks.resp),
    }
}

pub fn zunion(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_operation(ks, args, SetOp::Union, Output::Reply, "zunion")
}

pub fn zinter(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_operation(ks, args, SetOp::Inter, Output::Reply, "zinter")
}

pub fn zdiff(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_operation(ks, args, SetOp::Diff, Output::Reply, "zdiff")
}

pub fn zunionstore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_operation(ks, args, SetOp::Union, Output::Store, "zunionstore")
}

pub fn zinterstore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_operation(ks, args, SetOp::Inter, Output::Store, "zinterstore")
}

pub fn zdiffstore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_operation(ks, args, SetOp::Diff, Output::Store, "zdiffstore")
}

/// ZINTERCARD numkeys key [key ...] [LIMIT limit].
pub fn zintercard(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    set_operation(ks, args, SetOp::Inter, Output::Cardinality, "zintercard")
}
