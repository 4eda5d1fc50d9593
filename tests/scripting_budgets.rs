//! The sandbox's budgets, which Redis does not have (it lets a script run and allocate until
//! SCRIPT KILL): a script past its instruction or memory budget ends with an error reply, the
//! writes it made before stay (as a killed script's do in Redis), and the server goes on.

use ferrous_lua::keyspace::reply::Reply;
use ferrous_lua::scripting::server::Server;

fn run(server: &mut Server, words: &[&str]) -> Reply {
    let args: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
    server.execute(&args)
}

fn error_text(reply: Reply) -> String {
    match reply {
        Reply::Error(text) => String::from_utf8_lossy(&text).into_owned(),
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn a_runaway_script_stops_at_the_instruction_budget_and_keeps_its_writes() {
    let mut server = Server::new(1_700_000_000_000);
    server.instruction_limit = 100_000;
    let script = "redis.call('SET','a','1')\nwhile true do end";
    let text = error_text(run(&mut server, &["EVAL", script, "0"]));
    assert!(
        text.starts_with("ERR Script exceeded the limit of 100000 instructions script: "),
        "{text}"
    );
    assert!(text.ends_with(", on @user_script:2."), "{text}");
    assert_eq!(run(&mut server, &["GET", "a"]), Reply::bulk(b"1"));
    // pcall cannot catch the budget, and the state stays usable afterwards.
    let caught = "return pcall(function() while true do end end)";
    let text = error_text(run(&mut server, &["EVAL", caught, "0"]));
    assert!(text.contains("exceeded the limit"), "{text}");
    assert_eq!(
        run(&mut server, &["EVAL", "return ARGV[1]", "0", "x"]),
        Reply::bulk(b"x")
    );
}

#[test]
fn a_function_stops_at_the_instruction_budget_too() {
    let mut server = Server::new(1_700_000_000_000);
    server.instruction_limit = 100_000;
    let library = "#!lua name=spin\nredis.register_function('spin', function(keys, args)\n  \
                   redis.call('SET', keys[1], 'started')\n  while true do end\nend)";
    assert_eq!(
        run(&mut server, &["FUNCTION", "LOAD", library]),
        Reply::bulk(b"spin")
    );
    let text = error_text(run(&mut server, &["FCALL", "spin", "1", "k"]));
    assert_eq!(
        text,
        "ERR Script exceeded the limit of 100000 instructions script: spin, on @user_function:4."
    );
    assert_eq!(run(&mut server, &["GET", "k"]), Reply::bulk(b"started"));
}

#[test]
fn a_script_past_the_memory_budget_fails_and_its_memory_comes_back() {
    let mut server = Server::new(1_700_000_000_000);
    server.script_heap_limit = 16 << 20;
    let hog = "redis.call('SET','b','2')\nlocal t = {}\nfor i = 1, 1e8 do t[i] = i end";
    let text = error_text(run(&mut server, &["EVAL", hog, "0"]));
    assert!(text.starts_with("ERR not enough memory"), "{text}");
    assert_eq!(run(&mut server, &["GET", "b"]), Reply::bulk(b"2"));
    // The table is garbage now: a script needing a few megabytes runs.
    let modest = "local t = {} for i = 1, 100000 do t[i] = i end return #t";
    assert_eq!(
        run(&mut server, &["EVAL", modest, "0"]),
        Reply::Integer(100_000)
    );
}

#[test]
fn huge_strings_hit_the_memory_budget_not_the_machine() {
    let mut server = Server::new(1_700_000_000_000);
    server.script_heap_limit = 16 << 20;
    let text = error_text(run(
        &mut server,
        &["EVAL", "return string.rep('x', 2^30)", "0"],
    ));
    assert!(text.contains("not enough memory"), "{text}");
    let text = error_text(run(
        &mut server,
        &["EVAL", "local s = 'x' while true do s = s .. s end", "0"],
    ));
    assert!(text.contains("not enough memory"), "{text}");
    assert_eq!(
        run(&mut server, &["EVAL", "return 'still here'", "0"]),
        Reply::bulk(b"still here")
    );
}

#[test]
fn a_script_filling_the_keyspace_gets_redis_oom_error() {
    let mut server = Server::new(1_700_000_000_000);
    server.keyspace.memory_limit = 1 << 20;
    let filler = "local v = string.rep('x', 1000)\nfor i = 1, 1e6 do\n  \
                  redis.call('SET', 'k' .. i, v)\nend";
    let text = error_text(run(&mut server, &["EVAL", filler, "0"]));
    assert!(
        text.starts_with("OOM command not allowed when used memory > 'maxmemory'. script: "),
        "{text}"
    );
    assert!(text.ends_with(", on @user_script:3."), "{text}");
    let Reply::Integer(keys) = run(&mut server, &["DBSIZE"]) else {
        panic!("DBSIZE is an integer");
    };
    assert!((500..1100).contains(&keys), "{keys} keys of 1 kB in 1 MiB");
    assert_eq!(run(&mut server, &["FLUSHALL"]), Reply::ok());
    assert_eq!(run(&mut server, &["SET", "k", "v"]), Reply::ok());
}
