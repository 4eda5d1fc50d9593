//! Stream commands without consumer groups (t_stream.c): XADD (explicit, `*` and `<ms>-*`
//! IDs, NOMKSTREAM, MAXLEN/MINID with `=`/`~` and LIMIT) XLEN XRANGE XREVRANGE XDEL XTRIM
//! XREAD (BLOCK answers at once, as a timed-out wait does; a script may not ask for it) and
//! XSETID, with the parsing helpers the group and XINFO modules share. `*` IDs come from the
//! keyspace's virtual clock.

use super::db::{Entry, Value};
use super::number::parse_integer;
use super::reply::{Reply, NOT_INTEGER, SYNTAX, WRONG_TYPE};
use super::stream_groups::{read_group_stream, GroupRead};
use super::stream_id::{
    parse_id, parse_interval_bound, parse_strict, IdSyntax, ParsedId, StreamId,
};
use super::stream_store::{Fields, Stream, Trim};
use super::Keyspace;

/// The stream at `key`: Ok(None) when missing, a WRONGTYPE reply for another type.
pub fn stream<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<Option<&'a mut Stream>, Reply> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Ok(None),
        Some(Entry {
            value: Value::Stream(s),
            ..
        }) => Ok(Some(s)),
        Some(_) => Err(Reply::error(WRONG_TYPE)),
    }
}

/// The stream at `key`, created empty when missing.
fn stream_or_create<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<&'a mut Stream, Reply> {
    if stream(ks, key)?.is_none() {
        ks.db().insert(
            key,
            Entry {
                value: Value::Stream(Box::default()),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    stream(ks, key)?.ok_or_else(|| Reply::error(WRONG_TYPE))
}

/// `[id, [field, value, ...]]`, one entry as every stream reply shows it.
pub fn entry_reply(id: StreamId, fields: &Fields) -> Reply {
    Reply::Array(Some(vec![
        id.reply(),
        Reply::Array(Some(
            fields
                .iter()
                .flat_map(|(f, v)| [Reply::bulk(f), Reply::bulk(v)])
                .collect(),
        )),
    ]))
}

/// Entries from `start` to `end` (both included), forwards or backwards, at most `count`
/// of them (0: all).
pub fn range_reply(s: &Stream, start: StreamId, end: StreamId, count: u64, rev: bool) -> Reply {
    if start > end {
        return Reply::Array(Some(Vec::new()));
    }
    let range = s.entries.range(start..=end);
    let limit = if count == 0 {
        usize::MAX
    } else {
        count.min(usize::MAX as u64) as usize
    };
    let items: Vec<Reply> = if rev {
        range
            .rev()
            .take(limit)
            .map(|(id, f)| entry_reply(*id, f))
            .collect()
    } else {
        range
            .take(limit)
            .map(|(id, f)| entry_reply(*id, f))
            .collect()
    };
    Reply::Array(Some(items))
}

/// A signed 64-bit argument, Redis's integer error otherwise.
pub fn integer_arg(arg: &[u8]) -> Result<i64, Reply> {
    parse_integer(arg).ok_or_else(|| Reply::error(NOT_INTEGER))
}

/// A command name or option word, compared without case.
pub fn is(arg: &[u8], word: &str) -> bool {
    arg.eq_ignore_ascii_case(word.as_bytes())
}

/// Parsed MAXLEN/MINID/LIMIT (and for XADD, NOMKSTREAM and the ID).
struct AddTrimArgs {
    trim: Option<Trim>,
    approx: bool,
    /// Entries a trim may remove by whole nodes; 0: no limit.
    limit: u64,
    no_mkstream: bool,
    id: Option<ParsedId>,
    /// Where the ID is (XADD), or where parsing stopped.
    id_pos: usize,
}

/// `streamParseAddOrTrimArgsOrReply`.
fn parse_add_trim(args: &[Vec<u8>], xadd: bool) -> Result<AddTrimArgs, Reply> {
    let both = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
    let mut parsed = AddTrimArgs {
        trim: None,
        approx: false,
        limit: 0,
        no_mkstream: false,
        id: None,
        id_pos: args.len(),
    };
    let mut limit_given = false;
    let mut i = 2;
    while i < args.len() {
        let more = args.len() - 1 - i;
        let opt = &args[i];
        if xadd && opt.as_slice() == b"*" {
            parsed.id_pos = i;
            break;
        } else if (is(opt, "maxlen") || is(opt, "minid")) && more > 0 {
            if parsed.trim.is_some() {
                return Err(Reply::error(both));
            }
            parsed.approx = false;
            let next = args[i + 1].as_slice();
            if more >= 2 && (next == b"~" || next == b"=") {
                parsed.approx = next == b"~";
                i += 1;
            }
            let value = &args[i + 1];
            parsed.trim = Some(if is(opt, "maxlen") {
                let max = integer_arg(value)?;
                if max < 0 {
                    return Err(Reply::error("ERR The MAXLEN argument must be >= 0."));
                }
                Trim::MaxLen(max as u64)
            } else {
                Trim::MinId(parse_strict(value)?)
            });
            i += 1;
        } else if is(opt, "limit") && more > 0 {
            let limit = integer_arg(&args[i + 1])?;
            if limit < 0 {
                return Err(Reply::error("ERR The LIMIT argument must be >= 0."));
            }
            parsed.limit = limit as u64;
            limit_given = true;
            i += 1;
        } else if xadd && is(opt, "nomkstream") {
            parsed.no_mkstream = true;
        } else if xadd {
            parsed.id = Some(parse_id(opt, 0, IdSyntax::Add)?);
            parsed.id_pos = i;
            break;
        } else {
            return Err(Reply::error(SYNTAX));
        }
        i += 1;
    }
    if parsed.limit != 0 && parsed.trim.is_none() {
        return Err(Reply::error(
            "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy",
        ));
    }
    if !xadd && parsed.trim.is_none() {
        return Err(Reply::error(
            "ERR syntax error, XTRIM must be called with a trimming strategy",
        ));
    }
    if limit_given {
        if !parsed.approx {
            return Err(Reply::error(
                "ERR syntax error, LIMIT cannot be used without the special ~ option",
            ));
        }
    } else if parsed.approx {
        // 100 times stream-node-max-entries.
        parsed.limit = 10_000;
    }
    Ok(parsed)
}

pub fn xadd(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let parsed = match parse_add_trim(args, true) {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    let field_pos = parsed.id_pos + 1;
    let pairs = args.get(field_pos..).unwrap_or_default();
    if pairs.len() < 2 || pairs.len() % 2 == 1 {
        return Reply::error("ERR wrong number of arguments for 'xadd' command");
    }
    if let Some(ParsedId {
        id,
        seq_given: true,
    }) = parsed.id
    {
        if id.is_zero() {
            return Reply::error("ERR The ID specified in XADD must be greater than 0-0");
        }
    }
    let now = ks.now.max(0) as u64;
    let key = &args[1];
    let s = match stream(ks, key) {
        Ok(Some(_)) => stream_or_create(ks, key),
        Ok(None) if parsed.no_mkstream => return Reply::nil(),
        Ok(None) => stream_or_create(ks, key),
        Err(reply) => Err(reply),
    };
    let s = match s {
        Ok(s) => s,
        Err(reply) => return reply,
    };
    let last = s.last_id;
    let Some(after_last) = last.next() else {
        return Reply::error(
            "ERR The stream has exhausted the last possible ID, unable to add more items",
        );
    };
    let too_small = || {
        Reply::error(
            "ERR The ID specified in XADD is equal or smaller than the target stream top item",
        )
    };
    let id = match parsed.id {
        None if now > last.ms => StreamId::new(now, 0),
        None => after_last,
        Some(ParsedId {
            id,
            seq_given: true,
        }) => id,
        Some(ParsedId { id, .. }) if id.ms == last.ms => match last.seq.checked_add(1) {
            Some(seq) => StreamId::new(id.ms, seq),
            // Redis 7.0 fails here without setting errno to EDOM, so it reports the
            // oversized-elements error.
            None => return Reply::error("ERR Elements are too large to be stored"),
        },
        Some(ParsedId { id, .. }) => id,
    };
    if id <= last {
        return too_small();
    }
    let fields: Fields = pairs
        .chunks_exact(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect();
    s.append(id, fields);
    if let Some(rule) = parsed.trim {
        s.trim(rule, parsed.approx, parsed.limit);
    }
    id.reply()
}

pub fn xtrim(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let parsed = match parse_add_trim(args, false) {
        Ok(parsed) => parsed,
        Err(reply) => return reply,
    };
    match (stream(ks, &args[1]), parsed.trim) {
        (Ok(Some(s)), Some(rule)) => {
            Reply::Integer(s.trim(rule, parsed.approx, parsed.limit) as i64)
        }
        (Err(reply), _) => reply,
        _ => Reply::Integer(0),
    }
}

pub fn xlen(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match stream(ks, &args[1]) {
        Ok(found) => Reply::Integer(found.map_or(0, |s| s.len() as i64)),
        Err(reply) => reply,
    }
}

fn range_generic(ks: &mut Keyspace, args: &[Vec<u8>], rev: bool) -> Reply {
    let (start_arg, end_arg) = if rev {
        (&args[3], &args[2])
    } else {
        (&args[2], &args[3])
    };
    let start = match parse_interval_bound(start_arg, true) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let end = match parse_interval_bound(end_arg, false) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let mut count: Option<u64> = None;
    let mut j = 4;
    while j < args.len() {
        if is(&args[j], "count") && j + 1 < args.len() {
            count = match integer_arg(&args[j + 1]) {
                Ok(n) => Some(n.max(0) as u64),
                Err(reply) => return reply,
            };
            j += 2;
        } else {
            return Reply::error(SYNTAX);
        }
    }
    match stream(ks, &args[1]) {
        Err(reply) => reply,
        Ok(None) => Reply::Array(Some(Vec::new())),
        Ok(Some(_)) if count == Some(0) => Reply::Array(None),
        Ok(Some(s)) => range_reply(s, start, end, count.unwrap_or(0), rev),
    }
}

pub fn xrange(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_generic(ks, args, false)
}

pub fn xrevrange(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    range_generic(ks, args, true)
}

pub fn xdel(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let s = match stream(ks, &args[1]) {
        Ok(Some(s)) => s,
        Ok(None) => return Reply::Integer(0),
        Err(reply) => return reply,
    };
    let mut ids = Vec::new();
    for arg in &args[2..] {
        match parse_strict(arg) {
            Ok(id) => ids.push(id),
            Err(reply) => return reply,
        }
    }
    let mut deleted = 0;
    let mut first_gone = false;
    for id in ids {
        if s.delete(id) {
            first_gone |= id == s.first_id;
            s.max_deleted = s.max_deleted.max(id);
            deleted += 1;
        }
    }
    if deleted > 0 && (s.is_empty() || first_gone) {
        s.refresh_first_id();
    }
    Reply::Integer(deleted)
}

/// A BLOCK timeout in milliseconds, checked as Redis 7.0 checks it; nothing ever waits here.
fn check_block_timeout(arg: &[u8]) -> Result<(), Reply> {
    match parse_integer(arg) {
        None => Err(Reply::error(
            "ERR timeout is not an integer or out of range",
        )),
        Some(ms) if ms < 0 => Err(Reply::error("ERR timeout is negative")),
        Some(_) => Ok(()),
    }
}

/// Where XREAD and XREADGROUP start each stream: after an ID, or (`>`) after what the
/// group has delivered.
#[derive(Clone, Copy)]
enum ReadFrom {
    After(StreamId),
    NewForGroup,
}

/// XREAD and XREADGROUP (`group_read`): the shared parser and the synchronous answer.
pub fn read_generic(ks: &mut Keyspace, args: &[Vec<u8>], group_read: bool) -> Reply {
    let read = match read_options(ks, args, group_read) {
        Ok(read) => read,
        Err(reply) => return reply,
    };
    let n = (args.len() - read.streams_at) / 2;
    let keys = &args[read.streams_at..read.streams_at + n];
    let ids = &args[read.streams_at + n..];
    match read_starts(ks, keys, ids, &read) {
        Ok(starts) => serve_reads(ks, keys, starts, &read),
        Err(reply) => reply,
    }
}

/// XREAD's and XREADGROUP's options; the keys and IDs follow `streams_at`.
struct ReadOptions<'a> {
    count: u64,
    streams_at: usize,
    group: Option<(&'a [u8], &'a [u8])>,
    noack: bool,
    group_read: bool,
}

/// Parses the options up to STREAMS with Redis's errors, in its order.
fn read_options<'a>(
    ks: &Keyspace,
    args: &'a [Vec<u8>],
    group_read: bool,
) -> Result<ReadOptions<'a>, Reply> {
    let mut read = ReadOptions {
        count: 0,
        streams_at: 0,
        group: None,
        noack: false,
        group_read,
    };
    let mut i = 1;
    while i < args.len() {
        let more = args.len() - 1 - i;
        let opt = &args[i];
        if is(opt, "block") && more > 0 {
            if ks.script_caller {
                return Err(Reply::error_format(
                    "ERR {} command is not allowed with BLOCK option from scripts",
                    &[&args[0]],
                ));
            }
            i += 1;
            check_block_timeout(&args[i])?;
        } else if is(opt, "count") && more > 0 {
            i += 1;
            read.count = integer_arg(&args[i])?.max(0) as u64;
        } else if is(opt, "streams") && more > 0 {
            read.streams_at = i + 1;
            if !(args.len() - read.streams_at).is_multiple_of(2) {
                // Redis 7.0 words it so for XREADGROUP too.
                return Err(Reply::error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."));
            }
            break;
        } else if is(opt, "group") && more >= 2 {
            if !group_read {
                return Err(Reply::error(
                    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.",
                ));
            }
            read.group = Some((&args[i + 1], &args[i + 2]));
            i += 2;
        } else if is(opt, "noack") {
            if !group_read {
                return Err(Reply::error(
                    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.",
                ));
            }
            read.noack = true;
        } else {
            return Err(Reply::error(SYNTAX));
        }
        i += 1;
    }
    if read.streams_at == 0 {
        return Err(Reply::error(SYNTAX));
    }
    if group_read && read.group.is_none() {
        return Err(Reply::error("ERR Missing GROUP option for XREADGROUP"));
    }
    Ok(read)
}

/// Where each stream's read starts, checking types, groups and IDs stream by stream as
/// Redis does before it serves any.
fn read_starts(
    ks: &mut Keyspace,
    keys: &[Vec<u8>],
    ids: &[Vec<u8>],
    read: &ReadOptions,
) -> Result<Vec<ReadFrom>, Reply> {
    let mut starts = Vec::with_capacity(keys.len());
    for (key, arg) in keys.iter().zip(ids) {
        let s = stream(ks, key)?.map(|s| &*s);
        if let Some((group_name, _)) = read.group {
            if !s.is_some_and(|s| s.groups.contains_key(group_name)) {
                return Err(Reply::error_format(
                    "NOGROUP No such key '{}' or consumer group '{}' in XREADGROUP with GROUP option",
                    &[key, group_name],
                ));
            }
        }
        let from = match arg.as_slice() {
            b"$" if read.group_read => {
                return Err(Reply::error("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."));
            }
            b"$" => ReadFrom::After(s.map_or(StreamId::MIN, |s| s.last_id)),
            b">" if !read.group_read => {
                return Err(Reply::error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."));
            }
            b">" => ReadFrom::NewForGroup,
            _ => match parse_strict(arg)? {
                // The largest ID is how Redis marks `>`.
                StreamId::MAX if read.group_read => ReadFrom::NewForGroup,
                id => ReadFrom::After(id),
            },
        };
        starts.push(from);
    }
    Ok(starts)
}

/// The synchronous answer: each stream with something to serve, or nil when none has
/// (what a BLOCK that timed out answers too).
fn serve_reads(
    ks: &mut Keyspace,
    keys: &[Vec<u8>],
    starts: Vec<ReadFrom>,
    read: &ReadOptions,
) -> Reply {
    let now = ks.now;
    let mut served = Vec::new();
    for (key, from) in keys.iter().zip(starts) {
        let Ok(Some(s)) = stream(ks, key) else {
            continue;
        };
        let entries = match (read.group, from) {
            (None, ReadFrom::After(after)) => {
                if s.is_empty() || s.last_live_id() <= after {
                    continue;
                }
                match after.next() {
                    Some(start) => range_reply(s, start, StreamId::MAX, read.count, false),
                    None => Reply::Array(Some(Vec::new())),
                }
            }
            (None, ReadFrom::NewForGroup) => continue,
            (Some((group, consumer)), from) => {
                let group_read = GroupRead {
                    group,
                    consumer,
                    count: read.count,
                    noack: read.noack,
                    now,
                };
                let history = match from {
                    ReadFrom::After(after) => Some(after),
                    ReadFrom::NewForGroup => None,
                };
                match read_group_stream(s, &group_read, history) {
                    Some(entries) => entries,
                    None => continue,
                }
            }
        };
        served.push((Reply::bulk(key), entries));
    }
    if served.is_empty() {
        Reply::Array(None)
    } else if ks.resp >= 3 {
        Reply::Map(served)
    } else {
        // RESP2 nests each stream's pair instead of flattening the map.
        Reply::Array(Some(
            served
                .into_iter()
                .map(|(key, entries)| Reply::Array(Some(vec![key, entries])))
                .collect(),
        ))
    }
}

pub fn xread(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    read_generic(ks, args, false)
}

pub fn xsetid(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let id = match parse_strict(&args[2]) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let mut entries_added: Option<i64> = None;
    let mut max_deleted = StreamId::MIN;
    let mut i = 3;
    while i < args.len() {
        let more = i + 1 < args.len();
        if is(&args[i], "entriesadded") && more {
            match integer_arg(&args[i + 1]) {
                Ok(n) if n < 0 => return Reply::error("ERR entries_added must be positive"),
                Ok(n) => entries_added = Some(n),
                Err(reply) => return reply,
            }
        } else if is(&args[i], "maxdeletedid") && more {
            match parse_strict(&args[i + 1]) {
                Ok(given) if id < given => {
                    return Reply::error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id")
                }
                Ok(given) => max_deleted = given,
                Err(reply) => return reply,
            }
        } else {
            return Reply::error(SYNTAX);
        }
        i += 2;
    }
    let s = match stream(ks, &args[1]) {
        Ok(Some(s)) => s,
        Ok(None) => return Reply::error("ERR no such key"),
        Err(reply) => return reply,
    };
    if !s.is_empty() {
        if id < s.last_live_id() {
            return Reply::error(
                "ERR The ID specified in XSETID is smaller than the target stream top item",
            );
        }
        if entries_added.is_some_and(|added| s.len() > added as u64) {
            return Reply::error(
                "ERR The entries_added specified in XSETID is smaller than the target stream length",
            );
        }
    }
    s.last_id = id;
    if let Some(added) = entries_added {
        s.entries_added = added;
    }
    if !max_deleted.is_zero() {
        s.max_deleted = max_deleted;
    }
    Reply::ok()
}
