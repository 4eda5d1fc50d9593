//! C `printf` conversions exactly as lua5.1's `string.format` produces them on x86-64 glibc:
//! the conversion spec syntax 5.1 accepts, glibc's padding and flag rules, correctly rounded
//! decimal digits (Rust's exact float formatting rounds ties to even, as glibc does), and the C
//! casts from `double` that 5.1 applies before integer conversions.

/// The flag characters 5.1 accepts; five or more flag characters in one spec are an error.
const FLAGS: &[u8] = b"-+ #0";

/// A spec lua5.1 refuses, with its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecError {
    RepeatedFlags,
    TooLong,
}

impl SpecError {
    pub fn message(self) -> &'static str {
        match self {
            SpecError::RepeatedFlags => "invalid format (repeated flags)",
            SpecError::TooLong => "invalid format (width or precision too long)",
        }
    }
}

/// One parsed conversion spec such as `%-08.3f`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spec {
    pub left: bool,
    pub plus: bool,
    pub space: bool,
    pub alternate: bool,
    pub zero: bool,
    pub width: usize,
    pub precision: Option<usize>,
    /// The conversion character (`0` when the format ends right after the spec).
    pub conversion: u8,
}

/// Parses the spec that starts right after a `%` at `format[at..]`; returns it and the offset
/// just past its conversion character. Width and precision take at most two digits each.
pub fn parse_spec(format: &[u8], at: usize) -> Result<(Spec, usize), SpecError> {
    let byte = |i: usize| format.get(i).copied().unwrap_or(0);
    let mut spec = Spec::default();
    let mut p = at;
    while FLAGS.contains(&byte(p)) && byte(p) != 0 {
        match byte(p) {
            b'-' => spec.left = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.alternate = true,
            _ => spec.zero = true,
        }
        p += 1;
    }
    if p - at > FLAGS.len() {
        return Err(SpecError::RepeatedFlags);
    }
    let digits = |p: &mut usize| {
        let mut value = None;
        for _ in 0..2 {
            if byte(*p).is_ascii_digit() {
                value = Some(value.unwrap_or(0) * 10 + usize::from(byte(*p) - b'0'));
                *p += 1;
            }
        }
        value
    };
    spec.width = digits(&mut p).unwrap_or(0);
    if byte(p) == b'.' {
        p += 1;
        spec.precision = Some(digits(&mut p).unwrap_or(0));
    }
    if byte(p).is_ascii_digit() {
        return Err(SpecError::TooLong);
    }
    spec.conversion = byte(p);
    Ok((spec, p + 1))
}

/// C's `(long)x` on x86-64: truncation, with NaN and out-of-range values giving `LONG_MIN`.
pub fn c_long(x: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if x.is_nan() || !(-LIMIT..LIMIT).contains(&x) {
        i64::MIN
    } else {
        x.trunc() as i64
    }
}

/// C's `(unsigned long)x` as gcc compiles it for x86-64 (values from 2^63 go through a
/// subtraction and an xor; smaller ones, negative included, through the signed conversion).
pub fn c_unsigned_long(x: f64) -> u64 {
    const HALF: f64 = 9_223_372_036_854_775_808.0;
    if x >= HALF {
        (c_long(x - HALF) as u64) ^ (1 << 63)
    } else {
        c_long(x) as u64
    }
}

/// C's `(int)x`: NaN and out-of-range values give `INT_MIN`.
pub fn c_int(x: f64) -> i32 {
    if x.is_nan() || !(-2_147_483_648.0..2_147_483_648.0).contains(&x) {
        i32::MIN
    } else {
        x.trunc() as i32
    }
}

/// `%d` / `%i` of a C long.
pub fn format_signed(spec: &Spec, value: i64) -> Vec<u8> {
    let sign = if value < 0 {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    let digits = integer_digits(value.unsigned_abs().to_string(), spec.precision);
    pad_number(spec, sign, "", &digits, spec.precision.is_none())
}

/// `%o`, `%u`, `%x`, `%X` of a C unsigned long.
pub fn format_unsigned(spec: &Spec, value: u64) -> Vec<u8> {
    let text = match spec.conversion {
        b'o' => format!("{value:o}"),
        b'x' => format!("{value:x}"),
        b'X' => format!("{value:X}"),
        _ => value.to_string(),
    };
    let mut digits = integer_digits(text, spec.precision);
    let mut prefix = "";
    if spec.alternate {
        match spec.conversion {
            b'o' if !digits.starts_with('0') => digits.insert(0, '0'),
            b'x' if value != 0 => prefix = "0x",
            b'X' if value != 0 => prefix = "0X",
            _ => {}
        }
    }
    pad_number(spec, "", prefix, &digits, spec.precision.is_none())
}

/// Applies an integer precision: at least that many digits, and none for zero at precision 0.
fn integer_digits(digits: String, precision: Option<usize>) -> String {
    match precision {
        Some(0) if digits == "0" => String::new(),
        Some(p) if p > digits.len() => "0".repeat(p - digits.len()) + &digits,
        _ => digits,
    }
}

/// Pads `sign prefix body` to the width: left-justified, zero-filled after the prefix, or
/// right-justified with spaces.
fn pad_number(spec: &Spec, sign: &str, prefix: &str, body: &str, zero_allowed: bool) -> Vec<u8> {
    let len = sign.len() + prefix.len() + body.len();
    let fill = spec.width.saturating_sub(len);
    let mut out = String::with_capacity(len + fill);
    if spec.left {
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(body);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if spec.zero && zero_allowed {
        out.push_str(sign);
        out.push_str(prefix);
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(body);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(body);
    }
    out.into_bytes()
}

/// `%e`, `%E`, `%f`, `%g`, `%G` of a double.
pub fn format_float(spec: &Spec, value: f64) -> Vec<u8> {
    let upper = spec.conversion.is_ascii_uppercase();
    let sign = if value.is_sign_negative() {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    if !value.is_finite() {
        let word = match (value.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        return pad_number(spec, sign, "", word, false);
    }
    let magnitude = value.abs();
    let precision = spec.precision.unwrap_or(6);
    let body = match spec.conversion.to_ascii_lowercase() {
        b'e' => exponent_form(magnitude, precision, spec.alternate),
        b'g' => general_form(magnitude, precision, spec.alternate),
        _ => fixed_form(magnitude, precision, spec.alternate),
    };
    let body = if upper {
        body.to_ascii_uppercase()
    } else {
        body
    };
    pad_number(spec, sign, "", &body, true)
}

fn fixed_form(magnitude: f64, precision: usize, alternate: bool) -> String {
    let mut text = format!("{magnitude:.precision$}");
    if alternate && precision == 0 {
        text.push('.');
    }
    text
}

/// `d.ddde+XX`: Rust gives the exact digits, C wants a sign and at least two exponent digits.
fn exponent_form(magnitude: f64, precision: usize, alternate: bool) -> String {
    let rust = format!("{magnitude:.precision$e}");
    let (mantissa, exponent) = rust.split_once('e').unwrap_or((&rust, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let mut text = mantissa.to_string();
    if alternate && precision == 0 {
        text.push('.');
    }
    let sign = if exponent < 0 { '-' } else { '+' };
    text.push_str(&format!("e{sign}{:02}", exponent.unsigned_abs()));
    text
}

/// `%g`: the exponent the value has once rounded to P significant digits picks fixed or
/// exponent form; without `#`, trailing zeros and a bare decimal point go.
fn general_form(magnitude: f64, precision: usize, alternate: bool) -> String {
    let significant = precision.max(1);
    let rounded = format!("{magnitude:.prec$e}", prec = significant - 1);
    let exponent: i64 = rounded
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let unrounded: i64 = format!("{magnitude:e}")
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0);
    let mut text = if exponent == significant as i64 && (-4..exponent).contains(&unrounded) {
        // glibc picks fixed notation from the unrounded exponent; when rounding then carries
        // into one digit too many it switches to exponent form keeping the fixed form's zero
        // fraction digits: `%#.6g` of 999999.5 is `1.e+06`, not `1.00000e+06`.
        exponent_form(magnitude, 0, alternate)
    } else if exponent < -4 || exponent >= significant as i64 {
        exponent_form(magnitude, significant - 1, alternate)
    } else {
        let decimals = (significant as i64 - 1 - exponent) as usize;
        fixed_form(magnitude, decimals, alternate)
    };
    if !alternate {
        text = strip_trailing_zeros(&text);
    }
    text
}

fn strip_trailing_zeros(text: &str) -> String {
    let (mantissa, exponent) = match text.find('e') {
        Some(i) => text.split_at(i),
        None => (text, ""),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa.trim_end_matches('0').trim_end_matches('.')
    } else {
        mantissa
    };
    format!("{mantissa}{exponent}")
}

/// A numeric conversion of `value` with 5.1's C casts (`%c` through `int`, `%d`/`%i` through
/// `long`, `%o %u %x %X` through `unsigned long`); `None` when the conversion takes no number.
/// The result is cut at its first NUL, as 5.1 appends it with `strlen`.
pub fn format_number(spec: &Spec, value: f64) -> Option<Vec<u8>> {
    let formatted = match spec.conversion {
        b'c' => format_char(spec, c_int(value) as u8),
        b'd' | b'i' => format_signed(spec, c_long(value)),
        b'o' | b'u' | b'x' | b'X' => format_unsigned(spec, c_unsigned_long(value)),
        b'e' | b'E' | b'f' | b'g' | b'G' => format_float(spec, value),
        _ => return None,
    };
    Some(until_nul(formatted))
}

/// `%c`: one byte, padded.
pub fn format_char(spec: &Spec, byte: u8) -> Vec<u8> {
    pad_bytes(spec, &[byte])
}

/// `%s` through C's `sprintf`: the text stops at its first NUL, precision cuts it.
pub fn format_string(spec: &Spec, text: &[u8]) -> Vec<u8> {
    let text = match text.iter().position(|&b| b == 0) {
        Some(nul) => &text[..nul],
        None => text,
    };
    let text = match spec.precision {
        Some(p) if p < text.len() => &text[..p],
        _ => text,
    };
    pad_bytes(spec, text)
}

fn pad_bytes(spec: &Spec, body: &[u8]) -> Vec<u8> {
    let fill = spec.width.saturating_sub(body.len());
    let mut out = Vec::with_capacity(body.len() + fill);
    if !spec.left {
        out.resize(fill, b' ');
    }
    out.extend_from_slice(body);
    if spec.left {
        out.resize(body.len() + fill, b' ');
    }
    out
}

/// `%q`: a double-quoted Lua string literal that reads back as the same bytes.
pub fn quote(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'"');
    for &byte in text {
        match byte {
            b'"' | b'\\' | b'\n' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            0 => out.extend_from_slice(b"\\000"),
            _ => out.push(byte),
        }
    }
    out.push(b'"');
    out
}

/// 5.1 appends each `sprintf` result with `strlen`, so output stops at its first NUL.
pub fn until_nul(mut formatted: Vec<u8>) -> Vec<u8> {
    if let Some(nul) = formatted.iter().position(|&b| b == 0) {
        formatted.truncate(nul);
    }
    formatted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Spec {
        parse_spec(text.as_bytes(), 0).unwrap().0
    }

    fn float(format: &str, value: f64) -> String {
        String::from_utf8(format_float(&spec(format), value)).unwrap()
    }

    #[test]
    fn spec_limits_are_lua_errors() {
        assert_eq!(parse_spec(b"-+ #0-d", 0), Err(SpecError::RepeatedFlags));
        assert_eq!(parse_spec(b"123d", 0), Err(SpecError::TooLong));
        assert_eq!(parse_spec(b"5.123f", 0), Err(SpecError::TooLong));
        let (parsed, next) = parse_spec(b"-08.3fxyz", 0).unwrap();
        assert_eq!(
            (parsed.width, parsed.precision, parsed.conversion),
            (8, Some(3), b'f')
        );
        assert_eq!(next, 6);
    }

    #[test]
    fn casts_follow_x86_64() {
        assert_eq!(c_long(f64::NAN), i64::MIN);
        assert_eq!(c_long(-1.5), -1);
        assert_eq!(c_unsigned_long(-1.0), u64::MAX);
        assert_eq!(c_unsigned_long(2f64.powi(64)), 0);
        assert_eq!(
            c_unsigned_long(2f64.powi(63) + 2048.0),
            0x8000_0000_0000_0800
        );
        assert_eq!(c_unsigned_long(f64::INFINITY), 0);
        assert_eq!(c_unsigned_long(f64::NEG_INFINITY), 1 << 63);
    }

    #[test]
    fn floats_match_glibc() {
        assert_eq!(float("010.3f", -1.23456), "-00001.235");
        assert_eq!(float("-10e", 12345.678), "1.234568e+04");
        assert_eq!(float("+G", 1e-5), "+1E-05");
        assert_eq!(float("#g", 1.5), "1.50000");
        assert_eq!(float("g", 100000.0), "100000");
        assert_eq!(float("g", 1000000.0), "1e+06");
        assert_eq!(float(".0e", 12345.0), "1e+04");
        assert_eq!(float("#.0e", 12345.0), "1.e+04");
        assert_eq!(float("#.0f", 3.0), "3.");
        assert_eq!(float("08.3e", f64::NEG_INFINITY), "    -inf");
        assert_eq!(float(".14g", 0.1), "0.1");
        assert_eq!(float(".14g", 1e15), "1e+15");
        assert_eq!(float(".2f", 0.125), "0.12");
        assert_eq!(float("#.6G", 999999.5), "1.E+06");
        assert_eq!(float("#.3g", 99.95), "100.");
        assert_eq!(float("#.4g", 99999.9), "1.000e+05");
        assert_eq!(float("#.2g", 9.9999e-5), "0.00010");
    }

    #[test]
    fn integers_match_glibc() {
        let s = |f: &str, v: i64| String::from_utf8(format_signed(&spec(f), v)).unwrap();
        let u = |f: &str, v: u64| String::from_utf8(format_unsigned(&spec(f), v)).unwrap();
        assert_eq!(s("5.3d", 7), "  007");
        assert_eq!(u("-8.3x", 255), "0ff     ");
        assert_eq!(u("#o", 8), "010");
        assert_eq!(u("#x", 255), "0xff");
        assert_eq!(s("05d", -42), "-0042");
        assert_eq!(s("-05d", -42), "-42  ");
        assert_eq!(s(".0d", 0), "");
        assert_eq!(u("#.0o", 0), "0");
        assert_eq!(s("+d", 5), "+5");
        assert_eq!(s(" d", 5), " 5");
    }

    #[test]
    fn strings_and_quotes() {
        assert_eq!(format_string(&spec("5.1s"), b"abc"), b"    a");
        assert_eq!(format_string(&spec("s"), b"a\0b"), b"a");
        assert_eq!(until_nul(format_char(&spec("5c"), 0)), b"    ");
        assert_eq!(quote(b"a\"\\\n\r\0z"), b"\"a\\\"\\\\\\\n\\r\\000z\"");
    }
}
