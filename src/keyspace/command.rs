//! The command table: each command's name, arity (negative: at least that many arguments, the
//! name included), flags, key positions and handler, as Redis 7.0's `COMMAND INFO` gives them.
//! The flags drive behaviour (scripts refuse `noscript` commands, read-only scripts refuse
//! `write` ones); tests/redis_golden.rs checks every row against the real server's table.

use super::db::Hasher;
use super::reply::Reply;
use super::{
    bitfield, bits, command_docs, geo, geo_search, hashes, hyperloglog, keys, lcs, lists, scan,
    server, sets, sort, stream_groups, stream_info, streams, strings, zsets, Keyspace,
};
use std::collections::HashMap;
use std::sync::OnceLock;

pub const WRITE: u32 = 1 << 0;
pub const READONLY: u32 = 1 << 1;
pub const DENYOOM: u32 = 1 << 2;
pub const ADMIN: u32 = 1 << 3;
pub const PUBSUB: u32 = 1 << 4;
pub const NOSCRIPT: u32 = 1 << 5;
pub const BLOCKING: u32 = 1 << 6;
pub const LOADING: u32 = 1 << 7;
pub const STALE: u32 = 1 << 8;
pub const SKIP_MONITOR: u32 = 1 << 9;
pub const SKIP_SLOWLOG: u32 = 1 << 10;
pub const ASKING: u32 = 1 << 11;
pub const FAST: u32 = 1 << 12;
pub const NO_AUTH: u32 = 1 << 13;
/// Not listed by `COMMAND INFO` in 7.0, but read-only scripts treat it as a write.
pub const MAY_REPLICATE: u32 = 1 << 14;
pub const NO_MANDATORY_KEYS: u32 = 1 << 15;
pub const NO_ASYNC_LOADING: u32 = 1 << 16;
pub const NO_MULTI: u32 = 1 << 17;
pub const MOVABLEKEYS: u32 = 1 << 18;
pub const ALLOW_BUSY: u32 = 1 << 19;

/// Flag names in the order `COMMAND INFO` lists them, with their bits.
const FLAG_NAMES: &[(u32, &str)] = &[
    (WRITE, "write"),
    (READONLY, "readonly"),
    (DENYOOM, "denyoom"),
    (ADMIN, "admin"),
    (PUBSUB, "pubsub"),
    (NOSCRIPT, "noscript"),
    (BLOCKING, "blocking"),
    (LOADING, "loading"),
    (STALE, "stale"),
    (SKIP_MONITOR, "skip_monitor"),
    (SKIP_SLOWLOG, "skip_slowlog"),
    (ASKING, "asking"),
    (FAST, "fast"),
    (NO_AUTH, "no_auth"),
    (NO_MANDATORY_KEYS, "no_mandatory_keys"),
    (NO_ASYNC_LOADING, "no_async_loading"),
    (NO_MULTI, "no_multi"),
    (MOVABLEKEYS, "movablekeys"),
    (ALLOW_BUSY, "allow_busy"),
];

pub struct Command {
    pub name: &'static str,
    pub arity: i32,
    pub flags: u32,
    /// First key, last key (negative: counted from the end) and step, as the legacy
    /// `COMMAND INFO` triple gives them; (0, 0, 0) for commands without keys.
    pub keys: (i32, i32, i32),
    pub run: Handler,
    /// A container's subcommands (CLUSTER INFO, ...), which Redis looks up and checks for
    /// arity before the command runs; empty for other commands.
    pub subcommands: &'static [Subcommand],
}

/// One subcommand of a container command, as `COMMAND INFO` lists it.
pub struct Subcommand {
    pub name: &'static str,
    pub arity: i32,
    pub flags: u32,
}

/// A keyspace command's implementation.
pub type KeyspaceHandler = fn(&mut Keyspace, &[Vec<u8>]) -> Reply;

/// Who carries a command out.
#[derive(Clone, Copy)]
pub enum Handler {
    Keyspace(KeyspaceHandler),
    /// EVAL, SCRIPT, FUNCTION and the like: the scripting layer above the keyspace.
    Scripting,
}

impl Command {
    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    /// Whether `argc` words (the name included) satisfy the arity.
    pub fn accepts(&self, argc: usize) -> bool {
        arity_accepts(self.arity, argc)
    }

    /// The subcommand `args` name, for a container called with one: Some(None) when the
    /// container has no such subcommand.
    pub fn subcommand(&self, args: &[Vec<u8>]) -> Option<Option<&'static Subcommand>> {
        let name = args.get(1).filter(|_| !self.subcommands.is_empty())?;
        Some(
            self.subcommands
                .iter()
                .find(|s| name.eq_ignore_ascii_case(s.name.as_bytes())),
        )
    }

    /// The flags that govern a call with `args`: a container's subcommand has its own (XGROUP
    /// CREATE writes, XINFO STREAM reads), as Redis runs the subcommand's table entry.
    pub fn flags_for(&self, args: &[Vec<u8>]) -> u32 {
        match self.subcommand(args) {
            Some(Some(sub)) => sub.flags,
            _ => self.flags,
        }
    }

    /// The flags' names in `COMMAND INFO`'s order.
    pub fn flag_names(&self) -> Vec<&'static str> {
        flag_names(self.flags)
    }
}

/// Command flags' names in `COMMAND INFO`'s order.
pub fn flag_names(flags: u32) -> Vec<&'static str> {
    FLAG_NAMES
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, name)| *name)
        .collect()
}

/// Whether `argc` words (the name included) satisfy `arity` (negative: at least that many).
pub fn arity_accepts(arity: i32, argc: usize) -> bool {
    let argc = argc as i64;
    let arity = i64::from(arity);
    if arity >= 0 {
        argc == arity
    } else {
        argc >= -arity
    }
}

const fn command(
    name: &'static str,
    arity: i32,
    flags: u32,
    keys: (i32, i32, i32),
    run: KeyspaceHandler,
) -> Command {
    Command {
        name,
        arity,
        flags,
        keys,
        run: Handler::Keyspace(run),
        subcommands: &[],
    }
}

const fn container(
    name: &'static str,
    arity: i32,
    run: KeyspaceHandler,
    subcommands: &'static [Subcommand],
) -> Command {
    Command {
        name,
        arity,
        flags: 0,
        keys: (0, 0, 0),
        run: Handler::Keyspace(run),
        subcommands,
    }
}

const fn sub(name: &'static str, arity: i32, flags: u32) -> Subcommand {
    Subcommand { name, arity, flags }
}

/// CLUSTER's subcommands in Redis 7.0.15.
const CLUSTER_SUBCOMMANDS: &[Subcommand] = &[
    sub("addslots", -3, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("addslotsrange", -4, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("bumpepoch", 2, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("count-failure-reports", 3, ADMIN | STALE),
    sub("countkeysinslot", 3, STALE),
    sub("delslots", -3, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("delslotsrange", -4, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("failover", -2, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("flushslots", 2, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("forget", 3, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("getkeysinslot", 4, STALE),
    sub("help", 2, LOADING | STALE),
    sub("info", 2, STALE),
    sub("keyslot", 3, STALE),
    sub("links", 2, STALE),
    sub("meet", -4, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("myid", 2, STALE),
    sub("nodes", 2, STALE),
    sub("replicas", 3, ADMIN | STALE),
    sub("replicate", 3, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("reset", -2, ADMIN | NOSCRIPT | STALE),
    sub("saveconfig", 2, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("set-config-epoch", 3, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("setslot", -4, ADMIN | STALE | NO_ASYNC_LOADING),
    sub("shards", 2, STALE),
    sub("slaves", 3, ADMIN | STALE),
    sub("slots", 2, STALE),
];

/// OBJECT's subcommands in Redis 7.0.15.
const OBJECT_SUBCOMMANDS: &[Subcommand] = &[
    sub("encoding", 3, READONLY),
    sub("freq", 3, READONLY),
    sub("help", 2, LOADING | STALE),
    sub("refcount", 3, READONLY),
];

/// XGROUP's subcommands in Redis 7.0.15.
const XGROUP_SUBCOMMANDS: &[Subcommand] = &[
    sub("create", -5, WRITE | DENYOOM),
    sub("createconsumer", 5, WRITE | DENYOOM),
    sub("delconsumer", 5, WRITE),
    sub("destroy", 4, WRITE),
    sub("help", 2, LOADING | STALE),
    sub("setid", -5, WRITE),
];

/// XINFO's subcommands in Redis 7.0.15.
const XINFO_SUBCOMMANDS: &[Subcommand] = &[
    sub("consumers", 4, READONLY),
    sub("groups", 3, READONLY),
    sub("help", 2, LOADING | STALE),
    sub("stream", -3, READONLY),
];

/// The flags of MULTI, DISCARD, WATCH and UNWATCH.
const TRANSACTION: u32 = NOSCRIPT | LOADING | STALE | FAST | ALLOW_BUSY;

/// The flags of RESET and QUIT.
const CONNECTION: u32 = TRANSACTION | NO_AUTH;

/// A command the scripting layer carries out (EVAL, ...) or the server for its client
/// (MULTI, EXEC, WATCH, ...).
const fn scripting(name: &'static str, arity: i32, flags: u32) -> Command {
    Command {
        name,
        arity,
        flags,
        keys: (0, 0, 0),
        run: Handler::Scripting,
        subcommands: &[],
    }
}

/// SCRIPT and FUNCTION: containers the scripting layer carries out.
const fn scripting_container(name: &'static str, subcommands: &'static [Subcommand]) -> Command {
    Command {
        subcommands,
        ..scripting(name, -2, 0)
    }
}

/// COMMAND's subcommands in Redis 7.0.15.
const COMMAND_SUBCOMMANDS: &[Subcommand] = &[
    sub("count", 2, LOADING | STALE),
    sub("docs", -2, LOADING | STALE),
    sub("getkeys", -4, LOADING | STALE),
    sub("getkeysandflags", -4, LOADING | STALE),
    sub("help", 2, LOADING | STALE),
    sub("info", -2, LOADING | STALE),
    sub("list", -2, LOADING | STALE),
];

/// FUNCTION's subcommands in Redis 7.0.15.
const FUNCTION_SUBCOMMANDS: &[Subcommand] = &[
    sub("delete", 3, WRITE | NOSCRIPT),
    sub("dump", 2, NOSCRIPT),
    sub("flush", -2, WRITE | NOSCRIPT),
    sub("help", 2, LOADING | STALE),
    sub("kill", 2, NOSCRIPT | ALLOW_BUSY),
    sub("list", -2, NOSCRIPT),
    sub("load", -3, WRITE | DENYOOM | NOSCRIPT),
    sub("restore", -3, WRITE | DENYOOM | NOSCRIPT),
    sub("stats", 2, NOSCRIPT | ALLOW_BUSY),
];

/// SCRIPT's subcommands in Redis 7.0.15 (not DEBUG: scripts are debugged with
/// `ferrous-lua ldb` and the debugger's API instead).
const SCRIPT_SUBCOMMANDS: &[Subcommand] = &[
    sub("exists", -3, NOSCRIPT),
    sub("flush", -2, NOSCRIPT),
    sub("help", 2, LOADING | STALE),
    sub("kill", 2, NOSCRIPT | ALLOW_BUSY),
    sub("load", 3, NOSCRIPT | STALE),
];

/// Every command, sorted by name (a row's place is then obvious, and duplicates show).
pub const COMMANDS: &[Command] = &[
    command(
        "append",
        3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        strings::append,
    ),
    command("bitcount", -2, READONLY, (1, 1, 1), bits::bitcount),
    command(
        "bitfield",
        -2,
        WRITE | DENYOOM,
        (1, 1, 1),
        bitfield::bitfield,
    ),
    command(
        "bitfield_ro",
        -2,
        READONLY | FAST,
        (1, 1, 1),
        bitfield::bitfield_ro,
    ),
    command("bitop", -4, WRITE | DENYOOM, (2, -1, 1), bits::bitop),
    command("bitpos", -3, READONLY, (1, 1, 1), bits::bitpos),
    command(
        "blmove",
        6,
        WRITE | DENYOOM | NOSCRIPT | BLOCKING,
        (1, 2, 1),
        lists::blmove,
    ),
    command(
        "blmpop",
        -5,
        WRITE | BLOCKING | MOVABLEKEYS,
        (0, 0, 0),
        lists::blmpop,
    ),
    command(
        "blpop",
        -3,
        WRITE | NOSCRIPT | BLOCKING,
        (1, -2, 1),
        lists::blpop,
    ),
    command(
        "brpop",
        -3,
        WRITE | NOSCRIPT | BLOCKING,
        (1, -2, 1),
        lists::brpop,
    ),
    command(
        "brpoplpush",
        4,
        WRITE | DENYOOM | NOSCRIPT | BLOCKING,
        (1, 2, 1),
        lists::brpoplpush,
    ),
    command(
        "bzmpop",
        -5,
        WRITE | BLOCKING | MOVABLEKEYS,
        (0, 0, 0),
        zsets::bzmpop,
    ),
    command(
        "bzpopmax",
        -3,
        WRITE | NOSCRIPT | BLOCKING | FAST,
        (1, -2, 1),
        zsets::bzpopmax,
    ),
    command(
        "bzpopmin",
        -3,
        WRITE | NOSCRIPT | BLOCKING | FAST,
        (1, -2, 1),
        zsets::bzpopmin,
    ),
    container("cluster", -2, server::cluster, CLUSTER_SUBCOMMANDS),
    Command {
        flags: LOADING | STALE,
        ..container("command", -1, command_docs::command, COMMAND_SUBCOMMANDS)
    },
    command("copy", -3, WRITE | DENYOOM, (1, 2, 1), keys::copy),
    command("dbsize", 1, READONLY | FAST, (0, 0, 0), server::dbsize),
    command("decr", 2, WRITE | DENYOOM | FAST, (1, 1, 1), strings::decr),
    command(
        "decrby",
        3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        strings::decrby,
    ),
    command("del", -2, WRITE, (1, -1, 1), keys::del),
    scripting("discard", 1, TRANSACTION),
    command("echo", 2, LOADING | STALE | FAST, (0, 0, 0), server::echo),
    scripting(
        "eval",
        -3,
        NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
    ),
    scripting(
        "eval_ro",
        -3,
        READONLY | NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
    ),
    scripting(
        "evalsha",
        -3,
        NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
    ),
    scripting(
        "evalsha_ro",
        -3,
        READONLY | NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
    ),
    scripting("exec", 1, NOSCRIPT | LOADING | STALE | SKIP_SLOWLOG),
    command("exists", -2, READONLY | FAST, (1, -1, 1), keys::exists),
    command("expire", -3, WRITE | FAST, (1, 1, 1), keys::expire),
    command("expireat", -3, WRITE | FAST, (1, 1, 1), keys::expireat),
    command(
        "expiretime",
        2,
        READONLY | FAST,
        (1, 1, 1),
        keys::expiretime,
    ),
    scripting(
        "fcall",
        -3,
        NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
    ),
    scripting(
        "fcall_ro",
        -3,
        READONLY | NOSCRIPT | STALE | SKIP_MONITOR | NO_MANDATORY_KEYS | MOVABLEKEYS,
    ),
    command("flushall", -1, WRITE, (0, 0, 0), server::flushall),
    command("flushdb", -1, WRITE, (0, 0, 0), server::flushdb),
    scripting_container("function", FUNCTION_SUBCOMMANDS),
    command("geoadd", -5, WRITE | DENYOOM, (1, 1, 1), geo::geoadd),
    command("geodist", -4, READONLY, (1, 1, 1), geo::geodist),
    command("geohash", -2, READONLY, (1, 1, 1), geo::geohash),
    command("geopos", -2, READONLY, (1, 1, 1), geo::geopos),
    command(
        "georadius",
        -6,
        WRITE | DENYOOM | MOVABLEKEYS,
        (1, 1, 1),
        geo_search::georadius,
    ),
    command(
        "georadius_ro",
        -6,
        READONLY,
        (1, 1, 1),
        geo_search::georadius_ro,
    ),
    command(
        "georadiusbymember",
        -5,
        WRITE | DENYOOM | MOVABLEKEYS,
        (1, 1, 1),
        geo_search::georadiusbymember,
    ),
    command(
        "georadiusbymember_ro",
        -5,
        READONLY,
        (1, 1, 1),
        geo_search::georadiusbymember_ro,
    ),
    command("geosearch", -7, READONLY, (1, 1, 1), geo_search::geosearch),
    command(
        "geosearchstore",
        -8,
        WRITE | DENYOOM,
        (1, 2, 1),
        geo_search::geosearchstore,
    ),
    command("get", 2, READONLY | FAST, (1, 1, 1), strings::get),
    command("getbit", 3, READONLY | FAST, (1, 1, 1), bits::getbit),
    command("getdel", 2, WRITE | FAST, (1, 1, 1), strings::getdel),
    command("getex", -2, WRITE | FAST, (1, 1, 1), strings::getex),
    command("getrange", 4, READONLY, (1, 1, 1), strings::getrange),
    command(
        "getset",
        3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        strings::getset,
    ),
    command("hdel", -3, WRITE | FAST, (1, 1, 1), hashes::hdel),
    command(
        "hello",
        -1,
        NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY,
        (0, 0, 0),
        server::hello,
    ),
    command("hexists", 3, READONLY | FAST, (1, 1, 1), hashes::hexists),
    command("hget", 3, READONLY | FAST, (1, 1, 1), hashes::hget),
    command("hgetall", 2, READONLY, (1, 1, 1), hashes::hgetall),
    command(
        "hincrby",
        4,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        hashes::hincrby,
    ),
    command(
        "hincrbyfloat",
        4,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        hashes::hincrbyfloat,
    ),
    command("hkeys", 2, READONLY, (1, 1, 1), hashes::hkeys),
    command("hlen", 2, READONLY | FAST, (1, 1, 1), hashes::hlen),
    command("hmget", -3, READONLY | FAST, (1, 1, 1), hashes::hmget),
    command(
        "hmset",
        -4,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        hashes::hmset,
    ),
    command("hrandfield", -2, READONLY, (1, 1, 1), hashes::hrandfield),
    command("hscan", -3, READONLY, (1, 1, 1), scan::hscan),
    command("hset", -4, WRITE | DENYOOM | FAST, (1, 1, 1), hashes::hset),
    command(
        "hsetnx",
        4,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        hashes::hsetnx,
    ),
    command("hstrlen", 3, READONLY | FAST, (1, 1, 1), hashes::hstrlen),
    command("hvals", 2, READONLY, (1, 1, 1), hashes::hvals),
    command("incr", 2, WRITE | DENYOOM | FAST, (1, 1, 1), strings::incr),
    command(
        "incrby",
        3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        strings::incrby,
    ),
    command(
        "incrbyfloat",
        3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        strings::incrbyfloat,
    ),
    command("keys", 2, READONLY, (0, 0, 0), scan::keys),
    command("lcs", -3, READONLY, (1, 2, 1), lcs::lcs),
    command("lindex", 3, READONLY, (1, 1, 1), lists::lindex),
    command("linsert", 5, WRITE | DENYOOM, (1, 1, 1), lists::linsert),
    command("llen", 2, READONLY | FAST, (1, 1, 1), lists::llen),
    command("lmove", 5, WRITE | DENYOOM, (1, 2, 1), lists::lmove),
    command("lmpop", -4, WRITE | MOVABLEKEYS, (0, 0, 0), lists::lmpop),
    command("lpop", -2, WRITE | FAST, (1, 1, 1), lists::lpop),
    command("lpos", -3, READONLY, (1, 1, 1), lists::lpos),
    command("lpush", -3, WRITE | DENYOOM | FAST, (1, 1, 1), lists::lpush),
    command(
        "lpushx",
        -3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        lists::lpushx,
    ),
    command("lrange", 4, READONLY, (1, 1, 1), lists::lrange),
    command("lrem", 4, WRITE, (1, 1, 1), lists::lrem),
    command("lset", 4, WRITE | DENYOOM, (1, 1, 1), lists::lset),
    command("ltrim", 4, WRITE, (1, 1, 1), lists::ltrim),
    command("mget", -2, READONLY | FAST, (1, -1, 1), strings::mget),
    command("move", 3, WRITE | FAST, (1, 1, 1), keys::move_key),
    command("mset", -3, WRITE | DENYOOM, (1, -1, 2), strings::mset),
    command("msetnx", -3, WRITE | DENYOOM, (1, -1, 2), strings::msetnx),
    scripting("multi", 1, TRANSACTION),
    container("object", -2, scan::object, OBJECT_SUBCOMMANDS),
    command("persist", 2, WRITE | FAST, (1, 1, 1), keys::persist),
    command("pexpire", -3, WRITE | FAST, (1, 1, 1), keys::pexpire),
    command("pexpireat", -3, WRITE | FAST, (1, 1, 1), keys::pexpireat),
    command(
        "pexpiretime",
        2,
        READONLY | FAST,
        (1, 1, 1),
        keys::pexpiretime,
    ),
    command(
        "pfadd",
        -2,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        hyperloglog::pfadd,
    ),
    command(
        "pfcount",
        -2,
        READONLY | MAY_REPLICATE,
        (1, -1, 1),
        hyperloglog::pfcount,
    ),
    command(
        "pfdebug",
        3,
        WRITE | DENYOOM | ADMIN,
        (2, 2, 1),
        hyperloglog::pfdebug,
    ),
    command(
        "pfmerge",
        -2,
        WRITE | DENYOOM,
        (1, -1, 1),
        hyperloglog::pfmerge,
    ),
    command("pfselftest", 1, ADMIN, (0, 0, 0), hyperloglog::pfselftest),
    command("ping", -1, FAST, (0, 0, 0), server::ping),
    command("psetex", 4, WRITE | DENYOOM, (1, 1, 1), strings::psetex),
    command("pttl", 2, READONLY | FAST, (1, 1, 1), keys::pttl),
    command(
        "publish",
        3,
        PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE,
        (0, 0, 0),
        server::publish,
    ),
    scripting("quit", -1, CONNECTION),
    command("randomkey", 1, READONLY, (0, 0, 0), scan::randomkey),
    command("rename", 3, WRITE, (1, 2, 1), keys::rename),
    command("renamenx", 3, WRITE | FAST, (1, 2, 1), keys::renamenx),
    scripting("reset", 1, CONNECTION),
    command("rpop", -2, WRITE | FAST, (1, 1, 1), lists::rpop),
    command("rpoplpush", 3, WRITE | DENYOOM, (1, 2, 1), lists::rpoplpush),
    command("rpush", -3, WRITE | DENYOOM | FAST, (1, 1, 1), lists::rpush),
    command(
        "rpushx",
        -3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        lists::rpushx,
    ),
    command("sadd", -3, WRITE | DENYOOM | FAST, (1, 1, 1), sets::sadd),
    command("scan", -2, READONLY, (0, 0, 0), scan::scan),
    command("scard", 2, READONLY | FAST, (1, 1, 1), sets::scard),
    scripting_container("script", SCRIPT_SUBCOMMANDS),
    command("sdiff", -2, READONLY, (1, -1, 1), sets::sdiff),
    command(
        "sdiffstore",
        -3,
        WRITE | DENYOOM,
        (1, -1, 1),
        sets::sdiffstore,
    ),
    command(
        "select",
        2,
        LOADING | STALE | FAST,
        (0, 0, 0),
        server::select,
    ),
    command("set", -3, WRITE | DENYOOM, (1, 1, 1), strings::set),
    command("setbit", 4, WRITE | DENYOOM, (1, 1, 1), bits::setbit),
    command("setex", 4, WRITE | DENYOOM, (1, 1, 1), strings::setex),
    command(
        "setnx",
        3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        strings::setnx,
    ),
    command("setrange", 4, WRITE | DENYOOM, (1, 1, 1), strings::setrange),
    command("sinter", -2, READONLY, (1, -1, 1), sets::sinter),
    command(
        "sintercard",
        -3,
        READONLY | MOVABLEKEYS,
        (0, 0, 0),
        sets::sintercard,
    ),
    command(
        "sinterstore",
        -3,
        WRITE | DENYOOM,
        (1, -1, 1),
        sets::sinterstore,
    ),
    command("sismember", 3, READONLY | FAST, (1, 1, 1), sets::sismember),
    command("smembers", 2, READONLY, (1, 1, 1), sets::smembers),
    command(
        "smismember",
        -3,
        READONLY | FAST,
        (1, 1, 1),
        sets::smismember,
    ),
    command("smove", 4, WRITE | FAST, (1, 2, 1), sets::smove),
    command(
        "sort",
        -2,
        WRITE | DENYOOM | MOVABLEKEYS,
        (1, 1, 1),
        sort::sort,
    ),
    command(
        "sort_ro",
        -2,
        READONLY | MOVABLEKEYS,
        (1, 1, 1),
        sort::sort_ro,
    ),
    command("spop", -2, WRITE | FAST, (1, 1, 1), sets::spop),
    command(
        "spublish",
        3,
        PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE,
        (1, 1, 1),
        server::publish,
    ),
    command("srandmember", -2, READONLY, (1, 1, 1), sets::srandmember),
    command("srem", -3, WRITE | FAST, (1, 1, 1), sets::srem),
    command("sscan", -3, READONLY, (1, 1, 1), scan::sscan),
    command("strlen", 2, READONLY | FAST, (1, 1, 1), strings::strlen),
    command("substr", 4, READONLY, (1, 1, 1), strings::getrange),
    command("sunion", -2, READONLY, (1, -1, 1), sets::sunion),
    command(
        "sunionstore",
        -3,
        WRITE | DENYOOM,
        (1, -1, 1),
        sets::sunionstore,
    ),
    command("swapdb", 3, WRITE | FAST, (0, 0, 0), server::swapdb),
    command("time", 1, LOADING | STALE | FAST, (0, 0, 0), server::time),
    command("touch", -2, READONLY | FAST, (1, -1, 1), keys::touch),
    command("ttl", 2, READONLY | FAST, (1, 1, 1), keys::ttl),
    command("type", 2, READONLY | FAST, (1, 1, 1), keys::type_of),
    command("unlink", -2, WRITE | FAST, (1, -1, 1), keys::del),
    scripting("unwatch", 1, TRANSACTION),
    Command {
        keys: (1, -1, 1),
        ..scripting("watch", -2, TRANSACTION)
    },
    command("xack", -4, WRITE | FAST, (1, 1, 1), stream_groups::xack),
    command("xadd", -5, WRITE | DENYOOM | FAST, (1, 1, 1), streams::xadd),
    command(
        "xautoclaim",
        -6,
        WRITE | FAST,
        (1, 1, 1),
        stream_groups::xautoclaim,
    ),
    command("xclaim", -6, WRITE | FAST, (1, 1, 1), stream_groups::xclaim),
    command("xdel", -3, WRITE | FAST, (1, 1, 1), streams::xdel),
    container("xgroup", -2, stream_groups::xgroup, XGROUP_SUBCOMMANDS),
    container("xinfo", -2, stream_info::xinfo, XINFO_SUBCOMMANDS),
    command("xlen", 2, READONLY | FAST, (1, 1, 1), streams::xlen),
    command("xpending", -3, READONLY, (1, 1, 1), stream_groups::xpending),
    command("xrange", -4, READONLY, (1, 1, 1), streams::xrange),
    command(
        "xread",
        -4,
        READONLY | BLOCKING | MOVABLEKEYS,
        (0, 0, 0),
        streams::xread,
    ),
    command(
        "xreadgroup",
        -7,
        WRITE | BLOCKING | MOVABLEKEYS,
        (0, 0, 0),
        stream_groups::xreadgroup,
    ),
    command("xrevrange", -4, READONLY, (1, 1, 1), streams::xrevrange),
    command(
        "xsetid",
        -3,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        streams::xsetid,
    ),
    command("xtrim", -4, WRITE, (1, 1, 1), streams::xtrim),
    command("zadd", -4, WRITE | DENYOOM | FAST, (1, 1, 1), zsets::zadd),
    command("zcard", 2, READONLY | FAST, (1, 1, 1), zsets::zcard),
    command("zcount", 4, READONLY | FAST, (1, 1, 1), zsets::zcount),
    command("zdiff", -3, READONLY | MOVABLEKEYS, (0, 0, 0), zsets::zdiff),
    command(
        "zdiffstore",
        -4,
        WRITE | DENYOOM | MOVABLEKEYS,
        (1, 1, 1),
        zsets::zdiffstore,
    ),
    command(
        "zincrby",
        4,
        WRITE | DENYOOM | FAST,
        (1, 1, 1),
        zsets::zincrby,
    ),
    command(
        "zinter",
        -3,
        READONLY | MOVABLEKEYS,
        (0, 0, 0),
        zsets::zinter,
    ),
    command(
        "zintercard",
        -3,
        READONLY | MOVABLEKEYS,
        (0, 0, 0),
        zsets::zintercard,
    ),
    command(
        "zinterstore",
        -4,
        WRITE | DENYOOM | MOVABLEKEYS,
        (1, 1, 1),
        zsets::zinterstore,
    ),
    command("zlexcount", 4, READONLY | FAST, (1, 1, 1), zsets::zlexcount),
    command("zmpop", -4, WRITE | MOVABLEKEYS, (0, 0, 0), zsets::zmpop),
    command("zmscore", -3, READONLY | FAST, (1, 1, 1), zsets::zmscore),
    command("zpopmax", -2, WRITE | FAST, (1, 1, 1), zsets::zpopmax),
    command("zpopmin", -2, WRITE | FAST, (1, 1, 1), zsets::zpopmin),
    command("zrandmember", -2, READONLY, (1, 1, 1), zsets::zrandmember),
    command("zrange", -4, READONLY, (1, 1, 1), zsets::zrange),
    command("zrangebylex", -4, READONLY, (1, 1, 1), zsets::zrangebylex),
    command(
        "zrangebyscore",
        -4,
        READONLY,
        (1, 1, 1),
        zsets::zrangebyscore,
    ),
    command(
        "zrangestore",
        -5,
        WRITE | DENYOOM,
        (1, 2, 1),
        zsets::zrangestore,
    ),
    command("zrank", 3, READONLY | FAST, (1, 1, 1), zsets::zrank),
    command("zrem", -3, WRITE | FAST, (1, 1, 1), zsets::zrem),
    command("zremrangebylex", 4, WRITE, (1, 1, 1), zsets::zremrangebylex),
    command(
        "zremrangebyrank",
        4,
        WRITE,
        (1, 1, 1),
        zsets::zremrangebyrank,
    ),
    command(
        "zremrangebyscore",
        4,
        WRITE,
        (1, 1, 1),
        zsets::zremrangebyscore,
    ),
    command("zrevrange", -4, READONLY, (1, 1, 1), zsets::zrevrange),
    command(
        "zrevrangebylex",
        -4,
        READONLY,
        (1, 1, 1),
        zsets::zrevrangebylex,
    ),
    command(
        "zrevrangebyscore",
        -4,
        READONLY,
        (1, 1, 1),
        zsets::zrevrangebyscore,
    ),
    command("zrevrank", 3, READONLY | FAST, (1, 1, 1), zsets::zrevrank),
    command("zscan", -3, READONLY, (1, 1, 1), scan::zscan),
    command("zscore", 3, READONLY | FAST, (1, 1, 1), zsets::zscore),
    command(
        "zunion",
        -3,
        READONLY | MOVABLEKEYS,
        (0, 0, 0),
        zsets::zunion,
    ),
    command(
        "zunionstore",
        -4,
        WRITE | DENYOOM | MOVABLEKEYS,
        (1, 1, 1),
        zsets::zunionstore,
    ),
];

/// The row for `args` (the command name first) after Redis's checks: an unknown name or a
/// wrong argument count gives Redis's error reply.
pub fn resolve(args: &[Vec<u8>]) -> Result<&'static Command, Reply> {
    let Some(name) = args.first() else {
        return Err(Reply::error("ERR empty command"));
    };
    let Some(command) = find(name) else {
        return Err(unknown_command(name, &args[1..]));
    };
    check_subcommand(command, args)?;
    if !command.accepts(args.len()) {
        return Err(Reply::error(&format!(
            "ERR wrong number of arguments for '{}' command",
            command.name
        )));
    }
    Ok(command)
}

/// For a container called with a subcommand: its row, once the name is known and the
/// argument count fits, else Redis's error; None for other calls.
pub fn check_subcommand(
    command: &Command,
    args: &[Vec<u8>],
) -> Result<Option<&'static Subcommand>, Reply> {
    match command.subcommand(args) {
        None => Ok(None),
        Some(None) => Err(Reply::error_format(
            &format!(
                "ERR unknown subcommand '{{}}'. Try {} HELP.",
                command.name.to_ascii_uppercase()
            ),
            &[&args[1][..args[1].len().min(128)]],
        )),
        Some(Some(sub)) if !arity_accepts(sub.arity, args.len()) => Err(Reply::error(&format!(
            "ERR wrong number of arguments for '{}|{}' command",
            command.name, sub.name
        ))),
        Some(Some(sub)) => Ok(Some(sub)),
    }
}

/// The subcommand a container's handler was called with (`container` as the table names
/// it), checked as `resolve` checks it, for handlers reached without `resolve`.
pub fn subcommand_of(container: &str, args: &[Vec<u8>]) -> Result<&'static str, Reply> {
    let command = find(container.as_bytes()).ok_or_else(|| unknown_command(&args[0], &[]))?;
    match check_subcommand(command, args)? {
        Some(sub) => Ok(sub.name),
        None => Err(Reply::error(&format!(
            "ERR wrong number of arguments for '{container}' command"
        ))),
    }
}

/// Redis's reply to an unknown command: the name and the first arguments, each cut at a NUL
/// byte as C's `%s` cuts them, the arguments quoted until 128 bytes of them are shown, and line
/// breaks turned into spaces as in every rejected command's error.
pub fn unknown_command(name: &[u8], rest: &[Vec<u8>]) -> Reply {
    const SHOWN: usize = 128;
    let c_string = |bytes: &[u8], limit: usize| -> Vec<u8> {
        bytes
            .iter()
            .take(limit)
            .take_while(|&&b| b != 0)
            .copied()
            .collect()
    };
    let mut shown = Vec::new();
    for arg in rest {
        if shown.len() >= SHOWN {
            break;
        }
        let room = SHOWN - shown.len();
        shown.push(b'\'');
        shown.extend(c_string(arg, room));
        shown.extend_from_slice(b"' ");
    }
    let mut message = b"ERR unknown command '".to_vec();
    message.extend(c_string(name, SHOWN));
    message.extend_from_slice(b"', with args beginning with: ");
    message.extend(shown);
    for b in &mut message {
        if *b == b'\r' || *b == b'\n' {
            *b = b' ';
        }
    }
    Reply::Error(message)
}

/// The command called `name` (any case).
pub fn find(name: &[u8]) -> Option<&'static Command> {
    static BY_NAME: OnceLock<HashMap<&'static [u8], &'static Command, Hasher>> = OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| COMMANDS.iter().map(|c| (c.name.as_bytes(), c)).collect());
    // No command name is longer than this; lower-casing into a fixed buffer keeps lookups
    // allocation-free.
    let mut lower = [0u8; 24];
    let folded = lower.get_mut(..name.len())?;
    for (to, from) in folded.iter_mut().zip(name) {
        *to = from.to_ascii_lowercase();
    }
    by_name.get(&*folded).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_lookups_ignore_case() {
        assert!(COMMANDS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(COMMANDS.iter().all(|c| c.name.len() <= 24));
        assert_eq!(
            find(b"ZRANGEBYSCORE").map(|c| c.name),
            Some("zrangebyscore")
        );
        assert!(find(b"nosuchcommand").is_none());
        assert!(find(&[b'a'; 100]).is_none());
    }
}
