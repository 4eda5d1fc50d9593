//! Ours: `back`, going to the previous stop. The run cannot be undone, so it is done again,
//! the DebugSession's way ([`Checkpoints::replay`]): from a copy of the run kept before its
//! first instruction (the keyspace, random generator and log it started from), or from the
//! latest checkpoint before the stop, it runs without stopping until it has run as many
//! instructions as it had at that stop. The script's own work is deterministic, so it gets to
//! the same place; what the debugger's `eval` and `redis` commands changed on the way is not
//! done again, nor an error raised where it stopped (`abort`); checkpoints are kept only
//! while the run is the script's own work.

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
    /// The debugger changed the run since it started or last went back: copies of it are
    /// no longer the script's own work.
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
            // The line event is due before the next instruction: one more resume delivers
            // it without running anything. (Had an error raised where the run stopped sent
            // it another way, the next line event comes wherever it comes.)
            run.resume(u64::MAX);
        }
        if let Some(console) = run.console() {
            console.logs.clear();
        }
        self.changed = false;
    }
}

impl Session<'_> {
    /// The debugger changed the run (an `eval` or `redis` command, an error raised where it
    /// stopped): `back` will not do that again, so copies of it from now on are no
    /// checkpoints.
    pub(super) fn note_change(&mut self) {
        if let Some(timeline) = self.timeline.as_mut() {
            timeline.changed = true;
        }
    }

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
        if matches!(run.progress, Progress::Finished(_)) {
            // The run took another way: the debugger raised an error where it stopped, or
            // the script reads the clock.
            let error = run
                .vm
                .error_value(b"the script ran differently when run again");
            run.fail(error);
        }
        self.hook_count = target.hook_count;
        self.budget = target.budget;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Client, Session};
    use crate::keyspace::reply::Reply;
    use crate::scripting::server::Server;
    use std::collections::VecDeque;

    /// A client typing commands and keeping the lines it is shown.
    struct Typist {
        commands: VecDeque<Vec<Vec<u8>>>,
        shown: Vec<String>,
    }

    impl Client for Typist {
        fn show(&mut self, lines: &[Vec<u8>]) {
            let lines = lines
                .iter()
                .map(|l| String::from_utf8_lossy(l).into_owned());
            self.shown.extend(lines);
        }

        fn command(&mut self) -> Option<Vec<Vec<u8>>> {
            self.commands.pop_front()
        }
    }

    /// Debugs `script` with `commands` (words apart at spaces): the lines shown, the steps
    /// replays ran again, and the step of the latest stop left to go back to.
    fn debug(script: &str, commands: &[&str]) -> (Vec<String>, u64, u64) {
        let (shown, replayed, deepest, _) = debug_within(u64::MAX, script, commands);
        (shown, replayed, deepest)
    }

    /// The same, the script running at most `limit` instructions; with EVAL's reply.
    fn debug_within(limit: u64, script: &str, commands: &[&str]) -> (Vec<String>, u64, u64, Reply) {
        let mut server = Server::new(0);
        server.instruction_limit = limit;
        let args = [b"EVAL".to_vec(), script.as_bytes().to_vec(), b"0".to_vec()];
        let mut client = Typist {
            commands: commands
                .iter()
                .map(|c| c.split(' ').map(|w| w.as_bytes().to_vec()).collect())
                .collect(),
            shown: Vec::new(),
        };
        let mut session = Session::new(&args, server.instruction_limit, &mut client);
        let reply = session.run_eval(&mut server, &args);
        let replayed = session
            .timeline
            .as_ref()
            .map_or(0, |t| t.checkpoints.replayed());
        let deepest = session.stops.iter().map(|s| s.step).max().unwrap_or(0);
        session.end();
        (client.shown, replayed, deepest, reply)
    }

    /// About 2.5 million instructions of loop before line 3.
    const LONG_LOOP: &str = "local n = 0
for i = 1, 1250000 do n = n + i end
local m = n + 1
return m";

    /// The lines from the stop that says `reason` to the next stop or the session's end.
    fn stop_after<'a>(shown: &'a [String], reason: &str) -> &'a [String] {
        let start = shown.iter().position(|l| l.ends_with(reason));
        let rest = start.map_or(&[][..], |i| &shown[i..]);
        let end = rest
            .iter()
            .skip(1)
            .position(|l| l.starts_with("* Stopped") || l == "<endsession>")
            .map_or(rest.len(), |i| i + 1);
        &rest[..end]
    }

    #[test]
    fn back_after_a_long_loop_replays_from_a_checkpoint() {
        let commands = ["b 3", "c", "print", "s", "back", "print", "c"];
        let (shown, replayed, deepest) = debug(LONG_LOOP, &commands);
        let there = stop_after(&shown, "break point");
        let back = stop_after(&shown, "step back");
        assert!(
            there.iter().any(|l| l == "<value> n = 7.81251e+11"),
            "{there:?}"
        );
        assert_eq!(back[1..], there[1..], "{shown:?}");
        assert!(deepest > 2_500_000, "{deepest}");
        // The forward run kept checkpoints: the replay ran only the stretch after the last.
        assert!(
            replayed > 0 && replayed < deepest / 2,
            "{replayed} of {deepest}"
        );
    }

    #[test]
    fn back_does_not_do_again_what_a_redis_command_changed() {
        let commands = [
            "r set x 1",
            "b 3",
            "c",
            "s",
            "back",
            "r get x",
            "s",
            "back",
            "c",
        ];
        let (shown, replayed, deepest) = debug(LONG_LOOP, &commands);
        let back = stop_after(&shown, "step back");
        assert!(back.iter().any(|l| l == "<reply> NULL"), "{back:?}");
        // Once the debugger changed the run, the forward run kept no checkpoints: the
        // first replay ran from the start, and kept some for the second.
        assert!(deepest > 2_500_000, "{deepest}");
        assert!(
            replayed >= deepest && replayed < deepest + deepest / 2,
            "{replayed} for {deepest}"
        );
    }

    #[test]
    fn back_gives_the_budget_back_as_it_was_at_the_stop() {
        // Where the budget runs out (the error's line) tells how much of it was left.
        let script = "local n = 0\nwhile true do\nn = n + 1\nn = n + 2\nn = n + 3\nend";
        let (_, _, _, straight) = debug_within(10_000, script, &["c"]);
        let text = match &straight {
            Reply::Error(text) => String::from_utf8_lossy(text).into_owned(),
            other => format!("{other:?}"),
        };
        assert!(text.contains("exceeded the limit of 10000"), "{text}");
        for commands in [
            &["s", "s", "s", "back", "back", "c"][..],
            &["s", "s", "stepi", "stepi", "back", "c"],
        ] {
            let (shown, _, _, reply) = debug_within(10_000, script, commands);
            assert!(shown.iter().any(|l| l.ends_with("step back")), "{shown:?}");
            assert_eq!(reply, straight, "{commands:?}");
        }
    }

    #[test]
    fn back_gives_the_count_hook_back_as_it_was_at_the_stop() {
        // `redis.breakpoint()` stops at the count hook's call in the middle of line 3: how
        // far into the line tells when the hook was due.
        let line = "x = x + 1 ".repeat(40);
        let script = format!(
            "local x = 0\nfor i = 1, 49980 do x = x + 1 end\nredis.breakpoint() {line}\nreturn x"
        );
        let printed = |commands: &[&str]| {
            let (shown, _, _) = debug(&script, commands);
            let stop = stop_after(&shown, "redis.breakpoint() called").to_vec();
            assert!(
                stop.iter().any(|l| l.starts_with("<value> x = 500")),
                "{stop:?}"
            );
            stop
        };
        let straight = printed(&["c", "print", "c"]);
        assert_eq!(printed(&["s", "back", "c", "print", "c"]), straight);
        assert_eq!(
            printed(&["s", "s", "back", "back", "c", "print", "c"]),
            straight
        );
    }

    #[test]
    fn back_does_not_do_again_what_eval_changed_in_lua() {
        let script = "local a = KEYS[1]\nlocal b = a\nreturn b";
        let commands = [
            "eval KEYS[1]='zz'",
            "s",
            "print KEYS",
            "back",
            "print KEYS",
            "c",
        ];
        let (shown, _, _) = debug(script, &commands);
        let printed: Vec<&String> = shown.iter().filter(|l| l.starts_with("<value>")).collect();
        assert_eq!(printed, ["<value> {\"zz\"}", "<value> {}"], "{shown:?}");
    }

    #[test]
    fn back_does_not_raise_again_what_abort_raised() {
        // `abort` in the loop's function is caught: the run goes on to line 8 with the
        // second loop done. Replayed without the error, the first loop is still running.
        let script = "local n = 0
local ok = pcall(function()
  n = n + 1
  for i = 1, 650000 do n = n + i end
end)
local after = n
for i = 1, 650000 do n = n + 1 end
local last = n
return last";
        let commands = ["b 3", "c", "b 8", "abort", "s", "back", "c"];
        let (shown, replayed, _) = debug(script, &commands);
        assert!(shown
            .iter()
            .any(|l| l == "* Stopped at 8, stop reason = break point"));
        let back = stop_after(&shown, "step back");
        assert_eq!(
            back.first().map(String::as_str),
            Some("* Stopped at 4, stop reason = step back")
        );
        // No checkpoint was kept after the error: the replay ran from the start.
        assert!(replayed > 1_300_000, "{replayed}");
    }
}
