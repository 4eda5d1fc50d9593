//! One database: keys to typed values, with expiry times on the keyspace's virtual clock.
//! Expiry is lazy: a key whose time has come is removed when it is next looked at.

use indexmap::{IndexMap, IndexSet};
use std::collections::VecDeque;

/// A value of some Redis type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    String(Vec<u8>),
    List(VecDeque<Vec<u8>>),
    Hash(Hash),
    Set(Set),
    SortedSet(super::zsets::SortedSet),
    Stream(Box<super::stream_store::Stream>),
}

impl Value {
    /// `TYPE`'s name for it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
            Value::SortedSet(_) => "zset",
            Value::Stream(_) => "stream",
        }
    }
}

/// The hasher of every keyspace table: fast and fixed, so runs are reproducible.
pub type Hasher = foldhash::fast::FixedState;
/// Byte strings in insertion order, with hashed lookup.
pub type ByteSet = IndexSet<Vec<u8>, Hasher>;
/// Byte strings to byte strings in insertion order, with hashed lookup.
pub type ByteMap = IndexMap<Vec<u8>, Vec<u8>, Hasher>;

/// Redis 7.0 keeps a set of at most this many integers as a sorted intset.
const INTSET_MAX: usize = 512;

/// A set's members: sorted numerically while it is an intset (all integers, at most 512),
/// in insertion order once it is not (Redis's hash tables have their own order, and Redis
/// never converts back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    members: ByteSet,
    intset: bool,
}

impl Default for Set {
    fn default() -> Set {
        Set {
            members: ByteSet::default(),
            intset: true,
        }
    }
}

impl Set {
    /// An empty set Redis already holds as a hash table (as a loaded one may be): members
    /// keep the order they are added in, integers or not.
    pub fn empty_hashtable() -> Set {
        Set {
            members: ByteSet::default(),
            intset: false,
        }
    }

    pub fn contains(&self, member: &[u8]) -> bool {
        self.members.contains(member)
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Whether Redis would still hold it as an intset.
    pub fn is_intset(&self) -> bool {
        self.intset
    }

    /// The members in the order SMEMBERS gives them.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Vec<u8>> + ExactSizeIterator {
        self.members.iter()
    }

    /// A copy of the members in SMEMBERS order.
    pub fn to_vec(&self) -> Vec<Vec<u8>> {
        self.members.iter().cloned().collect()
    }

    /// Adds a member; true when it is new.
    pub fn insert(&mut self, member: &[u8]) -> bool {
        if self.contains(member) {
            return false;
        }
        let number = super::number::parse_integer(member);
        if self.intset && (number.is_none() || self.members.len() >= INTSET_MAX) {
            self.intset = false;
        }
        match (self.intset, number) {
            (true, Some(n)) => {
                let at = self
                    .members
                    .partition_point(|m| super::number::parse_integer(m).unwrap_or(0) < n);
                self.members.shift_insert(at, member.to_vec());
            }
            _ => {
                self.members.insert(member.to_vec());
            }
        }
        true
    }

    /// Removes a member; true when it was there. An intset keeps its order; a hash table's
    /// order is arbitrary anyway, so it takes the cheap removal.
    pub fn remove(&mut self, member: &[u8]) -> bool {
        if self.intset {
            self.members.shift_remove(member)
        } else {
            self.members.swap_remove(member)
        }
    }
}

/// Redis 7.0's `hash-max-listpack-entries` and `hash-max-listpack-value`.
const HASH_LISTPACK_ENTRIES: usize = 128;
const HASH_LISTPACK_VALUE: usize = 64;

/// A hash's fields. While Redis would keep it as a listpack (at most 128 fields, none and no
/// value longer than 64 bytes) they are in insertion order, as Redis's are; once Redis would
/// have converted it to a hash table (it never converts back) the order is Redis's own and
/// random, and ours stays insertion order apart from removals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hash {
    fields: ByteMap,
    hashtable: bool,
}

impl Hash {
    /// An empty hash Redis already holds as a hash table (as a loaded one may be).
    pub fn empty_hashtable() -> Hash {
        Hash {
            fields: ByteMap::default(),
            hashtable: true,
        }
    }

    pub fn get(&self, field: &[u8]) -> Option<&Vec<u8>> {
        self.fields.get(field)
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Whether Redis would hold it as a hash table rather than a listpack.
    pub fn is_hashtable(&self) -> bool {
        self.hashtable
    }

    /// (field, value) pairs in HGETALL order.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = (&Vec<u8>, &Vec<u8>)> + ExactSizeIterator {
        self.fields.iter()
    }

    /// Sets a field; true when it is new.
    pub fn set(&mut self, field: &[u8], value: &[u8]) -> bool {
        if field.len() > HASH_LISTPACK_VALUE || value.len() > HASH_LISTPACK_VALUE {
            self.hashtable = true;
        }
        if let Some(v) = self.fields.get_mut(field) {
            v.clear();
            v.extend_from_slice(value);
            return false;
        }
        if self.fields.len() >= HASH_LISTPACK_ENTRIES {
            self.hashtable = true;
        }
        self.fields.insert(field.to_vec(), value.to_vec());
        true
    }

    /// Removes a field; true when it was there.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        if self.hashtable {
            self.fields.swap_remove(field).is_some()
        } else {
            self.fields.shift_remove(field).is_some()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    /// Unix time in milliseconds when the key expires.
    pub expires_at: Option<i64>,
    /// How Redis would hold a string value, which depends on the command that made it.
    pub encoding: StringEncoding,
}

/// What `OBJECT ENCODING` says of a string: Redis's choice depends on how the value was
/// made, not only on its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StringEncoding {
    /// Stored by SET and its family (`tryObjectEncoding`): `int` for an integer, `embstr`
    /// up to 44 bytes, else `raw`.
    #[default]
    ByContent,
    /// Printed from a long double (INCRBYFLOAT): `embstr` or `raw` by length, never `int`.
    Printed,
    /// Built or grown in place (APPEND to an existing string, SETRANGE, SETBIT, BITOP).
    Raw,
}

/// The keys of one database. Insertion order, disturbed by removals, stands in for the order
/// of Redis's hash table, which is random.
#[derive(Debug, Default, Clone)]
pub struct Db {
    entries: IndexMap<Vec<u8>, Entry, Hasher>,
}

impl Db {
    /// The live entry for `key` at time `now` (an expired one is removed first).
    pub fn get(&mut self, key: &[u8], now: i64) -> Option<&mut Entry> {
        // One hash lookup: later accesses go by position.
        let at = self.entries.get_index_of(key)?;
        let expired = self
            .entries
            .get_index(at)
            .is_some_and(|(_, e)| e.expires_at.is_some_and(|t| t <= now));
        if expired {
            self.entries.swap_remove_index(at);
            return None;
        }
        self.entries.get_index_mut(at).map(|(_, e)| e)
    }

    /// Whether `key` is in the table, live or expired.
    pub fn contains_key(&self, key: &[u8]) -> bool {
        self.entries.contains_key(key)
    }

    pub fn insert(&mut self, key: &[u8], entry: Entry) {
        match self.entries.get_mut(key) {
            Some(slot) => *slot = entry,
            None => {
                self.entries.insert(key.to_vec(), entry);
            }
        }
    }

    pub fn remove(&mut self, key: &[u8], now: i64) -> Option<Entry> {
        self.get(key, now)?;
        self.entries.swap_remove(key)
    }

    /// Removes every key expired at `now`, keeping the others' order (as Redis's active
    /// expiry would remove them, at a moment of its choosing).
    pub fn remove_expired(&mut self, now: i64) {
        self.entries
            .retain(|_, e| e.expires_at.is_none_or(|t| t > now));
    }

    /// Keys still live at `now`.
    pub fn len(&mut self, now: i64) -> usize {
        self.remove_expired(now);
        self.entries.len()
    }

    pub fn is_empty(&mut self, now: i64) -> bool {
        self.len(now) == 0
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entries still live at `now`, read without removing the expired ones.
    pub fn live_entries(&self, now: i64) -> impl Iterator<Item = (&Vec<u8>, &Entry)> {
        self.entries
            .iter()
            .filter(move |(_, e)| e.expires_at.is_none_or(|t| t > now))
    }

    /// The entry for `key` if it is live at `now`, read without removing an expired one.
    pub fn peek(&self, key: &[u8], now: i64) -> Option<&Entry> {
        self.entries
            .get(key)
            .filter(|e| e.expires_at.is_none_or(|t| t > now))
    }

    /// The live keys at `now` with their types, in the table's order.
    pub fn keys(&mut self, now: i64) -> Vec<(Vec<u8>, &'static str)> {
        self.remove_expired(now);
        self.entries
            .iter()
            .map(|(k, e)| (k.clone(), e.value.type_name()))
            .collect()
    }
}
