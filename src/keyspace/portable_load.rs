//! Rebuilding a keyspace from its portable form (`portable`). Values are rebuilt through the
//! same inserts commands use, so every derived structure (a sorted set's order and score
//! index, a stream's first ID and, unless the dump gives them, its nodes) is the keyspace's
//! own; what a dump states beyond the data (encodings, stream IDs and nodes, groups) is
//! checked against the rules the commands keep, so that no command meets a state it cannot
//! handle. A bad dump leaves the keyspace as it was and gets a message naming the database,
//! key and problem.

use super::db::{Db, Entry, Hash, Set, StringEncoding, Value};
use super::number::parse_integer;
use super::portable::{GroupDump, KeyDump, KeyspaceDump, NodeDump, StreamDump, FORMAT_VERSION};
use super::portable_scalars::{Bytes, Score};
use super::scan::encoding_name;
use super::stream_id::StreamId;
use super::stream_store::{Group, NodeLayout, Stream};
use super::zsets::SortedSet;
use super::{Keyspace, DATABASES};
use std::collections::VecDeque;

/// A byte string in a message: quoted, with non-UTF-8 bytes and controls escaped.
fn quoted(bytes: &[u8]) -> String {
    let mut text = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        text.extend(chunk.valid().escape_debug());
        for b in chunk.invalid() {
            text.push_str(&format!("\\x{b:02x}"));
        }
    }
    text.push('"');
    text
}

/// A string's encoding as `encoding` asks for it: OBJECT ENCODING then says `encoding` when
/// the bytes allow it (which the caller checks).
fn string_encoding(s: &[u8], encoding: Option<&str>) -> StringEncoding {
    match encoding {
        Some("raw") => StringEncoding::Raw,
        // An integer SET would store as `int`; INCRBYFLOAT's printed numbers are embstr.
        Some("embstr") if s.len() <= 20 && parse_integer(s).is_some() => StringEncoding::Printed,
        _ => StringEncoding::ByContent,
    }
}

fn list_value(items: Vec<Bytes>) -> Result<Value, String> {
    if items.is_empty() {
        return Err("an empty list (Redis deletes a list with its last item)".into());
    }
    Ok(Value::List(
        items.into_iter().map(|b| b.0).collect::<VecDeque<_>>(),
    ))
}

fn hash_value(pairs: Vec<(Bytes, Bytes)>, encoding: Option<&str>) -> Result<Value, String> {
    if pairs.is_empty() {
        return Err("an empty hash (Redis deletes a hash with its last field)".into());
    }
    let mut hash = match encoding {
        Some("hashtable") => Hash::empty_hashtable(),
        _ => Hash::default(),
    };
    for (field, value) in pairs {
        if !hash.set(&field.0, &value.0) {
            return Err(format!("hash field {} given twice", quoted(&field.0)));
        }
    }
    Ok(Value::Hash(hash))
}

fn set_value(members: Vec<Bytes>, encoding: Option<&str>) -> Result<Value, String> {
    if members.is_empty() {
        return Err("an empty set (Redis deletes a set with its last member)".into());
    }
    let mut set = match encoding {
        Some("hashtable") => Set::empty_hashtable(),
        _ => Set::default(),
    };
    for member in members {
        if !set.insert(&member.0) {
            return Err(format!("set member {} given twice", quoted(&member.0)));
        }
    }
    Ok(Value::Set(set))
}

fn zset_value(pairs: Vec<(Bytes, Score)>, encoding: Option<&str>) -> Result<Value, String> {
    if pairs.is_empty() {
        return Err("an empty sorted set (Redis deletes one with its last member)".into());
    }
    let mut zset = SortedSet::default();
    // Set first, so that a skiplist keeps a -0 score as a listpack would not.
    zset.skiplist = encoding == Some("skiplist");
    for (member, score) in pairs {
        if zset.score(&member.0).is_some() {
            return Err(format!(
                "sorted set member {} given twice",
                quoted(&member.0)
            ));
        }
        zset.insert(score.0, &member.0);
    }
    Ok(Value::SortedSet(zset))
}

/// Appends the entries as XADD would, checking that IDs ascend from above 0-0 and that each
/// entry has a field.
fn stream_entries(stream: &mut Stream, dump: &mut StreamDump) -> Result<(), String> {
    for entry in std::mem::take(&mut dump.entries) {
        let id = entry.id.0;
        if id.is_zero() {
            return Err("stream entry 0-0 (IDs start above 0-0)".into());
        }
        let last = stream.last_live_id();
        if !stream.is_empty() && id <= last {
            return Err(format!(
                "stream entry {id} comes after {last}: IDs must ascend"
            ));
        }
        if entry.fields.is_empty() {
            return Err(format!("stream entry {id} has no fields"));
        }
        stream.append(
            id,
            entry.fields.into_iter().map(|(f, v)| (f.0, v.0)).collect(),
        );
    }
    Ok(())
}

fn node_layout(nodes: Vec<NodeDump>) -> Result<Vec<NodeLayout>, String> {
    nodes
        .into_iter()
        .map(|node| {
            let entry_bytes = usize::try_from(node.bytes.0)
                .map_err(|_| format!("node {} has {} bytes", node.master.0, node.bytes.0))?;
            Ok(NodeLayout {
                master: node.master.0,
                master_fields: node.master_fields.into_iter().map(|f| f.0).collect(),
                written: node.written.into_iter().map(|(id, d)| (id.0, d)).collect(),
                entry_bytes,
            })
        })
        .collect()
}

fn group_value(dump: GroupDump, now: i64) -> Result<Group, String> {
    // Any count is taken: reading past an ENTRIESREAD of 2^63-1 wraps it negative.
    let entries_read = dump.entries_read.map(|n| n.0);
    let mut group = Group::new(dump.last_delivered_id.0, entries_read);
    for consumer in dump.consumers {
        let seen = consumer.seen_time.map_or(now, |t| t.0);
        if !group.add_consumer(&consumer.name.0, seen) {
            return Err(format!("consumer {} given twice", quoted(&consumer.name.0)));
        }
    }
    for pending in dump.pending {
        let id = pending.id.0;
        if group.pending.contains_key(&id) {
            return Err(format!("pending entry {id} given twice"));
        }
        if !group.consumers.contains_key(&pending.consumer.0) {
            return Err(format!(
                "pending entry {id} names consumer {}, which the group does not have",
                quoted(&pending.consumer.0)
            ));
        }
        let delivered = pending.delivery_time.map_or(now, |t| t.0);
        let nack = group.assign(id, &pending.consumer.0, delivered);
        nack.delivery_time = delivered;
        nack.delivery_count = pending.delivery_count.map_or(1, |n| n.0);
    }
    Ok(group)
}

/// A stream with the dump's entries, counters, nodes and groups. The top ID must be one
/// XADD and XSETID could have left: at least the last entry's.
fn stream_value(mut dump: StreamDump, now: i64) -> Result<Value, String> {
    let mut stream = Stream::default();
    stream_entries(&mut stream, &mut dump)?;
    let top = stream.last_live_id();
    let last_id = dump.last_id.map_or(top, |id| id.0);
    if last_id < top {
        return Err(format!(
            "lastId {last_id} is below the last entry's ID {top}"
        ));
    }
    // XSETID may leave the top ID below the largest deleted one, so any is taken.
    let max_deleted = dump.max_deleted_id.map_or(StreamId::MIN, |id| id.0);
    // Any count is taken: XADD after XSETID ... ENTRIESADDED 2^63-1 wraps it negative.
    let entries_added = dump.entries_added.map_or(stream.len() as i64, |n| n.0);
    if let Some(nodes) = dump.nodes {
        stream.set_node_layout(node_layout(nodes)?)?;
    }
    stream.last_id = last_id;
    stream.max_deleted = max_deleted;
    stream.entries_added = entries_added;
    for group in dump.groups {
        let name = group.name.0.clone();
        if stream.groups.contains_key(&name) {
            return Err(format!("consumer group {} given twice", quoted(&name)));
        }
        let group = group_value(group, now)
            .map_err(|problem| format!("consumer group {}: {problem}", quoted(&name)))?;
        stream.groups.insert(name, group);
    }
    Ok(Value::Stream(Box::new(stream)))
}

/// The entry a key's dump describes, at time `now` (the default of a stream's times).
fn rebuild_entry(dump: KeyDump, now: i64) -> Result<Entry, String> {
    let KeyDump {
        string,
        list,
        hash,
        set,
        zset,
        stream,
        expires_at,
        encoding,
        ..
    } = dump;
    let given = [
        string.is_some(),
        list.is_some(),
        hash.is_some(),
        set.is_some(),
        zset.is_some(),
        stream.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() != 1 {
        return Err("a key needs exactly one of string, list, hash, set, zset, stream".into());
    }
    let wanted = encoding.as_deref();
    let mut string_kind = StringEncoding::ByContent;
    let value = if let Some(s) = string {
        string_kind = string_encoding(&s.0, wanted);
        Value::String(s.0)
    } else if let Some(items) = list {
        list_value(items)?
    } else if let Some(pairs) = hash {
        hash_value(pairs, wanted)?
    } else if let Some(members) = set {
        set_value(members, wanted)?
    } else if let Some(pairs) = zset {
        zset_value(pairs, wanted)?
    } else if let Some(s) = stream {
        stream_value(s, now)?
    } else {
        return Err("a key needs a value".into());
    };
    let entry = Entry {
        value,
        expires_at: expires_at.map(|t| t.0),
        encoding: string_kind,
    };
    if let Some(wanted) = wanted {
        let actual = encoding_name(&entry);
        if actual != wanted {
            return Err(format!(
                "encoding \"{wanted}\" does not fit this {} (Redis would hold it as \"{actual}\")",
                entry.value.type_name()
            ));
        }
    }
    Ok(entry)
}

/// The sixteen databases a dump describes, at time `now`.
fn rebuild_databases(dump: KeyspaceDump, now: i64) -> Result<Vec<Db>, String> {
    let mut dbs = vec![Db::default(); DATABASES];
    let mut seen = [false; DATABASES];
    for database in dump.databases {
        let number = database.db;
        let index = usize::try_from(number).unwrap_or(usize::MAX);
        let (Some(db), Some(seen)) = (dbs.get_mut(index), seen.get_mut(index)) else {
            return Err(format!(
                "database {number} does not exist (there are {DATABASES}, from 0)"
            ));
        };
        if std::mem::replace(seen, true) {
            return Err(format!("database {number} given twice"));
        }
        for key in database.keys {
            let name = key.key.0.clone();
            let at = || format!("database {number}, key {}", quoted(&name));
            if db.contains_key(&name) {
                return Err(format!("{}: given twice", at()));
            }
            let entry =
                rebuild_entry(key, now).map_err(|problem| format!("{}: {problem}", at()))?;
            db.insert(&name, entry);
        }
    }
    Ok(dbs)
}

impl Keyspace {
    /// Replaces every database with the dump's and, when the dump gives a time, sets the
    /// virtual clock to it. A bad dump changes nothing and gets a message saying what is wrong
    /// and where. The selected database, the memory limit and the scripts are left alone.
    ///
    /// `load(dump())` leaves every reply as it was, OBJECT ENCODING and a stream's nodes
    /// included, except that SPOP's and SRANDMEMBER's generator is not part of the data and
    /// the memory estimate is measured afresh.
    pub fn load(&mut self, dump: KeyspaceDump) -> Result<(), String> {
        if let Some(version) = dump.version.filter(|&v| v != FORMAT_VERSION) {
            return Err(format!(
                "invalid keyspace dump: version {version} (this build reads version {FORMAT_VERSION})"
            ));
        }
        let now = dump.time.map_or(self.now, |t| t.0);
        let dbs = rebuild_databases(dump, now)
            .map_err(|problem| format!("invalid keyspace dump: {problem}"))?;
        // A watched key whose entry the load changes counts as modified.
        let before = self.watch.is_armed().then(|| super::watch::snapshot(self));
        self.dbs = dbs;
        self.now = now;
        self.used_memory = self.measure_memory();
        if let Some(before) = before {
            super::watch::settle(self, "load", &[], &super::reply::Reply::ok(), before);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_messages_escape_what_is_not_text() {
        assert_eq!(quoted(b"a\"b\n\xff\x00"), r#""a\"b\n\xff\0""#);
    }

    #[test]
    fn a_string_s_encoding_comes_from_the_name_and_the_bytes() {
        assert_eq!(
            string_encoding(b"12", Some("embstr")),
            StringEncoding::Printed
        );
        assert_eq!(
            string_encoding(b"ab", Some("embstr")),
            StringEncoding::ByContent
        );
        assert_eq!(
            string_encoding(b"12", Some("int")),
            StringEncoding::ByContent
        );
        assert_eq!(string_encoding(b"12", Some("raw")), StringEncoding::Raw);
        assert_eq!(string_encoding(b"12", None), StringEncoding::ByContent);
    }
}
