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

pub struct Checkpoints {
    spacing: u64,
    /// Bytes the copies may hold together.
    most_bytes: u64,
    /// Copies of the run, by ascending step, each at a multiple of `spacing`.
    saved: Vec<Execution>,
}

impl Default for Checkpoints {
    fn default() -> Checkpoints {
        Checkpoints::spaced(FIRST_SPACING)
    }
}

impl Checkpoints {
    /// No checkpoints yet, the first ones `spacing` steps apart.
    pub fn spaced(spacing: u64) -> Checkpoints {
        Checkpoints {
            spacing: spacing.max(1),
            most_bytes: MOST_BYTES,
            saved: Vec::new(),
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
        if footprint(execution) > self.most_bytes {
            return;
        }
        if let Err(at) = self.saved.binary_search_by_key(&step, |saved| saved.step) {
            self.saved.insert(at, execution.copy());
        }
        while self.saved.len() > MOST_KEPT
            || self.saved.iter().map(footprint).sum::<u64>() > self.most_bytes
        {
            self.spacing = self.spacing.saturating_mul(2);
            let spacing = self.spacing;
            self.saved
                .retain(|saved| saved.step.is_multiple_of(spacing));
        }
    }

    /// A copy of the latest checkpoint at or before `step`, if it is past `after` (a run
    /// that could go on from there instead).
    pub fn resume_point(&self, step: u64, after: Option<u64>) -> Option<Execution> {
        let at = self.saved.partition_point(|saved| saved.step <= step);
        let saved = self.saved.get(at.checked_sub(1)?)?;
        (Some(saved.step) > after).then(|| saved.copy())
    }

    /// Steps of the checkpoints kept.
    pub fn steps(&self) -> Vec<u64> {
        self.saved.iter().map(|saved| saved.step).collect()
    }
}

/// About how much memory a copy of `execution` holds.
fn footprint(execution: &Execution) -> u64 {
    execution.vm.heap.bytes as u64 + execution.keyspace().used_memory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::debugger::replay::Script;
    use crate::keyspace::Keyspace;

    /// A run that grows its heap by about 40 bytes a step.
    fn growing() -> Execution {
        let script = Script {
            body: b"local t = {}\nfor i = 1, 100000 do t[i] = 'x' .. i end".to_vec(),
            keys: Vec::new(),
            args: Vec::new(),
            keyspace: Keyspace::new(0),
            rand: Default::default(),
            instruction_limit: 10_000_000,
            heap_limit: 1 << 28,
            prepare: None,
        };
        Execution::begin(&script).unwrap_or_else(|_| panic!("a Lua state"))
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
        let kept: u64 = checkpoints.saved.iter().map(footprint).sum();
        assert!(kept <= budget, "{kept} > {budget}");
        assert!(!checkpoints.saved.is_empty());
        assert!(checkpoints.spacing > 1000);
        let steps = checkpoints.steps();
        assert!(steps
            .iter()
            .all(|step| step.is_multiple_of(checkpoints.spacing)));
    }
}
