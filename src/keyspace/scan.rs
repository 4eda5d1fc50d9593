//! Iteration over keys and collections: KEYS, SCAN (MATCH, COUNT, TYPE), HSCAN, SSCAN, ZSCAN,
//! RANDOMKEY and OBJECT ENCODING. Every scan answers in one page with cursor 0 (what Redis
//! does for small encodings); only single-item orders are comparable with Redis for hash-table
//! encodings, whose order is random there.

use super::command::subcommand_of;
use super::db::{Entry, StringEncoding, Value};
use super::glob::matches;
use super::number::parse_integer;
use super::reply::format_double;
use super::reply::{Reply, SYNTAX, WRONG_TYPE};
use super::Keyspace;

/// A scan's MATCH pattern and TYPE filter.
type ScanFilter = (Option<Vec<u8>>, Option<Vec<u8>>);

/// The MATCH pattern and TYPE filter of a scan's options (`args[from..]`).
fn scan_options(args: &[Vec<u8>], from: usize, allow_type: bool) -> Result<ScanFilter, Reply> {
    let (mut pattern, mut kind) = (None, None);
    let mut j = from;
    while j < args.len() {
        let Some(value) = args.get(j + 1) else {
            return Err(Reply::error(SYNTAX));
        };
        match args[j].to_ascii_lowercase().as_slice() {
            b"match" => pattern = Some(value.clone()),
            b"count" => match parse_integer(value) {
                Some(n) if n >= 1 => {}
                Some(_) => return Err(Reply::error(SYNTAX)),
                None => return Err(Reply::error(super::reply::NOT_INTEGER)),
            },
            b"type" if allow_type => kind = Some(value.to_ascii_lowercase()),
            _ => return Err(Reply::error(SYNTAX)),
        }
        j += 2;
    }
    Ok((pattern, kind))
}

/// A cursor as `strtoul` reads it: an optional sign (a negative one wraps), then digits that
/// fit 64 bits, and nothing else; the empty string reads as 0.
fn cursor(arg: &[u8]) -> Result<(), Reply> {
    let digits = match arg.first() {
        Some(b'-' | b'+') => &arg[1..],
        _ => arg,
    };
    let valid = if arg.is_empty() {
        true
    } else {
        !digits.is_empty()
            && digits.iter().all(u8::is_ascii_digit)
            && std::str::from_utf8(digits)
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
                .is_some()
    };
    if valid {
        Ok(())
    } else {
        Err(Reply::error("ERR invalid cursor"))
    }
}

fn page(items: Vec<Vec<u8>>) -> Reply {
    Reply::Array(Some(vec![
        Reply::bulk(b"0"),
        Reply::Array(Some(
            items.into_iter().map(|i| Reply::Bulk(Some(i))).collect(),
        )),
    ]))
}

pub fn scan(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if let Err(reply) = cursor(&args[1]) {
        return reply;
    }
    let (pattern, kind) = match scan_options(args, 2, true) {
        Ok(options) => options,
        Err(reply) => return reply,
    };
    let now = ks.now;
    let keys = ks
        .db()
        .keys(now)
        .into_iter()
        .filter(|(k, t)| {
            pattern.as_ref().is_none_or(|p| matches(p, k))
                && kind.as_ref().is_none_or(|want| want == t.as_bytes())
        })
        .map(|(k, _)| k)
        .collect();
    page(keys)
}

pub fn keys(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    let found = ks
        .db()
        .keys(now)
        .into_iter()
        .filter(|(k, _)| matches(&args[1], k))
        .map(|(k, _)| Reply::Bulk(Some(k)))
        .collect();
    Reply::Array(Some(found))
}

pub fn randomkey(ks: &mut Keyspace, _: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    let keys = ks.db().keys(now);
    if keys.is_empty() {
        return Reply::nil();
    }
    let i = ks.random_below(keys.len());
    Reply::Bulk(keys.get(i).map(|(k, _)| k.clone()))
}

/// HSCAN/SSCAN/ZSCAN: the collection's items (flattened pairs for hashes and sorted sets).
fn collection_scan(ks: &mut Keyspace, args: &[Vec<u8>], expected: &str) -> Reply {
    if let Err(reply) = cursor(&args[2]) {
        return reply;
    }
    // A missing key answers an empty page and a wrong type an error before any option is read.
    let now = ks.now;
    match ks.db().get(&args[1], now) {
        None => return page(Vec::new()),
        Some(Entry { value, .. }) if value.type_name() != expected => {
            return Reply::error(WRONG_TYPE)
        }
        Some(_) => {}
    }
    let (pattern, _) = match scan_options(args, 3, false) {
        Ok(options) => options,
        Err(reply) => return reply,
    };
    let keep = |item: &[u8]| pattern.as_ref().is_none_or(|p| matches(p, item));
    let items: Vec<Vec<u8>> = match ks.db().get(&args[1], now) {
        None => Vec::new(),
        Some(Entry { value, .. }) => match value {
            Value::Hash(h) => h
                .iter()
                .filter(|(f, _)| keep(f))
                .flat_map(|(f, v)| [f.clone(), v.clone()])
                .collect(),
            Value::Set(s) => s.iter().filter(|m| keep(m)).cloned().collect(),
            Value::SortedSet(z) => z
                .iter()
                .filter(|(_, m)| keep(m))
                .flat_map(|(s, m)| [m.clone(), format_double(*s)])
                .collect(),
            _ => Vec::new(),
        },
    };
    page(items)
}

pub fn hscan(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    collection_scan(ks, args, "hash")
}

pub fn sscan(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    collection_scan(ks, args, "set")
}

pub fn zscan(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    collection_scan(ks, args, "zset")
}

/// The longest string Redis 7.0 stores as an embstr.
pub const EMBSTR_SIZE: usize = 44;

const OBJECT_HELP: &[&str] = &[
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
];

/// Redis shares one object for each integer below this, stored by SET's family.
const SHARED_INTEGERS: i64 = 10_000;

/// OBJECT ENCODING, REFCOUNT, FREQ and HELP (IDLETIME needs access times this keyspace does
/// not keep, so it is not in the command table).
pub fn object(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let sub = match subcommand_of("object", args) {
        Ok(sub) => sub,
        Err(reply) => return reply,
    };
    if sub == "help" {
        return Reply::help(OBJECT_HELP);
    }
    let now = ks.now;
    let Some(entry) = ks.db().get(&args[2], now) else {
        return Reply::nil();
    };
    match sub {
        "refcount" => {
            let shared = matches!(&entry.value, Value::String(s)
                if entry.encoding == StringEncoding::ByContent
                    && s.len() <= 20
                    && parse_integer(s).is_some_and(|n| (0..SHARED_INTEGERS).contains(&n)));
            Reply::Integer(if shared { i64::from(i32::MAX) } else { 1 })
        }
        "freq" => Reply::error(
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please \
             note that when switching between policies at runtime LRU and LFU data will take \
             some time to adjust.",
        ),
        _ => Reply::bulk(encoding_name(entry).as_bytes()),
    }
}

/// What OBJECT ENCODING says of an entry.
pub fn encoding_name(entry: &Entry) -> &'static str {
    match &entry.value {
        Value::String(s) => match entry.encoding {
            StringEncoding::Raw => "raw",
            StringEncoding::ByContent if s.len() <= 20 && parse_integer(s).is_some() => "int",
            _ if s.len() <= EMBSTR_SIZE => "embstr",
            _ => "raw",
        },
        Value::List(_) => "quicklist",
        Value::Hash(h) if h.is_hashtable() => "hashtable",
        Value::Hash(_) => "listpack",
        Value::Set(s) if s.is_intset() => "intset",
        Value::Set(_) => "hashtable",
        Value::SortedSet(z) => {
            if z.skiplist {
                "skiplist"
            } else {
                "listpack"
            }
        }
        Value::Stream(_) => "stream",
    }
}
