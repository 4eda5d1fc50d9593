//! HyperLogLog (hyperloglog.c): PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST over plain
//! strings that hold Redis's own bytes, since `GET` shows them. A value is a 16-byte header
//! ("HYLL", the encoding, three unused bytes, the cached cardinality little-endian whose top
//! bit marks it stale) followed by 16384 registers, either dense (6 bits each, 12288 bytes) or
//! sparse (a run-length code of ZERO, XZERO and VAL opcodes). A new value is sparse; it turns
//! dense when a register needs a value above 32 or the sparse bytes would pass 3000.
//! Cardinalities are Ertl's estimator over the register histogram, computed in the same order
//! of floating point operations as Redis 7.0 so that the rounded results agree.
//!
//! Corrupt values are detected where Redis detects them and answered with its errors. Two
//! cases of crafted sparse data make Redis 7.0 itself go out of bounds, and differ here: runs
//! summing past 2^31 registers overflow its `int` counters (CVE-2025-32023); this code counts
//! in 64 bits and calls the value corrupt, as the fixed releases do. And an XZERO opcode cut
//! off by the end of the string reads its second byte from the terminator, as here (zero),
//! but splitting it writes one byte past the end that Redis reads back later; here that byte
//! is dropped.

use super::db::{Entry, StringEncoding, Value};
use super::reply::{Reply, WRONG_TYPE};
use super::Keyspace;

const REGISTERS: usize = 1 << 14;
/// Bits of the hash left after the register index: the longest zero run is Q + 1.
const Q: u32 = 50;
const HEADER: usize = 16;
const DENSE_SIZE: usize = HEADER + REGISTERS * 6 / 8;
const DENSE: u8 = 0;
const SPARSE: u8 = 1;
/// Redis's default `hll-sparse-max-bytes` (the keyspace has no CONFIG SET).
const SPARSE_MAX_BYTES: usize = 3000;
const SPARSE_VAL_MAX_VALUE: u8 = 32;
const SPARSE_VAL_MAX_LEN: usize = 4;
const SPARSE_ZERO_MAX_LEN: usize = 64;
const SPARSE_XZERO_MAX_LEN: usize = 16384;
/// The byte of the cached cardinality whose top bit marks the cache stale.
const CACHE_FLAG_BYTE: usize = 15;

const CORRUPT: &str = "INVALIDOBJ Corrupted HLL object detected";
const NOT_HLL: &str = "WRONGTYPE Key is not a valid HyperLogLog string value.";

/// Sparse data that does not describe exactly 16384 registers.
#[derive(Debug, PartialEq)]
struct Corrupt;

/// MurmurHash2, 64-bit version, reading the key as little-endian words.
fn murmur_hash64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut words = key.chunks_exact(8);
    for word in &mut words {
        let mut k = word
            .iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// The register an element falls in and the length of its hash's `000...1` pattern.
fn pattern(element: &[u8]) -> (usize, u8) {
    let hash = murmur_hash64a(element, 0xadc8_3b19);
    let index = (hash as usize) & (REGISTERS - 1);
    // The bit above the 50 used ones ends the run at 51 at most.
    let rest = (hash >> 14) | (1 << Q);
    (index, rest.trailing_zeros() as u8 + 1)
}

/// Register `i` of dense `registers` (the bytes after the header).
fn dense_register(registers: &[u8], i: usize) -> u8 {
    let byte = i * 6 / 8;
    let shift = (i * 6) & 7;
    let low = u16::from(registers.get(byte).copied().unwrap_or(0));
    let high = u16::from(registers.get(byte + 1).copied().unwrap_or(0));
    (((low >> shift) | (high << (8 - shift))) & 63) as u8
}

fn set_dense_register(registers: &mut [u8], i: usize, value: u8) {
    let byte = i * 6 / 8;
    let shift = (i * 6) & 7;
    let value = u16::from(value);
    if let Some(b) = registers.get_mut(byte) {
        *b = ((u16::from(*b) & !(63 << shift)) | (value << shift)) as u8;
    }
    // The last register ends inside its byte: the next one is never touched then.
    if let Some(b) = registers.get_mut(byte + 1) {
        *b = ((u16::from(*b) & !(63 >> (8 - shift))) | (value >> (8 - shift))) as u8;
    }
}

/// Raises dense register `i` to `count`; true when it was lower.
fn dense_set(registers: &mut [u8], i: usize, count: u8) -> bool {
    if count > dense_register(registers, i) {
        set_dense_register(registers, i, count);
        true
    } else {
        false
    }
}

/// One sparse opcode: ZERO (`00xxxxxx`, 1-64 zero registers), XZERO (`01xxxxxx yyyyyyyy`,
/// 1-16384 zero registers) or VAL (`1vvvvvxx`, 1-4 registers of value 1-32).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Opcode {
    Zero(usize),
    XZero(usize),
    Val { value: u8, len: usize },
}

impl Opcode {
    /// The opcode at `at` and its width in bytes. An XZERO cut off by the end reads a zero
    /// second byte, as Redis reads the string's terminator.
    fn at(data: &[u8], at: usize) -> (Opcode, usize) {
        let b = data.get(at).copied().unwrap_or(0);
        match b & 0xc0 {
            0x00 => (Opcode::Zero(usize::from(b & 0x3f) + 1), 1),
            0x40 => {
                let low = usize::from(data.get(at + 1).copied().unwrap_or(0));
                (Opcode::XZero(((usize::from(b & 0x3f) << 8) | low) + 1), 2)
            }
            _ => (
                Opcode::Val {
                    value: ((b >> 2) & 0x1f) + 1,
                    len: usize::from(b & 3) + 1,
                },
                1,
            ),
        }
    }

    /// How many registers it covers.
    fn span(self) -> usize {
        match self {
            Opcode::Zero(n) | Opcode::XZero(n) => n,
            Opcode::Val { len, .. } => len,
        }
    }
}

fn val_byte(value: u8, len: usize) -> u8 {
    0x80 | ((value.wrapping_sub(1) & 0x1f) << 2) | (len.wrapping_sub(1) as u8 & 3)
}

/// The shortest opcode for a run of `len` zero registers.
fn push_zeros(out: &mut Vec<u8>, len: usize) {
    if len > SPARSE_ZERO_MAX_LEN {
        let n = len - 1;
        out.push(0x40 | ((n >> 8) as u8 & 0x3f));
        out.push(n as u8);
    } else {
        out.push((len - 1) as u8);
    }
}

/// A new HyperLogLog: sparse, every register zero, cached cardinality 0.
fn empty_sparse() -> Vec<u8> {
    let mut hll = vec![0; HEADER];
    hll[..4].copy_from_slice(b"HYLL");
    hll[4] = SPARSE;
    let mut left = REGISTERS;
    while left > 0 {
        let run = left.min(SPARSE_XZERO_MAX_LEN);
        push_zeros(&mut hll, run);
        left -= run;
    }
    hll
}

fn invalidate_cache(hll: &mut [u8]) {
    if let Some(b) = hll.get_mut(CACHE_FLAG_BYTE) {
        *b |= 0x80;
    }
}

/// The dense form of a sparse value, header copied (the cached cardinality too).
fn sparse_to_dense(hll: &[u8]) -> Result<Vec<u8>, Corrupt> {
    let mut dense = vec![0; DENSE_SIZE];
    dense[..HEADER].copy_from_slice(hll.get(..HEADER).ok_or(Corrupt)?);
    dense[4] = DENSE;
    let registers = &mut dense[HEADER..];
    let covered = sparse_runs(hll, |first, len, value| {
        if value > 0 {
            for i in first..first + len {
                set_dense_register(registers, i, value);
            }
        }
    })?;
    if covered == REGISTERS {
        Ok(dense)
    } else {
        Err(Corrupt)
    }
}

/// Walks a sparse value's runs from the first register: `visit(first, len, value)` for each
/// (value 0 for ZERO and XZERO runs). A VAL run past the last register is corrupt. Ok with
/// how many registers the runs cover.
fn sparse_runs(hll: &[u8], mut visit: impl FnMut(usize, usize, u8)) -> Result<usize, Corrupt> {
    let mut index = 0;
    let mut at = HEADER;
    while at < hll.len() {
        let (op, width) = Opcode::at(hll, at);
        let (value, len) = match op {
            Opcode::Zero(n) | Opcode::XZero(n) => (0, n),
            Opcode::Val { value, len } => {
                if index + len > REGISTERS {
                    return Err(Corrupt);
                }
                (value, len)
            }
        };
        visit(index, len, value);
        index += len;
        at += width;
    }
    Ok(index)
}

/// Raises register `index` of a sparse value to `count`, splitting the opcode that covers it
/// and merging equal neighbours as Redis does; promotes the value to dense when `count`
/// exceeds what VAL holds or the bytes would pass the sparse limit. True when the register
/// changed (the cache is then marked stale, except after a promotion, which keeps the header).
fn sparse_set(hll: &mut Vec<u8>, index: usize, count: u8) -> Result<bool, Corrupt> {
    if count > SPARSE_VAL_MAX_VALUE {
        return promote(hll, index, count);
    }
    let end = hll.len();
    let (mut at, mut first, mut span, mut previous) = (HEADER, 0, 0, None);
    while at < end {
        let (op, width) = Opcode::at(hll, at);
        span = op.span();
        if index < first + span {
            break;
        }
        previous = Some(at);
        at += width;
        first += span;
    }
    if span == 0 || at >= end {
        return Err(Corrupt);
    }
    let (op, width) = Opcode::at(hll, at);
    match op {
        Opcode::Val { value, .. } if value >= count => return Ok(false),
        Opcode::Val { len: 1, .. } | Opcode::Zero(1) => {
            hll[at] = val_byte(count, 1);
            return Ok(merge_values(hll, previous));
        }
        _ => {}
    }
    let run = split(op, index - first, first + span - 1 - index, count);
    if run.len() > width && end + run.len() - width > SPARSE_MAX_BYTES {
        return promote(hll, index, count);
    }
    // An XZERO cut off by the end had one byte; Redis's length still counts two.
    let length = end + run.len() - width;
    hll.splice(at..(at + width).min(end), run);
    hll.truncate(length);
    Ok(merge_values(hll, previous))
}

/// The opcodes that replace `op` when one of its registers, with `before` registers of the
/// run ahead of it and `after` behind, becomes `count`: at most five bytes (XZERO-VAL-XZERO).
fn split(op: Opcode, before: usize, after: usize, count: u8) -> Vec<u8> {
    let mut run = Vec::with_capacity(5);
    let rest = |run: &mut Vec<u8>, len: usize| match op {
        Opcode::Val { value, .. } => run.push(val_byte(value, len)),
        Opcode::Zero(_) | Opcode::XZero(_) => push_zeros(run, len),
    };
    if before > 0 {
        rest(&mut run, before);
    }
    run.push(val_byte(count, 1));
    if after > 0 {
        rest(&mut run, after);
    }
    run
}

/// Merges adjacent VAL opcodes of one value whose lengths fit one opcode, scanning at most
/// five opcodes from the one before the change, then marks the cache stale. Always true:
/// it ends a change.
fn merge_values(hll: &mut Vec<u8>, previous: Option<usize>) -> bool {
    let mut at = previous.unwrap_or(HEADER);
    let mut scans = 5;
    while at < hll.len() && scans > 0 {
        scans -= 1;
        let (op, width) = Opcode::at(hll, at);
        let Opcode::Val { value, len } = op else {
            at += width;
            continue;
        };
        if at + 1 < hll.len() {
            if let (Opcode::Val { value: v2, len: l2 }, _) = Opcode::at(hll, at + 1) {
                if v2 == value && len + l2 <= SPARSE_VAL_MAX_LEN {
                    hll[at + 1] = val_byte(value, len + l2);
                    hll.remove(at);
                    continue;
                }
            }
        }
        at += 1;
    }
    invalidate_cache(hll);
    true
}

/// Turns a sparse value dense and raises register `index` to `count` there.
fn promote(hll: &mut Vec<u8>, index: usize, count: u8) -> Result<bool, Corrupt> {
    *hll = sparse_to_dense(hll)?;
    dense_set(&mut hll[HEADER..], index, count);
    Ok(true)
}

/// Adds one element; true when a register changed.
fn add(hll: &mut Vec<u8>, element: &[u8]) -> Result<bool, Corrupt> {
    let (index, count) = pattern(element);
    match hll.get(4) {
        Some(&DENSE) => Ok(dense_set(&mut hll[HEADER..], index, count)),
        Some(&SPARSE) => sparse_set(hll, index, count),
        _ => Err(Corrupt),
    }
}

/// Raises `max` to the registers of `hll` (already checked by `check`).
fn merge_into(max: &mut [u8], hll: &[u8]) -> Result<(), Corrupt> {
    if hll.get(4) == Some(&DENSE) {
        let registers = &hll[HEADER..];
        for (i, m) in max.iter_mut().enumerate() {
            *m = (*m).max(dense_register(registers, i));
        }
        return Ok(());
    }
    let covered = sparse_runs(hll, |first, len, value| {
        // Zero runs raise nothing (and may overrun in a corrupt value, caught below).
        if value > 0 {
            for m in &mut max[first..first + len] {
                *m = (*m).max(value);
            }
        }
    })?;
    if covered == REGISTERS {
        Ok(())
    } else {
        Err(Corrupt)
    }
}

/// How many registers hold each value (0 to 63).
type Histogram = [u64; 64];

/// The histogram of a checked value; a sparse one whose runs do not cover exactly 16384
/// registers is corrupt.
fn histogram(hll: &[u8]) -> Result<Histogram, Corrupt> {
    let mut counts = [0; 64];
    if hll.get(4) == Some(&DENSE) {
        let registers = &hll[HEADER..];
        for i in 0..REGISTERS {
            counts[usize::from(dense_register(registers, i))] += 1;
        }
        return Ok(counts);
    }
    let covered = sparse_runs(hll, |_, len, value| {
        counts[usize::from(value)] += len as u64;
    })?;
    if covered == REGISTERS {
        Ok(counts)
    } else {
        Err(Corrupt)
    }
}

/// Ertl's sigma (arXiv:1702.01284), iterated until the sum stops changing.
fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let (mut y, mut z) = (1.0, x);
    loop {
        x *= x;
        let before = z;
        z += x * y;
        y += y;
        if z == before {
            return z;
        }
    }
}

/// Ertl's tau (arXiv:1702.01284).
fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let (mut y, mut z) = (1.0, 1.0 - x);
    loop {
        x = x.sqrt();
        let before = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
        if z == before {
            return z / 3.0;
        }
    }
}

/// The cardinality estimate of a histogram, as `hllCount` computes and converts it: the
/// estimate is rounded half away from zero to a 64-bit integer (x87's "integer indefinite",
/// the lowest one, when out of range or infinite), made a double again and cast to unsigned
/// as x86-64 does.
fn estimate(counts: &Histogram) -> u64 {
    const ALPHA_INF: f64 = 0.721_347_520_444_481_7;
    const TWO_TO_63: f64 = (1u64 << 63) as f64;
    let m = REGISTERS as f64;
    let mut z = m * tau((m - counts[Q as usize + 1] as f64) / m);
    for j in (1..=Q as usize).rev() {
        z += counts[j] as f64;
        z *= 0.5;
    }
    z += m * sigma(counts[0] as f64 / m);
    let rounded = (ALPHA_INF * m * m / z).round();
    let integer = if rounded.is_finite() && rounded.abs() < TWO_TO_63 {
        rounded as i64
    } else {
        i64::MIN
    };
    let back = integer as f64;
    if back < TWO_TO_63 {
        back as i64 as u64
    } else {
        ((back - TWO_TO_63) as i64 as u64) ^ (1 << 63)
    }
}

/// `isHLLObjectOrReply`: a string with the magic, a known encoding and, dense, the exact size.
fn check(entry: &Entry) -> Result<&[u8], Reply> {
    let Value::String(hll) = &entry.value else {
        return Err(Reply::error(WRONG_TYPE));
    };
    let valid = hll.len() >= HEADER
        && hll.starts_with(b"HYLL")
        && hll[4] <= SPARSE
        && (hll[4] == SPARSE || hll.len() == DENSE_SIZE);
    if valid {
        Ok(hll)
    } else {
        Err(Reply::error(NOT_HLL))
    }
}

/// The checked HyperLogLog at `key`, made a plain raw string as Redis unshares it before a
/// change; None when the key is missing.
fn writable<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<Option<&'a mut Vec<u8>>, Reply> {
    let now = ks.now;
    let Some(entry) = ks.db().get(key, now) else {
        return Ok(None);
    };
    check(entry)?;
    entry.encoding = StringEncoding::Raw;
    match &mut entry.value {
        Value::String(hll) => Ok(Some(hll)),
        _ => Err(Reply::error(WRONG_TYPE)),
    }
}

/// The HyperLogLog at `key`, created empty when missing; true when it was created.
fn writable_or_new<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<(&'a mut Vec<u8>, bool), Reply> {
    let now = ks.now;
    let created = ks.db().get(key, now).is_none();
    if created {
        ks.db().insert(
            key,
            Entry {
                value: Value::String(empty_sparse()),
                expires_at: None,
                encoding: StringEncoding::Raw,
            },
        );
    }
    match writable(ks, key)? {
        Some(hll) => Ok((hll, created)),
        None => Err(Reply::error(CORRUPT)),
    }
}

/// Registers merged from the HyperLogLogs at `keys` (missing ones count as empty), and
/// whether one of them is dense.
fn merged(ks: &mut Keyspace, keys: &[Vec<u8>]) -> Result<(Vec<u8>, bool), Reply> {
    let now = ks.now;
    // On the heap: WebAssembly's stack is small.
    let mut max = vec![0; REGISTERS];
    let mut any_dense = false;
    for key in keys {
        let Some(entry) = ks.db().get(key, now) else {
            continue;
        };
        let hll = check(entry)?;
        any_dense |= hll[4] == DENSE;
        merge_into(&mut max, hll).map_err(|_| Reply::error(CORRUPT))?;
    }
    Ok((max, any_dense))
}

/// PFADD key [element ...]: 1 when the key was created or a register changed.
pub fn pfadd(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (hll, mut updated) = match writable_or_new(ks, &args[1]) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    for element in &args[2..] {
        match add(hll, element) {
            Ok(changed) => updated |= changed,
            // What was added before stays, as in Redis.
            Err(Corrupt) => return Reply::error(CORRUPT),
        }
    }
    if updated {
        invalidate_cache(hll);
    }
    Reply::Integer(i64::from(updated))
}

/// PFCOUNT key [key ...]: one key's cached cardinality, computed and cached when stale;
/// several keys' union, computed from their merged registers and cached nowhere.
pub fn pfcount(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    if args.len() > 2 {
        return match merged(ks, &args[1..]) {
            Ok((max, _)) => {
                let mut counts = [0; 64];
                for &register in &max {
                    counts[usize::from(register & 63)] += 1;
                }
                Reply::Integer(estimate(&counts) as i64)
            }
            Err(reply) => reply,
        };
    }
    let hll = match writable(ks, &args[1]) {
        Ok(Some(hll)) => hll,
        Ok(None) => return Reply::Integer(0),
        Err(reply) => return reply,
    };
    let mut cached = [0; 8];
    cached.copy_from_slice(&hll[8..HEADER]);
    if hll[CACHE_FLAG_BYTE] & 0x80 == 0 {
        return Reply::Integer(u64::from_le_bytes(cached) as i64);
    }
    let Ok(counts) = histogram(hll) else {
        return Reply::error(CORRUPT);
    };
    let card = estimate(&counts);
    hll[8..HEADER].copy_from_slice(&card.to_le_bytes());
    Reply::Integer(card as i64)
}

/// PFMERGE destkey [sourcekey ...]: the destination (a source too) raised to every source's
/// registers, dense when any source is, created sparse when missing.
pub fn pfmerge(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let (max, any_dense) = match merged(ks, &args[1..]) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let hll = match writable_or_new(ks, &args[1]) {
        Ok((hll, _)) => hll,
        Err(reply) => return reply,
    };
    if any_dense && hll[4] == SPARSE {
        match sparse_to_dense(hll) {
            Ok(dense) => *hll = dense,
            Err(Corrupt) => return Reply::error(CORRUPT),
        }
    }
    for (i, &value) in max.iter().enumerate().filter(|(_, &v)| v != 0) {
        if hll[4] == DENSE {
            dense_set(&mut hll[HEADER..], i, value);
        } else {
            // The destination was checked as a source, so it is sound.
            let _ = sparse_set(hll, i, value);
        }
    }
    invalidate_cache(hll);
    Reply::ok()
}

/// PFDEBUG GETREG|DECODE|ENCODING|TODENSE key: the registers (turning the value dense), the
/// sparse opcodes as text, the encoding's name, or a conversion to dense.
pub fn pfdebug(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let name = &args[1];
    let hll = match writable(ks, &args[2]) {
        Ok(Some(hll)) => hll,
        Ok(None) => return Reply::error("ERR The specified key does not exist"),
        Err(reply) => return reply,
    };
    // Redis compares the name as a C string.
    let word = name.split(|&b| b == 0).next().unwrap_or_default();
    let is = |s: &str| word.eq_ignore_ascii_case(s.as_bytes());
    if is("getreg") || is("todense") {
        let converted = hll[4] == SPARSE;
        if converted {
            match sparse_to_dense(hll) {
                Ok(dense) => *hll = dense,
                Err(Corrupt) => return Reply::error(CORRUPT),
            }
        }
        if is("todense") {
            return Reply::Integer(i64::from(converted));
        }
        let registers = &hll[HEADER..];
        let values =
            (0..REGISTERS).map(|i| Reply::Integer(i64::from(dense_register(registers, i))));
        Reply::Array(Some(values.collect()))
    } else if is("decode") {
        if hll[4] != SPARSE {
            return Reply::error("ERR HLL encoding is not sparse");
        }
        Reply::bulk(&decode(hll))
    } else if is("encoding") {
        Reply::Status(if hll[4] == DENSE {
            b"dense".to_vec()
        } else {
            b"sparse".to_vec()
        })
    } else {
        Reply::error_format("ERR Unknown PFDEBUG subcommand '{}'", &[name])
    }
}

/// PFSELFTEST: Redis's own checks of this implementation, at its sizes: 1000 rounds of
/// random dense registers read back, then ten million elements added to a dense and a sparse
/// value whose estimates must agree and stay near the truth at every power of ten.
pub fn pfselftest(_ks: &mut Keyspace, _args: &[Vec<u8>]) -> Reply {
    match self_test(1000, 10_000_000) {
        Ok(()) => Reply::ok(),
        Err(message) => Reply::error(&message),
    }
}

/// A small xorshift generator: the self-test's values only need to vary.
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The self-test with `rounds` rounds of register access and `elements` elements.
fn self_test(rounds: usize, elements: u64) -> Result<(), String> {
    let mut random = Shuffle(0x9e37_79b9_7f4a_7c15);
    let mut dense = vec![0; DENSE_SIZE];
    let mut expected = vec![0; REGISTERS];
    for _ in 0..rounds {
        for (i, e) in expected.iter_mut().enumerate() {
            *e = (random.next() & 63) as u8;
            set_dense_register(&mut dense[HEADER..], i, *e);
        }
        for (i, &e) in expected.iter().enumerate() {
            let found = dense_register(&dense[HEADER..], i);
            if found != e {
                return Err(format!(
                    "TESTFAILED Register {i} should be {e} but is {found}"
                ));
            }
        }
    }
    dense.fill(0);
    let mut sparse = empty_sparse();
    let relative_error = 1.04 / (REGISTERS as f64).sqrt();
    let seed = random.next();
    let mut checkpoint = 1;
    let count = |hll: &[u8]| histogram(hll).map(|counts| estimate(&counts)).unwrap_or(0);
    for j in 1..=elements {
        let element = (j ^ seed).to_le_bytes();
        add(&mut dense, &element).map_err(|_| CORRUPT.to_string())?;
        add(&mut sparse, &element).map_err(|_| CORRUPT.to_string())?;
        if j != checkpoint {
            continue;
        }
        if j < (SPARSE_MAX_BYTES / 2) as u64 && sparse[4] != SPARSE {
            return Err("TESTFAILED sparse encoding not used".to_string());
        }
        let estimated = count(&dense);
        if estimated != count(&sparse) {
            return Err("TESTFAILED dense/sparse disagree".to_string());
        }
        let error = checkpoint.abs_diff(estimated);
        let allowed = if j == 10 {
            1
        } else {
            (relative_error * 6.0 * checkpoint as f64).ceil() as u64
        };
        if error > allowed {
            return Err(format!(
                "TESTFAILED Too big error. card:{checkpoint} abserr:{error}"
            ));
        }
        checkpoint *= 10;
    }
    Ok(())
}

/// A sparse value's opcodes as PFDEBUG DECODE prints them: `z:N`, `Z:N` and `v:VALUE,N`.
fn decode(hll: &[u8]) -> Vec<u8> {
    let mut words = Vec::new();
    let mut at = HEADER;
    while at < hll.len() {
        let (op, width) = Opcode::at(hll, at);
        words.push(match op {
            Opcode::Zero(n) => format!("z:{n}"),
            Opcode::XZero(n) => format!("Z:{n}"),
            Opcode::Val { value, len } => format!("v:{value},{len}"),
        });
        at += width;
    }
    words.join(" ").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ks: &mut Keyspace, words: &[&[u8]]) -> Reply {
        let args: Vec<Vec<u8>> = words.iter().map(|w| w.to_vec()).collect();
        ks.execute(&args)
    }

    fn sparse(opcodes: &[u8]) -> Vec<u8> {
        let mut hll = empty_sparse();
        hll.truncate(HEADER);
        hll.extend_from_slice(opcodes);
        hll
    }

    #[test]
    fn dense_registers_keep_their_neighbours() {
        let mut registers = vec![0; DENSE_SIZE - HEADER];
        let value = |i: usize| ((i * 7 + 3) % 64) as u8;
        for i in 0..REGISTERS {
            set_dense_register(&mut registers, i, value(i));
        }
        for i in 0..REGISTERS {
            assert_eq!(dense_register(&registers, i), value(i), "register {i}");
        }
        set_dense_register(&mut registers, 5, 0);
        assert_eq!(dense_register(&registers, 4), value(4));
        assert_eq!(dense_register(&registers, 6), value(6));
    }

    #[test]
    fn sparse_and_dense_agree_on_every_estimate() {
        let mut s = empty_sparse();
        let mut d = sparse_to_dense(&empty_sparse()).expect("an empty value converts");
        for n in 0..2000u32 {
            let element = n.to_le_bytes();
            let sparse_changed = add(&mut s, &element).expect("sound");
            let dense_changed = add(&mut d, &element).expect("sound");
            assert_eq!(sparse_changed, dense_changed, "element {n}");
            if n % 97 == 0 {
                let sparse_counts = histogram(&s).expect("sound");
                assert_eq!(sparse_counts, histogram(&d).expect("sound"), "after {n}");
            }
        }
        assert_eq!(s[4], DENSE, "2000 elements pass the sparse limit");
        // The headers differ only in the cache, which the commands manage.
        assert_eq!(s[HEADER..], d[HEADER..]);
    }

    #[test]
    fn a_sparse_value_stays_under_its_limit() {
        let mut hll = empty_sparse();
        let mut n = 0u32;
        while hll[4] == SPARSE {
            assert!(hll.len() <= SPARSE_MAX_BYTES, "{} bytes", hll.len());
            add(&mut hll, &n.to_be_bytes()).expect("sound");
            n += 1;
        }
        assert_eq!(hll.len(), DENSE_SIZE);
        assert!(n > 1000, "promoted after {n} elements");
    }

    #[test]
    fn runs_that_miss_16384_registers_are_corrupt() {
        let short = sparse(&[0x7f, 0xfe]);
        assert_eq!(histogram(&short), Err(Corrupt));
        assert_eq!(sparse_to_dense(&short), Err(Corrupt));
        let mut max = vec![0; REGISTERS];
        assert_eq!(merge_into(&mut max, &short), Err(Corrupt));
        let past = sparse(&[0x7f, 0xff, 0x80]);
        assert_eq!(merge_into(&mut max, &past), Err(Corrupt));
        assert!(histogram(&sparse(&[0x7f, 0xff])).is_ok());
    }

    #[test]
    fn crafted_values_answer_without_panicking() {
        let mut ks = Keyspace::new(1_700_000_000_000);
        // A lone XZERO byte at the end, many XZERO opcodes, VAL runs past the end.
        let mut many = sparse(&[]);
        for _ in 0..200_000 {
            many.extend_from_slice(&[0x7f, 0xff]);
        }
        many.push(0x80);
        let values = [
            sparse(&[0x7f]),
            sparse(&[0x40]),
            sparse(&[0x3f, 0x7f]),
            many,
            sparse(&[0xff, 0xff, 0xff]),
        ];
        for value in values {
            for command in [&b"PFADD"[..], b"PFCOUNT", b"PFMERGE"] {
                run(&mut ks, &[b"SET", b"c", &value]);
                run(&mut ks, &[b"SETRANGE", b"c", b"15", b"\x80"]);
                let reply = run(&mut ks, &[command, b"c", b"a", b"b"]);
                assert!(
                    !matches!(reply, Reply::Error(ref e) if e.starts_with(b"ERR")),
                    "{reply:?}"
                );
            }
        }
    }

    #[test]
    fn the_self_test_passes_at_a_small_size() {
        assert_eq!(self_test(3, 20_000), Ok(()));
    }

    #[test]
    fn dense_copies_count_against_the_memory_budget() {
        let mut ks = Keyspace::new(1_700_000_000_000);
        ks.memory_limit = 100_000;
        let elements: Vec<Vec<u8>> = (0..3000u32).map(|n| n.to_le_bytes().to_vec()).collect();
        let mut pfadd: Vec<&[u8]> = vec![b"PFADD", b"dense"];
        pfadd.extend(elements.iter().map(Vec::as_slice));
        assert_eq!(run(&mut ks, &pfadd), Reply::Integer(1));
        let mut copies = 0;
        while copies < 20 {
            let key = format!("copy{copies}");
            match run(&mut ks, &[b"PFMERGE", key.as_bytes(), b"dense"]) {
                Reply::Status(_) => copies += 1,
                reply => {
                    assert_eq!(reply, Reply::error(super::super::OOM));
                    break;
                }
            }
        }
        assert!(
            (4..10).contains(&copies),
            "{copies} copies of 12 kB fit in 100 kB"
        );
    }

    #[test]
    fn the_estimate_of_an_empty_value_is_zero_and_grows() {
        let empty = histogram(&empty_sparse()).expect("sound");
        assert_eq!(estimate(&empty), 0);
        let mut hll = empty_sparse();
        let mut last = 0;
        for n in 0..50u32 {
            add(&mut hll, format!("element-{n}").as_bytes()).expect("sound");
            let now = estimate(&histogram(&hll).expect("sound"));
            assert!(now >= last, "{now} after {last}");
            last = now;
        }
        assert!((45..=55).contains(&last), "{last}");
    }
}
