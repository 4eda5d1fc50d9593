//! What a script changed in the keyspace between two moments: keys added, removed or changed
//! (value or expiry), in every database, each value shown briefly. Keys that expired count as
//! gone, but nothing is removed from the keyspaces compared.

use crate::keyspace::db::{Entry, Value};
use crate::keyspace::Keyspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One key that differs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeyChange {
    pub db: usize,
    pub key: String,
    pub change: Change,
    /// The value before and after, shown briefly (None where the key is absent).
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Items of a value shown before `...`.
const SHOWN_ITEMS: usize = 8;
/// Bytes of a string shown before `...`.
const SHOWN_BYTES: usize = 64;

/// The keys that differ from `before` to `after`, by database then key.
pub fn diff(before: &Keyspace, after: &Keyspace) -> Vec<KeyChange> {
    let mut changes = Vec::new();
    for (db, (old, new)) in before.dbs.iter().zip(&after.dbs).enumerate() {
        for (key, entry) in old.live_entries(before.now) {
            let now = new.peek(key, after.now);
            let change = match now {
                None => Change::Removed,
                Some(now) if now != entry => Change::Changed,
                Some(_) => continue,
            };
            changes.push(KeyChange {
                db,
                key: String::from_utf8_lossy(key).into_owned(),
                change,
                before: Some(show(entry)),
                after: now.map(show),
            });
        }
        for (key, entry) in new.live_entries(after.now) {
            if old.peek(key, before.now).is_none() {
                changes.push(KeyChange {
                    db,
                    key: String::from_utf8_lossy(key).into_owned(),
                    change: Change::Added,
                    before: None,
                    after: Some(show(entry)),
                });
            }
        }
    }
    changes.sort_by(|a, b| (a.db, &a.key).cmp(&(b.db, &b.key)));
    changes
}

/// A value as `type: items`, with its expiry time if it has one.
fn show(entry: &Entry) -> String {
    let body = match &entry.value {
        Value::String(s) => quoted(s),
        Value::List(items) => listed(items.len(), items.iter().map(|i| quoted(i))),
        Value::Set(set) => listed(set.len(), set.iter().map(|m| quoted(m))),
        Value::Hash(hash) => listed(
            hash.len(),
            hash.iter()
                .map(|(f, v)| format!("{} {}", quoted(f), quoted(v))),
        ),
        Value::Stream(stream) => listed(
            stream.entries.len(),
            stream.entries.iter().map(|(id, fields)| {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(f, v)| format!("{} {}", quoted(f), quoted(v)))
                    .collect();
                format!("{id} {{{}}}", fields.join(", "))
            }),
        ),
        Value::SortedSet(zset) => listed(
            zset.len(),
            zset.iter().map(|(score, member)| {
                let score = crate::keyspace::reply::format_double(*score);
                format!("{} {}", quoted(member), String::from_utf8_lossy(&score))
            }),
        ),
    };
    let mut text = format!("{}: {body}", entry.value.type_name());
    if let Some(at) = entry.expires_at {
        text.push_str(&format!(" (expires at {at} ms)"));
    }
    text
}

/// Items in brackets, the first few only.
fn listed(total: usize, items: impl Iterator<Item = String>) -> String {
    let mut shown: Vec<String> = items.take(SHOWN_ITEMS).collect();
    if total > SHOWN_ITEMS {
        shown.push(format!("... ({total} items)"));
    }
    format!("[{}]", shown.join(", "))
}

/// Bytes in double quotes, as redis-cli escapes them, the first few only.
fn quoted(bytes: &[u8]) -> String {
    let mut text = String::from("\"");
    for &b in bytes.iter().take(SHOWN_BYTES) {
        match b {
            b'"' => text.push_str("\\\""),
            b'\\' => text.push_str("\\\\"),
            b'\n' => text.push_str("\\n"),
            b'\r' => text.push_str("\\r"),
            b'\t' => text.push_str("\\t"),
            32..=126 => text.push(char::from(b)),
            _ => text.push_str(&format!("\\x{b:02x}")),
        }
    }
    text.push('"');
    if bytes.len() > SHOWN_BYTES {
        text.push_str("...");
    }
    text
}
