//! One database: keys to typed values, with expiry times on the keyspace's virtual clock.
//! Expiry is lazy: a key whose time has come is removed when it is next looked at.

use std::collections::HashMap;

/// A value of some Redis type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    String(Vec<u8>),
}

impl Value {
    /// `TYPE`'s name for it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
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
}
