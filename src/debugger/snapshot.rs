//! A debugging session's picture of a paused (or ended) script: where it stands, every
//! frame of the call stack with its registers (named from the locals' pc ranges) and
//! upvalues, what it logged, its reply or error, and what it changed in the keyspace. Plain
//! data, comparable, built by reading the VM without changing it.

use super::keyspace_diff::KeyChange;
use super::render::{render, Limits};
use crate::compiler::proto::Proto;
use crate::keyspace::reply::{double_value, Reply};
use crate::scripting::redis_api::{CommandRecord, LogEntry, DEBUG_OUTPUT, LOG_LEVELS};
use crate::vm::function::{Function, Upvalue};
use crate::vm::state::{Frame, Vm};
use crate::vm::traceback::{called_from_lua, function_name};
use crate::vm::value::Value;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Paused,
    Finished,
    Error,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub status: Status,
    /// Instructions run since the start.
    pub step: u64,
    /// The innermost frame's next instruction and its line (None once ended).
    pub pc: Option<usize>,
    pub line: Option<i32>,
    /// The call stack, innermost first.
    pub frames: Vec<FrameView>,
    /// `redis.log`'s lines (and `redis.debug`'s) so far.
    pub output: Vec<LogLine>,
    /// The `redis.call`/`redis.pcall` commands so far, with their replies.
    pub commands: Vec<CommandView>,
    /// EVAL's reply once the script returned.
    #[serde(serialize_with = "serialize_reply")]
    pub reply: Option<Reply>,
    /// EVAL's error text once the script failed.
    pub error: Option<String>,
    /// EVAL's reply or error once the script ended, as `redis-cli --no-raw` prints it (the
    /// playground shows this: `reply` cannot tell a status reply from a bulk string).
    pub reply_text: Option<String>,
    /// Keyspace changes since step `changes_since` (the step before, or where the last
    /// command started) and since the start.
    pub changes_since: u64,
    pub changes: Vec<KeyChange>,
    pub changes_from_start: Vec<KeyChange>,
}

/// One active Lua call.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameView {
    /// How 5.1's tracebacks name it: `main chunk`, `function 'name'`, `function <src:1>`.
    pub function: String,
    /// Its function's `id` in the listing of the script (`Sandbox.compile`'s functions): the
    /// main function is 1, then each child's subtree in turn (None for a function from
    /// another chunk).
    pub function_id: Option<usize>,
    pub line_defined: i32,
    /// The instruction it is at (the next one for the innermost frame, the call for the
    /// others) and its line.
    pub pc: usize,
    pub line: i32,
    /// How many tail calls led to it, each a caller's frame that is gone (5.1's
    /// `(tail call)` levels).
    pub tail_calls: u32,
    /// It was called by a native function (`pcall`, a library's callback) or the host
    /// rather than by Lua code (5.1's `[C]` in a traceback).
    pub native_caller: bool,
    pub registers: Vec<Register>,
    pub upvalues: Vec<UpvalueView>,
}

/// `R(index)` of a frame, named when a local variable lives there.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Register {
    pub index: usize,
    pub name: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpvalueView {
    pub index: usize,
    pub name: Option<String>,
    pub value: String,
    /// Still the caller's variable (a stack slot) rather than the closure's own copy.
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LogLine {
    /// `LOG_NOTICE` and the like.
    pub level: String,
    pub text: String,
}

/// The frames of the running thread and of the threads waiting on it (coroutines'
/// resumers), innermost first; `main` is the script's main function, which numbers the
/// functions as the listing does.
pub fn frames(vm: &Vm, main: Option<&Proto>, limits: Limits) -> Vec<FrameView> {
    let mut views = Vec::new();
    push_frames(
        vm,
        main,
        &vm.thread.frames,
        &vm.thread.stack,
        true,
        limits,
        &mut views,
    );
    for record in vm.resumes.iter().rev() {
        let thread = vm.heap.threads.get(record.resumer.0);
        push_frames(
            vm,
            main,
            &thread.frames,
            &thread.stack,
            false,
            limits,
            &mut views,
        );
    }
    views
}

/// `frames` of one thread, innermost first; with `running` the innermost is paused before
/// its next instruction, every other frame is at a call.
fn push_frames(
    vm: &Vm,
    main: Option<&Proto>,
    frames: &[Frame],
    stack: &[Value],
    running: bool,
    limits: Limits,
    views: &mut Vec<FrameView>,
) {
    for (i, frame) in frames.iter().enumerate().rev() {
        let innermost = running && i + 1 == frames.len();
        let pc = if innermost {
            frame.pc
        } else {
            frame.pc.saturating_sub(1)
        };
        let proto = &frame.proto.proto;
        views.push(FrameView {
            function: String::from_utf8_lossy(&function_name(frames, i)).into_owned(),
            function_id: main.and_then(|main| listing_id(main, proto)),
            line_defined: proto.line_defined,
            pc,
            line: proto.line_at(pc),
            tail_calls: frame.tail_calls,
            native_caller: !called_from_lua(frame),
            registers: registers(vm, frame, stack, pc, limits),
            upvalues: upvalues(vm, frame, limits),
        });
    }
}

/// Where `target` stands in `root`'s tree in listing order (pre-order: a function, then its
/// children's subtrees in turn), counted from 1 as the listing's ids are.
fn listing_id(root: &Proto, target: &Proto) -> Option<usize> {
    let mut pending = vec![root];
    let mut id = 0;
    while let Some(proto) = pending.pop() {
        id += 1;
        if std::ptr::eq(proto, target) {
            return Some(id);
        }
        pending.extend(proto.protos.iter().rev().map(|child| child.as_ref()));
    }
    None
}

/// `R0..R(maxstack-1)` of `frame`, named by the locals active at `pc`.
fn registers(vm: &Vm, frame: &Frame, stack: &[Value], pc: usize, limits: Limits) -> Vec<Register> {
    let proto = &frame.proto.proto;
    // The active locals, in order, are registers 0, 1, 2... (5.1's `luaF_getlocalname`).
    let mut names = proto
        .locals
        .iter()
        .take_while(|local| local.start_pc as usize <= pc)
        .filter(|local| pc < local.end_pc as usize)
        .map(|local| String::from_utf8_lossy(&local.name).into_owned());
    (0..usize::from(proto.max_stack_size))
        .map(|index| Register {
            index,
            name: names.next(),
            value: render(
                vm,
                stack.get(frame.base + index).copied().unwrap_or_default(),
                limits,
            ),
        })
        .collect()
}

/// The upvalues of `frame`'s closure, named from its prototype.
fn upvalues(vm: &Vm, frame: &Frame, limits: Limits) -> Vec<UpvalueView> {
    let Function::Lua(closure) = vm.heap.function(frame.closure) else {
        return Vec::new();
    };
    let names = &frame.proto.proto.upvalue_names;
    closure
        .upvalues
        .iter()
        .enumerate()
        .map(|(index, &upvalue)| UpvalueView {
            index,
            name: names
                .get(index)
                .map(|name| String::from_utf8_lossy(name).into_owned()),
            value: render(vm, vm.upvalue(upvalue), limits),
            open: matches!(vm.heap.upvalues.get(upvalue), Upvalue::Open { .. }),
        })
        .collect()
}

/// `redis.log`'s entries (and `redis.debug`'s, level `redis.debug`) as lines.
pub fn log_lines(log: &[LogEntry]) -> Vec<LogLine> {
    log.iter()
        .map(|entry| LogLine {
            level: if entry.level == DEBUG_OUTPUT {
                "redis.debug"
            } else {
                LOG_LEVELS
                    .get(usize::from(entry.level))
                    .unwrap_or(&"LOG_NOTICE")
            }
            .to_string(),
            text: String::from_utf8_lossy(&entry.text).into_owned(),
        })
        .collect()
}

/// One `redis.call`/`redis.pcall` as a snapshot shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CommandView {
    pub args: Vec<String>,
    #[serde(serialize_with = "serialize_command_reply")]
    pub reply: Reply,
    /// The reply as `redis-cli --no-raw` prints it.
    #[serde(rename = "replyText")]
    pub reply_text: String,
}

/// The script's commands so far.
pub fn command_views(commands: &[CommandRecord]) -> Vec<CommandView> {
    commands
        .iter()
        .map(|c| CommandView {
            args: c
                .args
                .iter()
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect(),
            reply: c.reply.clone(),
            reply_text: redis_cli_text(&c.reply),
        })
        .collect()
}

/// A reply as `redis-cli --no-raw` prints it (bytes that are not printable ASCII come out
/// escaped, so the text is ASCII whatever the reply holds).
pub fn redis_cli_text(reply: &Reply) -> String {
    String::from_utf8_lossy(&crate::keyspace::redis_cli::format_reply(reply)).into_owned()
}

fn serialize_command_reply<S: serde::Serializer>(
    reply: &Reply,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&JsReply(reply), serializer)
}

/// A reply as the common Node Redis clients give it: bulk and status replies as strings,
/// integers and doubles as numbers, nil as null, arrays (and RESP3 maps, flattened, and
/// sets) as arrays, an error as `{error: text}`.
fn serialize_reply<S: serde::Serializer>(
    reply: &Option<Reply>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match reply {
        Some(reply) => JsReply(reply).serialize(serializer),
        None => serializer.serialize_none(),
    }
}

struct JsReply<'a>(&'a Reply);

impl serde::Serialize for JsReply<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        match self.0 {
            Reply::Status(bytes) | Reply::BigNumber(bytes) => {
                serializer.serialize_str(&text(bytes))
            }
            Reply::Bulk(Some(bytes)) | Reply::Verbatim { text: bytes, .. } => {
                serializer.serialize_str(&text(bytes))
            }
            Reply::Bulk(None) | Reply::Array(None) => serializer.serialize_none(),
            Reply::Integer(n) => serializer.serialize_i64(*n),
            Reply::Double(d) => serializer.serialize_f64(*d),
            Reply::DoubleText(t) => serializer.serialize_f64(double_value(t)),
            Reply::Boolean(b) => serializer.serialize_bool(*b),
            Reply::Error(bytes) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("error", &text(bytes))?;
                map.end()
            }
            Reply::Array(Some(items)) | Reply::Set(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsReply(item))?;
                }
                seq.end()
            }
            Reply::Map(pairs) => {
                let mut seq = serializer.serialize_seq(Some(pairs.len() * 2))?;
                for (key, value) in pairs {
                    seq.serialize_element(&JsReply(key))?;
                    seq.serialize_element(&JsReply(value))?;
                }
                seq.end()
            }
        }
    }
}
