//! The VM's state: the heap, the globals, the running thread's stack and call frames, and the
//! interface native functions see. Execution is stackless: a Lua call pushes a `Frame` instead
//! of recursing, and a native that needs to call back into Lua (pcall, a metamethod, a sort
//! comparator) returns what to call and how to continue, so deep Lua recursion never grows
//! the Rust stack.

use super::function::{BoundProto, Function, LuaClosure, NativeFunction, Upvalue};
use super::heap::{Heap, HeapError};
use super::table::TableError;
use super::value::{FunctionRef, TableRef, ThreadRef, Value};
use crate::compiler::proto::{Constant, Proto};
use std::rc::Rc;

/// Lua calls nested deeper than this raise `stack overflow` (`LUAI_MAXCALLS`).
pub const MAX_LUA_CALLS: usize = 20_000;
/// Nested native boundaries (metamethods, pcall, callbacks) past this raise `C stack overflow`
/// (`LUAI_MAXCCALLS`).
pub const MAX_C_CALLS: usize = 200;
/// `LUAI_MAXCSTACK`: the most values a single call may hand over.
pub const MAX_STACK_VALUES: usize = 8000;

/// A native function: reads its arguments from `args` on the stack, and either pushes its
/// results on the stack top or asks the VM to call something for it.
pub type Native = fn(&mut Vm, Args) -> Result<Outcome, LuaError>;

/// Where a native's arguments are: stack slots `base..base + count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Args {
    pub base: usize,
    pub count: usize,
    /// The native function being called (for its upvalues).
    pub function: FunctionRef,
}

/// How a native call ends.
pub enum Outcome {
    /// The last `n` values on the stack are the results.
    Return(usize),
    /// Call `function` with `args`; when it returns, hand its results to `then`.
    Call {
        function: Value,
        args: Vec<Value>,
        then: Resume,
    },
    /// `pcall`/`xpcall`: call `function` with `args` protected; results gain a leading
    /// `true`, an error becomes `false, message` (after `handler` sees it, for xpcall).
    Protected {
        function: Value,
        args: Vec<Value>,
        handler: Option<Value>,
        /// Where the `true, ...`/`false, message` go: back to the native (`Some`), or as
        /// its own results.
        then: Option<Resume>,
    },
    /// `coroutine.resume`/a wrapped coroutine: run `co` until it yields, returns or fails.
    /// Plain resumes answer `true, ...` or `false, message`; wrapped ones answer the values
    /// or raise the error.
    Resume {
        co: ThreadRef,
        args: Vec<Value>,
        wrap: bool,
    },
    /// `coroutine.yield`: the last `n` stack values go back to the resumer.
    Yield(usize),
}

/// A native's continuation: called with the results of the call it asked for (the last
/// `count` stack values) and the state it kept.
#[derive(Clone)]
pub struct Resume {
    pub step: fn(&mut Vm, ResumeState, usize) -> Result<Outcome, LuaError>,
    pub state: ResumeState,
}

/// What a native keeps across a call it asked for.
#[derive(Default, Clone)]
pub struct ResumeState {
    pub values: Vec<Value>,
    pub numbers: Vec<i64>,
    pub bytes: Vec<u8>,
    /// `table.sort`'s quicksort, paused at a comparison.
    pub sorter: Option<Box<crate::stdlib::sort::Sorter<Value>>>,
}

/// A Lua error in flight: any value (a message string, usually), plus the traceback lua.c
/// would print if it goes uncaught.
#[derive(Debug, Clone)]
pub struct LuaError {
    pub value: Value,
    /// `stack traceback:` and its lines, filled in when the error reaches the host.
    pub traceback: Vec<u8>,
    /// The native the error was raised in and how its caller named it (`'error'`), for the
    /// traceback's `[C]: in function 'error'` line.
    pub native: Option<Option<Vec<u8>>>,
    /// The source and current line of the innermost Lua function running when the error
    /// reached the host (what Redis's error handler reports as `on @user_script:1.`).
    pub origin: Option<(Rc<[u8]>, i32)>,
}

impl LuaError {
    pub fn new(value: Value) -> LuaError {
        LuaError {
            value,
            traceback: Vec::new(),
            native: None,
            origin: None,
        }
    }
}

/// What happens to a call's results when it returns (its continuation).
#[derive(Debug, Clone)]
pub enum Then {
    /// Results go to the call's function slot, `wanted` of them (-1: all), as for OP_CALL;
    /// the calling Lua frame goes on.
    Results,
    /// The host called this function: stop running and hand back the results.
    Host,
    /// A metamethod's first result goes to absolute stack slot `slot`.
    Store(usize),
    /// A comparison metamethod: the JMP after the comparison runs if the result's truth
    /// (inverted when `negate`, turning `__lt` into `__le`) equals `expect`.
    Compare { expect: bool, negate: bool },
    /// `__newindex` handlers: results are dropped.
    Discard,
    /// A generic `for`'s iterator: results go to its slot as for `Results`, then the loop
    /// goes on (through the JMP after TFORLOOP) unless the first one is nil.
    ForIterator,
    /// The callee of `pcall`: results follow a `true` and go to the call site kept in the
    /// innermost `Protection`.
    Protected,
    /// xpcall's handler finished: `false` and its result go to the call site kept in the
    /// innermost (handling) `Protection`.
    Handled,
    /// A coroutine's body returned: the coroutine is dead and its resumer gets the results.
    CoroutineEnd,
    /// A native asked for this call; it continues with the results (boxed: rare and big).
    Native(Box<NativeContinuation>),
    /// `a .. b .. c` needed `__concat` for the pair at `slot`: the result goes there and the
    /// concatenation of `start..=slot` continues, into register slot `dest`.
    Concat {
        start: usize,
        slot: usize,
        dest: usize,
    },
}

/// A native's continuation after a call it asked for: its resume step, its own call site,
/// and how it was called (for its error positions).
#[derive(Debug, Clone)]
pub struct NativeContinuation {
    pub resume: Resume,
    pub site: CallSite,
    pub caller_is_lua: bool,
}

/// Where a call's results go: the function's slot, how many are wanted, and what then.
#[derive(Debug, Clone)]
pub struct CallSite {
    pub func: usize,
    pub wanted: i32,
    pub then: Then,
}

impl std::fmt::Debug for Resume {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Resume")
    }
}

/// One active Lua call.
#[derive(Debug, Clone)]
pub struct Frame {
    pub closure: FunctionRef,
    pub proto: Rc<BoundProto>,
    /// The slot holding the called function; results are written from here.
    pub func: usize,
    /// Register 0.
    pub base: usize,
    /// The next instruction.
    pub pc: usize,
    /// The end of the values an open call or `...` left (for the B=0 instruction after it).
    pub top: usize,
    /// Results wanted by the caller (-1: all).
    pub wanted: i32,
    pub tail_calls: u32,
    pub then: Then,
}

/// An active `pcall`/`xpcall`: errors below it unwind to here.
#[derive(Debug, Clone)]
pub struct Protection {
    /// Frames that stay when unwinding.
    pub frames: usize,
    /// Set while xpcall's handler runs: an error now is `error in error handling`.
    pub handling: bool,
    /// Where the pcall's results (`true, ...` or `false, message`) go.
    pub site: CallSite,
    pub handler: Option<Value>,
    pub c_calls: usize,
}

/// Where a coroutine stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThreadStatus {
    /// Created, never resumed: its function waits in stack slot 0.
    #[default]
    Fresh,
    Suspended,
    Running,
    /// It resumed another coroutine and waits for it.
    Normal,
    Dead,
}

/// A coroutine being run on someone's behalf: who resumed it and where the answer goes.
#[derive(Debug, Clone)]
pub struct ResumeRecord {
    pub resumer: ThreadRef,
    pub site: CallSite,
    pub wrap: bool,
    pub caller_is_lua: bool,
}

/// A thread of execution: its value stack and its call frames.
#[derive(Debug, Default, Clone)]
pub struct Thread {
    pub status: ThreadStatus,
    /// Where a suspended coroutine's `yield` call wants its results (the next resume's
    /// arguments).
    pub yield_site: Option<CallSite>,
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    /// Open upvalues by stack slot, ascending.
    pub open_upvalues: Vec<(usize, u32)>,
    pub protections: Vec<Protection>,
    /// Native boundaries in `frames` (for `C stack overflow` and yields).
    pub c_calls: usize,
}

/// The whole Lua world.
pub struct Vm {
    pub heap: Heap,
    pub globals: TableRef,
    pub registry: TableRef,
    pub string_metatable: Option<TableRef>,
    pub thread: Thread,
    /// Whether the native running now was called from Lua code (its errors then carry the
    /// caller's position, as `luaL_where(L, 1)` finds it).
    pub caller_is_lua: bool,
    /// Standard input as `io.read` consumes it: loaded on first use (empty in wasm), with the
    /// read position.
    pub input: Option<Vec<u8>>,
    pub input_position: usize,
    /// Output of `print`/`io.write`, when the embedder collects it instead of stdout.
    pub output: Vec<u8>,
    pub collect_output: bool,
    /// Interned names used by the VM itself (metamethods and the like).
    pub names: super::metamethod::Names,
    /// The thread running now (its state is in `thread`; every other thread's state is in
    /// its heap slot) and the main thread.
    pub current: ThreadRef,
    pub main_thread: ThreadRef,
    /// The chain of coroutines resumed and not yet back, innermost last.
    pub resumes: Vec<ResumeRecord>,
    /// The C library's `rand` state behind `math.random`.
    pub rand: crate::stdlib::crand::CRand,
    /// Metatables made by `newproxy(true)` (5.1 keeps them in a weak set to validate
    /// `newproxy(p)`).
    pub proxies: std::collections::HashSet<TableRef>,
    /// The value `require` leaves in `package.loaded` while a module loads.
    pub require_sentinel: Option<super::value::UserdataRef>,
    /// The host call in progress, if any.
    pub host: Option<super::call::HostCall>,
    /// Instructions the current run may still execute.
    pub fuel: u64,
    /// The heap size that triggers the next collection, and how many have run.
    pub gc_threshold: usize,
    /// The heap size below which no collection runs (see [`super::gc::MIN_THRESHOLD`]).
    pub gc_floor: usize,
    pub collections: u64,
    /// Weak tables found by the collector's mark phase.
    pub weak_tables: Vec<(TableRef, bool, bool)>,
    /// When the VM started (`os.clock`), in `clock::monotonic_seconds`.
    pub started: f64,
    /// What `os.exit` does; None where a script may not end its host (the wasm build).
    pub on_exit: Option<fn(i32) -> Result<Outcome, LuaError>>,
    /// The embedder's context for the run in progress (Redis scripting keeps the keyspace
    /// here so that `redis.call` can reach it); natives that need it downcast it.
    pub embedder: Option<Box<dyn std::any::Any>>,
    /// Whether `load`/`loadstring` accept precompiled chunks (Redis's Lua reads every chunk
    /// as source text, so bytecode never reaches its VM).
    pub binary_chunks: bool,
    /// Debugging: pause before every Lua 5.1 line event (a function's first instruction, a new
    /// line, any backward jump), as a line hook would be called.
    pub line_events: bool,
    /// Whether the last pause was a line event rather than the fuel running out.
    pub at_line_event: bool,
    /// Line tracking of the top frame when a run paused inside it.
    pub line_mark: Option<LineMark>,
    /// Debugging: a debug session runs this VM (`redis.breakpoint()` acts only then).
    pub debugged: bool,
    /// Debugging: `redis.breakpoint()` asked the session to stop at the next line event.
    pub break_requested: bool,
    /// Fuel set aside by [`Vm::request_break`], for the session to give back.
    pub held_fuel: u64,
    /// Debugging: with line events on, which events pause the run (None: all of them).
    /// Others pass as a hook ignoring them would, so that a run to a breakpoint or over a
    /// call does not stop at every line on the way.
    pub pause_filter: Option<PauseFilter>,
}

/// The line events a debugging run pauses at: those on the listed lines, and with `depth`
/// those in frames at most that deep in that thread or in any other thread.
#[derive(Debug, Clone, Default)]
pub struct PauseFilter {
    /// By line number: whether its events pause.
    pub lines: Vec<bool>,
    pub depth: Option<(ThreadRef, usize)>,
}

/// Where a frame's line tracking stood when its run paused: the last instruction fetched
/// (None before the first) and whether the event at the next one was already reported.
#[derive(Debug, Clone, Copy)]
pub struct LineMark {
    pub depth: usize,
    pub previous: Option<usize>,
    pub delivered: bool,
}

impl From<HeapError> for Message {
    fn from(error: HeapError) -> Message {
        match error {
            HeapError::Memory => Message::Memory,
            HeapError::Table(e) => Message::Text(e.message().to_string()),
        }
    }
}

impl From<TableError> for Message {
    fn from(error: TableError) -> Message {
        Message::Text(error.message().to_string())
    }
}

/// An error message before it is turned into a Lua value (and given a position).
#[derive(Debug, Clone)]
pub enum Message {
    Text(String),
    /// `not enough memory` (never given a position, as in 5.1).
    Memory,
}

impl Vm {
    pub fn new(byte_limit: usize) -> Result<Vm, HeapError> {
        let mut heap = Heap::new(byte_limit);
        let globals = heap.new_table(0, 0)?;
        let registry = heap.new_table(0, 0)?;
        let names = super::metamethod::Names::new(&mut heap)?;
        let main_thread = ThreadRef(heap.threads.insert(Thread::default()));
        Ok(Vm {
            current: main_thread,
            main_thread,
            resumes: Vec::new(),
            heap,
            globals,
            registry,
            string_metatable: None,
            thread: Thread {
                status: ThreadStatus::Running,
                ..Thread::default()
            },
            caller_is_lua: false,
            input: None,
            input_position: 0,
            output: Vec::new(),
            collect_output: false,
            names,
            rand: crate::stdlib::crand::CRand::default(),
            proxies: std::collections::HashSet::new(),
            require_sentinel: None,
            host: None,
            fuel: u64::MAX,
            gc_threshold: super::gc::MIN_THRESHOLD.min(byte_limit / 2),
            gc_floor: super::gc::MIN_THRESHOLD,
            collections: 0,
            weak_tables: Vec::new(),
            started: crate::clock::monotonic_seconds(),
            on_exit: None,
            embedder: None,
            binary_chunks: true,
            line_events: false,
            at_line_event: false,
            line_mark: None,
            debugged: false,
            break_requested: false,
            held_fuel: 0,
            pause_filter: None,
        })
    }

    /// `redis.breakpoint()` under a debug session: asks it to stop at the next line event.
    /// The run also pauses as soon as the native returns (its fuel set aside in `held_fuel`),
    /// so that a session running without line events notices. Returns whether a session is
    /// debugging (Redis's `redis.breakpoint()` returns false otherwise and does nothing).
    pub fn request_break(&mut self) -> bool {
        if !self.debugged {
            return false;
        }
        self.break_requested = true;
        self.held_fuel += std::mem::take(&mut self.fuel);
        true
    }

    /// Whether a line event at `line` pauses the run (see `pause_filter`); a break request
    /// pauses at any.
    #[inline]
    pub fn pauses_at(&self, line: Option<&i32>) -> bool {
        let Some(filter) = &self.pause_filter else {
            return true;
        };
        let listed = line
            .and_then(|&line| usize::try_from(line).ok())
            .and_then(|line| filter.lines.get(line))
            .is_some_and(|&pauses| pauses);
        let shallow = filter.depth.is_some_and(|(thread, depth)| {
            self.current != thread || self.thread.frames.len() <= depth
        });
        self.break_requested || listed || shallow
    }

    /// Binds a compiled prototype tree to this heap (its string constants interned).
    pub fn bind_proto(&mut self, proto: &Rc<Proto>) -> Result<Rc<BoundProto>, HeapError> {
        let mut constants = Vec::with_capacity(proto.constants.len());
        for constant in &proto.constants {
            constants.push(match constant {
                Constant::Nil => Value::Nil,
                Constant::Boolean(b) => Value::Boolean(*b),
                Constant::Number(n) => Value::Number(*n),
                Constant::String(s) => self.heap.string_value(s)?,
            });
        }
        let mut children = Vec::with_capacity(proto.protos.len());
        for child in &proto.protos {
            children.push(self.bind_proto(child)?);
        }
        Ok(Rc::new(BoundProto {
            proto: proto.clone(),
            constants: constants.into_boxed_slice(),
            children: children.into_boxed_slice(),
        }))
    }

    /// A closure of a chunk's main function, with the globals as its environment.
    pub fn load_main(&mut self, proto: &Rc<Proto>) -> Result<Value, HeapError> {
        let bound = self.bind_proto(proto)?;
        let closure = Function::Lua(LuaClosure {
            proto: bound,
            upvalues: Box::new([]),
            env: self.globals,
        });
        Ok(Value::Function(self.heap.new_function(closure)?))
    }

    /// A native function value.
    pub fn native(&mut self, name: &'static str, function: Native) -> Result<Value, HeapError> {
        let env = self.globals;
        let f = self.heap.new_function(Function::Native(NativeFunction {
            function,
            name,
            upvalues: Box::new([]),
            env,
        }))?;
        Ok(Value::Function(f))
    }

    /// Sets `table[name] = value` (library registration).
    pub fn set_field(
        &mut self,
        table: TableRef,
        name: &str,
        value: Value,
    ) -> Result<(), HeapError> {
        let key = self.heap.string_value(name.as_bytes())?;
        self.heap.table_set(table, key, value)
    }

    /// Reads `table[name]` raw.
    pub fn get_field(&mut self, table: TableRef, name: &str) -> Result<Value, HeapError> {
        let key = self.heap.string_value(name.as_bytes())?;
        Ok(self.heap.table(table).get(&key))
    }

    /// The value of an upvalue.
    pub fn upvalue(&self, index: u32) -> Value {
        match *self.heap.upvalues.get(index) {
            Upvalue::Open { thread, slot } => {
                self.stack_of(thread).get(slot).copied().unwrap_or_default()
            }
            Upvalue::Closed(value) => value,
        }
    }

    /// The stack of thread `thread` (the running one's lives in `self.thread`).
    fn stack_of(&self, thread: u32) -> &[Value] {
        if thread == self.current.0 {
            &self.thread.stack
        } else {
            &self.heap.threads.get(thread).stack
        }
    }

    pub fn set_upvalue(&mut self, index: u32, value: Value) {
        match self.heap.upvalues.get_mut(index) {
            Upvalue::Open { thread, slot } => {
                let (thread, slot) = (*thread, *slot);
                let stack = if thread == self.current.0 {
                    &mut self.thread.stack
                } else {
                    &mut self.heap.threads.get_mut(thread).stack
                };
                if let Some(cell) = stack.get_mut(slot) {
                    *cell = value;
                }
            }
            Upvalue::Closed(cell) => *cell = value,
        }
    }

    /// The open upvalue for stack `slot`, created if none exists.
    pub fn find_upvalue(&mut self, slot: usize) -> Result<u32, HeapError> {
        let open = &self.thread.open_upvalues;
        let at = open.partition_point(|&(s, _)| s < slot);
        if let Some(&(s, index)) = open.get(at) {
            if s == slot {
                return Ok(index);
            }
        }
        self.heap.charge(32)?;
        let thread = self.current.0;
        let index = self.heap.upvalues.insert(Upvalue::Open { thread, slot });
        self.thread.open_upvalues.insert(at, (slot, index));
        Ok(index)
    }

    /// Closes every open upvalue at or above `level`: each takes its variable's value.
    pub fn close_upvalues(&mut self, level: usize) {
        while let Some(&(slot, index)) = self.thread.open_upvalues.last() {
            if slot < level {
                break;
            }
            self.thread.open_upvalues.pop();
            let value = self.thread.stack.get(slot).copied().unwrap_or_default();
            *self.heap.upvalues.get_mut(index) = Upvalue::Closed(value);
        }
    }

    /// Argument `i` (0-based) of a native call, nil when absent.
    pub fn arg(&self, args: Args, i: usize) -> Value {
        if i < args.count {
            self.thread
                .stack
                .get(args.base + i)
                .copied()
                .unwrap_or_default()
        } else {
            Value::Nil
        }
    }

    /// Takes the `n` values a call left on the stack top and returns the first (nil when
    /// there are none): what a continuation wanting one result does.
    pub fn pop_first_result(&mut self, n: usize) -> Value {
        let len = self.thread.stack.len();
        let first = len.saturating_sub(n);
        let value = if n > 0 {
            self.thread.stack[first]
        } else {
            Value::Nil
        };
        self.thread.stack.truncate(first);
        value
    }

    /// Pushes a result of a native call.
    pub fn push(&mut self, value: Value) {
        self.thread.stack.push(value);
    }

    /// A new string value, or `not enough memory`.
    pub fn string(&mut self, bytes: &[u8]) -> Result<Value, LuaError> {
        self.heap
            .string_value(bytes)
            .map_err(|_| self.memory_error())
    }

    /// The `not enough memory` error.
    pub fn memory_error(&mut self) -> LuaError {
        LuaError::new(Value::String(self.names.memory))
    }

    /// An error whose value is `message` as is (no position added).
    pub fn error_value(&mut self, message: &[u8]) -> LuaError {
        match self.heap.string_value(message) {
            Ok(value) => LuaError::new(value),
            Err(_) => LuaError::new(Value::Nil),
        }
    }
}
