//! The area a GEO search looks in (geohash_helper.c's `geohashCalculateAreasByShapeWGS84`
//! and geo.c's `geoWithinShape`): a circle or an axis-aligned box around a centre, the
//! bounding box it spans in degrees, the grid cells (one and up to eight neighbours) that
//! cover it, and whether a point lies inside and how far it is from the centre.

use super::geohash::{self, HashBits};

/// The size of the searched area, in the unit the command gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Extent {
    Radius(f64),
    Box { width: f64, height: f64 },
}

/// A searched area: its centre, size, and the unit's length in meters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub longitude: f64,
    pub latitude: f64,
    pub extent: Extent,
    pub conversion: f64,
}

/// A bounding box in degrees.
struct Bounds {
    min_longitude: f64,
    min_latitude: f64,
    max_longitude: f64,
    max_latitude: f64,
}

impl Shape {
    /// Half the height and half the width in meters (both the radius for a circle).
    fn half_sizes(&self) -> (f64, f64) {
        match self.extent {
            Extent::Radius(r) => (self.conversion * r, self.conversion * r),
            Extent::Box { width, height } => (
                self.conversion * (height / 2.0),
                self.conversion * (width / 2.0),
            ),
        }
    }

    /// `geohashBoundingBox`: the latitude span of the half height, and the longitude span of
    /// the half width measured at the box's edge nearer the pole (where it is widest).
    fn bounds(&self) -> Bounds {
        let (height, width) = self.half_sizes();
        let lat_delta = geohash::meters_to_degrees(height);
        let long_delta_top = geohash::meters_to_longitude_degrees(width, self.latitude + lat_delta);
        let long_delta_bottom =
            geohash::meters_to_longitude_degrees(width, self.latitude - lat_delta);
        let long_delta = if self.latitude < 0.0 {
            long_delta_bottom
        } else {
            long_delta_top
        };
        Bounds {
            min_longitude: self.longitude - long_delta,
            min_latitude: self.latitude - lat_delta,
            max_longitude: self.longitude + long_delta,
            max_latitude: self.latitude + lat_delta,
        }
    }

    /// The distance in meters from the centre that decides the grid step: the radius, or the
    /// half diagonal of a box.
    fn reach(&self) -> f64 {
        let meters = match self.extent {
            Extent::Radius(r) => r,
            Extent::Box { width, height } => {
                ((width / 2.0) * (width / 2.0) + (height / 2.0) * (height / 2.0)).sqrt()
            }
        };
        meters * self.conversion
    }

    /// The cells to search, in Redis's order (the centre's cell, then north, south, east,
    /// west, north-east, north-west, south-east, south-west); None for a neighbour the
    /// bounding box does not reach.
    pub fn cells(&self) -> [Option<HashBits>; 9] {
        let bounds = self.bounds();
        let mut steps = geohash::estimate_steps(self.reach(), self.latitude);
        let mut hash = geohash::encode_wgs84(self.longitude, self.latitude, steps);
        let mut around = geohash::neighbours(hash);
        // A centre near its cell's edge can leave part of the box beyond the neighbours:
        // then one step coarser.
        let too_small = geohash::decode(around.north).latitude.max < bounds.max_latitude
            || geohash::decode(around.south).latitude.min > bounds.min_latitude
            || geohash::decode(around.east).longitude.max < bounds.max_longitude
            || geohash::decode(around.west).longitude.min > bounds.min_longitude;
        if steps > 1 && too_small {
            steps -= 1;
            hash = geohash::encode_wgs84(self.longitude, self.latitude, steps);
            around = geohash::neighbours(hash);
        }
        let area = geohash::decode(hash);
        // The rows and columns of neighbours the bounding box stays clear of are skipped.
        // (Written as Redis's tests are, so that a NaN bound excludes nothing.)
        let coarse = steps < 2;
        let below = |a: f64, b: f64| a < b;
        let south = coarse || !below(area.latitude.min, bounds.min_latitude);
        let north = coarse || !below(bounds.max_latitude, area.latitude.max);
        let west = coarse || !below(area.longitude.min, bounds.min_longitude);
        let east = coarse || !below(bounds.max_longitude, area.longitude.max);
        let keep = |wanted: bool, cell: HashBits| wanted.then_some(cell);
        [
            Some(hash),
            keep(north, around.north),
            keep(south, around.south),
            keep(east, around.east),
            keep(west, around.west),
            keep(north && east, around.north_east),
            keep(north && west, around.north_west),
            keep(south && east, around.south_east),
            keep(south && west, around.south_west),
        ]
    }

    /// `geoWithinShape` for a decoded point: its distance in meters from the centre when it
    /// lies inside. A box holds a point whose east-west distance (along the point's
    /// latitude) and north-south distance are within half the width and half the height.
    pub fn distance_if_within(&self, longitude: f64, latitude: f64) -> Option<f64> {
        match self.extent {
            Extent::Radius(r) => {
                let distance =
                    geohash::distance(self.longitude, self.latitude, longitude, latitude);
                if distance > r * self.conversion {
                    None
                } else {
                    Some(distance)
                }
            }
            Extent::Box { width, height } => {
                // The cheaper north-south test first, as Redis does.
                let along = geohash::latitude_distance(latitude, self.latitude);
                if along > height * self.conversion / 2.0 {
                    return None;
                }
                let across = geohash::distance(longitude, latitude, self.longitude, latitude);
                if across > width * self.conversion / 2.0 {
                    return None;
                }
                Some(geohash::distance(
                    self.longitude,
                    self.latitude,
                    longitude,
                    latitude,
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn circle(longitude: f64, latitude: f64, meters: f64) -> Shape {
        Shape {
            longitude,
            latitude,
            extent: Extent::Radius(meters),
            conversion: 1.0,
        }
    }

    #[test]
    fn small_circles_search_a_few_fine_cells() {
        let cells = circle(13.361389, 38.115556, 100.0).cells();
        let searched: Vec<HashBits> = cells.iter().flatten().copied().collect();
        assert!(!searched.is_empty() && searched.len() <= 9);
        assert!(searched
            .iter()
            .all(|c| c.step == searched[0].step && c.step > 10));
    }

    #[test]
    fn huge_circles_search_every_coarse_cell() {
        let cells = circle(0.0, 0.0, f64::INFINITY).cells();
        assert!(cells.iter().all(|c| c.is_some_and(|c| c.step == 1)));
    }

    #[test]
    fn boxes_measure_each_axis_apart() {
        let shape = Shape {
            longitude: 0.0,
            latitude: 0.0,
            extent: Extent::Box {
                width: 2.0,
                height: 200.0,
            },
            conversion: 1000.0,
        };
        assert!(shape.distance_if_within(0.0, 0.5).is_some());
        assert!(shape.distance_if_within(0.02, 0.0).is_none());
        assert!(circle(0.0, 0.0, 1.0).distance_if_within(0.0, 0.0) == Some(0.0));
    }
}
