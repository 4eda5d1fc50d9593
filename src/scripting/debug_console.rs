//! Redis's Lua debugger (LDB) as a script's natives see it: the console its lines are logged
//! to while a debugging session runs (`redis.debug()` output, the commands a stepping script
//! sends with their replies and errors), the flags natives set or read (`redis.breakpoint()`,
//! step mode), and the two renderings LDB prints with: a Lua value (`ldbCatStackValue`) and
//! a command's reply (`ldbRedisProtocolToHuman`). The session itself is the debugger layer's.

use crate::keyspace::reply::{format_double, Reply};
use crate::stdlib::printf;
use crate::vm::state::Vm;
use crate::vm::value::Value;

/// Replies and values longer than this are trimmed until `maxlen` says otherwise.
pub const DEFAULT_MAXLEN: usize = 256;

/// Nesting depth at which a value dump gives up (`LUA_MINSTACK / 2`).
const MAX_DUMP_DEPTH: usize = 10;

/// Values a dump visits at most. Each table is dumped twice (as an array and as a map), so a
/// table holding itself several times takes exponential time; Redis hangs on it, a dump here
/// stops short instead.
const MAX_DUMPED_VALUES: usize = 1 << 22;

/// Commands logged in step mode show this many words, then how many more there were.
const LOGGED_WORDS: usize = 10;

/// The debugging session's state that natives share with it.
#[derive(Debug, Clone)]
pub struct DebugConsole {
    /// Step mode: stop at the next line, and log the commands the script sends meanwhile.
    pub step: bool,
    /// `redis.breakpoint()` was called: stop at the next line as at a breakpoint.
    pub lua_breakpoint: bool,
    /// The line of the last line event (what `redis.debug()` reports).
    pub current_line: i32,
    /// Logged replies and values are cut at this many bytes; 0 is no limit.
    pub maxlen: usize,
    /// The hint about `maxlen 0` was given (or the user already knows the command).
    pub maxlen_hint_sent: bool,
    /// Lines not yet sent to the client.
    pub logs: Vec<Vec<u8>>,
}

impl Default for DebugConsole {
    fn default() -> DebugConsole {
        DebugConsole {
            step: true,
            lua_breakpoint: false,
            current_line: 0,
            maxlen: DEFAULT_MAXLEN,
            maxlen_hint_sent: false,
            logs: Vec::new(),
        }
    }
}

impl DebugConsole {
    pub fn log(&mut self, entry: Vec<u8>) {
        self.logs.push(entry);
    }

    /// Logs `entry` cut at `maxlen` (with ` ...`); the first cut also logs a hint.
    pub fn log_with_maxlen(&mut self, mut entry: Vec<u8>) {
        let trimmed = self.maxlen != 0 && entry.len() > self.maxlen;
        if trimmed {
            entry.truncate(self.maxlen);
            entry.extend_from_slice(b" ...");
        }
        self.log(entry);
        if trimmed && !self.maxlen_hint_sent {
            self.maxlen_hint_sent = true;
            self.log(
                b"<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.".to_vec(),
            );
        }
    }

    /// `<redis> WORD ...` for a command the script sends in step mode.
    pub fn log_command(&mut self, argv: &[Vec<u8>]) {
        let mut entry = b"<redis>".to_vec();
        for (i, word) in argv.iter().enumerate() {
            if i == LOGGED_WORDS {
                let more = argv.len() - i - 1;
                entry.extend_from_slice(format!(" ... ({more} more)").as_bytes());
                break;
            }
            entry.push(b' ');
            entry.extend_from_slice(word);
        }
        self.log(entry);
    }

    /// `<error> TEXT` for an error a native hands to the script.
    pub fn log_error(&mut self, text: &[u8]) {
        self.log([b"<error> ".as_slice(), text].concat());
    }

    /// `<reply> ...` for a command's reply as the script's protocol `resp` carries it.
    pub fn log_reply(&mut self, reply: &Reply, resp: u8) {
        let mut entry = b"<reply> ".to_vec();
        reply_text(&mut entry, reply, resp);
        self.log_with_maxlen(entry);
    }
}

/// Appends `reply` as LDB shows replies: integers bare, bulk strings quoted (`NULL` for the
/// nil bulk), statuses and errors quoted with their `+`/`-`, arrays `[a,b]`, and RESP3's sets
/// `~(a,b)`, maps `{k => v,...}`, null `(null)`, booleans `#true` and doubles `(double) 1.5`.
/// Big numbers and verbatim strings are kinds it does not know: they show as nothing.
pub fn reply_text(out: &mut Vec<u8>, reply: &Reply, resp: u8) {
    let null: &[u8] = if resp >= 3 { b"(null)" } else { b"NULL" };
    match reply {
        Reply::Integer(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Reply::Bulk(Some(bytes)) => repr(out, bytes),
        Reply::Bulk(None) | Reply::Array(None) => out.extend_from_slice(null),
        Reply::Status(text) => repr(out, &[b"+", text.as_slice()].concat()),
        Reply::Error(text) => repr(out, &[b"-", text.as_slice()].concat()),
        Reply::Array(Some(items)) => sequence(out, b"[", items, b"]", resp),
        Reply::Set(items) => sequence(out, b"~(", items, b")", resp),
        Reply::Map(pairs) => {
            out.push(b'{');
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                reply_text(out, key, resp);
                out.extend_from_slice(b" => ");
                reply_text(out, value, resp);
            }
            out.push(b'}');
        }
        Reply::Boolean(b) => out.extend_from_slice(if *b { b"#true" } else { b"#false" }),
        Reply::Double(d) => {
            out.extend_from_slice(b"(double) ");
            out.extend_from_slice(&format_double(*d));
        }
        Reply::DoubleText(text) => {
            out.extend_from_slice(b"(double) ");
            out.extend_from_slice(text);
        }
        Reply::BigNumber(_) | Reply::Verbatim { .. } => {}
    }
}

fn sequence(out: &mut Vec<u8>, open: &[u8], items: &[Reply], close: &[u8], resp: u8) {
    out.extend_from_slice(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        reply_text(out, item, resp);
    }
    out.extend_from_slice(close);
}

/// `sdscatrepr`: `bytes` in double quotes, with `\\ \" \n \r \t \a \b` escaped and other
/// unprintable bytes as `\xHH`.
pub fn repr(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    for &b in bytes {
        match b {
            b'\\' | b'"' => out.extend_from_slice(&[b'\\', b]),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x07 => out.extend_from_slice(b"\\a"),
            0x08 => out.extend_from_slice(b"\\b"),
            b' '..=b'~' => out.push(b),
            _ => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
        }
    }
    out.push(b'"');
}

/// Appends `value` as LDB dumps Lua values: strings quoted, numbers `%g`, tables that are
/// sequences `{1; 2}` and others `{[k]=v; ...}` (in `next` order), functions and other
/// objects by address.
pub fn value_text(out: &mut Vec<u8>, vm: &Vm, value: Value) {
    let mut budget = MAX_DUMPED_VALUES;
    dump(out, vm, value, 0, &mut budget);
}

fn dump(out: &mut Vec<u8>, vm: &Vm, value: Value, depth: usize, budget: &mut usize) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    if depth == MAX_DUMP_DEPTH {
        out.extend_from_slice(b"<max recursion level reached! Nested table?>");
        return;
    }
    match value {
        Value::String(s) => repr(out, vm.heap.bytes_of(s)),
        Value::Boolean(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Value::Number(n) => {
            let spec = printf::Spec {
                conversion: b'g',
                ..printf::Spec::default()
            };
            out.extend_from_slice(&printf::format_float(&spec, n));
        }
        Value::Nil => out.extend_from_slice(b"nil"),
        Value::Table(t) => {
            // Both forms are built as the pairs come, as LDB does; the keys decide which shows.
            let (mut as_array, mut as_map) = (Vec::new(), Vec::new());
            let mut sequence = true;
            let mut expected = 1.0;
            let mut key = Value::Nil;
            while let Ok(Some((k, v))) = vm.heap.table(t).next(&key) {
                key = k;
                if sequence && !matches!(k, Value::Number(n) if n == expected) {
                    sequence = false;
                }
                dump(&mut as_array, vm, v, depth + 1, budget);
                as_array.extend_from_slice(b"; ");
                as_map.push(b'[');
                dump(&mut as_map, vm, k, depth + 1, budget);
                as_map.extend_from_slice(b"]=");
                dump(&mut as_map, vm, v, depth + 1, budget);
                as_map.extend_from_slice(b"; ");
                expected += 1.0;
            }
            let body = if sequence { as_array } else { as_map };
            out.push(b'{');
            out.extend_from_slice(body.strip_suffix(b"; ").unwrap_or(&body));
            out.push(b'}');
        }
        Value::Function(f) => address(out, "function", f.0),
        Value::Userdata(u) => address(out, "userdata", u.0),
        Value::Thread(t) => address(out, "thread", t.0),
    }
}

/// `"kind@0x..."`: objects have no addresses here, so their handle stands in for one.
fn address(out: &mut Vec<u8>, kind: &str, handle: impl Into<u64>) {
    let pointer = 0x5555_0000_0000_u64 + handle.into() * 0x40;
    out.extend_from_slice(format!("\"{kind}@0x{pointer:x}\"").as_bytes());
}
