//! What LDB reads off the call stack of a paused script: which frames are the script's own
//! (their chunk name says `user_script`), the line each frame is at, its local variables as
//! `lua_getlocal` lists them, and the name its caller gave it (`getfuncname`).

use crate::compiler::symbolic::local_name;
use crate::compiler::{chunk_id, RUNTIME_ID_SIZE};
use crate::vm::state::{Frame, Vm};
use crate::vm::value::Value;

/// Whether code from chunk `source` belongs to the script being debugged: its short name
/// mentions `user_script`, as LDB checks.
pub fn is_user_script(source: &[u8]) -> bool {
    chunk_id(source, RUNTIME_ID_SIZE)
        .windows(b"user_script".len())
        .any(|w| w == b"user_script")
}

/// The pc a frame is at as the debug API sees it: the paused frame (level 0) at the
/// instruction about to run, its callers at the call they made.
fn current_pc(frame: &Frame, level: usize) -> usize {
    if level == 0 {
        frame.pc
    } else {
        frame.pc.saturating_sub(1)
    }
}

/// The line frame `frame` is at, `level` frames below the paused one.
pub fn current_line(frame: &Frame, level: usize) -> i32 {
    frame.proto.proto.line_at(current_pc(frame, level))
}

/// The named local variables active in `frame` (at `level`), in declaration order, with
/// their values.
pub fn locals(vm: &Vm, frame: &Frame, level: usize) -> Vec<(Vec<u8>, Value)> {
    let proto = &frame.proto.proto;
    let pc = current_pc(frame, level);
    let mut found = Vec::new();
    let mut n = 1;
    while let Some(name) = local_name(proto, n, pc) {
        let value = vm
            .thread
            .stack
            .get(frame.base + n as usize - 1)
            .copied()
            .unwrap_or_default();
        found.push((name.to_vec(), value));
        n += 1;
    }
    found
}

/// The name the caller of frame `index` (of the paused thread) called it by, as 5.1's
/// `getfuncname` finds it.
pub fn function_name(vm: &Vm, index: usize) -> Option<Vec<u8>> {
    crate::vm::traceback::called_name(&vm.thread.frames, index)
}
