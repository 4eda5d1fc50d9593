//! Commands per second through the in-process API (`Server::execute`): SET, GET, INCR, HSET
//! and ZADD on 100 000 keys, and EVALSHA of a rate limiter (INCR + EXPIRE). Prints one line
//! per command, `NAME ops/s`; `scripts/throughput.sh` runs it beside redis-benchmark.
//! Usage: `throughput [N [COMMAND...]]` (N operations each; by default every command).

use ferrous_lua::keyspace::reply::Reply;
use ferrous_lua::scripting::server::Server;
use std::time::Instant;

const KEYS: usize = 100_000;

/// Builds the i-th command of one benchmark line.
type CommandMaker<'a> = &'a dyn Fn(usize) -> Vec<Vec<u8>>;
const RATE_LIMITER: &str = "local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count";

fn words(parts: &[&str]) -> Vec<Vec<u8>> {
    parts.iter().map(|p| p.as_bytes().to_vec()).collect()
}

/// Commands made ahead of time and sent in turn, as a client cycles through its keys: a pool
/// twice the key range, so the harness's own memory stays small beside the server's.
const POOL: usize = 2 * KEYS;

/// Runs `make(i)` for `n` values of i (the pool repeating) and returns operations per second.
fn measure(server: &mut Server, n: usize, make: impl Fn(usize) -> Vec<Vec<u8>>) -> f64 {
    let commands: Vec<Vec<Vec<u8>>> = (0..n.min(POOL)).map(make).collect();
    let start = Instant::now();
    for command in commands.iter().cycle().take(n) {
        if let Reply::Error(e) = server.execute(command) {
            eprintln!("error: {}", String::from_utf8_lossy(&e));
            std::process::exit(1);
        }
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let chosen =
        |name: &str| args.len() < 2 || args[1..].iter().any(|a| a.eq_ignore_ascii_case(name));
    let mut server = Server::new(1_700_000_000_000);
    // Like redis-benchmark's -r: key numbers scattered over KEYS, not in order.
    let scatter = |i: usize| i.wrapping_mul(2_654_435_761) % KEYS;
    let key = |i: usize| format!("key:{:012}", scatter(i));
    let sha = match server.execute(&words(&["SCRIPT", "LOAD", RATE_LIMITER])) {
        Reply::Bulk(Some(sha)) => String::from_utf8_lossy(&sha).into_owned(),
        other => {
            eprintln!("SCRIPT LOAD failed: {other:?}");
            std::process::exit(1);
        }
    };
    let commands: [(&str, CommandMaker); 6] = [
        ("SET", &|i| words(&["SET", &key(i), "xxx"])),
        ("GET", &|i| words(&["GET", &key(i)])),
        ("INCR", &|i| {
            words(&["INCR", &format!("counter:{:012}", scatter(i))])
        }),
        ("HSET", &|i| words(&["HSET", "myhash", &key(i), "xxx"])),
        ("ZADD", &|i| {
            words(&["ZADD", "myzset", &scatter(i / 7).to_string(), &key(i)])
        }),
        ("EVALSHA", &|i| {
            words(&[
                "EVALSHA",
                &sha,
                "1",
                &format!("rate:{:012}", scatter(i)),
                "60",
            ])
        }),
    ];
    for (name, make) in commands {
        if chosen(name) {
            println!("{name} {:.0}", measure(&mut server, n, make));
        }
    }
}
