//! Metamethods: the event names 5.1 looks up (interned once per VM) and finding a value's
//! handler — tables and userdata through their own metatable, strings through the shared
//! string metatable, other types have none.

use super::heap::{Heap, HeapError};
use super::value::{StrRef, TableRef, Value};

/// The events, in 5.1's order (`TMS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Index,
    NewIndex,
    Gc,
    Mode,
    Eq,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Unm,
    Len,
    Lt,
    Le,
    Concat,
    Call,
}

const EVENT_NAMES: [&str; 17] = [
    "__index",
    "__newindex",
    "__gc",
    "__mode",
    "__eq",
    "__add",
    "__sub",
    "__mul",
    "__div",
    "__mod",
    "__pow",
    "__unm",
    "__len",
    "__lt",
    "__le",
    "__concat",
    "__call",
];

/// Names the VM looks up by itself.
#[derive(Debug, Clone)]
pub struct Names {
    events: Vec<StrRef>,
    pub tostring: StrRef,
    pub metatable: StrRef,
    pub name: StrRef,
    /// `not enough memory`, made up front: it must exist when nothing more can be made.
    pub memory: StrRef,
}

impl Names {
    pub fn new(heap: &mut Heap) -> Result<Names, HeapError> {
        let mut events = Vec::with_capacity(EVENT_NAMES.len());
        for name in EVENT_NAMES {
            events.push(heap.intern(name.as_bytes())?);
        }
        Ok(Names {
            events,
            tostring: heap.intern(b"__tostring")?,
            metatable: heap.intern(b"__metatable")?,
            name: heap.intern(b"__name")?,
            memory: heap.intern(b"not enough memory")?,
        })
    }

    /// Every name held here (the collector keeps them alive).
    pub fn all(&self) -> impl Iterator<Item = StrRef> + '_ {
        self.events
            .iter()
            .copied()
            .chain([self.tostring, self.metatable, self.name, self.memory])
    }

    pub fn event(&self, event: Event) -> StrRef {
        self.events[event as usize]
    }
}

/// The metatable of `value`, if it has one.
pub fn metatable_of(
    heap: &Heap,
    string_metatable: Option<TableRef>,
    value: &Value,
) -> Option<TableRef> {
    match value {
        Value::Table(t) => heap.table(*t).metatable,
        Value::Userdata(u) => heap.userdata.get(u.0).metatable,
        Value::String(_) => string_metatable,
        _ => None,
    }
}

/// `luaT_gettmbyobj`: the handler for `event` on `value`, nil when there is none.
pub fn handler(
    heap: &Heap,
    names: &Names,
    string_metatable: Option<TableRef>,
    value: &Value,
    event: Event,
) -> Value {
    match metatable_of(heap, string_metatable, value) {
        Some(mt) => heap.table(mt).get_str(names.event(event)),
        None => Value::Nil,
    }
}
