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
pub const NOT_FLOAT: &str = "ERR value is not a valid float";
pub const NOT_FINITE: &str = "ERR increment would produce NaN or Infinity";
