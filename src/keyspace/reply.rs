//! Replies as Redis builds them. A command's reply is built once in the richer RESP3 kinds
//! (maps, sets, doubles, booleans); [`Reply::for_protocol`] turns it into what a RESP2
//! client receives (flat arrays, bulk strings, integers), as Redis's `addReply*` functions do
//! for each client's protocol. RESP2's two nils (bulk and array) both read as RESP3's null.

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Status(Vec<u8>),
    Error(Vec<u8>),
    Integer(i64),
    /// A bulk string; None is the nil bulk.
    Bulk(Option<Vec<u8>>),
    /// None is the nil array.
    Array(Option<Vec<Reply>>),
    /// Key/value pairs (RESP2: a flat array).
    Map(Vec<(Reply, Reply)>),
    /// Distinct members (RESP2: an array).
    Set(Vec<Reply>),
    /// RESP2: a bulk string in `%.17g` (`inf`, `-inf`).
    Double(f64),
    /// A double Redis writes as text of its own choosing (GEOPOS's and WITHCOORD's
    /// coordinates, `addReplyHumanLongDouble`): RESP3 sends this text as the double, RESP2
    /// as a bulk string.
    DoubleText(Vec<u8>),
    /// RESP2: `:1` or `:0`.
    Boolean(bool),
    /// RESP2: a bulk string of the digits.
    BigNumber(Vec<u8>),
    /// Text with a three-letter format (`txt`, `mkd`); RESP2: a bulk string of the text.
    Verbatim {
        format: Vec<u8>,
        text: Vec<u8>,
    },
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

    /// A HELP subcommand's reply: its lines as status replies.
    pub fn help(lines: &[&str]) -> Reply {
        Reply::Array(Some(
            lines
                .iter()
                .map(|line| Reply::Status(line.as_bytes().to_vec()))
                .collect(),
        ))
    }

    /// An array of bulk strings.
    pub fn bulks(items: impl IntoIterator<Item = Vec<u8>>) -> Reply {
        Reply::Array(Some(
            items.into_iter().map(|b| Reply::Bulk(Some(b))).collect(),
        ))
    }

    /// A map's value under the key `name` (a bulk or status string).
    pub fn field(&self, name: &str) -> Option<&Reply> {
        let Reply::Map(pairs) = self else {
            return None;
        };
        pairs
            .iter()
            .find(|(k, _)| k.text() == Some(name.as_bytes()))
            .map(|(_, v)| v)
    }

    /// The same, to change it.
    pub fn field_mut(&mut self, name: &str) -> Option<&mut Reply> {
        let Reply::Map(pairs) = self else {
            return None;
        };
        pairs
            .iter_mut()
            .find(|(k, _)| k.text() == Some(name.as_bytes()))
            .map(|(_, v)| v)
    }

    /// The bytes of a bulk or status string.
    pub fn text(&self) -> Option<&[u8]> {
        match self {
            Reply::Bulk(Some(text)) | Reply::Status(text) => Some(text),
            _ => None,
        }
    }

    /// The reply as a client speaking protocol `resp` (2 or 3) receives it: unchanged for
    /// RESP3; for RESP2 every RESP3 kind, at any depth, in its RESP2 form.
    pub fn for_protocol(mut self, resp: u8) -> Reply {
        // Most replies are RESP2 kinds already, with nothing inside to look at.
        let plain = matches!(
            self,
            Reply::Status(_) | Reply::Error(_) | Reply::Integer(_) | Reply::Bulk(_)
        );
        if resp < 3 && !plain {
            // A work list rather than recursion: replies built from script tables nest deep.
            let mut work: Vec<&mut Reply> = vec![&mut self];
            while let Some(reply) = work.pop() {
                reply.lower_one();
                if let Reply::Array(Some(items)) = reply {
                    work.extend(items.iter_mut());
                }
            }
        }
        self
    }

    /// This reply's own RESP2 form; its elements are left for the caller.
    fn lower_one(&mut self) {
        let lowered = match std::mem::replace(self, Reply::Integer(0)) {
            Reply::Map(pairs) => {
                Reply::Array(Some(pairs.into_iter().flat_map(|(k, v)| [k, v]).collect()))
            }
            Reply::Set(items) => Reply::Array(Some(items)),
            Reply::Double(d) => Reply::Bulk(Some(format_double(d))),
            Reply::DoubleText(text) => Reply::Bulk(Some(text)),
            Reply::Boolean(b) => Reply::Integer(i64::from(b)),
            Reply::BigNumber(digits) => Reply::Bulk(Some(digits)),
            Reply::Verbatim { text, .. } => Reply::Bulk(Some(text)),
            other => other,
        };
        *self = lowered;
    }
}

/// A double as Redis 7.0 replies with it: `%.17g`, and `inf` / `-inf`.
pub fn format_double(d: f64) -> Vec<u8> {
    if d.is_infinite() {
        return if d > 0.0 {
            b"inf".to_vec()
        } else {
            b"-inf".to_vec()
        };
    }
    let spec = crate::stdlib::printf::Spec {
        precision: Some(17),
        conversion: b'g',
        ..crate::stdlib::printf::Spec::default()
    };
    crate::stdlib::printf::format_float(&spec, d)
}

/// The value a client reads from a double sent as `text` (hiredis and Lua use `strtod`).
pub fn double_value(text: &[u8]) -> f64 {
    std::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.0)
}

/// Redis's standard error texts.
pub const WRONG_TYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const SYNTAX: &str = "ERR syntax error";
pub const OVERFLOW: &str = "ERR increment or decrement would overflow";
pub const NOT_FLOAT: &str = "ERR value is not a valid float";
pub const NOT_FINITE: &str = "ERR increment would produce NaN or Infinity";

#[cfg(test)]
mod tests {
    use super::Reply;

    #[test]
    fn formatted_errors_cut_arguments_at_nul_and_keep_one_line() {
        assert_eq!(
            Reply::error_format("ERR '{}' and '{}'", &[b"a\0b", b"\xff\r\nc"]),
            Reply::Error(b"ERR 'a' and '\xff  c'".to_vec())
        );
        assert_eq!(
            Reply::error_format("ERR {}", &[b"x\r\n"]),
            Reply::Error(b"ERR x".to_vec())
        );
    }
}
