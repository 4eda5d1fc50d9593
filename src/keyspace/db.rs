//! One database: keys to typed values, with expiry times on the keyspace's virtual clock.
//! Expiry is lazy: a key whose time has come is removed when it is next looked at.

use std::collections::{HashMap, VecDeque};

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

/// Redis 7.0 keeps a set of at most this many integers as a sorted intset.
const INTSET_MAX: usize = 512;

/// A set's members: sorted numerically while it is an intset (all integers, at most 512),
/// in insertion order once it is not (Redis's hash tables have their own order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    pub members: Vec<Vec<u8>>,
    intset: bool,
}

impl Default for Set {
    fn default() -> Set {
        Set {
            members: Vec::new(),
            intset: true,
        }
    }
}

impl Set {
    pub fn contains(&self, member: &[u8]) -> bool {
        self.members.iter().any(|m| m == member)
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
                self.members.insert(at, member.to_vec());
            }
            _ => self.members.push(member.to_vec()),
        }
        true
    }

    /// Removes a member; true when it was there.
    pub fn remove(&mut self, member: &[u8]) -> bool {
        match self.members.iter().position(|m| m == member) {
            Some(i) => {
                self.members.remove(i);
                true
            }
            None => false,
        }
    }
}

/// A hash's fields in insertion order, as Redis keeps small hashes (listpack encoding);
/// large ones are unordered in Redis, so no test may depend on their order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hash {
    pub fields: Vec<(Vec<u8>, Vec<u8>)>,
}

impl Hash {
    pub fn get(&self, field: &[u8]) -> Option<&Vec<u8>> {
        self.fields.iter().find(|(f, _)| f == field).map(|(_, v)| v)
    }

    /// Sets a field; true when it is new.
    pub fn set(&mut self, field: &[u8], value: &[u8]) -> bool {
        match self.fields.iter_mut().find(|(f, _)| f == field) {
            Some((_, v)) => {
                *v = value.to_vec();
                false
            }
            None => {
                self.fields.push((field.to_vec(), value.to_vec()));
                true
            }
        }
    }

    /// Removes a field; true when it was there.
    pub fn remove(&mut self, field: &[u8]) -> bool {
        match self.fields.iter().position(|(f, _)| f == field) {
            Some(i) => {
                self.fields.remove(i);
                true
            }
            None => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    /// Unix time in milliseconds when the key expires.
    pub expires_at: Option<i64>,
}

#[derive(Debug, Default, Clone)]
pub struct Db {
    entries: HashMap<Vec<u8>, Entry>,
}

impl Db {
    /// The live entry for `key` at time `now` (an expired one is removed first).
    pub fn get(&mut self, key: &[u8], now: i64) -> Option<&mut Entry> {
        if self
            .entries
            .get(key)
            .is_some_and(|e| e.expires_at.is_some_and(|t| t <= now))
        {
            self.entries.remove(key);
        }
        self.entries.get_mut(key)
    }

    pub fn insert(&mut self, key: &[u8], entry: Entry) {
        self.entries.insert(key.to_vec(), entry);
    }

    pub fn remove(&mut self, key: &[u8], now: i64) -> Option<Entry> {
        self.get(key, now)?;
        self.entries.remove(key)
    }

    /// Keys still live at `now`.
    pub fn len(&mut self, now: i64) -> usize {
        self.entries
            .retain(|_, e| e.expires_at.is_none_or(|t| t > now));
        self.entries.len()
    }

    pub fn is_empty(&mut self, now: i64) -> bool {
        self.len(now) == 0
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The live keys at `now` with their types, in the table's order.
    pub fn keys(&mut self, now: i64) -> Vec<(Vec<u8>, &'static str)> {
        self.entries
            .retain(|_, e| e.expires_at.is_none_or(|t| t > now));
        self.entries
            .iter()
            .map(|(k, e)| (k.clone(), e.value.type_name()))
            .collect()
    }
}
