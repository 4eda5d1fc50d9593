//! The garbage collector: mark and sweep over the heap's arenas, with an explicit worklist so
//! arbitrarily deep structures cannot overflow the Rust stack. It runs only between
//! instructions, when every live value is in a thread, a frame, a continuation or a root.
//! Weak tables (`__mode` with `k` and/or `v`) do not keep their weak parts alive; entries
//! whose weak part died are cleared. Strings count as values, never as collectable, for
//! weakness, as in 5.1.

use super::function::{BoundProto, Function, Upvalue};
use super::state::{CallSite, Then, Thread, Vm};
use super::value::{TableRef, Value};

/// Work still to mark.
enum Gray {
    Value(Value),
    Upvalue(u32),
    Proto(std::rc::Rc<BoundProto>),
}

struct Marker {
    work: Vec<Gray>,
    /// Weak tables met while marking, with (weak keys, weak values).
    weak: Vec<(TableRef, bool, bool)>,
}

impl Marker {
    fn value(&mut self, v: Value) {
        if !matches!(v, Value::Nil | Value::Boolean(_) | Value::Number(_)) {
            self.work.push(Gray::Value(v));
        }
    }

    fn then(&mut self, then: &Then) {
        match then {
            Then::Native(continuation) => {
                for v in &continuation.resume.state.values {
                    self.value(*v);
                }
                self.site(&continuation.site);
            }
            Then::Concat { .. }
            | Then::Results
            | Then::Host
            | Then::Store(_)
            | Then::Compare { .. }
            | Then::Discard
            | Then::ForIterator
            | Then::Protected
            | Then::Handled
            | Then::CoroutineEnd => {}
        }
    }

    fn site(&mut self, site: &CallSite) {
        self.then(&site.then);
    }

    fn thread(&mut self, thread: &Thread) {
        for v in &thread.stack {
            self.value(*v);
        }
        for frame in &thread.frames {
            self.value(Value::Function(frame.closure));
            self.work.push(Gray::Proto(frame.proto.clone()));
            self.then(&frame.then);
        }
        for protection in &thread.protections {
            if let Some(h) = protection.handler {
                self.value(h);
            }
            self.site(&protection.site);
        }
        if let Some(site) = &thread.yield_site {
            self.site(site);
        }
        for &(_, upvalue) in &thread.open_upvalues {
            self.work.push(Gray::Upvalue(upvalue));
        }
    }
}

impl Vm {
    /// Collects garbage if the heap has grown past the threshold.
    pub fn maybe_collect(&mut self) {
        if self.heap.bytes >= self.gc_threshold {
            self.collect_garbage();
        }
    }

    /// A full collection; the next one is due when the heap has doubled (5.1's default pause).
    pub fn collect_garbage(&mut self) {
        self.mark();
        self.clear_weak_entries();
        // newproxy's metatable set is weak.
        let marks = &self.heap.tables.marks;
        self.proxies
            .retain(|t| marks.get(t.0 as usize).copied().unwrap_or(false));
        self.sweep();
        self.collections += 1;
        // Due again when the heap doubles, but always halfway before the limit, so garbage
        // is collected before a script is told there is no memory.
        let room = self.heap.byte_limit.saturating_sub(self.heap.bytes);
        self.gc_threshold = (self.heap.bytes * 2)
            .max(self.gc_floor)
            .min(self.heap.bytes + room / 2);
    }

    fn mark(&mut self) {
        // Room for the usual gray stack up front: growing it is most of a small collection's
        // allocations.
        let mut marker = Marker {
            work: Vec::with_capacity(1024),
            weak: Vec::new(),
        };
        marker.value(Value::Table(self.globals));
        marker.value(Value::Table(self.registry));
        if let Some(mt) = self.string_metatable {
            marker.value(Value::Table(mt));
        }
        for name in self.names.all() {
            marker.value(Value::String(name));
        }
        if let Some(u) = self.require_sentinel {
            marker.value(Value::Userdata(u));
        }
        marker.value(Value::Thread(self.current));
        marker.value(Value::Thread(self.main_thread));
        marker.thread(&self.thread);
        for record in &self.resumes {
            marker.value(Value::Thread(record.resumer));
            marker.site(&record.site);
        }
        let heap = &mut self.heap;
        while let Some(gray) = marker.work.pop() {
            match gray {
                Gray::Proto(proto) => {
                    for v in proto.constants.iter() {
                        marker.value(*v);
                    }
                    for child in proto.children.iter() {
                        marker.work.push(Gray::Proto(child.clone()));
                    }
                }
                Gray::Upvalue(index) => {
                    if std::mem::replace(&mut heap.upvalues.marks[index as usize], true) {
                        continue;
                    }
                    match *heap.upvalues.get(index) {
                        Upvalue::Closed(v) => marker.value(v),
                        // The variable lives in its thread's stack: keep the thread.
                        Upvalue::Open { thread, .. } => {
                            marker.value(Value::Thread(super::value::ThreadRef(thread)))
                        }
                    }
                }
                Gray::Value(value) => match value {
                    Value::String(s) => heap.strings.marks[s.index as usize] = true,
                    Value::Table(t) => {
                        if std::mem::replace(&mut heap.tables.marks[t.0 as usize], true) {
                            continue;
                        }
                        let table = heap.tables.get(t.0);
                        let (weak_keys, weak_values) = match table.metatable {
                            Some(mt) => {
                                marker.value(Value::Table(mt));
                                weakness(heap, mt, &self.names)
                            }
                            None => (false, false),
                        };
                        if weak_keys || weak_values {
                            marker.weak.push((t, weak_keys, weak_values));
                        }
                        table.for_each_entry(|k, v| {
                            if !weak_keys || matches!(k, Value::String(_)) {
                                marker.value(*k);
                            }
                            if !weak_values || matches!(v, Value::String(_)) {
                                marker.value(*v);
                            }
                        });
                    }
                    Value::Function(f) => {
                        if std::mem::replace(&mut heap.functions.marks[f.0 as usize], true) {
                            continue;
                        }
                        match heap.functions.get(f.0) {
                            Function::Lua(closure) => {
                                marker.value(Value::Table(closure.env));
                                marker.work.push(Gray::Proto(closure.proto.clone()));
                                for &u in closure.upvalues.iter() {
                                    marker.work.push(Gray::Upvalue(u));
                                }
                            }
                            Function::Native(native) => {
                                marker.value(Value::Table(native.env));
                                for v in native.upvalues.iter() {
                                    marker.value(*v);
                                }
                            }
                        }
                    }
                    Value::Userdata(u) => {
                        if std::mem::replace(&mut heap.userdata.marks[u.0 as usize], true) {
                            continue;
                        }
                        let data = heap.userdata.get(u.0);
                        if let Some(mt) = data.metatable {
                            marker.value(Value::Table(mt));
                        }
                        if let Some(env) = data.env {
                            marker.value(Value::Table(env));
                        }
                    }
                    Value::Thread(t) => {
                        if std::mem::replace(&mut heap.threads.marks[t.0 as usize], true) {
                            continue;
                        }
                        marker.thread(heap.threads.get(t.0));
                    }
                    Value::Nil | Value::Boolean(_) | Value::Number(_) => {}
                },
            }
        }
        self.weak_tables = marker.weak;
    }

    /// Clears the entries of weak tables whose weak key or value was not marked.
    fn clear_weak_entries(&mut self) {
        let weak = std::mem::take(&mut self.weak_tables);
        for (t, weak_keys, weak_values) in weak {
            let heap = &self.heap;
            let dead = |v: &Value| match v {
                Value::Table(r) => !heap.tables.marks[r.0 as usize],
                Value::Function(r) => !heap.functions.marks[r.0 as usize],
                Value::Userdata(r) => !heap.userdata.marks[r.0 as usize],
                Value::Thread(r) => !heap.threads.marks[r.0 as usize],
                _ => false,
            };
            let mut doomed = Vec::new();
            heap.table(t).for_each_entry(|k, v| {
                if (weak_keys && dead(k)) || (weak_values && dead(v)) {
                    doomed.push(*k);
                }
            });
            if doomed.is_empty() {
                continue;
            }
            self.heap
                .tables
                .get_mut(t.0)
                .clear_entries(|k, _| doomed.iter().any(|d| d.raw_equals(k)));
        }
    }

    fn sweep(&mut self) {
        let heap = &mut self.heap;
        for i in heap.strings.live().collect::<Vec<_>>() {
            if !std::mem::take(&mut heap.strings.marks[i as usize]) {
                heap.free_string(i);
            }
        }
        for i in heap.tables.live().collect::<Vec<_>>() {
            if !std::mem::take(&mut heap.tables.marks[i as usize]) {
                if let Some(table) = heap.tables.remove(i) {
                    heap.bytes = heap.bytes.saturating_sub(table.byte_size());
                }
            }
        }
        for i in heap.functions.live().collect::<Vec<_>>() {
            if !std::mem::take(&mut heap.functions.marks[i as usize]) {
                if let Some(f) = heap.functions.remove(i) {
                    heap.bytes = heap.bytes.saturating_sub(f.byte_size());
                }
            }
        }
        for i in heap.upvalues.live().collect::<Vec<_>>() {
            if !std::mem::take(&mut heap.upvalues.marks[i as usize]) {
                heap.upvalues.remove(i);
                heap.bytes = heap.bytes.saturating_sub(32);
            }
        }
        for i in heap.userdata.live().collect::<Vec<_>>() {
            if !std::mem::take(&mut heap.userdata.marks[i as usize]) {
                heap.userdata.remove(i);
                heap.bytes = heap.bytes.saturating_sub(40);
            }
        }
        for i in heap.threads.live().collect::<Vec<_>>() {
            if !std::mem::take(&mut heap.threads.marks[i as usize]) {
                heap.threads.remove(i);
                heap.bytes = heap.bytes.saturating_sub(200);
            }
        }
    }
}

/// The heap size below which no collection runs, by default: room for a program to build its
/// data before the first collection.
pub const MIN_THRESHOLD: usize = 1 << 20;

/// Whether a table with metatable `mt` has weak keys and/or values (`__mode`).
fn weakness(
    heap: &super::heap::Heap,
    mt: TableRef,
    names: &super::metamethod::Names,
) -> (bool, bool) {
    match heap
        .table(mt)
        .get_str(names.event(super::metamethod::Event::Mode))
    {
        Value::String(s) => {
            let mode = heap.bytes_of(s);
            (mode.contains(&b'k'), mode.contains(&b'v'))
        }
        _ => (false, false),
    }
}
