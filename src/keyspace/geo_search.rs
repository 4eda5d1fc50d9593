//! GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and the read-only GEORADIUS_RO and
//! GEORADIUSBYMEMBER_RO (geo.c's `georadiusGeneric`): the arguments read in Redis's order
//! with its errors, the members inside the area collected cell by cell (stopping early for
//! COUNT ... ANY), sorted by distance as Redis sorts them (glibc's `qsort`, or `pqsort` when
//! COUNT keeps fewer), then replied or stored as a sorted set.

use super::geo::{coordinate, distance_reply, geo_set, is_word, parse_point, unit};
use super::geo_area::{Extent, Shape};
use super::geohash::{self, HashBits};
use super::number::parse_integer;
use super::pqsort::partial_sort;
use super::qsort::qsort;
use super::reply::{Reply, NOT_INTEGER, SYNTAX};
use super::zsets::{parse_score, store, SortedSet};
use super::Keyspace;
use std::cmp::Ordering;

/// Which command is running: where its centre comes from and which options it takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// GEORADIUS key longitude latitude radius unit ...
    Coordinates,
    /// GEORADIUSBYMEMBER key member radius unit ...
    Member,
    /// GEOSEARCH key (FROMMEMBER|FROMLONLAT) (BYRADIUS|BYBOX) ...
    Search,
    /// GEOSEARCHSTORE destination key ... [STOREDIST]
    SearchStore,
}

/// GEORADIUS key longitude latitude radius unit [options] [STORE key|STOREDIST key].
pub fn georadius(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    search(ks, args, Form::Coordinates, true)
}

/// GEORADIUS_RO: GEORADIUS without STORE and STOREDIST.
pub fn georadius_ro(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    search(ks, args, Form::Coordinates, false)
}

/// GEORADIUSBYMEMBER key member radius unit [options] [STORE key|STOREDIST key].
pub fn georadiusbymember(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    search(ks, args, Form::Member, true)
}

/// GEORADIUSBYMEMBER_RO: GEORADIUSBYMEMBER without STORE and STOREDIST.
pub fn georadiusbymember_ro(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    search(ks, args, Form::Member, false)
}

/// GEOSEARCH key FROMMEMBER member|FROMLONLAT longitude latitude BYRADIUS radius unit|BYBOX
/// width height unit [ASC|DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH].
pub fn geosearch(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    search(ks, args, Form::Search, false)
}

/// GEOSEARCHSTORE destination source ... [STOREDIST].
pub fn geosearchstore(ks: &mut Keyspace, args: &[Vec<u8>]) -> Reply {
    search(ks, args, Form::SearchStore, false)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sort {
    Unsorted,
    Ascending,
    Descending,
}

/// Where GEOSEARCH's centre comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Member,
    LonLat,
}

/// GEOSEARCH's shape.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AreaKind {
    Radius,
    Box,
}

/// What the arguments asked for.
struct Request {
    /// The centre (None while GEORADIUSBYMEMBER or FROMMEMBER has no key to look in).
    center: Option<(f64, f64)>,
    /// The shape, and the unit's length in meters.
    extent: Option<(Extent, f64)>,
    from: Option<Origin>,
    by: Option<AreaKind>,
    with_dist: bool,
    with_hash: bool,
    with_coord: bool,
    any: bool,
    sort: Sort,
    /// At most this many results; 0 for all.
    count: i64,
    store: Option<Vec<u8>>,
    store_dist: bool,
}

/// A member found inside the area.
struct Point {
    member: Vec<u8>,
    score: f64,
    longitude: f64,
    latitude: f64,
    /// From the centre, in meters.
    distance: f64,
}

fn search(ks: &mut Keyspace, args: &[Vec<u8>], form: Form, may_store: bool) -> Reply {
    let source = if form == Form::SearchStore { 2 } else { 1 };
    let (request, points) = {
        let set = match geo_set(ks, &args[source]) {
            Ok(set) => set,
            Err(reply) => return reply,
        };
        let request = match read_request(set, args, form, may_store) {
            Ok(request) => request,
            Err(reply) => return reply,
        };
        let points = set.map(|set| collect(set, &request));
        (request, points)
    };
    match points {
        Some(points) => answer(ks, &request, points),
        // No source key: the destination goes, or the reply is empty.
        None => match &request.store {
            Some(key) => store(ks, key, SortedSet::default()),
            None => Reply::Array(Some(Vec::new())),
        },
    }
}

/// Sorts what was found as asked, keeps COUNT of it, and replies with it or stores it.
fn answer(ks: &mut Keyspace, request: &Request, mut points: Vec<Point>) -> Reply {
    if points.is_empty() && request.store.is_none() {
        return Reply::Array(Some(Vec::new()));
    }
    // COUNT keeps the nearest unless ANY asked for whichever came first.
    let sort = if request.count != 0 && request.sort == Sort::Unsorted && !request.any {
        Sort::Ascending
    } else {
        request.sort
    };
    let returned = match usize::try_from(request.count) {
        Ok(count) if count > 0 && count < points.len() => count,
        _ => points.len(),
    };
    let order = sorted_order(&points, sort, returned);
    let conversion = request.extent.map_or(1.0, |(_, c)| c);
    for &i in &order[..returned] {
        points[i].distance /= conversion;
    }
    let chosen = order[..returned].iter().map(|&i| &points[i]);
    match &request.store {
        Some(key) => {
            let mut result = SortedSet::default();
            for point in chosen {
                let score = if request.store_dist {
                    point.distance
                } else {
                    point.score
                };
                result.insert(score, &point.member);
            }
            store(ks, key, result)
        }
        None => Reply::Array(Some(chosen.map(|p| point_reply(p, request)).collect())),
    }
}

/// Reads the arguments as `georadiusGeneric` does, in its order: the fixed ones of
/// GEORADIUS and GEORADIUSBYMEMBER, then the options left to right (each parsed, and its
/// errors given, as it comes), then the checks of what they add up to.
fn read_request(
    set: Option<&SortedSet>,
    args: &[Vec<u8>],
    form: Form,
    may_store: bool,
) -> Result<Request, Reply> {
    let mut request = Request {
        center: None,
        extent: None,
        from: None,
        by: None,
        with_dist: false,
        with_hash: false,
        with_coord: false,
        any: false,
        sort: Sort::Unsorted,
        count: 0,
        store: None,
        store_dist: false,
    };
    let options = &args[fixed_arguments(&mut request, set, args, form)?..];
    let mut i = 0;
    while i < options.len() {
        i += 1 + read_option(&mut request, set, &options[i..], form, may_store)?;
    }
    check_request(&request, args, form)?;
    Ok(request)
}

/// The centre and radius GEORADIUS and GEORADIUSBYMEMBER take before their options (and
/// GEOSEARCHSTORE's destination); returns where the options start.
fn fixed_arguments(
    request: &mut Request,
    set: Option<&SortedSet>,
    args: &[Vec<u8>],
    form: Form,
) -> Result<usize, Reply> {
    Ok(match form {
        Form::Coordinates => {
            request.center = Some(parse_point(&args[2], &args[3])?);
            request.extent = Some(radius(&args[4], &args[5])?);
            6
        }
        // Without the key there is nothing to find the member in; the options are still
        // read, for their errors and the STORE key.
        Form::Member => {
            if let Some(set) = set {
                request.center = Some(member_position(set, &args[2])?);
                request.extent = Some(radius(&args[3], &args[4])?);
            }
            5
        }
        Form::Search => 2,
        Form::SearchStore => {
            request.store = Some(args[1].clone());
            3
        }
    })
}

/// Reads the option `words[0]` (and its arguments from the words after it); returns how many
/// of those it took. A word that is no option here, or lacks its arguments, or comes after
/// the other choice of FROM... or BY..., is a syntax error.
fn read_option(
    request: &mut Request,
    set: Option<&SortedSet>,
    words: &[Vec<u8>],
    form: Form,
    may_store: bool,
) -> Result<usize, Reply> {
    let arg = &words[0];
    let left = words.len() - 1;
    let searching = matches!(form, Form::Search | Form::SearchStore);
    let (from, by) = (request.from, request.by);
    if is_word(arg, b"withdist") {
        request.with_dist = true;
    } else if is_word(arg, b"withhash") {
        request.with_hash = true;
    } else if is_word(arg, b"withcoord") {
        request.with_coord = true;
    } else if is_word(arg, b"any") {
        request.any = true;
    } else if is_word(arg, b"asc") {
        request.sort = Sort::Ascending;
    } else if is_word(arg, b"desc") {
        request.sort = Sort::Descending;
    } else if is_word(arg, b"count") && left >= 1 {
        request.count = parse_integer(&words[1]).ok_or(Reply::error(NOT_INTEGER))?;
        if request.count <= 0 {
            return Err(Reply::error("ERR COUNT must be > 0"));
        }
        return Ok(1);
    } else if (is_word(arg, b"store") || is_word(arg, b"storedist")) && left >= 1 && may_store {
        request.store = Some(words[1].clone());
        request.store_dist = is_word(arg, b"storedist");
        return Ok(1);
    } else if is_word(arg, b"storedist") && form == Form::SearchStore {
        request.store_dist = true;
    } else if is_word(arg, b"frommember") && left >= 1 && searching && from != Some(Origin::LonLat)
    {
        if let Some(set) = set {
            request.center = Some(member_position(set, &words[1])?);
        }
        request.from = Some(Origin::Member);
        return Ok(1);
    } else if is_word(arg, b"fromlonlat") && left >= 2 && searching && from != Some(Origin::Member)
    {
        request.center = Some(parse_point(&words[1], &words[2])?);
        request.from = Some(Origin::LonLat);
        return Ok(2);
    } else if is_word(arg, b"byradius") && left >= 2 && searching && by != Some(AreaKind::Box) {
        request.extent = Some(radius(&words[1], &words[2])?);
        request.by = Some(AreaKind::Radius);
        return Ok(2);
    } else if is_word(arg, b"bybox") && left >= 3 && searching && by != Some(AreaKind::Radius) {
        request.extent = Some(rectangle(&words[1..4])?);
        request.by = Some(AreaKind::Box);
        return Ok(3);
    } else {
        return Err(Reply::error(SYNTAX));
    }
    Ok(0)
}

/// The checks made once every option is read.
fn check_request(request: &Request, args: &[Vec<u8>], form: Form) -> Result<(), Reply> {
    if request.store.is_some() && (request.with_dist || request.with_hash || request.with_coord) {
        let what = if form == Form::SearchStore {
            "GEOSEARCHSTORE"
        } else {
            "STORE option in GEORADIUS"
        };
        return Err(Reply::error(&format!(
            "ERR {what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
        )));
    }
    let searching = matches!(form, Form::Search | Form::SearchStore);
    if searching && request.from.is_none() {
        return Err(Reply::error_format(
            "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {}",
            &[&args[0]],
        ));
    }
    if searching && request.by.is_none() {
        return Err(Reply::error_format(
            "ERR exactly one of BYRADIUS and BYBOX can be specified for {}",
            &[&args[0]],
        ));
    }
    if request.any && request.count == 0 {
        return Err(Reply::error("ERR the ANY argument requires COUNT argument"));
    }
    Ok(())
}

/// `longLatFromMember`: where a member of the set is.
fn member_position(set: &SortedSet, member: &[u8]) -> Result<(f64, f64), Reply> {
    set.score(member)
        .map(geohash::decode_score)
        .ok_or_else(|| Reply::error("ERR could not decode requested zset member"))
}

/// `extractDistanceOrReply`: a radius and its unit's length in meters.
fn radius(value: &[u8], unit_name: &[u8]) -> Result<(Extent, f64), Reply> {
    let radius = parse_score(value).ok_or_else(|| Reply::error("ERR need numeric radius"))?;
    if radius < 0.0 {
        return Err(Reply::error("ERR radius cannot be negative"));
    }
    Ok((Extent::Radius(radius), unit(unit_name)?))
}

/// `extractBoxOrReply`: width, height and unit.
fn rectangle(words: &[Vec<u8>]) -> Result<(Extent, f64), Reply> {
    let [width, height, unit_name] = words else {
        return Err(Reply::error(SYNTAX));
    };
    let width = parse_score(width).ok_or_else(|| Reply::error("ERR need numeric width"))?;
    let height = parse_score(height).ok_or_else(|| Reply::error("ERR need numeric height"))?;
    if height < 0.0 || width < 0.0 {
        return Err(Reply::error("ERR height or width cannot be negative"));
    }
    Ok((Extent::Box { width, height }, unit(unit_name)?))
}

/// `membersOfAllNeighbors`: the members inside the area, cell after cell in Redis's order
/// (a cell equal to the one searched just before it is skipped), each cell's members in
/// score order. With ANY, the search stops once COUNT are found.
fn collect(set: &SortedSet, request: &Request) -> Vec<Point> {
    let (Some((longitude, latitude)), Some((extent, conversion))) =
        (request.center, request.extent)
    else {
        return Vec::new();
    };
    let shape = Shape {
        longitude,
        latitude,
        extent,
        conversion,
    };
    let limit = if request.any {
        usize::try_from(request.count).unwrap_or(usize::MAX)
    } else {
        0
    };
    let full = |points: &Vec<Point>| limit != 0 && points.len() >= limit;
    let cells = shape.cells();
    let mut points = Vec::new();
    let mut last = 0;
    for (i, cell) in cells.iter().enumerate() {
        let Some(cell) = *cell else { continue };
        // As in Redis, the first cell searched is never compared with.
        if last != 0 && cells[last] == Some(cell) {
            continue;
        }
        if full(&points) {
            break;
        }
        let (min, max) = score_range(cell);
        for (score, member) in set.iter_from_score(min) {
            if *score >= max {
                break;
            }
            let (longitude, latitude) = geohash::decode_score(*score);
            if let Some(distance) = shape.distance_if_within(longitude, latitude) {
                points.push(Point {
                    member: member.clone(),
                    score: *score,
                    longitude,
                    latitude,
                    distance,
                });
            }
            if full(&points) {
                break;
            }
        }
        last = i;
    }
    points
}

/// `scoresOfGeoHashBox`: the scores a cell's points have, from its first 52-bit value up to
/// (not including) the next cell's.
fn score_range(cell: HashBits) -> (f64, f64) {
    let next = HashBits {
        bits: cell.bits.wrapping_add(1),
        step: cell.step,
    };
    (
        geohash::align_52(cell) as f64,
        geohash::align_52(next) as f64,
    )
}

/// The points' indexes in reply order: COUNT without an order sorts nearest first (unless
/// ANY); a full sort is glibc's `qsort`, one that only needs the first `returned` is
/// Redis's `pqsort`.
fn sorted_order(points: &[Point], sort: Sort, returned: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    let nearest_first = |a: &usize, b: &usize| {
        let (a, b) = (points[*a].distance, points[*b].distance);
        if a > b {
            Ordering::Greater
        } else if a == b {
            Ordering::Equal
        } else {
            Ordering::Less
        }
    };
    let compare = |a: &usize, b: &usize| match sort {
        Sort::Descending => nearest_first(a, b).reverse(),
        _ => nearest_first(a, b),
    };
    if sort == Sort::Unsorted {
        return order;
    }
    if returned == points.len() {
        qsort(&mut order, compare);
    } else {
        partial_sort(&mut order, 0, returned as i64 - 1, compare);
    }
    order
}

/// One result: the member alone, or with what the WITH options asked for, always in the
/// order distance, hash, coordinates.
fn point_reply(point: &Point, request: &Request) -> Reply {
    if !(request.with_dist || request.with_hash || request.with_coord) {
        return Reply::bulk(&point.member);
    }
    let mut items = vec![Reply::bulk(&point.member)];
    if request.with_dist {
        items.push(distance_reply(point.distance));
    }
    if request.with_hash {
        items.push(Reply::Integer(point.score as i64));
    }
    if request.with_coord {
        items.push(Reply::Array(Some(vec![
            coordinate(point.longitude),
            coordinate(point.latitude),
        ])));
    }
    Reply::Array(Some(items))
}
