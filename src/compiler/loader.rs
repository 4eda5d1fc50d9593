//! Loading a chunk the way 5.1's `lua_load` and `luaL_loadfile` do: binary chunks (starting
//! with ESC) go to the undumper and everything else to the parser; files may start with a
//! `#` line (a Unix shebang) that is skipped but still counted as line 1.

use super::{compile, undump::undump, SyntaxError};
use crate::compiler::proto::Proto;
use std::borrow::Cow;
use std::rc::Rc;

/// The first byte of every binary chunk (`LUA_SIGNATURE[0]`).
pub const BINARY_MARK: u8 = 0x1b;

/// `lua_load`: compiles or undumps `chunk`, named `name`. `c_calls` as for `compile`.
pub fn load(chunk: &[u8], name: &[u8], c_calls: u32) -> Result<Rc<Proto>, SyntaxError> {
    if chunk.first() == Some(&BINARY_MARK) {
        undump(chunk, name)
    } else {
        compile(chunk, name, c_calls)
    }
}

/// What `luaL_loadfile` reads from a file's bytes: a first line starting with `#` becomes an
/// empty line (so line numbers stay right), unless a binary chunk follows it, which is then
/// read from its first ESC byte.
pub fn file_chunk(bytes: &[u8]) -> Cow<'_, [u8]> {
    if bytes.first() != Some(&b'#') {
        return Cow::Borrowed(bytes);
    }
    let rest = match bytes.iter().position(|&b| b == b'\n') {
        Some(newline) => &bytes[newline + 1..],
        None => &[],
    };
    if rest.first() == Some(&BINARY_MARK) {
        Cow::Borrowed(rest)
    } else {
        let mut chunk = Vec::with_capacity(rest.len() + 1);
        chunk.push(b'\n');
        chunk.extend_from_slice(rest);
        Cow::Owned(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebang_lines_keep_their_line() {
        assert_eq!(&*file_chunk(b"#!/bin/lua\nprint(1)\n"), b"\nprint(1)\n");
        assert_eq!(&*file_chunk(b"#only"), b"\n");
        assert_eq!(&*file_chunk(b"#x\n\x1bLua"), b"\x1bLua");
        assert_eq!(&*file_chunk(b"x = 1"), b"x = 1");
    }
}
