//! wasm-bindgen exports (wasm32 only): a thin translation layer between JavaScript values and
//! the engine. Nothing here holds engine logic.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Runs once when the module is instantiated: panics become readable console errors instead of
/// an opaque `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version (the same string `ferrous-lua --version` prints after the name).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

#[wasm_bindgen(typescript_custom_section)]
const KEYSPACE_DUMP: &str = r#"
/** A byte string: the text when it is UTF-8, else its bytes in base64. */
export type DumpBytes = string | { base64: string };
/** An integer: a number within ±2^53-1, a decimal string beyond. */
export type DumpInteger = number | string;
/** The keyspace as `Sandbox.dump()` returns it and `Sandbox.load()` takes it. */
export interface KeyspaceDump {
  version?: 1;
  /** The virtual clock, Unix milliseconds. */
  time?: DumpInteger;
  databases?: { db: number; keys?: DumpKey[] }[];
}
/** One key: exactly one of the six value fields. */
export interface DumpKey {
  key: DumpBytes;
  string?: DumpBytes;
  list?: DumpBytes[];
  /** [field, value] pairs in HGETALL order. */
  hash?: [DumpBytes, DumpBytes][];
  /** Members in SMEMBERS order. */
  set?: DumpBytes[];
  /** [member, score] pairs, lowest first; scores are numbers or "inf", "-inf", "-0". */
  zset?: [DumpBytes, number | string][];
  stream?: DumpStream;
  /** Absolute Unix milliseconds on the virtual clock. */
  expiresAt?: DumpInteger;
  /** What OBJECT ENCODING says of the key. */
  encoding?: string;
}
/** Stream IDs are "<ms>-<seq>" strings. */
export interface DumpStream {
  entries?: { id: string; fields: [DumpBytes, DumpBytes][] }[];
  lastId?: string;
  maxDeletedId?: string;
  entriesAdded?: DumpInteger;
  groups?: {
    name: DumpBytes;
    lastDeliveredId: string;
    /** null where Redis holds the count as unknown. */
    entriesRead?: DumpInteger | null;
    consumers?: { name: DumpBytes; seenTime?: DumpInteger }[];
    pending?: {
      id: string;
      consumer: DumpBytes;
      deliveryTime?: DumpInteger;
      deliveryCount?: DumpInteger;
    }[];
  }[];
  /** Redis's listpack nodes, when deletes or trims made them differ from the entries'. */
  nodes?: {
    master: string;
    masterFields: DumpBytes[];
    written: [string, boolean][];
    bytes: DumpInteger;
  }[];
}
"#;

/// The JavaScript `Sandbox`: one in-memory Lua world (the Redis keyspace joins it with the
/// scripting layer). Plain Lua runs with output collected, bounded by the instruction and
/// memory limits given at construction.
#[wasm_bindgen]
pub struct Sandbox {
    vm: crate::vm::state::Vm,
    instruction_limit: u64,
    /// The in-memory Redis: keyspace, script cache and functions.
    server: crate::scripting::server::Server,
}

/// Options of `new Sandbox(options)`.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SandboxOptions {
    instruction_limit: Option<f64>,
    memory_limit: Option<f64>,
    /// Where the virtual clock starts, in Unix milliseconds (now by default).
    time: Option<f64>,
}

/// What `Sandbox.compile` returns.
#[derive(serde::Serialize)]
struct Compiled {
    listing: String,
    functions: Vec<crate::compiler::listing::FunctionListing>,
}

/// What `Sandbox.run` returns.
#[derive(serde::Serialize)]
struct Ran {
    output: String,
    error: Option<String>,
}

/// What a debugging session's checkpoints may hold together in wasm: a page's memory is
/// tighter than a native process's (whose default is 256 MiB), and `back` stays fast with
/// fewer, sparser copies.
const CHECKPOINT_BYTES: u64 = 32 << 20;

/// Default bounds: 100 million instructions and 256 MiB of heap per run.
const DEFAULT_INSTRUCTIONS: u64 = 100_000_000;
const DEFAULT_MEMORY: usize = 256 << 20;

#[wasm_bindgen]
impl Sandbox {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Sandbox, JsError> {
        let options: SandboxOptions = if options.is_undefined() || options.is_null() {
            SandboxOptions::default()
        } else if nested_deeper_than(&options, OPTIONS_DEPTH) {
            return Err(JsError::new(
                "options nested deeper than any options (or circular)",
            ));
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&e.to_string()))?
        };
        let memory = options
            .memory_limit
            .map_or(DEFAULT_MEMORY, |m| m.max(0.0) as usize);
        let mut vm =
            crate::stdlib::new_vm(memory).map_err(|_| JsError::new("not enough memory"))?;
        vm.collect_output = true;
        let instruction_limit = options
            .instruction_limit
            .map_or(DEFAULT_INSTRUCTIONS, |n| n.max(0.0) as u64);
        let now = options
            .time
            .unwrap_or_else(|| crate::clock::unix_seconds() * 1000.0);
        let mut server = crate::scripting::server::Server::new(now as i64);
        server.instruction_limit = instruction_limit;
        server.script_heap_limit = memory;
        Ok(Sandbox {
            vm,
            instruction_limit,
            server,
        })
    }

    /// Runs one Redis command: `command("SET", "k", 1)`. Strings are sent as UTF-8, numbers
    /// as JavaScript writes them, `Uint8Array`s as their bytes. The reply comes back as the
    /// common Node clients give it; an error reply throws a `ReplyError`.
    #[wasm_bindgen(variadic)]
    pub fn command(&mut self, args: js_sys::Array) -> Result<JsValue, JsValue> {
        let words = args
            .iter()
            .map(|a| word(&a))
            .collect::<Result<Vec<_>, _>>()?;
        reply_to_js(self.server.execute(&words))
    }

    /// `EVAL script numkeys keys... args...` with `keys` and `args` given as arrays.
    pub fn eval(
        &mut self,
        script: &str,
        keys: Option<Vec<String>>,
        args: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        let (keys, args) = (keys.unwrap_or_default(), args.unwrap_or_default());
        let mut words = vec![b"EVAL".to_vec(), script.as_bytes().to_vec()];
        words.push(keys.len().to_string().into_bytes());
        words.extend(keys.into_iter().chain(args).map(String::into_bytes));
        reply_to_js(self.server.execute(&words))
    }

    /// One redis-cli line, answered with the text `redis-cli --no-raw` prints for it.
    pub fn exec(&mut self, line: &str) -> String {
        use crate::keyspace::redis_cli::{run_line, LineOutcome};
        let mut execute = |args: &[Vec<u8>]| self.server.execute(args);
        let text = match run_line(&mut execute, line.as_bytes()) {
            LineOutcome::Printed(text) => text,
            LineOutcome::Stop => Vec::new(),
            LineOutcome::Fail(mut printed, problem) => {
                printed.extend(problem);
                printed
            }
        };
        String::from_utf8_lossy(&text).into_owned()
    }

    /// A debugging session over `EVAL script` with `keys` and `args`, on a copy of this
    /// sandbox's keyspace (which it leaves as it is), paused before the first instruction.
    pub fn debug(
        &self,
        script: &str,
        keys: Option<Vec<String>>,
        args: Option<Vec<String>>,
    ) -> DebugSessionBinding {
        let words = |list: Option<Vec<String>>| -> Vec<Vec<u8>> {
            list.unwrap_or_default()
                .into_iter()
                .map(String::into_bytes)
                .collect()
        };
        let mut session = crate::debugger::session::DebugSession::on_server(
            &self.server,
            script.as_bytes(),
            &words(keys),
            &words(args),
        );
        session.set_checkpoint_memory(CHECKPOINT_BYTES);
        DebugSessionBinding { session }
    }

    /// The keyspace as JSON-able data: every key of every database with its type, value,
    /// expiry (absolute Unix milliseconds) and `OBJECT ENCODING`, and the virtual clock's
    /// time. Byte strings are strings when they are UTF-8 and `{base64}` objects otherwise;
    /// scores are numbers or `"inf"`/`"-inf"`/`"-0"`; integers past ±2^53-1 and stream IDs
    /// are strings. `JSON.stringify` keeps it exact; README's JavaScript section has the shape.
    #[wasm_bindgen(unchecked_return_type = "KeyspaceDump")]
    pub fn dump(&mut self) -> Result<JsValue, JsError> {
        // Unknown group read counters are `null`, as Redis shows them.
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
        serde::Serialize::serialize(&self.server.keyspace.dump(), &serializer)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Replaces the keyspace with `dump` (what `dump()` returned, the same as JSON text, or a
    /// hand-written seed with the optional parts left out) and sets the virtual clock to its
    /// `time` when it has one. An invalid dump throws an `Error` saying what is wrong and
    /// where, and leaves the keyspace as it was. Scripts and functions are kept.
    pub fn load(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "KeyspaceDump | string")] dump: JsValue,
    ) -> Result<(), JsError> {
        let dump = match dump.as_string() {
            Some(text) => js_sys::JSON::parse(&text)
                .map_err(|_| JsError::new("invalid keyspace dump: the text is not JSON"))?,
            None => dump,
        };
        if !dump.is_object() {
            return Err(JsError::new(
                "invalid keyspace dump: expected an object or JSON text",
            ));
        }
        if nested_deeper_than(&dump, DUMP_DEPTH) {
            return Err(JsError::new(
                "invalid keyspace dump: nested deeper than any dump (or circular)",
            ));
        }
        let dump: crate::keyspace::portable::KeyspaceDump = serde_wasm_bindgen::from_value(dump)
            .map_err(|e| JsError::new(&format!("invalid keyspace dump: {}", error_text(e))))?;
        self.server
            .keyspace
            .load(dump)
            .map_err(|message| JsError::new(&message))
    }

    /// Moves the virtual clock behind EXPIRE, TTL and TIME forward by `ms` milliseconds.
    #[wasm_bindgen(js_name = advanceTime)]
    pub fn advance_time(&mut self, ms: f64) {
        if ms.is_finite() && ms > 0.0 {
            self.server.keyspace.now = self.server.keyspace.now.saturating_add(ms as i64);
        }
    }

    /// Compiles `source` as the chunk `chunk_name` (`=stdin` by default, as `luac -`) and
    /// returns luac5.1's `-l -l` listing with the same functions as data; a syntax error
    /// throws an `Error` carrying lua5.1's message.
    pub fn compile(&self, source: &str, chunk_name: Option<String>) -> Result<JsValue, JsError> {
        let name = chunk_name.unwrap_or_else(|| "=stdin".to_string());
        let proto = crate::compiler::loader::load(source.as_bytes(), name.as_bytes(), 1)
            .map_err(|e| JsError::new(&String::from_utf8_lossy(&e.message)))?;
        let compiled = Compiled {
            listing: String::from_utf8_lossy(&crate::compiler::listing::listing(&proto, true))
                .into_owned(),
            functions: crate::compiler::listing::functions(&proto),
        };
        serde_wasm_bindgen::to_value(&compiled).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Runs `source` as plain Lua (the chunk `chunk_name`, `=stdin` by default): what it
    /// printed, and the message of the error that ended it, if one did.
    pub fn run(&mut self, source: &str, chunk_name: Option<String>) -> Result<JsValue, JsError> {
        let name = chunk_name.unwrap_or_else(|| "=stdin".to_string());
        self.vm.output.clear();
        let error = match crate::compiler::loader::load(source.as_bytes(), name.as_bytes(), 1) {
            Err(e) => Some(String::from_utf8_lossy(&e.message).into_owned()),
            Ok(proto) => match self.vm.load_main(&proto) {
                Err(_) => Some("not enough memory".to_string()),
                Ok(main) => match self.vm.start(main, &[], self.instruction_limit) {
                    Ok(crate::vm::call::Run::Finished(_)) => None,
                    Ok(crate::vm::call::Run::Paused) => {
                        self.vm.abandon();
                        Some("instruction limit exceeded".to_string())
                    }
                    Err(error) => Some(match error.value {
                        crate::vm::value::Value::String(_) | crate::vm::value::Value::Number(_) => {
                            String::from_utf8_lossy(&self.vm.plain_text(&error.value)).into_owned()
                        }
                        _ => "(error object is not a string)".to_string(),
                    }),
                },
            },
        };
        let ran = Ran {
            output: String::from_utf8_lossy(&std::mem::take(&mut self.vm.output)).into_owned(),
            error,
        };
        // `error` is `null` when there is none, as the JavaScript API promises.
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
        serde::Serialize::serialize(&ran, &serializer).map_err(|e| JsError::new(&e.to_string()))
    }
}

/// The options are one flat object.
const OPTIONS_DEPTH: usize = 1;

/// How deep a dump's objects and arrays go, with room to spare: a pending entry's consumer
/// written as `{base64}` sits ten levels down.
const DUMP_DEPTH: usize = 12;

/// Whether `value` nests objects or arrays more than `limit` levels deep, walked with a work
/// list. serde-wasm-bindgen describes a value of the wrong kind in its error message by
/// printing it, recursively, so a deep or circular one would overflow the stack mid-call and
/// leave the sandbox unusable; such values are refused before it sees them.
fn nested_deeper_than(value: &JsValue, limit: usize) -> bool {
    let mut pending = vec![(value.clone(), 0)];
    while let Some((value, depth)) = pending.pop() {
        if !value.is_object() || value.is_instance_of::<js_sys::Uint8Array>() {
            continue;
        }
        if depth >= limit {
            return true;
        }
        let items = if js_sys::Array::is_array(&value) {
            js_sys::Array::from(&value)
        } else {
            js_sys::Object::values(value.unchecked_ref())
        };
        pending.extend(items.iter().map(|item| (item, depth + 1)));
    }
    false
}

/// A serde-wasm-bindgen error's message, without the `Error: ` its text starts with.
fn error_text(error: serde_wasm_bindgen::Error) -> String {
    let text = error.to_string();
    match JsValue::from(error).dyn_into::<js_sys::Error>() {
        Ok(error) => String::from(error.message()),
        Err(_) => text,
    }
}

/// A command word from a JavaScript argument.
fn word(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    // JavaScript's own number text (`String(n)`), as Node clients send numbers.
    if value.as_f64().is_some() {
        let text = js_sys::Number::from(value.clone()).to_string_with_radix(10)?;
        return Ok(String::from(text).into_bytes());
    }
    if value.is_bigint() {
        let text = js_sys::BigInt::from(value.clone()).to_string(10)?;
        return Ok(String::from(text).into_bytes());
    }
    if value.is_instance_of::<js_sys::Uint8Array>() {
        return Ok(js_sys::Uint8Array::new(value).to_vec());
    }
    Err(js_sys::TypeError::new("command arguments must be strings, numbers or Uint8Arrays").into())
}

/// A reply as Node's Redis clients hand it over: strings, numbers, `null`, arrays (maps as
/// plain objects); an error reply becomes a thrown `ReplyError` (inside an array it stays an
/// `Error` value, as those clients leave it).
fn reply_to_js(reply: crate::keyspace::reply::Reply) -> Result<JsValue, JsValue> {
    match reply {
        crate::keyspace::reply::Reply::Error(message) => Err(reply_error(&message)),
        reply => Ok(nested_reply_to_js(reply)),
    }
}

fn reply_error(message: &[u8]) -> JsValue {
    let error = js_sys::Error::new(&String::from_utf8_lossy(message));
    error.set_name("ReplyError");
    error.into()
}

/// An array, set or map being filled: its JavaScript value, the replies still to convert,
/// and (for maps) the key waiting for its value.
struct Filling {
    target: JsValue,
    items: std::vec::IntoIter<crate::keyspace::reply::Reply>,
    map: bool,
    key: Option<JsValue>,
}

/// Converts with a work list, not recursion: script replies can nest thousands deep.
fn nested_reply_to_js(reply: crate::keyspace::reply::Reply) -> JsValue {
    use crate::keyspace::reply::Reply;
    let text = |bytes: &[u8]| JsValue::from_str(&String::from_utf8_lossy(bytes));
    let mut open: Vec<Filling> = Vec::new();
    let mut next = Some(reply);
    loop {
        let mut done = match next.take() {
            None => None,
            Some(reply) => {
                let (target, items, map) = match reply {
                    Reply::Error(message) => (reply_error(&message), Vec::new(), None),
                    Reply::Status(bytes) | Reply::Bulk(Some(bytes)) | Reply::BigNumber(bytes) => {
                        (text(&bytes), Vec::new(), None)
                    }
                    Reply::Verbatim { text: bytes, .. } => (text(&bytes), Vec::new(), None),
                    Reply::Integer(n) => (JsValue::from_f64(n as f64), Vec::new(), None),
                    Reply::Double(d) => (JsValue::from_f64(d), Vec::new(), None),
                    Reply::Boolean(b) => (JsValue::from_bool(b), Vec::new(), None),
                    Reply::Bulk(None) | Reply::Array(None) => (JsValue::NULL, Vec::new(), None),
                    Reply::Array(Some(items)) | Reply::Set(items) => {
                        (js_sys::Array::new().into(), items, Some(false))
                    }
                    Reply::Map(pairs) => (
                        js_sys::Object::new().into(),
                        pairs.into_iter().flat_map(|(k, v)| [k, v]).collect(),
                        Some(true),
                    ),
                };
                match map {
                    None => Some(target),
                    Some(map) => {
                        open.push(Filling {
                            target,
                            items: items.into_iter(),
                            map,
                            key: None,
                        });
                        None
                    }
                }
            }
        };
        // Hand finished values to their parents until one has an item left to convert.
        loop {
            if let Some(value) = done.take() {
                let Some(parent) = open.last_mut() else {
                    return value;
                };
                if !parent.map {
                    parent.target.unchecked_ref::<js_sys::Array>().push(&value);
                } else if let Some(key) = parent.key.take() {
                    // Reflect.set on a fresh plain object cannot fail.
                    let _ = js_sys::Reflect::set(&parent.target, &key, &value);
                } else {
                    parent.key = Some(value);
                }
            }
            let Some(parent) = open.last_mut() else {
                return JsValue::NULL;
            };
            if let Some(item) = parent.items.next() {
                next = Some(item);
                break;
            }
            done = open.pop().map(|finished| finished.target);
        }
    }
}

/// The JavaScript `DebugSession`: each move answers the snapshot where it stops.
#[wasm_bindgen(js_name = DebugSession)]
pub struct DebugSessionBinding {
    session: crate::debugger::session::DebugSession,
}

/// A snapshot as a plain JavaScript object (`null` where Rust has None).
fn snapshot_to_js(snapshot: &crate::debugger::snapshot::Snapshot) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    serde::Serialize::serialize(snapshot, &serializer).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen(js_class = DebugSession)]
impl DebugSessionBinding {
    /// One VM instruction.
    pub fn step(&mut self) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.step())
    }

    /// To the next line event (a new line, or a backward jump).
    #[wasm_bindgen(js_name = stepLine)]
    pub fn step_line(&mut self) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.step_line())
    }

    #[wasm_bindgen(js_name = stepOver)]
    pub fn step_over(&mut self) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.step_over())
    }

    #[wasm_bindgen(js_name = stepOut)]
    pub fn step_out(&mut self) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.step_out())
    }

    /// To a breakpoint, a `redis.breakpoint()` or the end.
    #[wasm_bindgen(js_name = continue)]
    pub fn continue_(&mut self) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.continue_())
    }

    /// One instruction back.
    pub fn back(&mut self) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.back())
    }

    /// The moment after `step` instructions.
    pub fn goto(&mut self, step: f64) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.goto(step.max(0.0) as u64))
    }

    #[wasm_bindgen(js_name = setBreakpoints)]
    pub fn set_breakpoints(&mut self, lines: Vec<i32>) {
        self.session.set_breakpoints(&lines);
    }

    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        snapshot_to_js(&self.session.snapshot())
    }
}
