//! Reading the RESP3 wire format back into [`Reply`]: the server's own descriptions of its
//! commands (`COMMAND INFO` / `COMMAND DOCS`) are kept as the raw replies redis-server 7.0.15
//! sent, and read once when first asked for. Only the kinds those replies use, and the other
//! plain ones, are read; anything else (or a truncated reply) reads as None.

use super::reply::Reply;

/// Nesting beyond this is refused rather than followed (the descriptions nest 6 deep).
const MOST_DEPTH: usize = 32;

/// Reads one whole reply from the start of `bytes`: the reply and the bytes after it.
pub fn read(bytes: &[u8]) -> Option<(Reply, &[u8])> {
    read_nested(bytes, 0)
}

fn read_nested(bytes: &[u8], depth: usize) -> Option<(Reply, &[u8])> {
    if depth > MOST_DEPTH {
        return None;
    }
    let (&kind, rest) = bytes.split_first()?;
    let (line, mut rest) = split_line(rest)?;
    let count = || -> Option<usize> { std::str::from_utf8(line).ok()?.parse().ok() };
    let reply = match kind {
        b'+' => Reply::Status(line.to_vec()),
        b'-' => Reply::Error(line.to_vec()),
        b':' => Reply::Integer(std::str::from_utf8(line).ok()?.parse().ok()?),
        b'_' => Reply::Bulk(None),
        b'#' => Reply::Boolean(line == b"t"),
        b'$' => {
            let (text, after) = split_bulk(rest, count()?)?;
            rest = after;
            Reply::Bulk(Some(text.to_vec()))
        }
        b'*' | b'~' => {
            let mut items = Vec::new();
            for _ in 0..count()? {
                let (item, after) = read_nested(rest, depth + 1)?;
                items.push(item);
                rest = after;
            }
            if kind == b'*' {
                Reply::Array(Some(items))
            } else {
                Reply::Set(items)
            }
        }
        b'%' => {
            let mut pairs = Vec::new();
            for _ in 0..count()? {
                let (key, after) = read_nested(rest, depth + 1)?;
                let (value, after) = read_nested(after, depth + 1)?;
                pairs.push((key, value));
                rest = after;
            }
            Reply::Map(pairs)
        }
        _ => return None,
    };
    Some((reply, rest))
}

/// The text up to the next CRLF, and what follows it.
fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = bytes.windows(2).position(|w| w == b"\r\n")?;
    Some((&bytes[..end], &bytes[end + 2..]))
}

/// A bulk string's `len` bytes and what follows their CRLF.
fn split_bulk(bytes: &[u8], len: usize) -> Option<(&[u8], &[u8])> {
    let text = bytes.get(..len)?;
    let after = bytes.get(len..)?.strip_prefix(b"\r\n")?;
    Some((text, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_kinds_and_refuses_truncation() {
        let wire = b"*3\r\n%1\r\n$4\r\nflag\r\n~2\r\n+RW\r\n+access\r\n:-7\r\n_\r\nrest";
        let (reply, rest) = read(wire).expect("a reply");
        assert_eq!(rest, b"rest");
        assert_eq!(
            reply,
            Reply::Array(Some(vec![
                Reply::Map(vec![(
                    Reply::bulk(b"flag"),
                    Reply::Set(vec![
                        Reply::Status(b"RW".to_vec()),
                        Reply::Status(b"access".to_vec())
                    ])
                )]),
                Reply::Integer(-7),
                Reply::Bulk(None),
            ]))
        );
        for cut in 0..wire.len() - 4 {
            assert!(read(&wire[..cut]).is_none(), "cut at {cut}");
        }
        assert!(read(&b"*1\r\n".repeat(40)).is_none());
    }
}
