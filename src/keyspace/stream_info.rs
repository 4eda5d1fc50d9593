//! XINFO (t_stream.c): STREAM (with FULL and COUNT), GROUPS, CONSUMERS and HELP, field for
//! field as Redis 7.0 answers, including the radix-tree figures of the node model.

use super::command::subcommand_of;
use super::reply::Reply;
use super::stream_groups::subcommand_syntax_error;
use super::stream_id::StreamId;
use super::stream_store::{Group, Stream};
use super::streams::{integer_arg, is, range_reply, stream};
use super::Keyspace;

const XINFO_HELP: &[&str] = &[
    "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
    "HELP",
    "    Prints this help.",
];

/// Named fields, as XINFO replies them: a map in RESP3, a flat array in RESP2.
fn record(fields: Vec<(&str, Reply)>) -> Reply {
    Reply::Map(
        fields
            .into_iter()
            .map(|(name, value)| (Reply::bulk(name.as_bytes()), value))
            .collect(),
    )
}

fn optional_integer(value: Option<i64>) -> Reply {
    value.map_or(Reply::nil(), Reply::Integer)
}

pub fn xinfo(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let sub = match subcommand_of("xinfo", args) {
        Ok(sub) => sub,
        Err(reply) => return reply,
    };
    if sub == "help" {
        return Reply::help(XINFO_HELP);
    }
    let now = ks.now;
    let s = match stream(ks, &args[2]) {
        Ok(Some(s)) => s,
        Ok(None) => return Reply::error("ERR no such key"),
        Err(reply) => return reply,
    };
    match sub {
        "consumers" => {
            let Some(group) = s.groups.get(args[3].as_slice()) else {
                return Reply::error_format(
                    "NOGROUP No such consumer group '{}' for key name '{}'",
                    &[&args[3], &args[2]],
                );
            };
            Reply::Array(Some(
                group
                    .consumers
                    .iter()
                    .map(|(name, c)| {
                        record(vec![
                            ("name", Reply::bulk(name)),
                            ("pending", Reply::Integer(c.pending.len() as i64)),
                            (
                                "idle",
                                Reply::Integer(now.saturating_sub(c.seen_time).max(0)),
                            ),
                        ])
                    })
                    .collect(),
            ))
        }
        "groups" => Reply::Array(Some(
            s.groups
                .iter()
                .map(|(name, group)| {
                    record(vec![
                        ("name", Reply::bulk(name)),
                        ("consumers", Reply::Integer(group.consumers.len() as i64)),
                        ("pending", Reply::Integer(group.pending.len() as i64)),
                        ("last-delivered-id", group.last_id.reply()),
                        ("entries-read", optional_integer(group.entries_read)),
                        ("lag", optional_integer(s.lag(group))),
                    ])
                })
                .collect(),
        )),
        _ => stream_info(s, args),
    }
}

/// XINFO STREAM key [FULL [COUNT count]].
fn stream_info(s: &Stream, args: &[Vec<u8>]) -> Reply {
    let options = args.get(3..).unwrap_or_default();
    let count = match options {
        [] => None,
        [full] if is(full, "full") => Some(10),
        [full, word, n] if is(full, "full") && is(word, "count") => match integer_arg(n) {
            Ok(n) if n < 0 => Some(10),
            Ok(n) => Some(n as u64),
            Err(reply) => return reply,
        },
        _ => return subcommand_syntax_error(args, "XINFO"),
    };
    let mut fields = vec![
        ("length", Reply::Integer(s.len() as i64)),
        (
            "radix-tree-keys",
            Reply::Integer(s.radix_tree_keys() as i64),
        ),
        (
            "radix-tree-nodes",
            Reply::Integer(s.radix_tree_nodes() as i64),
        ),
        ("last-generated-id", s.last_id.reply()),
        ("max-deleted-entry-id", s.max_deleted.reply()),
        ("entries-added", Reply::Integer(s.entries_added)),
        ("recorded-first-entry-id", s.first_id.reply()),
    ];
    let Some(count) = count else {
        let edge = |rev| match range_reply(s, StreamId::MIN, StreamId::MAX, 1, rev) {
            Reply::Array(Some(mut items)) if !items.is_empty() => items.swap_remove(0),
            _ => Reply::nil(),
        };
        fields.extend([
            ("groups", Reply::Integer(s.groups.len() as i64)),
            ("first-entry", edge(false)),
            ("last-entry", edge(true)),
        ]);
        return record(fields);
    };
    let groups = s
        .groups
        .iter()
        .map(|(name, group)| group_full(s, name, group, count))
        .collect();
    fields.extend([
        (
            "entries",
            range_reply(s, StreamId::MIN, StreamId::MAX, count, false),
        ),
        ("groups", Reply::Array(Some(groups))),
    ]);
    record(fields)
}

/// One group of XINFO STREAM FULL, pending lists cut at `count` (0: all).
fn group_full(s: &Stream, name: &[u8], group: &Group, count: u64) -> Reply {
    let limit = if count == 0 {
        usize::MAX
    } else {
        count.min(usize::MAX as u64) as usize
    };
    let pending = group
        .pending
        .iter()
        .take(limit)
        .map(|(id, nack)| {
            Reply::Array(Some(vec![
                id.reply(),
                Reply::bulk(&nack.consumer),
                Reply::Integer(nack.delivery_time),
                Reply::Integer(nack.delivery_count),
            ]))
        })
        .collect();
    let consumers = group
        .consumers
        .iter()
        .map(|(consumer_name, consumer)| {
            let own = consumer
                .pending
                .iter()
                .take(limit)
                .filter_map(|id| {
                    let nack = group.pending.get(id)?;
                    Some(Reply::Array(Some(vec![
                        id.reply(),
                        Reply::Integer(nack.delivery_time),
                        Reply::Integer(nack.delivery_count),
                    ])))
                })
                .collect();
            record(vec![
                ("name", Reply::bulk(consumer_name)),
                ("seen-time", Reply::Integer(consumer.seen_time)),
                ("pel-count", Reply::Integer(consumer.pending.len() as i64)),
                ("pending", Reply::Array(Some(own))),
            ])
        })
        .collect();
    record(vec![
        ("name", Reply::bulk(name)),
        ("last-delivered-id", group.last_id.reply()),
        ("entries-read", optional_integer(group.entries_read)),
        ("lag", optional_integer(s.lag(group))),
        ("pel-count", Reply::Integer(group.pending.len() as i64)),
        ("pending", Reply::Array(Some(pending))),
        ("consumers", Reply::Array(Some(consumers))),
    ])
}
