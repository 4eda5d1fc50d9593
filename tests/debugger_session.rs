//! The debug session engine (src/debugger/session.rs): stepping by instruction, line, over
//! and out, continuing to breakpoints, going back, and the snapshots it answers. The oracle
//! for how a script ends is EVAL on the in-memory server (itself checked against
//! redis-server 7.0.15 by the scripting goldens); line events are checked against lua5.1 by
//! tests/vm_line_events.rs.

use ferrous_lua::debugger::keyspace_diff::{diff, Change};
use ferrous_lua::debugger::replay::{Execution, Script};
use ferrous_lua::debugger::session::DebugSession;
use ferrous_lua::debugger::snapshot::{Snapshot, Status};
use ferrous_lua::keyspace::reply::Reply;
use ferrous_lua::scripting::environment::set_protected_global;
use ferrous_lua::scripting::server::Server;
use ferrous_lua::vm::state::{Args, LuaError, Outcome, Vm};

const NOW: i64 = 1_700_000_000_000;

fn words(items: &[&str]) -> Vec<Vec<u8>> {
    items.iter().map(|s| s.as_bytes().to_vec()).collect()
}

/// A server with a few keys, as the sessions start from.
fn server() -> Server {
    let mut server = Server::new(NOW);
    for line in [
        &["SET", "counter", "5"][..],
        &["SET", "text", "abc"],
        &["RPUSH", "list", "a", "b"],
    ] {
        server.execute(&words(line));
    }
    server
}

fn session(body: &str) -> DebugSession {
    DebugSession::on_server(
        &server(),
        body.as_bytes(),
        &words(&["counter", "fresh"]),
        &[],
    )
}

/// EVAL of `body` on the same server: its reply and the keyspace it leaves.
fn eval(body: &str, limit: Option<u64>) -> (Reply, Server) {
    let mut server = server();
    if let Some(limit) = limit {
        server.instruction_limit = limit;
    }
    let reply = server.execute(&words(&["EVAL", body, "2", "counter", "fresh"]));
    (reply, server)
}

/// Steps by line until the innermost frame is at `line`.
fn run_to_line(session: &mut DebugSession, line: i32) -> Snapshot {
    let mut snapshot = session.snapshot();
    for _ in 0..1000 {
        if snapshot.line == Some(line) || snapshot.status != Status::Paused {
            break;
        }
        snapshot = session.step_line();
    }
    assert_eq!(snapshot.line, Some(line), "never reached line {line}");
    snapshot
}

/// The register of the innermost frame named `name`, and its value.
fn local(snapshot: &Snapshot, name: &str) -> Option<String> {
    snapshot
        .frames
        .first()?
        .registers
        .iter()
        .find_map(|r| (r.name.as_deref() == Some(name)).then(|| r.value.clone()))
}

const DOUBLE: &str = "local function double(x)
  local y = x * 2
  return y
end
local a = double(1) + double(2)
local b = a + 1
return b";

#[test]
fn step_over_runs_through_calls() {
    let mut s = session(DOUBLE);
    run_to_line(&mut s, 5);
    let over = s.step_over();
    assert_eq!((over.line, over.frames.len()), (Some(6), 1));
    assert_eq!(local(&over, "a"), Some("6".into()));
    let mut s = session(DOUBLE);
    run_to_line(&mut s, 5);
    let into = s.step_line();
    assert_eq!((into.line, into.frames.len()), (Some(2), 2));
    assert_eq!(into.frames[0].function, "function 'double'");
    assert_eq!(into.frames[1].function, "main chunk");
    assert_eq!(into.frames[1].line, 5);
    assert_eq!(local(&into, "x"), Some("1".into()));
}

#[test]
fn step_out_returns_to_the_callers_next_line_event() {
    let mut s = session(DOUBLE);
    run_to_line(&mut s, 5);
    s.step_line();
    let out = s.step_out();
    // The second call on line 5 runs through; the caller's next event is line 6.
    assert_eq!((out.line, out.frames.len()), (Some(6), 1));
    assert_eq!(local(&out, "a"), Some("6".into()));
    let end = s.step_out();
    assert_eq!(end.status, Status::Finished);
    assert_eq!(end.reply, Some(Reply::Integer(7)));
}

#[test]
fn breakpoints_stop_continue_each_time_their_line_runs() {
    let body = "local n = 0\nfor i = 1, 3 do\n  n = n + i\nend\nreturn n";
    let mut s = session(body);
    s.set_breakpoints(&[3]);
    for i in 1..=3 {
        let stop = s.continue_();
        assert_eq!((stop.status, stop.line), (Status::Paused, Some(3)));
        assert_eq!(local(&stop, "i"), Some(i.to_string()));
        let names: Vec<_> = stop.frames[0]
            .registers
            .iter()
            .map(|r| r.name.as_deref())
            .collect();
        assert_eq!(
            names,
            [
                Some("n"),
                Some("(for index)"),
                Some("(for limit)"),
                Some("(for step)"),
                Some("i")
            ]
        );
    }
    let end = s.continue_();
    assert_eq!(
        (end.status, end.reply),
        (Status::Finished, Some(Reply::Integer(6)))
    );
}

#[test]
fn continue_without_breakpoints_runs_to_the_reply() {
    let body = "redis.call('INCR', KEYS[1])\nreturn {1, 'two', 3.5, redis.call('GET', KEYS[1])}";
    let mut s = session(body);
    let end = s.continue_();
    let (reply, after) = eval(body, None);
    assert_eq!(diff(&after.keyspace, s.keyspace()), []);
    assert_eq!(end.status, Status::Finished);
    assert_eq!(end.reply, Some(reply));
    assert_eq!(end.error, None);
    assert_eq!(end.frames, []);
    assert_eq!(end.changes_from_start.len(), 1);
    assert_eq!(end.changes_from_start[0].change, Change::Changed);
    assert_eq!(end.changes_from_start[0].key, "counter");
    assert_eq!(
        end.changes_from_start[0].after.as_deref(),
        Some("string: \"6\"")
    );
}

/// The texts the playground shows: EVAL's reply and each command's, as redis-cli prints them.
#[test]
fn reply_texts_are_what_redis_cli_prints_for_eval() {
    use ferrous_lua::keyspace::redis_cli::format_reply;
    let text = |reply: &Reply| String::from_utf8_lossy(&format_reply(reply)).into_owned();
    for body in [
        "return redis.call('SET', KEYS[2], 'v')",
        r"return {redis.call('PING'), redis.pcall('INCR', 'text'), {}, 'caf\195\169\0'}",
        "return redis.call('LRANGE', 'list', 0, -1)",
        "return nil",
        "local x = nil\nreturn x.y",
        "return 1 +",
    ] {
        let mut s = session(body);
        let end = s.continue_();
        let (reply, _) = eval(body, None);
        assert_eq!(end.reply_text, Some(text(&reply)), "{body}");
        // Each command the script ran, run again in order on the same server.
        let mut replayed = server();
        for command in &end.commands {
            let args: Vec<Vec<u8>> = command
                .args
                .iter()
                .map(|a| a.clone().into_bytes())
                .collect();
            assert_eq!(command.reply_text, text(&replayed.execute(&args)), "{body}");
        }
    }
    assert_eq!(session("return 1").snapshot().reply_text, None);
}

#[test]
fn errors_report_evals_error_text() {
    for body in [
        "local x = nil\nreturn x.y",
        "return redis.call('INCR', KEYS[1], 'extra')",
        "redis.call('INCR', 'text')",
        "error('boom')",
        "return 1 +",
    ] {
        let mut s = session(body);
        let end = s.continue_();
        let (reply, _) = eval(body, None);
        let Reply::Error(text) = reply else {
            panic!("{body}: EVAL did not fail");
        };
        assert_eq!(end.status, Status::Error, "{body}");
        assert_eq!(
            end.error.as_deref().map(str::as_bytes),
            Some(&text[..]),
            "{body}"
        );
        assert_eq!(end.reply, None);
    }
}

#[test]
fn the_instruction_budget_ends_a_session_as_it_ends_eval() {
    let body = "local n = 0\nwhile true do n = n + 1 end";
    let mut server = server();
    server.instruction_limit = 5_000;
    let mut s = DebugSession::on_server(&server, body.as_bytes(), &[], &[]);
    s.set_breakpoints(&[7]);
    let end = s.continue_();
    let (Reply::Error(text), _) = eval(body, Some(5_000)) else {
        panic!("EVAL did not fail");
    };
    assert_eq!(end.status, Status::Error);
    assert_eq!(end.step, 5_000);
    assert_eq!(end.error.as_deref().map(str::as_bytes), Some(&text[..]));
    assert_eq!(s.goto(4_999).status, Status::Paused);
    let again = s.step();
    assert_eq!((again.step, again.error), (5_000, end.error));
}

/// Each frame's `function_id` is its function's id in the script's listing: that listed
/// function starts on the frame's function's line and has the frame's line at its pc, and
/// every function is found, two defined on one line and a coroutine's included.
#[test]
fn frames_name_their_function_by_its_listing_id() {
    let body = "local f, g = function() return 1 end, function() return 2 end\n\
                local function outer()\n\
                  local co = coroutine.wrap(function() coroutine.yield(g()) end)\n\
                  return co() + f()\n\
                end\n\
                return outer()";
    let proto = ferrous_lua::compiler::loader::load(body.as_bytes(), b"@user_script", 1)
        .expect("the script compiles");
    let functions = ferrous_lua::compiler::listing::functions(&proto);
    let mut s = session(body);
    let mut snapshot = s.snapshot();
    let mut seen = std::collections::BTreeSet::new();
    while snapshot.status == Status::Paused {
        for frame in &snapshot.frames {
            let id = frame
                .function_id
                .expect("every frame runs a function of the script");
            let listed = &functions[id - 1];
            assert_eq!(listed.id, id);
            assert_eq!(listed.line_defined, frame.line_defined);
            assert_eq!(listed.instructions[frame.pc].line, frame.line);
            seen.insert(id);
        }
        snapshot = s.step();
    }
    assert_eq!(snapshot.status, Status::Finished);
    assert_eq!(seen, (1..=functions.len()).collect());
}

#[test]
fn registers_are_named_by_the_locals_live_at_the_pc() {
    let body = "local a = 1\nlocal t = {a, 'x'}\ndo local inner = 2 end\nlocal z = #t\nreturn z";
    let mut s = session(body);
    let at_2 = run_to_line(&mut s, 2);
    let names: Vec<_> = at_2.frames[0]
        .registers
        .iter()
        .map(|r| r.name.clone())
        .collect();
    assert_eq!(names[0].as_deref(), Some("a"));
    assert!(names[1..].iter().all(Option::is_none), "{names:?}");
    let at_4 = run_to_line(&mut s, 4);
    // `inner`'s scope has ended: register 2 holds a stale value, unnamed.
    let registers = &at_4.frames[0].registers;
    assert_eq!(registers[1].name.as_deref(), Some("t"));
    assert_eq!(registers[1].value, "{1, \"x\"}");
    assert_eq!(registers[2].name, None);
    assert_eq!(registers.len(), 4);
}

#[test]
fn values_are_shown_lua_like_within_limits() {
    let body = "local t = {1, 'two', k = true, ['a b'] = 3}
local cycle = {} cycle.self = cycle
local deep = {{{{{1}}}}}
local long = string.rep('x', 200)
local text = 'a\"b\\n\\0' .. 'c'
local many = {} for i = 1, 40 do many[i] = i end
return 0";
    let mut s = session(body);
    let end = run_to_line(&mut s, 7);
    let value = |name| local(&end, name).unwrap_or_default();
    assert_eq!(value("t"), "{1, \"two\", k = true, [\"a b\"] = 3}");
    let cycle = value("cycle");
    assert!(
        cycle.starts_with("{self = <cycle: table: 0x") && cycle.ends_with(">}"),
        "{cycle}"
    );
    assert_eq!(value("deep"), "{{{{...}}}}");
    assert_eq!(value("long"), format!("\"{}\"...", "x".repeat(80)));
    assert_eq!(value("text"), "\"a\\\"b\\n\\000c\"");
    assert!(value("many").ends_with("15, 16, ...}"), "{}", value("many"));
}

#[test]
fn upvalues_show_whether_they_are_open_or_closed() {
    let body = "local count = 0
local function inc() count = count + 1 return count end
local function make() local c = 10 return function() c = c + 1 return c end end
local f = make()
inc()
local r = f()
return r";
    let mut s = session(body);
    run_to_line(&mut s, 5);
    let in_inc = s.step_line();
    let upvalue = &in_inc.frames[0].upvalues[0];
    assert_eq!(in_inc.frames[0].function, "function 'inc'");
    assert_eq!(
        (
            upvalue.name.as_deref(),
            upvalue.value.as_str(),
            upvalue.open
        ),
        (Some("count"), "0", true)
    );
    run_to_line(&mut s, 6);
    let in_f = s.step_line();
    let upvalue = &in_f.frames[0].upvalues[0];
    assert_eq!(in_f.frames[0].function, "function 'f'");
    assert_eq!(
        (
            upvalue.name.as_deref(),
            upvalue.value.as_str(),
            upvalue.open
        ),
        (Some("c"), "10", false)
    );
}

#[test]
fn keyspace_changes_count_from_the_step_before_and_from_the_start() {
    let body = "redis.call('SET', KEYS[2], 'v')\nredis.call('INCR', KEYS[1])\nredis.call('DEL', 'list')\nreturn 1";
    let mut s = session(body);
    let at_2 = run_to_line(&mut s, 2);
    // Counted from where the last command (a line step from step 0) started.
    assert_eq!(at_2.changes_since, 0);
    assert_eq!(at_2.changes, at_2.changes_from_start);
    assert_eq!(at_2.changes_from_start.len(), 1);
    assert_eq!(at_2.changes_from_start[0].key, "fresh");
    assert_eq!(at_2.changes_from_start[0].change, Change::Added);
    let at_3 = s.step_line();
    assert_eq!(at_3.changes_since, at_2.step);
    assert_eq!(at_3.changes.len(), 1);
    assert_eq!(at_3.changes[0].key, "counter");
    assert_eq!(at_3.changes[0].before.as_deref(), Some("string: \"5\""));
    assert_eq!(at_3.changes[0].after.as_deref(), Some("string: \"6\""));
    let end = s.continue_();
    let removed = end
        .changes
        .iter()
        .find(|c| c.key == "list")
        .map(|c| c.change);
    assert_eq!(removed, Some(Change::Removed));
    assert_eq!(end.changes_from_start.len(), 3);
}

#[test]
fn going_past_either_end_stays_at_it() {
    let mut s = session("local a = 1\nreturn a");
    let start = s.snapshot();
    assert_eq!(s.back(), start);
    let end = s.goto(1_000);
    assert_eq!(end.status, Status::Finished);
    assert_eq!(s.step(), end);
    assert!(same_moment(&s.goto(end.step), &end));
    assert_eq!(s.goto(0), start);
}

/// What `redis.breakpoint()`'s native does in a session (the LDB layer adds it to the real
/// one): `Vm::request_break`, answering whether a session debugs.
fn request(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    let debugged = vm.request_break();
    vm.push(ferrous_lua::vm::value::Value::Boolean(debugged));
    Ok(Outcome::Return(1))
}

/// Gives scripts `stop()`, which requests a break as `redis.breakpoint()` does.
fn install_stop(vm: &mut Vm) -> Result<(), LuaError> {
    let stop = vm.native("stop", request).map_err(|e| vm.heap_error(e))?;
    set_protected_global(vm, "stop", stop)
}

fn stopping_script(body: &str) -> Script {
    Script {
        body: body.as_bytes().to_vec(),
        keys: Vec::new(),
        args: Vec::new(),
        keyspace: server().keyspace,
        rand: Default::default(),
        instruction_limit: 100_000,
        heap_limit: 1 << 26,
        prepare: Some(install_stop),
    }
}

const STOPS: &str = "local a = 1
stop() local b = 2
local c = 3
stop()
local d = 4
return a + b + c + d";

/// A break request stops a run right after the native (fast runs), or at the next line
/// event (runs with line events on).
#[test]
fn break_requests_stop_runs() {
    let script = stopping_script(STOPS);
    let mut fast = Execution::begin(&script).expect("a Lua state");
    assert!(fast.run_fast_to_break(u64::MAX));
    // LOADK, GETGLOBAL, CALL: stopped right after the call.
    assert_eq!(fast.step, 3);
    let mut tracked = Execution::begin(&script).expect("a Lua state");
    tracked.step_tracked();
    tracked.run_to_line_event(true, |vm| vm.break_requested);
    let frame = tracked.vm.thread.frames.last().expect("a frame");
    assert_eq!(frame.proto.proto.line_at(frame.pc), 3);
    assert_eq!(tracked.step, 4);
}

/// `continue_` stops at the line event after a break request (the rest of the line runs, as
/// after Redis's `redis.breakpoint()`), with or without breakpoints to watch.
#[test]
fn continue_stops_after_a_break_request() {
    for breakpoints in [&[][..], &[6]] {
        let mut s = DebugSession::new(stopping_script(STOPS));
        s.set_breakpoints(breakpoints);
        let first = s.continue_();
        assert_eq!((first.status, first.line), (Status::Paused, Some(3)));
        assert_eq!(local(&first, "b"), Some("2".into()));
        let second = s.continue_();
        assert_eq!((second.status, second.line), (Status::Paused, Some(5)));
        let last = s.continue_();
        if breakpoints.is_empty() {
            assert_eq!(last.reply, Some(Reply::Integer(10)));
        } else {
            assert_eq!(last.line, Some(6));
            assert_eq!(s.continue_().reply, Some(Reply::Integer(10)));
        }
        let mut fresh = DebugSession::new(stopping_script(STOPS));
        assert!(same_moment(&fresh.goto(first.step), &first));
        assert!(same_moment(&fresh.goto(second.step), &second));
    }
    // A request that an instruction step passes is dropped: every way to a step leaves the
    // same state.
    let mut s = DebugSession::new(stopping_script(STOPS));
    for _ in 0..4 {
        s.step();
    }
    assert_eq!(s.continue_().line, Some(5));
}

/// A seeded xorshift generator: the property tests' scripts and steps repeat run to run.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A small random script of loops, calls (Lua functions, closures with upvalues,
/// coroutines, pcall), locals, table and string operations, `redis.call` SET/INCR/GET and
/// `redis.log`; about one in four ends in an error.
fn random_script(seed: u64) -> String {
    let mut rng = Seeded(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut lines = vec![
        "local acc = 0".to_string(),
        "local t = {}".to_string(),
        "local function add(a, b)\n  local s = a + b\n  return s\nend".to_string(),
        "local function bump(n)\n  acc = acc + n\n  return acc\nend".to_string(),
    ];
    for i in 0..4 + rng.below(10) {
        lines.push(random_statement(&mut rng, i, 2));
    }
    lines.push(
        match rng.below(4) {
            0 => "redis.call('INCR', 'text')",
            1 => "return {acc % 1000, #t, redis.call('GET', KEYS[1])}",
            2 => "return t",
            _ => "return acc",
        }
        .to_string(),
    );
    lines.join("\n")
}

fn random_expression(rng: &mut Seeded) -> &'static str {
    rng.pick(&["acc", "3", "#t", "(acc % 7)", "add(1, 2)", "bump(1)", "-2"])
}

fn random_statement(rng: &mut Seeded, i: u64, depth: u32) -> String {
    let e = random_expression(rng);
    let inner = |rng: &mut Seeded| {
        if depth == 0 {
            format!("acc = acc + {}", random_expression(rng))
        } else {
            random_statement(rng, i, depth - 1)
        }
    };
    match rng.below(16) {
        0 => format!("local v{i} = {e}\nacc = acc + v{i}"),
        1 => format!("for i = 1, {} do\n  {}\nend", 1 + rng.below(6), inner(rng)),
        2 => format!(
            "local w{i} = 0\nwhile w{i} < {} do\n  w{i} = w{i} + 1\n  {}\nend",
            1 + rng.below(3),
            inner(rng)
        ),
        3 => format!("t[#t + 1] = {e}"),
        4 => format!("t.k{i} = {{{e}, acc}}"),
        5 => format!(
            "if acc % 2 == 0 then\n  {}\nelse\n  {}\nend",
            inner(rng),
            inner(rng)
        ),
        6 => format!("redis.call('SET', KEYS[2], {e})"),
        7 => "redis.call('INCR', KEYS[1])".to_string(),
        8 => "acc = acc + tonumber(redis.call('GET', KEYS[1]) or 0)".to_string(),
        9 => format!("acc = add(acc, {e})"),
        10 => "for _, v in ipairs(t) do acc = acc + (tonumber(v) or 1) end".to_string(),
        11 => format!("local f{i} = function(x) return x * 2 + acc end\nacc = f{i}({e}) % 100"),
        12 => format!(
            "local co{i} = coroutine.wrap(function()\n  for j = 1, 2 do coroutine.yield(j) end\nend)\nacc = acc + co{i}() + co{i}()"
        ),
        13 => format!("local ok{i} = pcall(function() error('x') end)\nt.ok{i} = ok{i}"),
        14 => format!("local s{i} = string.format('%d', acc % 10) .. 'x'\nt[#t + 1] = s{i}"),
        _ => "redis.log(redis.LOG_NOTICE, 'acc', acc)".to_string(),
    }
}

/// Every snapshot of a run, by step, taken one `step` at a time from the start; on the way,
/// `back` after each `step` must give the snapshot before it back.
fn stepped_snapshots(body: &str) -> Vec<Snapshot> {
    let mut s = session(body);
    let mut snapshots = vec![s.snapshot()];
    loop {
        let next = s.step();
        if next == *snapshots.last().expect("a snapshot") {
            return snapshots;
        }
        assert_eq!(next.step, snapshots.len() as u64, "{body}");
        if snapshots.len() % 7 == 3 {
            assert_eq!(s.back(), snapshots[snapshots.len() - 1], "back: {body}");
            assert_eq!(s.step(), next, "step after back: {body}");
        }
        snapshots.push(next);
        assert!(snapshots.len() < 20_000, "runaway: {body}");
    }
}

#[test]
fn goto_is_stepping_forward_and_back_undoes_a_step() {
    for seed in 1..=48 {
        let body = random_script(seed);
        let snapshots = stepped_snapshots(&body);
        let last = snapshots.len() as u64 - 1;
        let end = &snapshots[last as usize];
        let (reply, after) = eval(&body, None);
        assert_eq!(
            end.changes_from_start,
            diff(&server().keyspace, &after.keyspace)
        );
        match reply {
            Reply::Error(text) => {
                assert_eq!(end.error.as_deref().map(str::as_bytes), Some(&text[..]))
            }
            reply => assert_eq!(end.reply.as_ref(), Some(&reply), "{body}"),
        }
        let mut rng = Seeded(seed);
        let mut s = session(&body);
        // Checkpoints every few steps (thinned as they pile up) in half the sessions.
        if seed % 2 == 0 {
            s.set_checkpoint_spacing(1 + seed % 5);
        }
        for _ in 0..12 {
            let k = rng.below(last + 3);
            let expected = &snapshots[k.min(last) as usize];
            assert_eq!(&s.goto(k), expected, "goto({k}) of {body}");
        }
    }
}

/// Whether two snapshots show the same moment (the keyspace changes since the previous
/// command aside, which depend on where that command started).
fn same_moment(a: &Snapshot, b: &Snapshot) -> bool {
    let mut a = a.clone();
    a.changes_since = b.changes_since;
    a.changes = b.changes.clone();
    a == *b
}

/// Random commands on one session; each lands where going to its step from the start lands,
/// and a line step lands on the first line event after where it started.
#[test]
fn every_command_lands_on_a_moment_goto_reaches() {
    for seed in 1..=32 {
        let body = random_script(seed + 100);
        let mut reference = session(&body);
        // (step, line, frames) of every line event.
        let mut line_events = vec![];
        loop {
            let stop = reference.step_line();
            if stop.status != Status::Paused {
                break;
            }
            line_events.push((stop.step, stop.line.unwrap_or(0), stop.frames.len()));
        }
        let plain_calls = !body.contains("coroutine");
        let mut rng = Seeded(seed);
        let mut s = session(&body);
        if seed % 2 == 1 {
            s.set_checkpoint_spacing(1 + seed % 4);
        }
        let lines: Vec<i32> = (0..2).map(|_| 5 + rng.below(25) as i32).collect();
        s.set_breakpoints(&lines);
        for _ in 0..24 {
            let from = s.current_step();
            let depth = s.snapshot().frames.len();
            let command = rng.below(7);
            let landed = match command {
                0 => s.step(),
                1 => s.step_line(),
                2 => s.step_over(),
                3 => s.step_out(),
                4 => s.continue_(),
                5 => s.back(),
                _ => s.goto(rng.below(200)),
            };
            let there = reference.goto(landed.step);
            assert!(
                same_moment(&landed, &there),
                "command {command} from {from}: {landed:?} vs {there:?} in {body}"
            );
            // Where a line-stepping command must stop: the first line event after `from`
            // it accepts (over and out judged by call depth where no coroutine muddles it).
            let accepts = |line: i32, frames: usize| match command {
                1 => true,
                2 => frames <= depth || lines.contains(&line),
                3 => frames < depth || lines.contains(&line),
                _ => lines.contains(&line),
            };
            let judged = command == 1 || command == 4 || (plain_calls && matches!(command, 2 | 3));
            if judged && landed.status == Status::Paused {
                let next = line_events
                    .iter()
                    .find(|&&(step, line, frames)| step > from && accepts(line, frames));
                assert_eq!(
                    next.map(|e| e.0),
                    Some(landed.step),
                    "command {command} from {from} in {body}"
                );
            }
            // A step moves one instruction (or nothing, once ended); going back or to a step
            // lands exactly where stepping forward from the start lands.
            if (command == 0 && landed.step > from) || command >= 5 {
                assert_eq!(landed, there, "command {command} from {from} in {body}");
            }
        }
    }
}

#[test]
fn checkpoints_are_kept_as_runs_pass_them_and_thinned() {
    let body = "local n = 0\nfor i = 1, 500 do\n  n = n + i\nend\nreturn n";
    let mut s = session(body);
    s.set_checkpoint_spacing(10);
    let end = s.continue_();
    assert_eq!(end.reply, Some(Reply::Integer(125_250)));
    // 2000-odd steps at 10 apart would be 200 copies: thinned to 32 at most, spaced evenly.
    let steps = s.checkpoint_steps();
    assert!((16..=32).contains(&steps.len()), "{steps:?}");
    let spacing = steps[0];
    assert!(steps
        .iter()
        .enumerate()
        .all(|(i, &step)| step == spacing * (i as u64 + 1)));
    let mut fresh = session(body);
    for k in [end.step - 1, 1_000, spacing, spacing + 1, 3] {
        assert_eq!(s.goto(k), fresh.goto(k), "goto({k})");
    }
    // With no memory for copies, none is kept and going back replays from the start.
    s.set_checkpoint_memory(1);
    assert!(same_moment(&s.goto(end.step), &end));
    assert!(s.checkpoint_steps().is_empty());
    assert_eq!(s.goto(5), fresh.goto(5));
}

#[test]
fn stepping_over_a_coroutine_resume_stays_in_the_caller() {
    let body = "local co = coroutine.wrap(function(a)
  local b = coroutine.yield(a + 1)
  return b * 2
end)
local x = co(1)
local y = co(10)
return {x, y}";
    let mut s = session(body);
    run_to_line(&mut s, 5);
    let over = s.step_over();
    assert_eq!((over.line, over.frames.len()), (Some(6), 1));
    assert_eq!(local(&over, "x"), Some("2".into()));
    let into = s.step_line();
    // Inside the coroutine, which goes on from its yield on line 2 (no event for the rest of
    // that line, as lua5.1's hook has none); its resumer's frame comes after it.
    assert_eq!(into.line, Some(3));
    assert_eq!(into.frames.len(), 2);
    assert_eq!(into.frames[1].function, "main chunk");
    assert_eq!(into.frames[1].line, 6);
    let out = s.step_out();
    assert_eq!((out.line, out.frames.len()), (Some(7), 1));
    assert_eq!(local(&out, "y"), Some("20".into()));
}

#[test]
fn snapshots_serialize_as_the_javascript_contract_names_them() {
    let body = "redis.log(redis.LOG_WARNING, 'hi')\nlocal t = {1, 'a'}\nreturn {t[1], t[2], redis.call('GET', 'missing')}";
    let mut s = session(body);
    let paused = serde_json::to_value(run_to_line(&mut s, 2)).expect("json");
    assert_eq!(paused["status"], "paused");
    assert_eq!(paused["line"], 2);
    assert_eq!(paused["frames"][0]["function"], "main chunk");
    assert_eq!(paused["frames"][0]["registers"][0]["index"], 0);
    assert_eq!(paused["output"][0]["level"], "LOG_WARNING");
    assert_eq!(paused["output"][0]["text"], "hi");
    assert_eq!(paused["reply"], serde_json::Value::Null);
    let end = serde_json::to_value(s.continue_()).expect("json");
    assert_eq!(end["status"], "finished");
    // GET of a missing key is false in Lua, a nil bulk in the reply.
    assert_eq!(end["reply"], serde_json::json!([1, "a", null]));
    assert_eq!(end["changesFromStart"], serde_json::json!([]));
    let failed = serde_json::to_value(session("return redis.call('INCR', 'text')").continue_());
    let failed = failed.expect("json");
    assert_eq!(failed["status"], "error");
    assert!(failed["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("ERR value is not an integer")));
}

/// The words after CLOSURE that name its upvalues are part of it, as in lua5.1's VM: no
/// step stops on them (luac5.1 lists this main chunk as LOADK, LOADK, CLOSURE, MOVE, MOVE,
/// MOVE, TAILCALL, RETURN, RETURN).
#[test]
fn steps_pass_over_closure_upvalue_words() {
    let mut s = session("local a, b = 1, 2\nlocal f = function() return a + b end\nreturn f()");
    let mut stops = vec![];
    let mut snapshot = s.snapshot();
    while snapshot.status == Status::Paused {
        let frame = &snapshot.frames[0];
        stops.push((frame.function.clone(), frame.pc));
        snapshot = s.step();
    }
    let main = |pc| ("main chunk".to_string(), pc);
    let f = |pc| ("function <user_script:2>".to_string(), pc);
    assert_eq!(
        stops,
        [
            main(0),
            main(1),
            main(2),
            main(5),
            main(6),
            f(0),
            f(1),
            f(2),
            f(3)
        ]
    );
    assert_eq!(snapshot.reply, Some(Reply::Integer(3)));
}

#[test]
fn breakpoints_past_the_end_and_deep_limits_are_harmless() {
    let body = "local t = {}\nfor i = 1, 100 do t = {t} end\nreturn #t";
    let mut s = session(body);
    s.set_breakpoints(&[i32::MAX, -1, 0, 1_000_000]);
    s.limits.depth = usize::MAX;
    s.limits.entries = usize::MAX;
    run_to_line(&mut s, 3);
    let nested = local(&s.snapshot(), "t").unwrap_or_default();
    // Cut at 32 levels whatever the limit asks.
    assert_eq!(
        nested,
        format!("{}{{...}}{}", "{".repeat(32), "}".repeat(32))
    );
    let end = s.continue_();
    assert_eq!(end.reply, Some(Reply::Integer(1)));
}

#[test]
fn keyspace_changes_show_every_type_and_expiry() {
    let body = "redis.call('RPUSH', 'l', 'a', 'b')
redis.call('HSET', 'h', 'f', 'v')
redis.call('SADD', 's', 'x')
redis.call('ZADD', 'z', 1.5, 'm')
redis.call('XADD', 'x', '1-1', 'f', 'v')
redis.call('SET', 'e', 'v', 'PX', 5000)
redis.call('RPUSH', 'list', 'c')
return 1";
    let end = session(body).continue_();
    let shown: Vec<(String, Change, Option<String>)> = end
        .changes_from_start
        .iter()
        .map(|c| (c.key.clone(), c.change, c.after.clone()))
        .collect();
    let expected = [
        (
            "e",
            Change::Added,
            format!("string: \"v\" (expires at {} ms)", NOW + 5000),
        ),
        ("h", Change::Added, "hash: [\"f\" \"v\"]".to_string()),
        ("l", Change::Added, "list: [\"a\", \"b\"]".to_string()),
        (
            "list",
            Change::Changed,
            "list: [\"a\", \"b\", \"c\"]".to_string(),
        ),
        ("s", Change::Added, "set: [\"x\"]".to_string()),
        (
            "x",
            Change::Added,
            "stream: [1-1 {\"f\" \"v\"}]".to_string(),
        ),
        ("z", Change::Added, "zset: [\"m\" 1.5]".to_string()),
    ]
    .map(|(key, change, after)| (key.to_string(), change, Some(after)));
    assert_eq!(shown, expected);
}

/// A register's value as tests/debugger/session_locals/hook.lua shows a local: tables and
/// functions by their type (addresses differ), the rest as rendered.
fn as_hook_shows(value: &str) -> &str {
    if value.starts_with('{') || value.starts_with("<cycle") {
        "table"
    } else if value.starts_with("function: ") {
        "function"
    } else {
        value
    }
}

/// At every line event, the innermost frame's named registers are the locals lua5.1's
/// `debug.getlocal` gives there, in order and with their values; its upvalues are
/// `debug.getupvalue`'s; its name is the one lua5.1's traceback gives; the callers are at
/// their lines with their names, tail calls and natives marked (goldens from lua5.1 by
/// tests/debugger/session_locals/regenerate.sh, for that folder's programs and the line-event
/// programs).
#[test]
fn frames_show_what_lua_5_1_shows_at_every_line_event() {
    let folder = std::path::Path::new("tests/debugger/session_locals");
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).expect("folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if path.extension().and_then(|e| e.to_str()) != Some("locals") {
            continue;
        }
        let program = match name.strip_prefix("line-events-") {
            Some(rest) => folder.join(format!("../line_events/{rest}.lua")),
            None => folder.join(format!("{name}.lua")),
        };
        let body = std::fs::read_to_string(&program).expect("program");
        // Error messages name the chunk: `user_script` here, the file under lua5.1.
        let file = program.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let chunk = format!("{file}:");
        let expected = std::fs::read_to_string(&path).expect("golden");
        let mut s = session(&body);
        let mut seen = Vec::new();
        let mut snapshot = s.snapshot();
        while snapshot.status == Status::Paused {
            let frame = &snapshot.frames[0];
            let locals: Vec<String> = frame
                .registers
                .iter()
                .map_while(|r| {
                    let name = r.name.as_ref()?;
                    Some(format!("{name}={}", as_hook_shows(&r.value)))
                })
                .collect();
            let upvalues: Vec<String> = frame
                .upvalues
                .iter()
                .map(|u| {
                    let name = u.name.as_deref().unwrap_or("?");
                    format!("{name}={}", as_hook_shows(&u.value))
                })
                .collect();
            let mut callers: Vec<String> = Vec::new();
            let outermost = snapshot.frames.len() - 1;
            for (i, caller) in snapshot.frames.iter().enumerate() {
                if i > 0 {
                    callers.push(format!("{} {}", caller.line, caller.function));
                }
                for _ in 0..caller.tail_calls {
                    callers.push("(tail call)".to_string());
                }
                if caller.native_caller && i < outermost {
                    callers.push("[C]".to_string());
                }
            }
            let shown = format!(
                "{}:{}|{}|{}|{}",
                frame.line,
                locals.join(" "),
                upvalues.join(" "),
                frame.function,
                callers.join(", ")
            );
            seen.push(shown.replace("user_script:", &chunk));
            snapshot = s.step_line();
        }
        assert_eq!(snapshot.error, None, "{name}");
        let expected: Vec<&str> = expected.lines().collect();
        assert_eq!(seen, expected, "{name}");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} programs");
}

#[test]
fn snapshots_list_the_scripts_commands_and_debug_output_in_order() {
    let body = "redis.log(redis.LOG_WARNING, 'start')\nredis.call('SET', KEYS[2], 'v')\n\
                redis.debug('seen', 1, {2})\nlocal r = redis.pcall('INCR', KEYS[2])\n\
                return redis.call('GET', KEYS[2])";
    let mut s = session(body);
    let at_four = run_to_line(&mut s, 4);
    assert_eq!(at_four.commands.len(), 1);
    assert_eq!(at_four.commands[0].args, ["SET", "fresh", "v"]);
    assert_eq!(at_four.commands[0].reply, Reply::ok());
    let levels: Vec<_> = at_four.output.iter().map(|l| l.level.as_str()).collect();
    assert_eq!(levels, ["LOG_WARNING", "redis.debug"]);
    assert_eq!(at_four.output[1].text, "line 3: \"seen\", 1, {2}");
    let end = s.continue_();
    let replies: Vec<_> = end.commands.iter().map(|c| c.reply.clone()).collect();
    assert_eq!(
        replies,
        [
            Reply::ok(),
            Reply::error("ERR value is not an integer or out of range"),
            Reply::bulk(b"v")
        ]
    );
    // Going back keeps the record in step with the moment.
    let back = s.goto(at_four.step);
    assert_eq!(back.commands, at_four.commands);
    assert_eq!(back.output, at_four.output);
}

/// The real `redis.breakpoint()`: true under a session, which stops at the next line event.
#[test]
fn redis_breakpoint_stops_a_session_at_the_next_line() {
    let body = "local a = redis.breakpoint()\nlocal b = 2\nredis.breakpoint() local c = 3\nreturn {a, b, c}";
    let mut s = session(body);
    let first = s.continue_();
    assert_eq!((first.status, first.line), (Status::Paused, Some(2)));
    assert_eq!(local(&first, "a"), Some("true".into()));
    let second = s.continue_();
    assert_eq!((second.status, second.line), (Status::Paused, Some(4)));
    assert_eq!(local(&second, "c"), Some("3".into()));
    let end = s.continue_();
    let (reply, _) = eval(body, None);
    // Outside a debugger redis.breakpoint() is false (a nil bulk in the reply); in a
    // session it is true (1).
    let (two, three) = (Reply::Integer(2), Reply::Integer(3));
    let outside = vec![Reply::Bulk(None), two.clone(), three.clone()];
    assert_eq!(reply, Reply::Array(Some(outside)));
    let inside = vec![Reply::Integer(1), two, three];
    assert_eq!(end.reply, Some(Reply::Array(Some(inside))));
}
