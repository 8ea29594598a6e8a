//! The Equal Earth map projection (Šavrič, Patterson and Jenny, 2018), from longitude and
//! latitude to SVG user units and back.
//!
//! Axis convention: the SVG frame is [`MAP_WIDTH`] × [`MAP_HEIGHT`] user units, origin at the
//! top left, x growing east and y growing **south** (SVG's direction). Longitude −180° maps to
//! x = 0 and +180° to x = `MAP_WIDTH`; latitude +90° maps to y = 0 and −90° to y = `MAP_HEIGHT`.
//! Equal Earth is equal-area: markers keep their relative areas wherever they sit.
//!
//! This module is plain geometry: no browser types, no I/O.

use std::f64::consts::PI;

const A1: f64 = 1.340264;
const A2: f64 = -0.081106;
const A3: f64 = 0.000893;
const A4: f64 = 0.003796;
/// `√3 / 2`.
const M: f64 = 0.866_025_403_784_438_6;

/// The width of the SVG frame, in user units.
pub const MAP_WIDTH: f64 = 1000.0;

/// Half the projected width of the world, in projection units (x at λ = π, φ = 0).
const X_EXTENT: f64 = 2.0 * 1.732_050_807_568_877_2 * PI / (3.0 * A1);

/// Half the projected height of the world, in projection units (y at φ = π/2, so θ = π/3).
fn y_extent() -> f64 {
    let theta = PI / 3.0;
    y_of_theta(theta)
}

/// SVG user units per projection unit.
const SCALE: f64 = MAP_WIDTH / (2.0 * X_EXTENT);

/// The height of the SVG frame, in user units (about 486.8).
pub const MAP_HEIGHT: f64 = 486.8;

fn y_of_theta(theta: f64) -> f64 {
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
}

fn dy_dtheta(theta: f64) -> f64 {
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)
}

/// A point in the SVG frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapPoint {
    /// Distance from the left edge, user units.
    pub x: f64,
    /// Distance from the top edge, user units.
    pub y: f64,
}

/// A geographic position in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    /// Longitude, −180 to 180, east positive.
    pub lon: f64,
    /// Latitude, −90 to 90, north positive.
    pub lat: f64,
}

/// Projects a position onto the SVG frame. Inputs outside the globe are clamped to it.
///
/// ```
/// use ai_cities_index::domain::projection::{project, LonLat, MAP_WIDTH};
/// let centre = project(LonLat { lon: 0.0, lat: 0.0 });
/// assert!((centre.x - MAP_WIDTH / 2.0).abs() < 1e-9);
/// ```
pub fn project(position: LonLat) -> MapPoint {
    let lambda = position.lon.clamp(-180.0, 180.0).to_radians();
    let phi = position.lat.clamp(-90.0, 90.0).to_radians();
    let theta = (M * phi.sin()).asin();
    let x = lambda * theta.cos() / (M * dy_dtheta(theta));
    let y = y_of_theta(theta);
    MapPoint {
        x: (x + X_EXTENT) * SCALE,
        y: (y_extent() - y) * SCALE,
    }
}

/// The inverse of [`project`]: the position shown at a point of the frame, or `None` for a
/// point outside the world's outline.
pub fn unproject(point: MapPoint) -> Option<LonLat> {
    let x = point.x / SCALE - X_EXTENT;
    let y = y_extent() - point.y / SCALE;
    if y.abs() > y_extent() + 1e-12 {
        return None;
    }
    let mut theta = y / A1;
    for _ in 0..20 {
        let step = (y_of_theta(theta) - y) / dy_dtheta(theta);
        theta -= step;
        if step.abs() < 1e-14 {
            break;
        }
    }
    let lambda = M * x * dy_dtheta(theta) / theta.cos();
    let phi = (theta.sin() / M).clamp(-1.0, 1.0).asin();
    if lambda.abs() > PI + 1e-9 {
        return None;
    }
    Some(LonLat {
        lon: lambda.to_degrees(),
        lat: phi.to_degrees(),
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_frame_is_filled_edge_to_edge() {
        let west = project(LonLat {
            lon: -180.0,
            lat: 0.0,
        });
        let east = project(LonLat {
            lon: 180.0,
            lat: 0.0,
        });
        let north = project(LonLat {
            lon: 0.0,
            lat: 90.0,
        });
        let south = project(LonLat {
            lon: 0.0,
            lat: -90.0,
        });
        assert!(west.x.abs() < 1e-9);
        assert!((east.x - MAP_WIDTH).abs() < 1e-9);
        assert!(north.y.abs() < 1e-9);
        assert!((south.y - 2.0 * y_extent() * SCALE).abs() < 1e-9);
        assert!(
            (south.y - MAP_HEIGHT).abs() < 0.1,
            "MAP_HEIGHT is {}",
            south.y
        );
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let london = project(LonLat {
            lon: -0.1,
            lat: 51.5,
        });
        let singapore = project(LonLat {
            lon: 103.8,
            lat: 1.3,
        });
        assert!(london.y < singapore.y);
        assert!(london.x < singapore.x);
    }

    #[test]
    fn points_off_the_world_do_not_unproject() {
        assert_eq!(unproject(MapPoint { x: 0.0, y: 0.0 }), None);
        assert_eq!(unproject(MapPoint { x: 500.0, y: -10.0 }), None);
    }

    proptest! {
        #[test]
        fn projecting_then_unprojecting_returns_the_position(
            lon in -180.0f64..=180.0, lat in -89.9f64..=89.9
        ) {
            let point = project(LonLat { lon, lat });
            prop_assert!((0.0..=MAP_WIDTH).contains(&point.x));
            prop_assert!((0.0..=MAP_HEIGHT + 0.1).contains(&point.y));
            let back = unproject(point).expect("a projected point is on the world");
            prop_assert!((back.lon - lon).abs() < 1e-6, "lon {} -> {}", lon, back.lon);
            prop_assert!((back.lat - lat).abs() < 1e-6, "lat {} -> {}", lat, back.lat);
        }

        #[test]
        fn unprojecting_then_projecting_returns_the_point(
            lon in -179.0f64..=179.0, lat in -85.0f64..=85.0
        ) {
            let point = project(LonLat { lon, lat });
            let again = project(unproject(point).expect("on the world"));
            prop_assert!((again.x - point.x).abs() < 1e-6);
            prop_assert!((again.y - point.y).abs() < 1e-6);
        }

        #[test]
        fn inputs_off_the_globe_are_clamped(lon in -1e6f64..1e6, lat in -1e6f64..1e6) {
            let point = project(LonLat { lon, lat });
            prop_assert!(point.x.is_finite() && point.y.is_finite());
            prop_assert!((0.0..=MAP_WIDTH).contains(&point.x));
        }
    }
}
