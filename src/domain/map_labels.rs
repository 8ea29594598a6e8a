//! Where the map writes the names of the leading cities: beside each marker, on whichever side
//! is free, so that no two names overlap and none runs off the map.
//!
//! Names are placed greedily in the order given (the ranking's), each on the first free side of
//! right, left, above and below; a name with no free side is left out. So the closer the zoom,
//! the more room there is between cities and the more names fit, up to [`label_limit`].

/// A box on screen, in CSS pixels from the map's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenRect {
    /// Its left edge.
    pub left: f64,
    /// Its top edge.
    pub top: f64,
    /// Its width.
    pub width: f64,
    /// Its height.
    pub height: f64,
}

impl ScreenRect {
    fn overlaps(&self, other: &ScreenRect) -> bool {
        self.left < other.left + other.width
            && other.left < self.left + self.width
            && self.top < other.top + other.height
            && other.top < self.top + self.height
    }

    fn inside(&self, width: f64, height: f64) -> bool {
        self.left >= 0.0
            && self.top >= 0.0
            && self.left + self.width <= width
            && self.top + self.height <= height
    }
}

/// A name that asks for a place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelRequest {
    /// What the caller knows the name by: a city's index.
    pub key: usize,
    /// The marker's centre, in CSS pixels from the map's top-left corner.
    pub at: (f64, f64),
    /// The distance from the marker's centre to the name's box.
    pub gap: f64,
    /// The name's box.
    pub width: f64,
    /// The name's box.
    pub height: f64,
}

/// Where a name goes relative to its marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// To its right, the text starting there.
    Right,
    /// To its left, the text ending there.
    Left,
    /// Above it, centred.
    Above,
    /// Below it, centred.
    Below,
}

/// A name's place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedLabel {
    /// The request's key.
    pub key: usize,
    /// The side of its marker it is on.
    pub side: Side,
    /// Its box.
    pub rect: ScreenRect,
}

/// How many names the map shows at most at `zoom`: 8 on the whole map, and more as the zoom
/// closes in and the cities move apart, up to 32 at 16×.
pub fn label_limit(zoom: f64) -> usize {
    (8.0 * zoom.max(1.0).sqrt()).round().min(32.0) as usize
}

/// The width of `text` set at `font_px`, as a generous estimate: 0.62 em a character, and a
/// full em for the wide characters of East Asian scripts. Generous, so that names the estimate
/// keeps apart are apart on screen whatever the font.
pub fn text_width(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.62 })
        .sum::<f64>()
        * font_px
}

/// Whether `c` takes a full em: the CJK, Hangul and full-width blocks.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// The box of `request`'s name on `side` of its marker.
fn rect_on(request: &LabelRequest, side: Side) -> ScreenRect {
    let (x, y) = request.at;
    let (width, height, gap) = (request.width, request.height, request.gap);
    let (left, top) = match side {
        Side::Right => (x + gap, y - height / 2.0),
        Side::Left => (x - gap - width, y - height / 2.0),
        Side::Above => (x - width / 2.0, y - gap - height),
        Side::Below => (x - width / 2.0, y + gap),
    };
    ScreenRect {
        left,
        top,
        width,
        height,
    }
}

/// Places up to `limit` of `requests`' names, in their order, inside a map of `width` by
/// `height` pixels, apart from each other and from every box in `taken` (a name the map shows
/// anyway, such as the selected city's). Requests whose marker is off the map are skipped.
pub fn place_labels(
    requests: impl IntoIterator<Item = LabelRequest>,
    (width, height): (f64, f64),
    taken: &[ScreenRect],
    limit: usize,
) -> Vec<PlacedLabel> {
    let mut placed: Vec<PlacedLabel> = Vec::with_capacity(limit);
    for request in requests {
        if placed.len() >= limit {
            break;
        }
        let (x, y) = request.at;
        if !(0.0..=width).contains(&x) || !(0.0..=height).contains(&y) {
            continue;
        }
        let free = [Side::Right, Side::Left, Side::Above, Side::Below]
            .into_iter()
            .map(|side| (side, rect_on(&request, side)))
            .find(|(_, rect)| {
                rect.inside(width, height)
                    && !taken.iter().any(|other| rect.overlaps(other))
                    && !placed.iter().any(|other| rect.overlaps(&other.rect))
            });
        if let Some((side, rect)) = free {
            placed.push(PlacedLabel {
                key: request.key,
                side,
                rect,
            });
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn request(key: usize, at: (f64, f64), width: f64) -> LabelRequest {
        LabelRequest {
            key,
            at,
            gap: 6.0,
            width,
            height: 14.0,
        }
    }

    #[test]
    fn a_lone_name_goes_to_the_right_and_a_crowded_one_finds_another_side() {
        let placed = place_labels(
            [
                request(0, (100.0, 100.0), 50.0),
                request(1, (110.0, 100.0), 50.0),
            ],
            (400.0, 300.0),
            &[],
            10,
        );
        assert_eq!(placed.len(), 2);
        assert_eq!(placed[0].side, Side::Right);
        assert_ne!(placed[1].side, Side::Right);
    }

    #[test]
    fn names_stay_on_the_map_and_off_markers_outside_it() {
        let placed = place_labels(
            [
                request(0, (395.0, 150.0), 50.0),
                request(1, (-5.0, 150.0), 50.0),
            ],
            (400.0, 300.0),
            &[],
            10,
        );
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].side, Side::Left);
    }

    #[test]
    fn the_limit_and_the_taken_boxes_hold() {
        let taken = [ScreenRect {
            left: 0.0,
            top: 0.0,
            width: 400.0,
            height: 140.0,
        }];
        let requests = (0..20).map(|i| request(i, (20.0 * i as f64, 200.0), 10.0));
        let placed = place_labels(requests, (400.0, 300.0), &taken, 3);
        assert_eq!(placed.len(), 3);
        assert!(placed.iter().all(|p| !p.rect.overlaps(&taken[0])));
    }

    #[test]
    fn the_limit_grows_with_the_zoom() {
        assert_eq!(label_limit(1.0), 8);
        assert!(label_limit(4.0) > label_limit(2.0));
        assert_eq!(label_limit(100.0), 32);
    }

    #[test]
    fn wide_scripts_take_a_full_em() {
        assert_eq!(text_width("東京", 10.0), 20.0);
        assert!((text_width("Paris", 10.0) - 31.0).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn no_two_names_overlap_and_each_is_on_the_map(
            markers in prop::collection::vec((0.0..400.0_f64, 0.0..300.0_f64, 5.0..120.0_f64), 0..80),
            limit in 0_usize..50,
        ) {
            let requests = markers
                .iter()
                .enumerate()
                .map(|(key, &(x, y, width))| request(key, (x, y), width));
            let placed = place_labels(requests, (400.0, 300.0), &[], limit);
            prop_assert!(placed.len() <= limit);
            for (i, a) in placed.iter().enumerate() {
                prop_assert!(a.rect.inside(400.0, 300.0));
                for b in &placed[i + 1..] {
                    prop_assert!(!a.rect.overlaps(&b.rect));
                }
            }
        }
    }
}
