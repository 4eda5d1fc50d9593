//! The command table: each command's name, arity (negative: at least that many arguments,
//! the name included) and handler, as Redis 7.0's command table gives them.

use super::reply::Reply;
use super::{hashes, keys, lists, server, sets, strings, Keyspace};

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
    command("hdel", -3, hashes::hdel),
    command("hexists", 3, hashes::hexists),
    command("hget", 3, hashes::hget),
    command("hgetall", 2, hashes::hgetall),
    command("hincrby", 4, hashes::hincrby),
    command("hkeys", 2, hashes::hkeys),
    command("hlen", 2, hashes::hlen),
    command("hmget", -3, hashes::hmget),
    command("hmset", -4, hashes::hmset),
    command("hset", -4, hashes::hset),
    command("hsetnx", 4, hashes::hsetnx),
    command("hstrlen", 3, hashes::hstrlen),
    command("hvals", 2, hashes::hvals),
    command("lindex", 3, lists::lindex),
    command("linsert", 5, lists::linsert),
    command("llen", 2, lists::llen),
    command("lmove", 5, lists::lmove),
    command("lpop", -2, lists::lpop),
    command("lpush", -3, lists::lpush),
    command("lpushx", -3, lists::lpushx),
    command("lrange", 4, lists::lrange),
    command("lrem", 4, lists::lrem),
    command("lset", 4, lists::lset),
    command("ltrim", 4, lists::ltrim),
    command("rpop", -2, lists::rpop),
    command("rpoplpush", 3, lists::rpoplpush),
    command("rpush", -3, lists::rpush),
    command("rpushx", -3, lists::rpushx),
    command("incr", 2, strings::incr),
    command("incrby", 3, strings::incrby),
    command("mget", -2, strings::mget),
    command("mset", -3, strings::mset),
    command("persist", 2, keys::persist),
    command("pexpire", -3, keys::pexpire),
    command("ping", -1, server::ping),
    command("pttl", 2, keys::pttl),
    command("sadd", -3, sets::sadd),
    command("scard", 2, sets::scard),
    command("sdiff", -2, sets::sdiff),
    command("sdiffstore", -3, sets::sdiffstore),
    command("select", 2, server::select),
    command("set", -3, strings::set),
    command("setnx", 3, strings::setnx),
    command("sinter", -2, sets::sinter),
    command("sintercard", -3, sets::sintercard),
    command("sinterstore", -3, sets::sinterstore),
    command("sismember", 3, sets::sismember),
    command("smembers", 2, sets::smembers),
    command("smismember", -3, sets::smismember),
    command("smove", 4, sets::smove),
    command("spop", -2, sets::spop),
    command("srandmember", -2, sets::srandmember),
    command("srem", -3, sets::srem),
    command("strlen", 2, strings::strlen),
    command("sunion", -2, sets::sunion),
    command("sunionstore", -3, sets::sunionstore),
    command("ttl", 2, keys::ttl),
    command("type", 2, keys::type_of),
];

/// The command called `name` (any case).
pub fn find(name: &[u8]) -> Option<&'static Command> {
    COMMANDS
        .iter()
        .find(|c| c.name.as_bytes().eq_ignore_ascii_case(name))
}
