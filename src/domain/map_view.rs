//! Which part of the world map is on screen: a zoom factor and the map point at the view's
//! centre, with the gestures that change it and the region presets that jump to a part of it.
//!
//! The view keeps the map's own aspect ratio (the page gives the map a box of that shape), so at
//! zoom `z` it shows a `MAP_WIDTH / z` by `MAP_HEIGHT / z` window of the map. The window never
//! leaves the map: at zoom 1 it is the whole map, and a pan stops at the map's edges.
//!
//! A view is kept in whole steps (hundredths of zoom, tenths of a map unit), so that it goes into
//! a link and comes back from it unchanged.

use super::projection::{LonLat, MAP_HEIGHT, MAP_WIDTH, MapPoint, project};

/// The widest view: the whole map.
pub const MIN_ZOOM: f64 = 1.0;

/// The closest view. At 8× on a 600-pixel-wide map one unit is about 5 pixels: close enough to
/// part the cities of one metropolitan region (Beijing and Tianjin, 110 km apart, are 9 units
/// and some 45 pixels apart), while the 1:110m coastline still reads as a coast.
pub const MAX_ZOOM: f64 = 8.0;

/// What one step of the +/− buttons or keys multiplies the zoom by.
pub const ZOOM_STEP: f64 = 1.5;

/// What one step of the arrow keys moves the view by, as a share of its width or height.
pub const PAN_STEP: f64 = 0.2;

/// A part of the map on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapView {
    /// The zoom in hundredths: 100 is the whole map.
    zoom_hundredths: u16,
    /// The centre's x in tenths of a map unit.
    centre_x_tenths: u16,
    /// The centre's y in tenths of a map unit.
    centre_y_tenths: u16,
}

/// A rectangle of the map, in map units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapRect {
    /// Its left edge.
    pub left: f64,
    /// Its top edge.
    pub top: f64,
    /// Its width.
    pub width: f64,
    /// Its height.
    pub height: f64,
}

impl MapRect {
    /// The smallest rectangle that holds both corners.
    fn spanning(a: MapPoint, b: MapPoint) -> MapRect {
        MapRect {
            left: a.x.min(b.x),
            top: a.y.min(b.y),
            width: (a.x - b.x).abs(),
            height: (a.y - b.y).abs(),
        }
    }

    /// Whether `point` lies inside, edges included.
    pub fn contains(&self, point: MapPoint) -> bool {
        (self.left..=self.left + self.width).contains(&point.x)
            && (self.top..=self.top + self.height).contains(&point.y)
    }
}

impl Default for MapView {
    fn default() -> MapView {
        MapView::WORLD
    }
}

impl MapView {
    /// The whole map.
    pub const WORLD: MapView = MapView {
        zoom_hundredths: 100,
        centre_x_tenths: (MAP_WIDTH * 5.0) as u16,
        centre_y_tenths: (MAP_HEIGHT * 5.0) as u16,
    };

    /// The view at `zoom` centred on `centre`, kept within the map: the zoom within
    /// [`MIN_ZOOM`]..=[`MAX_ZOOM`] (a zoom that is not a number is the whole map), and the
    /// centre where the window stays inside the map.
    pub fn new(zoom: f64, centre: MapPoint) -> MapView {
        let zoom = if zoom.is_nan() {
            MIN_ZOOM
        } else {
            zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        };
        let zoom_hundredths = (zoom * 100.0).round() as u16;
        let zoom = f64::from(zoom_hundredths) / 100.0;
        let within = |value: f64, extent: f64| {
            let half = extent / zoom / 2.0;
            let value = if value.is_nan() { extent / 2.0 } else { value };
            let tenths = (value.clamp(half, extent - half) * 10.0).round();
            // Rounding may step a tenth past the edge; step back in.
            let edge = ((extent - half) * 10.0).floor();
            tenths.min(edge).max((half * 10.0).ceil()) as u16
        };
        MapView {
            zoom_hundredths,
            centre_x_tenths: within(centre.x, MAP_WIDTH),
            centre_y_tenths: within(centre.y, MAP_HEIGHT),
        }
    }

    /// The zoom factor: 1 for the whole map.
    pub fn zoom(self) -> f64 {
        f64::from(self.zoom_hundredths) / 100.0
    }

    /// The map point at the view's centre.
    pub fn centre(self) -> MapPoint {
        MapPoint {
            x: f64::from(self.centre_x_tenths) / 10.0,
            y: f64::from(self.centre_y_tenths) / 10.0,
        }
    }

    /// The part of the map on screen.
    pub fn window(self) -> MapRect {
        let (width, height) = (MAP_WIDTH / self.zoom(), MAP_HEIGHT / self.zoom());
        let centre = self.centre();
        MapRect {
            left: centre.x - width / 2.0,
            top: centre.y - height / 2.0,
            width,
            height,
        }
    }

    /// Where `point` shows, as shares of the view's width and height from its top-left corner:
    /// `0..=1` on screen.
    pub fn to_view(self, point: MapPoint) -> (f64, f64) {
        let window = self.window();
        (
            (point.x - window.left) / window.width,
            (point.y - window.top) / window.height,
        )
    }

    /// The map point that shows at `(x, y)`, given as shares of the view's width and height.
    pub fn from_view(self, (x, y): (f64, f64)) -> MapPoint {
        let window = self.window();
        MapPoint {
            x: window.left + x * window.width,
            y: window.top + y * window.height,
        }
    }

    /// The view zoomed by `factor` about the place shown at `at` (shares of the view's width and
    /// height), which stays where it is on screen unless the map's edge stops it.
    pub fn zoomed_about(self, factor: f64, at: (f64, f64)) -> MapView {
        let anchor = self.from_view(at);
        let zoom = (self.zoom() * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (width, height) = (MAP_WIDTH / zoom, MAP_HEIGHT / zoom);
        let centre = MapPoint {
            x: anchor.x - (at.0 - 0.5) * width,
            y: anchor.y - (at.1 - 0.5) * height,
        };
        MapView::new(zoom, centre)
    }

    /// The view moved by `(dx, dy)`, as shares of its width and height: positive moves the
    /// window right and down, so the map slides left and up.
    pub fn panned(self, (dx, dy): (f64, f64)) -> MapView {
        let window = self.window();
        let centre = self.centre();
        MapView::new(
            self.zoom(),
            MapPoint {
                x: centre.x + dx * window.width,
                y: centre.y + dy * window.height,
            },
        )
    }

    /// The closest view that shows all of `rect`.
    pub fn fitting(rect: MapRect) -> MapView {
        let zoom = (MAP_WIDTH / rect.width).min(MAP_HEIGHT / rect.height);
        // Round the zoom down, so that rounding never cuts off an edge of `rect`.
        let zoom = (zoom.clamp(MIN_ZOOM, MAX_ZOOM) * 100.0).floor() / 100.0;
        MapView::new(
            zoom,
            MapPoint {
                x: rect.left + rect.width / 2.0,
                y: rect.top + rect.height / 2.0,
            },
        )
    }
}

/// A part of the world that the map's presets jump to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegionPreset {
    /// Its name on the button.
    pub label: &'static str,
    /// Its south-west corner.
    pub south_west: LonLat,
    /// Its north-east corner.
    pub north_east: LonLat,
}

impl RegionPreset {
    /// The view the preset shows: the closest that holds its corners.
    pub fn view(&self) -> MapView {
        // Equal Earth bends meridians, so a box's corners alone may miss its bulging edges:
        // take the edges' midpoints too.
        let (sw, ne) = (self.south_west, self.north_east);
        let middle_lon = (sw.lon + ne.lon) / 2.0;
        let points = [
            LonLat {
                lon: sw.lon,
                lat: sw.lat,
            },
            LonLat {
                lon: ne.lon,
                lat: ne.lat,
            },
            LonLat {
                lon: sw.lon,
                lat: ne.lat,
            },
            LonLat {
                lon: ne.lon,
                lat: sw.lat,
            },
            LonLat {
                lon: middle_lon,
                lat: sw.lat,
            },
            LonLat {
                lon: middle_lon,
                lat: ne.lat,
            },
        ]
        .map(project);
        let (mut low, mut high) = (points[0], points[0]);
        for point in points {
            (low.x, low.y) = (low.x.min(point.x), low.y.min(point.y));
            (high.x, high.y) = (high.x.max(point.x), high.y.max(point.y));
        }
        let rect = MapRect::spanning(low, high);
        MapView::fitting(rect)
    }
}

const fn at(lon: f64, lat: f64) -> LonLat {
    LonLat { lon, lat }
}

/// The map's region presets, the whole world first. Each box is the continent's usual extent,
/// trimmed to where people live (no Arctic, no Antarctica), not fitted to any city in the data.
pub const REGION_PRESETS: [RegionPreset; 8] = [
    RegionPreset {
        label: "World",
        south_west: at(-180.0, -90.0),
        north_east: at(180.0, 90.0),
    },
    RegionPreset {
        label: "North America",
        south_west: at(-128.0, 14.0),
        north_east: at(-60.0, 56.0),
    },
    RegionPreset {
        label: "South America",
        south_west: at(-82.0, -56.0),
        north_east: at(-34.0, 13.0),
    },
    RegionPreset {
        label: "Europe",
        south_west: at(-11.0, 35.0),
        north_east: at(32.0, 61.0),
    },
    RegionPreset {
        label: "Africa and the Middle East",
        south_west: at(-18.0, -35.0),
        north_east: at(60.0, 38.0),
    },
    RegionPreset {
        label: "South Asia",
        south_west: at(60.0, 5.0),
        north_east: at(92.0, 36.0),
    },
    RegionPreset {
        label: "East Asia",
        south_west: at(98.0, 0.0),
        north_east: at(146.0, 46.0),
    },
    RegionPreset {
        label: "Oceania",
        south_west: at(110.0, -47.0),
        north_east: at(179.0, -8.0),
    },
];

/// A view as a link writes it, in the whole steps it is kept in: the zoom in hundredths, then
/// the centre's x and y in tenths of a map unit, `_`-separated (`350_5000_1400` is 3.5× about
/// (500, 140)); `None` for the whole map, which a link leaves out. Whole numbers, so that the
/// page's WebAssembly needs no float formatting or parsing for them.
pub fn encode(view: MapView) -> Option<String> {
    (view != MapView::WORLD).then(|| {
        format!(
            "{}_{}_{}",
            view.zoom_hundredths, view.centre_x_tenths, view.centre_y_tenths
        )
    })
}

/// Reads a view as [`encode`] writes it, kept within the map as [`MapView::new`] keeps it; `None`
/// if it is not three whole numbers.
pub fn decode(text: &str) -> Option<MapView> {
    let mut parts = text.split('_').map(|part| part.trim().parse::<u16>());
    let (Some(Ok(zoom)), Some(Ok(x)), Some(Ok(y)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(MapView::new(
        f64::from(zoom) / 100.0,
        MapPoint {
            x: f64::from(x) / 10.0,
            y: f64::from(y) / 10.0,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_view() -> impl Strategy<Value = MapView> {
        (0.5..10.0_f64, -100.0..1100.0_f64, -100.0..600.0_f64)
            .prop_map(|(zoom, x, y)| MapView::new(zoom, MapPoint { x, y }))
    }

    fn inside_map(window: MapRect) -> bool {
        window.left >= -1e-9
            && window.top >= -1e-9
            && window.left + window.width <= MAP_WIDTH + 1e-9
            && window.top + window.height <= MAP_HEIGHT + 1e-9
    }

    #[test]
    fn the_world_is_the_whole_map_and_a_link_leaves_it_out() {
        let window = MapView::WORLD.window();
        assert!((window.left).abs() < 1e-9 && (window.top).abs() < 1e-9);
        assert!((window.width - MAP_WIDTH).abs() < 1e-9);
        assert_eq!(
            MapView::new(1.0, MapPoint { x: 10.0, y: 10.0 }),
            MapView::WORLD
        );
        assert_eq!(encode(MapView::WORLD), None);
        assert_eq!(REGION_PRESETS[0].view(), MapView::WORLD);
    }

    #[test]
    fn garbage_is_not_a_view() {
        for text in [
            "", "2", "2_3", "2_3_4_5", "a_b_c", "NaN_1_1", "inf_1_1", "2__1",
        ] {
            assert_eq!(decode(text), None, "{text}");
        }
    }

    #[test]
    fn zooming_about_a_point_keeps_it_in_place() {
        let view = MapView::new(2.0, MapPoint { x: 500.0, y: 240.0 });
        let at = (0.3, 0.6);
        let before = view.from_view(at);
        let zoomed = view.zoomed_about(2.0, at);
        assert_eq!(zoomed.zoom(), 4.0);
        let after = zoomed.to_view(before);
        assert!((after.0 - at.0).abs() < 1e-3 && (after.1 - at.1).abs() < 1e-3);
    }

    #[test]
    fn each_region_preset_shows_its_whole_box() {
        for preset in &REGION_PRESETS {
            let window = preset.view().window();
            for corner in [preset.south_west, preset.north_east] {
                let point = project(corner);
                let inside = window.left - 0.1 <= point.x
                    && point.x <= window.left + window.width + 0.1
                    && window.top - 0.1 <= point.y
                    && point.y <= window.top + window.height + 0.1;
                assert!(inside, "{} misses {corner:?}", preset.label);
            }
        }
    }

    #[test]
    fn the_presets_zoom_in_past_the_world() {
        for preset in &REGION_PRESETS[1..] {
            assert!(preset.view().zoom() > 1.5, "{}", preset.label);
        }
    }

    proptest! {
        #[test]
        fn a_view_stays_inside_the_map(view in any_view(), factor in 0.1..10.0_f64, at in (0.0..1.0_f64, 0.0..1.0_f64), pan in (-3.0..3.0_f64, -3.0..3.0_f64)) {
            prop_assert!(inside_map(view.window()));
            let zoomed = view.zoomed_about(factor, at);
            prop_assert!(inside_map(zoomed.window()));
            prop_assert!((MIN_ZOOM..=MAX_ZOOM).contains(&zoomed.zoom()));
            prop_assert!(inside_map(view.panned(pan).window()));
        }

        #[test]
        fn a_view_comes_back_from_its_link(view in any_view()) {
            match encode(view) {
                Some(text) => prop_assert_eq!(decode(&text), Some(view)),
                None => prop_assert_eq!(view, MapView::WORLD),
            }
        }

        #[test]
        fn panning_keeps_the_zoom(view in any_view(), pan in (-1.0..1.0_f64, -1.0..1.0_f64)) {
            prop_assert_eq!(view.panned(pan).zoom(), view.zoom());
        }
    }
}
