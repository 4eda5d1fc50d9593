//! The geohash grid Redis's GEO commands work on (geohash.c, geohash_helper.c): coordinates
//! scaled into a range and cut into `step` bits each, interleaved latitude-first into one
//! integer; the cell a hash names, its eight neighbours, the 52-bit score it aligns to, the
//! standard base32 geohash text, and the haversine distance with Redis's earth radius. The
//! floating-point steps keep Redis's operation order, which decides the last digits.

/// A coordinate interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

/// The coordinates Redis stores (Web Mercator cannot reach the poles).
pub const LONGITUDE: Range = Range {
    min: -180.0,
    max: 180.0,
};
pub const LATITUDE: Range = Range {
    min: -85.05112878,
    max: 85.05112878,
};
/// The latitudes the standard geohash alphabet text is computed over.
const STANDARD_LATITUDE: Range = Range {
    min: -90.0,
    max: 90.0,
};
/// Bits per coordinate in a stored score: 26 each, 52 in all, which a double holds exactly.
pub const STEP_MAX: u8 = 26;

/// `EARTH_RADIUS_IN_METERS`: the quadratic mean radius Redis measures with.
const EARTH_RADIUS: f64 = 6372797.560856;
/// `MERCATOR_MAX`: half the Mercator world's width, the largest radius a single step covers.
const MERCATOR_MAX: f64 = 20037726.37;
/// `D_R`: `M_PI / 180.0` as the compiler folds it.
const DEGREE: f64 = std::f64::consts::PI / 180.0;

/// A cell of the grid: `step` bits per coordinate, interleaved. Redis's "zero" hash (no bits,
/// no step) marks a neighbour it decided not to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashBits {
    pub bits: u64,
    pub step: u8,
}

/// The longitude and latitude interval of a cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub longitude: Range,
    pub latitude: Range,
}

/// Bits of `even` at even places, of `odd` at odd places.
fn interleave(even: u32, odd: u32) -> u64 {
    spread(even) | spread(odd) << 1
}

/// The 32 bits of `value` moved to the even places of a 64-bit word.
fn spread(value: u32) -> u64 {
    let mut x = u64::from(value);
    x = (x | x << 16) & 0x0000_FFFF_0000_FFFF;
    x = (x | x << 8) & 0x00FF_00FF_00FF_00FF;
    x = (x | x << 4) & 0x0F0F_0F0F_0F0F_0F0F;
    x = (x | x << 2) & 0x3333_3333_3333_3333;
    (x | x << 1) & 0x5555_5555_5555_5555
}

/// The even-placed bits of `bits` gathered into 32.
fn gather(bits: u64) -> u32 {
    let mut x = bits & 0x5555_5555_5555_5555;
    x = (x | x >> 1) & 0x3333_3333_3333_3333;
    x = (x | x >> 2) & 0x0F0F_0F0F_0F0F_0F0F;
    x = (x | x >> 4) & 0x00FF_00FF_00FF_00FF;
    x = (x | x >> 8) & 0x0000_FFFF_0000_FFFF;
    (x | x >> 16) as u32
}

/// C's `(uint32_t)` of a non-negative offset, through a 64-bit truncation as x86-64 does it.
fn offset_bits(offset: f64) -> u32 {
    offset as i64 as u32
}

/// 2^step, the number of cells along a coordinate (exact: a power of two).
fn cells(step: u8) -> f64 {
    2f64.powi(i32::from(step))
}

/// `geohashEncode`: the cell of `step` bits per coordinate holding the point, each
/// coordinate's place in its range scaled by 2^step. Callers pass coordinates inside the
/// ranges; a coordinate at a range's top lands just past the last cell, as in Redis.
pub fn encode(
    longitude_range: Range,
    latitude_range: Range,
    longitude: f64,
    latitude: f64,
    step: u8,
) -> HashBits {
    let scale = cells(step);
    let lat_offset =
        (latitude - latitude_range.min) / (latitude_range.max - latitude_range.min) * scale;
    let long_offset =
        (longitude - longitude_range.min) / (longitude_range.max - longitude_range.min) * scale;
    HashBits {
        bits: interleave(offset_bits(lat_offset), offset_bits(long_offset)),
        step,
    }
}

/// `geohashEncodeWGS84`: the cell in Redis's own ranges.
pub fn encode_wgs84(longitude: f64, latitude: f64, step: u8) -> HashBits {
    encode(LONGITUDE, LATITUDE, longitude, latitude, step)
}

/// `geohashAlign52Bits`: the hash shifted up to the 52 bits of a stored score.
pub fn align_52(hash: HashBits) -> u64 {
    // Steps never exceed 26 here; a wider one would have no bits to shift.
    hash.bits
        .checked_shl(52u32.saturating_sub(2 * u32::from(hash.step)))
        .unwrap_or(0)
}

/// `geohashDecode` in Redis's ranges: the cell's bounds. Bits beyond the step (from a
/// score that was never a geohash) give bounds past the ranges, as in Redis.
pub fn decode(hash: HashBits) -> Area {
    let scale = cells(hash.step);
    let lat_cell = gather(hash.bits);
    let long_cell = gather(hash.bits >> 1);
    let bound = |range: Range, cell: u32| {
        range.min + (f64::from(cell) * 1.0 / scale) * (range.max - range.min)
    };
    Area {
        longitude: Range {
            min: bound(LONGITUDE, long_cell),
            max: bound(LONGITUDE, long_cell.wrapping_add(1)),
        },
        latitude: Range {
            min: bound(LATITUDE, lat_cell),
            max: bound(LATITUDE, lat_cell.wrapping_add(1)),
        },
    }
}

/// `decodeGeohash`: the longitude and latitude a score stands for, the centre of its 52-bit
/// cell kept within the ranges. Any score decodes, through C's `(uint64_t)` conversion.
pub fn decode_score(score: f64) -> (f64, f64) {
    let area = decode(HashBits {
        bits: score_bits(score),
        step: STEP_MAX,
    });
    let longitude = (area.longitude.min + area.longitude.max) / 2.0;
    let latitude = (area.latitude.min + area.latitude.max) / 2.0;
    (
        longitude.clamp(LONGITUDE.min, LONGITUDE.max),
        latitude.clamp(LATITUDE.min, LATITUDE.max),
    )
}

/// C's `(uint64_t)score` as gcc compiles it for x86-64: below 2^63 one truncating
/// conversion to a signed integer, from 2^63 up the same after subtracting 2^63 with the top
/// bit flipped back; a value the conversion cannot hold gives the "integer indefinite"
/// 0x8000000000000000 (so infinity and huge scores read as 0, negative ones wrap around).
fn score_bits(score: f64) -> u64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    let truncate = |x: f64| {
        if (-TWO_63..TWO_63).contains(&x) {
            x as i64
        } else {
            i64::MIN
        }
    };
    if score >= TWO_63 {
        truncate(score - TWO_63) as u64 ^ 1 << 63
    } else {
        truncate(score) as u64
    }
}

/// A cell `d` places east (positive) or west, wrapping around the antimeridian.
fn move_longitude(hash: HashBits, d: i8) -> HashBits {
    move_bits(hash, d, 0xAAAA_AAAA_AAAA_AAAA)
}

/// A cell `d` places north (positive) or south, wrapping from one pole to the other.
fn move_latitude(hash: HashBits, d: i8) -> HashBits {
    move_bits(hash, d, 0x5555_5555_5555_5555)
}

/// `geohash_move_x`/`_y`: adds or subtracts one to the coordinate whose bits `mask` selects,
/// carrying through the other coordinate's places (filled with ones) and dropping the carry
/// out of the step's bits.
fn move_bits(hash: HashBits, d: i8, mask: u64) -> HashBits {
    if d == 0 {
        return hash;
    }
    // Steps are 1..=26 here, so the shifts stay below 64.
    let shift = 64u32.saturating_sub(2 * u32::from(hash.step));
    let keep = |m: u64| m.checked_shr(shift).unwrap_or(0);
    let mine = hash.bits & mask;
    let other = hash.bits & !mask;
    let filler = keep(!mask);
    let moved = if d > 0 {
        mine.wrapping_add(filler + 1)
    } else {
        (mine | filler).wrapping_sub(filler + 1)
    };
    HashBits {
        bits: (moved & keep(mask)) | other,
        step: hash.step,
    }
}

/// The eight neighbours of a cell.
#[derive(Debug, Clone, Copy)]
pub struct Neighbours {
    pub north: HashBits,
    pub south: HashBits,
    pub east: HashBits,
    pub west: HashBits,
    pub north_east: HashBits,
    pub north_west: HashBits,
    pub south_east: HashBits,
    pub south_west: HashBits,
}

/// `geohashNeighbors`.
pub fn neighbours(hash: HashBits) -> Neighbours {
    let at = |east: i8, north: i8| move_latitude(move_longitude(hash, east), north);
    Neighbours {
        north: at(0, 1),
        south: at(0, -1),
        east: at(1, 0),
        west: at(-1, 0),
        north_east: at(1, 1),
        north_west: at(-1, 1),
        south_east: at(1, -1),
        south_west: at(-1, -1),
    }
}

/// `geohashEstimateStepsByRadius`: the coarsest step whose cells are still at least about as
/// wide as the radius, one coarser near the poles (two beyond 80 degrees), within 1..=26.
pub fn estimate_steps(mut range_meters: f64, latitude: f64) -> u8 {
    if range_meters == 0.0 {
        return STEP_MAX;
    }
    let mut step: i64 = 1;
    while range_meters < MERCATOR_MAX {
        range_meters *= 2.0;
        step += 1;
    }
    step -= 2;
    // (Latitudes here are never NaN: they come from checked arguments or decoded scores.)
    if !(-66.0..=66.0).contains(&latitude) {
        step -= 1;
        if !(-80.0..=80.0).contains(&latitude) {
            step -= 1;
        }
    }
    step.clamp(1, i64::from(STEP_MAX)) as u8
}

/// `deg_rad`.
pub fn radians(degrees: f64) -> f64 {
    degrees * DEGREE
}

/// `rad_deg`.
pub fn degrees(radians: f64) -> f64 {
    radians / DEGREE
}

/// Meters to the angle they span at the earth's centre, in degrees (the bounding box's
/// deltas).
pub fn meters_to_degrees(meters: f64) -> f64 {
    degrees(meters / EARTH_RADIUS)
}

/// `width / EARTH_RADIUS / cos(deg_rad(latitude))` in degrees: the longitude span of
/// `meters` at that latitude.
pub fn meters_to_longitude_degrees(meters: f64, latitude: f64) -> f64 {
    degrees(meters / EARTH_RADIUS / radians(latitude).cos())
}

/// `geohashGetDistance`: the haversine great-circle distance in meters; along a meridian
/// (no longitude difference) the arc itself, as Redis 7.0.15 shortcuts it.
pub fn distance(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let lon1r = radians(lon1);
    let lon2r = radians(lon2);
    let v = ((lon2r - lon1r) / 2.0).sin();
    if v == 0.0 {
        return latitude_distance(lat1, lat2);
    }
    let lat1r = radians(lat1);
    let lat2r = radians(lat2);
    let u = ((lat2r - lat1r) / 2.0).sin();
    let a = u * u + lat1r.cos() * lat2r.cos() * v * v;
    2.0 * EARTH_RADIUS * a.sqrt().asin()
}

/// `geohashGetLatDistance`: the distance between two latitudes along a meridian.
pub fn latitude_distance(lat1: f64, lat2: f64) -> f64 {
    EARTH_RADIUS * (radians(lat2) - radians(lat1)).abs()
}

/// GEOHASH's text for a point: re-encoded over latitudes -90..90 (the standard geohash
/// grid, not Redis's), then ten base32 characters of the 52 bits and a final `0` for the
/// two bits a standard 11-character geohash has beyond them.
pub fn standard_text(longitude: f64, latitude: f64) -> [u8; 11] {
    const ALPHABET: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";
    let hash = encode(LONGITUDE, STANDARD_LATITUDE, longitude, latitude, STEP_MAX);
    let mut text = [b'0'; 11];
    for (i, c) in text.iter_mut().take(10).enumerate() {
        let index = (hash.bits >> (52 - (i + 1) * 5)) & 0x1f;
        *c = ALPHABET[index as usize];
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palermo_gets_the_score_and_position_redis_gives_it() {
        // ZSCORE and GEOPOS after GEOADD Sicily 13.361389 38.115556 Palermo on 7.0.15.
        let hash = encode_wgs84(13.361389, 38.115556, STEP_MAX);
        assert_eq!(align_52(hash), 3_479_099_956_230_698);
        let (long, lat) = decode_score(3_479_099_956_230_698.0);
        assert_eq!(
            format!("{long:.17} {lat:.17}"),
            "13.36138933897018433 38.11555639549629859"
        );
        assert_eq!(&standard_text(long, lat), b"sqc8b49rny0");
    }

    #[test]
    fn scores_convert_as_x86_64_does() {
        assert_eq!(score_bits(-5.0), (-5i64) as u64);
        assert_eq!(score_bits(f64::INFINITY), 0);
        assert_eq!(score_bits(1e30), 0);
        assert_eq!(score_bits(f64::NEG_INFINITY), 1 << 63);
        assert_eq!(score_bits(1e19), 10_000_000_000_000_000_000);
    }

    #[test]
    fn neighbours_wrap_around_the_antimeridian() {
        let west_edge = encode_wgs84(-180.0, 0.0, 3);
        let n = neighbours(west_edge);
        assert_eq!(decode(n.west).longitude.max, 180.0);
        assert_eq!(decode(n.east).longitude.min, -135.0);
        assert_eq!(decode(n.north).latitude.min, decode(west_edge).latitude.max);
    }

    #[test]
    fn steps_shrink_with_the_radius_and_near_the_poles() {
        assert_eq!(estimate_steps(0.0, 0.0), 26);
        assert_eq!(estimate_steps(1.0, 0.0), 24);
        assert_eq!(estimate_steps(1.0, 70.0), 23);
        assert_eq!(estimate_steps(1.0, -81.0), 22);
        assert_eq!(estimate_steps(1e9, 0.0), 1);
        assert_eq!(estimate_steps(f64::INFINITY, 0.0), 1);
    }
}
