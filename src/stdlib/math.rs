//! The math library (lmathlib.c): every 5.1 function and constant. `random` and
//! `randomseed` use glibc's `rand` as lua5.1 does on this platform, so seeded sequences match.

use super::crand::{CRand, RAND_MAX};
use crate::vm::state::{Args, LuaError, Outcome, Vm};
use crate::vm::value::Value;

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let math = vm.heap.new_table(0, 32).map_err(|e| vm.heap_error(e))?;
    vm.register(
        math,
        &[
            ("abs", abs),
            ("acos", acos),
            ("asin", asin),
            ("atan", atan),
            ("atan2", atan2),
            ("ceil", ceil),
            ("cos", cos),
            ("cosh", cosh),
            ("deg", deg),
            ("exp", exp),
            ("floor", floor),
            ("fmod", fmod),
            ("frexp", frexp),
            ("ldexp", ldexp),
            ("log", log),
            ("log10", log10),
            ("max", max),
            ("min", min),
            ("mod", fmod),
            ("modf", modf),
            ("pow", pow),
            ("rad", rad),
            ("random", random),
            ("randomseed", randomseed),
            ("sin", sin),
            ("sinh", sinh),
            ("sqrt", sqrt),
            ("tan", tan),
            ("tanh", tanh),
        ],
    )?;
    vm.set_field(math, "pi", Value::Number(std::f64::consts::PI))
        .map_err(|e| vm.heap_error(e))?;
    vm.set_field(math, "huge", Value::Number(f64::INFINITY))
        .map_err(|e| vm.heap_error(e))?;
    let globals = vm.globals;
    vm.set_field(globals, "math", Value::Table(math))
        .map_err(|e| vm.heap_error(e))
}

fn one(vm: &mut Vm, args: Args, f: fn(f64) -> f64) -> Result<Outcome, LuaError> {
    let x = vm.check_number(args, 0)?;
    vm.push(Value::Number(f(x)));
    Ok(Outcome::Return(1))
}

fn two(vm: &mut Vm, args: Args, f: fn(f64, f64) -> f64) -> Result<Outcome, LuaError> {
    let x = vm.check_number(args, 0)?;
    let y = vm.check_number(args, 1)?;
    vm.push(Value::Number(f(x, y)));
    Ok(Outcome::Return(1))
}

fn abs(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::abs)
}
fn acos(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::acos)
}
fn asin(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::asin)
}
fn atan(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::atan)
}
fn atan2(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    two(vm, a, f64::atan2)
}
fn ceil(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::ceil)
}
fn cos(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::cos)
}
fn cosh(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::cosh)
}
fn deg(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, |x| x / (std::f64::consts::PI / 180.0))
}
fn exp(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::exp)
}
fn floor(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::floor)
}
fn fmod(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    two(vm, a, |x, y| x % y)
}
fn log(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::ln)
}
fn log10(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::log10)
}
fn pow(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    two(vm, a, f64::powf)
}
fn rad(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, |x| x * (std::f64::consts::PI / 180.0))
}
fn sin(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::sin)
}
fn sinh(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::sinh)
}
fn sqrt(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::sqrt)
}
fn tan(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::tan)
}
fn tanh(vm: &mut Vm, a: Args) -> Result<Outcome, LuaError> {
    one(vm, a, f64::tanh)
}

fn modf(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let x = vm.check_number(args, 0)?;
    let int = x.trunc();
    // C's modf: the fraction of an infinity is 0, and a zero fraction keeps x's sign.
    let fraction = if x.is_infinite() { 0.0 } else { x - int };
    let fraction = if fraction == 0.0 {
        0.0f64.copysign(x)
    } else {
        fraction
    };
    vm.push(Value::Number(int));
    vm.push(Value::Number(fraction));
    Ok(Outcome::Return(2))
}

/// C's `frexp`: `x = m * 2^e` with `0.5 <= |m| < 1`.
fn frexp(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let x = vm.check_number(args, 0)?;
    let (m, e) = if x == 0.0 || x.is_nan() || x.is_infinite() {
        (x, 0)
    } else {
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i32;
        if exponent == 0 {
            // Subnormal: scale into the normal range first.
            let scaled = x * 2f64.powi(64);
            let e = (((scaled.to_bits() >> 52) & 0x7ff) as i32) - 1022 - 64;
            (
                f64::from_bits((scaled.to_bits() & !(0x7ff << 52)) | (1022 << 52)),
                e,
            )
        } else {
            (
                f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52)),
                exponent - 1022,
            )
        }
    };
    vm.push(Value::Number(m));
    vm.push(Value::Number(f64::from(e)));
    Ok(Outcome::Return(2))
}

fn ldexp(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let m = vm.check_number(args, 0)?;
    let e = vm.check_int(args, 1)?;
    let mut x = m;
    let mut e = e.clamp(-2200, 2200) as i32;
    // Scale in steps so intermediate powers of two stay finite.
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    vm.push(Value::Number(x * 2f64.powi(e)));
    Ok(Outcome::Return(1))
}

fn extreme(vm: &mut Vm, args: Args, better: fn(f64, f64) -> bool) -> Result<Outcome, LuaError> {
    let mut best = vm.check_number(args, 0)?;
    for i in 1..args.count {
        let x = vm.check_number(args, i)?;
        if better(x, best) {
            best = x;
        }
    }
    vm.push(Value::Number(best));
    Ok(Outcome::Return(1))
}

fn max(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    extreme(vm, args, |x, best| x > best)
}

fn min(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    extreme(vm, args, |x, best| x < best)
}

fn random(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    // `(double)(rand() % RAND_MAX) / RAND_MAX`, as lmathlib.c computes it.
    let r = f64::from(vm.rand.rand() % RAND_MAX) / f64::from(RAND_MAX);
    random_in_range(vm, args, r)
}

/// `math.random`'s answer for a fraction `r` in [0, 1): `r` itself, or an integer in
/// [1, m] or [m, n] by 5.1's argument rules. Redis's `math.random` shares them with its own
/// generator.
pub fn random_in_range(vm: &mut Vm, args: Args, r: f64) -> Result<Outcome, LuaError> {
    let value = match args.count {
        0 => r,
        1 => {
            let u = vm.check_int(args, 0)?;
            if u < 1 {
                return Err(vm.arg_error(1, "interval is empty"));
            }
            (r * u as f64).floor() + 1.0
        }
        2 => {
            let l = vm.check_int(args, 0)?;
            let u = vm.check_int(args, 1)?;
            if l > u {
                return Err(vm.arg_error(2, "interval is empty"));
            }
            (r * (u - l + 1) as f64).floor() + l as f64
        }
        _ => return Err(vm.native_error("wrong number of arguments")),
    };
    vm.push(Value::Number(value));
    Ok(Outcome::Return(1))
}

fn randomseed(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let seed = vm.check_int(args, 0)?;
    vm.rand = CRand::seeded(seed as u32);
    Ok(Outcome::Return(0))
}
