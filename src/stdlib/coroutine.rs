//! The coroutine library (lbaselib.c's coroutine part): `create resume yield status wrap
//! running`. Resuming and yielding are continuations of the VM, so a coroutine's Lua frames
//! simply stay in its own thread while it is suspended.

use crate::vm::function::{Function, NativeFunction};
use crate::vm::state::{Args, LuaError, Outcome, Thread, ThreadStatus, Vm};
use crate::vm::value::{ThreadRef, Value};

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let co = vm.heap.new_table(0, 8).map_err(|e| vm.heap_error(e))?;
    vm.register(
        co,
        &[
            ("create", create),
            ("resume", resume),
            ("running", running),
            ("status", status),
            ("wrap", wrap),
            ("yield", yield_),
        ],
    )?;
    let globals = vm.globals;
    vm.set_field(globals, "coroutine", Value::Table(co))
        .map_err(|e| vm.heap_error(e))
}

fn new_thread(vm: &mut Vm, args: Args) -> Result<ThreadRef, LuaError> {
    let f = vm.arg(args, 0);
    let is_lua = matches!(f, Value::Function(r) if matches!(vm.heap.function(r), Function::Lua(_)));
    if !is_lua {
        return Err(vm.arg_error(1, "Lua function expected"));
    }
    vm.heap.charge(200).map_err(|_| vm.memory_error())?;
    let thread = Thread {
        stack: vec![f],
        ..Thread::default()
    };
    Ok(ThreadRef(vm.heap.threads.insert(thread)))
}

fn create(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let co = new_thread(vm, args)?;
    vm.push(Value::Thread(co));
    Ok(Outcome::Return(1))
}

fn resume(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let Value::Thread(co) = vm.arg(args, 0) else {
        return Err(vm.arg_error(1, "coroutine expected"));
    };
    let rest = (1..args.count).map(|i| vm.arg(args, i)).collect();
    Ok(Outcome::Resume {
        co,
        args: rest,
        wrap: false,
    })
}

fn yield_(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let values: Vec<Value> = (0..args.count).map(|i| vm.arg(args, i)).collect();
    for v in &values {
        vm.push(*v);
    }
    Ok(Outcome::Yield(values.len()))
}

fn status(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let Value::Thread(co) = vm.arg(args, 0) else {
        return Err(vm.arg_error(1, "coroutine expected"));
    };
    let status = if co == vm.current {
        ThreadStatus::Running
    } else {
        vm.heap.threads.get(co.0).status
    };
    let name = match status {
        ThreadStatus::Fresh | ThreadStatus::Suspended => "suspended",
        ThreadStatus::Running => "running",
        ThreadStatus::Normal => "normal",
        ThreadStatus::Dead => "dead",
    };
    let s = vm.string(name.as_bytes())?;
    vm.push(s);
    Ok(Outcome::Return(1))
}

fn running(vm: &mut Vm, _: Args) -> Result<Outcome, LuaError> {
    let value = if vm.current == vm.main_thread {
        Value::Nil
    } else {
        Value::Thread(vm.current)
    };
    vm.push(value);
    Ok(Outcome::Return(1))
}

fn wrap(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let co = new_thread(vm, args)?;
    let env = vm.globals;
    let f = vm
        .heap
        .new_function(Function::Native(NativeFunction {
            function: wrapped,
            name: "wrap",
            upvalues: Box::new([Value::Thread(co)]),
            env,
        }))
        .map_err(|_| vm.memory_error())?;
    vm.push(Value::Function(f));
    Ok(Outcome::Return(1))
}

fn wrapped(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let co = match vm.heap.function(args.function) {
        Function::Native(n) => match n.upvalues.first() {
            Some(Value::Thread(co)) => *co,
            _ => return Ok(Outcome::Return(0)),
        },
        Function::Lua(_) => return Ok(Outcome::Return(0)),
    };
    let rest = (0..args.count).map(|i| vm.arg(args, i)).collect();
    Ok(Outcome::Resume {
        co,
        args: rest,
        wrap: true,
    })
}
