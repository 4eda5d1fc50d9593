//! redis-cli's side of the conversation: splitting a typed line into arguments as
//! `sdssplitargs` does (words, "double quoted" with `\n \r \t \b \a \" \\ \xHH`, 'single
//! quoted' with `\'`), and printing a reply as `redis-cli --no-raw` prints it.

use super::reply::{format_double, Reply};

/// What one typed line does.
pub enum LineOutcome {
    /// The text redis-cli prints for it (possibly nothing, for a blank line).
    Printed(Vec<u8>),
    /// `quit` or `exit`: redis-cli stops reading.
    Stop,
    /// A reply redis-cli cannot read or print: it writes this (with the text printed before
    /// it on the same line) to stderr and exits with status 1.
    Fail(Vec<u8>, Vec<u8>),
}

/// Runs one redis-cli line through `execute` (a server's command entry) as redis-cli does
/// with a non-terminal stdin: blank lines print nothing, `quit`/`exit` stop, and a leading
/// number repeats the command.
pub fn run_line(execute: &mut dyn FnMut(&[Vec<u8>]) -> Reply, line: &[u8]) -> LineOutcome {
    let Some(words) = split_line(line) else {
        return LineOutcome::Printed(b"Invalid argument(s)\n".to_vec());
    };
    let Some(first) = words.first() else {
        return LineOutcome::Printed(Vec::new());
    };
    if first.eq_ignore_ascii_case(b"quit") || first.eq_ignore_ascii_case(b"exit") {
        return LineOutcome::Stop;
    }
    let (repeat, command) = match repeat_count(&words) {
        Some(split) => split,
        None => {
            return LineOutcome::Printed(
                b"Invalid redis-cli repeat command option value.\n".to_vec(),
            )
        }
    };
    let mut out = Vec::new();
    for _ in 0..repeat {
        let reply = execute(command);
        if let Some(problem) = unreadable(&reply) {
            return LineOutcome::Fail(out, problem.as_bytes().to_vec());
        }
        if printed_verbatim(command) {
            raw_into(&mut out, &reply);
        } else {
            out.extend(format_reply(&reply));
        }
    }
    LineOutcome::Printed(out)
}

/// The commands whose replies redis-cli prints as they are, even in `--no-raw` mode: text
/// meant for people (INFO, CLUSTER INFO, CLIENT LIST, ...), with no newline added.
fn printed_verbatim(words: &[Vec<u8>]) -> bool {
    let is = |i: usize, name: &str| {
        words
            .get(i)
            .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
    };
    let argc = words.len();
    is(0, "info")
        || is(0, "lolwut")
        || (argc >= 2 && is(0, "debug") && (is(1, "htstats") || is(1, "htstats-key")))
        || (argc >= 2 && is(0, "memory") && (is(1, "malloc-stats") || is(1, "doctor")))
        || (argc == 2 && is(0, "cluster") && (is(1, "nodes") || is(1, "info")))
        || (argc >= 2 && is(0, "client") && (is(1, "list") || is(1, "info")))
        || (argc == 3 && is(0, "latency") && is(1, "graph"))
        || (argc == 2 && is(0, "latency") && is(1, "doctor"))
        || (argc >= 2 && is(0, "proxy") && is(1, "info"))
}

/// Why redis-cli 7.0.15 would give up on `reply`: hiredis refuses a NaN double while reading
/// it, and redis-cli has no way to print a big number.
fn unreadable(reply: &Reply) -> Option<&'static str> {
    let mut big_number = false;
    let mut work = vec![reply];
    while let Some(reply) = work.pop() {
        match reply {
            Reply::Double(d) if d.is_nan() => return Some("Error: Bad double value\n"),
            Reply::BigNumber(_) => big_number = true,
            Reply::Array(Some(items)) | Reply::Set(items) => work.extend(items),
            Reply::Map(pairs) => work.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
            _ => {}
        }
    }
    big_number.then_some("Unknown reply type: 13\n")
}

/// Splits off a leading repeat count (`3 INCR n`): a first word that `strtol` reads whole,
/// followed by a command. None when that count is not positive or overflows.
pub fn repeat_count(words: &[Vec<u8>]) -> Option<(u64, &[Vec<u8>])> {
    let [first, rest @ ..] = words else {
        return Some((1, words));
    };
    let digits = match first.first() {
        Some(b'+' | b'-') => &first[1..],
        _ => first.as_slice(),
    };
    if rest.is_empty() || digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Some((1, words));
    }
    let n: i64 = std::str::from_utf8(first).ok()?.parse().ok()?;
    (n > 0).then_some((n as u64, rest))
}

/// The arguments of one line, or None when its quotes are unbalanced (redis-cli then prints
/// `Invalid argument(s)`).
pub fn split_line(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    // The line is a C string to redis-cli: it ends at the first NUL.
    let line = until_nul(line);
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while i < line.len() && is_space(line[i]) {
            i += 1;
        }
        if i >= line.len() {
            return Some(args);
        }
        let mut current = Vec::new();
        let mut in_double = false;
        let mut in_single = false;
        loop {
            let Some(&c) = line.get(i) else {
                if in_double || in_single {
                    return None;
                }
                break;
            };
            if in_double {
                if c == b'\\'
                    && line.get(i + 1) == Some(&b'x')
                    && hex(line.get(i + 2)).is_some()
                    && hex(line.get(i + 3)).is_some()
                {
                    current.push(
                        hex(line.get(i + 2)).unwrap_or(0) * 16 + hex(line.get(i + 3)).unwrap_or(0),
                    );
                    i += 3;
                } else if c == b'\\' && i + 1 < line.len() {
                    i += 1;
                    current.push(match line[i] {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 0x08,
                        b'a' => 0x07,
                        other => other,
                    });
                } else if c == b'"' {
                    // The closing quote must be followed by a space or the end.
                    if line.get(i + 1).is_some_and(|&n| !is_space(n)) {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    current.push(c);
                }
            } else if in_single {
                if c == b'\\' && line.get(i + 1) == Some(&b'\'') {
                    i += 1;
                    current.push(b'\'');
                } else if c == b'\'' {
                    if line.get(i + 1).is_some_and(|&n| !is_space(n)) {
                        return None;
                    }
                    i += 1;
                    break;
                } else {
                    current.push(c);
                }
            } else {
                match c {
                    b' ' | b'\n' | b'\r' | b'\t' => break,
                    b'"' => in_double = true,
                    b'\'' => in_single = true,
                    _ => current.push(c),
                }
            }
            i += 1;
        }
        args.push(current);
    }
}

/// The bytes before the first NUL.
pub fn until_nul(line: &[u8]) -> &[u8] {
    let end = line.iter().position(|&b| b == 0).unwrap_or(line.len());
    &line[..end]
}

/// C's `isspace`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn hex(c: Option<&u8>) -> Option<u8> {
    (*c? as char).to_digit(16).map(|d| d as u8)
}

/// A bulk string as redis-cli quotes it: printable bytes as they are, `\"` and `\\`, the
/// usual escapes, everything else as `\xHH`.
fn quoted(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

/// `cliFormatReplyTTY`: the reply as redis-cli prints it to a terminal (or with
/// `--no-raw`), ending with a newline.
pub fn format_reply(reply: &Reply) -> Vec<u8> {
    let mut out = Vec::new();
    // A work list instead of recursion: a script can return tables nested thousands deep,
    // more than WebAssembly's stack would take.
    let mut steps = vec![Step::Format(reply, 0)];
    while let Some(step) = steps.pop() {
        match step {
            Step::Format(reply, indent) => format_one(&mut out, &mut steps, reply, indent),
            Step::Label { indent, text } => {
                out.resize(out.len() + indent, b' ');
                out.extend_from_slice(text.as_bytes());
            }
            Step::Arrow(value, indent) => {
                // The key's line ends in " => " instead of its newline.
                out.pop();
                out.extend_from_slice(b" => ");
                if spans_lines(value) {
                    out.push(b'\n');
                    out.resize(out.len() + indent, b' ');
                }
            }
        }
    }
    out
}

/// What is left to print, last first.
enum Step<'a> {
    /// A reply, its first line's label already printed; nested lines indent by the number.
    Format(&'a Reply, usize),
    /// An entry's number (`1) `, `2~ `, `3# `) after `indent` spaces.
    Label { indent: usize, text: String },
    /// A map value's separator, then its indentation if it spans lines.
    Arrow(&'a Reply, usize),
}

/// Prints a scalar, or queues an aggregate's entries.
fn format_one<'a>(out: &mut Vec<u8>, steps: &mut Vec<Step<'a>>, reply: &'a Reply, indent: usize) {
    let text: Vec<u8> = match reply {
        Reply::Status(s) => s.clone(),
        Reply::Error(e) => [&b"(error) "[..], e].concat(),
        Reply::Integer(n) => format!("(integer) {n}").into_bytes(),
        Reply::Bulk(None) | Reply::Array(None) => b"(nil)".to_vec(),
        Reply::Bulk(Some(b)) => quoted(b).into_bytes(),
        Reply::Double(d) => [&b"(double) "[..], &format_double(*d)].concat(),
        Reply::DoubleText(t) => [&b"(double) "[..], t].concat(),
        Reply::Boolean(b) => {
            if *b {
                b"(true)".to_vec()
            } else {
                b"(false)".to_vec()
            }
        }
        // Verbatim text is printed as it is; big numbers never get here (see `unreadable`).
        Reply::Verbatim { text, .. } | Reply::BigNumber(text) => text.clone(),
        Reply::Array(Some(items)) => {
            let items: Vec<&Reply> = items.iter().collect();
            return queue_aggregate(out, steps, items, Aggregate::Array, indent);
        }
        Reply::Set(items) => {
            let items: Vec<&Reply> = items.iter().collect();
            return queue_aggregate(out, steps, items, Aggregate::Set, indent);
        }
        Reply::Map(pairs) => {
            let items: Vec<&Reply> = pairs.iter().flat_map(|(k, v)| [k, v]).collect();
            return queue_aggregate(out, steps, items, Aggregate::Map, indent);
        }
    };
    out.extend_from_slice(&text);
    out.push(b'\n');
}

#[derive(Clone, Copy, PartialEq)]
enum Aggregate {
    Array,
    Set,
    Map,
}

/// An array, set or map (`items` alternating keys and values): numbered entries whose
/// numbers are right-aligned to the widest, nested replies indented under them.
fn queue_aggregate<'a>(
    out: &mut Vec<u8>,
    steps: &mut Vec<Step<'a>>,
    items: Vec<&'a Reply>,
    kind: Aggregate,
    indent: usize,
) {
    let (separator, empty) = match kind {
        Aggregate::Array => (')', &b"(empty array)\n"[..]),
        Aggregate::Set => ('~', &b"(empty set)\n"[..]),
        Aggregate::Map => ('#', &b"(empty hash)\n"[..]),
    };
    if items.is_empty() {
        out.extend_from_slice(empty);
        return;
    }
    let step = if kind == Aggregate::Map { 2 } else { 1 };
    let width = (items.len() / step).to_string().len();
    let nested = indent + width + 2;
    for (n, entry) in items.chunks(step).enumerate().rev() {
        if let Some(value) = entry.get(1) {
            steps.push(Step::Format(value, nested));
            steps.push(Step::Arrow(value, nested));
        }
        steps.push(Step::Format(entry[0], nested));
        // The first entry follows the label the parent already printed.
        steps.push(Step::Label {
            indent: if n > 0 { indent } else { 0 },
            text: format!("{:>width$}{separator} ", n + 1),
        });
    }
}

/// `cliIsMultilineValueTTY`: whether the reply prints on more than one line.
fn spans_lines(reply: &Reply) -> bool {
    // Only the first entries of single-entry aggregates are followed: a loop, not recursion.
    let mut reply = reply;
    loop {
        match reply {
            Reply::Array(Some(items)) | Reply::Set(items) => match items.as_slice() {
                [] => return false,
                [only] => reply = only,
                _ => return true,
            },
            Reply::Map(pairs) => match pairs.as_slice() {
                [] => return false,
                [(_, value)] => reply = value,
                _ => return true,
            },
            _ => return false,
        }
    }
}

/// `cliFormatReplyRaw` plus the newline redis-cli adds after a reply: what it prints when
/// its output is not a terminal. Strings are written as they are, nil as nothing, array
/// items one per line, and an error with a newline of its own.
pub fn format_reply_raw(reply: &Reply) -> Vec<u8> {
    let mut out = Vec::new();
    raw_into(&mut out, reply);
    out.push(b'\n');
    out
}

fn raw_into(out: &mut Vec<u8>, reply: &Reply) {
    match reply {
        Reply::Status(s)
        | Reply::Bulk(Some(s))
        | Reply::BigNumber(s)
        | Reply::Verbatim { text: s, .. }
        | Reply::DoubleText(s) => out.extend_from_slice(s),
        Reply::Double(d) => out.extend_from_slice(&format_double(*d)),
        Reply::Boolean(b) => out.extend_from_slice(if *b { b"(true)" } else { b"(false)" }),
        Reply::Map(pairs) => {
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                raw_into(out, key);
                out.push(b' ');
                raw_into(out, value);
            }
        }
        Reply::Set(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                raw_into(out, item);
            }
        }
        Reply::Error(e) => {
            out.extend_from_slice(e);
            out.push(b'\n');
        }
        Reply::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Reply::Bulk(None) | Reply::Array(None) => {}
        Reply::Array(Some(items)) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                raw_into(out, item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_as_redis_cli_splits_them() {
        let args = split_line(br#"SET "a b\n" 'c\'d' x\xff"#).expect("balanced");
        assert_eq!(
            args,
            vec![
                b"SET".to_vec(),
                b"a b\n".to_vec(),
                b"c'd".to_vec(),
                b"x\\xff".to_vec()
            ]
        );
        assert_eq!(split_line(b"ECHO \"open"), None);
        assert_eq!(split_line(b"  "), Some(vec![]));
        assert_eq!(
            split_line(b"ECHO a\0b c"),
            Some(vec![b"ECHO".to_vec(), b"a".to_vec()])
        );
    }
}
