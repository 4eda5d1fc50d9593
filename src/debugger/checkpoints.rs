//! Checkpoints: copies of a run kept every so many steps as fast runs pass them, so that
//! going to a step replays from the nearest copy before it instead of from the start. Their
//! number stays bounded: when there are too many, every other one goes and the spacing
//! doubles.

use super::replay::Execution;

/// Steps between checkpoints at first.
const FIRST_SPACING: u64 = 250_000;
/// Copies kept at most.
const MOST_KEPT: usize = 32;

pub struct Checkpoints {
    spacing: u64,
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
            saved: Vec::new(),
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
        if let Err(at) = self.saved.binary_search_by_key(&step, |saved| saved.step) {
            self.saved.insert(at, execution.copy());
        }
        if self.saved.len() > MOST_KEPT {
            self.spacing *= 2;
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
