//! Redis's `bit` library: LuaBitOp 1.0.2 (`tobit bnot band bor bxor lshift rshift arshift rol
//! ror bswap tohex`) on 32-bit integers, with Redis's fix for `tohex(x, -2^31)`.

use crate::number::str_to_number;
use crate::vm::state::{Args, LuaError, Outcome, Vm};
use crate::vm::value::Value;

/// 2^52 + 2^51: adding it to a double leaves the integer nearest to the value (ties to even)
/// in the low bits of the sum's mantissa, which is how LuaBitOp converts numbers to bits.
const ROUNDING_BIAS: f64 = 6_755_399_441_055_744.0;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    // Sized as luaL_register sizes it (the layout shows in `pairs` order).
    let bit = vm.heap.new_table(0, 12).map_err(|e| vm.heap_error(e))?;
    vm.register(
        bit,
        &[
            ("tobit", tobit),
            ("bnot", bnot),
            ("band", band),
            ("bor", bor),
            ("bxor", bxor),
            ("lshift", lshift),
            ("rshift", rshift),
            ("arshift", arshift),
            ("rol", rol),
            ("ror", ror),
            ("bswap", bswap),
            ("tohex", tohex),
        ],
    )?;
    let globals = vm.globals;
    vm.set_field(globals, "bit", Value::Table(bit))
        .map_err(|e| vm.heap_error(e))
}

/// The low 32 bits of the integer nearest to `n` (modulo 2^32).
pub fn to_bits(n: f64) -> u32 {
    (n + ROUNDING_BIAS).to_bits() as u32
}

/// Argument `i` as bits. Like LuaBitOp on 5.1, it reads the argument with `lua_tonumber`
/// (0 for anything that is not a number) and only complains when that gave 0 bits.
fn bits_arg(vm: &mut Vm, args: Args, i: usize) -> Result<u32, LuaError> {
    let number = match vm.arg(args, i) {
        Value::Number(n) => Some(n),
        Value::String(s) => str_to_number(vm.heap.bytes_of(s)),
        _ => None,
    };
    let bits = to_bits(number.unwrap_or(0.0));
    if bits == 0 && number.is_none() {
        return Err(vm.type_arg_error(args, i, "number"));
    }
    Ok(bits)
}

fn push_bits(vm: &mut Vm, bits: u32) -> Result<Outcome, LuaError> {
    vm.push(Value::Number(f64::from(bits as i32)));
    Ok(Outcome::Return(1))
}

fn tobit(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let b = bits_arg(vm, args, 0)?;
    push_bits(vm, b)
}

fn bnot(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let b = bits_arg(vm, args, 0)?;
    push_bits(vm, !b)
}

/// `band`/`bor`/`bxor`: the first argument, then the others from the last one down (the
/// order their errors show in).
fn fold(vm: &mut Vm, args: Args, op: fn(u32, u32) -> u32) -> Result<Outcome, LuaError> {
    let mut b = bits_arg(vm, args, 0)?;
    for i in (1..args.count).rev() {
        b = op(b, bits_arg(vm, args, i)?);
    }
    push_bits(vm, b)
}

fn band(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    fold(vm, args, |a, b| a & b)
}

fn bor(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    fold(vm, args, |a, b| a | b)
}

fn bxor(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    fold(vm, args, |a, b| a ^ b)
}

/// Shifts and rotations: the count is taken modulo 32.
fn shift(vm: &mut Vm, args: Args, op: fn(u32, u32) -> u32) -> Result<Outcome, LuaError> {
    let b = bits_arg(vm, args, 0)?;
    let n = bits_arg(vm, args, 1)? & 31;
    push_bits(vm, op(b, n))
}

fn lshift(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    shift(vm, args, |b, n| b << n)
}

fn rshift(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    shift(vm, args, |b, n| b >> n)
}

fn arshift(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    shift(vm, args, |b, n| ((b as i32) >> n) as u32)
}

fn rol(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    shift(vm, args, u32::rotate_left)
}

fn ror(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    shift(vm, args, u32::rotate_right)
}

fn bswap(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let b = bits_arg(vm, args, 0)?;
    push_bits(vm, b.swap_bytes())
}

/// `tohex(x [, n])`: the low `|n|` hex digits (at most 8), upper case when `n` is negative.
/// Redis clamps `n = -2^31` (whose negation overflows) so it gives 8 upper-case digits.
fn tohex(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let mut b = bits_arg(vm, args, 0)?;
    let n = if args.count < 2 {
        8
    } else {
        bits_arg(vm, args, 1)? as i32
    };
    let digits: &[u8; 16] = if n < 0 {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let width = n.unsigned_abs().min(8) as usize;
    let mut text = vec![0u8; width];
    for slot in text.iter_mut().rev() {
        *slot = digits[(b & 15) as usize];
        b >>= 4;
    }
    let value = vm.string(&text)?;
    vm.push(value);
    Ok(Outcome::Return(1))
}
