//! WATCH's bookkeeping for the keyspace's one client: the watched keys and whether one of them
//! was touched since (Redis's `CLIENT_DIRTY_CAS`), which makes the next EXEC answer a null.
//!
//! Redis marks a key touched where a command calls `signalModifiedKey`. Rather than place such
//! calls in every command, a command that runs while keys are watched is observed from the
//! outside: the watched keys' entries are copied before it and compared after it, and a short
//! table names the commands Redis signals on even when the entry comes out unchanged (SET of
//! the same value, HINCRBY by 0, a store command rewriting its destination, ...). Nothing of
//! this runs while no key is watched.

use super::db::{Entry, Value};
use super::reply::Reply;
use super::watch_signals;
use super::Keyspace;

#[derive(Debug, Clone, Default)]
pub struct Watch {
    keys: Vec<WatchedKey>,
    /// A watched key was touched: the next EXEC fails.
    dirty: bool,
}

#[derive(Debug, Clone)]
struct WatchedKey {
    db: usize,
    key: Vec<u8>,
    /// When the key, live when watched, was due to expire then. A key already expired when
    /// watched has none: Redis ignores its expiry at EXEC.
    expires_at: Option<i64>,
}

/// The watched keys' live entries before a command, in watch order.
pub struct Snapshot {
    selected: usize,
    entries: Vec<Option<Entry>>,
}

impl Watch {
    /// Whether commands must be observed: some key is watched and none was touched yet.
    pub fn is_armed(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Forgets every watched key and the touched mark (UNWATCH, and the end of a transaction).
    pub fn clear(&mut self) {
        self.keys.clear();
        self.dirty = false;
    }

    fn touch(&mut self) {
        self.dirty = true;
        self.keys.clear();
    }
}

/// WATCH key...: watches each key of the selected database; a client already touched watches
/// nothing more, as Redis's does.
pub fn watch_keys(ks: &mut Keyspace, keys: &[Vec<u8>]) {
    if ks.watch.dirty {
        return;
    }
    let (db, now) = (ks.selected, ks.now);
    for key in keys {
        if ks.watch.keys.iter().any(|w| w.db == db && w.key == *key) {
            continue;
        }
        let Some(table) = ks.dbs.get(db) else {
            return;
        };
        let watched = WatchedKey {
            db,
            key: key.clone(),
            expires_at: table.peek(key, now).and_then(|e| e.expires_at),
        };
        ks.watch.keys.push(watched);
    }
}

/// At EXEC: whether the transaction must fail because a watched key was touched or, live
/// when watched, has expired since (Redis 7.0's `isWatchedKeyExpired`).
pub fn exec_must_fail(ks: &Keyspace) -> bool {
    ks.watch.dirty
        || ks
            .watch
            .keys
            .iter()
            .any(|w| w.expires_at.is_some_and(|t| t <= ks.now))
}

/// The watched keys' live entries, taken before a command runs.
pub fn snapshot(ks: &Keyspace) -> Snapshot {
    let entries = ks
        .watch
        .keys
        .iter()
        .map(|w| entry(ks, w.db, &w.key).cloned())
        .collect();
    Snapshot {
        selected: ks.selected,
        entries,
    }
}

fn entry<'a>(ks: &'a Keyspace, db: usize, key: &[u8]) -> Option<&'a Entry> {
    ks.dbs.get(db).and_then(|table| table.peek(key, ks.now))
}

/// After a command: marks the client touched when a watched entry changed, or when the
/// command is one Redis signals on for that key whatever the outcome.
pub fn settle(ks: &mut Keyspace, name: &str, args: &[Vec<u8>], reply: &Reply, before: Snapshot) {
    let touched = ks.watch.keys.iter().zip(&before.entries).any(|(w, old)| {
        let changed = !same(entry(ks, w.db, &w.key), old.as_ref())
            && !watch_signals::change_unsignalled(name, args, reply);
        changed || watch_signals::signals(name, args, reply, before.selected, w.db, &w.key, old)
    });
    if touched {
        ks.watch.touch();
    }
}

/// Whether an entry counts as unchanged. Of a stream only the entries count: Redis signals
/// neither the group commands (XGROUP, XREADGROUP, XACK, XCLAIM, ...) nor XSETID.
fn same(now: Option<&Entry>, before: Option<&Entry>) -> bool {
    match (now, before) {
        (Some(a), Some(b)) => match (&a.value, &b.value) {
            (Value::Stream(x), Value::Stream(y)) => {
                a.expires_at == b.expires_at && x.entries == y.entries
            }
            // A string's encoding changes without a signal (SETBIT to the bit it held).
            _ => a.value == b.value && a.expires_at == b.expires_at,
        },
        _ => now.is_none() && before.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ks: &mut Keyspace, line: &str) -> Reply {
        let args: Vec<Vec<u8>> = line.split(' ').map(|w| w.as_bytes().to_vec()).collect();
        ks.execute(&args)
    }

    fn watching(line: &str) -> Keyspace {
        let mut ks = Keyspace::new(0);
        run(&mut ks, line);
        watch_keys(&mut ks, &[b"k".to_vec()]);
        ks
    }

    #[test]
    fn a_change_or_a_signalling_command_touches_and_a_read_does_not() {
        let mut ks = watching("SET k v");
        run(&mut ks, "GET k");
        run(&mut ks, "SET other v");
        assert!(!exec_must_fail(&ks));
        run(&mut ks, "SET k v");
        assert!(exec_must_fail(&ks));
        let mut ks = watching("SET k 1");
        run(&mut ks, "INCRBY k 0");
        assert!(exec_must_fail(&ks));
        let mut ks = watching("SADD k a");
        run(&mut ks, "SADD k a");
        assert!(!exec_must_fail(&ks));
    }

    #[test]
    fn a_load_that_changes_a_watched_key_touches_it() {
        let mut ks = watching("SET k v");
        let mut other = Keyspace::new(0);
        run(&mut other, "SET k w");
        let dump = other.dump();
        assert!(ks.load(dump).is_ok());
        assert!(exec_must_fail(&ks));
    }
}
