//! Ours: `back`, going to the previous stop. The run cannot be undone, so it is done again:
//! the script restarts from the state it started from (keyspace, random generator, log) and
//! runs without stopping until it has run as many instructions as it had at that stop. The
//! script's own work is deterministic, so it gets to the same place; what the debugger's
//! `eval` and `redis` commands changed on the way is not done again.

use super::{console, Session};
use crate::keyspace::Keyspace;
use crate::scripting::rand48::Rand48;
use crate::scripting::redis_api::ScriptContext;
use crate::vm::call::Run;
use crate::vm::state::{LuaError, Vm};
use crate::vm::value::Value;

/// Where a stop was: how far the script had run, and the counters of that moment.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    pub executed: u64,
    /// The stop was at a line event (delivered), not between two instructions.
    pub at_line_event: bool,
    pub hook_count: u64,
    pub budget: u64,
}

/// What the script started from.
pub struct Start {
    keyspace: Keyspace,
    rand: Rand48,
    log: usize,
}

impl Start {
    pub fn of(context: &ScriptContext) -> Start {
        Start {
            keyspace: context.keyspace.clone(),
            rand: context.rand,
            log: context.log.len(),
        }
    }
}

impl Session<'_> {
    /// Runs the script again from its start up to the stop before the current one, which
    /// the stop about to be made stands for again.
    pub(super) fn rewind(&mut self, vm: &mut Vm, function: Value) -> Result<(), LuaError> {
        self.stops.pop();
        let Some(target) = self.stops.pop() else {
            return Ok(());
        };
        vm.abandon();
        self.restart_context(vm);
        self.executed = 0;
        self.given = target.executed;
        let mut outcome = vm.start(function, &[], self.given);
        loop {
            match outcome {
                Ok(Run::Paused) => {
                    self.executed += self.given.saturating_sub(vm.fuel);
                    let remaining = target.executed.saturating_sub(self.executed);
                    if remaining > 0 {
                        self.given = remaining;
                    } else if target.at_line_event && !vm.at_line_event {
                        // One more resume delivers the line event without running anything.
                        self.given = 1;
                    } else {
                        break;
                    }
                    outcome = vm.resume(self.given);
                }
                Ok(Run::Finished(_)) => {
                    return Err(vm.error_value(b"the script ran differently when run again"))
                }
                Err(error) => return Err(error),
            }
        }
        self.hook_count = target.hook_count;
        self.budget = target.budget;
        if let Some(console) = console(vm) {
            console.logs.clear();
        }
        Ok(())
    }

    /// Puts the script's context back as it was when the script started.
    fn restart_context(&mut self, vm: &mut Vm) {
        let Some(start) = &self.start else {
            return;
        };
        let context = vm
            .embedder
            .as_mut()
            .and_then(|e| e.downcast_mut::<ScriptContext>());
        if let Some(context) = context {
            context.keyspace = start.keyspace.clone();
            context.rand = start.rand;
            context.log.truncate(start.log);
            context.resp = 2;
            context.wrote = false;
            if let Some(console) = context.console.as_mut() {
                console.step = false;
                console.lua_breakpoint = false;
            }
        }
    }
}
