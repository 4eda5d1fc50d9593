//! Checkpoints: copies of a run kept every so many steps as fast runs pass them, so that
//! going to a step replays from the nearest copy before it instead of from the start. Their
//! number and size stay bounded: when there are too many or they take too much memory,
//! every other one goes and the spacing doubles.

use super::replay::Execution;

/// Steps between checkpoints at first.
const FIRST_SPACING: u64 = 250_000;
/// Copies kept at most.
const MOST_KEPT: usize = 32;
/// Bytes of Lua heap and keyspace data the copies may hold together (as the VM and the
/// keyspace count them).
const MOST_BYTES: u64 = 256 << 20;
/// Steps at least between copies, per byte a copy holds, by default: a copy costs about
/// 1-1.5 ns a byte, a step about 3 ns, so copies cost at most a few percent of a run.
const STEPS_PER_BYTE: u64 = 8;

pub struct Checkpoints {
    spacing: u64,
    /// Bytes the copies may hold together.
    most_bytes: u64,
    /// Steps at least between copies, per byte a copy holds.
    steps_per_byte: u64,
    /// Copies of the run with the bytes each holds, by ascending step, each at a multiple
    /// of `spacing`.
    saved: Vec<(Execution, u64)>,
    /// Steps run again by replays so far (from a copy or the start to where they went).
    replayed: u64,
}

impl Default for Checkpoints {
    /// Checkpoints spaced to keep their cost a small part of the run's.
    fn default() -> Checkpoints {
        Checkpoints {
            steps_per_byte: STEPS_PER_BYTE,
            ..Checkpoints::spaced(FIRST_SPACING)
        }
    }
}

impl Checkpoints {
    /// No checkpoints yet, the first ones `spacing` steps apart whatever they cost (spread
    /// out only to stay within their number and bytes).
    pub fn spaced(spacing: u64) -> Checkpoints {
        Checkpoints {
            spacing: spacing.max(1),
            most_bytes: MOST_BYTES,
            steps_per_byte: 0,
            saved: Vec::new(),
            replayed: 0,
        }
    }

    /// The same, with the copies holding at most `bytes` together.
    pub fn within(self, bytes: u64) -> Checkpoints {
        Checkpoints {
            most_bytes: bytes,
            ..self
        }
    }

    /// The first step after `step` where a checkpoint is due.
    pub fn next_due(&self, step: u64) -> u64 {
        (step / self.spacing + 1).saturating_mul(self.spacing)
    }

    /// Keeps a copy of `execution` if a checkpoint is due where it stands and none is there.
    pub fn offer(&mut self, execution: &Execution) {
        let step = execution.step;
        if step == 0 || !step.is_multiple_of(self.spacing) || !execution.is_paused() {
            return;
        }
        let bytes = footprint(execution);
        if bytes > self.most_bytes {
            return;
        }
        // Copies far enough apart for their cost to stay a small part of the run's.
        while self.spacing < bytes.saturating_mul(self.steps_per_byte) {
            self.thin();
        }
        if !step.is_multiple_of(self.spacing) {
            return;
        }
        if let Err(at) = self
            .saved
            .binary_search_by_key(&step, |(saved, _)| saved.step)
        {
            self.saved.insert(at, (execution.copy(), bytes));
        }
        while self.saved.len() > MOST_KEPT
            || self.saved.iter().map(|(_, bytes)| bytes).sum::<u64>() > self.most_bytes
        {
            self.thin();
        }
    }

    /// Doubles the spacing, dropping the copies off it.
    fn thin(&mut self) {
        self.spacing = self.spacing.saturating_mul(2);
        let spacing = self.spacing;
        self.saved
            .retain(|(saved, _)| saved.step.is_multiple_of(spacing));
    }

    /// Brings `run` to `step` (or its end) with line events off, keeping checkpoints on the
    /// way: the one way both debuggers go back. It goes on from the latest checkpoint at or
    /// before `step`, or from where `run` stands if `go_on` and that is later, or else from
    /// the run `start` begins; `restored` sees the copy or the new run that takes its place.
    pub fn replay<E>(
        &mut self,
        run: &mut Execution,
        step: u64,
        go_on: bool,
        start: impl FnOnce() -> Result<Execution, E>,
        restored: impl FnOnce(&mut Execution),
    ) -> Result<(), E> {
        let here = (go_on && run.is_paused() && run.step <= step).then_some(run.step);
        let replacement = match self.resume_point(step, here) {
            Some(copy) => Some(copy),
            None if here.is_none() => Some(start()?),
            None => None,
        };
        if let Some(replacement) = replacement {
            *run = replacement;
            restored(run);
            self.replayed += step.saturating_sub(run.step);
        }
        self.run_fast_to(run, step);
        Ok(())
    }

    /// Runs `run` fast up to `step`, keeping checkpoints on the way.
    fn run_fast_to(&mut self, run: &mut Execution, step: u64) {
        while run.is_paused() && run.step < step {
            let due = self.next_due(run.step).min(step);
            run.run_fast(due - run.step);
            self.offer(run);
        }
    }

    /// A copy of the latest checkpoint at or before `step`, if it is past `after` (a run
    /// that could go on from there instead).
    fn resume_point(&self, step: u64, after: Option<u64>) -> Option<Execution> {
        let at = self.saved.partition_point(|(saved, _)| saved.step <= step);
        let (saved, _) = self.saved.get(at.checked_sub(1)?)?;
        (Some(saved.step) > after).then(|| saved.copy())
    }

    /// Steps run again by replays so far, from a copy of the run or its start.
    pub fn replayed(&self) -> u64 {
        self.replayed
    }

    /// Steps of the checkpoints kept.
    pub fn steps(&self) -> Vec<u64> {
        self.saved.iter().map(|(saved, _)| saved.step).collect()
    }
}

/// About how much memory a copy of `execution` holds (the keyspace measured: its running
/// estimate only grows).
fn footprint(execution: &Execution) -> u64 {
    execution.vm.heap.bytes as u64 + execution.keyspace().measure_memory()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::debugger::replay::Script;
    use crate::keyspace::reply::Reply;
    use crate::keyspace::Keyspace;

    fn run_of(body: &[u8]) -> Execution {
        let script = Script {
            body: body.to_vec(),
            keys: Vec::new(),
            args: Vec::new(),
            keyspace: Keyspace::new(0),
            rand: Default::default(),
            instruction_limit: 100_000_000,
            heap_limit: 1 << 28,
            prepare: None,
        };
        Execution::begin(&script).unwrap_or_else(|_| panic!("a Lua state"))
    }

    /// A run that grows its heap by about 40 bytes a step.
    fn growing() -> Execution {
        run_of(b"local t = {}\nfor i = 1, 100000 do t[i] = 'x' .. i end")
    }

    #[test]
    fn copies_are_spaced_by_the_bytes_they_hold() {
        // About 150 kB of heap, then a long loop that keeps it.
        let body = b"local t = {}\nfor i = 1, 2000 do t[i] = i .. 'x' end
local n = 0\nfor i = 1, 4000000 do n = n + i end";
        let mut run = run_of(body);
        let mut checkpoints = Checkpoints::default();
        while run.is_paused() {
            let due = checkpoints.next_due(run.step);
            run.run_fast(due - run.step);
            checkpoints.offer(&run);
        }
        assert!(checkpoints.saved.len() >= 2, "{:?}", checkpoints.steps());
        let largest = checkpoints.saved.iter().map(|(_, b)| *b).max().unwrap_or(0);
        assert!(checkpoints.spacing >= STEPS_PER_BYTE * largest);
        assert!(checkpoints.spacing > FIRST_SPACING);
    }

    #[test]
    fn copies_are_thinned_to_stay_within_their_bytes() {
        let mut run = growing();
        let budget = 8 * footprint(&run);
        let mut checkpoints = Checkpoints::spaced(1000).within(budget);
        while run.is_paused() {
            run.run_fast(1000);
            checkpoints.offer(&run);
        }
        let kept: u64 = checkpoints.saved.iter().map(|(_, b)| b).sum();
        assert!(kept <= budget, "{kept} > {budget}");
        assert!(!checkpoints.saved.is_empty());
        assert!(checkpoints.spacing > 1000);
        let steps = checkpoints.steps();
        assert!(steps
            .iter()
            .all(|step| step.is_multiple_of(checkpoints.spacing)));
    }

    const SUM_TO_5000: &[u8] = b"local n = 0\nfor i = 1, 5000 do n = n + i end\nreturn n";

    /// Replays `run` to `step`: where the run it went on from stood (None: it went on
    /// itself), where it stands now, and the steps replayed so far.
    fn replay(
        checkpoints: &mut Checkpoints,
        run: &mut Execution,
        step: u64,
        go_on: bool,
    ) -> (Option<u64>, u64, u64) {
        let mut from = None;
        let begin = || Ok::<_, ()>(run_of(SUM_TO_5000));
        let replayed = checkpoints.replay(run, step, go_on, begin, |copy| from = Some(copy.step));
        assert_eq!(replayed, Ok(()));
        (from, run.step, checkpoints.replayed())
    }

    #[test]
    fn replays_go_on_from_the_latest_checkpoint_before() {
        let mut checkpoints = Checkpoints::spaced(1000);
        let mut run = run_of(SUM_TO_5000);
        // Going on from where it stood is no replay.
        let went = replay(&mut checkpoints, &mut run, 4500, true);
        assert_eq!(went, (None, 4500, 0));
        assert_eq!(checkpoints.steps(), [1000, 2000, 3000, 4000]);
        let went = replay(&mut checkpoints, &mut run, 2500, true);
        assert_eq!(went, (Some(2000), 2500, 500));
        // Without going on, a replay does not go on from where the run stands either.
        let went = replay(&mut checkpoints, &mut run, 2700, false);
        assert_eq!(went, (Some(2000), 2700, 1200));
        let went = replay(&mut checkpoints, &mut run, 700, false);
        assert_eq!(went, (Some(0), 700, 1900));
        run.run_fast(u64::MAX);
        assert_eq!(run.reply(), Some(&Reply::Integer(12502500)));
    }
}
