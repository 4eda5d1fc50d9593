//! The stream value: entries by ID, consumer groups with their pending entries lists, and a
//! model of the radix tree of listpack nodes Redis keeps them in. The nodes show in replies
//! (XINFO's radix-tree-keys and radix-tree-nodes, and `~` trimming, which removes whole nodes
//! only), so each node records what Redis's listpack records: its master ID and fields, its
//! live and deleted counts, its last ID and its size in bytes, with Redis 7.0's defaults of
//! 100 entries and 4096 bytes per node.

use super::number::parse_integer;
use super::stream_id::StreamId;
use std::collections::{BTreeMap, BTreeSet};

/// A stream entry's field-value pairs, in the order given.
pub type Fields = Vec<(Vec<u8>, Vec<u8>)>;

/// `stream-node-max-entries` and `stream-node-max-bytes` at their defaults.
const NODE_MAX_ENTRIES: u64 = 100;
const NODE_MAX_BYTES: usize = 4096;

/// One listpack of the radix tree: enough of it to know its size and what trimming sees.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    /// The radix tree key: the ID of the entry that opened the node.
    master: StreamId,
    master_fields: Vec<Vec<u8>>,
    live: u64,
    deleted: u64,
    /// Every entry written to the node in listpack order, with its deleted flag. Live IDs
    /// only grow, but a deleted top entry followed by XSETID lets later entries sort below a
    /// deleted one (or repeat its ID), and trimming by MINID stops at the first ID it
    /// reaches that is not below the minimum, deleted or not.
    written: Vec<(StreamId, bool)>,
    /// Bytes of the entries after the master entry.
    entry_bytes: usize,
}

/// Bytes a listpack element takes: its encoding, then its length written backwards.
fn element_size(encoded: usize) -> usize {
    let backlen = match encoded {
        0..=127 => 1,
        128..=16382 => 2,
        16383..=2097150 => 3,
        2097151..=268435454 => 4,
        _ => 5,
    };
    encoded + backlen
}

fn integer_element(value: i64) -> usize {
    element_size(match value {
        0..=127 => 1,
        -4096..=4095 => 2,
        -32768..=32767 => 3,
        -8388608..=8388607 => 4,
        -2147483648..=2147483647 => 5,
        _ => 9,
    })
}

/// Strings that read as integers are stored as integers.
fn string_element(s: &[u8]) -> usize {
    match parse_integer(s) {
        Some(n) => integer_element(n),
        None => element_size(match s.len() {
            0..=63 => 1 + s.len(),
            64..=4095 => 2 + s.len(),
            _ => 5 + s.len(),
        }),
    }
}

impl Node {
    /// Flags the live entry at `position` as deleted, as XDEL and trimming do.
    fn mark_deleted(&mut self, position: usize) {
        if let Some(entry) = self.written.get_mut(position) {
            entry.1 = true;
            self.live = self.live.saturating_sub(1);
            self.deleted += 1;
        }
    }

    /// The listpack's total size: header, master entry, entries, end byte.
    fn bytes(&self) -> usize {
        6 + integer_element(self.live as i64)
            + integer_element(self.deleted as i64)
            + integer_element(self.master_fields.len() as i64)
            + self
                .master_fields
                .iter()
                .map(|f| string_element(f))
                .sum::<usize>()
            + integer_element(0)
            + self.entry_bytes
            + 1
    }
}

/// A node of the radix tree as portable data (see `portable`): what the live entries alone
/// do not tell once some were deleted or trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeLayout {
    pub master: StreamId,
    pub master_fields: Vec<Vec<u8>>,
    /// Every entry written to the node, in listpack order, with its deleted flag.
    pub written: Vec<(StreamId, bool)>,
    /// Bytes of the entries after the master entry.
    pub entry_bytes: usize,
}

/// A pending entry: delivered to a consumer, not yet acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nack {
    pub consumer: Vec<u8>,
    /// Virtual-clock milliseconds of the last delivery.
    pub delivery_time: i64,
    pub delivery_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consumer {
    pub seen_time: i64,
    pub pending: BTreeSet<StreamId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub last_id: StreamId,
    /// The logical read counter; None where Redis keeps it invalid (-1).
    pub entries_read: Option<i64>,
    pub pending: BTreeMap<StreamId, Nack>,
    /// By name, in byte order as Redis's radix tree keeps them.
    pub consumers: BTreeMap<Vec<u8>, Consumer>,
}

impl Group {
    pub fn new(last_id: StreamId, entries_read: Option<i64>) -> Group {
        Group {
            last_id,
            entries_read,
            pending: BTreeMap::new(),
            consumers: BTreeMap::new(),
        }
    }

    /// Creates the consumer if it is new; true when it was.
    pub fn add_consumer(&mut self, name: &[u8], now: i64) -> bool {
        if self.consumers.contains_key(name) {
            return false;
        }
        self.consumers.insert(
            name.to_vec(),
            Consumer {
                seen_time: now,
                pending: BTreeSet::new(),
            },
        );
        true
    }

    /// Drops a pending entry from the group and its consumer; true when it was pending.
    pub fn forget(&mut self, id: StreamId) -> bool {
        let Some(nack) = self.pending.remove(&id) else {
            return false;
        };
        if let Some(consumer) = self.consumers.get_mut(&nack.consumer) {
            consumer.pending.remove(&id);
        }
        true
    }

    /// Gives pending entry `id` to `consumer` (which must exist), creating the entry if needed.
    pub fn assign(&mut self, id: StreamId, consumer: &[u8], delivery_time: i64) -> &mut Nack {
        let previous = self.pending.get(&id).map(|n| n.consumer.clone());
        if let Some(old) = previous.filter(|old| old != consumer) {
            if let Some(c) = self.consumers.get_mut(&old) {
                c.pending.remove(&id);
            }
        }
        if let Some(c) = self.consumers.get_mut(consumer) {
            c.pending.insert(id);
        }
        let nack = self.pending.entry(id).or_insert(Nack {
            consumer: consumer.to_vec(),
            delivery_time,
            delivery_count: 1,
        });
        nack.consumer = consumer.to_vec();
        nack
    }
}

/// What trimming keeps: at most a length, or IDs from a minimum on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trim {
    MaxLen(u64),
    MinId(StreamId),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stream {
    /// The live entries.
    pub entries: BTreeMap<StreamId, Fields>,
    nodes: Vec<Node>,
    pub last_id: StreamId,
    /// `recorded-first-entry-id`: 0-0 while empty.
    pub first_id: StreamId,
    pub max_deleted: StreamId,
    pub entries_added: i64,
    /// By name, in byte order.
    pub groups: BTreeMap<Vec<u8>, Group>,
}

impl Stream {
    pub fn len(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The last live entry's ID, 0-0 when there is none (`streamLastValidID`).
    pub fn last_live_id(&self) -> StreamId {
        self.entries
            .last_key_value()
            .map_or(StreamId::MIN, |(id, _)| *id)
    }

    /// Appends an entry whose ID is above `last_id` (the caller checks), opening a new node
    /// when the tail one is full, as `streamAppendItem` does.
    pub fn append(&mut self, id: StreamId, fields: Fields) {
        let payload: usize = fields.iter().map(|(f, v)| f.len() + v.len()).sum();
        let full = self.nodes.last().is_none_or(|node| {
            node.bytes() + payload >= NODE_MAX_BYTES || node.live + node.deleted >= NODE_MAX_ENTRIES
        });
        if full {
            self.nodes.push(Node {
                master: id,
                master_fields: fields.iter().map(|(f, _)| f.clone()).collect(),
                live: 0,
                deleted: 0,
                written: Vec::new(),
                entry_bytes: 0,
            });
        }
        if let Some(node) = self.nodes.last_mut() {
            let same_fields = node.master_fields.len() == fields.len()
                && node
                    .master_fields
                    .iter()
                    .zip(&fields)
                    .all(|(m, (f, _))| m == f);
            let count = fields.len() as i64;
            let mut bytes = integer_element(if same_fields { 2 } else { 0 })
                + integer_element(id.ms.wrapping_sub(node.master.ms) as i64)
                + integer_element(id.seq.wrapping_sub(node.master.seq) as i64);
            let mut parts = count + 3;
            if !same_fields {
                bytes += integer_element(count);
                bytes += fields.iter().map(|(f, _)| string_element(f)).sum::<usize>();
                parts += count + 1;
            }
            bytes += fields.iter().map(|(_, v)| string_element(v)).sum::<usize>();
            bytes += integer_element(parts);
            node.entry_bytes += bytes;
            node.live += 1;
            node.written.push((id, false));
        }
        self.entries.insert(id, fields);
        self.last_id = id;
        self.entries_added = self.entries_added.wrapping_add(1);
        if self.entries.len() == 1 {
            self.first_id = id;
        }
    }

    /// The index of the node holding `id`.
    fn node_of(&self, id: StreamId) -> Option<usize> {
        self.nodes
            .partition_point(|node| node.master <= id)
            .checked_sub(1)
    }

    /// The live IDs stored in node `index`.
    fn node_ids(&self, index: usize) -> Vec<StreamId> {
        let Some(node) = self.nodes.get(index) else {
            return Vec::new();
        };
        let ids = self.entries.range(node.master..).map(|(id, _)| *id);
        match self.nodes.get(index + 1) {
            Some(next) => ids.take_while(|id| *id < next.master).collect(),
            None => ids.collect(),
        }
    }

    /// Deletes one entry (XDEL); true when it was there. A node whose last live entry goes
    /// is dropped from the tree.
    pub fn delete(&mut self, id: StreamId) -> bool {
        if self.entries.remove(&id).is_none() {
            return false;
        }
        if let Some(index) = self.node_of(id) {
            if let Some(node) = self.nodes.get_mut(index) {
                if node.live <= 1 {
                    self.nodes.remove(index);
                } else if let Some(position) = node.written.iter().rposition(|&w| w == (id, false))
                {
                    node.mark_deleted(position);
                }
            }
        }
        true
    }

    /// After deletions: the first live ID, as `recorded-first-entry-id` follows it.
    pub fn refresh_first_id(&mut self) {
        self.first_id = self
            .entries
            .first_key_value()
            .map_or(StreamId::MIN, |(id, _)| *id);
    }

    /// `streamTrim`: drops whole nodes from the head while the rule allows, then (unless
    /// `approx`) single entries of the next node; `limit` (0: none) caps the entries removed
    /// by whole nodes. Returns how many entries went.
    pub fn trim(&mut self, rule: Trim, approx: bool, limit: u64) -> u64 {
        let mut removed: u64 = 0;
        while let Some(node) = self.nodes.first() {
            if let Trim::MaxLen(max) = rule {
                if self.len() <= max {
                    break;
                }
            }
            let live = node.live;
            if limit > 0 && removed.saturating_add(live) > limit {
                break;
            }
            let whole = match rule {
                Trim::MaxLen(max) => self.len() - live >= max,
                Trim::MinId(min) => node.written.last().is_some_and(|(last, _)| *last < min),
            };
            if whole {
                for id in self.node_ids(0) {
                    self.entries.remove(&id);
                }
                self.nodes.remove(0);
                removed += live;
                continue;
            }
            if approx {
                break;
            }
            let mut position = 0;
            while let Some(&(id, deleted)) =
                self.nodes.first().and_then(|n| n.written.get(position))
            {
                let stop = match rule {
                    Trim::MaxLen(max) => self.len() <= max,
                    Trim::MinId(min) => id >= min,
                };
                if stop {
                    break;
                }
                if !deleted {
                    self.entries.remove(&id);
                    if let Some(node) = self.nodes.first_mut() {
                        node.mark_deleted(position);
                    }
                    removed += 1;
                }
                position += 1;
            }
            break;
        }
        if removed > 0 {
            self.refresh_first_id();
        }
        removed
    }

    /// The nodes as portable data.
    pub fn node_layout(&self) -> Vec<NodeLayout> {
        self.nodes
            .iter()
            .map(|node| NodeLayout {
                master: node.master,
                master_fields: node.master_fields.clone(),
                written: node.written.clone(),
                entry_bytes: node.entry_bytes,
            })
            .collect()
    }

    /// Replaces the nodes with `layout`, which must be one the entries could sit in: masters
    /// ascending, each node with something written, and every live entry written undeleted
    /// exactly once, in the node its ID falls in (deleted ones may be anything).
    pub fn set_node_layout(&mut self, layout: Vec<NodeLayout>) -> Result<(), String> {
        let mut nodes = Vec::with_capacity(layout.len());
        let mut placed = BTreeSet::new();
        for (i, node) in layout.iter().enumerate() {
            let next = layout.get(i + 1).map(|n| n.master);
            if next.is_some_and(|next| next <= node.master) {
                return Err(format!(
                    "node {} does not come before the next",
                    node.master
                ));
            }
            if node.written.is_empty() {
                return Err(format!("node {} has no entries", node.master));
            }
            // A quarter of the address space leaves room for the sums over a node's size.
            if node.entry_bytes > usize::MAX / 4 {
                return Err(format!(
                    "node {} has {} bytes",
                    node.master, node.entry_bytes
                ));
            }
            for &(id, deleted) in &node.written {
                let inside = id >= node.master && next.is_none_or(|next| id < next);
                if deleted {
                    continue;
                }
                if !inside || !self.entries.contains_key(&id) || !placed.insert(id) {
                    return Err(format!(
                        "node {} holds {id}, which is not a live entry of that node",
                        node.master
                    ));
                }
            }
            let live = node.written.iter().filter(|(_, deleted)| !deleted).count() as u64;
            nodes.push(Node {
                master: node.master,
                master_fields: node.master_fields.clone(),
                live,
                deleted: node.written.len() as u64 - live,
                written: node.written.clone(),
                entry_bytes: node.entry_bytes,
            });
        }
        if placed.len() != self.entries.len() {
            return Err("the nodes leave out live entries".to_string());
        }
        self.nodes = nodes;
        Ok(())
    }

    /// XINFO's radix-tree-keys: one key per node.
    pub fn radix_tree_keys(&self) -> usize {
        self.nodes.len()
    }

    /// XINFO's radix-tree-nodes: the nodes of the compressed trie over the nodes' 16-byte keys
    /// (an empty tree still has its root).
    pub fn radix_tree_nodes(&self) -> usize {
        let keys: Vec<[u8; 16]> = self.nodes.iter().map(|n| n.master.key_bytes()).collect();
        if keys.is_empty() {
            1
        } else {
            trie_nodes(&keys, 0)
        }
    }

    /// Whether a deleted entry may lie in `from..` (`streamRangeHasTombstones`).
    pub fn has_tombstones_from(&self, from: StreamId) -> bool {
        !self.is_empty()
            && !self.max_deleted.is_zero()
            && self.first_id <= self.max_deleted
            && from <= self.max_deleted
    }

    /// `streamEstimateDistanceFromFirstEverEntry`: the read counter an ID has, when it can
    /// be known.
    pub fn estimate_entries_read(&self, id: StreamId) -> Option<i64> {
        if self.entries_added == 0 {
            return Some(0);
        }
        if self.is_empty() && id <= self.last_id {
            return Some(self.entries_added);
        }
        if id == self.last_id {
            return Some(self.entries_added);
        }
        if id > self.last_id {
            return None;
        }
        if self.max_deleted.is_zero() || self.max_deleted < self.first_id {
            let before = self.entries_added.wrapping_sub(self.len() as i64);
            if id < self.first_id {
                return Some(before);
            }
            if id == self.first_id {
                return Some(before.wrapping_add(1));
            }
        }
        None
    }

    /// A group's lag (`streamReplyWithCGLag`); None when it cannot be known.
    pub fn lag(&self, group: &Group) -> Option<i64> {
        if self.entries_added == 0 {
            return Some(0);
        }
        let read = match group.entries_read {
            Some(read) if !self.has_tombstones_from(group.last_id) => Some(read),
            _ => self.estimate_entries_read(group.last_id),
        };
        read.map(|read| self.entries_added.wrapping_sub(read))
    }
}

/// Nodes of a compressed trie holding `keys` (sorted, distinct, equal in their first `depth`
/// bytes) below that depth: a compressed node for a shared run of bytes, a branching node
/// where they part, and a leaf at each key's end.
fn trie_nodes(keys: &[[u8; 16]], depth: usize) -> usize {
    let (Some(first), Some(last)) = (keys.first(), keys.last()) else {
        return 0;
    };
    if keys.len() == 1 {
        return if depth < 16 { 2 } else { 1 };
    }
    let mut split = depth;
    while split < 16 && first[split] == last[split] {
        split += 1;
    }
    let mut count = usize::from(split > depth) + 1;
    let mut rest = keys;
    while let Some(head) = rest.first() {
        let byte = head.get(split);
        let group = rest.iter().take_while(|k| k.get(split) == byte).count();
        count += trie_nodes(&rest[..group], split + 1);
        rest = &rest[group..];
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream_of(ids: impl IntoIterator<Item = u64>) -> Stream {
        let mut s = Stream::default();
        for ms in ids {
            s.append(StreamId::new(ms, 1), vec![(b"f".to_vec(), b"v".to_vec())]);
        }
        s
    }

    #[test]
    fn nodes_hold_a_hundred_small_entries() {
        let s = stream_of(1..=250);
        assert_eq!((s.radix_tree_keys(), s.radix_tree_nodes()), (3, 8));
        assert_eq!(stream_of(1..=100).radix_tree_keys(), 1);
        assert_eq!(Stream::default().radix_tree_nodes(), 1);
    }

    #[test]
    fn big_entries_fill_a_node_by_bytes() {
        let mut s = Stream::default();
        for ms in 1..=30 {
            s.append(StreamId::new(ms, 0), vec![(b"f".to_vec(), vec![b'x'; 700])]);
        }
        assert_eq!((s.radix_tree_keys(), s.radix_tree_nodes()), (6, 14));
    }

    #[test]
    fn approximate_trimming_removes_whole_nodes_only() {
        let mut s = stream_of(1..=150);
        assert_eq!(s.trim(Trim::MaxLen(120), true, 10_000), 0);
        assert_eq!(s.trim(Trim::MaxLen(10), true, 10_000), 100);
        assert_eq!(s.trim(Trim::MaxLen(10), false, 0), 40);
        assert_eq!(s.first_id, StreamId::new(141, 1));
        let mut s = stream_of(1..=300);
        assert_eq!(s.trim(Trim::MinId(StreamId::new(150, 0)), true, 0), 100);
        assert_eq!(s.trim(Trim::MaxLen(90), true, 50), 0);
        assert_eq!(s.trim(Trim::MinId(StreamId::new(150, 0)), false, 0), 49);
    }

    #[test]
    fn a_node_layout_is_taken_back_and_checked() {
        let mut s = stream_of(1..=250);
        for ms in (2..=250).step_by(3) {
            s.delete(StreamId::new(ms, 1));
        }
        s.trim(Trim::MaxLen(120), false, 0);
        let layout = s.node_layout();
        let mut copy = s.clone();
        assert_eq!(copy.set_node_layout(layout.clone()), Ok(()));
        assert_eq!(copy, s);
        let mut missing = layout.clone();
        missing.pop();
        assert!(copy.set_node_layout(missing).is_err());
        let mut doubled = layout;
        if let Some(node) = doubled.first_mut() {
            let live = node.written.iter().find(|(_, deleted)| !deleted).copied();
            node.written.extend(live);
        }
        assert!(copy.set_node_layout(doubled).is_err());
        assert_eq!(copy, s, "a refused layout changes nothing");
    }

    #[test]
    fn deleting_a_node_s_last_entry_drops_the_node() {
        let mut s = stream_of(1..=250);
        for ms in 101..=200 {
            assert!(s.delete(StreamId::new(ms, 1)));
        }
        assert!(!s.delete(StreamId::new(101, 1)));
        assert_eq!(
            (s.len(), s.radix_tree_keys(), s.radix_tree_nodes()),
            (150, 2, 6)
        );
    }
}
