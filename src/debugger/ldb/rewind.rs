//! Ours: `back`, going to the previous stop. The run cannot be undone, so it is done again,
//! the DebugSession's way ([`Checkpoints::replay`]): from a copy of the run kept before its
//! first instruction (the keyspace, random generator and log it started from), or from the
//! latest checkpoint before the stop, it runs without stopping until it has run as many
//! instructions as it had at that stop. The script's own work is deterministic, so it gets to
//! the same place; what the debugger's `eval` and `redis` commands changed on the way is not
//! done again (checkpoints are kept only while the run is the script's own work).

use super::Session;
use crate::debugger::checkpoints::Checkpoints;
use crate::debugger::replay::{Execution, Progress};
use std::convert::Infallible;

/// Where a stop was: how far the script had run, and the counters of that moment.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    pub step: u64,
    /// The stop was at a line event (delivered), not between two instructions.
    pub at_line_event: bool,
    pub hook_count: u64,
    pub budget: u64,
}

/// What `back` goes back from: the run before its first instruction, and checkpoints.
pub struct Timeline {
    start: Execution,
    checkpoints: Checkpoints,
    /// The debugger's `eval` or `redis` changed the run since it started or last went back:
    /// copies of it are no longer the script's own work.
    changed: bool,
}

impl Timeline {
    /// The way back of `run`, which stands before its first instruction.
    pub fn of(run: &Execution) -> Timeline {
        Timeline {
            start: run.copy(),
            checkpoints: Checkpoints::default(),
            changed: false,
        }
    }

    /// The run is no longer the script's own work alone.
    pub fn mark_changed(&mut self) {
        self.changed = true;
    }

    /// Where the run should pause next for a checkpoint to be offered (None while changed).
    pub fn next_due(&self, step: u64) -> Option<u64> {
        (!self.changed).then(|| self.checkpoints.next_due(step))
    }

    /// Keeps a copy of `run` if a checkpoint is due where it stands and it is the script's
    /// own work.
    pub fn offer(&mut self, run: &Execution) {
        if !self.changed {
            self.checkpoints.offer(run);
        }
    }

    /// Brings `run` back to `stop`, with its console (LDB's settings; the logs dropped).
    fn replay(&mut self, run: &mut Execution, stop: &Position) {
        let console = run.console().map(std::mem::take).map(|mut console| {
            // A replay neither logs commands nor stops: the stop it goes to says all.
            console.step = false;
            console.lua_breakpoint = false;
            console
        });
        let start = &self.start;
        let fast = stop.step.saturating_sub(1);
        let replayed = self.checkpoints.replay(
            run,
            fast,
            false,
            || Ok::<_, Infallible>(start.copy()),
            |copy| {
                if let (Some(slot), Some(console)) = (copy.console(), console) {
                    *slot = console;
                }
            },
        );
        let Ok(()) = replayed;
        // The last instruction runs tracked, so that line events come as they did.
        if stop.step > 0 {
            run.step_tracked();
        }
        run.vm.line_events = true;
        if stop.at_line_event && run.is_paused() && !run.vm.at_line_event {
            // One more resume delivers the line event without running anything.
            run.resume(1);
        }
        if let Some(console) = run.console() {
            console.logs.clear();
        }
        self.changed = false;
    }
}

impl Session<'_> {
    /// Brings the script back to the stop before the current one, which the stop about to
    /// be made stands for again.
    pub(super) fn rewind(&mut self, run: &mut Execution) {
        self.stops.pop();
        let Some(target) = self.stops.pop() else {
            return;
        };
        let Some(timeline) = self.timeline.as_mut() else {
            return;
        };
        timeline.replay(run, &target);
        let arrived = run.is_paused() && run.step == target.step;
        if !arrived && !matches!(run.progress, Progress::Failed(_)) {
            // Only a script that reads the clock can take another way.
            let error = run
                .vm
                .error_value(b"the script ran differently when run again");
            run.fail(error);
        }
        self.hook_count = target.hook_count;
        self.budget = target.budget;
    }
}
