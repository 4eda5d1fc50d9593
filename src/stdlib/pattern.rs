//! Lua 5.1 pattern matching (`string.find`, `match`, `gmatch`, `gsub`), byte for byte.
//!
//! Lua's matcher is a recursive backtracker; this one explores the same alternatives in the same
//! order with an explicit stack of choice points and an undo trail for captures, so a hostile
//! pattern costs heap, not Rust stack (WebAssembly's stack is small), and so its work can be
//! counted against the instruction budget. Errors are raised at the moment the reference raises
//! them, because the search visits pattern items in the same order.

/// Lua 5.1's `LUA_MAXCAPTURES`.
pub const MAX_CAPTURES: usize = 32;

/// The characters whose absence lets `string.find` fall back to a plain substring search.
const SPECIALS: &[u8] = b"^$*+?.([%-";

const ESCAPE: u8 = b'%';

/// A pattern error, worded as lua5.1 words it, or the step budget running out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternError {
    EndsWithEscape,
    MissingBracket,
    InvalidCaptureIndex,
    InvalidPatternCapture,
    TooManyCaptures,
    UnbalancedPattern,
    MissingFrontierBracket,
    /// The caller's step budget ran out before the search finished.
    BudgetExhausted,
}

impl PatternError {
    /// The message lua5.1 raises (without position; `string` functions add none).
    pub fn message(self) -> &'static str {
        match self {
            PatternError::EndsWithEscape => "malformed pattern (ends with '%')",
            PatternError::MissingBracket => "malformed pattern (missing ']')",
            PatternError::InvalidCaptureIndex => "invalid capture index",
            PatternError::InvalidPatternCapture => "invalid pattern capture",
            PatternError::TooManyCaptures => "too many captures",
            PatternError::UnbalancedPattern => "unbalanced pattern",
            PatternError::MissingFrontierBracket => "missing '[' after '%f' in pattern",
            PatternError::BudgetExhausted => "pattern matching exceeded the instruction budget",
        }
    }
}

/// One capture after a successful match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// `subject[start..end]`.
    Span { start: usize, end: usize },
    /// A position capture `()`: the 0-based offset (Lua shows it plus one).
    Position(usize),
    /// An opened capture the match never closed: pushing it raises `unfinished capture`.
    Unfinished,
}

/// A successful match of the pattern at some start offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub end: usize,
    pub captures: Vec<Capture>,
}

/// The pattern text as Lua's C code sees it: it ends at the first NUL byte.
pub fn effective_pattern(pattern: &[u8]) -> &[u8] {
    match pattern.iter().position(|&b| b == 0) {
        Some(nul) => &pattern[..nul],
        None => pattern,
    }
}

/// Whether `string.find` may search `pattern` as plain text (5.1 checks with `strpbrk`, which
/// stops at the first NUL).
pub fn is_plain(pattern: &[u8]) -> bool {
    !effective_pattern(pattern)
        .iter()
        .any(|b| SPECIALS.contains(b))
}

/// Plain substring search from `start` (5.1's `lmemfind`): the offset of the first occurrence.
pub fn find_plain(subject: &[u8], needle: &[u8], start: usize) -> Option<usize> {
    let haystack = subject.get(start..)?;
    if needle.is_empty() {
        return Some(start);
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|offset| start + offset)
}

/// Tries `pattern` (already without a leading `^` anchor, and cut at its first NUL) against
/// `subject` at exactly offset `start`. Each elementary step takes one unit of `budget`.
pub fn match_at(
    subject: &[u8],
    pattern: &[u8],
    start: usize,
    budget: &mut u64,
) -> Result<Option<Found>, PatternError> {
    Matcher {
        subject,
        pattern,
        captures: Vec::new(),
        trail: Vec::new(),
        choices: Vec::new(),
    }
    .run(start, budget)
}

/// 5.1's search loop for `string.find` and `string.match`: tries every start offset from `init`
/// (only `init` itself when the pattern begins with `^`), returning the first match and where
/// it starts. `pattern` is the whole pattern as given; it is cut at its first NUL here.
pub fn find(
    subject: &[u8],
    pattern: &[u8],
    init: usize,
    budget: &mut u64,
) -> Result<Option<(usize, Found)>, PatternError> {
    let pattern = effective_pattern(pattern);
    let (anchored, body) = match pattern.split_first() {
        Some((b'^', rest)) => (true, rest),
        _ => (false, pattern),
    };
    let mut start = init;
    loop {
        if let Some(found) = match_at(subject, body, start, budget)? {
            return Ok(Some((start, found)));
        }
        if anchored || start >= subject.len() {
            return Ok(None);
        }
        start += 1;
    }
}

#[derive(Clone, Copy)]
enum CaptureLen {
    Unfinished,
    Position,
    Closed(usize),
}

#[derive(Clone, Copy)]
struct CaptureSlot {
    init: usize,
    len: CaptureLen,
}

/// How to undo one capture change when backtracking past it.
enum Undo {
    Opened,
    Closed(usize),
}

/// A point the search may come back to, with the trail length to restore.
enum Choice {
    /// `x?` matched one character; the alternative skips it: resume at (`s`, `p`).
    Skip { s: usize, p: usize, trail: usize },
    /// `x*` / `x+` (greedy): `count` repetitions from `s` tried; next try one fewer.
    Greedy {
        s: usize,
        count: usize,
        next: usize,
        trail: usize,
    },
    /// `x-` (lazy): the rest was tried at `s`; next consume one more repetition.
    Lazy {
        s: usize,
        item: usize,
        item_end: usize,
        trail: usize,
    },
}

enum Step {
    Continue(usize, usize),
    Matched(usize),
    Fail,
}

struct Matcher<'a> {
    subject: &'a [u8],
    pattern: &'a [u8],
    captures: Vec<CaptureSlot>,
    trail: Vec<Undo>,
    choices: Vec<Choice>,
}

impl Matcher<'_> {
    fn run(mut self, start: usize, budget: &mut u64) -> Result<Option<Found>, PatternError> {
        let (mut s, mut p) = (start, 0);
        loop {
            if *budget == 0 {
                return Err(PatternError::BudgetExhausted);
            }
            *budget -= 1;
            let step = self.step(s, p)?;
            let resumed = match step {
                Step::Continue(next_s, next_p) => Some((next_s, next_p)),
                Step::Matched(end) => return Ok(Some(self.found(end))),
                Step::Fail => self.backtrack(),
            };
            match resumed {
                Some((next_s, next_p)) => (s, p) = (next_s, next_p),
                None => return Ok(None),
            }
        }
    }

    fn found(&self, end: usize) -> Found {
        let captures = self
            .captures
            .iter()
            .map(|slot| match slot.len {
                CaptureLen::Unfinished => Capture::Unfinished,
                CaptureLen::Position => Capture::Position(slot.init),
                CaptureLen::Closed(len) => Capture::Span {
                    start: slot.init,
                    end: slot.init + len,
                },
            })
            .collect();
        Found { end, captures }
    }

    /// The byte at `i` as Lua's C code reads it: the string's terminating NUL past the end.
    fn pattern_byte(&self, i: usize) -> u8 {
        self.pattern.get(i).copied().unwrap_or(0)
    }

    fn subject_byte(&self, i: usize) -> u8 {
        self.subject.get(i).copied().unwrap_or(0)
    }

    /// One move of the matcher from subject offset `s` at pattern offset `p`.
    fn step(&mut self, s: usize, p: usize) -> Result<Step, PatternError> {
        if p >= self.pattern.len() {
            return Ok(Step::Matched(s));
        }
        match self.pattern[p] {
            b'(' => {
                if self.pattern_byte(p + 1) == b')' {
                    self.open_capture(s, CaptureLen::Position)?;
                    Ok(Step::Continue(s, p + 2))
                } else {
                    self.open_capture(s, CaptureLen::Unfinished)?;
                    Ok(Step::Continue(s, p + 1))
                }
            }
            b')' => {
                self.close_capture(s)?;
                Ok(Step::Continue(s, p + 1))
            }
            b'$' if p + 1 == self.pattern.len() => Ok(if s == self.subject.len() {
                Step::Matched(s)
            } else {
                Step::Fail
            }),
            ESCAPE if self.pattern_byte(p + 1) == b'b' => Ok(match self.balance(s, p + 2)? {
                Some(end) => Step::Continue(end, p + 4),
                None => Step::Fail,
            }),
            ESCAPE if self.pattern_byte(p + 1) == b'f' => self.frontier(s, p + 2),
            ESCAPE if self.pattern_byte(p + 1).is_ascii_digit() => {
                Ok(match self.back_reference(s, self.pattern_byte(p + 1))? {
                    Some(end) => Step::Continue(end, p + 2),
                    None => Step::Fail,
                })
            }
            _ => self.single_item(s, p),
        }
    }

    /// A character class with its optional quantifier.
    fn single_item(&mut self, s: usize, p: usize) -> Result<Step, PatternError> {
        let ep = self.class_end(p)?;
        let matches = s < self.subject.len() && self.single_match(self.subject[s], p, ep);
        let step = match self.pattern_byte(ep) {
            b'?' => {
                if matches {
                    self.push_choice(Choice::Skip {
                        s,
                        p: ep + 1,
                        trail: self.trail.len(),
                    });
                    Step::Continue(s + 1, ep + 1)
                } else {
                    Step::Continue(s, ep + 1)
                }
            }
            b'*' => self.greedy(s, p, ep),
            b'+' if matches => self.greedy(s + 1, p, ep),
            b'+' => Step::Fail,
            b'-' => {
                self.push_choice(Choice::Lazy {
                    s,
                    item: p,
                    item_end: ep,
                    trail: self.trail.len(),
                });
                Step::Continue(s, ep + 1)
            }
            _ if matches => Step::Continue(s + 1, ep),
            _ => Step::Fail,
        };
        Ok(step)
    }

    /// Counts the longest run of the item from `s`, then tries the rest after it.
    fn greedy(&mut self, s: usize, p: usize, ep: usize) -> Step {
        let count = self.subject[s.min(self.subject.len())..]
            .iter()
            .take_while(|&&c| self.single_match(c, p, ep))
            .count();
        self.push_choice(Choice::Greedy {
            s,
            count,
            next: ep + 1,
            trail: self.trail.len(),
        });
        Step::Continue(s + count, ep + 1)
    }

    fn push_choice(&mut self, choice: Choice) {
        self.choices.push(choice);
    }

    /// Resumes at the most recent alternative not yet tried, undoing capture changes made
    /// since it was recorded; `None` when every alternative failed.
    fn backtrack(&mut self) -> Option<(usize, usize)> {
        loop {
            let choice = self.choices.pop()?;
            let trail = match choice {
                Choice::Skip { trail, .. }
                | Choice::Greedy { trail, .. }
                | Choice::Lazy { trail, .. } => trail,
            };
            self.undo_to(trail);
            match choice {
                Choice::Skip { s, p, .. } => return Some((s, p)),
                Choice::Greedy { s, count, next, .. } => {
                    if count > 0 {
                        self.choices.push(Choice::Greedy {
                            s,
                            count: count - 1,
                            next,
                            trail,
                        });
                        return Some((s + count - 1, next));
                    }
                }
                Choice::Lazy {
                    s, item, item_end, ..
                } => {
                    if s < self.subject.len() && self.single_match(self.subject[s], item, item_end)
                    {
                        self.choices.push(Choice::Lazy {
                            s: s + 1,
                            item,
                            item_end,
                            trail,
                        });
                        return Some((s + 1, item_end + 1));
                    }
                }
            }
        }
    }

    fn undo_to(&mut self, trail: usize) {
        while self.trail.len() > trail {
            match self.trail.pop() {
                Some(Undo::Opened) => {
                    self.captures.pop();
                }
                Some(Undo::Closed(index)) => {
                    if let Some(slot) = self.captures.get_mut(index) {
                        slot.len = CaptureLen::Unfinished;
                    }
                }
                None => break,
            }
        }
    }

    fn open_capture(&mut self, s: usize, len: CaptureLen) -> Result<(), PatternError> {
        if self.captures.len() >= MAX_CAPTURES {
            return Err(PatternError::TooManyCaptures);
        }
        self.captures.push(CaptureSlot { init: s, len });
        self.trail.push(Undo::Opened);
        Ok(())
    }

    /// `)` closes the innermost capture still open.
    fn close_capture(&mut self, s: usize) -> Result<(), PatternError> {
        let index = self
            .captures
            .iter()
            .rposition(|slot| matches!(slot.len, CaptureLen::Unfinished))
            .ok_or(PatternError::InvalidPatternCapture)?;
        let slot = &mut self.captures[index];
        slot.len = CaptureLen::Closed(s - slot.init);
        self.trail.push(Undo::Closed(index));
        Ok(())
    }

    /// `%1`..`%9`: the text of an earlier closed capture must follow.
    fn back_reference(&self, s: usize, digit: u8) -> Result<Option<usize>, PatternError> {
        let index = usize::from(digit)
            .checked_sub(usize::from(b'1'))
            .ok_or(PatternError::InvalidCaptureIndex)?;
        let slot = self
            .captures
            .get(index)
            .ok_or(PatternError::InvalidCaptureIndex)?;
        let len = match slot.len {
            CaptureLen::Unfinished => return Err(PatternError::InvalidCaptureIndex),
            // 5.1 compares against a length of (size_t)-2, which never fits.
            CaptureLen::Position => return Ok(None),
            CaptureLen::Closed(len) => len,
        };
        let captured = &self.subject[slot.init..slot.init + len];
        Ok(self
            .subject
            .get(s..s + len)
            .filter(|text| *text == captured)
            .map(|_| s + len))
    }

    /// `%bxy` with `p` at `x`: a balanced run from `s`, returning its end.
    fn balance(&self, s: usize, p: usize) -> Result<Option<usize>, PatternError> {
        if p + 1 >= self.pattern.len() {
            return Err(PatternError::UnbalancedPattern);
        }
        let (open, close) = (self.pattern[p], self.pattern[p + 1]);
        if self.subject_byte(s) != open || s >= self.subject.len() {
            return Ok(None);
        }
        let mut depth = 1usize;
        for (i, &c) in self.subject.iter().enumerate().skip(s + 1) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    /// `%f[set]` with `p` at `[`: the previous byte is outside the set and the current one in it
    /// (NUL standing for both ends of the subject).
    fn frontier(&self, s: usize, p: usize) -> Result<Step, PatternError> {
        if self.pattern_byte(p) != b'[' {
            return Err(PatternError::MissingFrontierBracket);
        }
        let ep = self.class_end(p)?;
        let previous = if s == 0 { 0 } else { self.subject_byte(s - 1) };
        let current = self.subject_byte(s);
        Ok(
            if !self.bracket_class(previous, p, ep - 1) && self.bracket_class(current, p, ep - 1) {
                Step::Continue(s, ep)
            } else {
                Step::Fail
            },
        )
    }

    /// The offset just past the single-character class starting at `p`.
    fn class_end(&self, p: usize) -> Result<usize, PatternError> {
        let mut p = p;
        let first = self.pattern_byte(p);
        p += 1;
        match first {
            ESCAPE => {
                if p >= self.pattern.len() {
                    return Err(PatternError::EndsWithEscape);
                }
                Ok(p + 1)
            }
            b'[' => {
                if self.pattern_byte(p) == b'^' {
                    p += 1;
                }
                // The first character of a set is taken literally, so `[]]` holds a `]`.
                loop {
                    if p >= self.pattern.len() {
                        return Err(PatternError::MissingBracket);
                    }
                    let c = self.pattern[p];
                    p += 1;
                    if c == ESCAPE && p < self.pattern.len() {
                        p += 1;
                    }
                    if self.pattern_byte(p) == b']' {
                        return Ok(p + 1);
                    }
                }
            }
            _ => Ok(p),
        }
    }

    /// Whether byte `c` matches the class at `p..ep`.
    fn single_match(&self, c: u8, p: usize, ep: usize) -> bool {
        match self.pattern[p] {
            b'.' => true,
            ESCAPE => class_matches(c, self.pattern_byte(p + 1)),
            b'[' => self.bracket_class(c, p, ep - 1),
            literal => literal == c,
        }
    }

    /// Whether `c` is in the set `[...]` spanning `p` (the `[`) to `ec` (the `]`).
    fn bracket_class(&self, c: u8, p: usize, ec: usize) -> bool {
        let mut p = p;
        let mut found = true;
        if self.pattern_byte(p + 1) == b'^' {
            found = false;
            p += 1;
        }
        p += 1;
        while p < ec {
            let item = self.pattern[p];
            if item == ESCAPE {
                p += 1;
                if class_matches(c, self.pattern_byte(p)) {
                    return found;
                }
            } else if self.pattern_byte(p + 1) == b'-' && p + 2 < ec {
                if item <= c && c <= self.pattern[p + 2] {
                    return found;
                }
                p += 2;
            } else if item == c {
                return found;
            }
            p += 1;
        }
        !found
    }
}

/// `%a`, `%d`, ... in the C locale; an upper-case class letter complements the class, and any
/// other character after `%` stands for itself.
pub fn class_matches(c: u8, class: u8) -> bool {
    let result = match class.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return class == c,
    };
    if class.is_ascii_uppercase() {
        !result
    } else {
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(subject: &str, pattern: &str) -> Result<Option<(usize, Found)>, PatternError> {
        super::find(subject.as_bytes(), pattern.as_bytes(), 0, &mut 1_000_000)
    }

    #[test]
    fn greedy_lazy_and_optional_items_backtrack_in_lua_order() {
        let (start, found) = find("aaab", "a*ab").unwrap().unwrap();
        assert_eq!((start, found.end), (0, 4));
        let (start, found) = find("<a><b>", "<(.-)>").unwrap().unwrap();
        assert_eq!((start, found.end), (0, 3));
        assert_eq!(found.captures, vec![Capture::Span { start: 1, end: 2 }]);
        let (_, found) = find("color", "colou?r").unwrap().unwrap();
        assert_eq!(found.end, 5);
    }

    #[test]
    fn captures_are_undone_when_their_branch_fails() {
        let (_, found) = find("xaby", "(a*(.)%w(%s*))").unwrap().unwrap();
        assert_eq!(found.captures.len(), 3);
        let (_, found) = find("hello world", "()ll()").unwrap().unwrap();
        assert_eq!(
            found.captures,
            vec![Capture::Position(2), Capture::Position(4)]
        );
    }

    #[test]
    fn errors_carry_lua_messages() {
        assert_eq!(
            find("a", "%").unwrap_err().message(),
            "malformed pattern (ends with '%')"
        );
        assert_eq!(find("a", "[a").unwrap_err(), PatternError::MissingBracket);
        assert_eq!(
            find("a", "a)").unwrap_err(),
            PatternError::InvalidPatternCapture
        );
        assert_eq!(
            find("a", "%1").unwrap_err(),
            PatternError::InvalidCaptureIndex
        );
        assert_eq!(
            find("a", "%b").unwrap_err(),
            PatternError::UnbalancedPattern
        );
        assert_eq!(
            find("a", "%fa").unwrap_err(),
            PatternError::MissingFrontierBracket
        );
        assert_eq!(
            find("a", &"()".repeat(33)).unwrap_err(),
            PatternError::TooManyCaptures
        );
    }

    #[test]
    fn long_patterns_use_heap_not_stack() {
        // Each `a?` leaves a choice point: 100 000 of them would be as many nested C calls in
        // lua5.1's recursive matcher.
        let subject = "a".repeat(100_000);
        let pattern = "a?".repeat(100_000) + "$";
        let mut budget = u64::MAX;
        let found = match_at(subject.as_bytes(), pattern.as_bytes(), 0, &mut budget).unwrap();
        assert_eq!(found.map(|f| f.end), Some(100_000));
    }

    #[test]
    fn budget_stops_exponential_searches() {
        let subject = "a".repeat(40);
        let pattern = "a*".repeat(20) + "b";
        let mut budget = 100_000;
        assert_eq!(
            match_at(subject.as_bytes(), pattern.as_bytes(), 0, &mut budget),
            Err(PatternError::BudgetExhausted)
        );
    }
}
