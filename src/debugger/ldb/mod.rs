//! Redis's Lua debugger, LDB, as `SCRIPT DEBUG SYNC` + `EVAL` runs it in Redis 7.0: the
//! script runs with line events and Lua's count hook, stops where LDB stops (in step mode at
//! the next line of the script's own code, at a breakpoint line, after `redis.breakpoint()`),
//! and at each stop sends its log lines to the client and reads debugger commands until one
//! resumes the script. [`client`] is the other end, redis-cli's `--ldb-sync-mode`.

pub mod breakpoints;
pub mod client;
mod commands;
mod extras;
pub mod frames;
mod nested;
mod rewind;

use crate::keyspace::reply::Reply;
use crate::scripting::convert::{lua_to_reply, ErrorTable};
use crate::scripting::debug_console::DebugConsole;
use crate::scripting::engine::{budget_error, error_reply, lend, string_array, take_back};
use crate::scripting::environment::set_protected_global;
use crate::scripting::eval::load_script;
use crate::scripting::redis_api::ScriptContext;
use crate::scripting::server::Server;
use crate::vm::call::Run;
use crate::vm::state::{LuaError, Vm};
use crate::vm::value::Value;
use breakpoints::Breakpoints;

/// Instructions between two calls of the count hook (LDB sets its hook with this count).
const HOOK_COUNT: u64 = 100_000;

/// Why `stepi` stops (ours).
const STEP_INSTRUCTION: &str = "step instruction";

/// The debugging client: it shows the debugger's replies and supplies its commands.
pub trait Client {
    /// Shows one reply of the debugger: its status lines, in order.
    fn show(&mut self, lines: &[Vec<u8>]);
    /// The next debugger command (its words), or None once the client has gone away.
    fn command(&mut self) -> Option<Vec<Vec<u8>>>;
}

/// One debugging session: the script's source as LDB lists it, the breakpoints, the client.
pub struct Session<'c> {
    source: Vec<Vec<u8>>,
    breakpoints: Breakpoints,
    client: &'c mut dyn Client,
    /// The client is still there; once gone, the script runs on without stopping.
    connected: bool,
    /// Instructions a script may run, and those it may still run.
    limit: u64,
    budget: u64,
    /// Instructions to run before the count hook is next called (Lua's `hookcount` less the
    /// instruction it has fetched when the hook runs).
    hook_count: u64,
    /// Log lines left when the script's run ended, to go out with the end of the session.
    leftover: Vec<Vec<u8>>,
    /// The fuel the script was last resumed with.
    given: u64,
    /// Instructions the script has run (outside hooks).
    executed: u64,
    /// Ours: where each stop so far was, for `back`.
    stops: Vec<rewind::Position>,
    /// Ours: `stepi` — stop after one instruction.
    single_step: bool,
    /// Ours: `finish` — stop once the call stack is shallower than this.
    finish_depth: Option<usize>,
    /// Ours: the state the script started from, for `back`.
    start: Option<rewind::Start>,
}

/// What the script does after a stop.
enum Resume {
    Run,
    /// Raise this error where the script stands (`abort`, a protocol error).
    Raise(&'static str),
    /// Ours: go back to the previous stop.
    Back,
}

/// Runs the EVAL command `args` (`EVAL script numkeys key... arg...`) on `server` under the
/// debugger, talking to `client`, and returns EVAL's reply.
pub fn debug_eval(server: &mut Server, args: &[Vec<u8>], client: &mut dyn Client) -> Reply {
    let script = args.get(1).map_or(&[][..], Vec::as_slice);
    let mut session = Session {
        source: source_lines(script),
        breakpoints: Breakpoints::default(),
        client,
        connected: true,
        limit: server.instruction_limit,
        budget: server.instruction_limit,
        // Lua counts the first instruction as it fetches it, before the hook can run.
        hook_count: HOOK_COUNT - 1,
        leftover: Vec::new(),
        given: 0,
        executed: 0,
        stops: Vec::new(),
        single_step: false,
        finish_depth: None,
        start: None,
    };
    let reply = session.run_eval(server, args);
    session.end();
    reply
}

/// The script's lines as LDB splits them: trailing line breaks dropped, split at `\n`.
fn source_lines(script: &[u8]) -> Vec<Vec<u8>> {
    let end = script
        .iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(0, |i| i + 1);
    if end == 0 {
        return Vec::new();
    }
    script[..end]
        .split(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

/// The console of the script running in `vm`.
fn console(vm: &mut Vm) -> Option<&mut DebugConsole> {
    vm.embedder
        .as_mut()
        .and_then(|e| e.downcast_mut::<ScriptContext>())
        .and_then(|context| context.console.as_mut())
}

impl Session<'_> {
    /// EVAL's checks and run, as `evalGenericCommand` does them with the debugger on.
    fn run_eval(&mut self, server: &mut Server, args: &[Vec<u8>]) -> Reply {
        let Some(numkeys) = args
            .get(2)
            .and_then(|n| crate::keyspace::number::parse_integer(n))
        else {
            return Reply::error("ERR value is not an integer or out of range");
        };
        let words = args.get(3..).unwrap_or(&[]);
        if numkeys > words.len() as i64 {
            return Reply::error("ERR Number of keys can't be greater than number of args");
        }
        if numkeys < 0 {
            return Reply::error("ERR Number of keys can't be negative");
        }
        let (keys, argv) = words.split_at(numkeys as usize);
        let (engine, mut shared) = match server.scripting() {
            Ok(parts) => parts,
            Err(reply) => return reply,
        };
        let sha = match load_script(engine, args.get(1).map_or(&[][..], Vec::as_slice)) {
            Ok(sha) => sha,
            Err(reply) => return reply,
        };
        let Some((function, flags)) = engine.script(&sha) else {
            return Reply::error("NOSCRIPT No matching script. Please use EVAL.");
        };
        let vm = &mut engine.vm;
        for (name, words) in [("KEYS", keys), ("ARGV", argv)] {
            let table = string_array(vm, words).and_then(|t| set_protected_global(vm, name, t));
            if table.is_err() {
                return Reply::error("ERR not enough memory for the script's arguments");
            }
        }
        let selected = shared.keyspace.selected;
        let mut context = lend(&mut shared, flags.no_writes);
        context.console = Some(DebugConsole::default());
        self.start = Some(rewind::Start::of(&context));
        vm.embedder = Some(Box::new(context));
        let outcome = self.run(vm, function);
        let resp = vm
            .embedder
            .as_ref()
            .and_then(|e| e.downcast_ref::<ScriptContext>())
            .map_or(2, |c| c.resp);
        let reply = match outcome {
            Ok(values) => lua_to_reply(vm, values.first().copied().unwrap_or_default(), resp),
            Err(error) => error_reply(vm, &error, sha.as_bytes()),
        };
        // What the script logged after the last stop goes out with the end of the session.
        let logs = console(vm).map(|c| std::mem::take(&mut c.logs));
        take_back(vm, &mut shared);
        shared.keyspace.selected = selected;
        self.leftover = logs.unwrap_or_default();
        reply
    }

    /// Runs the script to its end, stopping where LDB stops.
    fn run(&mut self, vm: &mut Vm, function: Value) -> Result<Vec<Value>, LuaError> {
        let limit = self.limit;
        vm.line_events = true;
        self.given = self.fuel();
        let mut outcome = vm.start(function, &[], self.given);
        let result = loop {
            match outcome {
                Ok(Run::Finished(values)) => break Ok(values),
                Err(error) => break Err(error),
                Ok(Run::Paused) => {
                    let ran = self.given.saturating_sub(vm.fuel);
                    self.spend(ran);
                    let count_event = !vm.at_line_event && self.hook_count == 0;
                    let stepped = !vm.at_line_event && self.single_step && ran > 0;
                    if !vm.at_line_event && !count_event && !stepped {
                        break Err(budget_error(vm, limit));
                    }
                    if count_event {
                        self.hook_count = HOOK_COUNT;
                    }
                    let mut resume = Resume::Run;
                    if vm.at_line_event || count_event {
                        resume = self.hook(vm);
                    }
                    if stepped && self.single_step {
                        resume = self.stop(vm, STEP_INSTRUCTION);
                    }
                    outcome = self.carry_out(vm, function, resume);
                }
            }
        };
        vm.line_events = false;
        result
    }

    /// Resumes the script as `resume` says.
    fn carry_out(&mut self, vm: &mut Vm, function: Value, resume: Resume) -> Result<Run, LuaError> {
        let mut resume = resume;
        loop {
            match resume {
                Resume::Run => {
                    self.given = self.fuel();
                    return vm.resume(self.given);
                }
                Resume::Raise(message) => {
                    self.given = self.fuel();
                    // As `luaPushError`: `{err="ERR <message>"}`, what a `pcall` or a
                    // `coroutine.resume` around the stop receives.
                    let error = ErrorTable::from_message(message.as_bytes()).to_lua(vm)?;
                    return vm.raise(LuaError::new(error), self.given);
                }
                Resume::Back => {
                    self.rewind(vm, function)?;
                    resume = self.stop(vm, "step back");
                }
            }
        }
    }

    /// Instructions the script may run before the hook is due again or its budget ends (one
    /// when stepping by instruction).
    fn fuel(&self) -> u64 {
        let fuel = self.budget.min(self.hook_count);
        if self.single_step {
            fuel.min(1)
        } else {
            fuel
        }
    }

    /// Counts `ran` instructions of the script against the budget and the count hook.
    fn spend(&mut self, ran: u64) {
        self.executed += ran;
        self.budget = self.budget.saturating_sub(ran);
        self.hook_count = self.hook_count.saturating_sub(ran);
    }

    /// Counts instructions that ran inside a hook: they count down the count hook, which
    /// starts again each time it reaches zero without being called.
    fn spend_in_hook(&mut self, ran: u64) {
        self.budget = self.budget.saturating_sub(ran);
        let left = self.hook_count.clamp(1, HOOK_COUNT) - 1;
        self.hook_count = (left + HOOK_COUNT - ran % HOOK_COUNT) % HOOK_COUNT + 1;
    }

    /// LDB's hook, at a line event or a call of the count hook: stops when in step mode or at
    /// a breakpoint, in the script's own code (and, ours, when `finish` is done). Redis also
    /// stops a script that ran for 5 seconds without stopping; time does not pass here.
    fn hook(&mut self, vm: &mut Vm) -> Resume {
        let Some(frame) = vm.thread.frames.last() else {
            return Resume::Run;
        };
        let line = frames::current_line(frame, 0);
        let own_code = frames::is_user_script(&frame.proto.proto.source);
        let at_breakpoint = self.breakpoints.contains(line);
        let finished = self
            .finish_depth
            .is_some_and(|depth| vm.thread.frames.len() < depth);
        let Some(console) = console(vm) else {
            return Resume::Run;
        };
        console.current_line = line;
        let stop_here = at_breakpoint || console.lua_breakpoint;
        if !own_code || !(console.step || stop_here || finished) {
            return Resume::Run;
        }
        let reason = if stop_here && console.lua_breakpoint {
            "redis.breakpoint() called"
        } else if stop_here {
            "break point"
        } else if finished {
            "finish"
        } else {
            "step over"
        };
        self.stop(vm, reason)
    }

    /// Stops the script where it stands: says where and why, then reads commands.
    fn stop(&mut self, vm: &mut Vm, reason: &str) -> Resume {
        let line = vm
            .thread
            .frames
            .last()
            .map_or(0, |frame| frames::current_line(frame, 0));
        if let Some(console) = console(vm) {
            console.current_line = line;
            console.step = false;
            console.lua_breakpoint = false;
            console.log(format!("* Stopped at {line}, stop reason = {reason}").into_bytes());
        }
        self.single_step = false;
        self.finish_depth = None;
        self.stops.push(rewind::Position {
            executed: self.executed,
            at_line_event: vm.at_line_event,
            hook_count: self.hook_count,
            budget: self.budget,
        });
        self.log_source_line(vm, line);
        if reason == STEP_INSTRUCTION {
            // Ours, between lines: the instruction about to run.
            self.log_instruction(vm);
        }
        self.send_logs(vm);
        self.repl(vm)
    }

    /// Sends the lines logged so far as one reply, line breaks made spaces.
    fn send_logs(&mut self, vm: &mut Vm) {
        let mut lines = std::mem::take(&mut self.leftover);
        if let Some(console) = console(vm) {
            lines.append(&mut console.logs);
        }
        self.send(lines);
    }

    fn send(&mut self, mut lines: Vec<Vec<u8>>) {
        for line in &mut lines {
            for b in line.iter_mut() {
                if *b == b'\r' || *b == b'\n' {
                    *b = b' ';
                }
            }
        }
        if self.connected {
            self.client.show(&lines);
        }
    }

    /// Ends the session: what is left of the log, then `<endsession>`.
    fn end(&mut self) {
        let mut lines = std::mem::take(&mut self.leftover);
        lines.push(b"<endsession>".to_vec());
        self.send(lines);
    }
}
