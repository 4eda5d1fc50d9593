//! Calling a function while a script is paused at a line, as LDB's `eval` and `redis`
//! commands call from inside Lua's hook: the call runs on top of the paused frames, without
//! line events (hooks do not fire inside a hook), and leaves the paused run as it was.

use crate::vm::call::Run;
use crate::vm::state::{LuaError, Vm};
use crate::vm::value::Value;

/// Calls `function` with `args` above the paused run of `vm`, running at most `fuel`
/// instructions, and returns its results or its error. Returns also how many instructions
/// it ran; None when the fuel ran out, the call then being dropped.
pub fn call(
    vm: &mut Vm,
    function: Value,
    args: &[Value],
    fuel: u64,
) -> (Option<Result<Vec<Value>, LuaError>>, u64) {
    let paused = Paused::set_aside(vm);
    let mut outcome = vm.start(function, args, fuel);
    let result = loop {
        match outcome {
            Ok(Run::Finished(values)) => break Some(Ok(values)),
            Err(error) => break Some(Err(error)),
            // Without line events, a pause is the fuel running out.
            Ok(Run::Paused) if vm.fuel == 0 => {
                vm.abandon();
                break None;
            }
            Ok(Run::Paused) => outcome = vm.resume(vm.fuel),
        }
    };
    let ran = fuel.saturating_sub(vm.fuel);
    paused.restore(vm);
    (result, ran)
}

/// The state of the paused run that a call made from the host would change.
struct Paused {
    host: Option<crate::vm::call::HostCall>,
    line_mark: Option<crate::vm::state::LineMark>,
    fuel: u64,
    at_line_event: bool,
    line_events: bool,
    caller_is_lua: bool,
    gc_threshold: usize,
    resumes: Vec<crate::vm::state::ResumeRecord>,
    protections: Vec<crate::vm::state::Protection>,
    c_calls: usize,
}

impl Paused {
    /// Takes the paused run's state out of `vm`, leaving it as between host calls. The
    /// collector waits meanwhile: the coroutine chain and the `pcall`s set aside are roots
    /// it would not see.
    fn set_aside(vm: &mut Vm) -> Paused {
        let paused = Paused {
            host: vm.host.take(),
            line_mark: vm.line_mark.take(),
            fuel: vm.fuel,
            at_line_event: vm.at_line_event,
            line_events: vm.line_events,
            caller_is_lua: vm.caller_is_lua,
            gc_threshold: vm.gc_threshold,
            resumes: std::mem::take(&mut vm.resumes),
            protections: std::mem::take(&mut vm.thread.protections),
            c_calls: vm.thread.c_calls,
        };
        vm.line_events = false;
        vm.gc_threshold = usize::MAX;
        paused
    }

    fn restore(self, vm: &mut Vm) {
        vm.host = self.host;
        vm.line_mark = self.line_mark;
        vm.fuel = self.fuel;
        vm.at_line_event = self.at_line_event;
        vm.line_events = self.line_events;
        vm.caller_is_lua = self.caller_is_lua;
        vm.gc_threshold = self.gc_threshold;
        vm.resumes = self.resumes;
        vm.thread.protections = self.protections;
        vm.thread.c_calls = self.c_calls;
    }
}
