//! Calls and returns (ldo.c's job, without its C recursion): entering a Lua function (fixed
//! parameters, varargs and 5.1's `arg` table), invoking natives and acting on what they ask
//! for, delivering results to whatever continuation the call was made with, and unwinding to
//! the innermost `pcall` when an error is raised.

use super::function::Function;
use super::metamethod::{handler, Event};
use super::state::{
    CallSite, Frame, LuaError, NativeContinuation, Outcome, Protection, ResumeRecord, Then,
    ThreadStatus, Vm, MAX_C_CALLS, MAX_LUA_CALLS,
};
use super::value::{FunctionRef, ThreadRef, Value};
use crate::compiler::instruction::Instruction;
use crate::compiler::proto::{VARARG_HAS_ARG, VARARG_NEEDS_ARG};

/// How execution goes on after a call or return was handled.
pub enum Flow {
    /// Keep running the top frame.
    Continue,
    /// The host's call finished with these results.
    Done(Vec<Value>),
    /// The fuel ran out between two instructions; `resume` goes on from there.
    Paused,
}

/// How far a bounded run got.
#[derive(Debug)]
pub enum Run {
    Finished(Vec<Value>),
    /// Out of fuel: call `resume` to go on.
    Paused,
}

/// The host call in progress: where its function sat and how many frames were below it.
#[derive(Debug, Clone, Copy)]
pub struct HostCall {
    pub func: usize,
    pub frames: usize,
}

impl Vm {
    /// Calls `function` with `args` from the host and runs it to completion.
    pub fn call(&mut self, function: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
        let mut run = self.start(function, args, u64::MAX)?;
        loop {
            match run {
                Run::Finished(results) => return Ok(results),
                Run::Paused => run = self.resume(u64::MAX)?,
            }
        }
    }

    /// Starts a host call of `function` with `args` and runs at most `fuel` instructions of
    /// it. A paused call goes on with `resume`; only one host call runs at a time.
    pub fn start(&mut self, function: Value, args: &[Value], fuel: u64) -> Result<Run, LuaError> {
        let host = HostCall {
            func: self.thread.stack.len(),
            frames: self.thread.frames.len(),
        };
        self.host = Some(host);
        self.fuel = fuel;
        self.line_mark = None;
        self.thread.stack.push(function);
        self.thread.stack.extend_from_slice(args);
        let site = CallSite {
            func: host.func,
            wanted: -1,
            then: Then::Host,
        };
        let flow = match self.call_value(host.func, args.len(), site, false) {
            Ok(flow) => Ok(flow),
            Err(error) => self.unwind(error, host.frames),
        };
        match flow {
            Ok(Flow::Continue) => self.resume(fuel),
            other => self.end_run(other),
        }
    }

    /// Runs at most `fuel` more instructions of the host call in progress.
    pub fn resume(&mut self, fuel: u64) -> Result<Run, LuaError> {
        let Some(host) = self.host else {
            return Ok(Run::Finished(Vec::new()));
        };
        self.fuel = fuel;
        self.at_line_event = false;
        loop {
            let flow = match self.execute() {
                Ok(flow) => Ok(flow),
                Err(error) => self.unwind(error, host.frames),
            };
            match flow {
                Ok(Flow::Continue) => {}
                other => return self.end_run(other),
            }
        }
    }

    /// Raises `error` in the paused host call where it stands, as a hook's `lua_error` does: the
    /// innermost `pcall` catches it, or it ends the call. Then runs at most `fuel` instructions.
    pub fn raise(&mut self, error: LuaError, fuel: u64) -> Result<Run, LuaError> {
        let Some(host) = self.host else {
            return Err(error);
        };
        self.fuel = fuel;
        self.at_line_event = false;
        // A pause comes before the instruction at `pc` is fetched; an error is placed at the
        // instruction fetched last.
        if let Some(frame) = self.thread.frames.last_mut() {
            frame.pc += 1;
        }
        // The line tracking of the paused frame goes with it.
        self.line_mark = None;
        match self.unwind(error, host.frames) {
            Ok(Flow::Continue) => self.resume(fuel),
            other => self.end_run(other),
        }
    }

    /// Drops a paused host call: its frames, protections and coroutine chain go away.
    pub fn abandon(&mut self) {
        self.line_mark = None;
        if let Some(host) = self.host.take() {
            while let Some(record) = self.resumes.pop() {
                self.thread.status = super::state::ThreadStatus::Dead;
                self.switch_to(record.resumer);
            }
            self.close_upvalues(host.func);
            self.thread.frames.truncate(host.frames);
            self.thread.protections.clear();
            self.thread.c_calls = 0;
            self.thread.stack.truncate(host.func);
            self.thread.status = super::state::ThreadStatus::Running;
        }
    }

    /// Turns a host call's flow into its result, tidying up when it ended.
    fn end_run(&mut self, flow: Result<Flow, LuaError>) -> Result<Run, LuaError> {
        let result = match flow {
            Ok(Flow::Paused) => return Ok(Run::Paused),
            Ok(Flow::Done(results)) => Ok(Run::Finished(results)),
            Ok(Flow::Continue) => Ok(Run::Finished(Vec::new())),
            Err(error) => Err(error),
        };
        if let Some(host) = self.host.take() {
            self.thread.stack.truncate(host.func);
        }
        result
    }

    /// Calls the value in stack slot `func` with the `nargs` values after it.
    pub fn call_value(
        &mut self,
        func: usize,
        nargs: usize,
        site: CallSite,
        from_lua: bool,
    ) -> Result<Flow, LuaError> {
        self.caller_is_lua = from_lua;
        // A safe point: the callee and its arguments are on the stack, the caller's pc saved.
        self.maybe_collect();
        // Each round unwraps one `__call` (adding an argument); a chain this long is a loop.
        for nargs in nargs..nargs + 100 {
            let callee = self.thread.stack.get(func).copied().unwrap_or_default();
            if let Value::Function(f) = callee {
                return match self.heap.function(f) {
                    Function::Lua(_) => {
                        self.enter_lua(f, func, nargs, site, 0)?;
                        Ok(Flow::Continue)
                    }
                    Function::Native(native) => {
                        let native = native.function;
                        self.thread.stack.truncate(func + 1 + nargs);
                        let saved = std::mem::replace(&mut self.caller_is_lua, from_lua);
                        let outcome = native(
                            self,
                            super::state::Args {
                                base: func + 1,
                                count: nargs,
                                function: f,
                            },
                        );
                        self.caller_is_lua = saved;
                        let outcome = outcome.map_err(|mut error| {
                            if error.native.is_none() {
                                error.native = Some(self.native_name().map(|(_, name)| name));
                            }
                            error
                        })?;
                        self.take_outcome(outcome, site)
                    }
                };
            }
            // Not a function: its `__call` handler is called with it as first argument.
            let call = handler(
                &self.heap,
                &self.names,
                self.string_metatable,
                &callee,
                Event::Call,
            );
            if !matches!(call, Value::Function(_)) {
                let message = format!("attempt to call a {} value", callee.type_name());
                return Err(self.runtime_error(&message));
            }
            self.thread.stack.truncate(func + 1 + nargs);
            self.thread.stack.insert(func, call);
        }
        Err(self.runtime_error("'__call' chain too long; possible loop"))
    }

    /// Pushes the frame of a Lua function called in slot `func` with `nargs` arguments.
    pub fn enter_lua(
        &mut self,
        closure: FunctionRef,
        func: usize,
        nargs: usize,
        site: CallSite,
        tail_calls: u32,
    ) -> Result<(), LuaError> {
        if self.thread.frames.len() >= MAX_LUA_CALLS {
            return Err(self.runtime_error("stack overflow"));
        }
        let Function::Lua(lua) = self.heap.function(closure) else {
            return Err(self.runtime_error("attempt to call a non-Lua function"));
        };
        let bound = lua.proto.clone();
        let proto = &bound.proto;
        let params = usize::from(proto.num_params);
        let stack = &mut self.thread.stack;
        stack.truncate(func + 1 + nargs);
        let base = if proto.vararg & super::super::compiler::proto::VARARG_IS_VARARG == 0 {
            // Extra arguments go; missing parameters and the other registers start nil.
            stack.truncate(func + 1 + params.min(nargs));
            func + 1
        } else {
            // 5.1's adjust_varargs: the fixed parameters move above the actual arguments,
            // leaving the extra ones (the varargs) below the new base.
            while stack.len() < func + 1 + params {
                stack.push(Value::Nil);
            }
            let actual = stack.len() - func - 1;
            let base = stack.len();
            for i in 0..params {
                let value = std::mem::take(&mut stack[func + 1 + i]);
                stack.push(value);
            }
            if proto.vararg & VARARG_NEEDS_ARG != 0 && proto.vararg & VARARG_HAS_ARG != 0 {
                let extra: Vec<Value> = stack[func + 1 + params..func + 1 + actual].to_vec();
                let arg = self.make_arg_table(&extra)?;
                self.thread.stack.push(arg);
            }
            base
        };
        let max = usize::from(proto.max_stack_size);
        self.thread.stack.resize(base + max, Value::Nil);
        self.thread.frames.push(Frame {
            closure,
            proto: bound,
            func,
            base,
            pc: 0,
            top: base,
            wanted: site.wanted,
            tail_calls,
            then: site.then,
        });
        debug_assert_eq!(site.func, func);
        Ok(())
    }

    /// The `arg` table of a 5.1 vararg function that uses it: the extra arguments and `n`.
    fn make_arg_table(&mut self, extra: &[Value]) -> Result<Value, LuaError> {
        let table = self
            .heap
            .new_table(extra.len(), 1)
            .map_err(|e| self.heap_error(e))?;
        for (i, value) in extra.iter().enumerate() {
            self.heap
                .table_set(table, Value::Number((i + 1) as f64), *value)
                .map_err(|e| self.heap_error(e))?;
        }
        let n = self.string(b"n")?;
        self.heap
            .table_set(table, n, Value::Number(extra.len() as f64))
            .map_err(|e| self.heap_error(e))?;
        Ok(Value::Table(table))
    }

    /// Acts on a native's outcome; `site` is where the native's own results go.
    pub fn take_outcome(&mut self, outcome: Outcome, site: CallSite) -> Result<Flow, LuaError> {
        match outcome {
            Outcome::Return(n) => {
                let first = self.thread.stack.len().saturating_sub(n);
                self.finish(site, first, n)
            }
            Outcome::Call {
                function,
                args,
                then,
            } => {
                self.enter_c_call()?;
                let func = self.thread.stack.len();
                self.thread.stack.push(function);
                self.thread.stack.extend_from_slice(&args);
                let inner = CallSite {
                    func,
                    wanted: -1,
                    then: Then::Native(Box::new(NativeContinuation {
                        resume: then,
                        site,
                        caller_is_lua: self.caller_is_lua,
                    })),
                };
                self.call_value(func, args.len(), inner, false)
            }
            Outcome::Resume { co, args, wrap } => self.resume_coroutine(co, args, wrap, site),
            Outcome::Yield(n) => self.yield_values(n, site),
            Outcome::Protected {
                function,
                args,
                handler,
                then,
            } => {
                self.enter_c_call()?;
                let func = self.thread.stack.len();
                let c_calls = self.thread.c_calls - 1;
                let site = match then {
                    None => site,
                    Some(resume) => {
                        // The native continues with the protected call's answer.
                        self.thread.c_calls += 1;
                        CallSite {
                            func,
                            wanted: -1,
                            then: Then::Native(Box::new(NativeContinuation {
                                resume,
                                site,
                                caller_is_lua: self.caller_is_lua,
                            })),
                        }
                    }
                };
                self.thread.protections.push(Protection {
                    frames: self.thread.frames.len(),
                    handling: false,
                    site,
                    handler,
                    c_calls,
                });
                self.thread.stack.push(function);
                self.thread.stack.extend_from_slice(&args);
                let inner = CallSite {
                    func,
                    wanted: -1,
                    then: Then::Protected,
                };
                self.call_value(func, args.len(), inner, false)
            }
        }
    }

    /// Counts a call made on behalf of native code (`C stack overflow` past the limit).
    fn enter_c_call(&mut self) -> Result<(), LuaError> {
        self.thread.c_calls += 1;
        if self.thread.c_calls >= MAX_C_CALLS {
            return Err(self.runtime_error("C stack overflow"));
        }
        Ok(())
    }

    /// Copies `n` results from `first` to `func` as `wanted` asks (nil-filled), records the
    /// top for an open count, and restores the calling frame's register window.
    pub fn place_results(&mut self, func: usize, wanted: i32, first: usize, n: usize) {
        let count = if wanted < 0 { n } else { wanted as usize };
        let stack = &mut self.thread.stack;
        if stack.len() < func + count {
            stack.resize(func + count, Value::Nil);
        }
        for i in 0..count {
            stack[func + i] = if i < n {
                stack.get(first + i).copied().unwrap_or_default()
            } else {
                Value::Nil
            };
        }
        if let Some(frame) = self.thread.frames.last_mut() {
            frame.top = func + count;
            let needed = frame.base + usize::from(frame.proto.proto.max_stack_size);
            let keep = if wanted < 0 {
                needed.max(func + count)
            } else {
                needed
            };
            self.thread.stack.truncate(keep);
            if self.thread.stack.len() < needed {
                self.thread.stack.resize(needed, Value::Nil);
            }
        }
    }

    /// The first of `n` results at `first`, or nil.
    fn first_result(&self, first: usize, n: usize) -> Value {
        if n > 0 {
            self.thread.stack.get(first).copied().unwrap_or_default()
        } else {
            Value::Nil
        }
    }

    /// Delivers the `n` results at `first` to `site`.
    pub fn finish(&mut self, site: CallSite, first: usize, n: usize) -> Result<Flow, LuaError> {
        match site.then {
            Then::Results => {
                self.place_results(site.func, site.wanted, first, n);
                Ok(Flow::Continue)
            }
            Then::ForIterator => {
                self.place_results(site.func, site.wanted, first, n);
                let control = self.first_result(site.func, 1);
                if !control.is_nil() {
                    self.thread.stack[site.func - 1] = control;
                }
                self.conditional_jump(!control.is_nil());
                Ok(Flow::Continue)
            }
            Then::Host => {
                let end = (first + n).min(self.thread.stack.len());
                let results = self.thread.stack[first.min(end)..end].to_vec();
                self.thread.stack.truncate(site.func);
                Ok(Flow::Done(results))
            }
            Then::Store(slot) => {
                self.thread.c_calls = self.thread.c_calls.saturating_sub(1);
                let value = self.first_result(first, n);
                self.restore_frame_stack();
                if let Some(cell) = self.thread.stack.get_mut(slot) {
                    *cell = value;
                }
                Ok(Flow::Continue)
            }
            Then::Compare { expect, negate } => {
                self.thread.c_calls = self.thread.c_calls.saturating_sub(1);
                let truth = self.first_result(first, n).is_truthy() != negate;
                self.restore_frame_stack();
                self.conditional_jump(truth == expect);
                Ok(Flow::Continue)
            }
            Then::Discard => {
                self.thread.c_calls = self.thread.c_calls.saturating_sub(1);
                self.restore_frame_stack();
                Ok(Flow::Continue)
            }
            Then::Protected => {
                self.thread.c_calls = self.thread.c_calls.saturating_sub(1);
                let Some(protection) = self.thread.protections.pop() else {
                    return Err(self.runtime_error("protected call lost its protection"));
                };
                let end = (first + n).min(self.thread.stack.len());
                let results: Vec<Value> = self.thread.stack[first.min(end)..end].to_vec();
                let site = protection.site;
                let stack = &mut self.thread.stack;
                stack.truncate(site.func);
                stack.push(Value::Boolean(true));
                stack.extend_from_slice(&results);
                let func = site.func;
                self.finish(site, func, n + 1)
            }
            Then::CoroutineEnd => {
                let end = (first + n).min(self.thread.stack.len());
                let results = self.thread.stack[first.min(end)..end].to_vec();
                self.thread.status = ThreadStatus::Dead;
                self.leave_coroutine(Ok(results))
            }
            Then::Handled => {
                let Some(protection) = self.thread.protections.pop() else {
                    return Err(self.runtime_error("error handler lost its protection"));
                };
                self.finish(protection.site, first, n)
            }
            Then::Native(continuation) => {
                let NativeContinuation {
                    resume,
                    site,
                    caller_is_lua,
                } = *continuation;
                self.thread.c_calls = self.thread.c_calls.saturating_sub(1);
                self.thread.stack.truncate(first + n);
                // The native goes on as it was called (for its error positions, and for any
                // further calls it asks for); Lua code sets this again when it runs.
                self.caller_is_lua = caller_is_lua;
                let outcome = (resume.step)(self, resume.state, n)?;
                self.take_outcome(outcome, site)
            }
            Then::Concat { start, slot, dest } => {
                self.thread.c_calls = self.thread.c_calls.saturating_sub(1);
                let value = self.first_result(first, n);
                self.restore_frame_stack();
                if let Some(cell) = self.thread.stack.get_mut(slot) {
                    *cell = value;
                }
                self.concat(start, slot, dest)
            }
        }
    }

    /// Brings the stack back to the top frame's register window after a call's results were
    /// consumed.
    fn restore_frame_stack(&mut self) {
        if let Some(frame) = self.thread.frames.last() {
            let needed = frame.base + usize::from(frame.proto.proto.max_stack_size);
            self.thread.stack.truncate(needed);
            self.thread.stack.resize(needed, Value::Nil);
        }
    }

    /// After a comparison: run the JMP that follows it when `taken`, else skip it.
    pub fn conditional_jump(&mut self, taken: bool) {
        let Some(frame) = self.thread.frames.last_mut() else {
            return;
        };
        if taken {
            if let Some(Instruction::Jmp { offset }) =
                frame.proto.proto.instructions.get(frame.pc).copied()
            {
                frame.pc = (frame.pc as i64 + 1 + i64::from(offset)) as usize;
                return;
            }
        }
        frame.pc += 1;
    }

    /// Unwinds to the innermost `pcall` above `host_frames`, which then returns
    /// `false, error`; without one, the error goes back to the host.
    pub fn unwind(&mut self, error: LuaError, host_frames: usize) -> Result<Flow, LuaError> {
        let in_coroutine = !self.resumes.is_empty();
        let protected = self
            .thread
            .protections
            .last()
            .is_some_and(|p| in_coroutine || p.frames >= host_frames);
        if !protected && in_coroutine {
            // The error ends the coroutine; its resumer hears of it.
            self.close_upvalues(0);
            self.thread.frames.clear();
            self.thread.status = ThreadStatus::Dead;
            // A wrapped coroutine's error is raised again in its resumer.
            return match self.leave_coroutine(Err(error)) {
                Err(error) => self.unwind(error, host_frames),
                flow => flow,
            };
        }
        if !protected {
            let mut error = error;
            error.traceback = self.traceback(error.native.as_ref(), host_frames);
            error.origin = self.thread.frames.get(host_frames..).and_then(|frames| {
                let frame = frames.last()?;
                let proto = &frame.proto.proto;
                Some((
                    proto.source.clone(),
                    proto.line_at(frame.pc.saturating_sub(1)),
                ))
            });
            self.close_upvalues(self.host_floor(host_frames));
            self.thread.frames.truncate(host_frames);
            return Err(error);
        }
        let Some(protection) = self.thread.protections.pop() else {
            return Err(error);
        };
        self.close_upvalues(protection.site.func);
        self.thread.frames.truncate(protection.frames);
        self.thread.c_calls = protection.c_calls;
        let site = protection.site;
        self.thread.stack.truncate(site.func);
        let value = if protection.handling {
            self.error_value(b"error in error handling").value
        } else {
            error.value
        };
        match protection.handler {
            Some(handler) if !protection.handling => {
                // xpcall: the handler's first result replaces the error value. While it runs,
                // an error in it ends the xpcall with `error in error handling`.
                let func = self.thread.stack.len();
                self.thread.stack.push(handler);
                self.thread.stack.push(value);
                let frames = self.thread.frames.len();
                let c_calls = self.thread.c_calls;
                self.thread.c_calls += 1;
                let inner = CallSite {
                    func,
                    wanted: 1,
                    then: Then::Native(Box::new(NativeContinuation {
                        resume: super::state::Resume {
                            step: handler_done,
                            state: super::state::ResumeState {
                                numbers: vec![func as i64],
                                ..Default::default()
                            },
                        },
                        site: CallSite {
                            func,
                            wanted: -1,
                            then: Then::Handled,
                        },
                        caller_is_lua: false,
                    })),
                };
                self.thread.protections.push(Protection {
                    frames,
                    handling: true,
                    site,
                    handler: None,
                    c_calls,
                });
                self.call_value(func, 1, inner, false)
            }
            _ => {
                self.thread.stack.push(Value::Boolean(false));
                self.thread.stack.push(value);
                self.finish(site, self.thread.stack.len() - 2, 2)
            }
        }
    }

    /// Swaps the running thread for `to` (whose state leaves its heap slot).
    fn switch_to(&mut self, to: ThreadRef) {
        let incoming = std::mem::take(self.heap.threads.get_mut(to.0));
        let outgoing = std::mem::replace(&mut self.thread, incoming);
        *self.heap.threads.get_mut(self.current.0) = outgoing;
        self.current = to;
    }

    /// `lua_resume`: runs coroutine `co` with `args` until it yields, returns or fails; the
    /// answer goes to `site`.
    fn resume_coroutine(
        &mut self,
        co: ThreadRef,
        args: Vec<Value>,
        wrap: bool,
        site: CallSite,
    ) -> Result<Flow, LuaError> {
        let status = if co == self.current {
            ThreadStatus::Running
        } else {
            self.heap.threads.get(co.0).status
        };
        let refused = match status {
            ThreadStatus::Fresh | ThreadStatus::Suspended => None,
            ThreadStatus::Dead => Some("cannot resume dead coroutine"),
            ThreadStatus::Running => Some("cannot resume running coroutine"),
            ThreadStatus::Normal => Some("cannot resume normal coroutine"),
        };
        if let Some(message) = refused {
            let message = self.error_value(message.as_bytes()).value;
            return self.answer_resume(site, wrap, Err(LuaError::new(message)));
        }
        if self.resumes.len() >= MAX_C_CALLS {
            let message = self.error_value(b"C stack overflow").value;
            return self.answer_resume(site, wrap, Err(LuaError::new(message)));
        }
        self.thread.status = ThreadStatus::Normal;
        self.resumes.push(ResumeRecord {
            resumer: self.current,
            site,
            wrap,
            caller_is_lua: self.caller_is_lua,
        });
        self.switch_to(co);
        let fresh = self.thread.status == ThreadStatus::Fresh;
        self.thread.status = ThreadStatus::Running;
        let first = self.thread.stack.len();
        self.thread.stack.extend_from_slice(&args);
        if fresh {
            let site = CallSite {
                func: 0,
                wanted: -1,
                then: Then::CoroutineEnd,
            };
            return match self.call_value(0, args.len(), site, false) {
                Ok(flow) => Ok(flow),
                Err(error) => self.unwind(error, 0),
            };
        }
        match self.thread.yield_site.take() {
            Some(site) => self.finish(site, first, args.len()),
            None => Ok(Flow::Continue),
        }
    }

    /// `coroutine.yield`: the last `n` stack values go back to the resumer.
    fn yield_values(&mut self, n: usize, site: CallSite) -> Result<Flow, LuaError> {
        // 5.1 has one message for both: the main thread's base is a C boundary too.
        if self.resumes.is_empty() || self.thread.c_calls > 0 {
            return Err(self.error_value(b"attempt to yield across metamethod/C-call boundary"));
        }
        let len = self.thread.stack.len();
        let values = self.thread.stack[len - n..].to_vec();
        self.thread.stack.truncate(len - n);
        self.thread.yield_site = Some(site);
        self.thread.status = ThreadStatus::Suspended;
        self.leave_coroutine(Ok(values))
    }

    /// Back to the resumer of the running coroutine, with its values or its error.
    fn leave_coroutine(&mut self, outcome: Result<Vec<Value>, LuaError>) -> Result<Flow, LuaError> {
        let Some(record) = self.resumes.pop() else {
            return Err(self.error_value(b"coroutine ended outside a resume"));
        };
        self.switch_to(record.resumer);
        self.thread.status = ThreadStatus::Running;
        self.caller_is_lua = record.caller_is_lua;
        self.answer_resume(record.site, record.wrap, outcome)
    }

    /// Delivers a resume's answer: `true, values` / `false, message`, or for a wrapped
    /// coroutine the values / the error (with the caller's position added to a message).
    fn answer_resume(
        &mut self,
        site: CallSite,
        wrap: bool,
        outcome: Result<Vec<Value>, LuaError>,
    ) -> Result<Flow, LuaError> {
        let first = self.thread.stack.len();
        match (outcome, wrap) {
            (Ok(values), false) => {
                self.thread.stack.push(Value::Boolean(true));
                self.thread.stack.extend_from_slice(&values);
                self.finish(site, first, values.len() + 1)
            }
            (Ok(values), true) => {
                self.thread.stack.extend_from_slice(&values);
                self.finish(site, first, values.len())
            }
            (Err(error), false) => {
                self.thread.stack.push(Value::Boolean(false));
                self.thread.stack.push(error.value);
                self.finish(site, first, 2)
            }
            (Err(error), true) => {
                let value = match error.value {
                    Value::String(_) | Value::Number(_) => {
                        let mut text = self.position();
                        text.extend_from_slice(&self.plain_text(&error.value));
                        self.string(&text)?
                    }
                    other => other,
                };
                Err(LuaError::new(value))
            }
        }
    }

    /// The lowest stack slot the frames above `host_frames` use.
    fn host_floor(&self, host_frames: usize) -> usize {
        self.thread
            .frames
            .get(host_frames)
            .map_or(self.thread.stack.len(), |f| f.func)
    }
}

/// xpcall's handler returned: the xpcall gives `false` and the handler's first result.
fn handler_done(
    vm: &mut Vm,
    state: super::state::ResumeState,
    n: usize,
) -> Result<Outcome, LuaError> {
    let value = vm.pop_first_result(n);
    let func = state.numbers.first().copied().unwrap_or(0) as usize;
    vm.thread.stack.truncate(func);
    vm.thread.stack.push(Value::Boolean(false));
    vm.thread.stack.push(value);
    Ok(Outcome::Return(2))
}
