//! Layer 1, the compiler: Lua 5.1 source to immutable prototypes, exactly as PUC-Rio Lua 5.1.5
//! builds them — the lexer, the parser driving the code generator, the opcode table, `Proto`,
//! reading binary chunks, and the `luac -l -l` listing.

pub mod code;
pub mod dump;
pub mod expr;
pub mod function;
pub mod instruction;
pub mod lexer;
pub mod listing;
pub mod loader;
pub mod opcode;
pub mod parser;
pub mod proto;
pub mod symbolic;
pub mod undump;

pub use parser::compile;

/// A compile error, its message complete as lua5.1 gives it (`chunk:line: message near 'x'`):
/// bytes, like every Lua string, since source text shows in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: Vec<u8>,
}

/// Room for a chunk's display name in compile errors (llex.c's `MAXSRC`), NUL included.
pub const COMPILE_ID_SIZE: usize = 80;
/// Room for it in runtime error positions and `debug.getinfo` (`LUA_IDSIZE`), NUL included.
pub const RUNTIME_ID_SIZE: usize = 60;

/// `luaO_chunkid`: the display name of a chunk named `source`, in a buffer of `size` bytes —
/// `=name` shows `name`, `@file` shows the file (its last part when long), anything else is
/// source text shown as `[string "first line..."]`. The name ends at its first NUL, as in C.
pub fn chunk_id(source: &[u8], size: usize) -> Vec<u8> {
    let source = match source.iter().position(|&b| b == 0) {
        Some(nul) => &source[..nul],
        None => source,
    };
    match source.split_first() {
        Some((b'=', name)) => name[..name.len().min(size - 1)].to_vec(),
        Some((b'@', file)) => {
            let room = size - " '...' ".len() - 1;
            if file.len() > room {
                [b"...".as_slice(), &file[file.len() - room..]].concat()
            } else {
                file.to_vec()
            }
        }
        _ => {
            let room = size - " [string \"...\"] ".len() - 1;
            let line = source
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .unwrap_or(source.len());
            let len = line.min(room);
            let mut shown = b"[string \"".to_vec();
            shown.extend_from_slice(&source[..len]);
            if len < source.len() {
                shown.extend_from_slice(b"...");
            }
            shown.extend_from_slice(b"\"]");
            shown
        }
    }
}
