//! LZF, the compression Redis applies to RDB strings (so to FUNCTION DUMP payloads): a
//! decompressor for payloads made by a real server, and a compressor that makes the same bytes
//! as the liblzf 3.6 Redis builds (a 2^16-slot hash table, the "very fast" variant that hashes
//! only the last two positions of each match, references never to the first byte).
//!
//! The format is a sequence of runs: `000LLLLL` then L+1 literal bytes; `LLLooooo oooooooo` a
//! back reference of L+2 bytes at distance o+1; `111ooooo LLLLLLLL oooooooo` the same with
//! length L+9.

/// Slots in the compressor's hash table (HLOG 16).
const HASH_SLOTS: usize = 1 << 16;
/// Longest literal run.
const MAX_LITERALS: usize = 1 << 5;
/// Farthest back reference.
const MAX_OFFSET: usize = 1 << 13;
/// Longest back reference, less two.
const MAX_REFERENCE: usize = (1 << 8) + (1 << 3);

/// The first two bytes at `at` as the hash's start (missing bytes read as zero).
fn first(input: &[u8], at: usize) -> u32 {
    (u32::from(byte(input, at)) << 8) | u32::from(byte(input, at + 1))
}

/// Shifts the byte two past `at` into the running hash value.
fn next(value: u32, input: &[u8], at: usize) -> u32 {
    (value << 8) | u32::from(byte(input, at + 2))
}

fn byte(input: &[u8], at: usize) -> u8 {
    input.get(at).copied().unwrap_or(0)
}

/// The slot of a hash value, liblzf 3.6's "very fast" index.
fn slot(value: u32) -> usize {
    ((value >> (24 - 16)).wrapping_sub(value.wrapping_mul(5)) as usize) & (HASH_SLOTS - 1)
}

/// The output under construction: `at` is liblzf's output pointer, which keeps one byte
/// reserved for the header of the literal run in progress, `literals` long.
struct Output {
    bytes: Vec<u8>,
    at: usize,
    limit: usize,
    literals: usize,
}

impl Output {
    fn put(&mut self, at: usize, value: u8) {
        if let Some(slot) = self.bytes.get_mut(at) {
            *slot = value;
        }
    }

    fn push(&mut self, value: u8) {
        self.put(self.at, value);
        self.at += 1;
    }

    /// Copies one byte into the literal run, closing the run when it is full.
    fn literal(&mut self, value: u8) {
        self.literals += 1;
        self.push(value);
        if self.literals == MAX_LITERALS {
            self.close_run();
            self.at += 1;
        }
    }

    /// Writes the header of the literal run in progress.
    fn close_run(&mut self) {
        let header = self.at.wrapping_sub(self.literals + 1);
        self.put(header, (self.literals as u8).wrapping_sub(1));
        self.literals = 0;
    }

    /// Ends the literal run before a back reference or at the end: an empty run gives its
    /// reserved byte back.
    fn end_run(&mut self) {
        let empty = self.literals == 0;
        self.close_run();
        if empty {
            self.at -= 1;
        }
    }

    /// A back reference of `length` + 2 bytes at distance `offset` + 1, then a new run.
    fn reference(&mut self, offset: usize, length: usize) {
        let high = (offset >> 8) as u8;
        if length < 7 {
            self.push(high.wrapping_add((length as u8) << 5));
        } else {
            self.push(high.wrapping_add(7 << 5));
            self.push((length - 7) as u8);
        }
        self.push(offset as u8);
        self.at += 1;
    }
}

/// The compressor's hash table: for each slot, the last position whose three bytes hashed
/// there. (Redis does not clear its table first; a clean one gives the same bytes in practice.)
struct Table(Vec<usize>);

impl Table {
    const EMPTY: usize = usize::MAX;

    /// The position last filed under `hash`, replaced by `at`.
    fn swap(&mut self, hash: u32, at: usize) -> usize {
        match self.0.get_mut(slot(hash)) {
            Some(entry) => std::mem::replace(entry, at),
            None => Self::EMPTY,
        }
    }
}

/// How many bytes at `reference` and `at` agree, counted as liblzf counts them (it knows the
/// first three agree and may overrun `longest` by up to two when that is below 19).
fn match_length(input: &[u8], reference: usize, at: usize, longest: usize) -> usize {
    let same = |n: usize| byte(input, reference + n) == byte(input, at + n);
    let mut length = 2;
    if longest > 16 {
        for _ in 0..16 {
            length += 1;
            if !same(length) {
                return length;
            }
        }
    }
    loop {
        length += 1;
        if length >= longest || !same(length) {
            return length;
        }
    }
}

/// Whether the bytes at `at` can refer back to `reference`: close enough, never to the first
/// byte, and the same three bytes.
fn usable(input: &[u8], reference: usize, at: usize) -> bool {
    reference != Table::EMPTY
        && at.wrapping_sub(reference).wrapping_sub(1) < MAX_OFFSET
        && reference > 0
        && input.get(reference..reference + 3) == input.get(at..at + 3)
}

/// Compresses `input` into at most `limit` bytes; None when it does not fit (Redis then
/// stores the string as it is).
pub fn compress(input: &[u8], limit: usize) -> Option<Vec<u8>> {
    if input.is_empty() || limit == 0 {
        return None;
    }
    let mut table = Table(vec![Table::EMPTY; HASH_SLOTS]);
    let mut out = Output {
        bytes: vec![0; limit + 4],
        at: 1,
        limit,
        literals: 0,
    };
    let end = input.len();
    let mut ip = 0;
    let mut hash = first(input, 0);
    while ip + 2 < end {
        hash = next(hash, input, ip);
        let reference = table.swap(hash, ip);
        if !usable(input, reference, ip) {
            if out.at >= out.limit {
                return None;
            }
            out.literal(byte(input, ip));
            ip += 1;
            continue;
        }
        out.end_run();
        if out.at + 4 >= out.limit {
            return None;
        }
        let length = match_length(input, reference, ip, (end - ip - 2).min(MAX_REFERENCE));
        out.reference(ip - reference - 1, length - 2);
        ip += length;
        if ip + 2 >= end {
            break;
        }
        // Only the match's last two positions are hashed ("very fast" mode).
        ip -= 2;
        hash = first(input, ip);
        for _ in 0..2 {
            hash = next(hash, input, ip);
            table.swap(hash, ip);
            ip += 1;
        }
    }
    if out.at + 3 > out.limit {
        return None;
    }
    for &value in input.get(ip..).unwrap_or_default() {
        out.literal(value);
    }
    out.end_run();
    let mut bytes = out.bytes;
    bytes.truncate(out.at);
    Some(bytes)
}

/// Decompresses `input`, which must give exactly `length` bytes; None for a corrupt stream or
/// another length.
pub fn decompress(input: &[u8], length: usize) -> Option<Vec<u8>> {
    // A back reference of three bytes yields at most 264: a longer claim cannot be honest,
    // and is refused before anything is allocated for it.
    if length > input.len().saturating_mul(88) {
        return None;
    }
    let mut out = Vec::with_capacity(length);
    let mut ip = 0;
    while ip < input.len() {
        let control = usize::from(byte(input, ip));
        ip += 1;
        if control < 32 {
            let run = input.get(ip..ip + control + 1)?;
            if out.len() + run.len() > length {
                return None;
            }
            out.extend_from_slice(run);
            ip += control + 1;
        } else {
            let mut count = control >> 5;
            if count == 7 {
                count += usize::from(*input.get(ip)?);
                ip += 1;
            }
            let low = usize::from(*input.get(ip)?);
            ip += 1;
            let distance = ((control & 0x1f) << 8) + low + 1;
            if out.len() + count + 2 > length || distance > out.len() {
                return None;
            }
            let from = out.len() - distance;
            for i in 0..count + 2 {
                let copied = *out.get(from + i)?;
                out.push(copied);
            }
        }
    }
    (out.len() == length).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_does_not_shrink() {
        let text = b"#!lua name=lib\nredis.register_function('f', function() return 'hello' end)\nredis.register_function('g', function() return 'hello' end)";
        let packed = compress(text, text.len() - 4).expect("repetitive text shrinks");
        assert!(packed.len() < text.len() - 4);
        assert_eq!(decompress(&packed, text.len()).as_deref(), Some(&text[..]));
        assert_eq!(compress(b"abcdefghijklmnopqrstuvwxyz", 22), None);
        assert_eq!(decompress(&packed, text.len() + 1), None);
        assert_eq!(decompress(&[0xe0, 0x10], 300), None);
    }
}
