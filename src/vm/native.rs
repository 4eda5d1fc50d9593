//! Helpers for native functions (lauxlib.c's job): checking arguments with 5.1's messages
//! (`bad argument #1 to 'insert' (table expected, got nil)`), naming the function the way 5.1
//! does (from the calling instruction), converting values to text, and registering libraries.

use super::state::{Args, LuaError, Native, Vm};
use super::value::{TableRef, Value};
use crate::compiler::instruction::Instruction;
use crate::compiler::symbolic::{register_name, NameKind};
use crate::number::{number_to_string, str_to_number};

impl Vm {
    /// How the running native was called, as `lua_getinfo(L, "n")` finds it: the kind and
    /// name of the called value at the calling CALL/TAILCALL, if the caller is Lua code.
    pub fn native_name(&self) -> Option<(NameKind, Vec<u8>)> {
        if !self.caller_is_lua {
            return None;
        }
        let frame = self.thread.frames.last()?;
        let pc = frame.pc.checked_sub(1)?;
        let a = match frame.proto.proto.instructions.get(pc)? {
            Instruction::Call { a, .. } | Instruction::TailCall { a, .. } => *a,
            Instruction::TForLoop { a, .. } => *a,
            _ => return None,
        };
        register_name(&frame.proto.proto, pc, u32::from(a))
    }

    /// `luaL_error`: a message with the position of the Lua code that called the native.
    pub fn native_error(&mut self, message: &str) -> LuaError {
        self.runtime_error(message)
    }

    /// `luaL_argerror`.
    pub fn arg_error(&mut self, n: usize, extra: &str) -> LuaError {
        let mut n = n;
        let name = self.native_name();
        if let Some((NameKind::Method, name)) = &name {
            n -= 1;
            if n == 0 {
                let message = format!(
                    "calling '{}' on bad self ({extra})",
                    String::from_utf8_lossy(name)
                );
                return self.native_error(&message);
            }
        }
        let name = name.map_or_else(
            || "?".to_string(),
            |(_, n)| String::from_utf8_lossy(&n).into_owned(),
        );
        self.native_error(&format!("bad argument #{n} to '{name}' ({extra})"))
    }

    /// `luaL_typerror`: `<expected> expected, got <type>` (`no value` past the arguments).
    pub fn type_arg_error(&mut self, args: Args, i: usize, expected: &str) -> LuaError {
        let got = if i < args.count {
            self.arg(args, i).type_name()
        } else {
            "no value"
        };
        self.arg_error(i + 1, &format!("{expected} expected, got {got}"))
    }

    pub fn check_any(&mut self, args: Args, i: usize) -> Result<Value, LuaError> {
        if i >= args.count {
            return Err(self.arg_error(i + 1, "value expected"));
        }
        Ok(self.arg(args, i))
    }

    pub fn check_table(&mut self, args: Args, i: usize) -> Result<TableRef, LuaError> {
        match self.arg(args, i) {
            Value::Table(t) => Ok(t),
            _ => Err(self.type_arg_error(args, i, "table")),
        }
    }

    /// `luaL_checknumber`: numbers and strings that read as numbers.
    pub fn check_number(&mut self, args: Args, i: usize) -> Result<f64, LuaError> {
        match self.arg(args, i) {
            Value::Number(n) => Ok(n),
            Value::String(s) => match str_to_number(self.heap.bytes_of(s)) {
                Some(n) => Ok(n),
                None => Err(self.type_arg_error(args, i, "number")),
            },
            _ => Err(self.type_arg_error(args, i, "number")),
        }
    }

    pub fn opt_number(&mut self, args: Args, i: usize, default: f64) -> Result<f64, LuaError> {
        if self.arg(args, i).is_nil() {
            Ok(default)
        } else {
            self.check_number(args, i)
        }
    }

    /// `luaL_checkint`: the number truncated toward zero, as C's cast does.
    pub fn check_int(&mut self, args: Args, i: usize) -> Result<i64, LuaError> {
        Ok(c_int(self.check_number(args, i)?))
    }

    pub fn opt_int(&mut self, args: Args, i: usize, default: i64) -> Result<i64, LuaError> {
        if self.arg(args, i).is_nil() {
            Ok(default)
        } else {
            self.check_int(args, i)
        }
    }

    /// `luaL_checklstring`: strings, and numbers converted to their text.
    pub fn check_bytes(&mut self, args: Args, i: usize) -> Result<Vec<u8>, LuaError> {
        match self.arg(args, i) {
            Value::String(s) => Ok(self.heap.bytes_of(s).to_vec()),
            Value::Number(n) => Ok(number_to_string(n).into_bytes()),
            _ => Err(self.type_arg_error(args, i, "string")),
        }
    }

    /// `tostring` without metamethods: what 5.1 prints for a value.
    pub fn plain_text(&self, value: &Value) -> Vec<u8> {
        match value {
            Value::Nil => b"nil".to_vec(),
            Value::Boolean(b) => {
                if *b {
                    b"true".to_vec()
                } else {
                    b"false".to_vec()
                }
            }
            Value::Number(n) => number_to_string(*n).into_bytes(),
            Value::String(s) => self.heap.bytes_of(*s).to_vec(),
            Value::Table(r) => {
                format!("table: 0x{:08x}", 0x1000_0000 + r.0 as u64 * 0x40).into_bytes()
            }
            Value::Function(r) => {
                let kind = match self.heap.function(*r) {
                    super::function::Function::Native(_) => "builtin",
                    super::function::Function::Lua(_) => "function",
                };
                let _ = kind;
                format!("function: 0x{:08x}", 0x2000_0000 + r.0 as u64 * 0x40).into_bytes()
            }
            Value::Userdata(r) => {
                format!("userdata: 0x{:08x}", 0x3000_0000 + r.0 as u64 * 0x40).into_bytes()
            }
            Value::Thread(r) => {
                format!("thread: 0x{:08x}", 0x4000_0000 + r.0 as u64 * 0x40).into_bytes()
            }
        }
    }

    /// Registers `functions` in `table` (a library).
    pub fn register(
        &mut self,
        table: TableRef,
        functions: &[(&'static str, Native)],
    ) -> Result<(), LuaError> {
        for &(name, function) in functions {
            let f = self
                .native(name, function)
                .map_err(|e| self.heap_error(e))?;
            self.set_field(table, name, f)
                .map_err(|e| self.heap_error(e))?;
        }
        Ok(())
    }
}

/// `luaL_checkint`'s conversion on this platform: the double cast to a 64-bit integer
/// (out of range: INT64_MIN, as x86-64 does), then to a C int (its low 32 bits).
pub fn c_int(n: f64) -> i64 {
    const TWO_63: f64 = 9223372036854775808.0;
    let wide = if n.is_nan() || !(-TWO_63..TWO_63).contains(&n) {
        i64::MIN
    } else {
        n as i64
    };
    i64::from(wide as i32)
}
