//! The scalar forms of the portable keyspace (see `portable`): byte strings, sorted-set
//! scores, 64-bit integers and stream IDs, each with a JSON-able form that survives
//! `JSON.stringify`/`JSON.parse` exactly. Byte strings are plain strings when they are
//! UTF-8 and `{"base64": "..."}` otherwise; scores are numbers except `"inf"`, `"-inf"` and
//! `"-0"` (JSON has no infinities, and JavaScript prints -0 as 0); integers are numbers while
//! JavaScript holds them exactly (±2^53-1) and decimal strings beyond; stream IDs are
//! `"<ms>-<seq>"` strings, since their halves are 64-bit.

use super::number::parse_integer;
use super::stream_id::StreamId;
use super::zsets::parse_score;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte string: a key, a member, a field or a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

/// A sorted-set score (never NaN).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score(pub f64);

/// A 64-bit integer: a time in milliseconds, a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Integer(pub i64);

/// A stream entry ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub StreamId);

/// The largest integer a JavaScript number holds exactly, with all below it.
const SAFE_INTEGER: i64 = (1 << 53) - 1;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

fn base64_digit(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|d| d as u32)
}

/// Standard base64; the padding may be left out. None for any other text.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    if text.len() - body.len() > 2 || (text.len() != body.len() && !text.len().is_multiple_of(4)) {
        return None;
    }
    let mut bytes = Vec::with_capacity(body.len() / 4 * 3 + 2);
    for chunk in body.as_bytes().chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= base64_digit(c)? << (18 - 6 * i);
        }
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        bytes.extend_from_slice(&decoded[..chunk.len() - 1]);
    }
    Some(bytes)
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.0) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => {
                let mut tagged = serializer.serialize_struct("Bytes", 1)?;
                tagged.serialize_field("base64", &base64_encode(&self.0))?;
                tagged.end()
            }
        }
    }
}

struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Bytes;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, {\"base64\": \"...\"} or a Uint8Array")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Bytes, E> {
        Ok(Bytes(text.as_bytes().to_vec()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Bytes, E> {
        Ok(Bytes(text.into_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Bytes, E> {
        Ok(Bytes(bytes.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Bytes, E> {
        Ok(Bytes(bytes))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bytes, A::Error> {
        let mut bytes = None;
        while let Some(name) = map.next_key::<String>()? {
            if name != "base64" || bytes.is_some() {
                return Err(de::Error::custom(format!(
                    "a tagged byte string has the one field \"base64\", not \"{name}\""
                )));
            }
            let text: String = map.next_value()?;
            bytes = Some(
                base64_decode(&text)
                    .ok_or_else(|| de::Error::custom(format!("\"{text}\" is not base64")))?,
            );
        }
        bytes
            .map(Bytes)
            .ok_or_else(|| de::Error::custom("a tagged byte string needs \"base64\""))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        deserializer.deserialize_any(BytesVisitor)
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let score = self.0;
        if score == f64::INFINITY {
            serializer.serialize_str("inf")
        } else if score == f64::NEG_INFINITY {
            serializer.serialize_str("-inf")
        } else if score == 0.0 && score.is_sign_negative() {
            serializer.serialize_str("-0")
        } else {
            serializer.serialize_f64(score)
        }
    }
}

struct ScoreVisitor;

impl<'de> Visitor<'de> for ScoreVisitor {
    type Value = Score;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a score: a number, \"inf\", \"-inf\" or \"-0\"")
    }

    fn visit_f64<E: de::Error>(self, score: f64) -> Result<Score, E> {
        if score.is_nan() {
            return Err(E::custom("a score cannot be NaN"));
        }
        Ok(Score(score))
    }

    fn visit_i64<E: de::Error>(self, score: i64) -> Result<Score, E> {
        Ok(Score(score as f64))
    }

    fn visit_u64<E: de::Error>(self, score: u64) -> Result<Score, E> {
        Ok(Score(score as f64))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Score, E> {
        parse_score(text.as_bytes())
            .map(Score)
            .ok_or_else(|| E::custom(format!("\"{text}\" is not a score")))
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Score, D::Error> {
        deserializer.deserialize_any(ScoreVisitor)
    }
}

impl Serialize for Integer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if (-SAFE_INTEGER..=SAFE_INTEGER).contains(&self.0) {
            serializer.serialize_i64(self.0)
        } else {
            serializer.serialize_str(&self.0.to_string())
        }
    }
}

struct IntegerVisitor;

impl<'de> Visitor<'de> for IntegerVisitor {
    type Value = Integer;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer (a decimal string beyond ±2^53-1)")
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Integer, E> {
        Ok(Integer(n))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Integer, E> {
        i64::try_from(n)
            .map(Integer)
            .map_err(|_| E::custom(format!("{n} is beyond 64-bit integers")))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Integer, E> {
        // Past 2^53 a number may already have been rounded, so only exact ones are taken.
        if n.fract() == 0.0 && n.abs() <= SAFE_INTEGER as f64 {
            return Ok(Integer(n as i64));
        }
        Err(E::custom(format!(
            "{n} is not an integer a number holds exactly (give larger ones as strings)"
        )))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Integer, E> {
        parse_integer(text.as_bytes())
            .map(Integer)
            .ok_or_else(|| E::custom(format!("\"{text}\" is not a 64-bit integer")))
    }
}

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Integer, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }
}

/// `<ms>-<seq>`, both halves decimal digits.
fn parse_id(text: &str) -> Option<StreamId> {
    let (ms, seq) = text.split_once('-')?;
    let half = |part: &str| {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse::<u64>().ok()
    };
    Some(StreamId::new(half(ms)?, half(seq)?))
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_id(&text)
            .map(Id)
            .ok_or_else(|| de::Error::custom(format!("\"{text}\" is not a stream ID <ms>-<seq>")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Serialize + for<'de> Deserialize<'de>>(value: &T) -> (String, T) {
        let text = serde_json::to_string(value).unwrap_or_default();
        let back = serde_json::from_str(&text);
        (text, back.unwrap_or_else(|e| panic!("{e}")))
    }

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        let cases: [(&[u8], &str); 5] = [
            (b"", ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"\xff\x00\xfe\x80", "/wD+gA=="),
        ];
        for (bytes, text) in cases {
            assert_eq!(base64_encode(bytes), text);
            assert_eq!(base64_decode(text).as_deref(), Some(bytes));
        }
        assert_eq!(base64_decode("Zm8").as_deref(), Some(&b"fo"[..]));
        for bad in ["Z", "Zm9v=", "Zg===", "Zm$v", "Zg==Zg=="] {
            assert_eq!(base64_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn bytes_are_strings_when_utf8_and_tagged_otherwise() {
        let (text, back) = round_trip(&Bytes("héllo".as_bytes().to_vec()));
        assert_eq!(
            (text.as_str(), back.0),
            ("\"héllo\"", "héllo".as_bytes().to_vec())
        );
        let raw = vec![0xff, 0, b'a', 0xc3];
        let (text, back) = round_trip(&Bytes(raw.clone()));
        assert_eq!((text.as_str(), back.0), ("{\"base64\":\"/wBhww==\"}", raw));
        let bad = serde_json::from_str::<Bytes>("{\"hex\":\"00\"}");
        assert!(bad.is_err());
    }

    #[test]
    fn scores_keep_infinities_and_negative_zero() {
        for score in [
            1.5,
            -2.0,
            0.0,
            -0.0,
            1e-320,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.1,
        ] {
            let (text, back) = round_trip(&Score(score));
            assert_eq!(back.0.to_bits(), score.to_bits(), "{text}");
        }
        assert_eq!(round_trip(&Score(f64::INFINITY)).0, "\"inf\"");
        assert!(serde_json::from_str::<Score>("\"nan\"").is_err());
    }

    #[test]
    fn integers_beyond_javascript_s_range_are_strings() {
        for (n, text) in [
            (5, "5"),
            (-SAFE_INTEGER, "-9007199254740991"),
            (SAFE_INTEGER + 1, "\"9007199254740992\""),
            (i64::MIN, "\"-9223372036854775808\""),
        ] {
            assert_eq!(round_trip(&Integer(n)), (text.to_string(), Integer(n)));
        }
        assert!(serde_json::from_str::<Integer>("1.5").is_err());
        assert!(serde_json::from_str::<Integer>("\"1x\"").is_err());
    }

    #[test]
    fn ids_are_ms_dash_seq() {
        let id = Id(StreamId::new(u64::MAX, 7));
        assert_eq!(round_trip(&id), ("\"18446744073709551615-7\"".into(), id));
        for bad in [
            "\"5\"",
            "\"-1-0\"",
            "\"1-+2\"",
            "\"1-18446744073709551616\"",
        ] {
            assert!(serde_json::from_str::<Id>(bad).is_err(), "{bad}");
        }
    }
}
