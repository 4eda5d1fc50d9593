//! GEOADD (geo.c): a position stored as a sorted-set member whose score is the 52-bit
//! geohash of its longitude and latitude, added through ZADD as Redis does.

use super::reply::{Reply, SYNTAX};
use super::zsets::{parse_score, zadd};
use super::Keyspace;

/// The coordinates Redis accepts (its map projection cannot go nearer the poles).
const LONGITUDE: (f64, f64) = (-180.0, 180.0);
const LATITUDE: (f64, f64) = (-85.05112878, 85.05112878);
/// Bits per coordinate: 26 each, 52 in all, which a double holds exactly.
const STEP: u32 = 26;

/// GEOADD key [NX|XX] [CH] longitude latitude member [...].
pub fn geoadd(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let mut first = 2;
    let (mut nx, mut xx) = (false, false);
    while let Some(option) = args.get(first) {
        match option.to_ascii_lowercase().as_slice() {
            b"nx" => nx = true,
            b"xx" => xx = true,
            b"ch" => {}
            _ => break,
        }
        first += 1;
    }
    let triples = &args[first..];
    if !triples.len().is_multiple_of(3) || (nx && xx) {
        return Reply::error(SYNTAX);
    }
    let mut zadd_args: Vec<Vec<u8>> = vec![b"zadd".to_vec()];
    zadd_args.extend_from_slice(&args[1..first]);
    for triple in triples.chunks(3) {
        let (Some(longitude), Some(latitude)) = (parse_score(&triple[0]), parse_score(&triple[1]))
        else {
            return Reply::error("ERR value is not a valid float");
        };
        if !(LONGITUDE.0..=LONGITUDE.1).contains(&longitude)
            || !(LATITUDE.0..=LATITUDE.1).contains(&latitude)
        {
            return Reply::error(&format!(
                "ERR invalid longitude,latitude pair {longitude:.6},{latitude:.6}"
            ));
        }
        zadd_args.push(geohash(longitude, latitude).to_string().into_bytes());
        zadd_args.push(triple[2].clone());
    }
    zadd(ks, &zadd_args)
}

/// `geohashEncodeWGS84` aligned to 52 bits: each coordinate's offset in its range as a
/// 26-bit integer, latitude bits in the even places and longitude bits in the odd ones.
fn geohash(longitude: f64, latitude: f64) -> u64 {
    let scale = f64::from(1u32 << STEP);
    let lat = (latitude - LATITUDE.0) / (LATITUDE.1 - LATITUDE.0) * scale;
    let long = (longitude - LONGITUDE.0) / (LONGITUDE.1 - LONGITUDE.0) * scale;
    interleave(lat as u32, long as u32)
}

/// The bits of `even` and `odd` interleaved: bit i of `even` at 2i, of `odd` at 2i+1.
fn interleave(even: u32, odd: u32) -> u64 {
    (0..32).fold(0, |bits, i| {
        bits | (u64::from(even >> i & 1) << (2 * i)) | (u64::from(odd >> i & 1) << (2 * i + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palermo_gets_the_score_redis_gives_it() {
        // ZSCORE after GEOADD Sicily 13.361389 38.115556 Palermo on redis-server 7.0.15.
        assert_eq!(geohash(13.361389, 38.115556), 3_479_099_956_230_698);
    }
}
