//! A script run as EVAL runs it, held paused and advanced a counted number of VM instructions
//! at a time: fast (line events off), or with Lua 5.1's line events to stop at. Every run of
//! the same [`Script`] starts from a fresh Lua state, a clone of the starting keyspace and of
//! the random generator, so it repeats the same steps: going back is running again.
//!
//! LDB runs its script as an [`Execution`] too ([`Execution::under_console`]), on a copy of
//! the server's Lua state that takes the state's place at the end, so that its `back` goes
//! back the same way (`Checkpoints::replay`).
//!
//! The executor's line tracking (`Vm::line_mark`) is only kept while line events are on, so
//! a fast stretch always ends with one tracked instruction; after that the tracking is what
//! it would have been had line events been on all along.

use crate::compiler::proto::Proto;
use crate::keyspace::reply::Reply;
use crate::keyspace::Keyspace;
use crate::scripting::convert::lua_to_reply;
use crate::scripting::debug_console::DebugConsole;
use crate::scripting::engine::{budget_error, error_reply, lend, string_array, take_back, Shared};
use crate::scripting::environment::set_protected_global;
use crate::scripting::eval::{self, ScriptEngine};
use crate::scripting::rand48::Rand48;
use crate::scripting::redis_api::{LogEntry, RunRecord, ScriptContext};
use crate::scripting::sha1;
use crate::vm::call::Run;
use crate::vm::function::Function;
use crate::vm::state::{LineMark, LuaError, Vm};
use crate::vm::value::Value;
use std::rc::Rc;

/// What a debugging session runs: EVAL's script, KEYS and ARGV, against a keyspace.
#[derive(Clone)]
pub struct Script {
    pub body: Vec<u8>,
    pub keys: Vec<Vec<u8>>,
    pub args: Vec<Vec<u8>>,
    /// The keyspace as it is before the script runs.
    pub keyspace: Keyspace,
    /// Redis's generator behind `math.random`, as it is before the script runs.
    pub rand: Rand48,
    pub instruction_limit: u64,
    pub heap_limit: usize,
    /// More setup of the Lua state before each run (an embedder's own natives, say).
    pub prepare: Option<Setup>,
}

/// An embedder's setup of a Lua state.
pub type Setup = fn(&mut Vm) -> Result<(), LuaError>;

/// Where a run stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    Paused,
    /// The script returned: EVAL's reply.
    Finished(Reply),
    /// The script failed (or never compiled): EVAL's error reply.
    Failed(Reply),
}

/// One run of a script, paused between instructions until it ends.
pub struct Execution {
    pub vm: Vm,
    /// Instructions run so far.
    pub step: u64,
    pub progress: Progress,
    /// What errors name the script by (its SHA1).
    sha: Vec<u8>,
    instruction_limit: u64,
    /// The protocol the reply is delivered in (the client's).
    resp: u8,
    /// The keyspace, generator and log; lent to the script's natives while it runs.
    keyspace: Keyspace,
    rand: Rand48,
    log: Vec<LogEntry>,
    /// The commands run and `redis.debug` lines, kept here once the run has ended.
    record: RunRecord,
    /// LDB's console, kept here once the run has ended.
    console: Option<DebugConsole>,
    selected: usize,
    /// The script's main function once started: its tree numbers the functions as the
    /// listing does (a tail call can replace its frame, so the frames cannot tell).
    pub main: Option<Rc<Proto>>,
}

/// A script loaded in a Lua state, with KEYS and ARGV set, ready to run under LDB.
pub struct Loaded {
    pub vm: Vm,
    pub function: Value,
    /// What errors name the script by (its SHA1).
    pub sha: Vec<u8>,
    /// Writes are refused (a `no-writes` shebang).
    pub read_only: bool,
}

/// What a run that ended leaves behind.
pub struct Remains {
    pub vm: Vm,
    pub keyspace: Keyspace,
    pub rand: Rand48,
    pub log: Vec<LogEntry>,
}

/// Redis's reply when no Lua state can be made.
const NO_LUA_STATE: &str = "ERR not enough memory for the Lua state";

impl Execution {
    /// A run of `script` paused before its first instruction (or failed, if it does not
    /// compile). Err when no Lua state could be made.
    pub fn begin(script: &Script) -> Result<Execution, Reply> {
        let mut engine = ScriptEngine::new(script.heap_limit).map_err(|_| no_lua_state())?;
        let load = [b"SCRIPT".to_vec(), b"LOAD".to_vec(), script.body.clone()];
        let loaded = eval::script(&mut engine, script.heap_limit, &load);
        let mut execution = Execution::idle(
            engine.vm,
            sha1::hex_digest(&script.body).into_bytes(),
            script.instruction_limit,
            script.keyspace.clone(),
            script.rand,
        );
        if let Reply::Error(_) = loaded {
            execution.progress = Progress::Failed(loaded);
            return Ok(execution);
        }
        match execution.prepare(script) {
            Ok(function) => execution.start(function, declares_no_writes(&script.body), None),
            Err(reply) => execution.progress = Progress::Failed(reply),
        }
        Ok(execution)
    }

    /// LDB's run of `loaded` against `keyspace` and `rand`, its natives logging to
    /// `console`, paused before its first instruction. It has no budget of its own: LDB
    /// keeps one, which the instructions its commands run count against too.
    pub fn under_console(
        loaded: Loaded,
        keyspace: Keyspace,
        rand: Rand48,
        console: DebugConsole,
    ) -> Execution {
        let mut execution = Execution::idle(loaded.vm, loaded.sha, u64::MAX, keyspace, rand);
        execution.start(loaded.function, loaded.read_only, Some(console));
        execution
    }

    /// A run in `vm` not yet started.
    fn idle(
        vm: Vm,
        sha: Vec<u8>,
        instruction_limit: u64,
        keyspace: Keyspace,
        rand: Rand48,
    ) -> Execution {
        Execution {
            vm,
            step: 0,
            progress: Progress::Paused,
            sha,
            instruction_limit,
            resp: keyspace.resp,
            selected: keyspace.selected,
            keyspace,
            rand,
            log: Vec::new(),
            record: RunRecord::default(),
            console: None,
            main: None,
        }
    }

    /// The loaded script's function, with KEYS and ARGV set as EVAL sets them (and the
    /// script's own setup done).
    fn prepare(&mut self, script: &Script) -> Result<Value, Reply> {
        let vm = &mut self.vm;
        if let Some(prepare) = script.prepare {
            prepare(vm).map_err(|_| no_lua_state())?;
        }
        let name = format!("f_{}", String::from_utf8_lossy(&self.sha));
        let registry = vm.registry;
        let function = vm.get_field(registry, &name).map_err(|_| no_lua_state())?;
        set_arguments(vm, &script.keys, &script.args)?;
        Ok(function)
    }

    /// Lends the keyspace to the natives and starts the script, paused before its first
    /// instruction. LDB watches it through its `console`; without one, a DebugSession does,
    /// through the record and the VM's break requests.
    fn start(&mut self, function: Value, read_only: bool, console: Option<DebugConsole>) {
        let mut shared = Shared {
            keyspace: &mut self.keyspace,
            rand: &mut self.rand,
            log: &mut self.log,
            instruction_limit: self.instruction_limit,
        };
        let mut context = lend(&mut shared, read_only);
        match console {
            Some(console) => context.console = Some(console),
            None => {
                context.record = Some(RunRecord::default());
                self.vm.debugged = true;
            }
        }
        self.vm.embedder = Some(Box::new(context));
        if let Value::Function(f) = function {
            if let Function::Lua(closure) = self.vm.heap.function(f) {
                self.main = Some(Rc::clone(&closure.proto.proto));
            }
        }
        let outcome = self.vm.start(function, &[], 0);
        self.settle(outcome);
    }

    /// A copy of this run that goes on exactly as it would: the VM copied, the natives'
    /// context (keyspace, generator, log) with it.
    pub fn copy(&self) -> Execution {
        let mut vm = self.vm.copy_without_embedder();
        vm.embedder = self
            .context()
            .map(|context| Box::new(copy_context(context)) as Box<dyn std::any::Any>);
        Execution {
            vm,
            step: self.step,
            progress: self.progress.clone(),
            sha: self.sha.clone(),
            instruction_limit: self.instruction_limit,
            resp: self.resp,
            keyspace: self.keyspace.clone(),
            rand: self.rand,
            log: self.log.clone(),
            record: self.record.clone(),
            console: self.console.clone(),
            selected: self.selected,
            main: self.main.clone(),
        }
    }

    /// The Lua state, keyspace, generator and log of a run that ended (or is given up).
    pub fn into_remains(mut self) -> Remains {
        self.take_back();
        Remains {
            vm: self.vm,
            keyspace: self.keyspace,
            rand: self.rand,
            log: self.log,
        }
    }

    /// The keyspace as the script sees it now.
    pub fn keyspace(&self) -> &Keyspace {
        self.context().map_or(&self.keyspace, |c| &c.keyspace)
    }

    /// `redis.log`'s lines so far.
    pub fn log(&self) -> &[LogEntry] {
        self.context().map_or(&self.log, |c| &c.log)
    }

    /// The commands the script ran and its `redis.debug` lines so far.
    pub fn record(&self) -> &RunRecord {
        self.context()
            .and_then(|c| c.record.as_ref())
            .unwrap_or(&self.record)
    }

    /// LDB's console (None outside LDB).
    pub fn console(&mut self) -> Option<&mut DebugConsole> {
        match lent_context(&mut self.vm) {
            Some(context) => context.console.as_mut(),
            None => self.console.as_mut(),
        }
    }

    /// EVAL's reply, once the run has ended.
    pub fn reply(&self) -> Option<&Reply> {
        match &self.progress {
            Progress::Paused => None,
            Progress::Finished(reply) | Progress::Failed(reply) => Some(reply),
        }
    }

    fn context(&self) -> Option<&ScriptContext> {
        self.vm.embedder.as_ref()?.downcast_ref::<ScriptContext>()
    }

    pub fn is_paused(&self) -> bool {
        self.progress == Progress::Paused
    }

    /// Runs up to `n` instructions with line events off. `redis.breakpoint()` requests are
    /// dropped (a replay passes them again); the line tracking is left stale.
    pub fn run_fast(&mut self, n: u64) {
        self.vm.line_events = false;
        let target = self.step.saturating_add(n);
        while self.is_paused() && self.step < target {
            self.resume(target - self.step);
            self.vm.break_requested = false;
        }
    }

    /// Runs up to `n` instructions with line events off, stopping early (after the
    /// instruction that made it) when `redis.breakpoint()` asks to. Returns whether it did;
    /// the line tracking is then stale.
    pub fn run_fast_to_break(&mut self, n: u64) -> bool {
        self.vm.line_events = false;
        let target = self.step.saturating_add(n);
        while self.is_paused() && self.step < target {
            self.resume(target - self.step);
            if std::mem::take(&mut self.vm.break_requested) {
                return self.is_paused();
            }
        }
        false
    }

    /// Runs exactly one instruction, with line tracking: afterwards the tracking is what
    /// it would be had line events been on from the start. A `redis.breakpoint()` request
    /// is dropped: only a run to a line event acts on one, so every way to a step leaves
    /// the same state.
    pub fn step_tracked(&mut self) {
        if !self.is_paused() {
            return;
        }
        self.vm.line_events = true;
        self.pass_event_here();
        self.resume(1);
        self.vm.break_requested = false;
    }

    /// Runs with line events on until one that `stop` accepts, or the end. With `skip_here`
    /// an event due before the current instruction does not count (the session stands
    /// there already); without, the tracking must be current (the last instruction ran
    /// tracked).
    pub fn run_to_line_event(&mut self, skip_here: bool, mut stop: impl FnMut(&Vm) -> bool) {
        if !self.is_paused() {
            return;
        }
        self.vm.line_events = true;
        if skip_here {
            self.pass_event_here();
        }
        while self.is_paused() {
            if self.resume(u64::MAX) && stop(&self.vm) {
                return;
            }
        }
    }

    /// Marks whatever line event is due before the current instruction as seen, so that a
    /// run goes on with that instruction. (Which instruction came before matters only when
    /// the event is not yet seen, so none needs recording.)
    fn pass_event_here(&mut self) {
        self.vm.line_mark = Some(LineMark {
            depth: self.vm.thread.frames.len(),
            previous: None,
            delivered: true,
        });
    }

    /// Resumes for at most `fuel` instructions within the budget, counts what ran, and
    /// settles a run that ended. Returns whether it paused at a line event.
    pub(super) fn resume(&mut self, fuel: u64) -> bool {
        let fuel = fuel.min(self.instruction_limit.saturating_sub(self.step));
        let outcome = self.vm.resume(fuel);
        self.account(fuel, outcome)
    }

    /// Raises `error` where the run stands, as an error raised in a hook is (the innermost
    /// `pcall` catches it), then goes on as `resume` does.
    pub(super) fn raise(&mut self, error: LuaError, fuel: u64) -> bool {
        let fuel = fuel.min(self.instruction_limit.saturating_sub(self.step));
        let outcome = self.vm.raise(error, fuel);
        self.account(fuel, outcome)
    }

    /// Ends the run with `error`, given up where it stands.
    pub(super) fn fail(&mut self, error: LuaError) {
        self.vm.abandon();
        self.settle(Err(error));
    }

    /// Counts what ran of `fuel`, and settles a run that ended. Returns whether it paused
    /// at a line event.
    fn account(&mut self, fuel: u64, outcome: Result<Run, LuaError>) -> bool {
        let left = self.vm.fuel + std::mem::take(&mut self.vm.held_fuel);
        self.step += fuel.saturating_sub(left);
        let at_line_event = matches!(outcome, Ok(Run::Paused)) && self.vm.at_line_event;
        self.settle(outcome);
        at_line_event && self.is_paused()
    }

    /// Acts on how a stretch of the run ended: a pause with the budget spent is EVAL's
    /// budget error; a return or an error ends the run with EVAL's reply.
    fn settle(&mut self, outcome: Result<Run, LuaError>) {
        let reply = match outcome {
            Ok(Run::Paused) if self.step < self.instruction_limit => return,
            Ok(Run::Paused) => {
                let error = budget_error(&mut self.vm, self.instruction_limit);
                Progress::Failed(error_reply(&mut self.vm, &error, &self.sha))
            }
            Ok(Run::Finished(values)) => {
                let resp = self.context().map_or(2, |c| c.resp);
                let value = values.first().copied().unwrap_or_default();
                Progress::Finished(lua_to_reply(&self.vm, value, resp))
            }
            Err(error) => Progress::Failed(error_reply(&mut self.vm, &error, &self.sha)),
        };
        self.progress = match reply {
            Progress::Finished(reply) => Progress::Finished(reply.for_protocol(self.resp)),
            Progress::Failed(reply) => Progress::Failed(reply.for_protocol(self.resp)),
            Progress::Paused => Progress::Paused,
        };
        self.take_back();
    }

    /// The keyspace, generator and log come back from the natives (the record and the
    /// console with them); the script's `SELECT` ends with it.
    fn take_back(&mut self) {
        if let Some(context) = lent_context(&mut self.vm) {
            if let Some(record) = context.record.take() {
                self.record = record;
            }
            if let Some(console) = context.console.take() {
                self.console = Some(console);
            }
        }
        let mut shared = Shared {
            keyspace: &mut self.keyspace,
            rand: &mut self.rand,
            log: &mut self.log,
            instruction_limit: self.instruction_limit,
        };
        take_back(&mut self.vm, &mut shared);
        self.keyspace.selected = self.selected;
    }
}

/// The natives' context while the script runs in `vm`.
fn lent_context(vm: &mut Vm) -> Option<&mut ScriptContext> {
    vm.embedder.as_mut()?.downcast_mut::<ScriptContext>()
}

/// A copy of the natives' context, made as `lend` makes one so that it has whatever the
/// scripting layer starts a run with.
fn copy_context(context: &ScriptContext) -> ScriptContext {
    let mut keyspace = context.keyspace.clone();
    let mut rand = context.rand;
    let mut shared = Shared {
        keyspace: &mut keyspace,
        rand: &mut rand,
        log: &mut Vec::new(),
        instruction_limit: 0,
    };
    let mut copy = lend(&mut shared, context.read_only);
    copy.resp = context.resp;
    copy.wrote = context.wrote;
    copy.log = context.log.clone();
    copy.registrations = context.registrations.clone();
    copy.record = context.record.clone();
    copy.console = context.console.clone();
    copy
}

/// Sets the globals KEYS and ARGV as EVAL sets them.
pub fn set_arguments(vm: &mut Vm, keys: &[Vec<u8>], args: &[Vec<u8>]) -> Result<(), Reply> {
    for (name, words) in [("KEYS", keys), ("ARGV", args)] {
        let table = string_array(vm, words).and_then(|table| set_protected_global(vm, name, table));
        if table.is_err() {
            return Err(Reply::error(
                "ERR not enough memory for the script's arguments",
            ));
        }
    }
    Ok(())
}

fn no_lua_state() -> Reply {
    Reply::error(NO_LUA_STATE)
}

/// Whether a script's shebang declares `no-writes` (EVAL then refuses writes), read by
/// EVAL's own shebang parser.
fn declares_no_writes(body: &[u8]) -> bool {
    crate::scripting::eval::shebang(body).is_ok_and(|(flags, _)| flags.no_writes)
}
