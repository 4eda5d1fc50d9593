//! Redis's script libraries (`cjson`, `cmsgpack`, `bit`, `struct`) against redis-server
//! 7.0.15: every `tests/scripting/libs/cases/NAME.lua` runs on a VM with the standard library
//! and the four libraries, compiled as EVAL compiles it (chunk `@user_script`), and the string
//! it returns, printed as `redis-cli --no-raw` prints a reply, must equal `NAME.out` byte for
//! byte (regenerate with `tests/scripting/libs/regenerate.sh`).

mod common;

use ferrous_lua::compiler::compile;
use ferrous_lua::keyspace::redis_cli::format_reply;
use ferrous_lua::keyspace::reply::Reply;
use ferrous_lua::scripting::open_libraries;
use ferrous_lua::stdlib::new_vm;
use ferrous_lua::vm::value::Value;

/// At least this many case files must exist, so losing them fails the test.
const MIN_CASES: usize = 120;

/// What redis-cli prints for the case's script, or why it could not run.
fn run(source: &[u8]) -> Result<String, String> {
    let mut vm = new_vm(256 << 20).map_err(|_| "no VM".to_string())?;
    open_libraries(&mut vm).map_err(|_| "libraries do not open".to_string())?;
    let proto = compile(source, b"@user_script", 1)
        .map_err(|e| String::from_utf8_lossy(&e.message).into_owned())?;
    let main = vm.load_main(&proto).map_err(|e| format!("{e:?}"))?;
    let results = vm.call(main, &[]).map_err(|e| match e.value {
        Value::String(s) => format!("uncaught: {}", String::from_utf8_lossy(vm.heap.bytes_of(s))),
        other => format!("uncaught {}", other.type_name()),
    })?;
    let reply = match results.first() {
        Some(Value::String(s)) => Reply::Bulk(Some(vm.heap.bytes_of(*s).to_vec())),
        None | Some(Value::Nil) | Some(Value::Boolean(false)) => Reply::Bulk(None),
        Some(other) => return Err(format!("the case returned a {}", other.type_name())),
    };
    Ok(format_reply(&reply))
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
        let actual = run(&source).unwrap_or_else(|why| format!("({why})\n"));
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
