//! Conversions between Redis replies and Lua values, as Redis 7.0's Lua glue makes them:
//! a command's reply becomes what `redis.call` returns (RESP2 nulls become `false`, statuses
//! `{ok=...}`, errors `{err=...}`), and a script's return value becomes the reply (numbers
//! truncated, tables read for `err`/`ok`/`double`/`big_number`/`verbatim_string`/`map`/`set`
//! fields before they are taken as arrays that stop at the first nil).

use crate::keyspace::reply::{double_value, Reply};

use crate::vm::state::{LuaError, Vm, MAX_STACK_VALUES};
use crate::vm::value::{TableRef, Value};

/// An error as Redis's Lua glue hands it to scripts: `{err="CODE message"}`, marked when it
/// came from a command (`ignore_error_stats_update`, which scripts can see).
pub struct ErrorTable {
    text: Vec<u8>,
    from_command: bool,
}

impl ErrorTable {
    /// `luaPushError` of a message without a code: the code is `ERR`.
    pub fn from_message(message: &[u8]) -> ErrorTable {
        ErrorTable {
            text: [b"ERR ", trim_line_breaks(message)].concat(),
            from_command: false,
        }
    }

    /// `luaPushErrorBuff` of `-CODE message`: the first word is the code; a single word is a
    /// message whose code is `ERR`.
    pub fn from_reply(reply: &[u8]) -> ErrorTable {
        let body = reply.strip_prefix(b"-").unwrap_or(reply);
        let text = match body.iter().position(|&b| b == b' ') {
            Some(space) => [&body[..space], b" ", trim_line_breaks(&body[space + 1..])].concat(),
            None => [b"ERR ", trim_line_breaks(body)].concat(),
        };
        ErrorTable {
            text,
            from_command: false,
        }
    }

    /// The table for a command's error reply.
    fn from_command(error: &[u8]) -> ErrorTable {
        ErrorTable {
            from_command: true,
            ..ErrorTable::from_reply(&[b"-", error].concat())
        }
    }

    pub fn to_lua(&self, vm: &mut Vm) -> Result<Value, LuaError> {
        let table = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
        let text = vm.string(&self.text)?;
        vm.set_field(table, "err", text)
            .map_err(|e| vm.heap_error(e))?;
        if self.from_command {
            vm.set_field(table, "ignore_error_stats_update", Value::Boolean(true))
                .map_err(|e| vm.heap_error(e))?;
        }
        Ok(Value::Table(table))
    }
}

/// `sdstrim(s, "\r\n")`.
fn trim_line_breaks(text: &[u8]) -> &[u8] {
    let is_break = |b: &u8| *b == b'\r' || *b == b'\n';
    let start = text.iter().position(|b| !is_break(b)).unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|b| !is_break(b))
        .map_or(start, |i| i + 1);
    &text[start..end]
}

/// What `redis.call` returns for `reply`, read in protocol `resp` (2 or 3; RESP3's kinds only
/// reach a script that chose RESP3).
pub fn reply_to_lua(vm: &mut Vm, reply: &Reply, resp: u8) -> Result<Value, LuaError> {
    let null = if resp == 3 {
        Value::Nil
    } else {
        Value::Boolean(false)
    };
    Ok(match reply {
        Reply::Integer(n) => Value::Number(*n as f64),
        Reply::Bulk(Some(bytes)) => vm.string(bytes)?,
        Reply::Bulk(None) | Reply::Array(None) => null,
        Reply::Boolean(b) => Value::Boolean(*b),
        Reply::Status(text) => {
            let text = vm.string(text)?;
            wrapped(vm, "ok", text)?
        }
        Reply::Error(text) => ErrorTable::from_command(text).to_lua(vm)?,
        Reply::Double(d) => wrapped(vm, "double", Value::Number(*d))?,
        Reply::DoubleText(text) => wrapped(vm, "double", Value::Number(double_value(text)))?,
        Reply::BigNumber(digits) => {
            let digits = vm.string(digits)?;
            wrapped(vm, "big_number", digits)?
        }
        Reply::Verbatim { format, text } => {
            let inner = new_table(vm)?;
            let format = vm.string(format)?;
            let text = vm.string(text)?;
            set_field(vm, inner, "format", format)?;
            set_field(vm, inner, "string", text)?;
            wrapped(vm, "verbatim_string", Value::Table(inner))?
        }
        Reply::Array(Some(items)) => {
            // Not presized, as in Redis: with RESP3 nulls in it, `#` then sees the table
            // Lua grew (MGET a missing a has length 1).
            let table = new_table(vm)?;
            for (i, item) in items.iter().enumerate() {
                // Replies nest a few levels at most, so recursion is bounded.
                let value = reply_to_lua(vm, item, resp)?;
                set_index(vm, table, i + 1, value)?;
            }
            Value::Table(table)
        }
        Reply::Map(pairs) => {
            let inner = new_table(vm)?;
            for (key, value) in pairs {
                let key = reply_to_lua(vm, key, resp)?;
                let value = reply_to_lua(vm, value, resp)?;
                set_key(vm, inner, key, value)?;
            }
            wrapped(vm, "map", Value::Table(inner))?
        }
        Reply::Set(items) => {
            let inner = new_table(vm)?;
            for item in items {
                let member = reply_to_lua(vm, item, resp)?;
                set_key(vm, inner, member, Value::Boolean(true))?;
            }
            wrapped(vm, "set", Value::Table(inner))?
        }
    })
}

/// `{name=value}`: how Redis hands scripts the replies Lua has no type for.
fn wrapped(vm: &mut Vm, name: &str, value: Value) -> Result<Value, LuaError> {
    let table = new_table(vm)?;
    set_field(vm, table, name, value)?;
    Ok(Value::Table(table))
}

fn new_table(vm: &mut Vm) -> Result<TableRef, LuaError> {
    vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))
}

fn set_field(vm: &mut Vm, table: TableRef, name: &str, value: Value) -> Result<(), LuaError> {
    vm.set_field(table, name, value)
        .map_err(|e| vm.heap_error(e))
}

fn set_index(vm: &mut Vm, table: TableRef, i: usize, value: Value) -> Result<(), LuaError> {
    set_key(vm, table, Value::Number(i as f64), value)
}

/// A raw set; a nil key (a RESP3 null as a map key or set member) is skipped.
fn set_key(vm: &mut Vm, table: TableRef, key: Value, value: Value) -> Result<(), LuaError> {
    if key.is_nil() {
        return Ok(());
    }
    vm.heap
        .table_set(table, key, value)
        .map_err(|e| vm.heap_error(e))
}

/// Stack slots in use below a script's return value when Redis converts it (the error
/// handler and the value itself); with `MAX_STACK_VALUES` this fixes how deep a returned table
/// may nest before Redis answers `reached lua stack limit`.
const BASE_SLOTS: usize = 2;

/// A table being turned into an array reply.
struct Pending {
    walk: Walk,
    items: Vec<Reply>,
    /// Stack slots Redis has in use at this table's level.
    used: usize,
}

enum Walk {
    /// `t[next]`, `t[next + 1]`, ... until a nil.
    Array { table: TableRef, next: i64 },
    /// `{map=...}`: each key, then its value (`value` holds the value while the key converts).
    Map {
        table: TableRef,
        key: Value,
        value: Option<Value>,
    },
    /// `{set=...}`: the keys.
    Set { table: TableRef, key: Value },
}

/// The reply for a script's return value. `resp` is the protocol the script chose with
/// `redis.setresp` (it decides how `false` reads: nil in RESP2, `#f` — `:0` to a RESP2
/// client — in RESP3).
pub fn lua_to_reply(vm: &Vm, value: Value, resp: u8) -> Reply {
    let mut stack: Vec<Pending> = Vec::new();
    let mut next = Some((value, BASE_SLOTS));
    loop {
        let reply = match next.take() {
            Some((value, used)) => {
                if used + 4 > MAX_STACK_VALUES {
                    Reply::error("ERR reached lua stack limit")
                } else {
                    match convert(vm, value, resp, used) {
                        Converted::Reply(reply) => reply,
                        Converted::Table(pending) => {
                            stack.push(pending);
                            match advance(vm, &mut stack) {
                                Advance::Child(value, used) => {
                                    next = Some((value, used));
                                    continue;
                                }
                                Advance::Finished(reply) => reply,
                            }
                        }
                    }
                }
            }
            None => match advance(vm, &mut stack) {
                Advance::Child(value, used) => {
                    next = Some((value, used));
                    continue;
                }
                Advance::Finished(reply) => reply,
            },
        };
        match stack.last_mut() {
            None => return reply,
            Some(parent) => parent.items.push(reply),
        }
    }
}

enum Converted {
    Reply(Reply),
    Table(Pending),
}

enum Advance {
    /// Convert this value next (with the stack slots in use).
    Child(Value, usize),
    /// The top table is done; here is its reply (already popped).
    Finished(Reply),
}

/// A scalar's reply, or the table walk that will build a table's.
fn convert(vm: &Vm, value: Value, resp: u8, used: usize) -> Converted {
    let reply = match value {
        Value::String(s) => Reply::bulk(vm.heap.bytes_of(s)),
        Value::Number(n) => Reply::Integer(truncate(n)),
        Value::Boolean(b) if resp == 3 => Reply::Boolean(b),
        Value::Boolean(true) => Reply::Integer(1),
        Value::Table(t) => return table_reply(vm, t, used),
        _ => Reply::nil(),
    };
    Converted::Reply(reply)
}

/// `(long long)n` on x86-64: toward zero, and INT64_MIN for anything out of range or NaN.
fn truncate(n: f64) -> i64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if n.is_nan() || !(-TWO_63..TWO_63).contains(&n) {
        i64::MIN
    } else {
        n as i64
    }
}

/// Text up to its first NUL, with CR and LF made spaces: a status or error line as Redis
/// builds it from a C string.
fn reply_line(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
        .collect()
}

/// A table's reply: its special fields in Redis's order of precedence, else an array walk.
fn table_reply(vm: &Vm, t: TableRef, used: usize) -> Converted {
    let field = |name: &[u8]| table_field(vm, vm.heap.table(t), name);
    if let Value::String(s) = field(b"err") {
        return Converted::Reply(Reply::Error(reply_line(vm.heap.bytes_of(s))));
    }
    if let Value::String(s) = field(b"ok") {
        return Converted::Reply(Reply::Status(reply_line(vm.heap.bytes_of(s))));
    }
    if let Value::Number(n) = field(b"double") {
        return Converted::Reply(Reply::Double(n));
    }
    if let Value::String(s) = field(b"big_number") {
        // Redis maps CR and LF to spaces here, but keeps NULs (unlike status lines).
        let digits = vm.heap.bytes_of(s).iter();
        let digits = digits.map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b });
        return Converted::Reply(Reply::BigNumber(digits.collect()));
    }
    if let Value::Table(verbatim) = field(b"verbatim_string") {
        let inner = vm.heap.table(verbatim);
        if let (Value::String(format), Value::String(text)) = (
            table_field(vm, inner, b"format"),
            table_field(vm, inner, b"string"),
        ) {
            return Converted::Reply(Reply::Verbatim {
                format: vm.heap.bytes_of(format).to_vec(),
                text: vm.heap.bytes_of(text).to_vec(),
            });
        }
    }
    if let Value::Table(map) = field(b"map") {
        return Converted::Table(Pending {
            walk: Walk::Map {
                table: map,
                key: Value::Nil,
                value: None,
            },
            items: Vec::new(),
            used: used + 1,
        });
    }
    if let Value::Table(set) = field(b"set") {
        return Converted::Table(Pending {
            walk: Walk::Set {
                table: set,
                key: Value::Nil,
            },
            items: Vec::new(),
            used: used + 1,
        });
    }
    Converted::Table(Pending {
        walk: Walk::Array { table: t, next: 1 },
        items: Vec::new(),
        used,
    })
}

/// A raw read of `table[name]` for a name that may never have been interned (then absent).
fn table_field(vm: &Vm, table: &crate::vm::table::Table, name: &[u8]) -> Value {
    match vm.heap.find_string(name) {
        Some(key) => table.get(&Value::String(key)),
        None => Value::Nil,
    }
}

/// Moves the top table walk on: its next value to convert, or its finished reply.
fn advance(vm: &Vm, stack: &mut Vec<Pending>) -> Advance {
    let Some(top) = stack.last_mut() else {
        return Advance::Finished(Reply::nil());
    };
    let used = top.used;
    match &mut top.walk {
        Walk::Array { table, next } => {
            let value = vm.heap.table(*table).get_int(*next);
            if !value.is_nil() {
                *next += 1;
                return Advance::Child(value, used + 1);
            }
        }
        Walk::Map { table, key, value } => {
            if let Some(value) = value.take() {
                return Advance::Child(value, used + 2);
            }
            if let Ok(Some((k, v))) = vm.heap.table(*table).next(key) {
                *key = k;
                *value = Some(v);
                return Advance::Child(k, used + 3);
            }
        }
        Walk::Set { table, key } => {
            if let Ok(Some((k, _))) = vm.heap.table(*table).next(key) {
                *key = k;
                return Advance::Child(k, used + 2);
            }
        }
    }
    let Some(done) = stack.pop() else {
        return Advance::Finished(Reply::nil());
    };
    Advance::Finished(match done.walk {
        Walk::Array { .. } => Reply::Array(Some(done.items)),
        Walk::Set { .. } => Reply::Set(done.items),
        Walk::Map { .. } => {
            let mut items = done.items.into_iter();
            let mut pairs = Vec::new();
            while let (Some(key), Some(value)) = (items.next(), items.next()) {
                pairs.push((key, value));
            }
            Reply::Map(pairs)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_tables_take_the_first_word_as_code() {
        assert_eq!(ErrorTable::from_reply(b"-My Error").text, b"My Error");
        assert_eq!(ErrorTable::from_reply(b"-oops").text, b"ERR oops");
        assert_eq!(ErrorTable::from_reply(b"-").text, b"ERR ");
        assert_eq!(ErrorTable::from_reply(b"-E x\r\n").text, b"E x");
        assert_eq!(ErrorTable::from_message(b"boom").text, b"ERR boom");
    }

    #[test]
    fn numbers_truncate_as_x86_casts_do() {
        assert_eq!(truncate(3.99), 3);
        assert_eq!(truncate(-3.99), -3);
        assert_eq!(truncate(1e20), i64::MIN);
        assert_eq!(truncate(f64::NAN), i64::MIN);
        assert_eq!(truncate(f64::INFINITY), i64::MIN);
    }
}
