//! The command table: each command's name, arity (negative: at least that many arguments,
//! the name included) and handler, as Redis 7.0's command table gives them.

use super::reply::Reply;
use super::{keys, server, strings, Keyspace};

pub struct Command {
    pub name: &'static str,
    pub arity: i32,
    pub run: fn(&mut Keyspace, &[Vec<u8>]) -> Reply,
}

const fn command(
    name: &'static str,
    arity: i32,
    run: fn(&mut Keyspace, &[Vec<u8>]) -> Reply,
) -> Command {
    Command { name, arity, run }
}

pub const COMMANDS: &[Command] = &[
    command("append", 3, strings::append),
    command("dbsize", 1, server::dbsize),
    command("decr", 2, strings::decr),
    command("decrby", 3, strings::decrby),
    command("del", -2, keys::del),
    command("echo", 2, server::echo),
    command("exists", -2, keys::exists),
    command("expire", -3, keys::expire),
    command("flushall", -1, server::flushall),
    command("flushdb", -1, server::flushdb),
    command("get", 2, strings::get),
    command("getset", 3, strings::getset),
    command("incr", 2, strings::incr),
    command("incrby", 3, strings::incrby),
    command("mget", -2, strings::mget),
    command("mset", -3, strings::mset),
    command("persist", 2, keys::persist),
    command("pexpire", -3, keys::pexpire),
    command("ping", -1, server::ping),
    command("pttl", 2, keys::pttl),
    command("select", 2, server::select),
    command("set", -3, strings::set),
    command("setnx", 3, strings::setnx),
    command("strlen", 2, strings::strlen),
    command("ttl", 2, keys::ttl),
    command("type", 2, keys::type_of),
];

/// The command called `name` (any case).
pub fn find(name: &[u8]) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.name.as_bytes().eq_ignore_ascii_case(name))
}
