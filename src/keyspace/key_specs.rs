//! Where a command's keys are among its arguments, as Redis 7.0 finds them for `COMMAND
//! GETKEYS` (db.c): first from the command's key specs (a begin-search step, by index or by
//! keyword, then a find-keys step, a range or a count argument), and when those give up (a
//! spec of unknown shape, a bad count, flags that vary with the arguments) from the command's
//! own key finder, with that finder's leniencies (`atoi` counts, SORT's option scan).

use super::number::{atoi, parse_integer};
use super::reply::Reply;

pub const RO: u32 = 1 << 0;
pub const RW: u32 = 1 << 1;
pub const OW: u32 = 1 << 2;
pub const RM: u32 = 1 << 3;
pub const ACCESS: u32 = 1 << 4;
pub const UPDATE: u32 = 1 << 5;
pub const INSERT: u32 = 1 << 6;
pub const DELETE: u32 = 1 << 7;
pub const NOT_KEY: u32 = 1 << 8;
pub const INCOMPLETE: u32 = 1 << 9;
pub const VARIABLE_FLAGS: u32 = 1 << 10;

/// Key flag names in the order Redis lists them.
const KEY_FLAG_NAMES: &[(u32, &str)] = &[
    (RO, "RO"),
    (RW, "RW"),
    (OW, "OW"),
    (RM, "RM"),
    (ACCESS, "access"),
    (UPDATE, "update"),
    (INSERT, "insert"),
    (DELETE, "delete"),
    (NOT_KEY, "not_key"),
    (INCOMPLETE, "incomplete"),
    (VARIABLE_FLAGS, "variable_flags"),
];

/// One key spec of a command.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySpec {
    pub flags: u32,
    pub begin: BeginSearch,
    pub find: FindKeys,
}

/// Where the search for a spec's keys starts.
#[derive(Debug, Clone, PartialEq)]
pub enum BeginSearch {
    /// At a fixed argument.
    Index(i32),
    /// After a keyword, looked for from `start_from` (negative: counted from the end,
    /// searching backwards).
    Keyword {
        keyword: Vec<u8>,
        start_from: i32,
    },
    Unknown,
}

/// Which arguments from there are keys.
#[derive(Debug, Clone, PartialEq)]
pub enum FindKeys {
    /// Up to `last_key` past the start (negative: counted from the end, or with `limit`,
    /// that part of what remains), every `key_step`.
    Range {
        last_key: i32,
        key_step: i32,
        limit: i32,
    },
    /// An argument `key_num_index` past the start counts the keys, which begin
    /// `first_key` past the start.
    KeyNum {
        key_num_index: i32,
        first_key: i32,
        key_step: i32,
    },
    Unknown,
}

/// A key found in a command: its argument's position and the spec's flags.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyRef {
    pub position: usize,
    pub flags: u32,
}

/// A command's own key finder (Redis's `getkeys_proc`), used when its specs give up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KeyFinder {
    /// A count argument then that many keys, and maybe a destination key (ZUNIONSTORE,
    /// EVAL, LMPOP, ...): positions of the destination (0: none), the count and the first key.
    Counted {
        store: usize,
        count: usize,
        first: usize,
    },
    Sort,
    SortReadOnly,
    Set,
    Bitfield,
    StreamRead,
    /// GEORADIUS and GEORADIUSBYMEMBER: the key, and the last STORE or STOREDIST key.
    GeoRadius,
}

impl KeyFinder {
    /// The finder Redis 7.0.15 gives the command `name` (a full name), if any.
    pub fn of(name: &str) -> Option<KeyFinder> {
        let counted = |store, count, first| KeyFinder::Counted {
            store,
            count,
            first,
        };
        Some(match name {
            "zunionstore" | "zinterstore" | "zdiffstore" => counted(1, 2, 3),
            "zunion" | "zinter" | "zdiff" | "sintercard" | "lmpop" | "zmpop" | "zintercard" => {
                counted(0, 1, 2)
            }
            "eval" | "evalsha" | "eval_ro" | "evalsha_ro" | "fcall" | "fcall_ro" | "blmpop"
            | "bzmpop" => counted(0, 2, 3),
            "sort" => KeyFinder::Sort,
            "sort_ro" => KeyFinder::SortReadOnly,
            "set" => KeyFinder::Set,
            "bitfield" => KeyFinder::Bitfield,
            "xread" | "xreadgroup" => KeyFinder::StreamRead,
            "georadius" | "georadiusbymember" => KeyFinder::GeoRadius,
            _ => return None,
        })
    }

    fn keys(self, args: &[Vec<u8>]) -> Vec<KeyRef> {
        match self {
            KeyFinder::Counted {
                store,
                count,
                first,
            } => counted_keys(args, store, count, first),
            KeyFinder::Sort => sort_keys(args),
            KeyFinder::SortReadOnly => vec![key(1, RO | ACCESS)],
            KeyFinder::Set => {
                let get = args.iter().skip(3).any(|a| c_string_is(a, b"get"));
                let flags = if get {
                    RW | ACCESS | UPDATE
                } else {
                    OW | UPDATE
                };
                vec![key(1, flags)]
            }
            KeyFinder::Bitfield => {
                let flags = if bitfield_reads_only(args) {
                    RO | ACCESS
                } else {
                    RW | ACCESS | UPDATE
                };
                vec![key(1, flags)]
            }
            KeyFinder::StreamRead => stream_read_keys(args),
            KeyFinder::GeoRadius => geo_radius_keys(args),
        }
    }
}

fn key(position: usize, flags: u32) -> KeyRef {
    KeyRef { position, flags }
}

/// Whether an argument, read as C reads it (up to a NUL), is `word` in any case.
fn c_string_is(arg: &[u8], word: &[u8]) -> bool {
    let text = arg.split(|&b| b == 0).next().unwrap_or_default();
    text.eq_ignore_ascii_case(word)
}

/// The keys of `args` (the command name first) for a command with these specs and finder;
/// empty when none can be found.
pub fn find_keys(specs: &[KeySpec], finder: Option<KeyFinder>, args: &[Vec<u8>]) -> Vec<KeyRef> {
    let has_key_spec = specs.iter().any(|s| s.flags & NOT_KEY == 0);
    let variable_flags = specs.iter().any(|s| s.flags & VARIABLE_FLAGS != 0);
    if has_key_spec && !variable_flags {
        if let Some(keys) = keys_by_specs(specs, args) {
            return keys;
        }
    }
    finder.map(|f| f.keys(args)).unwrap_or_default()
}

/// Whether a command may have keys at all.
pub fn has_keys(specs: &[KeySpec], finder: Option<KeyFinder>) -> bool {
    finder.is_some() || specs.iter().any(|s| s.flags & NOT_KEY == 0)
}

/// The keys the specs find, or None when one of them cannot be followed. Arithmetic is in
/// C `int`s, as Redis's is.
fn keys_by_specs(specs: &[KeySpec], args: &[Vec<u8>]) -> Option<Vec<KeyRef>> {
    let argc = i32::try_from(args.len()).ok()?;
    let mut keys = Vec::new();
    for spec in specs.iter().filter(|s| s.flags & NOT_KEY == 0) {
        let first = match &spec.begin {
            BeginSearch::Index(position) => *position,
            BeginSearch::Keyword {
                keyword,
                start_from,
            } => match keyword_position(args, keyword, *start_from) {
                Some(at) => at + 1,
                None => continue,
            },
            BeginSearch::Unknown => return None,
        };
        let (first, last, step) = match spec.find {
            FindKeys::Range {
                last_key,
                key_step,
                limit,
            } => {
                let last = if last_key >= 0 {
                    first.wrapping_add(last_key)
                } else if limit == 0 {
                    argc.wrapping_add(last_key)
                } else {
                    first.wrapping_add((argc - first) / limit + last_key)
                };
                (first, last, key_step)
            }
            FindKeys::KeyNum {
                key_num_index,
                first_key,
                key_step,
            } => {
                if key_num_index >= argc {
                    return None;
                }
                let count_at = usize::try_from(first.checked_add(key_num_index)?).ok()?;
                let count = parse_integer(args.get(count_at)?).filter(|&n| n >= 0)?;
                let first = first.wrapping_add(first_key);
                // Redis casts the count to an int.
                (
                    first,
                    first.wrapping_add(count as i32).wrapping_sub(1),
                    key_step,
                )
            }
            FindKeys::Unknown => return None,
        };
        if last >= argc || last < first || first >= argc {
            return None;
        }
        let mut at = first;
        while at <= last {
            keys.push(key(usize::try_from(at).ok()?, spec.flags));
            at = at.checked_add(step.max(1))?;
        }
        if spec.flags & INCOMPLETE != 0 {
            return None;
        }
    }
    Some(keys)
}

/// Where a begin-search keyword is: searched forwards from `start_from` up to the last
/// argument, or backwards from `argc + start_from` down to the first; as Redis's loop bounds
/// have it, that last or first argument itself is never looked at.
fn keyword_position(args: &[Vec<u8>], keyword: &[u8], start_from: i32) -> Option<i32> {
    let argc = i32::try_from(args.len()).ok()?;
    let (start, end) = if start_from > 0 {
        (start_from, argc - 1)
    } else {
        (argc + start_from, 1)
    };
    let mut at = start;
    while at != end {
        let arg = args.get(usize::try_from(at).ok().filter(|_| at >= 1)?)?;
        if c_string_is(arg, keyword) {
            return Some(at);
        }
        at += if start <= end { 1 } else { -1 };
    }
    None
}

/// A count then that many keys (and a destination key, last): none when the count, read
/// with `atoi`, is below 1 or more than the arguments left.
fn counted_keys(args: &[Vec<u8>], store: usize, count: usize, first: usize) -> Vec<KeyRef> {
    let Some(count_arg) = args.get(count) else {
        return Vec::new();
    };
    let wanted = i64::from(atoi(count_arg));
    let room = args.len().saturating_sub(first) as i64;
    if wanted < 1 || wanted > room {
        return Vec::new();
    }
    let mut keys: Vec<KeyRef> = (0..wanted as usize).map(|i| key(first + i, 0)).collect();
    if store != 0 {
        keys.push(key(store, 0));
    }
    keys
}

/// SORT's key, and the last STORE's destination: options are scanned skipping the
/// arguments of LIMIT, GET and BY, and any other word is taken as an option without any.
fn sort_keys(args: &[Vec<u8>]) -> Vec<KeyRef> {
    let mut keys = vec![key(1, RO | ACCESS)];
    let mut store = None;
    let mut at = 2;
    while at < args.len() {
        let arg = &args[at];
        if c_string_is(arg, b"limit") {
            at += 2;
        } else if c_string_is(arg, b"get") || c_string_is(arg, b"by") {
            at += 1;
        } else if c_string_is(arg, b"store") && at + 1 < args.len() {
            store = Some(at + 1);
        }
        at += 1;
    }
    keys.extend(store.map(|at| key(at, OW | UPDATE)));
    keys
}

/// Whether BITFIELD's operations, scanned as Redis scans them for its key's flags, only
/// read: GETs and OVERFLOWs up to the first SET, INCRBY or anything else.
fn bitfield_reads_only(args: &[Vec<u8>]) -> bool {
    let mut at = 2;
    while at < args.len() {
        let left = args.len() - at - 1;
        let arg = &args[at];
        if c_string_is(arg, b"get") && left >= 2 {
            at += 2;
        } else if c_string_is(arg, b"overflow") && left >= 1 {
            at += 1;
        } else {
            return false;
        }
        at += 1;
    }
    true
}

/// XREAD's and XREADGROUP's streams: after the options, STREAMS then as many keys as IDs.
fn stream_read_keys(args: &[Vec<u8>]) -> Vec<KeyRef> {
    let mut at = 1;
    let mut streams = None;
    while at < args.len() {
        let arg = &args[at];
        if c_string_is(arg, b"block") || c_string_is(arg, b"count") {
            at += 1;
        } else if c_string_is(arg, b"group") {
            at += 2;
        } else if c_string_is(arg, b"streams") {
            streams = Some(at);
            break;
        } else if !c_string_is(arg, b"noack") {
            break;
        }
        at += 1;
    }
    let Some(streams) = streams else {
        return Vec::new();
    };
    let given = args.len() - streams - 1;
    if given == 0 || !given.is_multiple_of(2) {
        return Vec::new();
    }
    (streams + 1..args.len() - given / 2)
        .map(|at| key(at, 0))
        .collect()
}

/// `georadiusGetKeys`: the source key, and the destination after the last STORE or
/// STOREDIST from the fifth argument on (a keyword's key is skipped over, not read as an
/// option); no flags, as the key specs give them.
fn geo_radius_keys(args: &[Vec<u8>]) -> Vec<KeyRef> {
    let mut store = None;
    let mut at = 5;
    while at < args.len() {
        let arg = &args[at];
        if (c_string_is(arg, b"store") || c_string_is(arg, b"storedist")) && at + 1 < args.len() {
            store = Some(at + 1);
            at += 1;
        }
        at += 1;
    }
    let mut keys = vec![key(1, 0)];
    keys.extend(store.map(|at| key(at, 0)));
    keys
}

/// Key flags as Redis replies with them: a set of their names.
pub fn flags_reply(flags: u32) -> Reply {
    Reply::Set(
        KEY_FLAG_NAMES
            .iter()
            .filter(|(bit, _)| flags & bit != 0)
            .map(|(_, name)| Reply::Status(name.as_bytes().to_vec()))
            .collect(),
    )
}

/// The specs of a `COMMAND INFO` entry's key-spec list (RESP3 maps).
pub fn parse_specs(list: &Reply) -> Vec<KeySpec> {
    let (Reply::Array(Some(items)) | Reply::Set(items)) = list else {
        return Vec::new();
    };
    items.iter().map(parse_spec).collect()
}

fn parse_spec(spec: &Reply) -> KeySpec {
    let flags = match spec.field("flags") {
        Some(Reply::Set(names)) => names
            .iter()
            .filter_map(|name| {
                let name = name.text()?;
                KEY_FLAG_NAMES
                    .iter()
                    .find(|(_, n)| n.as_bytes() == name)
                    .map(|(bit, _)| *bit)
            })
            .fold(0, |all, bit| all | bit),
        _ => 0,
    };
    let step = |name| spec.field(name).map(|s| (kind_of(s), s.field("spec")));
    let begin = match step("begin_search") {
        Some((Some("index"), Some(s))) => BeginSearch::Index(number(s, "index")),
        Some((Some("keyword"), Some(s))) => BeginSearch::Keyword {
            keyword: s
                .field("keyword")
                .and_then(Reply::text)
                .unwrap_or_default()
                .to_vec(),
            start_from: number(s, "startfrom"),
        },
        _ => BeginSearch::Unknown,
    };
    let find = match step("find_keys") {
        Some((Some("range"), Some(s))) => FindKeys::Range {
            last_key: number(s, "lastkey"),
            key_step: number(s, "keystep"),
            limit: number(s, "limit"),
        },
        Some((Some("keynum"), Some(s))) => FindKeys::KeyNum {
            key_num_index: number(s, "keynumidx"),
            first_key: number(s, "firstkey"),
            key_step: number(s, "keystep"),
        },
        _ => FindKeys::Unknown,
    };
    KeySpec { flags, begin, find }
}

/// A search step's type (`index`, `keyword`, `range`, `keynum`, `unknown`).
fn kind_of(step: &Reply) -> Option<&str> {
    std::str::from_utf8(step.field("type")?.text()?).ok()
}

/// A spec's integer field (0 when absent, as Redis's zeroed structs have it).
fn number(map: &Reply, name: &str) -> i32 {
    match map.field(name) {
        Some(Reply::Integer(n)) => i32::try_from(*n).unwrap_or_default(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<u8>> {
        text.split(' ').map(|w| w.as_bytes().to_vec()).collect()
    }

    fn positions(keys: &[KeyRef]) -> Vec<usize> {
        keys.iter().map(|k| k.position).collect()
    }

    #[test]
    fn finders_keep_redis_leniencies() {
        let eval = KeyFinder::of("eval");
        assert_eq!(
            positions(&eval.unwrap().keys(&words("eval s 2x a b c"))),
            [3, 4]
        );
        assert!(eval.unwrap().keys(&words("eval s 3 a b")).is_empty());
        let sort = KeyFinder::Sort.keys(&words("sort k limit store 1 store d get x store"));
        assert_eq!(positions(&sort), [1, 6]);
        let read = KeyFinder::StreamRead.keys(&words("xread count 2 streams a b 0 0"));
        assert_eq!(positions(&read), [4, 5]);
        assert!(KeyFinder::StreamRead
            .keys(&words("xread streams a b 0"))
            .is_empty());
        let geo = KeyFinder::GeoRadius.keys(&words("georadius k 0 0 STORE store x storedist y z"));
        assert_eq!(positions(&geo), [1, 8]);
        let geo = KeyFinder::GeoRadius.keys(&words("georadiusbymember k m 1 store"));
        assert_eq!(positions(&geo), [1]);
        let set = KeyFinder::Set.keys(&words("set k v GeT"));
        assert_eq!(set[0].flags, RW | ACCESS | UPDATE);
    }

    #[test]
    fn specs_follow_keywords_and_counts() {
        let keyword = KeySpec {
            flags: RO,
            begin: BeginSearch::Keyword {
                keyword: b"STREAMS".to_vec(),
                start_from: 1,
            },
            find: FindKeys::Range {
                last_key: -1,
                key_step: 1,
                limit: 2,
            },
        };
        let found = keys_by_specs(
            std::slice::from_ref(&keyword),
            &words("xread streams a b 0 0"),
        );
        assert_eq!(positions(&found.unwrap()), [2, 3]);
        // The keyword is never looked for in the last argument.
        assert_eq!(
            keys_by_specs(&[keyword], &words("xread count streams")),
            Some(vec![])
        );
        let counted = KeySpec {
            flags: RW,
            begin: BeginSearch::Index(2),
            find: FindKeys::KeyNum {
                key_num_index: 0,
                first_key: 1,
                key_step: 1,
            },
        };
        let found = keys_by_specs(
            std::slice::from_ref(&counted),
            &words("eval s 4294967298 a b"),
        );
        assert_eq!(positions(&found.unwrap()), [3, 4]);
        assert!(keys_by_specs(std::slice::from_ref(&counted), &words("eval s 0")).is_none());
        assert!(keys_by_specs(&[counted], &words("eval s -1 a")).is_none());
    }
}
