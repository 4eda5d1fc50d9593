//! The COMMAND command: what this server says about its commands. The descriptions are
//! redis-server 7.0.15's own `COMMAND INFO` and `COMMAND DOCS` replies for the commands this
//! server has, kept as raw RESP3 (`command_docs/*.resp`, made by
//! tests/redis/regenerate_command_docs.py) and read on first use; a container's subcommands
//! this server lacks are left out of them. GETKEYS finds keys from the key specs in them.

use super::command::{self, COMMANDS};
use super::glob;
use super::key_specs::{self, KeyFinder, KeySpec};
use super::reply::{Reply, SYNTAX};
use super::resp;
use super::Keyspace;
use std::sync::OnceLock;

/// What one command or subcommand is, as the server describes it.
pub struct Description {
    /// The full name: `get`, `object|encoding`.
    pub name: String,
    pub arity: i32,
    /// Its `COMMAND INFO` entry.
    pub info: Reply,
    /// Its `COMMAND DOCS` entry (a map).
    docs: Reply,
    no_mandatory_keys: bool,
    /// ACL categories, without their `@`.
    categories: Vec<Vec<u8>>,
    pub key_specs: Vec<KeySpec>,
    finder: Option<KeyFinder>,
    pub subcommands: Vec<Description>,
}

const INFO: &[u8] = include_bytes!("command_docs/info.resp");
const DOCS: &[u8] = include_bytes!("command_docs/docs.resp");

/// redis-server's raw `COMMAND INFO` entries, subcommands this server lacks included.
pub fn server_entries() -> Vec<Reply> {
    match resp::read(INFO) {
        Some((Reply::Array(Some(entries)), _)) => entries,
        _ => Vec::new(),
    }
}

/// The descriptions of every command in the table, in the table's order.
pub fn descriptions() -> &'static [Description] {
    static ALL: OnceLock<Vec<Description>> = OnceLock::new();
    ALL.get_or_init(load)
}

fn load() -> Vec<Description> {
    let info = server_entries();
    let docs = resp::read(DOCS).map_or(Reply::Map(Vec::new()), |(docs, _)| docs);
    let mut all = Vec::new();
    for row in COMMANDS {
        let entry = info.iter().find(|e| entry_name(e) == Some(row.name));
        if let Some(entry) = entry {
            let docs = docs
                .field(row.name)
                .cloned()
                .unwrap_or(Reply::Map(Vec::new()));
            let kept = |full: &str| {
                full.split_once('|')
                    .is_some_and(|(_, sub)| row.subcommands.iter().any(|s| s.name == sub))
            };
            all.push(describe(entry, docs, &kept));
        }
    }
    all
}

/// The full name an INFO entry starts with.
pub fn entry_name(entry: &Reply) -> Option<&str> {
    match entry {
        Reply::Array(Some(fields)) => match fields.first() {
            Some(Reply::Bulk(Some(name))) => std::str::from_utf8(name).ok(),
            _ => None,
        },
        _ => None,
    }
}

/// A description from an INFO entry and its DOCS map, keeping the subcommands `kept` names.
fn describe(entry: &Reply, mut docs: Reply, kept: &dyn Fn(&str) -> bool) -> Description {
    let mut info = entry.clone();
    let mut subcommands = Vec::new();
    if let Reply::Array(Some(fields)) = &mut info {
        if let Some(Reply::Array(Some(subs)) | Reply::Set(subs)) = fields.get_mut(9) {
            subs.retain(|s| entry_name(s).is_some_and(kept));
            let sub_docs = docs.field("subcommands");
            for sub in subs.iter() {
                let name = entry_name(sub).unwrap_or_default();
                let sub_doc = sub_docs.and_then(|d| d.field(name)).cloned();
                subcommands.push(describe(
                    sub,
                    sub_doc.unwrap_or(Reply::Map(Vec::new())),
                    &|_| false,
                ));
            }
        }
    }
    if let Some(Reply::Map(subs)) = docs.field_mut("subcommands") {
        subs.retain(|(k, _)| {
            k.text()
                .and_then(|k| std::str::from_utf8(k).ok())
                .is_some_and(kept)
        });
    }
    let fields: &[Reply] = match &info {
        Reply::Array(Some(fields)) => fields,
        _ => &[],
    };
    let name = entry_name(&info).unwrap_or_default().to_string();
    let names_in = |at: usize| -> Vec<Vec<u8>> {
        match fields.get(at) {
            Some(Reply::Set(items)) => items
                .iter()
                .filter_map(|i| i.text().map(<[u8]>::to_vec))
                .collect(),
            _ => Vec::new(),
        }
    };
    Description {
        finder: KeyFinder::of(&name),
        arity: match fields.get(1) {
            Some(Reply::Integer(n)) => i32::try_from(*n).unwrap_or_default(),
            _ => 0,
        },
        no_mandatory_keys: names_in(2).iter().any(|f| f == b"no_mandatory_keys"),
        categories: names_in(6)
            .into_iter()
            .map(|c| c.strip_prefix(b"@").map(<[u8]>::to_vec).unwrap_or(c))
            .collect(),
        key_specs: fields
            .get(8)
            .map(key_specs::parse_specs)
            .unwrap_or_default(),
        name,
        info,
        docs,
        subcommands,
    }
}

/// The top-level command `name` (any case).
fn find(name: &[u8]) -> Option<&'static Description> {
    descriptions()
        .iter()
        .find(|d| name.eq_ignore_ascii_case(d.name.as_bytes()))
}

/// A subcommand of `base` (any case).
fn find_sub(base: &'static Description, name: &[u8]) -> Option<&'static Description> {
    base.subcommands.iter().find(|s| {
        s.name
            .split_once('|')
            .is_some_and(|(_, sub)| name.eq_ignore_ascii_case(sub.as_bytes()))
    })
}

/// The command a call's words name, as Redis looks a command up: a container with more
/// words is its subcommand's.
fn lookup_call(words: &[Vec<u8>]) -> Option<&'static Description> {
    let base = find(words.first()?)?;
    match words.get(1) {
        Some(sub) if !base.subcommands.is_empty() => find_sub(base, sub),
        _ => Some(base),
    }
}

/// The command a full name (`get`, `object|encoding`) names.
fn lookup_full_name(name: &[u8]) -> Option<&'static Description> {
    let mut parts = name.split(|&b| b == b'|');
    let base = find(parts.next()?)?;
    match (parts.next(), parts.next()) {
        (None, _) => Some(base),
        (Some(sub), None) if !base.subcommands.is_empty() => find_sub(base, sub),
        _ => None,
    }
}

const HELP: &[&str] = &[
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
];

/// COMMAND [COUNT | LIST | INFO | DOCS | GETKEYS | GETKEYSANDFLAGS | HELP].
pub fn command(_: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if args.len() == 1 {
        return info(&[]);
    }
    match command::subcommand_of("command", args) {
        Ok("count") => Reply::Integer(descriptions().len() as i64),
        Ok("list") => list(args),
        Ok("info") => info(&args[2..]),
        Ok("docs") => docs(&args[2..]),
        Ok("getkeys") => get_keys(&args[2..], false),
        Ok("getkeysandflags") => get_keys(&args[2..], true),
        Ok(_) => Reply::help(HELP),
        Err(reply) => reply,
    }
}

fn info(names: &[Vec<u8>]) -> Reply {
    if names.is_empty() {
        return Reply::Array(Some(
            descriptions().iter().map(|d| d.info.clone()).collect(),
        ));
    }
    Reply::Array(Some(
        names
            .iter()
            .map(|n| lookup_full_name(n).map_or(Reply::Bulk(None), |d| d.info.clone()))
            .collect(),
    ))
}

fn docs(names: &[Vec<u8>]) -> Reply {
    let entry = |d: &Description| (Reply::bulk(d.name.as_bytes()), d.docs.clone());
    if names.is_empty() {
        return Reply::Map(descriptions().iter().map(entry).collect());
    }
    Reply::Map(
        names
            .iter()
            .filter_map(|n| lookup_full_name(n))
            .map(entry)
            .collect(),
    )
}

/// LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]: full names, each
/// container followed by its subcommands, each checked against the filter on its own.
fn list(args: &[Vec<u8>]) -> Reply {
    let filter = match &args[2..] {
        [] => None,
        [by, kind, arg] if by.eq_ignore_ascii_case(b"filterby") => {
            match kind.to_ascii_lowercase().as_slice() {
                b"module" | b"aclcat" | b"pattern" => Some((kind.to_ascii_lowercase(), arg)),
                _ => return Reply::error(SYNTAX),
            }
        }
        _ => return Reply::error(SYNTAX),
    };
    let shown = |d: &Description| match &filter {
        None => true,
        Some((kind, arg)) => match kind.as_slice() {
            b"aclcat" => d.categories.iter().any(|c| c.eq_ignore_ascii_case(arg)),
            b"pattern" => glob::matches_nocase(arg, d.name.as_bytes()),
            // No modules are loaded.
            _ => false,
        },
    };
    let mut names = Vec::new();
    for d in descriptions() {
        for d in std::iter::once(d).chain(&d.subcommands) {
            if shown(d) {
                names.push(d.name.as_bytes().to_vec());
            }
        }
    }
    Reply::bulks(names)
}

/// GETKEYS / GETKEYSANDFLAGS <full command>.
fn get_keys(call: &[Vec<u8>], with_flags: bool) -> Reply {
    let Some(target) = lookup_call(call) else {
        return Reply::error("ERR Invalid command specified");
    };
    if !key_specs::has_keys(&target.key_specs, target.finder) {
        return Reply::error("ERR The command has no key arguments");
    }
    if !command::arity_accepts(target.arity, call.len()) {
        return Reply::error("ERR Invalid number of arguments specified for command");
    }
    let keys = key_specs::find_keys(&target.key_specs, target.finder, call);
    if keys.is_empty() && !target.no_mandatory_keys {
        return Reply::error("ERR Invalid arguments specified for command");
    }
    Reply::Array(Some(
        keys.iter()
            .filter_map(|k| {
                let name = Reply::bulk(call.get(k.position)?);
                Some(if with_flags {
                    Reply::Array(Some(vec![name, key_specs::flags_reply(k.flags)]))
                } else {
                    name
                })
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_described_and_counted() {
        assert_eq!(descriptions().len(), COMMANDS.len());
        for (d, row) in descriptions().iter().zip(COMMANDS) {
            assert_eq!(d.name, row.name);
            assert_eq!(d.subcommands.len(), row.subcommands.len(), "{}", row.name);
        }
        let mut ks = Keyspace::new(0);
        let count = command(&mut ks, &[b"command".to_vec(), b"count".to_vec()]);
        assert_eq!(count, Reply::Integer(COMMANDS.len() as i64));
    }
}
