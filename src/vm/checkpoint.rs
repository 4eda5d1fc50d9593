//! Copies of a VM between two instructions, for the debugger's checkpoints: a copy run on
//! from there does exactly what the original would (the heap, its tables' layouts and free
//! lists, the threads and their frames and continuations are copied as they are). The
//! embedder's context is not: the embedder copies its own.

use super::state::Vm;

impl Vm {
    /// A copy of this VM, without the embedder's context.
    pub fn copy_without_embedder(&self) -> Vm {
        Vm {
            heap: self.heap.clone(),
            globals: self.globals,
            registry: self.registry,
            string_metatable: self.string_metatable,
            thread: self.thread.clone(),
            caller_is_lua: self.caller_is_lua,
            input: self.input.clone(),
            input_position: self.input_position,
            output: self.output.clone(),
            collect_output: self.collect_output,
            names: self.names.clone(),
            current: self.current,
            main_thread: self.main_thread,
            resumes: self.resumes.clone(),
            rand: self.rand.clone(),
            proxies: self.proxies.clone(),
            require_sentinel: self.require_sentinel,
            host: self.host,
            fuel: self.fuel,
            gc_threshold: self.gc_threshold,
            gc_floor: self.gc_floor,
            collections: self.collections,
            weak_tables: self.weak_tables.clone(),
            started: self.started,
            on_exit: self.on_exit,
            embedder: None,
            binary_chunks: self.binary_chunks,
            line_events: self.line_events,
            at_line_event: self.at_line_event,
            line_mark: self.line_mark,
            debugged: self.debugged,
            break_requested: self.break_requested,
            held_fuel: self.held_fuel,
            pause_filter: self.pause_filter.clone(),
        }
    }
}
