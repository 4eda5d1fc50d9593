//! Redis's Lua debugger, LDB, as `SCRIPT DEBUG SYNC` + `EVAL` runs it in Redis 7.0: the
//! script runs with line events and Lua's count hook, stops where LDB stops (in step mode at
//! the next line of the script's own code, at a breakpoint line, after `redis.breakpoint()`),
//! and at each stop sends its log lines to the client and reads debugger commands until one
//! resumes the script. [`client`] is the other end, redis-cli's `--ldb-sync-mode`. The run is
//! a [`replay::Execution`](crate::debugger::replay::Execution), the DebugSession's kind, so
//! that our `back` replays it as the DebugSession does; LDB adds its hooks, budget and
//! commands around it.

pub mod breakpoints;
pub mod client;
mod commands;
mod extras;
pub mod frames;
mod nested;
mod rewind;

use crate::debugger::replay::{set_arguments, Execution, Loaded};
use crate::keyspace::reply::Reply;
use crate::keyspace::Keyspace;
use crate::scripting::convert::ErrorTable;
use crate::scripting::debug_console::DebugConsole;
use crate::scripting::engine::budget_error;
use crate::scripting::eval::load_script;
use crate::scripting::redis_api::ScriptContext;
use crate::scripting::server::Server;
use crate::vm::state::{LuaError, Vm};
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
    /// Ours: where each stop so far was, for `back`.
    stops: Vec<rewind::Position>,
    /// Ours: `stepi` — stop after one instruction.
    single_step: bool,
    /// Ours: `finish` — stop once the call stack is shallower than this.
    finish_depth: Option<usize>,
    /// Ours: the run as it started, and checkpoints of it, for `back`.
    timeline: Option<rewind::Timeline>,
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
    let mut session = Session::new(args, server.instruction_limit, client);
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

impl<'c> Session<'c> {
    /// A session of the EVAL command `args`, whose script may run `limit` instructions.
    fn new(args: &[Vec<u8>], limit: u64, client: &'c mut dyn Client) -> Session<'c> {
        let script = args.get(1).map_or(&[][..], Vec::as_slice);
        Session {
            source: source_lines(script),
            breakpoints: Breakpoints::default(),
            client,
            connected: true,
            limit,
            budget: limit,
            // Lua counts the first instruction as it fetches it, before the hook can run.
            hook_count: HOOK_COUNT - 1,
            leftover: Vec::new(),
            stops: Vec::new(),
            single_step: false,
            finish_depth: None,
            timeline: None,
        }
    }
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
        let (engine, shared) = match server.scripting() {
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
        if let Err(reply) = set_arguments(vm, keys, argv) {
            return reply;
        }
        // The run takes the server's keyspace and a copy of its Lua state, which takes the
        // state's place at the end.
        let now = shared.keyspace.now;
        let loaded = Loaded {
            vm: vm.copy_without_embedder(),
            function,
            sha: sha.into_bytes(),
            read_only: flags.no_writes,
        };
        let keyspace = std::mem::replace(shared.keyspace, Keyspace::vacant(now));
        let console = DebugConsole::default();
        let mut run = Execution::under_console(loaded, keyspace, *shared.rand, console);
        self.timeline = Some(rewind::Timeline::of(&run));
        let reply = self.run(&mut run);
        // What the script logged after the last stop goes out with the end of the session.
        self.leftover = run
            .console()
            .map(|c| std::mem::take(&mut c.logs))
            .unwrap_or_default();
        let remains = run.into_remains();
        *vm = remains.vm;
        *shared.keyspace = remains.keyspace;
        *shared.rand = remains.rand;
        shared.log.extend(remains.log);
        reply
    }

    /// Runs the script to its end, stopping where LDB stops; EVAL's reply.
    fn run(&mut self, run: &mut Execution) -> Reply {
        run.vm.line_events = true;
        let mut resume = Resume::Run;
        loop {
            let ran = self.carry_out(run, resume);
            resume = Resume::Run;
            if run.is_paused() {
                resume = self.paused(run, ran);
            }
            if let Some(reply) = run.reply().cloned() {
                run.vm.line_events = false;
                return reply;
            }
        }
    }

    /// What LDB does where the run paused: at a line event, or its fuel spent (the count
    /// hook due, a `stepi` done, a checkpoint due, or the budget spent).
    fn paused(&mut self, run: &mut Execution, ran: u64) -> Resume {
        let at_line_event = run.vm.at_line_event;
        let count_event = !at_line_event && self.hook_count == 0;
        let stepped = !at_line_event && self.single_step && ran > 0;
        if let Some(timeline) = self.timeline.as_mut() {
            timeline.offer(run);
        }
        if !at_line_event && !count_event && !stepped {
            if self.budget == 0 {
                let error = budget_error(&mut run.vm, self.limit);
                run.fail(error);
            }
            return Resume::Run;
        }
        if count_event {
            self.hook_count = HOOK_COUNT;
        }
        let mut resume = Resume::Run;
        if at_line_event || count_event {
            resume = self.hook(run);
        }
        if stepped && self.single_step {
            resume = self.stop(run, STEP_INSTRUCTION);
        }
        resume
    }

    /// Resumes the script as `resume` says; returns how many of its instructions ran.
    fn carry_out(&mut self, run: &mut Execution, resume: Resume) -> u64 {
        let mut resume = resume;
        loop {
            let before = run.step;
            match resume {
                Resume::Run => {
                    run.resume(self.fuel(run.step));
                }
                Resume::Raise(message) => {
                    self.note_change();
                    // As `luaPushError`: `{err="ERR <message>"}`, what a `pcall` or a
                    // `coroutine.resume` around the stop receives.
                    let error = ErrorTable::from_message(message.as_bytes()).to_lua(&mut run.vm);
                    match error {
                        Ok(error) => {
                            run.raise(LuaError::new(error), self.fuel(run.step));
                        }
                        Err(error) => run.fail(error),
                    }
                }
                Resume::Back => {
                    self.rewind(run);
                    if !run.is_paused() {
                        return 0;
                    }
                    resume = self.stop(run, "step back");
                    continue;
                }
            }
            let ran = run.step.saturating_sub(before);
            self.spend(ran);
            return ran;
        }
    }

    /// Instructions the script may run, standing at `step`, before the hook is due again,
    /// a checkpoint is due or its budget ends (one when stepping by instruction).
    fn fuel(&self, step: u64) -> u64 {
        let mut fuel = self.budget.min(self.hook_count);
        if let Some(due) = self.timeline.as_ref().and_then(|t| t.next_due(step)) {
            fuel = fuel.min(due.saturating_sub(step));
        }
        if self.single_step {
            fuel.min(1)
        } else {
            fuel
        }
    }

    /// Counts `ran` instructions of the script against the budget and the count hook.
    fn spend(&mut self, ran: u64) {
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
    fn hook(&mut self, run: &mut Execution) -> Resume {
        let vm = &mut run.vm;
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
        self.stop(run, reason)
    }

    /// Stops the script where it stands: says where and why, then reads commands.
    fn stop(&mut self, run: &mut Execution, reason: &str) -> Resume {
        let step = run.step;
        let vm = &mut run.vm;
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
            step,
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
