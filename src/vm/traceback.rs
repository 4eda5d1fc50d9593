//! `stack traceback:` as lua.c prints it for an uncaught error (ldblib.c's `db_errorfb` over
//! the frames still standing): the native that raised the error, each Lua function with its
//! position and how its caller named it, tail calls, and the host's C entry.

use super::state::{Frame, Then, Vm};
use crate::compiler::symbolic::register_name;
use crate::compiler::{chunk_id, RUNTIME_ID_SIZE};

impl Vm {
    /// The traceback of the frames above `host_frames`, innermost first. `native` is the
    /// native function the error was raised in, with the name its caller gave it.
    pub fn traceback(&self, native: Option<&Option<Vec<u8>>>, host_frames: usize) -> Vec<u8> {
        let mut out = b"stack traceback:".to_vec();
        if let Some(name) = native {
            match name {
                Some(name) => {
                    out.extend_from_slice(b"\n\t[C]: in function '");
                    out.extend_from_slice(name);
                    out.push(b'\'');
                }
                None => out.extend_from_slice(b"\n\t[C]: ?"),
            }
        }
        let frames = self.thread.frames.get(host_frames..).unwrap_or(&[]);
        for (i, frame) in frames.iter().enumerate().rev() {
            let proto = &frame.proto.proto;
            let source = chunk_id(&proto.source, RUNTIME_ID_SIZE);
            out.extend_from_slice(b"\n\t");
            out.extend_from_slice(&source);
            let line = proto.line_at(frame.pc.saturating_sub(1));
            out.extend_from_slice(format!(":{line}: in ").as_bytes());
            out.extend_from_slice(&function_name(frames, i));
            if frame.tail_calls > 0 {
                out.extend_from_slice(b"\n\t(tail call): ?");
            }
            if !called_from_lua(frame) {
                out.extend_from_slice(b"\n\t[C]: ?");
            }
        }
        if !out.ends_with(b"[C]: ?") {
            out.extend_from_slice(b"\n\t[C]: ?");
        }
        out
    }
}

/// Whether a Lua function's caller was Lua code (a call, or a metamethod or iterator called
/// on an instruction's behalf) rather than a native or the host.
pub fn called_from_lua(frame: &Frame) -> bool {
    matches!(
        frame.then,
        Then::Results
            | Then::Store(_)
            | Then::Compare { .. }
            | Then::Discard
            | Then::Concat { .. }
            | Then::ForIterator
    )
}

/// How a traceback names the function of `frames[i]`: `main chunk`, `function 'name'` (the
/// name its Lua caller called it by) or `function <source:line>`.
pub fn function_name(frames: &[Frame], i: usize) -> Vec<u8> {
    let Some(frame) = frames.get(i) else {
        return b"?".to_vec();
    };
    let proto = &frame.proto.proto;
    let caller = i.checked_sub(1).and_then(|j| frames.get(j));
    let name = match caller {
        Some(caller) if called_from_lua(frame) && frame.tail_calls == 0 => register_name(
            &caller.proto.proto,
            caller.pc.saturating_sub(1),
            frame.func.saturating_sub(caller.base) as u32,
        ),
        _ => None,
    };
    if proto.line_defined == 0 {
        return b"main chunk".to_vec();
    }
    match name {
        Some((_, name)) => [b"function '".as_slice(), &name, b"'"].concat(),
        None => {
            let source = chunk_id(&proto.source, RUNTIME_ID_SIZE);
            [
                b"function <".as_slice(),
                &source,
                format!(":{}>", proto.line_defined).as_bytes(),
            ]
            .concat()
        }
    }
}
