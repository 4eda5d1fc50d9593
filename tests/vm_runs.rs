//! The executor as its embedders use it: runs bounded by fuel that pause between
//! instructions and resume to the same result, runaway loops that stop when the fuel does,
//! and deep recursion that ends in Lua's `stack overflow` error instead of exhausting the
//! Rust stack.

use ferrous_lua::compiler::compile;
use ferrous_lua::stdlib::new_vm;
use ferrous_lua::vm::call::Run;
use ferrous_lua::vm::value::Value;

fn main_of(vm: &mut ferrous_lua::vm::state::Vm, source: &str) -> Value {
    let proto = compile(source.as_bytes(), b"=test", 1).expect("compiles");
    vm.load_main(&proto).expect("loads")
}

fn number(results: &[Value]) -> f64 {
    match results.first() {
        Some(Value::Number(n)) => *n,
        other => panic!("expected a number, got {other:?}"),
    }
}

#[test]
fn bounded_runs_pause_and_resume_to_the_same_result() {
    let mut vm = new_vm(1 << 26).expect("vm");
    let f = main_of(
        &mut vm,
        "local t = {} for i = 1, 1000 do t[i] = i * 2 end
         local s = 0 for _, v in ipairs(t) do s = s + v end
         local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
         return s + fib(15)",
    );
    let mut pauses = 0;
    let mut run = vm.start(f, &[], 97).expect("starts");
    let results = loop {
        match run {
            Run::Finished(results) => break results,
            Run::Paused => {
                pauses += 1;
                run = vm.resume(97).expect("resumes");
            }
        }
    };
    assert_eq!(number(&results), 1001000.0 + 610.0);
    assert!(pauses > 100, "only {pauses} pauses");
}

#[test]
fn a_runaway_loop_stops_when_the_fuel_does() {
    let mut vm = new_vm(1 << 26).expect("vm");
    let f = main_of(&mut vm, "local n = 0 while true do n = n + 1 end");
    assert!(matches!(vm.start(f, &[], 1_000_000), Ok(Run::Paused)));
    assert!(matches!(vm.resume(1_000_000), Ok(Run::Paused)));
}

#[test]
fn deep_recursion_is_a_lua_error() {
    let mut vm = new_vm(1 << 28).expect("vm");
    let f = main_of(
        &mut vm,
        "local function f(n) return 1 + f(n + 1) end
         local ok, message = pcall(f, 1)
         return message",
    );
    let results = vm.call(f, &[]).expect("runs");
    let Some(Value::String(s)) = results.first() else {
        panic!("expected a message");
    };
    // The exact text is checked against lua5.1 by the program corpus (tests/lua).
    assert!(vm.heap.bytes_of(*s).ends_with(b"stack overflow"));
}

#[test]
fn the_heap_limit_is_a_catchable_lua_error() {
    let mut vm = new_vm(4 << 20).expect("vm");
    let f = main_of(
        &mut vm,
        "local ok, message = pcall(function()
           local t = {}
           for i = 1, 1e7 do t[i] = {i} end
         end)
         collectgarbage()
         return ok, message, #string.rep('x', 10)",
    );
    let results = vm.call(f, &[]).expect("runs");
    assert!(matches!(results.first(), Some(Value::Boolean(false))));
    let Some(Value::String(s)) = results.get(1) else {
        panic!("expected a message, got {results:?}");
    };
    assert_eq!(vm.heap.bytes_of(*s), b"not enough memory");
    // After the failed allocation the VM goes on working.
    assert_eq!(number(&results[2..]), 10.0);
}

#[test]
fn garbage_is_collected_before_the_limit_is_reached() {
    let mut vm = new_vm(3 << 20).expect("vm");
    let f = main_of(
        &mut vm,
        "local n = 0
         for i = 1, 200000 do local t = {i, {i}, 'x' .. i} n = n + #t end
         return n",
    );
    let results = vm.call(f, &[]).expect("runs within 3 MiB");
    assert_eq!(number(&results), 600000.0);
}
