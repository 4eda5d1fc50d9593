//! The keyspace as portable data: a JSON-able document holding every live key of every
//! database with its type, value, expiry and encoding, and the virtual clock's time, so a
//! keyspace can be saved, shared, compared and seeded (`Sandbox.dump()`/`Sandbox.load()` in
//! JavaScript). This module owns the document's shape and reading a keyspace into it;
//! `portable_load` rebuilds a keyspace from one, and `portable_scalars` gives the byte
//! strings, scores, integers and IDs their JSON forms.
//!
//! The shape (README's JavaScript section documents it for users):
//!
//! ```json
//! {"version": 1, "time": 1700000000000, "databases": [{"db": 0, "keys": [
//!   {"key": "greeting", "string": "hello", "expiresAt": 1700000060000, "encoding": "embstr"},
//!   {"key": "queue", "list": ["a", "b"], "encoding": "quicklist"},
//!   {"key": "user", "hash": [["name", "ann"]], "encoding": "listpack"},
//!   {"key": "tags", "set": ["x", {"base64": "/w=="}], "encoding": "hashtable"},
//!   {"key": "board", "zset": [["bob", 1.5], ["amy", "inf"]], "encoding": "listpack"},
//!   {"key": "events", "stream": {"entries": [{"id": "1-0", "fields": [["f", "v"]]}],
//!     "lastId": "1-0", "maxDeletedId": "0-0", "entriesAdded": 1, "groups": [
//!       {"name": "g", "lastDeliveredId": "1-0", "entriesRead": 1,
//!        "consumers": [{"name": "c", "seenTime": 1700000000000}],
//!        "pending": [{"id": "1-0", "consumer": "c", "deliveryTime": 1700000000000,
//!                     "deliveryCount": 1}]}]}, "encoding": "stream"}]}]}
//! ```
//!
//! Each key carries exactly one of the six value fields, named as TYPE names the types. A
//! stream whose listpack nodes differ from the ones its live entries make (after XDEL or
//! trimming) also carries `nodes`, so that a load rebuilds them exactly.
//! Databases and keys come in the keyspace's own order (the order KEYS and SCAN walk), and
//! each collection in the order its read command replies with it.

use super::db::{Db, Entry, Value};
use super::portable_scalars::{Bytes, Id, Integer, Score};
use super::scan::encoding_name;
use super::stream_store::{Group, Stream};
use super::Keyspace;
use serde::de::{Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

/// The version `dump` writes and `load` reads.
pub const FORMAT_VERSION: u32 = 1;

/// The whole keyspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyspaceDump {
    /// Always written; when read, it must be 1 if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The virtual clock, Unix milliseconds; when read, left as it is if not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Integer>,
    /// The databases that have keys, lowest first.
    #[serde(default)]
    pub databases: Vec<DatabaseDump>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct DatabaseDump {
    /// Its number, as SELECT takes it.
    pub db: u32,
    #[serde(default)]
    pub keys: Vec<KeyDump>,
}

/// One key: exactly one of the value fields is present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyDump {
    pub key: Bytes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string: Option<Bytes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<Vec<Bytes>>,
    /// (field, value) pairs in HGETALL order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<Vec<(Bytes, Bytes)>>,
    /// Members in SMEMBERS order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<Vec<Bytes>>,
    /// (member, score) pairs, lowest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zset: Option<Vec<(Bytes, Score)>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<StreamDump>,
    /// When the key expires, Unix milliseconds on the virtual clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Integer>,
    /// What OBJECT ENCODING says of it; when read and not given, the encoding commands
    /// building the value from empty would give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct StreamDump {
    /// The live entries, IDs ascending.
    #[serde(default)]
    pub entries: Vec<StreamEntryDump>,
    /// The top ID XADD must exceed; when read and not given, the last entry's (or 0-0).
    #[serde(default)]
    pub last_id: Option<Id>,
    /// `max-deleted-entry-id`; 0-0 when not given.
    #[serde(default)]
    pub max_deleted_id: Option<Id>,
    /// `entries-added`; the number of entries when not given.
    #[serde(default)]
    pub entries_added: Option<Integer>,
    /// Consumer groups by name, in byte order.
    #[serde(default)]
    pub groups: Vec<GroupDump>,
    /// Redis's listpack nodes, given only when they differ from the ones the live entries
    /// alone make (after XDEL or trimming): XINFO's radix-tree counts and `~` trimming see
    /// them. Meant to be kept as it is, not written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<NodeDump>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeDump {
    /// The ID that opened the node.
    pub master: Id,
    pub master_fields: Vec<Bytes>,
    /// Every entry written to the node, in order, with whether it was deleted.
    pub written: Vec<(Id, bool)>,
    /// Bytes of the entries after the master entry.
    pub bytes: Integer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", deny_unknown_fields)]
pub struct StreamEntryDump {
    pub id: Id,
    pub fields: Vec<(Bytes, Bytes)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupDump {
    pub name: Bytes,
    pub last_delivered_id: Id,
    /// The group's read counter; null where Redis holds it as unknown.
    #[serde(default)]
    pub entries_read: Option<Integer>,
    #[serde(default)]
    pub consumers: Vec<ConsumerDump>,
    /// The pending entries list, IDs ascending.
    #[serde(default)]
    pub pending: Vec<PendingDump>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsumerDump {
    pub name: Bytes,
    /// When it was last seen; the load's time when not given.
    #[serde(default)]
    pub seen_time: Option<Integer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields)]
pub struct PendingDump {
    pub id: Id,
    /// The consumer it was delivered to, one of the group's.
    pub consumer: Bytes,
    /// When it was last delivered; the load's time when not given.
    #[serde(default)]
    pub delivery_time: Option<Integer>,
    /// How many times it was delivered; 1 when not given.
    #[serde(default)]
    pub delivery_count: Option<Integer>,
}

/// A deserializer that reads a struct as a map. serde-wasm-bindgen reads a struct by looking up
/// its known fields on the JavaScript object, so a misspelt field (`expireAt`) would pass
/// unnoticed; read as a map, every field is seen and `deny_unknown_fields` can refuse it.
struct AsMap<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for AsMap<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The document's structs derive their serde code as inherent functions (`remote = "Self"`);
/// these trait impls call them, reading through [`AsMap`].
macro_rules! read_as_maps {
    ($($name:ident),*) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $name::serialize(self, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                $name::deserialize(AsMap(deserializer))
            }
        }
    )*};
}

read_as_maps!(
    KeyspaceDump,
    DatabaseDump,
    KeyDump,
    StreamDump,
    StreamEntryDump,
    GroupDump,
    ConsumerDump,
    PendingDump,
    NodeDump
);

fn bytes(b: &[u8]) -> Bytes {
    Bytes(b.to_vec())
}

fn pairs<'a>(items: impl Iterator<Item = (&'a Vec<u8>, &'a Vec<u8>)>) -> Vec<(Bytes, Bytes)> {
    items.map(|(a, b)| (bytes(a), bytes(b))).collect()
}

fn group_dump(name: &[u8], group: &Group) -> GroupDump {
    GroupDump {
        name: bytes(name),
        last_delivered_id: Id(group.last_id),
        entries_read: group.entries_read.map(Integer),
        consumers: group
            .consumers
            .iter()
            .map(|(name, consumer)| ConsumerDump {
                name: bytes(name),
                seen_time: Some(Integer(consumer.seen_time)),
            })
            .collect(),
        pending: group
            .pending
            .iter()
            .map(|(id, nack)| PendingDump {
                id: Id(*id),
                consumer: bytes(&nack.consumer),
                delivery_time: Some(Integer(nack.delivery_time)),
                delivery_count: Some(Integer(nack.delivery_count)),
            })
            .collect(),
    }
}

/// The stream's nodes when they differ from the ones its live entries, appended afresh,
/// would make.
fn nodes_dump(s: &Stream) -> Option<Vec<NodeDump>> {
    let mut fresh = Stream::default();
    for (id, fields) in &s.entries {
        fresh.append(*id, fields.clone());
    }
    let layout = s.node_layout();
    if layout == fresh.node_layout() {
        return None;
    }
    let nodes = layout.into_iter().map(|node| NodeDump {
        master: Id(node.master),
        master_fields: node.master_fields.iter().map(|f| bytes(f)).collect(),
        written: node.written.iter().map(|&(id, d)| (Id(id), d)).collect(),
        bytes: Integer(i64::try_from(node.entry_bytes).unwrap_or(i64::MAX)),
    });
    Some(nodes.collect())
}

fn stream_dump(s: &Stream) -> StreamDump {
    StreamDump {
        entries: s
            .entries
            .iter()
            .map(|(id, fields)| StreamEntryDump {
                id: Id(*id),
                fields: pairs(fields.iter().map(|(f, v)| (f, v))),
            })
            .collect(),
        last_id: Some(Id(s.last_id)),
        max_deleted_id: Some(Id(s.max_deleted)),
        entries_added: Some(Integer(s.entries_added)),
        groups: s
            .groups
            .iter()
            .map(|(name, group)| group_dump(name, group))
            .collect(),
        nodes: nodes_dump(s),
    }
}

/// A key with no value field yet.
fn bare_key(key: &[u8], entry: &Entry) -> KeyDump {
    KeyDump {
        key: bytes(key),
        string: None,
        list: None,
        hash: None,
        set: None,
        zset: None,
        stream: None,
        expires_at: entry.expires_at.map(Integer),
        encoding: Some(encoding_name(entry).to_string()),
    }
}

fn key_dump(key: &[u8], entry: &Entry) -> KeyDump {
    let mut dump = bare_key(key, entry);
    match &entry.value {
        Value::String(s) => dump.string = Some(bytes(s)),
        Value::List(items) => dump.list = Some(items.iter().map(|i| bytes(i)).collect()),
        Value::Hash(h) => dump.hash = Some(pairs(h.iter())),
        Value::Set(s) => dump.set = Some(s.iter().map(|m| bytes(m)).collect()),
        Value::SortedSet(z) => {
            dump.zset = Some(z.iter().map(|(s, m)| (bytes(m), Score(*s))).collect());
        }
        Value::Stream(s) => dump.stream = Some(stream_dump(s)),
    }
    dump
}

fn database_dump(index: usize, db: &Db, now: i64) -> Option<DatabaseDump> {
    let keys: Vec<KeyDump> = db
        .live_entries(now)
        .map(|(key, entry)| key_dump(key, entry))
        .collect();
    let db = u32::try_from(index).ok()?;
    (!keys.is_empty()).then_some(DatabaseDump { db, keys })
}

impl Keyspace {
    /// The keyspace as portable data: every key live on the virtual clock, and the clock.
    /// Expired keys are removed first: left in place, the lazy removal that would meet them
    /// later reorders the table, which a copy loaded without them would not see.
    pub fn dump(&mut self) -> KeyspaceDump {
        for db in &mut self.dbs {
            db.remove_expired(self.now);
        }
        KeyspaceDump {
            version: Some(FORMAT_VERSION),
            time: Some(Integer(self.now)),
            databases: self
                .dbs
                .iter()
                .enumerate()
                .filter_map(|(index, db)| database_dump(index, db, self.now))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyspace::stream_id::StreamId;

    fn stream_of(count: u64) -> Stream {
        let mut s = Stream::default();
        for ms in 1..=count {
            s.append(StreamId::new(ms, 0), vec![(b"f".to_vec(), b"v".to_vec())]);
        }
        s
    }

    #[test]
    fn nodes_are_written_only_when_the_entries_do_not_tell_them() {
        let mut s = stream_of(150);
        assert_eq!(nodes_dump(&s), None);
        s.delete(StreamId::new(7, 0));
        let nodes = nodes_dump(&s).unwrap_or_default();
        assert_eq!(nodes.len(), 2);
        assert!(nodes[0].written.contains(&(Id(StreamId::new(7, 0)), true)));
    }

    #[test]
    fn misspelt_fields_are_refused() {
        let text =
            r#"{"databases": [{"db": 0, "keys": [{"key": "k", "string": "v", "expireAt": 5}]}]}"#;
        let problem = serde_json::from_str::<KeyspaceDump>(text).err();
        assert!(problem.is_some_and(|e| e.to_string().contains("unknown field `expireAt`")));
    }
}
