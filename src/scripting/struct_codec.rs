//! The codec behind Redis's `struct` library (`struct.pack`, `struct.unpack`, `struct.size`):
//! Roberto Ierusalimschy's struct.c 1.7 as Redis 7.0 bundles it, on x86-64 (little-endian,
//! 8-byte `long` and `size_t`, 4-byte `int`, doubles aligned to 8). Argument access is left to
//! the caller through [`PackArgs`], so the codec needs no VM.

/// Largest integer size `iN`/`IN` accepts.
const MAX_INT_SIZE: usize = 32;
/// Default alignment for a bare `!`: the strictest alignment C needs (a double's).
const MAX_ALIGN: usize = 8;
/// Lua 5.1's `LUAI_MAXCSTACK`: `unpack` cannot return more values than the C stack holds.
const MAX_C_STACK: usize = 8000;

/// A struct error, as the library raises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructError {
    /// `bad argument #arg to '<function>' (message)`.
    Argument { arg: usize, message: String },
    /// A plain error message.
    Message(String),
}

fn argument(arg: usize, message: impl Into<String>) -> StructError {
    StructError::Argument {
        arg,
        message: message.into(),
    }
}

/// One value `struct.unpack` returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Unpacked {
    Number(f64),
    Bytes(Vec<u8>),
}

/// How `struct.pack` reads its arguments (1-based, as Lua numbers them, the format being 1):
/// the caller applies `luaL_checknumber` / `luaL_checklstring` to arguments that exist,
/// including their coercions and errors.
pub trait PackArgs {
    /// How many arguments the call has, the format included.
    fn count(&self) -> usize;
    fn number(&mut self, arg: usize) -> Result<f64, StructError>;
    fn bytes(&mut self, arg: usize) -> Result<Vec<u8>, StructError>;
}

/// struct.c pushes a nil above the arguments before packing, so the first missing argument is
/// reported as a nil, not as "no value".
fn present(args: &impl PackArgs, arg: usize, expected: &str) -> Result<(), StructError> {
    if arg > args.count() {
        return Err(argument(arg, format!("{expected} expected, got nil")));
    }
    Ok(())
}

#[derive(Clone, Copy)]
struct Header {
    big_endian: bool,
    align: usize,
}

impl Default for Header {
    fn default() -> Self {
        Header {
            big_endian: false,
            align: 1,
        }
    }
}

/// The format as C sees it: it ends at its first NUL.
fn format_bytes(format: &[u8]) -> &[u8] {
    match format.iter().position(|&b| b == 0) {
        Some(nul) => &format[..nul],
        None => format,
    }
}

/// A decimal count after an option, or `default` when none follows.
fn read_count(format: &[u8], at: &mut usize, default: usize) -> Result<usize, StructError> {
    if !format.get(*at).is_some_and(u8::is_ascii_digit) {
        return Ok(default);
    }
    let mut value: i32 = 0;
    while let Some(&digit) = format.get(*at).filter(|d| d.is_ascii_digit()) {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i32::from(digit - b'0')))
            .ok_or_else(|| StructError::Message("integral size overflow".into()))?;
        *at += 1;
    }
    Ok(value as usize)
}

/// The size of option `opt` (reading its count), 0 for options that take no space.
fn option_size(opt: u8, format: &[u8], at: &mut usize) -> Result<usize, StructError> {
    Ok(match opt {
        b'b' | b'B' | b'x' => 1,
        b'h' | b'H' => 2,
        b'l' | b'L' | b'T' | b'd' => 8,
        b'f' => 4,
        b'c' => read_count(format, at, 1)?,
        b'i' | b'I' => {
            let size = read_count(format, at, 4)?;
            if size > MAX_INT_SIZE {
                return Err(StructError::Message(format!(
                    "integral size {size} is larger than limit of {MAX_INT_SIZE}"
                )));
            }
            size
        }
        _ => 0,
    })
}

/// Padding needed to align an item of `size` at offset `len`.
fn padding(len: u64, header: &Header, opt: u8, size: usize) -> u64 {
    if size == 0 || opt == b'c' {
        return 0;
    }
    let size = size.min(header.align) as u64;
    (size.wrapping_sub(len & (size - 1))) & (size - 1)
}

/// Endianness, alignment and spaces; anything else is an invalid option.
fn control_option(
    opt: u8,
    format: &[u8],
    at: &mut usize,
    header: &mut Header,
) -> Result<(), StructError> {
    match opt {
        b' ' => {}
        b'>' => header.big_endian = true,
        b'<' => header.big_endian = false,
        b'!' => {
            let align = read_count(format, at, MAX_ALIGN)?;
            if !align.is_power_of_two() {
                return Err(StructError::Message(format!(
                    "alignment {align} is not a power of 2"
                )));
            }
            header.align = align;
        }
        _ => {
            let mut message = b"invalid format option '".to_vec();
            message.push(opt);
            message.push(b'\'');
            return Err(argument(1, String::from_utf8_lossy(&message)));
        }
    }
    Ok(())
}

fn is_integer_option(opt: u8) -> bool {
    matches!(
        opt,
        b'b' | b'B' | b'h' | b'H' | b'l' | b'L' | b'T' | b'i' | b'I'
    )
}

/// `struct.pack(format, ...)`; argument 1 is the format, values start at argument 2.
pub fn pack(format: &[u8], args: &mut impl PackArgs) -> Result<Vec<u8>, StructError> {
    let format = format_bytes(format);
    let mut header = Header::default();
    let mut out = Vec::new();
    let mut arg = 2;
    let mut at = 0;
    while let Some(&opt) = format.get(at) {
        at += 1;
        let mut size = option_size(opt, format, &mut at)?;
        let pad = padding(out.len() as u64, &header, opt, size);
        out.resize(out.len() + pad as usize, 0);
        match opt {
            _ if is_integer_option(opt) => {
                present(args, arg, "number")?;
                let value = integer_bits(args.number(arg)?);
                arg += 1;
                let bytes: Vec<u8> = (0..size)
                    .map(|k| if k < 8 { (value >> (8 * k)) as u8 } else { 0 })
                    .collect();
                push_ordered(&mut out, &bytes, header.big_endian);
            }
            b'x' => out.push(0),
            b'f' => {
                present(args, arg, "number")?;
                let value = args.number(arg)? as f32;
                arg += 1;
                push_ordered(&mut out, &value.to_le_bytes(), header.big_endian);
            }
            b'd' => {
                present(args, arg, "number")?;
                let value = args.number(arg)?;
                arg += 1;
                push_ordered(&mut out, &value.to_le_bytes(), header.big_endian);
            }
            b'c' | b's' => {
                present(args, arg, "string")?;
                let text = args.bytes(arg)?;
                arg += 1;
                if size == 0 {
                    size = text.len();
                }
                if text.len() < size {
                    // struct.c names the argument after the one it read.
                    return Err(argument(arg, "string too short"));
                }
                out.extend_from_slice(&text[..size]);
                if opt == b's' {
                    out.push(0);
                }
            }
            _ => control_option(opt, format, &mut at, &mut header)?,
        }
    }
    Ok(out)
}

/// C's conversion of the number to `unsigned long` as struct.c does it (negative values go
/// through `long`).
fn integer_bits(n: f64) -> u64 {
    if n < 0.0 {
        crate::stdlib::printf::c_long(n) as u64
    } else {
        crate::stdlib::printf::c_unsigned_long(n)
    }
}

/// Appends `little_endian` bytes in the requested byte order.
fn push_ordered(out: &mut Vec<u8>, little_endian: &[u8], big_endian: bool) {
    if big_endian {
        out.extend(little_endian.iter().rev());
    } else {
        out.extend_from_slice(little_endian);
    }
}

/// `struct.unpack(format, data [, offset])`: the values and then the next offset (1-based).
/// `arg_count` is how many arguments the call had, which bounds how many results fit. The
/// offset is a C `size_t` in Redis 7.0: only 0 is refused; a negative one wraps to a huge
/// position that no data reaches.
pub fn unpack(
    format: &[u8],
    data: &[u8],
    offset: i64,
    arg_count: usize,
) -> Result<Vec<Unpacked>, StructError> {
    if offset == 0 {
        return Err(argument(3, "offset must be 1 or greater"));
    }
    let format = format_bytes(format);
    let mut header = Header::default();
    let mut results = Vec::new();
    let mut pos = (offset as u64).wrapping_sub(1);
    let mut at = 0;
    let too_short = || argument(2, "data string too short");
    let length = data.len() as u64;
    let fits = |pos: u64, size: usize| size as u64 <= length && pos <= length - size as u64;
    while let Some(&opt) = format.get(at) {
        at += 1;
        let mut size = option_size(opt, format, &mut at)?;
        pos = pos.wrapping_add(padding(pos, &header, opt, size));
        if !fits(pos, size) {
            return Err(too_short());
        }
        // `fits` bounds `pos + size` by the data's length, so slicing below is in range.
        let at_pos = pos as usize;
        if arg_count + results.len() + 2 > MAX_C_STACK {
            return Err(StructError::Message(
                "stack overflow (too many results)".into(),
            ));
        }
        match opt {
            _ if is_integer_option(opt) => {
                let signed = opt.is_ascii_lowercase();
                results.push(Unpacked::Number(read_integer(
                    &data[at_pos..at_pos + size],
                    header.big_endian,
                    signed,
                )));
            }
            b'x' => {}
            b'f' => {
                let bytes = ordered::<4>(&data[at_pos..at_pos + 4], header.big_endian);
                results.push(Unpacked::Number(f64::from(f32::from_le_bytes(bytes))));
            }
            b'd' => {
                let bytes = ordered::<8>(&data[at_pos..at_pos + 8], header.big_endian);
                results.push(Unpacked::Number(f64::from_le_bytes(bytes)));
            }
            b'c' => {
                if size == 0 {
                    size = previous_count(&mut results).ok_or_else(|| {
                        StructError::Message("format 'c0' needs a previous size".into())
                    })?;
                    if !fits(pos, size) {
                        return Err(too_short());
                    }
                }
                results.push(Unpacked::Bytes(data[at_pos..at_pos + size].to_vec()));
            }
            b's' => {
                let length = data[at_pos..]
                    .iter()
                    .position(|&b| b == 0)
                    .ok_or_else(|| StructError::Message("unfinished string in data".into()))?;
                results.push(Unpacked::Bytes(data[at_pos..at_pos + length].to_vec()));
                size = length + 1;
            }
            _ => control_option(opt, format, &mut at, &mut header)?,
        }
        pos = pos.wrapping_add(size as u64);
    }
    // lua_pushinteger of a size_t: the position goes through a signed conversion.
    results.push(Unpacked::Number(pos.wrapping_add(1) as i64 as f64));
    Ok(results)
}

/// For `c0`: takes the last result as the length if it is a number (or a numeric string, as
/// `lua_isnumber` allows).
fn previous_count(results: &mut Vec<Unpacked>) -> Option<usize> {
    let count = match results.last()? {
        Unpacked::Number(n) => *n,
        Unpacked::Bytes(text) => {
            let text = std::str::from_utf8(text).ok()?.trim();
            text.parse::<f64>().ok()?
        }
    };
    results.pop();
    Some(crate::stdlib::printf::c_unsigned_long(count) as usize)
}

/// The `N` bytes of a float in little-endian order.
fn ordered<const N: usize>(bytes: &[u8], big_endian: bool) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(bytes);
    if big_endian {
        out.reverse();
    }
    out
}

/// An integer of any size: the low 64 bits of its value, sign-extended from the sign bit's
/// position as x86-64 computes `~0UL << (size*8 - 1)` (shift counts wrap at 64).
fn read_integer(bytes: &[u8], big_endian: bool, signed: bool) -> f64 {
    let mut value: u64 = 0;
    let mut push = |b: &u8| value = (value << 8) | u64::from(*b);
    if big_endian {
        bytes.iter().for_each(&mut push);
    } else {
        bytes.iter().rev().for_each(&mut push);
    }
    if !signed {
        return value as f64;
    }
    let shift = ((bytes.len() * 8).wrapping_sub(1) % 64) as u32;
    let mask = u64::MAX << shift;
    if value & mask != 0 {
        value |= mask;
    }
    value as i64 as f64
}

/// `struct.size(format)`: the packed size of a format with fixed-size items only.
pub fn size(format: &[u8]) -> Result<u64, StructError> {
    let format = format_bytes(format);
    let mut header = Header::default();
    let mut pos: u64 = 0;
    let mut at = 0;
    while let Some(&opt) = format.get(at) {
        at += 1;
        let size = option_size(opt, format, &mut at)?;
        pos = pos.wrapping_add(padding(pos, &header, opt, size));
        if opt == b's' {
            return Err(argument(1, "option 's' has no fixed size"));
        }
        if opt == b'c' && size == 0 {
            return Err(argument(1, "option 'c0' has no fixed size"));
        }
        // Unknown letters and digits are skipped here, unlike in pack and unpack.
        if !opt.is_ascii_alphanumeric() {
            control_option(opt, format, &mut at, &mut header)?;
        }
        pos = pos.wrapping_add(size as u64);
    }
    Ok(pos)
}
