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
fn round_trip(ks: &mut Keyspace) -> Keyspace {
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
    let plain = |b: &u8| b.is_ascii_alphanumeric() || b"-_".contains(b);
    if !bytes.is_empty() && bytes.iter().all(plain) {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut word = String::from("\"");
    for &b in bytes {
        word.push_str(&format!("\\x{b:02x}"));
    }
    word.push('"');
    word
}

/// The read commands asked of a stream key, and of each of its groups.
fn stream_reads(ks: &mut Keyspace, k: &str) -> Vec<(String, Reply)> {
    let mut replies = Vec::new();
    for line in [
        format!("XRANGE {k} - +"),
        format!("XLEN {k}"),
        format!("XINFO GROUPS {k}"),
        format!("XINFO STREAM {k} FULL COUNT 0"),
    ] {
        replies.push((line.clone(), run(ks, &line)));
    }
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
fn reads(ks: &mut Keyspace) -> Vec<(String, Reply)> {
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
                _ => replies.extend(stream_reads(ks, &k)),
            }
            for line in lines {
                replies.push((format!("{db}: {line}"), run(ks, &line)));
            }
        }
    }
    ks.selected = selected;
    replies
}

fn assert_same_reads(ours: &mut Keyspace, loaded: &mut Keyspace) {
    let (a, b) = (reads(ours), reads(loaded));
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
    XSETID empty 0-1
    XADD lowered 1-0 f v
    XADD lowered 3-0 f v
    XDEL lowered 3-0
    XSETID lowered 1-5
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
    let mut loaded = round_trip(&mut ks);
    assert_eq!(loaded.now, ks.now);
    assert_same_reads(&mut ks, &mut loaded);
}

/// Later writes go the same way on both sides: encodings stay sticky, a hash table's
/// removals and an intset's order carry on, stream IDs and groups continue.
#[test]
fn later_commands_reply_the_same() {
    let mut ks = Keyspace::new(START);
    run_all(&mut ks, EVERY_TYPE);
    let mut loaded = round_trip(&mut ks);
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
    assert_same_reads(&mut ks, &mut loaded);
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
    let mut loaded = round_trip(&mut ks);
    assert!(!through_json(&ks.dump()).0.contains("\"nodes\""));
    assert_same_reads(&mut ks, &mut loaded);
    assert_eq!(
        run(&mut ks, "XTRIM s MAXLEN ~ 100"),
        run(&mut loaded, "XTRIM s MAXLEN ~ 100")
    );
}

/// After deletes and trims a stream's nodes are not the ones its live entries would make;
/// the dump carries them, so XINFO's radix-tree counts, `~` trimming and where later
/// entries go stay the same.
#[test]
fn a_trimmed_stream_keeps_its_node_layout() {
    let mut ks = Keyspace::new(START);
    for i in 1..=350 {
        run(
            &mut ks,
            &format!("XADD s {i}-0 field {}", "y".repeat(i % 50)),
        );
    }
    for i in (3..=350).step_by(4) {
        run(&mut ks, &format!("XDEL s {i}-0"));
    }
    run_all(
        &mut ks,
        "XTRIM s MAXLEN 240\nXTRIM s MINID 130-0\nXDEL s 301-0 302-0",
    );
    let mut loaded = round_trip(&mut ks);
    assert!(through_json(&ks.dump()).0.contains("\"nodes\""));
    assert_same_reads(&mut ks, &mut loaded);
    for line in [
        "XINFO STREAM s",
        "XTRIM s MAXLEN ~ 150",
        "XADD s MAXLEN ~ 100 LIMIT 50 400-0 f v",
        "XTRIM s MINID ~ 260-0",
        "XINFO STREAM s",
    ] {
        assert_eq!(run(&mut ks, line), run(&mut loaded, line), "{line}");
    }
    for i in 401..=520 {
        let line = format!("XADD s {i}-0 f {}", "z".repeat(i % 70));
        assert_eq!(run(&mut ks, &line), run(&mut loaded, &line), "{line}");
    }
    assert_same_reads(&mut ks, &mut loaded);
}

#[test]
fn an_empty_keyspace_dumps_no_databases() {
    let mut ks = Keyspace::new(START);
    let (text, _) = through_json(&ks.dump());
    assert_eq!(text, r#"{"version":1,"time":1700000000000,"databases":[]}"#);
}

/// A small seeded generator (an LCG), so every failure repeats.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A key of one family (`s` strings, `l` lists, `h` hashes, `t` sets, `z` sorted sets, `x`
/// streams), so that most commands meet the type they want; one of each family is binary.
fn key(r: &mut Random, family: char) -> String {
    match r.below(3) {
        0 => format!("{family}0"),
        1 => format!("{family}1"),
        _ => format!("\"\\xff{family}\""),
    }
}

const VALUES: &[&str] = &[
    "1",
    "2",
    "-3",
    "512",
    "x",
    "y",
    "\"\\xfe\\xff\"",
    "10000000000000000000",
    "a-value-longer-than-sixty-four-bytes-so-that-listpacks-convert-to-tables",
];
const SCORES: &[&str] = &["1", "-0", "0", "inf", "-inf", "2.5", "1e-320", "-7"];

/// One random command over a few keys, values and stream IDs; `next_id` numbers the IDs
/// given to XADD.
fn random_command(r: &mut Random, next_id: &mut u64) -> String {
    // Streams get more turns: groups need several steps to build pending entries.
    let family = ['s', 'l', 'h', 't', 'z', 'x', 'x', 'x'][r.below(8)];
    let k = match key(r, family) {
        _ if family == 'x' && r.below(3) > 0 => "x0".to_string(),
        k => k,
    };
    let other = key(r, family);
    let v = r.pick(VALUES);
    let w = r.pick(VALUES);
    let s = r.pick(SCORES);
    let id = format!("{}-{}", r.below((*next_id as usize).max(1)) + 1, r.below(3));
    let g = r.below(2);
    let c = r.below(3);
    // Streams rarely lose their key, so that their groups last.
    let common = r.below(if family == 'x' { 40 } else { 10 });
    match (family, r.below(8)) {
        _ if common == 0 => match r.below(9) {
            0 => format!("DEL {k}"),
            1 => format!("RENAME {k} {other}"),
            2 => format!("PEXPIRE {k} {}", 1 + r.below(3000)),
            3 => format!("PERSIST {k}"),
            4 => format!("SELECT {}", r.below(2)),
            5 => format!("COPY {k} {other} REPLACE"),
            6 => format!("MOVE {k} {}", r.below(2)),
            7 => format!("EXPIREAT {k} {}", START / 1000 + r.below(5) as i64),
            _ => format!("RENAMENX {k} {other}"),
        },
        ('s', 0 | 1) => format!("SET {k} {v}"),
        ('s', 2) => format!("SET {k} {v} PX {}", 1 + r.below(3000)),
        ('s', 3) => format!("APPEND {k} {v}"),
        ('s', 4) => format!("INCR {k}"),
        ('s', 5) => format!("INCRBYFLOAT {k} 1.5"),
        ('s', 6) => format!("SETRANGE {k} 2 {v}"),
        ('s', _) => format!("SETBIT {k} {} 1", r.below(20)),
        ('l', 0..=3) => format!("RPUSH {k} {v} {w}"),
        ('l', 4) => format!("LPOP {k}"),
        ('l', 5) => format!("LREM {k} 0 {v}"),
        ('l', 6) => format!("LPUSH {k} {v}"),
        ('l', _) => format!("LMOVE {k} {other} LEFT RIGHT"),
        ('h', 0..=4) => format!("HSET {k} {v} {w}"),
        ('h', 5 | 6) => format!("HDEL {k} {v}"),
        ('h', _) => format!("HINCRBY {k} {v} 1"),
        ('t', 0..=4) => format!("SADD {k} {v} {w}"),
        ('t', 5 | 6) => format!("SREM {k} {v}"),
        ('t', _) => format!("SUNIONSTORE {k} {other} {k}"),
        ('z', 0..=3) => format!("ZADD {k} {s} {v}"),
        ('z', 4) => format!("ZREM {k} {v}"),
        ('z', 5) => format!("ZINCRBY {k} {s} {w}"),
        ('z', 6) => format!("ZPOPMIN {k}"),
        ('z', _) => format!("ZUNIONSTORE {k} 2 {k} {other}"),
        // Streams mostly share one key, so that groups meet entries.
        (_, _) => match r.below(15) {
            0..=2 => {
                *next_id += 1;
                let trim = if r.below(4) == 0 { " MAXLEN 3" } else { "" };
                format!("XADD {k}{trim} {next_id}-{} {v} {w}", r.below(3))
            }
            3 => format!("XADD {k} {next_id}-* {v} {w}"),
            4 => format!("XDEL {k} {id}"),
            5 | 14 => format!("XGROUP CREATE {k} g{g} {} MKSTREAM", r.pick(&["0", "$"])),
            6 | 7 => format!(
                "XREADGROUP GROUP g{g} c{c} COUNT 2 {}STREAMS {k} >",
                r.pick(&["", "", "NOACK "])
            ),
            8 => format!("XACK {k} g{g} {id}"),
            9 => format!("XCLAIM {k} g{g} c{c} 0 {id}"),
            10 => format!("XAUTOCLAIM {k} g{g} c{c} 0 0-0 COUNT 2"),
            11 => format!("XGROUP DELCONSUMER {k} g{g} c{c}"),
            12 => match r.below(3) {
                0 => format!("XTRIM {k} MINID {id}"),
                1 => format!("XTRIM {k} MAXLEN ~ {}", r.below(8)),
                _ => format!("XADD {k} MAXLEN ~ 2 LIMIT 3 {}-* f v", *next_id + 1),
            },
            _ if r.below(2) == 0 => format!("XSETID {k} {id}"),
            _ => format!("XSETID {k} {}-5", *next_id + 1),
        },
    }
}

/// Random command sequences, then a round trip, then more random commands on both sides
/// with every reply compared, then the reads and the dumps.
#[test]
fn random_command_sequences_round_trip() {
    let mut commands = 0;
    for seed in 0..120u64 {
        let mut r = Random(seed);
        let mut ks = Keyspace::new(START);
        let mut next_id = 0;
        for _ in 0..400 {
            run(&mut ks, &random_command(&mut r, &mut next_id));
            ks.now += r.below(40) as i64;
        }
        let mut loaded = round_trip(&mut ks);
        loaded.selected = ks.selected;
        // On copies: the reads remove expired keys, which would hide what the dump left.
        assert_same_reads(&mut ks.clone(), &mut loaded.clone());
        for step in 0..200 {
            let line = random_command(&mut r, &mut next_id);
            let (ours, theirs) = (run(&mut ks, &line), run(&mut loaded, &line));
            assert_eq!(ours, theirs, "seed {seed}, step {step}: {line}");
            let later = r.below(40) as i64;
            ks.now += later;
            loaded.now += later;
            commands += 1;
        }
        assert_same_reads(&mut ks, &mut loaded);
        let (a, b) = (through_json(&ks.dump()).0, through_json(&loaded.dump()).0);
        assert_eq!(a, b, "seed {seed}");
    }
    assert_eq!(commands, 24000);
}

/// Each bad document is refused with a message naming the problem, and the keyspace keeps
/// what it had.
#[test]
fn bad_dumps_are_refused_and_change_nothing() {
    let cases = [
        (r#"{"version": 2}"#, "version 2 (this build reads version 1)"),
        (r#"{"databases": [{"db": 16, "keys": []}]}"#, "database 16 does not exist"),
        (
            r#"{"databases": [{"db": 1}, {"db": 1}]}"#,
            "database 1 given twice",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "string": "x"}, {"key": "a", "list": ["y"]}]}]}"#,
            "database 0, key \"a\": given twice",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a"}]}]}"#,
            "key \"a\": a key needs exactly one of string, list, hash, set, zset, stream",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "string": "x", "set": ["y"]}]}]}"#,
            "exactly one of",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "list": []}]}]}"#,
            "an empty list",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "set": ["x", "x"]}]}]}"#,
            "set member \"x\" given twice",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "hash": [["f", "1"], ["f", "2"]]}]}]}"#,
            "hash field \"f\" given twice",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "zset": [["m", 1], ["m", 2]]}]}]}"#,
            "sorted set member \"m\" given twice",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "string": "abc", "encoding": "int"}]}]}"#,
            "encoding \"int\" does not fit this string (Redis would hold it as \"embstr\")",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "set": ["1", "x"], "encoding": "intset"}]}]}"#,
            "encoding \"intset\" does not fit this set",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "list": ["x"], "encoding": "listpack"}]}]}"#,
            "does not fit this list (Redis would hold it as \"quicklist\")",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "2-0", "fields": [["f", "v"]]}, {"id": "1-0", "fields": [["f", "v"]]}]}}]}]}"#,
            "stream entry 1-0 comes after 2-0: IDs must ascend",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "0-0", "fields": [["f", "v"]]}]}}]}]}"#,
            "stream entry 0-0",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "1-0", "fields": []}]}}]}]}"#,
            "stream entry 1-0 has no fields",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "5-0", "fields": [["f", "v"]]}], "lastId": "4-0"}}]}]}"#,
            "lastId 4-0 is below the last entry's ID 5-0",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"groups": [{"name": "g", "lastDeliveredId": "0-0", "pending": [{"id": "1-0", "consumer": "c"}]}]}}]}]}"#,
            "consumer group \"g\": pending entry 1-0 names consumer \"c\", which the group does not have",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"groups": [{"name": "g", "lastDeliveredId": "0-0"}, {"name": "g", "lastDeliveredId": "0-0"}]}}]}]}"#,
            "consumer group \"g\" given twice",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "1-0", "fields": [["f", "v"]]}, {"id": "2-0", "fields": [["f", "v"]]}], "nodes": [{"master": "1-0", "masterFields": ["f"], "written": [["1-0", false]], "bytes": 4}]}}]}]}"#,
            "the nodes leave out live entries",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "1-0", "fields": [["f", "v"]]}], "nodes": [{"master": "1-0", "masterFields": ["f"], "written": [["1-0", false], ["1-0", false]], "bytes": 4}]}}]}]}"#,
            "node 1-0 holds 1-0, which is not a live entry of that node",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "1-0", "fields": [["f", "v"]]}], "nodes": [{"master": "2-0", "masterFields": ["f"], "written": [["1-0", false]], "bytes": 4}]}}]}]}"#,
            "node 2-0 holds 1-0, which is not a live entry of that node",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"entries": [{"id": "1-0", "fields": [["f", "v"]]}], "nodes": [{"master": "1-0", "masterFields": [], "written": [["1-0", false]], "bytes": 4}, {"master": "1-0", "masterFields": [], "written": [["0-5", true]], "bytes": 4}]}}]}]}"#,
            "node 1-0 does not come before the next",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"nodes": [{"master": "1-0", "masterFields": [], "written": [], "bytes": 0}]}}]}]}"#,
            "node 1-0 has no entries",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"nodes": [{"master": "1-0", "masterFields": [], "written": [["1-0", true]], "bytes": -1}]}}]}]}"#,
            "node 1-0 has -1 bytes",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"nodes": [{"master": "1-0", "masterFields": [], "written": [["1-0", true]], "bytes": "9223372036854775807"}]}}]}]}"#,
            "node 1-0 has 9223372036854775807 bytes",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": {"base64": "/w=="}, "list": []}]}]}"#,
            "key \"\\xff\": an empty list",
        ),
    ];
    for (text, message) in cases {
        let dump: KeyspaceDump =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let mut ks = Keyspace::new(START);
        run_all(&mut ks, "SET kept 1\nSELECT 2\nSET also 2");
        let before = through_json(&ks.dump()).0;
        let problem = ks.load(dump).err().unwrap_or_default();
        assert!(
            problem.starts_with("invalid keyspace dump: "),
            "{text}: {problem}"
        );
        assert!(problem.contains(message), "{text}: {problem}");
        assert_eq!(through_json(&ks.dump()).0, before, "{text}");
    }
}

/// What JSON itself cannot be read as a dump: serde's messages name the field.
#[test]
fn malformed_documents_do_not_parse() {
    for (text, message) in [
        (r#"{"databases": [], "extra": 1}"#, "unknown field `extra`"),
        (r#"{"databases": [{"keys": []}]}"#, "missing field `db`"),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "a", "zset": [["m", "nan"]]}]}]}"#,
            "\"nan\" is not a score",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": {"base64": "!"}, "string": "v"}]}]}"#,
            "\"!\" is not base64",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": 5, "string": "v"}]}]}"#,
            "expected a string, {\"base64\": \"...\"} or a Uint8Array",
        ),
        (
            r#"{"time": 1.5}"#,
            "1.5 is not an integer a number holds exactly",
        ),
        (
            r#"{"databases": [{"db": 0, "keys": [{"key": "s", "stream": {"lastId": "7"}}]}]}"#,
            "\"7\" is not a stream ID <ms>-<seq>",
        ),
    ] {
        let problem = serde_json::from_str::<KeyspaceDump>(text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(problem.contains(message), "{text}: {problem}");
    }
}

/// A hand-written seed with the optional parts left out gets the defaults README gives,
/// and is the keyspace the same commands build.
#[test]
fn a_hand_written_seed_loads_with_defaults() {
    let seed = r#"{"databases": [{"db": 0, "keys": [
        {"key": "greeting", "string": "hello", "expiresAt": 1700000060000},
        {"key": "n", "string": "10"},
        {"key": "ids", "set": ["3", "1", "2"]},
        {"key": "board", "zset": [["bob", 2], ["amy", "inf"]]},
        {"key": "events", "stream": {"entries": [{"id": "1-0", "fields": [["f", "v"]]}],
            "groups": [{"name": "g", "lastDeliveredId": "1-0", "entriesRead": 1,
                "consumers": [{"name": "c"}], "pending": [{"id": "1-0", "consumer": "c"}]}]}}
    ]}]}"#;
    let mut loaded = Keyspace::new(START);
    let dump = serde_json::from_str(seed).unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = loaded.load(dump) {
        panic!("{e}");
    }
    let mut built = Keyspace::new(START);
    run_all(
        &mut built,
        "SET greeting hello PXAT 1700000060000
         SET n 10
         SADD ids 3 1 2
         ZADD board 2 bob inf amy
         XADD events 1-0 f v
         XGROUP CREATE events g 0
         XREADGROUP GROUP g c STREAMS events >",
    );
    assert_eq!(
        through_json(&loaded.dump()).0,
        through_json(&built.dump()).0
    );
    assert_same_reads(&mut built, &mut loaded);
}

/// README's example dump is one `load` takes and `dump` gives back unchanged.
#[test]
fn the_readme_example_loads_and_dumps_unchanged() {
    let readme = std::fs::read_to_string("README.md").unwrap_or_default();
    let section = readme
        .split("### Keyspace dumps")
        .nth(1)
        .unwrap_or_default();
    let example = section
        .split("```json")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_default();
    let written: serde_json::Value =
        serde_json::from_str(example).unwrap_or_else(|e| panic!("{e}: {example}"));
    let mut ks = Keyspace::new(0);
    let dump = serde_json::from_value(written.clone()).unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = ks.load(dump) {
        panic!("{e}");
    }
    let again = serde_json::to_value(ks.dump()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, written);
    assert_eq!(run(&mut ks, "XPENDING events g"), {
        let mut built = Keyspace::new(1_700_000_000_000);
        run_all(
            &mut built,
            "XADD events 1-0 f v\nXADD events 2-0 f w\nXGROUP CREATE events g 0\n\
             XREADGROUP GROUP g c COUNT 1 STREAMS events >",
        );
        run(&mut built, "XPENDING events g")
    });
}

/// Collections past Redis's compact-encoding limits keep their encoding and order: a set of
/// 600 integers that is a hash table (insertion order, not sorted), a hash and a sorted set
/// past 128 entries, a long list.
#[test]
fn large_collections_keep_their_encodings_and_orders() {
    let mut ks = Keyspace::new(START);
    for i in (0..600).rev() {
        run(&mut ks, &format!("SADD big-ints {i}"));
        run(&mut ks, &format!("RPUSH list {i}"));
    }
    for i in 0..200 {
        run(&mut ks, &format!("HSET big-hash f{i} {i}"));
        run(&mut ks, &format!("ZADD big-zset {} m{i}", i % 7));
    }
    run_all(
        &mut ks,
        "HDEL big-hash f3\nSREM big-ints 17\nZREM big-zset m5",
    );
    let mut loaded = round_trip(&mut ks);
    for key in ["big-ints", "big-hash", "big-zset", "list"] {
        let encoding = format!("OBJECT ENCODING {key}");
        assert_eq!(run(&mut ks, &encoding), run(&mut loaded, &encoding));
    }
    assert_eq!(
        run(&mut ks, "OBJECT ENCODING big-ints"),
        Reply::bulk(b"hashtable")
    );
    assert_same_reads(&mut ks, &mut loaded);
    for line in [
        "SREM big-ints 599",
        "SADD big-ints 1000",
        "HDEL big-hash f0",
        "HSET big-hash n 1",
    ] {
        assert_eq!(run(&mut ks, line), run(&mut loaded, line), "{line}");
    }
    assert_same_reads(&mut ks, &mut loaded);
}

/// Times and IDs at the edges of their ranges, which a dump may hold though commands rarely
/// make them.
const EDGE_TIMES: &[i64] = &[
    i64::MIN,
    -1,
    0,
    1_700_000_000_000,
    9_007_199_254_740_993,
    i64::MAX,
];
const EDGE_IDS: &[&str] = &[
    "0-1",
    "1-0",
    "5-5",
    "1700000000000-0",
    "18446744073709551615-0",
    "18446744073709551615-18446744073709551615",
];

/// A stream key's dump with edge values throughout, drawn by `r`.
fn edge_stream(r: &mut Random) -> serde_json::Value {
    let mut ids: Vec<&str> = (0..r.below(4)).map(|_| r.pick(EDGE_IDS)).collect();
    ids.sort_by_key(|id| {
        let (ms, seq) = id.split_once('-').unwrap_or_default();
        (
            ms.parse::<u64>().unwrap_or(0),
            seq.parse::<u64>().unwrap_or(0),
        )
    });
    ids.dedup();
    let time = |r: &mut Random| EDGE_TIMES[r.below(EDGE_TIMES.len())].to_string();
    serde_json::json!({
        "entries": ids.iter().map(|id| serde_json::json!({"id": id, "fields": [["f", "v"]]}))
            .collect::<Vec<_>>(),
        "lastId": r.pick(EDGE_IDS),
        "maxDeletedId": r.pick(&["0-0", "1-0", "5-5"]),
        "entriesAdded": time(r),
        "groups": [{
            "name": "g",
            "lastDeliveredId": r.pick(EDGE_IDS),
            "entriesRead": if r.below(2) == 0 { serde_json::Value::Null } else { time(r).into() },
            "consumers": [{"name": "c", "seenTime": time(r)}, {"name": "d", "seenTime": time(r)}],
            "pending": [
                {"id": r.pick(&["0-1", "1-0"]), "consumer": "c", "deliveryTime": time(r),
                 "deliveryCount": time(r)},
                {"id": r.pick(&["5-5", "18446744073709551615-0"]), "consumer": "d",
                 "deliveryTime": time(r), "deliveryCount": time(r)},
            ],
        }],
    })
}

/// Dumps with edge values load or are refused, never panic, and every command afterwards
/// answers without panicking either.
#[test]
fn edge_values_never_panic() {
    let commands = [
        "TTL k",
        "PTTL k",
        "EXPIRETIME k",
        "PEXPIRETIME k",
        "TIME",
        "EXPIRE k 100",
        "XADD s * f v",
        "XADD s MAXLEN ~ 1 * f v",
        "XLEN s",
        "XRANGE s - +",
        "XREADGROUP GROUP g c STREAMS s >",
        "XREADGROUP GROUP g d STREAMS s 0",
        "XPENDING s g",
        "XPENDING s g IDLE 10 - + 10",
        "XCLAIM s g c 10 1-0 5-5",
        "XAUTOCLAIM s g d 0 0-0",
        "XINFO STREAM s FULL",
        "XINFO STREAM s",
        "XINFO GROUPS s",
        "XINFO CONSUMERS s g",
        "XTRIM s MINID 5-5",
        "XTRIM s MAXLEN 0",
        "XDEL s 5-5",
        "XSETID s 18446744073709551615-18446744073709551615",
        "XGROUP SETID s g $",
        "XACK s g 0-1 5-5",
        "XGROUP DELCONSUMER s g c",
        "DEBUG OBJECT s",
        "OBJECT ENCODING s",
        "COPY s s2",
        "RENAME k k2",
        "SCAN 0",
        "KEYS *",
    ];
    let (mut loaded_count, mut refused) = (0, 0);
    for seed in 0..300u64 {
        let mut r = Random(seed);
        let time = EDGE_TIMES[r.below(EDGE_TIMES.len())];
        let expires = EDGE_TIMES[r.below(EDGE_TIMES.len())];
        let document = serde_json::json!({
            "time": time.to_string(),
            "databases": [{"db": 0, "keys": [
                {"key": "k", "string": "v", "expiresAt": expires.to_string()},
                {"key": "s", "stream": edge_stream(&mut r)},
            ]}],
        });
        let dump = serde_json::from_value(document).unwrap_or_else(|e| panic!("{e}"));
        let mut ks = Keyspace::new(START);
        if ks.load(dump).is_err() {
            refused += 1;
            continue;
        }
        loaded_count += 1;
        round_trip(&mut ks);
        for line in commands {
            run(&mut ks, line);
        }
        round_trip(&mut ks);
    }
    assert!(
        loaded_count > 100 && refused > 10,
        "{loaded_count} loaded, {refused} refused"
    );
}

/// Keys expired but not yet removed are left out of a dump and removed from the keyspace it
/// was taken from, so touching one later leaves both tables in the same order.
#[test]
fn expired_keys_leave_both_sides_alike() {
    let mut ks = Keyspace::new(START);
    run_all(&mut ks, "SET a 1\nSET b 2 PX 10\nSET c 3\nSET d 4");
    ks.now += 100;
    let mut loaded = round_trip(&mut ks);
    run(&mut ks, "GET b");
    run(&mut loaded, "GET b");
    assert_eq!(run(&mut ks, "KEYS *"), run(&mut loaded, "KEYS *"));
}
