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

/// The client id HELLO reports. The embedder is the keyspace's one client, and redis-server
/// 7.0 gives its first connection id 3 (ids 1 and 2 go to its two Lua clients).
pub const CLIENT_ID: i64 = 3;

/// HELLO [protover [AUTH username password] [SETNAME clientname]]: switches the client's
/// protocol and describes the server. Only the default user exists, and it has no password.
pub fn hello(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let mut version = None;
    if let Some(text) = args.get(1) {
        match super::number::parse_integer(text) {
            Some(v @ 2..=3) => version = Some(v as u8),
            Some(_) => return Reply::error("NOPROTO unsupported protocol version"),
            None => return Reply::error("ERR Protocol version is not an integer or out of range"),
        }
    }
    let mut user = None;
    let mut j = 2;
    while j < args.len() {
        let more = args.len() - 1 - j;
        let option = args[j].to_ascii_lowercase();
        if option == b"auth" && more >= 2 {
            user = Some(&args[j + 1]);
            j += 3;
        } else if option == b"setname" && more >= 1 {
            if args[j + 1].iter().any(|&b| !(b'!'..=b'~').contains(&b)) {
                return Reply::error(
                    "ERR Client names cannot contain spaces, newlines or special characters.",
                );
            }
            j += 2;
        } else {
            return Reply::error(&format!(
                "ERR Syntax error in HELLO option '{}'",
                String::from_utf8_lossy(&args[j])
            ));
        }
    }
    if user.is_some_and(|name| name.as_slice() != b"default") {
        return Reply::error("WRONGPASS invalid username-password pair or user is disabled.");
    }
    if let Some(version) = version {
        ks.resp = version;
    }
    let field = |name: &str| Reply::bulk(name.as_bytes());
    Reply::Map(vec![
        (field("server"), field("redis")),
        (field("version"), field("7.0.15")),
        (field("proto"), Reply::Integer(i64::from(ks.resp))),
        (field("id"), Reply::Integer(CLIENT_ID)),
        (field("mode"), field("standalone")),
        (field("role"), field("master")),
        (field("modules"), Reply::Array(Some(Vec::new()))),
    ])
}

/// CLUSTER: this server is a standalone one; its subcommands were checked before it runs.
pub fn cluster(_: &mut Keyspace, _: &[Vec<u8>]) -> Reply {
    Reply::error("ERR This instance has cluster support disabled")
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

/// PUBLISH / SPUBLISH channel message: this server has no subscribers, so nobody receives it.
pub fn publish(_: &mut Keyspace, _: &[Vec<u8>]) -> Reply {
    Reply::Integer(0)
}
