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
        out.extend(format_reply(&reply));
    }
    LineOutcome::Printed(out)
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
                    b' ' | b'\n' | b'\r' | b'\t' | 0 => break,
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
    format_into(&mut out, reply, b"");
    out
}

fn format_into(out: &mut Vec<u8>, reply: &Reply, prefix: &[u8]) {
    match reply {
        Reply::Status(s) => {
            out.extend_from_slice(s);
            out.push(b'\n');
        }
        Reply::Error(e) => {
            out.extend_from_slice(b"(error) ");
            out.extend_from_slice(e);
            out.push(b'\n');
        }
        Reply::Integer(n) => out.extend_from_slice(format!("(integer) {n}\n").as_bytes()),
        Reply::Bulk(None) | Reply::Array(None) => out.extend_from_slice(b"(nil)\n"),
        Reply::Bulk(Some(b)) => {
            out.extend_from_slice(quoted(b).as_bytes());
            out.push(b'\n');
        }
        Reply::Double(d) => {
            out.extend_from_slice(b"(double) ");
            out.extend_from_slice(&format_double(*d));
            out.push(b'\n');
        }
        Reply::Boolean(b) => out.extend_from_slice(if *b { b"(true)\n" } else { b"(false)\n" }),
        // Verbatim text is printed as it is; big numbers never get here (see `unreadable`).
        Reply::Verbatim { text, .. } | Reply::BigNumber(text) => {
            out.extend_from_slice(text);
            out.push(b'\n');
        }
        Reply::Array(Some(items)) => {
            let items: Vec<&Reply> = items.iter().collect();
            format_aggregate(out, &items, Aggregate::Array, prefix);
        }
        Reply::Set(items) => {
            let items: Vec<&Reply> = items.iter().collect();
            format_aggregate(out, &items, Aggregate::Set, prefix);
        }
        Reply::Map(pairs) => {
            let items: Vec<&Reply> = pairs.iter().flat_map(|(k, v)| [k, v]).collect();
            format_aggregate(out, &items, Aggregate::Map, prefix);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Aggregate {
    Array,
    Set,
    Map,
}

/// An array, set or map (`items` alternating keys and values): numbered entries whose
/// numbers are right-aligned to the widest, nested replies indented under them.
fn format_aggregate(out: &mut Vec<u8>, items: &[&Reply], kind: Aggregate, prefix: &[u8]) {
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
    let mut nested = prefix.to_vec();
    nested.resize(prefix.len() + width + 2, b' ');
    for (n, entry) in items.chunks(step).enumerate() {
        if n > 0 {
            out.extend_from_slice(prefix);
        }
        out.extend_from_slice(format!("{:>width$}{separator} ", n + 1).as_bytes());
        format_into(out, entry[0], &nested);
        if let Some(value) = entry.get(1) {
            out.pop();
            out.extend_from_slice(b" => ");
            if spans_lines(value) {
                out.push(b'\n');
                out.extend_from_slice(&nested);
            }
            format_into(out, value, &nested);
        }
    }
}

/// `cliIsMultilineValueTTY`: whether the reply prints on more than one line.
fn spans_lines(reply: &Reply) -> bool {
    match reply {
        Reply::Array(Some(items)) | Reply::Set(items) => {
            items.len() > 1 || items.first().is_some_and(spans_lines)
        }
        Reply::Map(pairs) => pairs.len() > 1 || pairs.first().is_some_and(|(_, v)| spans_lines(v)),
        _ => false,
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
        | Reply::Verbatim { text: s, .. } => out.extend_from_slice(s),
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
    }
}
