//! Redis's `struct` library (`pack`, `unpack`, `size`) on the VM: reads the arguments as
//! struct.c does and hands them to [`struct_codec`](super::struct_codec), which does the work.

use super::struct_codec::{self, PackArgs, StructError, Unpacked};
use crate::vm::state::{Args, LuaError, Outcome, Vm};
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    // Sized as luaL_register sizes it (the layout shows in `pairs` order).
    let library = vm.heap.new_table(0, 3).map_err(|e| vm.heap_error(e))?;
    vm.register(
        library,
        &[("pack", pack), ("unpack", unpack), ("size", size)],
    )?;
    let globals = vm.globals;
    vm.set_field(globals, "struct", Value::Table(library))
        .map_err(|e| vm.heap_error(e))
}

/// A codec error as the Lua error struct.c raises.
fn raise(vm: &mut Vm, error: StructError) -> LuaError {
    match error {
        StructError::Argument { arg, message } => vm.arg_error(arg, &message),
        StructError::Message(message) => vm.native_error(&message),
    }
}

/// The call's arguments, checked with `luaL_checknumber` / `luaL_checklstring` as the codec
/// asks for them. A VM error is kept aside (the codec only carries struct errors) and
/// reported in its place.
struct CallArgs<'a> {
    vm: &'a mut Vm,
    args: Args,
    failure: Option<LuaError>,
}

impl CallArgs<'_> {
    fn checked<T>(&mut self, result: Result<T, LuaError>) -> Result<T, StructError> {
        result.map_err(|error| {
            self.failure = Some(error);
            StructError::Message(String::new())
        })
    }
}

impl PackArgs for CallArgs<'_> {
    fn count(&self) -> usize {
        self.args.count
    }

    fn number(&mut self, arg: usize) -> Result<f64, StructError> {
        let result = self.vm.check_number(self.args, arg - 1);
        self.checked(result)
    }

    fn bytes(&mut self, arg: usize) -> Result<Vec<u8>, StructError> {
        let result = self.vm.check_bytes(self.args, arg - 1);
        self.checked(result)
    }
}

fn pack(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let format = vm.check_bytes(args, 0)?;
    let mut call = CallArgs {
        vm,
        args,
        failure: None,
    };
    let packed = struct_codec::pack(&format, &mut call);
    let failure = call.failure.take();
    let packed = match (packed, failure) {
        (_, Some(error)) => return Err(error),
        (Err(error), None) => return Err(raise(vm, error)),
        (Ok(packed), None) => packed,
    };
    let value = vm.string(&packed)?;
    vm.push(value);
    Ok(Outcome::Return(1))
}

fn unpack(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let format = vm.check_bytes(args, 0)?;
    let data = vm.check_bytes(args, 1)?;
    // luaL_optinteger: the number converted to a C long.
    let offset = crate::stdlib::printf::c_long(vm.opt_number(args, 2, 1.0)?);
    let values = struct_codec::unpack(&format, &data, offset, args.count)
        .map_err(|error| raise(vm, error))?;
    let count = values.len();
    for value in values {
        let value = match value {
            Unpacked::Number(n) => Value::Number(n),
            Unpacked::Bytes(bytes) => vm.string(&bytes)?,
        };
        vm.push(value);
    }
    Ok(Outcome::Return(count))
}

fn size(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let format = vm.check_bytes(args, 0)?;
    let size = struct_codec::size(&format).map_err(|error| raise(vm, error))?;
    vm.push(Value::Number(size as f64));
    Ok(Outcome::Return(1))
}
