//! The ordered half of a sorted set: its (score, member) entries in Redis's order, held in
//! chunks of a few hundred so that inserting or removing in the middle of a large set moves
//! one chunk rather than the whole set. Finding an index walks the chunk lengths, which keeps
//! rank and range queries cheap without the bookkeeping of a skiplist or order-statistic tree.

/// One entry: the score and the member.
pub type ScoredMember = (f64, Vec<u8>);

/// A chunk is split in two once it grows past this many entries.
const CHUNK_MAX: usize = 512;

/// Entries ordered by score, then by member bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SortedList {
    /// Non-empty chunks, each ordered, each wholly before the next.
    chunks: Vec<Vec<ScoredMember>>,
    len: usize,
}

/// Redis's entry order: by score, ties by member bytes.
pub fn precedes(a: &ScoredMember, score: f64, member: &[u8]) -> bool {
    a.0 < score || (a.0 == score && a.1.as_slice() < member)
}

impl SortedList {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The index of the first entry for which `before` is false; `before` must hold for a
    /// prefix of the list and fail for the rest, as with `slice::partition_point`.
    pub fn partition_point(&self, before: impl Fn(&ScoredMember) -> bool) -> usize {
        let chunk = self
            .chunks
            .partition_point(|c| c.last().is_some_and(&before));
        let skipped: usize = self.chunks[..chunk].iter().map(Vec::len).sum();
        skipped
            + self
                .chunks
                .get(chunk)
                .map_or(0, |c| c.partition_point(&before))
    }

    /// The chunk holding index `at` and the offset in it; `(chunks.len(), 0)` past the end.
    fn locate(&self, mut at: usize) -> (usize, usize) {
        for (i, chunk) in self.chunks.iter().enumerate() {
            if at < chunk.len() {
                return (i, at);
            }
            at -= chunk.len();
        }
        (self.chunks.len(), 0)
    }

    pub fn get(&self, at: usize) -> Option<&ScoredMember> {
        let (chunk, offset) = self.locate(at);
        self.chunks.get(chunk)?.get(offset)
    }

    /// Inserts an entry where the order puts it.
    pub fn insert(&mut self, score: f64, member: Vec<u8>) {
        let chunk = self
            .chunks
            .partition_point(|c| c.last().is_some_and(|e| precedes(e, score, &member)))
            .min(self.chunks.len().saturating_sub(1));
        self.len += 1;
        let Some(entries) = self.chunks.get_mut(chunk) else {
            self.chunks.push(vec![(score, member)]);
            return;
        };
        let at = entries.partition_point(|e| precedes(e, score, &member));
        entries.insert(at, (score, member));
        if entries.len() > CHUNK_MAX {
            let upper = entries.split_off(entries.len() / 2);
            self.chunks.insert(chunk + 1, upper);
        }
    }

    /// Removes and returns the entry at index `at`.
    pub fn remove(&mut self, at: usize) -> Option<ScoredMember> {
        let (chunk, offset) = self.locate(at);
        let entries = self.chunks.get_mut(chunk)?;
        if offset >= entries.len() {
            return None;
        }
        let entry = entries.remove(offset);
        if entries.is_empty() {
            self.chunks.remove(chunk);
        }
        self.len -= 1;
        Some(entry)
    }

    /// Every entry, lowest first (and reversible).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &ScoredMember> {
        self.chunks.iter().flatten()
    }

    /// The entries from index `from` on, lowest first.
    pub fn iter_from(&self, from: usize) -> impl Iterator<Item = &ScoredMember> {
        let (chunk, offset) = self.locate(from);
        let first = self.chunks.get(chunk).map_or(&[][..], |c| &c[offset..]);
        let rest = self.chunks.get(chunk + 1..).unwrap_or(&[]);
        first.iter().chain(rest.iter().flatten())
    }

    /// The entries before index `end`, highest first.
    pub fn iter_back_from(&self, end: usize) -> impl Iterator<Item = &ScoredMember> {
        let (chunk, offset) = self.locate(end);
        let last = self.chunks.get(chunk).map_or(&[][..], |c| &c[..offset]);
        let earlier = self.chunks.get(..chunk).unwrap_or(&[]);
        last.iter()
            .rev()
            .chain(earlier.iter().rev().flat_map(|c| c.iter().rev()))
    }

    /// Keeps the entries `keep` accepts (given each one's index), calling `dropped` on the
    /// others; returns how many went.
    pub fn retain(
        &mut self,
        mut keep: impl FnMut(usize, &ScoredMember) -> bool,
        mut dropped: impl FnMut(ScoredMember),
    ) -> usize {
        let before = self.len;
        let mut index = 0;
        for chunk in &mut self.chunks {
            let mut kept = Vec::with_capacity(chunk.len());
            for entry in chunk.drain(..) {
                if keep(index, &entry) {
                    kept.push(entry);
                } else {
                    dropped(entry);
                }
                index += 1;
            }
            *chunk = kept;
        }
        self.chunks.retain(|c| !c.is_empty());
        self.len = self.chunks.iter().map(Vec::len).sum();
        before - self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(i: u64) -> Vec<u8> {
        format!("m{i:05}").into_bytes()
    }

    /// A reference model (one sorted Vec) and the list, driven by the same random steps.
    #[test]
    fn matches_a_sorted_vec_through_random_inserts_and_removals() {
        let mut list = SortedList::default();
        let mut model: Vec<ScoredMember> = Vec::new();
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            seed >> 33
        };
        for step in 0..6000 {
            let r = next();
            if r % 3 == 0 && !model.is_empty() {
                let at = (next() as usize) % model.len();
                assert_eq!(list.remove(at), Some(model.remove(at)), "step {step}");
            } else {
                let (score, m) = ((r % 50) as f64, member(next() % 4000));
                let at = model.partition_point(|e| precedes(e, score, &m));
                model.insert(at, (score, m.clone()));
                list.insert(score, m);
            }
            assert_eq!(list.len(), model.len());
        }
        assert!(list.chunks.len() > 3, "the test must span several chunks");
        assert!(list.iter().eq(model.iter()));
        assert!(list.iter().rev().eq(model.iter().rev()));
        for at in [0, 1, model.len() / 2, model.len() - 1, model.len()] {
            assert_eq!(list.get(at), model.get(at));
            assert!(list.iter_from(at).eq(model[at..].iter()));
            assert!(list.iter_back_from(at).eq(model[..at].iter().rev()));
            let score = model.get(at).map_or(99.0, |e| e.0);
            assert_eq!(
                list.partition_point(|e| e.0 < score),
                model.partition_point(|e| e.0 < score)
            );
        }
        let mut gone = Vec::new();
        let removed = list.retain(|i, e| i % 5 != 0 && e.0 != 7.0, |e| gone.push(e));
        let mut index = 0;
        model.retain(|e| {
            index += 1;
            (index - 1) % 5 != 0 && e.0 != 7.0
        });
        assert_eq!(removed, gone.len());
        assert!(list.iter().eq(model.iter()));
        assert_eq!(list.len(), model.len());
    }
}
