//! Consumer groups (t_stream.c): XGROUP (CREATE with MKSTREAM/ENTRIESREAD, SETID, DESTROY,
//! CREATECONSUMER, DELCONSUMER, HELP) XREADGROUP (`>`, a consumer's history, NOACK) XACK
//! XPENDING (summary and extended forms, IDLE, consumer) XCLAIM and XAUTOCLAIM. Delivery and
//! seen times are the keyspace's virtual clock.

use super::command::subcommand_of;
use super::reply::{Reply, SYNTAX};
use super::stream_id::{parse_id, parse_interval_bound, parse_strict, IdSyntax, StreamId};
use super::stream_store::{Group, Stream};
use super::streams::{entry_reply, integer_arg, is, read_generic, stream};
use super::Keyspace;

/// What XREADGROUP asks of one stream.
pub struct GroupRead<'a> {
    pub group: &'a [u8],
    pub consumer: &'a [u8],
    /// At most this many entries; 0: all.
    pub count: u64,
    pub noack: bool,
    pub now: i64,
}

fn take_limit(count: u64) -> usize {
    if count == 0 {
        usize::MAX
    } else {
        count.min(usize::MAX as u64) as usize
    }
}

/// One stream of an XREADGROUP: its entries, or None when there is nothing to serve (only
/// new entries were asked for and there are none). `history` reads the consumer's own
/// pending entries after that ID instead.
pub fn read_group_stream(
    s: &mut Stream,
    read: &GroupRead,
    history: Option<StreamId>,
) -> Option<Reply> {
    let last_delivered = s.groups.get(read.group)?.last_id;
    if history.is_none() && (s.is_empty() || s.last_live_id() <= last_delivered) {
        return None;
    }
    let group = s.groups.get_mut(read.group)?;
    group.add_consumer(read.consumer, read.now);
    let consumer = group.consumers.get_mut(read.consumer)?;
    consumer.seen_time = read.now;
    let limit = take_limit(read.count);
    let mut items = Vec::new();
    if let Some(after) = history {
        // streamIncrID wraps the largest ID round to 0-0.
        let start = after.next().unwrap_or(StreamId::MIN);
        let ids: Vec<StreamId> = consumer
            .pending
            .range(start..)
            .take(limit)
            .copied()
            .collect();
        for id in ids {
            match s.entries.get(&id) {
                Some(fields) => {
                    items.push(entry_reply(id, fields));
                    if let Some(nack) = s.groups.get_mut(read.group)?.pending.get_mut(&id) {
                        nack.delivery_time = read.now;
                        nack.delivery_count = nack.delivery_count.wrapping_add(1);
                    }
                }
                None => items.push(Reply::Array(Some(vec![id.reply(), Reply::Array(None)]))),
            }
        }
        return Some(Reply::Array(Some(items)));
    }
    let start = last_delivered.next()?;
    let ids: Vec<StreamId> = s
        .entries
        .range(start..)
        .take(limit)
        .map(|(id, _)| *id)
        .collect();
    for id in ids {
        let tombstones = s.has_tombstones_from(id);
        let estimate = s.estimate_entries_read(id);
        let added = s.entries_added;
        if let Some(fields) = s.entries.get(&id) {
            items.push(entry_reply(id, fields));
        }
        let group = s.groups.get_mut(read.group)?;
        if id > group.last_id {
            match group.entries_read {
                Some(n) if !tombstones => group.entries_read = Some(n.wrapping_add(1)),
                _ if added != 0 => group.entries_read = estimate,
                _ => {}
            }
            group.last_id = id;
        }
        if !read.noack {
            let nack = group.assign(id, read.consumer, read.now);
            nack.delivery_time = read.now;
            nack.delivery_count = 1;
        }
    }
    Some(Reply::Array(Some(items)))
}

pub fn xreadgroup(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    read_generic(ks, args, true)
}

const XGROUP_HELP: &[&str] = &[
    "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
    "HELP",
    "    Prints this help.",
];

/// HELP's reply: one status line each.
/// `addReplySubcommandSyntaxError`.
pub fn subcommand_syntax_error(args: &[Vec<u8>], container: &str) -> Reply {
    let sub = &args[1][..args[1].len().min(128)];
    Reply::error_format(
        &format!(
            "ERR unknown subcommand or wrong number of arguments for '{{}}'. Try {container} HELP."
        ),
        &[sub],
    )
}

/// An ENTRIESREAD value: a count, or -1 for none.
fn entries_read_arg(arg: &[u8]) -> Result<Option<i64>, Reply> {
    match integer_arg(arg)? {
        -1 => Ok(None),
        n if n < 0 => Err(Reply::error(
            "ERR value for ENTRIESREAD must be positive or -1",
        )),
        n => Ok(Some(n)),
    }
}

/// What XGROUP CREATE and SETID read after the ID.
struct GroupOptions {
    mkstream: bool,
    entries_read: Option<i64>,
}

/// CREATE and SETID share one option loop, run before the key is looked up; SETID takes
/// ENTRIESREAD any number of times here and checks its argument count only later.
fn group_options(args: &[Vec<u8>], sub: &str) -> Result<GroupOptions, Reply> {
    let mut options = GroupOptions {
        mkstream: false,
        entries_read: None,
    };
    let mut i = 5;
    while i < args.len() {
        if sub == "create" && is(&args[i], "mkstream") {
            options.mkstream = true;
            i += 1;
        } else if matches!(sub, "create" | "setid")
            && is(&args[i], "entriesread")
            && i + 1 < args.len()
        {
            options.entries_read = entries_read_arg(&args[i + 1])?;
            i += 2;
        } else {
            return Err(subcommand_syntax_error(args, "XGROUP"));
        }
    }
    Ok(options)
}

/// The existence checks every XGROUP subcommand but HELP makes, in Redis's order: the key
/// must hold a stream (unless MKSTREAM), and all but CREATE and DESTROY need the group.
/// Returns whether the stream exists.
fn check_group_target(
    ks: &mut Keyspace,
    args: &[Vec<u8>],
    sub: &str,
    mkstream: bool,
) -> Result<bool, Reply> {
    let (key, name) = (&args[2], &args[3]);
    let group_exists = stream(ks, key)?.map(|s| s.groups.contains_key(name.as_slice()));
    if mkstream {
        return Ok(group_exists.is_some());
    }
    let Some(group_exists) = group_exists else {
        return Err(Reply::error("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."));
    };
    if !group_exists && matches!(sub, "setid" | "createconsumer" | "delconsumer") {
        return Err(Reply::error_format(
            "NOGROUP No such consumer group '{}' for key name '{}'",
            &[name, key],
        ));
    }
    Ok(true)
}

pub fn xgroup(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let sub = match subcommand_of("xgroup", args) {
        Ok(sub) => sub,
        Err(reply) => return reply,
    };
    if sub == "help" {
        return Reply::help(XGROUP_HELP);
    }
    let checked = group_options(args, sub).and_then(|options| {
        check_group_target(ks, args, sub, options.mkstream).map(|exists| (options, exists))
    });
    let (options, exists) = match checked {
        Ok(checked) => checked,
        Err(reply) => return reply,
    };
    let argc = args.len();
    let result = match sub {
        "create" if argc <= 8 => group_create(ks, args, exists, options.entries_read),
        "setid" if argc == 5 || argc == 7 => group_setid(ks, args, options.entries_read),
        "destroy" => Ok(group_destroy(ks, args)),
        "createconsumer" => Ok(consumer_create(ks, args)),
        "delconsumer" => Ok(consumer_delete(ks, args)),
        _ => Err(subcommand_syntax_error(args, "XGROUP")),
    };
    result.unwrap_or_else(|reply| reply)
}

/// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD n].
fn group_create(
    ks: &mut Keyspace,
    args: &[Vec<u8>],
    exists: bool,
    entries_read: Option<i64>,
) -> Result<Reply, Reply> {
    let (key, name) = (&args[2], &args[3]);
    let id = if args[4].as_slice() == b"$" {
        stream(ks, key)?.map_or(StreamId::MIN, |s| s.last_id)
    } else {
        parse_strict(&args[4])?
    };
    if !exists {
        ks.db().insert(
            key,
            super::db::Entry {
                value: super::db::Value::Stream(Box::default()),
                expires_at: None,
                encoding: Default::default(),
            },
        );
    }
    let Some(s) = stream(ks, key)? else {
        return Err(Reply::error(super::reply::WRONG_TYPE));
    };
    if s.groups.contains_key(name.as_slice()) {
        return Err(Reply::error("BUSYGROUP Consumer Group name already exists"));
    }
    s.groups.insert(name.clone(), Group::new(id, entries_read));
    Ok(Reply::ok())
}

/// XGROUP SETID key group id|$ [ENTRIESREAD n].
fn group_setid(
    ks: &mut Keyspace,
    args: &[Vec<u8>],
    entries_read: Option<i64>,
) -> Result<Reply, Reply> {
    let Some(s) = stream(ks, &args[2])? else {
        return Ok(Reply::Integer(0));
    };
    let id = if args[4].as_slice() == b"$" {
        s.last_id
    } else {
        parse_id(&args[4], 0, IdSyntax::Range)?.id
    };
    if let Some(group) = s.groups.get_mut(args[3].as_slice()) {
        group.last_id = id;
        group.entries_read = entries_read;
    }
    Ok(Reply::ok())
}

/// XGROUP DESTROY key group: 1 when the group was there.
fn group_destroy(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let removed = match stream(ks, &args[2]) {
        Ok(Some(s)) => s.groups.remove(args[3].as_slice()).is_some(),
        _ => false,
    };
    Reply::Integer(i64::from(removed))
}

/// XGROUP CREATECONSUMER key group consumer: 1 when the consumer is new.
fn consumer_create(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    let created = match stream(ks, &args[2]) {
        Ok(Some(s)) => s
            .groups
            .get_mut(args[3].as_slice())
            .is_some_and(|g| g.add_consumer(&args[4], now)),
        _ => false,
    };
    Reply::Integer(i64::from(created))
}

/// XGROUP DELCONSUMER key group consumer: the number of pending entries it had, which the
/// group forgets with it.
fn consumer_delete(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Ok(Some(s)) = stream(ks, &args[2]) else {
        return Reply::Integer(0);
    };
    let Some(group) = s.groups.get_mut(args[3].as_slice()) else {
        return Reply::Integer(0);
    };
    let Some(consumer) = group.consumers.remove(args[4].as_slice()) else {
        return Reply::Integer(0);
    };
    for id in &consumer.pending {
        group.pending.remove(id);
    }
    Reply::Integer(consumer.pending.len() as i64)
}

/// The group `name` of the stream at `key`, or the NOGROUP error XACK's siblings give.
fn group_of<'a>(
    ks: &'a mut Keyspace,
    key: &[u8],
    name: &[u8],
) -> Result<Option<&'a mut Stream>, Reply> {
    let s = stream(ks, key)?;
    Ok(s.filter(|s| s.groups.contains_key(name)))
}

fn no_group(key: &[u8], name: &[u8]) -> Reply {
    Reply::error_format(
        "NOGROUP No such key '{}' or consumer group '{}'",
        &[key, name],
    )
}

pub fn xack(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let s = match group_of(ks, &args[1], &args[2]) {
        Ok(Some(s)) => s,
        Ok(None) => return Reply::Integer(0),
        Err(reply) => return reply,
    };
    let mut ids = Vec::new();
    for arg in &args[3..] {
        match parse_strict(arg) {
            Ok(id) => ids.push(id),
            Err(reply) => return reply,
        }
    }
    let Some(group) = s.groups.get_mut(args[2].as_slice()) else {
        return Reply::Integer(0);
    };
    let acked = ids.into_iter().filter(|id| group.forget(*id)).count();
    Reply::Integer(acked as i64)
}

/// XPENDING's extended form: an ID interval, a count, an idle floor and maybe a consumer.
struct PendingRange<'a> {
    start: StreamId,
    end: StreamId,
    count: u64,
    min_idle: i64,
    consumer: Option<&'a Vec<u8>>,
}

/// Reads the extended form's arguments (argc 6 to 9), in Redis's order.
fn pending_range(args: &[Vec<u8>]) -> Result<PendingRange<'_>, Reply> {
    let mut at = 3;
    let mut min_idle = 0;
    if is(&args[3], "idle") {
        min_idle = integer_arg(&args[4])?;
        if args.len() < 8 {
            return Err(Reply::error(SYNTAX));
        }
        at += 2;
    }
    let count = integer_arg(&args[at + 2])?.max(0) as u64;
    Ok(PendingRange {
        start: parse_interval_bound(&args[at], true)?,
        end: parse_interval_bound(&args[at + 1], false)?,
        count,
        min_idle,
        consumer: args.get(at + 3),
    })
}

pub fn xpending(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let argc = args.len();
    if argc != 3 && !(6..=9).contains(&argc) {
        return Reply::error(SYNTAX);
    }
    let range = if argc >= 6 {
        match pending_range(args) {
            Ok(range) => Some(range),
            Err(reply) => return reply,
        }
    } else {
        None
    };
    let now = ks.now;
    let group = match group_of(ks, &args[1], &args[2]) {
        Ok(Some(s)) => s.groups.get(args[2].as_slice()),
        Ok(None) => None,
        Err(reply) => return reply,
    };
    match (group, range) {
        (None, _) => no_group(&args[1], &args[2]),
        (Some(group), None) => pending_summary(group),
        (Some(group), Some(range)) => pending_extended(group, &range, now),
    }
}

/// XPENDING key group: the count, the smallest and largest IDs, and each consumer's count.
fn pending_summary(group: &Group) -> Reply {
    let (Some((first, _)), Some((last, _))) = (
        group.pending.first_key_value(),
        group.pending.last_key_value(),
    ) else {
        return Reply::Array(Some(vec![
            Reply::Integer(0),
            Reply::nil(),
            Reply::nil(),
            Reply::Array(None),
        ]));
    };
    let consumers = group
        .consumers
        .iter()
        .filter(|(_, c)| !c.pending.is_empty())
        .map(|(name, c)| {
            Reply::Array(Some(vec![
                Reply::bulk(name),
                Reply::bulk(c.pending.len().to_string().as_bytes()),
            ]))
        })
        .collect();
    Reply::Array(Some(vec![
        Reply::Integer(group.pending.len() as i64),
        first.reply(),
        last.reply(),
        Reply::Array(Some(consumers)),
    ]))
}

/// XPENDING's extended form: ID, owner, idle time and delivery count of each pending entry
/// in the interval, at most `count` of them.
fn pending_extended(group: &Group, range: &PendingRange, now: i64) -> Reply {
    let ids: Vec<StreamId> = match range.consumer {
        Some(name) => match group.consumers.get(name.as_slice()) {
            Some(c) => c.pending.range(range.start..).copied().collect(),
            None => return Reply::Array(Some(Vec::new())),
        },
        None => group
            .pending
            .range(range.start..)
            .map(|(id, _)| *id)
            .collect(),
    };
    let mut items = Vec::new();
    let mut left = range.count;
    for id in ids {
        if left == 0 || id > range.end {
            break;
        }
        let Some(nack) = group.pending.get(&id) else {
            continue;
        };
        let idle = now.saturating_sub(nack.delivery_time);
        if range.min_idle != 0 && idle < range.min_idle {
            continue;
        }
        left -= 1;
        items.push(Reply::Array(Some(vec![
            id.reply(),
            Reply::bulk(&nack.consumer),
            Reply::Integer(idle.max(0)),
            Reply::Integer(nack.delivery_count),
        ])));
    }
    Reply::Array(Some(items))
}

/// Makes `name` the owner of pending entry `id` for XCLAIM/XAUTOCLAIM: delivered at
/// `delivery_time`, its counter set to `retry_count` or bumped unless `just_id`.
fn claim(
    group: &mut Group,
    id: StreamId,
    name: &[u8],
    delivery_time: i64,
    retry_count: Option<i64>,
    just_id: bool,
) {
    let nack = group.assign(id, name, delivery_time);
    nack.delivery_time = delivery_time;
    match retry_count {
        Some(n) => nack.delivery_count = n,
        None if !just_id => nack.delivery_count = nack.delivery_count.wrapping_add(1),
        None => {}
    }
}

/// The consumer for XCLAIM/XAUTOCLAIM, looked up (seen now) or created.
fn touch_consumer(group: &mut Group, name: &[u8], now: i64) {
    group.add_consumer(name, now);
    if let Some(c) = group.consumers.get_mut(name) {
        c.seen_time = now;
    }
}

/// XCLAIM's options after the IDs.
struct ClaimOptions {
    force: bool,
    just_id: bool,
    /// When the claimed entries count as delivered: now unless IDLE or TIME say otherwise.
    delivery_time: i64,
    /// None: keep counting deliveries as usual.
    retry_count: Option<i64>,
    last_id: StreamId,
}

/// Reads XCLAIM's options from `args[from..]` with Redis's messages.
fn claim_options(args: &[Vec<u8>], from: usize, now: i64) -> Result<ClaimOptions, Reply> {
    let mut options = ClaimOptions {
        force: false,
        just_id: false,
        delivery_time: now,
        retry_count: None,
        last_id: StreamId::MIN,
    };
    let mut delivery_time = None;
    let mut j = from;
    while j < args.len() {
        let more = j + 1 < args.len();
        let opt = &args[j];
        let number = |message: &str| integer_arg(&args[j + 1]).map_err(|_| Reply::error(message));
        if is(opt, "force") {
            options.force = true;
        } else if is(opt, "justid") {
            options.just_id = true;
        } else if is(opt, "idle") && more {
            let idle = number("ERR Invalid IDLE option argument for XCLAIM")?;
            delivery_time = Some(now.wrapping_sub(idle));
            j += 1;
        } else if is(opt, "time") && more {
            delivery_time = Some(number("ERR Invalid TIME option argument for XCLAIM")?);
            j += 1;
        } else if is(opt, "retrycount") && more {
            let n = number("ERR Invalid RETRYCOUNT option argument for XCLAIM")?;
            // RETRYCOUNT -1 or below means the option was not given.
            options.retry_count = Some(n).filter(|n| *n >= 0);
            j += 1;
        } else if is(opt, "lastid") && more {
            options.last_id = parse_strict(&args[j + 1])?;
            j += 1;
        } else {
            return Err(Reply::error_format(
                "ERR Unrecognized XCLAIM option '{}'",
                &[opt],
            ));
        }
        j += 1;
    }
    // A time before the epoch or in the future is bogus; Redis takes now instead.
    if let Some(t) = delivery_time.filter(|t| (0..=now).contains(t)) {
        options.delivery_time = t;
    }
    Ok(options)
}

pub fn xclaim(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    let s = match group_of(ks, &args[1], &args[2]) {
        Ok(Some(s)) => s,
        Ok(None) => return no_group(&args[1], &args[2]),
        Err(reply) => return reply,
    };
    let Some(min_idle) = integer_arg(&args[4]).ok() else {
        return Reply::error("ERR Invalid min-idle-time argument for XCLAIM");
    };
    let min_idle = min_idle.max(0);
    let mut ids = Vec::new();
    let mut j = 5;
    while let Some(id) = args.get(j).and_then(|a| parse_strict(a).ok()) {
        ids.push(id);
        j += 1;
    }
    let options = match claim_options(args, j, now) {
        Ok(options) => options,
        Err(reply) => return reply,
    };
    let name = args[2].as_slice();
    let consumer = args[3].as_slice();
    let mut items = Vec::new();
    let mut consumer_seen = false;
    if let Some(group) = s.groups.get_mut(name) {
        if options.last_id > group.last_id {
            group.last_id = options.last_id;
        }
    }
    for id in ids {
        let exists = s.entries.contains_key(&id);
        let Some(group) = s.groups.get_mut(name) else {
            break;
        };
        if !exists {
            group.forget(id);
            continue;
        }
        let created = !group.pending.contains_key(&id);
        if created && !options.force {
            continue;
        }
        if !created && min_idle > 0 {
            let idle = group
                .pending
                .get(&id)
                .map_or(0, |n| now.wrapping_sub(n.delivery_time));
            if idle < min_idle {
                continue;
            }
        }
        if !consumer_seen {
            touch_consumer(group, consumer, now);
            consumer_seen = true;
        }
        claim(
            group,
            id,
            consumer,
            options.delivery_time,
            options.retry_count,
            options.just_id,
        );
        items.push(match s.entries.get(&id) {
            Some(fields) if !options.just_id => entry_reply(id, fields),
            _ => id.reply(),
        });
    }
    Reply::Array(Some(items))
}

/// Redis refuses an XAUTOCLAIM whose COUNT needs more transient memory (16 bytes an ID) than
/// the allocator grants; on 64-bit Linux that fails past the 2^47-byte user address space.
/// Nothing is allocated by COUNT here: the line is drawn where Redis's falls.
const AUTOCLAIM_MAX_COUNT: i64 = 1 << 43;

/// XAUTOCLAIM's COUNT (100 unless given) and JUSTID.
fn autoclaim_options(args: &[Vec<u8>]) -> Result<(i64, bool), Reply> {
    let (mut count, mut just_id) = (100, false);
    let mut j = 6;
    while j < args.len() {
        if is(&args[j], "count") && j + 1 < args.len() {
            // LONG_MAX / 16: the largest COUNT whose ID buffer size fits in a long.
            match integer_arg(&args[j + 1]) {
                Ok(n) if (1..=i64::MAX / 16).contains(&n) => count = n,
                _ => return Err(Reply::error("ERR COUNT must be > 0")),
            }
            j += 1;
        } else if is(&args[j], "justid") {
            just_id = true;
        } else {
            return Err(Reply::error(SYNTAX));
        }
        j += 1;
    }
    Ok((count, just_id))
}

pub fn xautoclaim(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let Some(min_idle) = integer_arg(&args[4]).ok() else {
        return Reply::error("ERR Invalid min-idle-time argument for XAUTOCLAIM");
    };
    let min_idle = min_idle.max(0);
    let start = match parse_interval_bound(&args[5], true) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let (mut count, just_id) = match autoclaim_options(args) {
        Ok(options) => options,
        Err(reply) => return reply,
    };
    let now = ks.now;
    let s = match group_of(ks, &args[1], &args[2]) {
        Ok(Some(s)) => s,
        Ok(None) => return no_group(&args[1], &args[2]),
        Err(reply) => return reply,
    };
    if count > AUTOCLAIM_MAX_COUNT {
        return Reply::error(
            "ERR Insufficient memory, failed allocating transient memory, COUNT too high.",
        );
    }
    let name = args[2].as_slice();
    let consumer = args[3].as_slice();
    let mut attempts = count.saturating_mul(10);
    let mut items = Vec::new();
    let mut deleted = Vec::new();
    // The next pending entry to look at; None once the largest possible ID was seen.
    let mut cursor = Some(start);
    let mut consumer_seen = false;
    let mut next = StreamId::MIN;
    while let Some(group) = s.groups.get_mut(name) {
        let pending = cursor.and_then(|from| {
            group
                .pending
                .range(from..)
                .next()
                .map(|(id, n)| (*id, n.delivery_time))
        });
        if attempts == 0 || count == 0 {
            next = pending.map_or(StreamId::MIN, |(id, _)| id);
            break;
        }
        attempts -= 1;
        let Some((id, delivered)) = pending else {
            break;
        };
        cursor = id.next();
        if !s.entries.contains_key(&id) {
            group.forget(id);
            deleted.push(id.reply());
            count -= 1;
            continue;
        }
        if min_idle > 0 && now.wrapping_sub(delivered) < min_idle {
            continue;
        }
        if !consumer_seen {
            touch_consumer(group, consumer, now);
            consumer_seen = true;
        }
        claim(group, id, consumer, now, None, just_id);
        items.push(match s.entries.get(&id) {
            Some(fields) if !just_id => entry_reply(id, fields),
            _ => id.reply(),
        });
        count -= 1;
    }
    Reply::Array(Some(vec![
        next.reply(),
        Reply::Array(Some(items)),
        Reply::Array(Some(deleted)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::super::redis_cli::{format_reply, split_line};
    use super::super::Keyspace;

    /// Runs redis-cli lines and returns what redis-cli prints for the last one.
    fn run(ks: &mut Keyspace, lines: &str) -> String {
        let mut printed = String::new();
        for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let args = split_line(line.as_bytes()).unwrap_or_default();
            printed = String::from_utf8_lossy(&format_reply(&ks.execute(&args))).into_owned();
        }
        printed
    }

    /// Idle times and delivery counts depend on the clock, so no golden file can pin them;
    /// these figures are what redis-server 7.0.15 printed for the same commands run within
    /// one millisecond.
    #[test]
    fn claiming_counts_deliveries_and_ages_them_on_the_virtual_clock() {
        let mut ks = Keyspace::new(1_000_000);
        run(
            &mut ks,
            "XADD s 1-0 a 1
             XADD s 2-0 b 2
             XADD s 3-0 c 3
             XGROUP CREATE s g 0
             XREADGROUP GROUP g alice COUNT 1 STREAMS s >
             XREADGROUP GROUP g alice STREAMS s 0
             XCLAIM s g bob 0 2-0 FORCE
             XCLAIM s g bob 0 3-0 FORCE JUSTID
             XCLAIM s g bob 0 1-0 RETRYCOUNT 7
             XAUTOCLAIM s g carol 0 0 COUNT 1
             XAUTOCLAIM s g carol 0 0 COUNT 1 JUSTID
             XCLAIM s g dave 0 1-0 IDLE 5000",
        );
        assert_eq!(
            run(&mut ks, "XPENDING s g IDLE 4000 - + 10"),
            "1) 1) \"1-0\"\n   2) \"dave\"\n   3) (integer) 5000\n   4) (integer) 9\n"
        );
        run(&mut ks, "XCLAIM s g dave 0 2-0 TIME 1000");
        ks.now += 250;
        assert_eq!(
            run(&mut ks, "XPENDING s g - + 10"),
            "1) 1) \"1-0\"\n   2) \"dave\"\n   3) (integer) 5250\n   4) (integer) 9\n\
             2) 1) \"2-0\"\n   2) \"dave\"\n   3) (integer) 999250\n   4) (integer) 3\n\
             3) 1) \"3-0\"\n   2) \"bob\"\n   3) (integer) 250\n   4) (integer) 1\n"
        );
        assert_eq!(
            run(&mut ks, "XINFO CONSUMERS s g"),
            "1) 1) \"name\"\n   2) \"alice\"\n   3) \"pending\"\n   4) (integer) 0\n   5) \"idle\"\n   6) (integer) 250\n\
             2) 1) \"name\"\n   2) \"bob\"\n   3) \"pending\"\n   4) (integer) 1\n   5) \"idle\"\n   6) (integer) 250\n\
             3) 1) \"name\"\n   2) \"carol\"\n   3) \"pending\"\n   4) (integer) 0\n   5) \"idle\"\n   6) (integer) 250\n\
             4) 1) \"name\"\n   2) \"dave\"\n   3) \"pending\"\n   4) (integer) 2\n   5) \"idle\"\n   6) (integer) 250\n"
        );
        // A claim whose entry is not idle long enough leaves it where it is.
        assert_eq!(
            run(&mut ks, "XCLAIM s g erin 1000 3-0 JUSTID"),
            "(empty array)\n"
        );
        assert_eq!(
            run(&mut ks, "XCLAIM s g erin 250 3-0 JUSTID"),
            "1) \"3-0\"\n"
        );
    }

    /// XAUTOCLAIM's and XPENDING's idle thresholds compare with the virtual clock: an entry
    /// becomes claimable exactly when the clock has moved min-idle-time past its delivery.
    #[test]
    fn idle_thresholds_wait_for_the_virtual_clock() {
        let mut ks = Keyspace::new(5_000);
        run(
            &mut ks,
            "XADD s 1-0 a 1
             XGROUP CREATE s g 0
             XREADGROUP GROUP g alice STREAMS s >",
        );
        ks.now += 99;
        assert_eq!(
            run(&mut ks, "XAUTOCLAIM s g bob 100 0 JUSTID"),
            "1) \"0-0\"\n2) (empty array)\n3) (empty array)\n"
        );
        assert_eq!(
            run(&mut ks, "XPENDING s g IDLE 100 - + 10"),
            "(empty array)\n"
        );
        ks.now += 1;
        assert_eq!(
            run(&mut ks, "XAUTOCLAIM s g bob 100 0 JUSTID"),
            "1) \"0-0\"\n2) 1) \"1-0\"\n3) (empty array)\n"
        );
        ks.now += 7;
        assert_eq!(
            run(&mut ks, "XPENDING s g - + 10"),
            "1) 1) \"1-0\"\n   2) \"bob\"\n   3) (integer) 7\n   4) (integer) 1\n"
        );
    }

    #[test]
    fn star_ids_follow_the_virtual_clock() {
        let mut ks = Keyspace::new(1_700_000_000_000);
        assert_eq!(run(&mut ks, "XADD s * f v"), "\"1700000000000-0\"\n");
        assert_eq!(run(&mut ks, "XADD s * f v"), "\"1700000000000-1\"\n");
        ks.now += 5;
        assert_eq!(run(&mut ks, "XADD s * f v"), "\"1700000000005-0\"\n");
        ks.now -= 1_000;
        assert_eq!(run(&mut ks, "XADD s * f v"), "\"1700000000005-1\"\n");
    }
}
