//! [`DebugSession`]: a script stepped as EVAL would run it — by instruction, by line (Lua
//! 5.1's line events), over calls, out of calls, on to a breakpoint or `redis.breakpoint()`
//! — and back, by running it again to the step wanted from the nearest checkpoint before it
//! (or the start). Each move answers a [`Snapshot`]; the same step always gives the same
//! snapshot, however it was reached.

use super::checkpoints::Checkpoints;
use super::keyspace_diff::diff;
use super::render::{Limits, DEFAULT_LIMITS};
use super::replay::{Execution, Progress, Script};
use super::snapshot::{command_views, frames, log_lines, redis_cli_text, Snapshot, Status};
use crate::keyspace::reply::Reply;
use crate::keyspace::Keyspace;
use crate::scripting::server::Server;
use crate::vm::state::{PauseFilter, Vm};
use crate::vm::value::ThreadRef;
use std::collections::BTreeSet;

pub struct DebugSession {
    script: Script,
    /// The run being stepped (Err: no Lua state could be made).
    execution: Result<Execution, Reply>,
    /// The step the snapshot's keyspace changes are counted from, and the keyspace then.
    since: (u64, Keyspace),
    /// The step the script ends at, once a run got there.
    last_step: Option<u64>,
    breakpoints: BTreeSet<i32>,
    checkpoints: Checkpoints,
    /// How much of each value snapshots show.
    pub limits: Limits,
}

impl DebugSession {
    /// A session over `script`, paused before its first instruction.
    pub fn new(script: Script) -> DebugSession {
        let execution = Execution::begin(&script);
        let since = (0, script.keyspace.clone());
        let mut session = DebugSession {
            script,
            execution,
            since,
            last_step: None,
            breakpoints: BTreeSet::new(),
            checkpoints: Checkpoints::default(),
            limits: DEFAULT_LIMITS,
        };
        session.note_end();
        session
    }

    /// A session over EVAL of `body` with `keys` and `args` on `server`, which it leaves as
    /// it is (the session works on a copy of its keyspace and random generator).
    pub fn on_server(
        server: &Server,
        body: &[u8],
        keys: &[Vec<u8>],
        args: &[Vec<u8>],
    ) -> DebugSession {
        DebugSession::new(Script {
            body: body.to_vec(),
            keys: keys.to_vec(),
            args: args.to_vec(),
            keyspace: server.keyspace.clone(),
            rand: server.rand,
            instruction_limit: server.instruction_limit,
            heap_limit: server.script_heap_limit,
            prepare: None,
        })
    }

    /// Lines `continue_` (and stepping over or out) stops at.
    pub fn set_breakpoints(&mut self, lines: &[i32]) {
        self.breakpoints = lines.iter().copied().collect();
    }

    /// Drops the checkpoints kept so far; the next ones are `spacing` steps apart whatever
    /// they cost (spread out only to stay within their number and bytes).
    pub fn set_checkpoint_spacing(&mut self, spacing: u64) {
        self.checkpoints = Checkpoints::spaced(spacing);
    }

    /// Drops the checkpoints kept so far; the next ones hold at most `bytes` together (a
    /// browser may want fewer than the default 256 MB).
    pub fn set_checkpoint_memory(&mut self, bytes: u64) {
        self.checkpoints = Checkpoints::default().within(bytes);
    }

    /// The steps at which copies of the run are kept.
    pub fn checkpoint_steps(&self) -> Vec<u64> {
        self.checkpoints.steps()
    }

    /// Instructions run so far.
    pub fn current_step(&self) -> u64 {
        self.execution.as_ref().map_or(0, |e| e.step)
    }

    /// The keyspace as the script sees it now (as it left it, once ended).
    pub fn keyspace(&self) -> &Keyspace {
        self.execution
            .as_ref()
            .map_or(&self.script.keyspace, |e| e.keyspace())
    }

    /// Runs one VM instruction.
    pub fn step(&mut self) -> Snapshot {
        self.mark_since();
        if let Ok(execution) = self.execution.as_mut() {
            execution.step_tracked();
        }
        self.note_end();
        self.snapshot()
    }

    /// Runs to the next line event: a new line, a backward jump, or a function's start.
    pub fn step_line(&mut self) -> Snapshot {
        self.run_to(Until::AnyLine)
    }

    /// Runs to the next line event in this function or a caller (calls run through), or a
    /// breakpoint.
    pub fn step_over(&mut self) -> Snapshot {
        let (thread, depth) = self.position();
        self.run_to(Until::Left(thread, depth + 1))
    }

    /// Runs to the next line event in a caller (the rest of this function runs through), or
    /// a breakpoint.
    pub fn step_out(&mut self) -> Snapshot {
        let (thread, depth) = self.position();
        self.run_to(Until::Left(thread, depth))
    }

    /// Runs to a breakpoint's line, to where `redis.breakpoint()` asked to stop, or to the
    /// end.
    pub fn continue_(&mut self) -> Snapshot {
        if !self.breakpoints.is_empty() {
            return self.run_to(Until::Breakpoint);
        }
        // Nothing to watch lines for: run fast until `redis.breakpoint()` asks to stop.
        self.mark_since();
        if self.run_fast_to_break() {
            // The next line event is where it stops; finding it needs the line tracking
            // that a fast run does not keep, so the run comes here again, tracked at the end.
            self.replay_to(self.current_step());
            if let Ok(execution) = self.execution.as_mut() {
                execution.vm.break_requested = false;
                execution.run_to_line_event(false, |_| true);
            }
        }
        self.note_end();
        self.snapshot()
    }

    /// Goes back one instruction.
    pub fn back(&mut self) -> Snapshot {
        let step = self.current_step().saturating_sub(1);
        self.goto(step)
    }

    /// The snapshot after `step` instructions from the start (or at the end, if the script
    /// ends sooner): the same as `step` forward steps from the start give.
    pub fn goto(&mut self, step: u64) -> Snapshot {
        let step = self.last_step.map_or(step, |last| step.min(last));
        if !self.stands_at(step) {
            self.since = self
                .replay_to(step)
                .unwrap_or_else(|| (0, self.script.keyspace.clone()));
        }
        if self.note_end().is_some_and(|last| last < step) {
            // It ended sooner: the end is the step wanted.
            return self.goto(step);
        }
        self.snapshot()
    }

    /// Brings the run to `step` (or its end) from where it stands, the nearest checkpoint
    /// before, or the start, running the last instruction tracked. Returns the step before
    /// and the keyspace then.
    fn replay_to(&mut self, step: u64) -> Option<(u64, Keyspace)> {
        let before = step.saturating_sub(1);
        let script = &self.script;
        let execution = self.execution.as_mut().ok()?;
        let replayed =
            self.checkpoints
                .replay(execution, before, true, || Execution::begin(script), |_| {});
        if let Err(reply) = replayed {
            self.execution = Err(reply);
            return None;
        }
        if step == 0 || !execution.is_paused() {
            return None;
        }
        let previous = (execution.step, execution.keyspace().clone());
        execution.step_tracked();
        Some(previous)
    }

    /// Runs fast to the end, keeping checkpoints on the way, unless `redis.breakpoint()`
    /// asks to stop: returns whether it did.
    fn run_fast_to_break(&mut self) -> bool {
        let Ok(execution) = self.execution.as_mut() else {
            return false;
        };
        while execution.is_paused() {
            let due = self.checkpoints.next_due(execution.step);
            if execution.run_fast_to_break(due - execution.step) {
                return true;
            }
            self.checkpoints.offer(execution);
        }
        false
    }

    /// Whether the session is at `step` with the changes counted as a step forward to it
    /// counts them.
    fn stands_at(&self, step: u64) -> bool {
        let expected_since = step.saturating_sub(1);
        self.execution.is_ok() && self.current_step() == step && self.since.0 == expected_since
    }

    /// Where the session stands, with what changed.
    pub fn snapshot(&self) -> Snapshot {
        let execution = match &self.execution {
            Ok(execution) => execution,
            Err(reply) => return self.failed_to_start(reply),
        };
        let vm = &execution.vm;
        let paused = execution.is_paused();
        let frames = if paused {
            frames(vm, execution.main.as_deref(), self.limits)
        } else {
            Vec::new()
        };
        let (status, reply, error, reply_text) = match &execution.progress {
            Progress::Paused => (Status::Paused, None, None, None),
            Progress::Finished(reply) => (
                Status::Finished,
                Some(reply.clone()),
                None,
                Some(redis_cli_text(reply)),
            ),
            Progress::Failed(reply) => (
                Status::Error,
                None,
                Some(error_text(reply)),
                Some(redis_cli_text(reply)),
            ),
        };
        let keyspace = execution.keyspace();
        Snapshot {
            status,
            step: execution.step,
            pc: frames.first().map(|f| f.pc),
            line: frames.first().map(|f| f.line),
            frames,
            output: log_lines(execution.log()),
            commands: command_views(&execution.record().commands),
            reply,
            error,
            reply_text,
            changes_since: self.since.0,
            changes: diff(&self.since.1, keyspace),
            changes_from_start: diff(&self.script.keyspace, keyspace),
        }
    }

    /// Runs with line events on to the first that `until` accepts, a breakpoint's line, or
    /// one `redis.breakpoint()` asked for. The VM pauses only at events that may be it.
    fn run_to(&mut self, until: Until) -> Snapshot {
        self.mark_since();
        let filter = match until {
            Until::AnyLine => None,
            Until::Left(thread, depth) => Some(PauseFilter {
                lines: self.breakpoint_lines(),
                depth: Some((thread, depth.saturating_sub(1))),
            }),
            Until::Breakpoint => Some(PauseFilter {
                lines: self.breakpoint_lines(),
                depth: None,
            }),
        };
        let breakpoints = &self.breakpoints;
        if let Ok(execution) = self.execution.as_mut() {
            execution.vm.pause_filter = filter;
            execution.run_to_line_event(true, |vm| {
                vm.break_requested || until.accepts(vm) || at_breakpoint(vm, breakpoints)
            });
            execution.vm.break_requested = false;
            execution.vm.pause_filter = None;
        }
        self.note_end();
        self.snapshot()
    }

    /// The breakpoints as a table by line number (lines past the script's end left out:
    /// they never run, and a table that long could not be made).
    fn breakpoint_lines(&self) -> Vec<bool> {
        let script_lines = self.script.body.iter().filter(|&&b| b == b'\n').count() + 1;
        let lines: Vec<usize> = self
            .breakpoints
            .iter()
            .filter_map(|&line| usize::try_from(line).ok())
            .filter(|&line| line <= script_lines)
            .collect();
        let mut table = vec![false; lines.last().map_or(0, |&last| last + 1)];
        for line in lines {
            if let Some(entry) = table.get_mut(line) {
                *entry = true;
            }
        }
        table
    }

    /// Keyspace changes will be counted from here.
    fn mark_since(&mut self) {
        if let Ok(execution) = &self.execution {
            if execution.is_paused() {
                self.since = (execution.step, execution.keyspace().clone());
            }
        }
    }

    /// The running thread and its call depth.
    fn position(&self) -> (ThreadRef, usize) {
        self.execution.as_ref().map_or((ThreadRef(0), 0), |e| {
            (e.vm.current, e.vm.thread.frames.len())
        })
    }

    /// Records the last step once the run has ended; returns it.
    fn note_end(&mut self) -> Option<u64> {
        if let Ok(execution) = &self.execution {
            if !execution.is_paused() {
                self.last_step = Some(execution.step);
            }
        }
        self.last_step
    }

    /// The snapshot of a session whose Lua state could not be made.
    fn failed_to_start(&self, reply: &Reply) -> Snapshot {
        Snapshot {
            status: Status::Error,
            step: 0,
            pc: None,
            line: None,
            frames: Vec::new(),
            output: Vec::new(),
            commands: Vec::new(),
            reply: None,
            error: Some(error_text(reply)),
            reply_text: Some(redis_cli_text(reply)),
            changes_since: 0,
            changes: Vec::new(),
            changes_from_start: Vec::new(),
        }
    }
}

/// Where a line-stepping command stops, besides breakpoints and break requests.
#[derive(Debug, Clone, Copy)]
enum Until {
    /// At the next line event.
    AnyLine,
    /// Out of a call made at this depth of this thread.
    Left(ThreadRef, usize),
    /// Nowhere else.
    Breakpoint,
}

impl Until {
    fn accepts(self, vm: &Vm) -> bool {
        match self {
            Until::AnyLine => true,
            Until::Left(thread, depth) => left_call(vm, thread, depth),
            Until::Breakpoint => false,
        }
    }
}

/// Whether the innermost frame is at a line with a breakpoint.
fn at_breakpoint(vm: &Vm, breakpoints: &BTreeSet<i32>) -> bool {
    !breakpoints.is_empty()
        && vm
            .thread
            .frames
            .last()
            .is_some_and(|frame| breakpoints.contains(&frame.proto.proto.line_at(frame.pc)))
}

/// Whether the run is back out of a call made at `depth` in `thread`: the thread is
/// running below that depth, or it is no longer running nor waiting for a coroutine it
/// resumed (it yielded or ended).
fn left_call(vm: &Vm, thread: ThreadRef, depth: usize) -> bool {
    if vm.current == thread {
        return vm.thread.frames.len() < depth;
    }
    !vm.resumes.iter().any(|record| record.resumer == thread)
}

/// An error reply's text.
fn error_text(reply: &Reply) -> String {
    match reply {
        Reply::Error(text) => String::from_utf8_lossy(text).into_owned(),
        other => format!("{other:?}"),
    }
}
