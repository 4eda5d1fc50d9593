//! The debug session's costs, measured natively (`cargo run --release --example
//! debug_session_figures`): going back one instruction at step 1 000 000 of a loop-heavy
//! script (issue 8's budget: under 50 ms), a snapshot of a frame with 200 registers (under
//! 1 ms), and a script run under a session without stops against EVAL (at most 1.5x).
//! Times are the best of several runs (the machine is shared: noise only adds), the runs
//! compared interleaved.

use ferrous_lua::debugger::session::DebugSession;
use ferrous_lua::scripting::server::Server;
use std::time::{Duration, Instant};

const LOOP: &str = "local acc = 0
local t = {}
for i = 1, 3000000 do
  acc = acc + i % 7
  if i % 1000 == 0 then t[#t + 1] = acc end
end
redis.call('SET', KEYS[1], acc)
return acc";

/// How long `f` takes, by the wall clock.
fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

/// The best of `runs` timings of `f`.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let (elapsed, value) = time(&mut f);
        best = best.min(elapsed);
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn session(body: &str) -> DebugSession {
    let server = Server::new(1_700_000_000_000);
    DebugSession::on_server(&server, body.as_bytes(), &[b"k".to_vec()], &[])
}

/// A loop of `redis.call`s: about one command every 8 instructions.
const COMMANDS: &str = "for i = 1, 300000 do
  redis.call('INCR', KEYS[1])
end
return redis.call('GET', KEYS[1])";

fn back_at_a_million(name: &str, body: &str) {
    let mut s = session(body);
    let (to, _) = best(1, || s.goto(1_000_000));
    let mut back = Duration::MAX;
    for _ in 0..5 {
        s.goto(1_000_000);
        let (elapsed, snapshot) = time(|| s.back());
        back = back.min(elapsed);
        assert_eq!(snapshot.step, 999_999);
    }
    println!(
        "back at step 1 000 000 of {name}: {:.2} ms (budget 50 ms; from the checkpoint before it); the first run there from the start: {:.2} ms",
        ms(back),
        ms(to)
    );
}

fn snapshot_of_200_registers() {
    let mut body = String::new();
    for i in 0..198 {
        let value = match i % 4 {
            0 => format!("{i}"),
            1 => format!("'text {i}'"),
            2 => format!("{{{i}, 'x', k = {i}}}"),
            _ => "true".to_string(),
        };
        body.push_str(&format!("local v{i} = {value}\n"));
    }
    // Two temporaries on top of 198 locals: 200 registers.
    body.push_str("return (v0 + v4) * (v8 + v12)\n");
    let mut s = session(&body);
    s.set_breakpoints(&[199]);
    let paused = s.continue_();
    let registers = paused.frames.first().map_or(0, |f| f.registers.len());
    let (time, _) = best(20, || s.snapshot());
    println!(
        "snapshot of a frame with {registers} registers: {:.3} ms (budget 1 ms)",
        ms(time)
    );
}

/// The process's CPU time (user and system) from Linux's /proc/self/stat, which other
/// processes on a busy machine do not inflate; in clock ticks (10 ms at the usual 100 Hz).
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

/// CPU milliseconds per run of `f`, over `runs` runs (None where /proc is missing).
fn cpu_ms_per_run<T>(runs: u32, mut f: impl FnMut() -> T) -> Option<f64> {
    let before = cpu_ticks()?;
    for _ in 0..runs {
        f();
    }
    Some((cpu_ticks()? - before) as f64 * 10.0 / f64::from(runs))
}

fn run_without_stops() {
    let plain = || {
        let mut server = Server::new(1_700_000_000_000);
        let words = [LOOP.as_bytes().to_vec(), b"1".to_vec(), b"k".to_vec()];
        server.execute(&[[b"EVAL".to_vec()].as_slice(), &words].concat())
    };
    let unwatched = || session(LOOP).continue_();
    let watched = || {
        let mut s = session(LOOP);
        s.set_breakpoints(&[100]);
        s.continue_()
    };
    assert_eq!(unwatched().reply, Some(plain()));
    let (mut plain_time, mut session_time, mut watched_time) =
        (Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..7 {
        plain_time = plain_time.min(time(plain).0);
        session_time = session_time.min(time(unwatched).0);
        watched_time = watched_time.min(time(watched).0);
    }
    println!(
        "run without stops, wall: EVAL {:.1} ms, session {:.1} ms ({:.2}x; budget 1.5x), with a breakpoint never reached {:.1} ms ({:.2}x)",
        ms(plain_time),
        ms(session_time),
        ms(session_time) / ms(plain_time),
        ms(watched_time),
        ms(watched_time) / ms(plain_time)
    );
    let cpu = (
        cpu_ms_per_run(15, plain),
        cpu_ms_per_run(15, unwatched),
        cpu_ms_per_run(15, watched),
    );
    if let (Some(plain), Some(unwatched), Some(watched)) = cpu {
        println!(
            "run without stops, CPU: EVAL {plain:.1} ms, session {unwatched:.1} ms ({:.2}x), with a breakpoint never reached {watched:.1} ms ({:.2}x)",
            unwatched / plain,
            watched / plain
        );
    }
}

fn snapshot_over_a_big_keyspace() {
    let mut server = Server::new(1_700_000_000_000);
    for i in 0..10_000 {
        let key = format!("key:{i}").into_bytes();
        server.execute(&[b"SET".to_vec(), key, b"value".to_vec()]);
    }
    let body = "redis.call('SET', 'key:1', 'changed')\nreturn 1";
    let mut s = DebugSession::on_server(&server, body.as_bytes(), &[], &[]);
    let (time, snapshot) = best(5, || s.snapshot());
    let (step_time, _) = best(3, || s.step());
    println!(
        "snapshot over a keyspace of 10 000 keys: {:.2} ms ({} changed); a step: {:.2} ms",
        ms(time),
        snapshot.changes_from_start.len(),
        ms(step_time)
    );
}

fn session_start() {
    let (time, _) = best(20, || session(LOOP));
    println!(
        "a session's start (a fresh Lua state, the script loaded, paused at step 0): {:.2} ms",
        ms(time)
    );
}

fn step_over_a_long_call() {
    let body = "local function work()
  local s = 0
  for i = 1, 1000000 do s = s + i end
  return s
end
local r = work()
return r";
    let (time, snapshot) = best(3, || {
        let mut s = session(body);
        s.set_breakpoints(&[6]);
        s.continue_();
        s.step_over()
    });
    println!(
        "step over a call running 2 000 000 instructions: {:.1} ms (session start and continue to it included; to step {})",
        ms(time),
        snapshot.step
    );
}

fn snapshot_of_a_deep_recursion() {
    let body = "local function down(n)
  if n == 0 then
    return 0
  end
  return 1 + down(n - 1)
end
return down(10000)";
    let mut s = session(body);
    s.set_breakpoints(&[3]);
    let deepest = s.continue_();
    let (time, _) = best(5, || s.snapshot());
    println!(
        "snapshot of a call stack {} frames deep: {:.2} ms",
        deepest.frames.len(),
        ms(time)
    );
}

fn main() {
    session_start();
    back_at_a_million("a loop", LOOP);
    back_at_a_million("a loop of INCRs", COMMANDS);
    snapshot_of_200_registers();
    snapshot_over_a_big_keyspace();
    snapshot_of_a_deep_recursion();
    run_without_stops();
    step_over_a_long_call();
}
