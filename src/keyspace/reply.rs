//! Replies as Redis sends them (RESP2's five kinds, which is what redis-cli and scripts see
//! by default).

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Status(Vec<u8>),
    Error(Vec<u8>),
    Integer(i64),
    /// A bulk string; None is the nil bulk.
    Bulk(Option<Vec<u8>>),
    /// None is the nil array.
    Array(Option<Vec<Reply>>),
}

impl Reply {
    pub fn ok() -> Reply {
        Reply::Status(b"OK".to_vec())
    }

    pub fn error(message: &str) -> Reply {
        Reply::Error(message.as_bytes().to_vec())
    }

    /// An error formatted as Redis's `addReplyErrorFormat` does it: each `{}` in `template`
    /// takes the next argument's raw bytes up to its first NUL (C's `%s`), then line breaks
    /// at the ends are trimmed and those inside become spaces, so the reply stays one line.
    pub fn error_format(template: &str, args: &[&[u8]]) -> Reply {
        let mut message = Vec::new();
        let mut pieces = template.split("{}");
        message.extend_from_slice(pieces.next().unwrap_or_default().as_bytes());
        for (piece, arg) in pieces.zip(args) {
            message.extend_from_slice(arg.split(|&b| b == 0).next().unwrap_or_default());
            message.extend_from_slice(piece.as_bytes());
        }
        let line_break = |b: &u8| *b == b'\r' || *b == b'\n';
        let start = message
            .iter()
            .position(|b| !line_break(b))
            .unwrap_or(message.len());
        let end = message
            .iter()
            .rposition(|b| !line_break(b))
            .map_or(start, |i| i + 1);
        let mut message = message.get(start..end).unwrap_or_default().to_vec();
        for b in &mut message {
            if line_break(b) {
                *b = b' ';
            }
        }
        Reply::Error(message)
    }

    pub fn bulk(bytes: &[u8]) -> Reply {
        Reply::Bulk(Some(bytes.to_vec()))
    }

    pub fn nil() -> Reply {
        Reply::Bulk(None)
    }
}

/// Redis's standard error texts.
pub const WRONG_TYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const SYNTAX: &str = "ERR syntax error";
pub const OVERFLOW: &str = "ERR increment or decrement would overflow";
