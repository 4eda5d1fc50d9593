//! `Keyspace::dump` and `Keyspace::load`: keyspaces built with real commands (every type,
//! encodings, expiries, several databases, binary keys and values, streams with groups and
//! pending entries, and seeded random command sequences) go through the portable form and its
//! JSON text into a fresh keyspace, which must then dump the same document, answer every read
//! command on every key as the original does, and go on answering later commands the same.

use ferrous_lua::keyspace::portable::KeyspaceDump;
use ferrous_lua::keyspace::redis_cli::split_line;
use ferrous_lua::keyspace::reply::Reply;
use ferrous_lua::keyspace::Keyspace;

const START: i64 = 1_700_000_000_000;

fn run(ks: &mut Keyspace, line: &str) -> Reply {
    let args = split_line(line.as_bytes()).unwrap_or_default();
    ks.execute(&args)
}

fn run_all(ks: &mut Keyspace, lines: &str) {
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Reply::Error(e) = run(ks, line) {
            panic!("{line}: {}", String::from_utf8_lossy(&e));
        }
    }
}

/// The dump as JSON text and back, as a user would store and share it.
fn through_json(dump: &KeyspaceDump) -> (String, KeyspaceDump) {
    let text = serde_json::to_string(dump).unwrap_or_else(|e| panic!("{e}"));
    let back = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (text, back)
}

/// A fresh keyspace (on another clock) loaded from `ks`'s dump via JSON; its dump must be
/// the same document and the same text.
fn round_trip(ks: &Keyspace) -> Keyspace {
    let (text, dump) = through_json(&ks.dump());
    let mut loaded = Keyspace::new(0);
    if let Err(e) = loaded.load(dump) {
        panic!("{e}\n{text}");
    }
    let (again, _) = through_json(&loaded.dump());
    assert_eq!(text, again, "the loaded keyspace dumps differently");
    loaded
}

fn bulk_items(reply: &Reply) -> Vec<Vec<u8>> {
    match reply {
        Reply::Array(Some(items)) => items
            .iter()
            .filter_map(|i| match i {
                Reply::Bulk(Some(b)) => Some(b.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A redis-cli word for any bytes.
fn quote(bytes: &[u8]) -> String {
    let mut word = String::from("\"");
    for &b in bytes {
        word.push_str(&format!("\\x{b:02x}"));
    }
    word.push('"');
    word
}

/// XINFO STREAM FULL without the two fields that show the node layout, which a load
/// rebuilds (see `Keyspace::load`).
fn without_layout(reply: Reply) -> Reply {
    match reply {
        Reply::Array(Some(items)) => {
            let mut kept = Vec::new();
            let mut pairs = items.into_iter();
            while let (Some(name), Some(value)) = (pairs.next(), pairs.next()) {
                let layout = matches!(&name, Reply::Bulk(Some(n))
                    if n == b"radix-tree-keys" || n == b"radix-tree-nodes");
                if !layout {
                    kept.push(name);
                    kept.push(value);
                }
            }
            Reply::Array(Some(kept))
        }
        other => other,
    }
}

/// The read commands asked of a stream key, and of each of its groups.
fn stream_reads(ks: &mut Keyspace, k: &str, layout: bool) -> Vec<(String, Reply)> {
    let mut replies = Vec::new();
    for line in [
        format!("XRANGE {k} - +"),
        format!("XLEN {k}"),
        format!("XINFO GROUPS {k}"),
    ] {
        replies.push((line.clone(), run(ks, &line)));
    }
    let full = format!("XINFO STREAM {k} FULL COUNT 0");
    let info = run(ks, &full);
    replies.push((full, if layout { info } else { without_layout(info) }));
    let groups = run(ks, &format!("XINFO GROUPS {k}"));
    let names: Vec<Vec<u8>> = match &groups {
        Reply::Array(Some(groups)) => groups
            .iter()
            .filter_map(|g| bulk_items(g).get(1).cloned())
            .collect(),
        _ => Vec::new(),
    };
    for g in names.iter().map(|n| quote(n)) {
        for line in [
            format!("XINFO CONSUMERS {k} {g}"),
            format!("XPENDING {k} {g}"),
            format!("XPENDING {k} {g} - + 1000"),
        ] {
            replies.push((line.clone(), run(ks, &line)));
        }
    }
    replies
}

/// Every database's key list and every key's replies to the read commands of its type.
fn reads(ks: &mut Keyspace, layout: bool) -> Vec<(String, Reply)> {
    let mut replies = Vec::new();
    let selected = ks.selected;
    for db in 0..16 {
        ks.selected = db;
        for line in ["DBSIZE", "KEYS *", "SCAN 0 COUNT 100000"] {
            replies.push((format!("{db}: {line}"), run(ks, line)));
        }
        for key in bulk_items(&run(ks, "KEYS *")) {
            let k = quote(&key);
            let kind = run(ks, &format!("TYPE {k}"));
            let mut lines = vec![
                format!("TYPE {k}"),
                format!("PTTL {k}"),
                format!("OBJECT ENCODING {k}"),
                format!("OBJECT REFCOUNT {k}"),
            ];
            match &kind {
                Reply::Status(t) if t == b"string" => {
                    lines.extend([format!("GET {k}"), format!("STRLEN {k}")])
                }
                Reply::Status(t) if t == b"list" => lines.push(format!("LRANGE {k} 0 -1")),
                Reply::Status(t) if t == b"hash" => lines.push(format!("HGETALL {k}")),
                Reply::Status(t) if t == b"set" => lines.push(format!("SMEMBERS {k}")),
                Reply::Status(t) if t == b"zset" => {
                    lines.push(format!("ZRANGE {k} 0 -1 WITHSCORES"))
                }
                _ => replies.extend(stream_reads(ks, &k, layout)),
            }
            for line in lines {
                replies.push((format!("{db}: {line}"), run(ks, &line)));
            }
        }
    }
    ks.selected = selected;
    replies
}

fn assert_same_reads(ours: &mut Keyspace, loaded: &mut Keyspace, layout: bool) {
    let (a, b) = (reads(ours, layout), reads(loaded, layout));
    assert_eq!(a.len(), b.len());
    for ((line, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "{line}");
    }
}

const EVERY_TYPE: &str = r#"
    SET greeting hello
    SET counter 42
    SET big 12345678901234567890
    SET float 1.5
    INCRBYFLOAT float 2
    SET long "a string longer than the forty-four bytes of an embstr"
    SET short x
    APPEND short y
    SET "\xff\x00bin" "\xc3\x28\x00\xfe"
    SET ttl v PX 60000
    SET exat v EXAT 9999999999
    RPUSH queue a b c "\x80"
    LPUSH queue z
    HSET user name ann age 31 "\xff" "\xfe"
    HSET wide f "a value longer than sixty-four bytes, so Redis would convert the hash"
    HSET wide g 1 h 2
    HDEL wide f
    SADD ints 3 1 2 -7
    SADD mixed 5 3 1 x 2
    SREM mixed x
    SADD words b a c
    ZADD board 1.5 bob 1.5 amy inf top -inf bottom 0 zero 1e-320 tiny
    ZADD board 0.1 tenth 2.2250738585072014e-308 min
    ZADD long-member 1 "a member longer than sixty-four bytes turns the sorted set into a skiplist"
    ZADD long-member -0 negzero 3 three
    EXPIRE board 100
    XADD events 1-1 f v
    XADD events 1-2 f v g w
    XADD events 5-0 "\xff" "\x00"
    XADD events * a b
    XDEL events 1-2
    XGROUP CREATE events g1 0
    XGROUP CREATE events g2 $ ENTRIESREAD 3
    XGROUP CREATECONSUMER events g2 idle
    XREADGROUP GROUP g1 alice COUNT 2 STREAMS events >
    XREADGROUP GROUP g1 bob STREAMS events >
    XACK events g1 5-0
    XCLAIM events g1 carol 0 1-1
    XADD empty 7-7 f v
    XDEL empty 7-7
    XGROUP CREATE empty g 7-7
    SELECT 3
    SET other db
    LPUSH "\x00" "\x00"
    SELECT 15
    HSET last k v
    PEXPIRE last 12345
    SELECT 0
"#;

#[test]
fn every_type_round_trips_through_json() {
    let mut ks = Keyspace::new(START);
    run_all(&mut ks, EVERY_TYPE);
    ks.now += 250;
    let mut loaded = round_trip(&ks);
    assert_eq!(loaded.now, ks.now);
    assert_same_reads(&mut ks, &mut loaded, false);
}

/// Later writes go the same way on both sides: encodings stay sticky, a hash table's
/// removals and an intset's order carry on, stream IDs and groups continue.
#[test]
fn later_commands_reply_the_same() {
    let mut ks = Keyspace::new(START);
    run_all(&mut ks, EVERY_TYPE);
    let mut loaded = round_trip(&ks);
    for line in [
        "SADD mixed 0 4",
        "SREM ints 2",
        "SADD ints 0",
        "HSET user zip 1",
        "HDEL user name",
        "HSET wide x y",
        "HDEL wide g",
        "ZADD long-member 2 m",
        "ZADD board -0 nz",
        "APPEND greeting !",
        "INCR counter",
        "XADD events * k v",
        "XADD empty * k v",
        "XREADGROUP GROUP g2 dave STREAMS events >",
        "XAUTOCLAIM events g1 erin 0 0-0",
        "XTRIM events MAXLEN 2",
        "XSETID events 999-0",
        "LPOP queue 2",
        "PTTL ttl",
    ] {
        assert_eq!(run(&mut ks, line), run(&mut loaded, line), "{line}");
        ks.now += 7;
        loaded.now += 7;
    }
    assert_same_reads(&mut ks, &mut loaded, false);
    assert_eq!(through_json(&ks.dump()).0, through_json(&loaded.dump()).0);
}

/// A stream that was only ever appended to is rebuilt with the same nodes.
#[test]
fn an_append_only_stream_keeps_its_node_layout() {
    let mut ks = Keyspace::new(START);
    for i in 1..=260 {
        let value = "x".repeat(i % 90);
        run(&mut ks, &format!("XADD s {i}-0 field {value}"));
    }
    run_all(
        &mut ks,
        "XGROUP CREATE s g 0\nXREADGROUP GROUP g c COUNT 50 STREAMS s >",
    );
    let mut loaded = round_trip(&ks);
    assert_same_reads(&mut ks, &mut loaded, true);
    assert_eq!(
        run(&mut ks, "XTRIM s MAXLEN ~ 100"),
        run(&mut loaded, "XTRIM s MAXLEN ~ 100")
    );
}

#[test]
fn an_empty_keyspace_dumps_no_databases() {
    let ks = Keyspace::new(START);
    let (text, _) = through_json(&ks.dump());
    assert_eq!(text, r#"{"version":1,"time":1700000000000,"databases":[]}"#);
}
