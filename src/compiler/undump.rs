//! Reading Lua 5.1 binary chunks (`luac` output, `string.dump`) back into `Proto`s, as
//! lundump.c does for this platform's header: little-endian, 4-byte int, 8-byte size_t,
//! 4-byte instructions, 8-byte double numbers. Each function's code is verified as 5.1 does
//! ("bad code"), since a crafted chunk must not be able to crash the VM.

use super::instruction::Instruction;
use super::proto::{Constant, LocalVar, Proto};
use super::symbolic::check_code;
use super::SyntaxError;
use std::rc::Rc;

/// The 12-byte header every chunk from this platform's luac5.1 starts with.
pub const HEADER: [u8; 12] = [0x1b, b'L', b'u', b'a', 0x51, 0, 1, 4, 8, 4, 8, 0];

/// `LUAI_MAXCCALLS`: how deeply functions may nest in a chunk.
const MAX_DEPTH: usize = 200;

/// Reads the binary chunk `bytes` loaded under the chunk name `name`.
pub fn undump(bytes: &[u8], name: &[u8]) -> Result<Rc<Proto>, SyntaxError> {
    let shown: &[u8] = match name.first() {
        Some(b'@' | b'=') => &name[1..],
        Some(0x1b) => b"binary string",
        _ => name,
    };
    let mut reader = Reader {
        bytes,
        at: 0,
        name: shown.to_vec(),
    };
    if reader.take(HEADER.len())? != HEADER {
        return Err(reader.error("bad header"));
    }
    let parent: Rc<[u8]> = Rc::from(&b"=?"[..]);
    reader.function(&parent, 0)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    name: Vec<u8>,
}

impl Reader<'_> {
    /// `<name>: <why> in precompiled chunk`.
    fn error(&self, why: &str) -> SyntaxError {
        let mut message = self.name.clone();
        message.extend_from_slice(format!(": {why} in precompiled chunk").as_bytes());
        SyntaxError { message }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], SyntaxError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| self.error("unexpected end"))?;
        let block = &self.bytes[self.at..end];
        self.at = end;
        Ok(block)
    }

    fn byte(&mut self) -> Result<u8, SyntaxError> {
        Ok(self.take(1)?[0])
    }

    fn word<const N: usize>(&mut self) -> Result<[u8; N], SyntaxError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn int(&mut self) -> Result<i32, SyntaxError> {
        let value = i32::from_le_bytes(self.word::<4>()?);
        if value < 0 {
            return Err(self.error("bad integer"));
        }
        Ok(value)
    }

    /// A count of items that follow; the items are read one by one, so a lying count fails
    /// with "unexpected end" instead of allocating.
    fn count(&mut self) -> Result<usize, SyntaxError> {
        Ok(self.int()? as usize)
    }

    /// A string: its size with the trailing NUL, then the bytes; size 0 is no string.
    fn string(&mut self) -> Result<Option<Rc<[u8]>>, SyntaxError> {
        let size = u64::from_le_bytes(self.word::<8>()?);
        if size == 0 {
            return Ok(None);
        }
        let size = usize::try_from(size).map_err(|_| self.error("unexpected end"))?;
        let block = self.take(size)?;
        Ok(Some(Rc::from(&block[..size - 1])))
    }

    fn function(&mut self, parent: &Rc<[u8]>, depth: usize) -> Result<Rc<Proto>, SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.error("code too deep"));
        }
        let source = self.string()?.unwrap_or_else(|| parent.clone());
        let line_defined = self.int()?;
        let last_line_defined = self.int()?;
        let num_upvalues = self.byte()?;
        let num_params = self.byte()?;
        let vararg = self.byte()?;
        let max_stack_size = self.byte()?;
        let mut code = Vec::new();
        for _ in 0..self.count()? {
            code.push(u32::from_le_bytes(self.word::<4>()?));
        }
        let mut constants = Vec::new();
        for _ in 0..self.count()? {
            constants.push(match self.byte()? {
                0 => Constant::Nil,
                1 => Constant::Boolean(self.byte()? != 0),
                3 => Constant::Number(f64::from_le_bytes(self.word::<8>()?)),
                4 => Constant::String(self.string()?.unwrap_or_else(|| Rc::from(&b""[..]))),
                _ => return Err(self.error("bad constant")),
            });
        }
        let mut protos = Vec::new();
        for _ in 0..self.count()? {
            protos.push(self.function(&source, depth + 1)?);
        }
        let mut line_info = Vec::new();
        for _ in 0..self.count()? {
            line_info.push(i32::from_le_bytes(self.word::<4>()?));
        }
        let mut locals = Vec::new();
        for _ in 0..self.count()? {
            let name = self.string()?.unwrap_or_else(|| Rc::from(&b""[..]));
            let start_pc = self.int()? as u32;
            let end_pc = self.int()? as u32;
            locals.push(LocalVar {
                name,
                start_pc,
                end_pc,
            });
        }
        let mut upvalue_names = Vec::new();
        for _ in 0..self.count()? {
            upvalue_names.push(self.string()?.unwrap_or_else(|| Rc::from(&b""[..])));
        }
        let proto = Proto {
            source,
            line_defined,
            last_line_defined,
            num_upvalues,
            num_params,
            vararg,
            max_stack_size,
            instructions: Instruction::decode_all(&code),
            code,
            constants,
            protos,
            line_info,
            locals,
            upvalue_names,
        };
        if !check_code(&proto) {
            return Err(self.error("bad code"));
        }
        Ok(Rc::new(proto))
    }
}
