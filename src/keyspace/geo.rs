//! GEOADD, GEOPOS, GEODIST and GEOHASH (geo.c): a position is a sorted-set member whose score
//! is the 52-bit geohash of its longitude and latitude, added through ZADD as Redis does and
//! decoded back to the centre of its cell. Also the argument and reply helpers the search
//! commands share: coordinates, units, distances printed `%.4f`, coordinates printed as
//! `addReplyHumanLongDouble` prints them.

use super::db::{Entry, Value};
use super::geohash::{self, LATITUDE, LONGITUDE, STEP_MAX};
use super::reply::{Reply, NOT_FLOAT, SYNTAX, WRONG_TYPE};
use super::zsets::{parse_score, zadd, SortedSet};
use super::Keyspace;
use crate::stdlib::printf::{format_float, Spec};

/// GEOADD key [NX|XX] [CH] longitude latitude member [...].
pub fn geoadd(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let mut first = 2;
    let (mut nx, mut xx) = (false, false);
    while let Some(option) = args.get(first) {
        if is_word(option, b"nx") {
            nx = true;
        } else if is_word(option, b"xx") {
            xx = true;
        } else if !is_word(option, b"ch") {
            break;
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
        let (longitude, latitude) = match parse_point(&triple[0], &triple[1]) {
            Ok(point) => point,
            Err(reply) => return reply,
        };
        let hash = geohash::encode_wgs84(longitude, latitude, STEP_MAX);
        zadd_args.push(geohash::align_52(hash).to_string().into_bytes());
        zadd_args.push(triple[2].clone());
    }
    zadd(ks, &zadd_args)
}

/// GEOPOS key member [...]: each member's position, or a nil array for one not there.
pub fn geopos(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let set = match geo_set(ks, &args[1]) {
        Ok(set) => set,
        Err(reply) => return reply,
    };
    let positions = args[2..]
        .iter()
        .map(|member| match set.and_then(|s| s.score(member)) {
            Some(score) => {
                let (longitude, latitude) = geohash::decode_score(score);
                Reply::Array(Some(vec![coordinate(longitude), coordinate(latitude)]))
            }
            None => Reply::Array(None),
        });
    Reply::Array(Some(positions.collect()))
}

/// GEODIST key member1 member2 [unit]: the distance, or nil when either member is missing.
pub fn geodist(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let to_meters = match args.len() {
        5 => match unit(&args[4]) {
            Ok(to_meters) => to_meters,
            Err(reply) => return reply,
        },
        n if n > 5 => return Reply::error(SYNTAX),
        _ => 1.0,
    };
    let set = match geo_set(ks, &args[1]) {
        Ok(Some(set)) => set,
        Ok(None) => return Reply::nil(),
        Err(reply) => return reply,
    };
    let (Some(first), Some(second)) = (set.score(&args[2]), set.score(&args[3])) else {
        return Reply::nil();
    };
    let (lon1, lat1) = geohash::decode_score(first);
    let (lon2, lat2) = geohash::decode_score(second);
    distance_reply(geohash::distance(lon1, lat1, lon2, lat2) / to_meters)
}

/// GEOHASH key member [...]: each member's standard 11-character geohash, or nil.
pub fn geohash(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    let set = match geo_set(ks, &args[1]) {
        Ok(set) => set,
        Err(reply) => return reply,
    };
    let hashes = args[2..]
        .iter()
        .map(|member| match set.and_then(|s| s.score(member)) {
            Some(score) => {
                let (longitude, latitude) = geohash::decode_score(score);
                Reply::bulk(&geohash::standard_text(longitude, latitude))
            }
            None => Reply::nil(),
        });
    Reply::Array(Some(hashes.collect()))
}

/// The sorted set at `key` (None when there is none), or WRONGTYPE.
pub fn geo_set<'a>(ks: &'a mut Keyspace, key: &[u8]) -> Result<Option<&'a SortedSet>, Reply> {
    let now = ks.now;
    match ks.db().get(key, now) {
        None => Ok(None),
        Some(Entry {
            value: Value::SortedSet(set),
            ..
        }) => Ok(Some(set)),
        Some(_) => Err(Reply::error(WRONG_TYPE)),
    }
}

/// Whether an argument, read as C's `strcasecmp` reads it (up to a NUL byte), is `word`.
pub fn is_word(arg: &[u8], word: &[u8]) -> bool {
    let text = arg.split(|&b| b == 0).next().unwrap_or_default();
    text.eq_ignore_ascii_case(word)
}

/// `extractLongLatOrReply`: both numbers read first, then checked against Redis's limits.
pub fn parse_point(longitude: &[u8], latitude: &[u8]) -> Result<(f64, f64), Reply> {
    let (Some(longitude), Some(latitude)) = (parse_score(longitude), parse_score(latitude)) else {
        return Err(Reply::error(NOT_FLOAT));
    };
    let outside = |value: f64, range: geohash::Range| value < range.min || value > range.max;
    if outside(longitude, LONGITUDE) || outside(latitude, LATITUDE) {
        return Err(Reply::error(&format!(
            "ERR invalid longitude,latitude pair {},{}",
            fixed(longitude, 6),
            fixed(latitude, 6)
        )));
    }
    Ok((longitude, latitude))
}

/// `extractUnitOrReply`: a unit's length in meters.
pub fn unit(arg: &[u8]) -> Result<f64, Reply> {
    const UNITS: &[(&[u8], f64)] = &[
        (b"m", 1.0),
        (b"km", 1000.0),
        (b"ft", 0.3048),
        (b"mi", 1609.34),
    ];
    UNITS
        .iter()
        .find(|(name, _)| is_word(arg, name))
        .map(|&(_, meters)| meters)
        .ok_or_else(|| Reply::error("ERR unsupported unit provided. please use M, KM, FT, MI"))
}

/// `addReplyDoubleDistance`: a distance as a `%.4f` bulk string.
pub fn distance_reply(distance: f64) -> Reply {
    Reply::Bulk(Some(fixed(distance, 4).into_bytes()))
}

/// `addReplyHumanLongDouble`: `%.17Lf` of the value (a double widens to a long double
/// exactly, so its own digits), trailing zeros and a bare point dropped, `-0` as `0`.
pub fn coordinate(value: f64) -> Reply {
    let mut text = fixed(value, 17);
    let kept = text.trim_end_matches('0').trim_end_matches('.').len();
    text.truncate(kept);
    if text == "-0" {
        text = "0".to_string();
    }
    Reply::DoubleText(text.into_bytes())
}

/// C's `%.Nf`.
fn fixed(value: f64, precision: usize) -> String {
    let spec = Spec {
        precision: Some(precision),
        conversion: b'f',
        ..Spec::default()
    };
    String::from_utf8_lossy(&format_float(&spec, value)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_print_as_redis_prints_them() {
        // GEOPOS replies of redis-server 7.0.15.
        let text = |v| match coordinate(v) {
            Reply::DoubleText(t) => String::from_utf8(t).unwrap(),
            _ => String::new(),
        };
        assert_eq!(text(13.361389338970184), "13.36138933897018433");
        assert_eq!(text(180.0), "180");
        assert_eq!(text(2.682209014892578e-6), "0.00000268220901489");
        assert_eq!(text(-1e-30), "0");
    }

    #[test]
    fn units_and_points_are_checked_as_redis_checks_them() {
        assert_eq!(unit(b"KM"), Ok(1000.0));
        assert_eq!(unit(b"mi\0junk"), Ok(1609.34));
        assert!(unit(b"yd").is_err());
        assert_eq!(
            parse_point(b"200", b"1"),
            Err(Reply::error(
                "ERR invalid longitude,latitude pair 200.000000,1.000000"
            ))
        );
        assert_eq!(parse_point(b"x", b"100"), Err(Reply::error(NOT_FLOAT)));
        assert_eq!(
            distance_reply(166274.15156960033),
            Reply::bulk(b"166274.1516")
        );
    }
}
