//! The table library (ltablib.c): `concat insert remove sort getn setn maxn foreach foreachi`.
//! All access is raw, as in 5.1. `sort` runs 5.1's quicksort as a state machine, so order
//! functions and `__lt` handlers are ordinary Lua calls.

use super::sort::{SortArray, SortStep, Sorter};
use crate::vm::metamethod::{handler, Event};
use crate::vm::state::{Args, LuaError, Outcome, Resume, ResumeState, Vm};
use crate::vm::value::{TableRef, Value};

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let table = vm.heap.new_table(0, 16).map_err(|e| vm.heap_error(e))?;
    vm.register(
        table,
        &[
            ("concat", concat),
            ("foreach", foreach),
            ("foreachi", foreachi),
            ("getn", getn),
            ("insert", insert),
            ("maxn", maxn),
            ("remove", remove),
            ("setn", setn),
            ("sort", sort),
        ],
    )?;
    let globals = vm.globals;
    vm.set_field(globals, "table", Value::Table(table))
        .map_err(|e| vm.heap_error(e))
}

fn raw_set(vm: &mut Vm, t: TableRef, i: i64, v: Value) -> Result<(), LuaError> {
    vm.heap
        .table_set(t, Value::Number(i as f64), v)
        .map_err(|e| vm.api_error(e))
}

fn length(vm: &Vm, t: TableRef) -> i64 {
    vm.heap.table(t).length() as i64
}

fn getn(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    vm.push(Value::Number(length(vm, t) as f64));
    Ok(Outcome::Return(1))
}

fn setn(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    vm.check_table(args, 0)?;
    Err(vm.native_error("'setn' is obsolete"))
}

fn maxn(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let mut max = 0.0f64;
    vm.heap.table(t).for_each_entry(|k, _| {
        if let Value::Number(n) = k {
            if *n > max {
                max = *n;
            }
        }
    });
    vm.push(Value::Number(max));
    Ok(Outcome::Return(1))
}

fn insert(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let mut e = length(vm, t) + 1;
    let pos = match args.count {
        2 => e,
        3 => {
            let pos = vm.check_int(args, 1)?;
            if pos > e {
                e = pos;
            }
            let mut i = e;
            while i > pos {
                let v = vm.heap.table(t).get_int(i - 1);
                raw_set(vm, t, i, v)?;
                i -= 1;
            }
            pos
        }
        _ => return Err(vm.native_error("wrong number of arguments to 'insert'")),
    };
    let v = vm.arg(args, args.count - 1);
    raw_set(vm, t, pos, v)?;
    Ok(Outcome::Return(0))
}

fn remove(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let e = length(vm, t);
    let mut pos = vm.opt_int(args, 1, e)?;
    if !(1 <= pos && pos <= e) {
        return Ok(Outcome::Return(0));
    }
    let removed = vm.heap.table(t).get_int(pos);
    while pos < e {
        let v = vm.heap.table(t).get_int(pos + 1);
        raw_set(vm, t, pos, v)?;
        pos += 1;
    }
    raw_set(vm, t, e, Value::Nil)?;
    vm.push(removed);
    Ok(Outcome::Return(1))
}

fn concat(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let sep = match vm.arg(args, 1) {
        Value::Nil => Vec::new(),
        _ => vm.check_bytes(args, 1)?,
    };
    let first = vm.opt_int(args, 2, 1)?;
    let last = match vm.arg(args, 3) {
        Value::Nil => length(vm, t),
        _ => vm.check_int(args, 3)?,
    };
    let mut out = Vec::new();
    let mut i = first;
    while i <= last {
        let v = vm.heap.table(t).get_int(i);
        if !matches!(v, Value::String(_) | Value::Number(_)) {
            let message = format!(
                "invalid value ({}) at index {i} in table for 'concat'",
                v.type_name()
            );
            return Err(vm.native_error(&message));
        }
        out.extend_from_slice(&vm.plain_text(&v));
        if i != last {
            out.extend_from_slice(&sep);
        }
        i += 1;
    }
    let s = vm.string(&out)?;
    vm.push(s);
    Ok(Outcome::Return(1))
}

/// foreach/foreachi: call `f(k, v)` for each entry until it returns non-nil.
fn foreach(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let f = vm.arg(args, 1);
    if !matches!(f, Value::Function(_)) {
        return Err(vm.type_arg_error(args, 1, "function"));
    }
    let state = ResumeState {
        values: vec![Value::Table(t), f, Value::Nil],
        ..Default::default()
    };
    foreach_next(vm, state, 0)
}

fn foreach_next(vm: &mut Vm, mut state: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let result = vm.pop_first_result(n);
    if !result.is_nil() {
        vm.push(result);
        return Ok(Outcome::Return(1));
    }
    let Value::Table(t) = state.values[0] else {
        return Ok(Outcome::Return(0));
    };
    let key = state.values[2];
    match vm.heap.table(t).next(&key) {
        Ok(Some((k, v))) => {
            state.values[2] = k;
            let f = state.values[1];
            Ok(Outcome::Call {
                function: f,
                args: vec![k, v],
                then: Resume {
                    step: foreach_next,
                    state,
                },
            })
        }
        Ok(None) => Ok(Outcome::Return(0)),
        Err(e) => Err(vm.error_value(e.message().as_bytes())),
    }
}

fn foreachi(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let f = vm.arg(args, 1);
    if !matches!(f, Value::Function(_)) {
        return Err(vm.type_arg_error(args, 1, "function"));
    }
    let n = length(vm, t);
    let state = ResumeState {
        values: vec![Value::Table(t), f],
        numbers: vec![0, n],
        ..Default::default()
    };
    foreachi_next(vm, state, 0)
}

fn foreachi_next(vm: &mut Vm, mut state: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let result = vm.pop_first_result(n);
    if !result.is_nil() {
        vm.push(result);
        return Ok(Outcome::Return(1));
    }
    let Value::Table(t) = state.values[0] else {
        return Ok(Outcome::Return(0));
    };
    let i = state.numbers[0] + 1;
    if i > state.numbers[1] {
        return Ok(Outcome::Return(0));
    }
    state.numbers[0] = i;
    let v = vm.heap.table(t).get_int(i);
    let f = state.values[1];
    Ok(Outcome::Call {
        function: f,
        args: vec![Value::Number(i as f64), v],
        then: Resume {
            step: foreachi_next,
            state,
        },
    })
}

/// Raw access to the table being sorted.
struct Sorted<'a> {
    vm: &'a mut Vm,
    table: TableRef,
    error: Option<LuaError>,
}

impl SortArray<Value> for Sorted<'_> {
    fn get(&mut self, index: i64) -> Value {
        self.vm.heap.table(self.table).get_int(index)
    }

    fn set(&mut self, index: i64, value: Value) {
        if let Err(e) = self
            .vm
            .heap
            .table_set(self.table, Value::Number(index as f64), value)
        {
            self.error = Some(self.vm.api_error(e));
        }
    }
}

fn sort(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let n = length(vm, t);
    let comparator = vm.arg(args, 1);
    if !matches!(comparator, Value::Nil | Value::Function(_)) {
        return Err(vm.type_arg_error(args, 1, "function"));
    }
    let state = ResumeState {
        values: vec![Value::Table(t), comparator],
        sorter: Some(Box::new(Sorter::new(n))),
        ..Default::default()
    };
    sort_step(vm, state, usize::MAX)
}

/// Runs the sorter until it needs a comparison that takes a call. `n` is the number of
/// results of the comparison call just made (`usize::MAX` on the first step).
fn sort_step(vm: &mut Vm, mut state: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let mut answer = false;
    if n != usize::MAX {
        answer = vm.pop_first_result(n).is_truthy();
        // `__le` answered through `not (b < a)`.
        if state.numbers.first() == Some(&1) {
            answer = !answer;
        }
    }
    let (Value::Table(t), comparator) = (state.values[0], state.values[1]) else {
        return Ok(Outcome::Return(0));
    };
    let Some(mut sorter) = state.sorter.take() else {
        return Ok(Outcome::Return(0));
    };
    loop {
        let mut array = Sorted {
            vm,
            table: t,
            error: None,
        };
        let step = sorter.resume(&mut array, answer);
        if let Some(error) = array.error {
            return Err(error);
        }
        match step {
            SortStep::Done => return Ok(Outcome::Return(0)),
            SortStep::InvalidOrder => {
                return Err(vm.native_error("invalid order function for sorting"))
            }
            SortStep::Compare(a, b) => {
                if !comparator.is_nil() {
                    state.sorter = Some(sorter);
                    state.numbers = vec![0];
                    return Ok(Outcome::Call {
                        function: comparator,
                        args: vec![a, b],
                        then: Resume {
                            step: sort_step,
                            state,
                        },
                    });
                }
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => answer = x < y,
                    (Value::String(x), Value::String(y)) => {
                        answer = vm.heap.bytes_of(x) < vm.heap.bytes_of(y)
                    }
                    _ => {
                        let h = if a.type_name() == b.type_name() {
                            let h1 =
                                handler(&vm.heap, &vm.names, vm.string_metatable, &a, Event::Lt);
                            let h2 =
                                handler(&vm.heap, &vm.names, vm.string_metatable, &b, Event::Lt);
                            (!h1.is_nil() && h1.raw_equals(&h2)).then_some(h1)
                        } else {
                            None
                        };
                        let Some(h) = h else {
                            let (t1, t2) = (a.type_name(), b.type_name());
                            let message = if t1 == t2 {
                                format!("attempt to compare two {t1} values")
                            } else {
                                format!("attempt to compare {t1} with {t2}")
                            };
                            return Err(vm.error_value(message.as_bytes()));
                        };
                        state.sorter = Some(sorter);
                        state.numbers = vec![0];
                        return Ok(Outcome::Call {
                            function: h,
                            args: vec![a, b],
                            then: Resume {
                                step: sort_step,
                                state,
                            },
                        });
                    }
                }
            }
        }
    }
}
