//! The `redis` table scripts see (`call pcall error_reply status_reply sha1hex log setresp
//! set_repl replicate_commands breakpoint debug acl_check_cmd` and the constants), Redis's own
//! `math.random`/`math.randomseed`, and [`ScriptContext`]: what those natives reach through
//! `Vm::embedder` while a script runs — the keyspace above all.

use super::convert::{reply_to_lua, ErrorTable};
use super::debug_console::{value_text, DebugConsole};
use super::rand48::Rand48;
use super::{eval, functions, sha1};
use crate::keyspace::command::{self, Command, Handler, MAY_REPLICATE, NOSCRIPT, WRITE};
use crate::keyspace::reply::Reply;
use crate::keyspace::Keyspace;
use crate::number::str_to_number;
use crate::stdlib::printf;
use crate::vm::state::{Args, LuaError, Outcome, Vm};
use crate::vm::value::{TableRef, Value};

/// Redis's log levels (`LL_DEBUG` .. `LL_WARNING`).
pub const LOG_LEVELS: [&str; 4] = ["LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING"];

/// The version scripts are told they run on.
pub const REDIS_VERSION: &str = "7.0.15";
/// `0x00MMmmpp` of [`REDIS_VERSION`].
pub const REDIS_VERSION_NUM: f64 = 458_767.0;

/// One line a script logged with `redis.log`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub level: u8,
    pub text: Vec<u8>,
}

/// What a script's natives work on, kept in `Vm::embedder` for the length of a run.
pub struct ScriptContext {
    pub keyspace: Keyspace,
    /// Redis's one `lrand48` state behind `math.random`: it carries over from script to script.
    pub rand: Rand48,
    /// The protocol `redis.call` replies are read in (`redis.setresp`); 2 at every start.
    pub resp: u8,
    /// Write commands are refused: EVAL_RO, or a script whose shebang says `no-writes`.
    pub read_only: bool,
    /// A write command ran (from then on SCRIPT KILL would refuse).
    pub wrote: bool,
    /// `redis.log` output.
    pub log: Vec<LogEntry>,
    /// The functions `redis.register_function` registered; present only while FUNCTION LOAD
    /// runs a library.
    pub registrations: Option<Vec<Registration>>,
    /// The debugger's console, present while a debugging session runs the script.
    pub console: Option<DebugConsole>,
    /// What a stepping debugger records of the run (commands, `redis.debug` lines); None
    /// otherwise, so that plain runs keep nothing.
    pub record: Option<RunRecord>,
}

/// The commands a script ran, in order, for a debugger's snapshots.
#[derive(Debug, Clone, Default)]
pub struct RunRecord {
    pub commands: Vec<CommandRecord>,
}

/// The level a watched run's `redis.debug` lines carry in its log, after Redis's four
/// `redis.log` levels.
pub const DEBUG_OUTPUT: u8 = 4;

/// One `redis.call` or `redis.pcall`: its words and the reply (in the script's protocol).
#[derive(Debug, Clone, PartialEq)]
pub struct CommandRecord {
    pub args: Vec<Vec<u8>>,
    pub reply: Reply,
}

/// A function a library registered.
#[derive(Debug, Clone)]
pub struct Registration {
    pub name: Vec<u8>,
    pub callback: Value,
    /// Script flag bits (see [`super::eval::SCRIPT_FLAGS`]).
    pub flags: u8,
    pub description: Option<Vec<u8>>,
}

impl ScriptContext {
    /// Runs a command on behalf of the script, with the checks Redis makes before it lets a
    /// script run one (`scriptCall`), in Redis's order.
    pub fn command(&mut self, argv: &[Vec<u8>]) -> Reply {
        if let Some(console) = self.stepping() {
            console.log_command(argv);
        }
        let (command, flags) = match self.admit(argv) {
            Ok(admitted) => admitted,
            Err(message) => {
                if let Some(console) = self.stepping() {
                    console.log_error(message.as_bytes());
                }
                return Reply::error(&format!("ERR {message}"));
            }
        };
        if flags & WRITE != 0 {
            self.wrote = true;
        }
        // The script's client speaks the protocol the script chose with redis.setresp.
        let caller = std::mem::replace(&mut self.keyspace.resp, self.resp);
        self.keyspace.script_caller = true;
        let reply = match command.run {
            Handler::Keyspace(_) => self.keyspace.run(command, argv),
            // Of the scripting layer's commands scripts may only call SCRIPT HELP and
            // FUNCTION HELP (the rest are NOSCRIPT), which need neither engine.
            Handler::Scripting => match command.name {
                "function" => Reply::help(functions::HELP),
                "script" => Reply::help(eval::HELP),
                _ => command::unknown_command(&argv[0], &argv[1..]),
            },
        };
        self.keyspace.script_caller = false;
        self.keyspace.resp = caller;
        let reply = reply.for_protocol(self.resp);
        let resp = self.resp;
        if let Some(console) = self.stepping() {
            if let Reply::Error(text) = &reply {
                console.log_error(&[b"-", text.as_slice()].concat());
            }
            console.log_reply(&reply, resp);
        }
        reply
    }

    /// The command `argv` names, or why a script may not run it (`scriptCall`'s checks, in
    /// Redis's order).
    fn admit(&self, argv: &[Vec<u8>]) -> Result<(&'static Command, u32), &'static str> {
        let Some(command) = argv.first().and_then(|name| command::find(name)) else {
            return Err(refusal_of_absent(
                argv.first().map_or(&[][..], |n| n),
                argv.len(),
            ));
        };
        // A container's subcommand has its own arity and flags.
        let (arity, flags) = match command.subcommand(argv) {
            None => (command.arity, command.flags),
            Some(Some(sub)) => (sub.arity, sub.flags),
            Some(None) => {
                let full = [&argv[0][..], b"|", &argv[1][..]].concat();
                return Err(refusal_of_absent(&full, argv.len()));
            }
        };
        if !command::arity_accepts(arity, argv.len()) {
            return Err("Wrong number of args calling Redis command from script");
        }
        if flags & NOSCRIPT != 0 {
            return Err("This Redis command is not allowed from script");
        }
        if flags & (WRITE | MAY_REPLICATE) != 0 && self.read_only {
            return Err("Write commands are not allowed from read-only scripts.");
        }
        Ok((command, flags))
    }

    /// The debugger's console when it is in step mode, where natives log what they do.
    pub fn stepping(&mut self) -> Option<&mut DebugConsole> {
        self.console.as_mut().filter(|console| console.step)
    }
}

/// Redis 7.0's NOSCRIPT commands and subcommands that this server does not have
/// (pub/sub, replication, persistence, connection state, script debugging) with
/// their arities: a script calling one gets the arity check and the refusal Redis gives, not
/// "Unknown Redis command".
const ABSENT_REFUSED: &[(&str, i32)] = &[
    ("auth", -2),
    ("bgrewriteaof", 1),
    ("bgsave", -1),
    ("debug", -2),
    ("failover", -1),
    ("monitor", 1),
    ("psubscribe", -2),
    ("psync", -3),
    ("punsubscribe", -1),
    ("replconf", -1),
    ("replicaof", 3),
    ("role", 1),
    ("save", 1),
    ("script|debug", 3),
    ("shutdown", -1),
    ("slaveof", 3),
    ("ssubscribe", -2),
    ("subscribe", -2),
    ("sunsubscribe", -1),
    ("sync", 1),
    ("unsubscribe", -1),
    ("wait", 3),
];

/// Why a script may not call a command the table lacks, named in full (`quit`,
/// `script|debug`) and called with `argc` words.
fn refusal_of_absent(name: &[u8], argc: usize) -> &'static str {
    let known = ABSENT_REFUSED
        .iter()
        .find(|(n, _)| name.eq_ignore_ascii_case(n.as_bytes()));
    match known {
        None => "Unknown Redis command called from script",
        Some(&(_, arity)) if command::arity_accepts(arity, argc) => {
            "This Redis command is not allowed from script"
        }
        Some(_) => "Wrong number of args calling Redis command from script",
    }
}

/// The running script's context. Natives are only called during a run, when it is present.
fn context(vm: &mut Vm) -> Result<&mut ScriptContext, LuaError> {
    let present = vm
        .embedder
        .as_ref()
        .is_some_and(|e| e.is::<ScriptContext>());
    if !present {
        return Err(vm.error_value(b"redis API used outside a script run"));
    }
    vm.embedder
        .as_mut()
        .and_then(|e| e.downcast_mut::<ScriptContext>())
        .ok_or_else(|| LuaError::new(Value::Nil))
}

/// Builds the `redis` table in the globals: for EVAL's state (`eval`) with the debugging
/// members and `replicate_commands`, for the functions' state without them.
pub fn open(vm: &mut Vm, eval: bool) -> Result<(), LuaError> {
    let redis = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
    vm.register(
        redis,
        &[
            ("call", call),
            ("pcall", pcall),
            ("log", log),
            ("setresp", setresp),
        ],
    )?;
    for (level, name) in LOG_LEVELS.iter().enumerate() {
        set(vm, redis, name, Value::Number(level as f64))?;
    }
    vm.register(
        redis,
        &[
            ("sha1hex", sha1hex),
            ("error_reply", error_reply),
            ("status_reply", status_reply),
            ("set_repl", set_repl),
        ],
    )?;
    // This order of insertion gives the table Redis's layout, so `pairs(redis)` visits the
    // members in Redis's order.
    set_version(vm, redis)?;
    for (name, flags) in [
        ("REPL_NONE", 0.0),
        ("REPL_AOF", 1.0),
        ("REPL_SLAVE", 2.0),
        ("REPL_REPLICA", 2.0),
        ("REPL_ALL", 3.0),
    ] {
        set(vm, redis, name, Value::Number(flags))?;
    }
    vm.register(redis, &[("acl_check_cmd", acl_check_cmd)])?;
    if eval {
        vm.register(
            redis,
            &[
                ("breakpoint", breakpoint),
                ("debug", debug),
                ("replicate_commands", replicate_commands),
            ],
        )?;
    }
    let globals = vm.globals;
    set(vm, globals, "redis", Value::Table(redis))?;
    // Redis's portable generator replaces the C library's behind math.random.
    let math = vm
        .get_field(globals, "math")
        .map_err(|e| vm.heap_error(e))?;
    if let Value::Table(math) = math {
        vm.register(math, &[("random", random), ("randomseed", randomseed)])?;
    }
    Ok(())
}

/// `redis.REDIS_VERSION_NUM` and `redis.REDIS_VERSION`.
fn set_version(vm: &mut Vm, redis: TableRef) -> Result<(), LuaError> {
    set(
        vm,
        redis,
        "REDIS_VERSION_NUM",
        Value::Number(REDIS_VERSION_NUM),
    )?;
    let version = vm.string(REDIS_VERSION.as_bytes())?;
    set(vm, redis, "REDIS_VERSION", version)
}

/// The `redis` table a library's body sees while FUNCTION LOAD runs it:
/// `register_function`, `log` and its levels, and the version.
pub fn load_api(vm: &mut Vm) -> Result<TableRef, LuaError> {
    let redis = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
    vm.register(
        redis,
        &[("register_function", register_function), ("log", log)],
    )?;
    for (level, name) in LOG_LEVELS.iter().enumerate() {
        set(vm, redis, name, Value::Number(level as f64))?;
    }
    set_version(vm, redis)?;
    Ok(redis)
}

fn set(vm: &mut Vm, table: TableRef, name: &str, value: Value) -> Result<(), LuaError> {
    vm.set_field(table, name, value)
        .map_err(|e| vm.heap_error(e))
}

/// `lua_tonumber`: numbers, and strings that read as numbers.
fn to_number(vm: &Vm, value: Value) -> Option<f64> {
    match value {
        Value::Number(n) => Some(n),
        Value::String(s) => str_to_number(vm.heap.bytes_of(s)),
        _ => None,
    }
}

/// `luaPushError` + `luaError`: raises `{err="ERR <message>"}`.
fn raise(vm: &mut Vm, message: &str) -> LuaError {
    log_error(vm, message.as_bytes());
    match ErrorTable::from_message(message.as_bytes()).to_lua(vm) {
        Ok(table) => LuaError::new(table),
        Err(error) => error,
    }
}

/// `%.17g`: how Redis 7.0 turns a number argument into a command argument.
pub fn number_argument(n: f64) -> Vec<u8> {
    let spec = printf::Spec {
        precision: Some(17),
        conversion: b'g',
        ..printf::Spec::default()
    };
    printf::format_float(&spec, n)
}

/// `luaArgsToRedisArgv`: the arguments as command words, or None when one is neither a string
/// nor a number.
fn command_words(vm: &Vm, args: Args) -> Option<Vec<Vec<u8>>> {
    (0..args.count)
        .map(|i| match vm.arg(args, i) {
            Value::String(s) => Some(vm.heap.bytes_of(s).to_vec()),
            Value::Number(n) => Some(number_argument(n)),
            _ => None,
        })
        .collect()
}

/// `redis.call` (raising errors) and `redis.pcall` (returning them).
fn command_call(vm: &mut Vm, args: Args, raise_errors: bool) -> Result<Outcome, LuaError> {
    let problem = if args.count == 0 {
        Some("Please specify at least one argument for this redis lib call")
    } else {
        None
    };
    let words = match problem {
        Some(problem) => Err(problem),
        None => command_words(vm, args)
            .ok_or("Lua redis lib command arguments must be strings or integers"),
    };
    let words = match words {
        Ok(words) => words,
        Err(problem) => {
            log_error(vm, problem.as_bytes());
            let table = ErrorTable::from_message(problem.as_bytes()).to_lua(vm)?;
            if raise_errors {
                return Err(LuaError::new(table));
            }
            vm.push(table);
            return Ok(Outcome::Return(1));
        }
    };
    let context = context(vm)?;
    let reply = context.command(&words);
    let resp = context.resp;
    if let Some(record) = context.record.as_mut() {
        record.commands.push(CommandRecord {
            args: words,
            reply: reply.clone(),
        });
    }
    let value = reply_to_lua(vm, &reply, resp)?;
    if raise_errors && matches!(reply, Reply::Error(_)) {
        return Err(LuaError::new(value));
    }
    vm.push(value);
    Ok(Outcome::Return(1))
}

fn call(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    command_call(vm, args, true)
}

fn pcall(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    command_call(vm, args, false)
}

/// `redis.error_reply(s)`: `{err=s}` with a `-` added when missing and the error code made
/// explicit; a bad argument returns (does not raise) an error table.
fn error_reply(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let table = match (args.count, vm.arg(args, 0)) {
        (1, Value::String(s)) => {
            let text = vm.heap.bytes_of(s);
            let reply = if text.first() == Some(&b'-') {
                text.to_vec()
            } else {
                [b"-", text].concat()
            };
            log_error(vm, &reply);
            ErrorTable::from_reply(&reply)
        }
        _ => {
            log_error(vm, b"wrong number or type of arguments");
            ErrorTable::from_message(b"wrong number or type of arguments")
        }
    };
    let table = table.to_lua(vm)?;
    vm.push(table);
    Ok(Outcome::Return(1))
}

/// `redis.status_reply(s)`: `{ok=s}`.
fn status_reply(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let value = vm.arg(args, 0);
    let table = if args.count == 1 && matches!(value, Value::String(_)) {
        let table = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
        set(vm, table, "ok", value)?;
        Value::Table(table)
    } else {
        log_error(vm, b"wrong number or type of arguments");
        ErrorTable::from_message(b"wrong number or type of arguments").to_lua(vm)?
    };
    vm.push(table);
    Ok(Outcome::Return(1))
}

fn sha1hex(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count != 1 {
        return Err(raise(vm, "wrong number of arguments"));
    }
    // lua_tolstring: numbers are digested as their text; other values as nothing.
    let bytes = match vm.arg(args, 0) {
        Value::String(s) => vm.heap.bytes_of(s).to_vec(),
        Value::Number(n) => crate::number::number_to_string(n).into_bytes(),
        _ => Vec::new(),
    };
    let hex = vm.string(sha1::hex_digest(&bytes).as_bytes())?;
    vm.push(hex);
    Ok(Outcome::Return(1))
}

/// `redis.log(level, ...)`: the arguments that have a text form, joined by spaces.
fn log(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count < 2 {
        return Err(raise(vm, "redis.log() requires two arguments or more."));
    }
    let Some(level) = to_number(vm, vm.arg(args, 0)) else {
        return Err(raise(vm, "First argument must be a number (log level)."));
    };
    let level = printf::c_int(level);
    if !(0..=3).contains(&level) {
        return Err(raise(vm, "Invalid debug level."));
    }
    let mut text = Vec::new();
    for i in 1..args.count {
        let part = match vm.arg(args, i) {
            Value::String(s) => vm.heap.bytes_of(s).to_vec(),
            Value::Number(n) => crate::number::number_to_string(n).into_bytes(),
            _ => continue,
        };
        if i != 1 {
            text.push(b' ');
        }
        text.extend_from_slice(&part);
    }
    context(vm)?.log.push(LogEntry {
        level: level as u8,
        text,
    });
    Ok(Outcome::Return(0))
}

fn setresp(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count != 1 {
        return Err(raise(vm, "redis.setresp() requires one argument."));
    }
    let resp = to_number(vm, vm.arg(args, 0)).map_or(0, printf::c_int);
    if resp != 2 && resp != 3 {
        return Err(raise(vm, "RESP version must be 2 or 3."));
    }
    context(vm)?.resp = resp as u8;
    Ok(Outcome::Return(0))
}

/// `redis.set_repl(flags)`: replication is not modelled, but the flags are checked.
fn set_repl(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count != 1 {
        return Err(raise(vm, "redis.set_repl() requires two arguments."));
    }
    let flags = to_number(vm, vm.arg(args, 0)).map_or(0, printf::c_int);
    if flags & !3 != 0 {
        return Err(raise(
            vm,
            "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.",
        ));
    }
    Ok(Outcome::Return(0))
}

/// A no-op since Redis 7.0 (effects replication is the only mode): returns true.
fn replicate_commands(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    vm.push(Value::Boolean(true));
    Ok(Outcome::Return(1))
}

/// In a debugging session, stops at the next line as a breakpoint would, and returns true;
/// outside one there is nothing to stop at: false.
fn breakpoint(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    let console = context(vm)?.console.as_mut();
    let mut active = console.is_some();
    if let Some(console) = console {
        console.lua_breakpoint = true;
    }
    // A DebugSession (not LDB) watches the VM itself.
    active |= vm.request_break();
    vm.push(Value::Boolean(active));
    Ok(Outcome::Return(1))
}

/// `<debug> line N: v1, v2` on the debugger's console; outside a session it does nothing.
fn debug(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let watched = context(vm)?.record.is_some();
    let console_line = context(vm)?.console.as_ref().map(|c| c.current_line);
    if console_line.is_none() && !watched {
        return Ok(Outcome::Return(0));
    }
    let mut values = Vec::new();
    for i in 0..args.count {
        if i > 0 {
            values.extend_from_slice(b", ");
        }
        value_text(&mut values, vm, vm.arg(args, i));
    }
    let line = vm
        .thread
        .frames
        .last()
        .map_or(0, |f| f.proto.proto.line_at(f.pc.saturating_sub(1)));
    let context = context(vm)?;
    if context.record.is_some() {
        let mut text = format!("line {line}: ").into_bytes();
        text.extend_from_slice(&values);
        context.log.push(LogEntry {
            level: DEBUG_OUTPUT,
            text,
        });
    }
    if let (Some(console), Some(line)) = (context.console.as_mut(), console_line) {
        let mut entry = format!("<debug> line {line}: ").into_bytes();
        entry.extend_from_slice(&values);
        console.log(entry);
    }
    Ok(Outcome::Return(0))
}

/// Logs an error a native hands to the script on the debugger's console, in step mode.
fn log_error(vm: &mut Vm, text: &[u8]) {
    let console = vm
        .embedder
        .as_mut()
        .and_then(|e| e.downcast_mut::<ScriptContext>())
        .and_then(ScriptContext::stepping);
    if let Some(console) = console {
        console.log_error(text);
    }
}

/// `redis.acl_check_cmd(cmd, ...)`: the default user may run every command there is.
fn acl_check_cmd(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if args.count == 0 {
        return Err(raise(
            vm,
            "Please specify at least one argument for this redis lib call",
        ));
    }
    let Some(words) = command_words(vm, args) else {
        return Err(raise(
            vm,
            "Lua redis lib command arguments must be strings or integers",
        ));
    };
    if command::find(&words[0]).is_none() {
        return Err(raise(vm, "Invalid command passed to redis.acl_check_cmd()"));
    }
    vm.push(Value::Boolean(true));
    Ok(Outcome::Return(1))
}

/// Whether Redis accepts `name` for a library or a function: letters, digits and `_`.
pub fn valid_name(name: &[u8]) -> bool {
    !name.is_empty() && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `lua_isstring` + `lua_tolstring`: strings, and numbers as their text.
fn text_of(vm: &Vm, value: Value) -> Option<Vec<u8>> {
    match value {
        Value::String(s) => Some(vm.heap.bytes_of(s).to_vec()),
        Value::Number(n) => Some(crate::number::number_to_string(n).into_bytes()),
        _ => None,
    }
}

/// `redis.register_function(name, callback)` or `redis.register_function{function_name=...,
/// callback=..., flags={...}, description=...}`, only while FUNCTION LOAD runs a library.
fn register_function(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    if context(vm)?.registrations.is_none() {
        return Err(raise(
            vm,
            "redis.register_function can only be called on FUNCTION LOAD command",
        ));
    }
    let registration = match args.count {
        1 => named_registration(vm, vm.arg(args, 0)),
        2 => match (text_of(vm, vm.arg(args, 0)), vm.arg(args, 1)) {
            (None, _) => Err("first argument to redis.register_function must be a string"),
            (Some(name), callback @ Value::Function(_)) => Ok(Registration {
                name,
                callback,
                flags: 0,
                description: None,
            }),
            (Some(_), _) => Err("second argument to redis.register_function must be a function"),
        },
        _ => Err("wrong number of arguments to redis.register_function"),
    };
    let registration = registration.map_err(|message| raise(vm, message))?;
    if !valid_name(&registration.name) {
        return Err(raise(
            vm,
            "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long",
        ));
    }
    let registrations = context(vm)?.registrations.get_or_insert_with(Vec::new);
    if registrations.iter().any(|r| r.name == registration.name) {
        // Case-sensitive, as the library's own table of functions is in Redis (FCALL's lookup
        // is not: it finds the first of `f` and `F`).
        return Err(raise(vm, "Function already exists in the library"));
    }
    registrations.push(registration);
    Ok(Outcome::Return(0))
}

/// The table form of `register_function`, its fields read in `next` order as Redis reads them.
fn named_registration(vm: &Vm, table: Value) -> Result<Registration, &'static str> {
    let Value::Table(t) = table else {
        return Err("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
    };
    let (mut name, mut callback, mut flags, mut description) = (None, None, 0u8, None);
    let mut key = Value::Nil;
    while let Ok(Some((k, value))) = vm.heap.table(t).next(&key) {
        key = k;
        let Some(field) = text_of(vm, k) else {
            return Err("named argument key given to redis.register_function is not a string");
        };
        match field.to_ascii_lowercase().as_slice() {
            b"function_name" => {
                name = Some(text_of(vm, value).ok_or(
                    "function_name argument given to redis.register_function must be a string",
                )?);
            }
            b"description" => {
                description = Some(text_of(vm, value).ok_or(
                    "description argument given to redis.register_function must be a string",
                )?);
            }
            b"callback" => {
                if !matches!(value, Value::Function(_)) {
                    return Err(
                        "callback argument given to redis.register_function must be a function",
                    );
                }
                callback = Some(value);
            }
            b"flags" => {
                let Value::Table(list) = value else {
                    return Err("flags argument to redis.register_function must be a table representing function flags");
                };
                flags = function_flags(vm, list).ok_or("unknown flag given")?;
            }
            _ => return Err("unknown argument given to redis.register_function"),
        }
    }
    let name = name.ok_or("redis.register_function must get a function name argument")?;
    let callback = callback.ok_or("redis.register_function must get a callback argument")?;
    Ok(Registration {
        name,
        callback,
        flags,
        description,
    })
}

/// The flag bits a `flags={...}` table names; None when one is not a known flag.
fn function_flags(vm: &Vm, list: TableRef) -> Option<u8> {
    let mut flags = 0;
    let mut key = Value::Nil;
    while let Ok(Some((k, value))) = vm.heap.table(list).next(&key) {
        key = k;
        let Value::String(s) = value else {
            return None;
        };
        flags |= super::eval::script_flag(vm.heap.bytes_of(s))?;
    }
    Some(flags)
}

/// Redis's `math.random`: `lrand48` scaled as Redis scales it, with 5.1's argument rules.
fn random(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let r = context(vm)?.rand.next_fraction();
    crate::stdlib::math::random_in_range(vm, args, r)
}

fn randomseed(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let seed = vm.check_int(args, 0)?;
    context(vm)?.rand = Rand48::seeded(seed as i32);
    Ok(Outcome::Return(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_arguments_as_percent_17g() {
        let text = |n: f64| String::from_utf8(number_argument(n)).unwrap_or_default();
        assert_eq!(text(10.0), "10");
        assert_eq!(text(1e9), "1000000000");
        assert_eq!(text(1.1), "1.1000000000000001");
        assert_eq!(text(-0.5), "-0.5");
        assert_eq!(text(1e20), "1e+20");
    }
}
