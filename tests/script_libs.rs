//! Redis's script libraries (`cjson`, `cmsgpack`, `bit`, `struct`) against redis-server
//! 7.0.15: every `tests/scripting/libs/cases/NAME.lua` runs as `EVAL <file> 0` on a fresh
//! server, and the reply, printed as `redis-cli --no-raw` prints it, must equal `NAME.out`
//! byte for byte (regenerate with `tests/scripting/libs/regenerate.sh`).

mod common;

use ferrous_lua::keyspace::redis_cli::format_reply;
use ferrous_lua::scripting::server::Server;

/// At least this many case files must exist, so losing them fails the test.
const MIN_CASES: usize = 120;

/// What redis-cli prints for `EVAL <source> 0`.
fn run(source: &[u8]) -> String {
    let reply = Server::new(0).execute(&[b"EVAL".to_vec(), source.to_vec(), b"0".to_vec()]);
    String::from_utf8_lossy(&format_reply(&reply)).into_owned()
}

#[test]
fn libraries_answer_as_redis_7_0_15() {
    let cases = common::files("tests/scripting/libs/cases", "lua");
    let mut failures = Vec::new();
    for case in &cases {
        let mut source = std::fs::read(case).expect("case");
        // The regeneration script passes the file through `$(cat ...)`, which drops trailing
        // newlines.
        while source.last() == Some(&b'\n') {
            source.pop();
        }
        let expected = std::fs::read(case.with_extension("out")).expect("golden output");
        let expected = String::from_utf8_lossy(&expected).into_owned();
        let actual = run(&source);
        if actual != expected {
            let name = case
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            failures.push(format!("{name}:\n{}", differences(&expected, &actual)));
        }
    }
    assert!(
        cases.len() >= MIN_CASES,
        "only {} case files (expected at least {MIN_CASES})",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The records (the case's lines, which redis-cli shows as `\n`) that differ.
fn differences(expected: &str, actual: &str) -> String {
    let theirs: Vec<&str> = expected.split("\\n").collect();
    let ours: Vec<&str> = actual.split("\\n").collect();
    let mut out = String::new();
    for i in 0..theirs.len().max(ours.len()) {
        let (a, b) = (theirs.get(i), ours.get(i));
        if a != b {
            out.push_str(&format!(
                "  redis: {}\n  ours:  {}\n",
                a.unwrap_or(&"-"),
                b.unwrap_or(&"-")
            ));
        }
    }
    out
}
