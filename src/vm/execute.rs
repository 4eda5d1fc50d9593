//! The instruction loop (lvm.c's `luaV_execute`): runs the top frame's decoded instructions
//! until a call, a return or an error changes frames. Metamethods are calls like any other,
//! made with a continuation saying where their result goes, so nothing here recurses.

use super::arith::{arith, concat_piece, to_number, ArithOp};
use super::call::Flow;
use super::function::{Function, LuaClosure};
use super::heap::HeapError;
use super::metamethod::{handler, metatable_of, Event};
use super::state::{CallSite, LineMark, LuaError, Then, Vm};
use super::value::Value;
use crate::compiler::instruction::{Instruction, Rk};
use crate::compiler::opcode::{fb_to_int, FIELDS_PER_FLUSH};
use crate::compiler::symbolic::register_name;
use crate::compiler::{chunk_id, RUNTIME_ID_SIZE};

/// `a % b` as 5.1 computes it: `a - floor(a/b)*b`.
#[inline]
fn lua_mod(a: f64, b: f64) -> f64 {
    a - floor(a / b) * b
}

/// `floor`, exactly, without a libm call for the usual range (|q| < 2^52 converts through an
/// integer losslessly; anything else, NaN and infinities included, goes to libm).
#[inline]
fn floor(q: f64) -> f64 {
    if q.abs() < 4503599627370496.0 {
        let t = q as i64 as f64;
        if t > q {
            t - 1.0
        } else if t < q {
            t
        } else {
            // Integral already (this keeps -0 as -0, as floor does).
            q
        }
    } else {
        q.floor()
    }
}

/// `MAXTAGLOOP`: how many `__index`/`__newindex` tables a lookup may follow.
const MAX_TAG_LOOP: usize = 100;

/// What reading `t[k]` came to.
pub enum Lookup {
    Value(Value),
    /// Call this `__index` function with (object, key); its result is the value.
    Call(Value, Value, Value),
}

impl Vm {
    /// `luaG_runerror`: an error message with the position of the running Lua code.
    pub fn runtime_error(&mut self, message: &str) -> LuaError {
        let mut text = self.position();
        text.extend_from_slice(message.as_bytes());
        self.error_value(&text)
    }

    /// `chunk:line: ` of the top Lua frame (the caller, while a native runs), or nothing
    /// when a native called the native that raises the error.
    pub fn position(&self) -> Vec<u8> {
        if !self.caller_is_lua {
            return Vec::new();
        }
        let Some(frame) = self.thread.frames.last() else {
            return Vec::new();
        };
        let proto = &frame.proto.proto;
        let line = proto.line_at(frame.pc.saturating_sub(1));
        if line <= 0 {
            return Vec::new();
        }
        let mut text = chunk_id(&proto.source, RUNTIME_ID_SIZE);
        text.extend_from_slice(format!(":{line}: ").as_bytes());
        text
    }

    /// A heap error raised inside the C API on a native's behalf (`lua_rawset`,
    /// `lua_rawseti`): `luaG_runerror` from a C function gives no position.
    pub fn api_error(&mut self, error: HeapError) -> LuaError {
        match error {
            HeapError::Memory => self.memory_error(),
            HeapError::Table(e) => self.error_value(e.message().as_bytes()),
        }
    }

    pub fn heap_error(&mut self, error: HeapError) -> LuaError {
        match error {
            HeapError::Memory => self.memory_error(),
            HeapError::Table(e) => self.runtime_error(e.message()),
        }
    }

    /// `luaG_typeerror`: `attempt to <op> <kind> '<name>' (a <type> value)`, naming the
    /// value when it sits in register `reg` of the running function.
    pub fn type_error(&mut self, value: &Value, op: &str, reg: Option<usize>) -> LuaError {
        let named = reg.and_then(|reg| {
            let frame = self.thread.frames.last()?;
            let (kind, name) =
                register_name(&frame.proto.proto, frame.pc.saturating_sub(1), reg as u32)?;
            Some(format!(
                "attempt to {op} {} '{}' (a {} value)",
                kind.as_str(),
                String::from_utf8_lossy(&name),
                value.type_name()
            ))
        });
        let message =
            named.unwrap_or_else(|| format!("attempt to {op} a {} value", value.type_name()));
        self.runtime_error(&message)
    }

    fn register_of(rk: Rk) -> Option<usize> {
        match rk.constant() {
            Some(_) => None,
            None => Some(usize::from(rk.register())),
        }
    }

    /// Runs the top frame until frames change. Returns `Done` when a host call finished.
    pub fn execute(&mut self) -> Result<Flow, LuaError> {
        // Two copies of the loop, so that runs without a debugger pay nothing for line events.
        if self.line_events {
            self.run_frames::<true>()
        } else {
            self.run_frames::<false>()
        }
    }

    /// The instruction loop; with `LINE_EVENTS` it pauses before each line event.
    fn run_frames<const LINE_EVENTS: bool>(&mut self) -> Result<Flow, LuaError> {
        // Lua calls and returns switch frames here, without leaving the loop.
        'frames: loop {
            let Some(frame) = self.thread.frames.last() else {
                return Ok(Flow::Done(Vec::new()));
            };
            let bound = frame.proto.clone();
            let closure = frame.closure;
            let base = frame.base;
            let mut pc = frame.pc;
            let code: &[Instruction] = &bound.proto.instructions;
            let k: &[Value] = &bound.constants;
            self.caller_is_lua = true;
            // Line events (debugging only): a frame resumed after a pause picks up where its
            // tracking stood; one returned to last fetched the call before `pc`.
            let depth = self.thread.frames.len();
            let (mut previous, mut delivered) = if LINE_EVENTS {
                match self.line_mark.take() {
                    Some(mark) if mark.depth == depth => (mark.previous, mark.delivered),
                    _ => (pc.checked_sub(1), false),
                }
            } else {
                (None, false)
            };
            macro_rules! reg {
                ($r:expr) => {
                    self.thread.stack[base + usize::from($r)]
                };
            }
            macro_rules! next_frame {
                ($flow:expr) => {
                    match $flow {
                        Flow::Continue => continue 'frames,
                        other => return Ok(other),
                    }
                };
            }
            // `R(a) = t[key]`: the value, or the `__index` handler's result through a call.
            macro_rules! index_into {
                ($a:expr, $t:expr, $key:expr, $reg:expr) => {
                    match self.index($t, $key, $reg)? {
                        Lookup::Value(v) => reg!($a) = v,
                        Lookup::Call(h, o, key) => {
                            next_frame!(self.call_handler(
                                h,
                                &[o, key],
                                Then::Store(base + $a as usize)
                            )?);
                        }
                    }
                };
            }
            macro_rules! save_pc {
                () => {
                    if let Some(frame) = self.thread.frames.last_mut() {
                        frame.pc = pc;
                    }
                };
            }
            loop {
                if self.fuel == 0 {
                    save_pc!();
                    if LINE_EVENTS {
                        self.line_mark = Some(LineMark {
                            depth,
                            previous,
                            delivered,
                        });
                    }
                    return Ok(Flow::Paused);
                }
                if LINE_EVENTS {
                    // luaG_traceexec's rule: a new function, a backward jump or a new line.
                    let lines = &bound.proto.line_info;
                    let fires = previous.is_none_or(|p| pc <= p || lines.get(pc) != lines.get(p));
                    if fires && !delivered && self.pauses_at(lines.get(pc)) {
                        save_pc!();
                        self.line_mark = Some(LineMark {
                            depth,
                            previous,
                            delivered: true,
                        });
                        self.at_line_event = true;
                        return Ok(Flow::Paused);
                    }
                    delivered = false;
                    previous = Some(pc);
                }
                self.fuel -= 1;
                let Some(&instruction) = code.get(pc) else {
                    save_pc!();
                    return Err(self.runtime_error("execution ran off the end of the code"));
                };
                pc += 1;
                // The register window, borrowed once per instruction for the arms that stay
                // inside it (the others go through `reg!`, which re-borrows after calls).
                let regs = &mut self.thread.stack[base..];
                macro_rules! r {
                    ($r:expr) => {
                        regs[usize::from($r)]
                    };
                }
                macro_rules! rk_fast {
                    ($rk:expr) => {
                        match $rk.constant() {
                            Some(i) => k[i],
                            None => r!($rk.register()),
                        }
                    };
                }
                // Numbers inline, read in place; anything else (coercion, metamethods, errors)
                // out of line.
                macro_rules! arith {
                    ($a:expr, $b:expr, $c:expr, $op:expr, $f:expr) => {{
                        let x = match $b.constant() {
                            Some(i) => &k[i],
                            None => &regs[usize::from($b.register())],
                        };
                        let y = match $c.constant() {
                            Some(i) => &k[i],
                            None => &regs[usize::from($c.register())],
                        };
                        if let (Value::Number(x), Value::Number(y)) = (x, y) {
                            let result = $f(*x, *y);
                            r!($a) = Value::Number(result);
                        } else {
                            let (x, y) = (*x, *y);
                            save_pc!();
                            let regs = (Self::register_of($b), Self::register_of($c));
                            if let Some(flow) =
                                self.arith_slow($op, x, y, base + $a as usize, regs)?
                            {
                                return Ok(flow);
                            }
                        }
                    }};
                }
                match instruction {
                    Instruction::Move { a, b } => r!(a) = r!(b),
                    Instruction::LoadK { a, constant } => r!(a) = k[constant as usize],
                    Instruction::LoadBool { a, value, skip } => {
                        r!(a) = Value::Boolean(value);
                        if skip {
                            pc += 1;
                        }
                    }
                    Instruction::LoadNil { a, last } => {
                        for reg in a..=last {
                            r!(reg) = Value::Nil;
                        }
                    }
                    Instruction::GetUpval { a, upvalue } => {
                        let index = self.closure_upvalue(closure, upvalue);
                        reg!(a) = self.upvalue(index);
                    }
                    Instruction::SetUpval { a, upvalue } => {
                        let index = self.closure_upvalue(closure, upvalue);
                        let value = reg!(a);
                        self.set_upvalue(index, value);
                    }
                    Instruction::GetGlobal { a, name } => {
                        let env = self.heap.function(closure).env();
                        let key = k[name as usize];
                        if let Value::String(s) = key {
                            let v = self.heap.tables.get(env.0).get_str(s);
                            if !v.is_nil() {
                                r!(a) = v;
                                continue;
                            }
                        }
                        save_pc!();
                        let env = Value::Table(env);
                        index_into!(a, env, key, None);
                    }
                    Instruction::SetGlobal { a, name } => {
                        save_pc!();
                        self.maybe_collect();
                        let env = Value::Table(self.heap.function(closure).env());
                        let (key, value) = (k[name as usize], reg!(a));
                        if let Some(flow) = self.set_index(env, key, value, None)? {
                            return Ok(flow);
                        }
                    }
                    Instruction::GetTable { a, table, key } => {
                        let (t, key) = (r!(table), rk_fast!(key));
                        // Fast path: a table holding the key (no metamethod can matter).
                        if let Value::Table(tr) = t {
                            let v = self.heap.tables.get(tr.0).get(&key);
                            if !v.is_nil() {
                                r!(a) = v;
                                continue;
                            }
                        }
                        save_pc!();
                        index_into!(a, t, key, Some(usize::from(table)));
                    }
                    Instruction::SetTable { a, key, value } => {
                        let (t, key, value) = (r!(a), rk_fast!(key), rk_fast!(value));
                        // Fast path: an existing key of a table (the slot is overwritten in place,
                        // whatever its metatable says, as 5.1 does for present keys).
                        if let Value::Table(tr) = t {
                            let table = self.heap.tables.get_mut(tr.0);
                            if table.replace(&key, value) {
                                continue;
                            }
                        }
                        save_pc!();
                        self.maybe_collect();
                        if let Some(flow) = self.set_index(t, key, value, Some(usize::from(a)))? {
                            return Ok(flow);
                        }
                    }
                    Instruction::NewTable { a, array, hash } => {
                        save_pc!();
                        self.maybe_collect();
                        let narray = fb_to_int(u32::from(array)).min(1 << 26) as usize;
                        let nhash = fb_to_int(u32::from(hash)).min(1 << 26) as usize;
                        let t = self
                            .heap
                            .new_table(narray, nhash)
                            .map_err(|e| self.heap_error(e))?;
                        reg!(a) = Value::Table(t);
                    }
                    Instruction::SelfOp { a, object, key } => {
                        let (o, key) = (r!(object), rk_fast!(key));
                        r!(a + 1) = o;
                        if let Value::Table(tr) = o {
                            let v = self.heap.tables.get(tr.0).get(&key);
                            if !v.is_nil() {
                                r!(a) = v;
                                continue;
                            }
                        }
                        save_pc!();
                        index_into!(a, o, key, Some(usize::from(object)));
                    }
                    Instruction::Add { a, b, c } => arith!(a, b, c, ArithOp::Add, |x, y| x + y),
                    Instruction::Sub { a, b, c } => arith!(a, b, c, ArithOp::Sub, |x, y| x - y),
                    Instruction::Mul { a, b, c } => arith!(a, b, c, ArithOp::Mul, |x, y| x * y),
                    Instruction::Div { a, b, c } => arith!(a, b, c, ArithOp::Div, |x, y| x / y),
                    Instruction::Mod { a, b, c } => arith!(a, b, c, ArithOp::Mod, lua_mod),
                    Instruction::Pow { a, b, c } => arith!(a, b, c, ArithOp::Pow, f64::powf),
                    Instruction::Unm { a, b } => {
                        let x = reg!(b);
                        if let Value::Number(x) = x {
                            reg!(a) = Value::Number(-x);
                        } else {
                            save_pc!();
                            let regs = (Some(usize::from(b)), Some(usize::from(b)));
                            if let Some(flow) =
                                self.arith_slow(ArithOp::Unm, x, x, base + a as usize, regs)?
                            {
                                return Ok(flow);
                            }
                        }
                    }
                    Instruction::Not { a, b } => r!(a) = Value::Boolean(!r!(b).is_truthy()),
                    Instruction::Len { a, b } => {
                        save_pc!();
                        let v = reg!(b);
                        match v {
                            Value::String(s) => {
                                reg!(a) = Value::Number(self.heap.bytes_of(s).len() as f64)
                            }
                            Value::Table(t) => {
                                reg!(a) = Value::Number(self.heap.table(t).length() as f64)
                            }
                            _ => {
                                let h = handler(
                                    &self.heap,
                                    &self.names,
                                    self.string_metatable,
                                    &v,
                                    Event::Len,
                                );
                                if h.is_nil() {
                                    return Err(self.type_error(
                                        &v,
                                        "get length of",
                                        Some(usize::from(b)),
                                    ));
                                }
                                next_frame!(self.call_handler(
                                    h,
                                    &[v, Value::Nil],
                                    Then::Store(base + a as usize),
                                )?);
                            }
                        }
                    }
                    Instruction::Concat { a, first, last } => {
                        save_pc!();
                        self.maybe_collect();
                        let flow = self.concat(
                            base + usize::from(first),
                            base + usize::from(last),
                            base + usize::from(a),
                        )?;
                        if self.frame_changed(closure, base) {
                            return Ok(flow);
                        }
                    }
                    Instruction::Jmp { offset } => pc = (pc as i64 + i64::from(offset)) as usize,
                    Instruction::Eq { expect, b, c } => {
                        let (x, y) = (rk_fast!(b), rk_fast!(c));
                        if x.raw_equals(&y) {
                            pc = self.jump_if(code, pc, expect);
                        } else {
                            save_pc!();
                            match self.eq_handler(&x, &y) {
                                Some(h) => {
                                    next_frame!(self.call_handler(
                                        h,
                                        &[x, y],
                                        Then::Compare {
                                            expect,
                                            negate: false,
                                        },
                                    )?);
                                }
                                None => pc = self.jump_if(code, pc, !expect),
                            }
                        }
                    }
                    Instruction::Lt { expect, b, c } | Instruction::Le { expect, b, c } => {
                        let (x, y) = (rk_fast!(b), rk_fast!(c));
                        let strict = matches!(instruction, Instruction::Lt { .. });
                        let ordered = match (x, y) {
                            (Value::Number(x), Value::Number(y)) => {
                                Some(if strict { x < y } else { x <= y })
                            }
                            (Value::String(x), Value::String(y)) => {
                                let (x, y) = (self.heap.bytes_of(x), self.heap.bytes_of(y));
                                Some(if strict { x < y } else { x <= y })
                            }
                            _ => None,
                        };
                        match ordered {
                            Some(result) => pc = self.jump_if(code, pc, result == expect),
                            None => {
                                save_pc!();
                                let (h, negate, args) = self.order_handler(&x, &y, strict)?;
                                next_frame!(self.call_handler(
                                    h,
                                    &args,
                                    Then::Compare { expect, negate }
                                )?);
                            }
                        }
                    }
                    Instruction::Test { a, expect } => {
                        let truth = r!(a).is_truthy();
                        pc = self.jump_if(code, pc, truth == expect);
                    }
                    Instruction::TestSet { a, b, expect } => {
                        let v = r!(b);
                        if v.is_truthy() == expect {
                            r!(a) = v;
                            pc = self.jump_if(code, pc, true);
                        } else {
                            pc += 1;
                        }
                    }
                    Instruction::Call { a, args, results } => {
                        save_pc!();
                        let func = base + usize::from(a);
                        let nargs = self.arg_count(func, args);
                        let site = CallSite {
                            func,
                            wanted: i32::from(results) - 1,
                            then: Then::Results,
                        };
                        if let Value::Function(f) = self.thread.stack[func] {
                            if matches!(self.heap.function(f), Function::Lua(_)) {
                                self.maybe_collect();
                                self.enter_lua(f, func, nargs, site, 0)?;
                                continue 'frames;
                            }
                        }
                        self.check_callable(func, usize::from(a))?;
                        next_frame!(self.call_value(func, nargs, site, true)?);
                    }
                    Instruction::TailCall { a, args } => {
                        save_pc!();
                        let func = base + usize::from(a);
                        let nargs = self.arg_count(func, args);
                        self.check_callable(func, usize::from(a))?;
                        next_frame!(self.tail_call(func, nargs)?);
                    }
                    Instruction::Return { a, count } => {
                        let first = base + usize::from(a);
                        let n = if count == 0 {
                            self.frame_top().saturating_sub(first)
                        } else {
                            usize::from(count) - 1
                        };
                        self.close_upvalues(base);
                        let Some(frame) = self.thread.frames.pop() else {
                            return Ok(Flow::Done(Vec::new()));
                        };
                        if let Then::Results = frame.then {
                            if !self.thread.frames.is_empty() {
                                self.place_results(frame.func, frame.wanted, first, n);
                                continue 'frames;
                            }
                        }
                        let site = CallSite {
                            func: frame.func,
                            wanted: frame.wanted,
                            then: frame.then,
                        };
                        next_frame!(self.finish(site, first, n)?);
                    }
                    Instruction::ForLoop { a, offset } => {
                        let (Value::Number(index), Value::Number(limit), Value::Number(step)) =
                            (r!(a), r!(a + 1), r!(a + 2))
                        else {
                            save_pc!();
                            return Err(self.runtime_error("'for' loop state corrupted"));
                        };
                        let index = index + step;
                        if if step > 0.0 {
                            index <= limit
                        } else {
                            limit <= index
                        } {
                            pc = (pc as i64 + i64::from(offset)) as usize;
                            reg!(a) = Value::Number(index);
                            reg!(a + 3) = Value::Number(index);
                        }
                    }
                    Instruction::ForPrep { a, offset } => {
                        save_pc!();
                        let init = to_number(&self.heap, &reg!(a));
                        let limit = to_number(&self.heap, &reg!(a + 1));
                        let step = to_number(&self.heap, &reg!(a + 2));
                        let Some(init) = init else {
                            return Err(self.runtime_error("'for' initial value must be a number"));
                        };
                        let Some(limit) = limit else {
                            return Err(self.runtime_error("'for' limit must be a number"));
                        };
                        let Some(step) = step else {
                            return Err(self.runtime_error("'for' step must be a number"));
                        };
                        reg!(a) = Value::Number(init - step);
                        reg!(a + 1) = Value::Number(limit);
                        reg!(a + 2) = Value::Number(step);
                        pc = (pc as i64 + i64::from(offset)) as usize;
                    }
                    Instruction::TForLoop { a, results } => {
                        save_pc!();
                        let cb = base + usize::from(a) + 3;
                        for i in 0..3 {
                            let v = self.thread.stack[base + usize::from(a) + i];
                            self.thread.stack[cb + i] = v;
                        }
                        self.thread.stack.truncate(cb + 3);
                        let site = CallSite {
                            func: cb,
                            wanted: i32::from(results),
                            then: Then::ForIterator,
                        };
                        next_frame!(self.call_value(cb, 2, site, true)?);
                    }
                    Instruction::SetList { a, count, batch } => {
                        save_pc!();
                        self.maybe_collect();
                        let ra = base + usize::from(a);
                        let n = if count == 0 {
                            self.frame_top().saturating_sub(ra + 1)
                        } else {
                            usize::from(count)
                        };
                        if bound
                            .proto
                            .code
                            .get(pc - 1)
                            .is_some_and(|w| (w >> 14) & 0x1ff == 0)
                        {
                            pc += 1;
                        }
                        let Value::Table(t) = reg!(a) else {
                            return Err(self.runtime_error("SETLIST on a non-table"));
                        };
                        let last = (batch as usize - 1) * FIELDS_PER_FLUSH as usize + n;
                        if last > self.heap.table(t).array_size() {
                            self.heap
                                .tables
                                .get_mut(t.0)
                                .resize_array(last)
                                .map_err(|e| self.heap_error(HeapError::Table(e)))?;
                        }
                        for i in (1..=n).rev() {
                            let v = self.thread.stack[ra + i];
                            let key = Value::Number((last - n + i) as f64);
                            self.heap
                                .table_set(t, key, v)
                                .map_err(|e| self.heap_error(e))?;
                        }
                        if count == 0 {
                            self.restore_top();
                        }
                    }
                    Instruction::Close { a } => self.close_upvalues(base + usize::from(a)),
                    Instruction::Closure { a, proto } => {
                        save_pc!();
                        self.maybe_collect();
                        let Some(child) = bound.children.get(proto as usize).cloned() else {
                            return Err(self.runtime_error("CLOSURE of a missing prototype"));
                        };
                        let count = usize::from(child.proto.num_upvalues);
                        let mut upvalues = Vec::with_capacity(count);
                        for _ in 0..count {
                            let index = match code.get(pc) {
                                Some(Instruction::Move { b, .. }) => self
                                    .find_upvalue(base + usize::from(*b))
                                    .map_err(|e| self.heap_error(e))?,
                                Some(Instruction::GetUpval { upvalue, .. }) => {
                                    self.closure_upvalue(closure, *upvalue)
                                }
                                _ => return Err(self.runtime_error("bad CLOSURE upvalue")),
                            };
                            upvalues.push(index);
                            pc += 1;
                        }
                        let env = self.heap.function(closure).env();
                        let f = self
                            .heap
                            .new_function(Function::Lua(LuaClosure {
                                proto: child,
                                upvalues: upvalues.into_boxed_slice(),
                                env,
                            }))
                            .map_err(|_| self.memory_error())?;
                        reg!(a) = Value::Function(f);
                    }
                    Instruction::VarArg { a, count } => {
                        let frame = self.thread.frames.last();
                        let (func, params) = frame
                            .map_or((0, 0), |f| (f.func, usize::from(f.proto.proto.num_params)));
                        let available = base.saturating_sub(func + 1 + params);
                        let first = func + 1 + params;
                        let ra = base + usize::from(a);
                        let n = if count == 0 {
                            available
                        } else {
                            usize::from(count) - 1
                        };
                        if self.thread.stack.len() < ra + n {
                            self.thread.stack.resize(ra + n, Value::Nil);
                        }
                        for i in 0..n {
                            self.thread.stack[ra + i] = if i < available {
                                self.thread.stack[first + i]
                            } else {
                                Value::Nil
                            };
                        }
                        if count == 0 {
                            if let Some(frame) = self.thread.frames.last_mut() {
                                frame.top = ra + n;
                            }
                        }
                    }
                    Instruction::Data(_) => {
                        save_pc!();
                        return Err(self.runtime_error("attempt to execute data"));
                    }
                }
            }
        }
    }

    /// Whether the top frame is no longer the one `execute` was running.
    fn frame_changed(&self, closure: super::value::FunctionRef, base: usize) -> bool {
        self.thread
            .frames
            .last()
            .is_none_or(|f| f.closure != closure || f.base != base)
    }

    /// The pc after a comparison: through the following JMP when `taken`, past it otherwise.
    fn jump_if(&self, code: &[Instruction], pc: usize, taken: bool) -> usize {
        if taken {
            if let Some(Instruction::Jmp { offset }) = code.get(pc) {
                return (pc as i64 + 1 + i64::from(*offset)) as usize;
            }
        }
        pc + 1
    }

    fn frame_top(&self) -> usize {
        self.thread.frames.last().map_or(0, |f| f.top)
    }

    fn restore_top(&mut self) {
        if let Some(frame) = self.thread.frames.last() {
            let needed = frame.base + usize::from(frame.proto.proto.max_stack_size);
            self.thread.stack.truncate(needed);
            self.thread.stack.resize(needed, Value::Nil);
        }
    }

    /// The number of arguments of a call at `func` (B = 0: up to the top).
    fn arg_count(&self, func: usize, b: u16) -> usize {
        if b == 0 {
            self.frame_top().saturating_sub(func + 1)
        } else {
            usize::from(b) - 1
        }
    }

    /// Raises `attempt to call ...` (with the register's name) for a value that neither is a
    /// function nor has `__call`.
    fn check_callable(&mut self, func: usize, reg: usize) -> Result<(), LuaError> {
        let f = self.thread.stack[func];
        if matches!(f, Value::Function(_)) {
            return Ok(());
        }
        let h = handler(
            &self.heap,
            &self.names,
            self.string_metatable,
            &f,
            Event::Call,
        );
        if matches!(h, Value::Function(_)) {
            return Ok(());
        }
        Err(self.type_error(&f, "call", Some(reg)))
    }

    /// OP_TAILCALL: a Lua callee replaces the running frame; a native is called normally and
    /// the RETURN after the TAILCALL hands its results on.
    fn tail_call(&mut self, func: usize, nargs: usize) -> Result<Flow, LuaError> {
        let callee = self.thread.stack[func];
        let lua = match callee {
            Value::Function(f) => matches!(self.heap.function(f), Function::Lua(_)).then_some(f),
            _ => None,
        };
        let Some(f) = lua else {
            let site = CallSite {
                func,
                wanted: -1,
                then: Then::Results,
            };
            return self.call_value(func, nargs, site, true);
        };
        let Some(frame) = self.thread.frames.pop() else {
            return Ok(Flow::Done(Vec::new()));
        };
        self.close_upvalues(frame.base);
        let target = frame.func;
        for i in 0..=nargs {
            let v = self.thread.stack[func + i];
            self.thread.stack[target + i] = v;
        }
        let site = CallSite {
            func: target,
            wanted: frame.wanted,
            then: frame.then,
        };
        self.enter_lua(f, target, nargs, site, frame.tail_calls + 1)?;
        Ok(Flow::Continue)
    }

    /// The handle of upvalue `i` of `closure`.
    fn closure_upvalue(&self, closure: super::value::FunctionRef, i: u8) -> u32 {
        match self.heap.function(closure) {
            Function::Lua(f) => f.upvalues.get(usize::from(i)).copied().unwrap_or(0),
            Function::Native(_) => 0,
        }
    }

    /// Calls a metamethod handler with `args`; its first result goes where `then` says.
    fn call_handler(&mut self, h: Value, args: &[Value], then: Then) -> Result<Flow, LuaError> {
        self.thread.c_calls += 1;
        if self.thread.c_calls >= super::state::MAX_C_CALLS {
            return Err(self.runtime_error("C stack overflow"));
        }
        let func = self.thread.stack.len();
        self.thread.stack.push(h);
        self.thread.stack.extend_from_slice(args);
        let site = CallSite {
            func,
            wanted: 1,
            then,
        };
        self.call_value(func, args.len(), site, true)
    }

    /// `luaV_gettable`: `t[key]`, following `__index` tables; a function handler is returned
    /// for the caller to call.
    pub fn index(&mut self, t: Value, key: Value, reg: Option<usize>) -> Result<Lookup, LuaError> {
        let mut t = t;
        let mut reg = reg;
        for _ in 0..MAX_TAG_LOOP {
            if let Value::Table(table) = t {
                let value = self.heap.table(table).get(&key);
                if !value.is_nil() {
                    return Ok(Lookup::Value(value));
                }
                let Some(mt) = self.heap.table(table).metatable else {
                    return Ok(Lookup::Value(Value::Nil));
                };
                let h = self.heap.table(mt).get_str(self.names.event(Event::Index));
                match h {
                    Value::Nil => return Ok(Lookup::Value(Value::Nil)),
                    Value::Function(_) => return Ok(Lookup::Call(h, t, key)),
                    next => t = next,
                }
            } else {
                let h = handler(
                    &self.heap,
                    &self.names,
                    self.string_metatable,
                    &t,
                    Event::Index,
                );
                match h {
                    Value::Nil => return Err(self.type_error(&t, "index", reg)),
                    Value::Function(_) => return Ok(Lookup::Call(h, t, key)),
                    next => t = next,
                }
            }
            reg = None;
        }
        Err(self.runtime_error("loop in gettable"))
    }

    /// `luaV_settable`: `t[key] = value`, following `__newindex`. Returns a flow when a
    /// handler was called.
    fn set_index(
        &mut self,
        t: Value,
        key: Value,
        value: Value,
        reg: Option<usize>,
    ) -> Result<Option<Flow>, LuaError> {
        let mut t = t;
        let mut reg = reg;
        for _ in 0..MAX_TAG_LOOP {
            let h = if let Value::Table(table) = t {
                let present = !self.heap.table(table).get(&key).is_nil();
                let mt = self.heap.table(table).metatable;
                let h = match (present, mt) {
                    (false, Some(mt)) => self
                        .heap
                        .table(mt)
                        .get_str(self.names.event(Event::NewIndex)),
                    _ => Value::Nil,
                };
                if h.is_nil() {
                    self.heap
                        .table_set(table, key, value)
                        .map_err(|e| self.heap_error(e))?;
                    return Ok(None);
                }
                h
            } else {
                let h = handler(
                    &self.heap,
                    &self.names,
                    self.string_metatable,
                    &t,
                    Event::NewIndex,
                );
                if h.is_nil() {
                    return Err(self.type_error(&t, "index", reg));
                }
                h
            };
            if let Value::Function(_) = h {
                return self
                    .call_handler(h, &[t, key, value], Then::Discard)
                    .map(Some);
            }
            t = h;
            reg = None;
        }
        Err(self.runtime_error("loop in settable"))
    }

    /// Arithmetic on operands that are not both numbers: string coercion, then the
    /// metamethod, then the error naming the operand that is not a number.
    fn arith_slow(
        &mut self,
        op: ArithOp,
        x: Value,
        y: Value,
        dest: usize,
        regs: (Option<usize>, Option<usize>),
    ) -> Result<Option<Flow>, LuaError> {
        if let (Some(a), Some(b)) = (to_number(&self.heap, &x), to_number(&self.heap, &y)) {
            self.thread.stack[dest] = Value::Number(arith(op, a, b));
            return Ok(None);
        }
        let event = op.event();
        let mut h = handler(&self.heap, &self.names, self.string_metatable, &x, event);
        if h.is_nil() {
            h = handler(&self.heap, &self.names, self.string_metatable, &y, event);
        }
        if !h.is_nil() {
            return self.call_handler(h, &[x, y], Then::Store(dest)).map(Some);
        }
        let (bad, reg) = if to_number(&self.heap, &x).is_none() {
            (x, regs.0)
        } else {
            (y, regs.1)
        };
        Err(self.type_error(&bad, "perform arithmetic on", reg))
    }

    /// `get_compTM` for `__eq`: both operands tables (or both userdata) sharing the handler.
    fn eq_handler(&self, x: &Value, y: &Value) -> Option<Value> {
        let same_kind = matches!(
            (x, y),
            (Value::Table(_), Value::Table(_)) | (Value::Userdata(_), Value::Userdata(_))
        );
        if !same_kind {
            return None;
        }
        let mt1 = metatable_of(&self.heap, self.string_metatable, x)?;
        let name = self.names.event(Event::Eq);
        let h1 = self.heap.table(mt1).get_str(name);
        if h1.is_nil() {
            return None;
        }
        let mt2 = metatable_of(&self.heap, self.string_metatable, y)?;
        if mt1 == mt2 {
            return Some(h1);
        }
        let h2 = self.heap.table(mt2).get_str(name);
        h1.raw_equals(&h2).then_some(h1)
    }

    /// The handler for `<` or `<=` on operands that are not two numbers or two strings, with
    /// 5.1's fallback of `<=` to `not (y < x)`; or the ordering error.
    fn order_handler(
        &mut self,
        x: &Value,
        y: &Value,
        strict: bool,
    ) -> Result<(Value, bool, [Value; 2]), LuaError> {
        if x.type_name() == y.type_name() {
            let events: &[(Event, bool)] = if strict {
                &[(Event::Lt, false)]
            } else {
                &[(Event::Le, false), (Event::Lt, true)]
            };
            for &(event, swapped) in events {
                let h1 = handler(&self.heap, &self.names, self.string_metatable, x, event);
                if h1.is_nil() {
                    continue;
                }
                let h2 = handler(&self.heap, &self.names, self.string_metatable, y, event);
                if h1.raw_equals(&h2) {
                    let args = if swapped { [*y, *x] } else { [*x, *y] };
                    return Ok((h1, swapped, args));
                }
            }
        }
        let (t1, t2) = (x.type_name(), y.type_name());
        let message = if t1 == t2 {
            format!("attempt to compare two {t1} values")
        } else {
            format!("attempt to compare {t1} with {t2}")
        };
        Err(self.runtime_error(&message))
    }

    /// `luaV_concat` over stack slots `start..=last` into `dest`: runs of strings and numbers
    /// join at once; a pair with anything else goes to `__concat` and the rest waits.
    pub fn concat(&mut self, start: usize, last: usize, dest: usize) -> Result<Flow, LuaError> {
        let mut top = last;
        while top > start {
            let (x, y) = (self.thread.stack[top - 1], self.thread.stack[top]);
            let stringish = |v: &Value| matches!(v, Value::String(_) | Value::Number(_));
            if !stringish(&x) || !stringish(&y) {
                let mut h = handler(
                    &self.heap,
                    &self.names,
                    self.string_metatable,
                    &x,
                    Event::Concat,
                );
                if h.is_nil() {
                    h = handler(
                        &self.heap,
                        &self.names,
                        self.string_metatable,
                        &y,
                        Event::Concat,
                    );
                }
                if h.is_nil() {
                    let bad = if stringish(&x) { y } else { x };
                    let reg = self.thread.frames.last().and_then(|f| {
                        let slot = if stringish(&x) { top } else { top - 1 };
                        slot.checked_sub(f.base)
                    });
                    return Err(self.type_error(&bad, "concatenate", reg));
                }
                return self.call_handler(
                    h,
                    &[x, y],
                    Then::Concat {
                        start,
                        slot: top - 1,
                        dest,
                    },
                );
            }
            let mut first = top - 1;
            while first > start && stringish(&self.thread.stack[first - 1]) {
                first -= 1;
            }
            let mut bytes = Vec::new();
            for slot in first..=top {
                concat_piece(&self.heap, &self.thread.stack[slot], &mut bytes);
            }
            let joined = self.string(&bytes)?;
            self.thread.stack[first] = joined;
            top = first;
        }
        let value = self.thread.stack[start];
        self.thread.stack[dest] = value;
        Ok(Flow::Continue)
    }
}
