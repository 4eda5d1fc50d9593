//! The FUNCTION DUMP payload, byte for byte as Redis 7.0 writes it: for each library the RDB
//! function opcode and the library's code as an RDB string (LZF-compressed when longer than 20
//! bytes and compression saves space), then the RDB version (10, two bytes little-endian) and
//! the CRC64 (Jones polynomial, little-endian) of everything before it. FUNCTION RESTORE's
//! reading side is here too: the footer's checks and the libraries' codes, with Redis's errors.

use super::lzf;

/// The RDB format version of Redis 7.0.
const RDB_VERSION: u16 = 10;
/// The opcode before each library's code.
const OPCODE_FUNCTION: u8 = 245;
/// The opcode of the format of 7.0's release candidates: name, engine and code apart.
const OPCODE_FUNCTION_PRE_GA: u8 = 246;
/// Version and checksum.
const FOOTER: usize = 10;

/// The payload of FUNCTION DUMP for libraries with these codes.
pub fn dump<'a>(codes: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut payload = Vec::new();
    for code in codes {
        payload.push(OPCODE_FUNCTION);
        write_string(&mut payload, code);
    }
    payload.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let checksum = crc64(&payload);
    payload.extend_from_slice(&checksum.to_le_bytes());
    payload
}

/// The libraries of a FUNCTION RESTORE payload whose footer checks out, to be read one by one
/// (Redis creates each library before it reads the next, so an error in one comes before
/// anything wrong after it); errors are messages without "ERR ".
pub fn libraries(payload: &[u8]) -> Result<Libraries<'_>, String> {
    if !footer_is_valid(payload) {
        return Err("DUMP payload version or checksum are wrong".to_string());
    }
    Ok(Libraries {
        reader: Reader { payload, at: 0 },
    })
}

/// The library codes of a payload, in its order.
pub struct Libraries<'a> {
    reader: Reader<'a>,
}

impl Iterator for Libraries<'_> {
    type Item = Result<Vec<u8>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let reader = &mut self.reader;
        // A string may claim the footer too, as with Redis's reader; the reading stops when
        // no more than the footer's size is left.
        if reader.payload.len().saturating_sub(reader.at) <= FOOTER {
            return None;
        }
        Some(match reader.byte() {
            Some(OPCODE_FUNCTION) => reader
                .string()
                .ok_or_else(|| "Failed loading library payload".to_string()),
            Some(OPCODE_FUNCTION_PRE_GA) => reader.pre_ga_library(),
            _ => Err("given type is not a function".to_string()),
        })
    }
}

/// The version is one this server writes (or older) and the checksum matches.
fn footer_is_valid(payload: &[u8]) -> bool {
    let Some(version_at) = payload.len().checked_sub(FOOTER) else {
        return false;
    };
    let (covered, checksum) = payload.split_at(version_at + 2);
    let version = match covered.get(version_at..) {
        Some(&[low, high]) => u16::from_le_bytes([low, high]),
        _ => return false,
    };
    version <= RDB_VERSION && checksum == crc64(covered).to_le_bytes()
}

/// An RDB string: as an integer when it is one (Redis tries this up to 11 bytes), LZF when that
/// is shorter, else its length and bytes.
fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.len() <= 11 {
        if let Some(encoded) = integer_encoding(bytes) {
            out.extend_from_slice(&encoded);
            return;
        }
    }
    if bytes.len() > 20 {
        if let Some(packed) = lzf::compress(bytes, bytes.len() - 4) {
            out.push(0xc3);
            write_length(out, packed.len() as u64);
            write_length(out, bytes.len() as u64);
            out.extend_from_slice(&packed);
            return;
        }
    }
    write_length(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// The 8, 16 or 32-bit form of a string that is the canonical text of a small integer.
fn integer_encoding(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let value: i64 = text.parse().ok()?;
    if value.to_string() != text {
        return None;
    }
    if let Ok(small) = i8::try_from(value) {
        Some(vec![0xc0, small as u8])
    } else if let Ok(medium) = i16::try_from(value) {
        Some([&[0xc1][..], &medium.to_le_bytes()].concat())
    } else if let Ok(large) = i32::try_from(value) {
        Some([&[0xc2][..], &large.to_le_bytes()].concat())
    } else {
        None
    }
}

/// An RDB length: 6 bits, 14 bits, or a marker then 32 or 64 bits big-endian.
fn write_length(out: &mut Vec<u8>, length: u64) {
    if length < 1 << 6 {
        out.push(length as u8);
    } else if length < 1 << 14 {
        out.push(0x40 | (length >> 8) as u8);
        out.push(length as u8);
    } else if let Ok(length) = u32::try_from(length) {
        out.push(0x80);
        out.extend_from_slice(&length.to_be_bytes());
    } else {
        out.push(0x81);
        out.extend_from_slice(&length.to_be_bytes());
    }
}

/// Reads RDB values from a payload.
struct Reader<'a> {
    payload: &'a [u8],
    at: usize,
}

/// What an RDB length byte announces.
enum Length {
    Plain(u64),
    Encoded(u8),
}

impl Reader<'_> {
    fn bytes(&mut self, count: u64) -> Option<&[u8]> {
        let count = usize::try_from(count).ok()?;
        let end = self.at.checked_add(count)?;
        let bytes = self.payload.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }

    fn byte(&mut self) -> Option<u8> {
        self.bytes(1).and_then(|b| b.first().copied())
    }

    fn length(&mut self) -> Option<Length> {
        let first = self.byte()?;
        Some(match first >> 6 {
            0 => Length::Plain(u64::from(first & 0x3f)),
            1 => Length::Plain((u64::from(first & 0x3f) << 8) | u64::from(self.byte()?)),
            3 => Length::Encoded(first & 0x3f),
            _ if first == 0x80 => {
                let bytes = self.bytes(4)?;
                Length::Plain(u64::from(u32::from_be_bytes(bytes.try_into().ok()?)))
            }
            _ if first == 0x81 => {
                let bytes = self.bytes(8)?;
                Length::Plain(u64::from_be_bytes(bytes.try_into().ok()?))
            }
            _ => return None,
        })
    }

    fn plain_length(&mut self) -> Option<u64> {
        match self.length()? {
            Length::Plain(length) => Some(length),
            Length::Encoded(_) => None,
        }
    }

    /// A library in the release candidates' format (name, engine, an optional description,
    /// then the code without its shebang), as the code with the shebang Redis puts back; the
    /// parts are C strings there, so each ends at a NUL.
    fn pre_ga_library(&mut self) -> Result<Vec<u8>, String> {
        let name = self.string().ok_or("Failed loading library name")?;
        let engine = self.string().ok_or("Failed loading engine name")?;
        let has_description = match self.length() {
            Some(Length::Plain(n)) => n != 0,
            Some(Length::Encoded(n)) => n != 0,
            None => return Err("Failed loading library description indicator".to_string()),
        };
        if has_description {
            self.string().ok_or("Failed loading library description")?;
        }
        let body = self.string().ok_or("Failed loading library blob")?;
        let c_string = |bytes: &[u8]| bytes.split(|&b| b == 0).next().unwrap_or_default().to_vec();
        Ok([
            b"#!".as_slice(),
            &c_string(&engine),
            b" name=",
            &c_string(&name),
            b"\n",
            &c_string(&body),
        ]
        .concat())
    }

    /// An RDB string in any of its encodings.
    fn string(&mut self) -> Option<Vec<u8>> {
        match self.length()? {
            Length::Plain(length) => self.bytes(length).map(<[u8]>::to_vec),
            Length::Encoded(0) => {
                let value = self.byte()? as i8;
                Some(value.to_string().into_bytes())
            }
            Length::Encoded(1) => {
                let bytes = self.bytes(2)?;
                Some(
                    i16::from_le_bytes(bytes.try_into().ok()?)
                        .to_string()
                        .into_bytes(),
                )
            }
            Length::Encoded(2) => {
                let bytes = self.bytes(4)?;
                Some(
                    i32::from_le_bytes(bytes.try_into().ok()?)
                        .to_string()
                        .into_bytes(),
                )
            }
            Length::Encoded(3) => {
                let packed_length = self.plain_length()?;
                let length = usize::try_from(self.plain_length()?).ok()?;
                let packed = self.bytes(packed_length)?;
                // Redis compares liblzf's output size, 0 on any failure, with the length: an
                // announced length of 0 therefore always succeeds.
                if length == 0 {
                    return Some(Vec::new());
                }
                lzf::decompress(packed, length)
            }
            Length::Encoded(_) => None,
        }
    }
}

/// CRC-64 as Redis computes it (Jones polynomial, reflected, no final xor).
pub fn crc64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |crc, &b| {
        let index = ((crc ^ u64::from(b)) & 0xff) as usize;
        CRC_TABLE[index] ^ (crc >> 8)
    })
}

/// The reflected Jones polynomial 0xad93d23594c935a9.
const POLYNOMIAL: u64 = 0x95ac_9329_ac4b_c9b5;

const CRC_TABLE: [u64; 256] = crc_table();

const fn crc_table() -> [u64; 256] {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLYNOMIAL
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc64_check_value() {
        assert_eq!(crc64(b"123456789"), 0xe9c6_d914_c4b8_d9ca);
    }

    #[test]
    fn payloads_round_trip() {
        let codes: [&[u8]; 3] = [b"#!lua name=a\nx", b"12", &[b'y'; 100]];
        let payload = dump(codes.iter().copied());
        let read: Result<Vec<_>, _> = libraries(&payload).expect("valid payload").collect();
        assert_eq!(
            read,
            Ok(codes.iter().map(|c| c.to_vec()).collect::<Vec<_>>())
        );
        let mut broken = payload.clone();
        broken[1] ^= 1;
        assert!(libraries(&broken).is_err());
        assert!(libraries(b"short").is_err());
    }
}
