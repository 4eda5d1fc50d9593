//! Connection and server commands: PING ECHO SELECT DBSIZE FLUSHDB FLUSHALL.

use super::reply::{Reply, SYNTAX};
use super::Keyspace;

pub fn ping(_: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match args.len() {
        1 => Reply::Status(b"PONG".to_vec()),
        2 => Reply::bulk(&args[1]),
        _ => Reply::error("ERR wrong number of arguments for 'ping' command"),
    }
}

pub fn echo(_: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    Reply::bulk(&args[1])
}

pub fn select(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    match super::keys::database_index(&args[1], None) {
        Ok(index) => {
            ks.selected = index;
            Reply::ok()
        }
        Err(reply) => reply,
    }
}

pub fn dbsize(ks: &mut Keyspace, _: &[Vec<u8>]) -> Reply {
    let now = ks.now;
    Reply::Integer(ks.db().len(now) as i64)
}

/// The optional ASYNC/SYNC of the flush commands.
fn flush_mode_ok(args: &[Vec<u8>]) -> bool {
    match args.len() {
        1 => true,
        2 => {
            let mode = args[1].to_ascii_lowercase();
            mode == b"async" || mode == b"sync"
        }
        _ => false,
    }
}

pub fn flushdb(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if !flush_mode_ok(args) {
        return Reply::error(SYNTAX);
    }
    ks.db().clear();
    Reply::ok()
}

pub fn flushall(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if !flush_mode_ok(args) {
        return Reply::error(SYNTAX);
    }
    for db in &mut ks.dbs {
        db.clear();
    }
    Reply::ok()
}

/// SWAPDB index index: the two databases trade contents.
pub fn swapdb(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let first = match super::keys::database_index(&args[1], Some("ERR invalid first DB index")) {
        Ok(i) => i,
        Err(reply) => return reply,
    };
    let second = match super::keys::database_index(&args[2], Some("ERR invalid second DB index")) {
        Ok(i) => i,
        Err(reply) => return reply,
    };
    ks.dbs.swap(first, second);
    Reply::ok()
}

/// TIME: the virtual clock as [seconds, microseconds].
pub fn time(ks: &mut Keyspace, _: &[Vec<u8>]) -> Reply {
    let (seconds, ms) = (ks.now.div_euclid(1000), ks.now.rem_euclid(1000));
    Reply::Array(Some(vec![
        Reply::bulk(seconds.to_string().as_bytes()),
        Reply::bulk((ms * 1000).to_string().as_bytes()),
    ]))
}

/// PUBLISH channel message: this server has no subscribers, so nobody receives it.
pub fn publish(_: &mut Keyspace, _: &[Vec<u8>]) -> Reply {
    Reply::Integer(0)
}
