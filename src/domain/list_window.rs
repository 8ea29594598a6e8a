//! The ranked list's window onto its rows: which rows are in the document, which are on
//! screen, and how a list fills and catches up in steps. Pure geometry in CSS pixels, so the
//! list's scheduling is tested natively; `crate::ui::ranked_list` applies it.

use std::ops::Range;

/// Lists longer than this are virtualised.
pub const VIRTUALISE_ABOVE: usize = 200;

/// The height of every row; CSS reads it as `--row-height`.
pub const ROW_HEIGHT_PX: usize = 52;

/// How many rows a virtualised list keeps in the document: enough to fill a tall screen, with
/// spare rows above and below so a fast scroll never shows a gap.
const WINDOW_ROWS: usize = 64;

/// How many rows the first render puts in the document at once: more than a phone's first
/// screen shows below the map. A desktop's taller list gets its other rows from the next tasks;
/// every row in the first render lengthens its task, which is a long task on a phone.
pub const FIRST_ROWS: usize = 8;

/// How many more rows each step brings in: a task's worth while the list first fills, and a
/// frame's worth either side of the rows in sight while the rows a drag left out catch up.
pub const ROWS_PER_TASK: usize = 16;

/// The rows to render for a list of `len` rows scrolled to `scroll_top` pixels.
pub fn rendered_rows(len: usize, scroll_top: f64) -> Range<usize> {
    if len <= VIRTUALISE_ABOVE {
        return 0..len;
    }
    let first_visible = (scroll_top.max(0.0) / ROW_HEIGHT_PX as f64) as usize;
    let start = first_visible
        .saturating_sub(WINDOW_ROWS / 4)
        .min(len.saturating_sub(WINDOW_ROWS));
    start..(start + WINDOW_ROWS).min(len)
}

/// Where a scroller stands, in CSS pixels: what [`content_on_screen`] needs to know.
#[derive(Clone, Copy)]
pub struct ScrollerBox {
    /// How far its content is scrolled.
    pub scroll_top: f64,
    /// The height of its window onto the content.
    pub client_height: f64,
    /// Where the scroller starts, from the top of the browser's window (negative once the page
    /// has scrolled it past the top).
    pub top: f64,
    /// The height of the browser's window.
    pub window_height: f64,
}

/// The band of a scroller's content, in pixels from the content's top, that is on screen: the
/// part of the scroller's window that lies inside the browser's. Empty, at the nearer edge,
/// when the scroller is off screen.
pub fn content_on_screen(scroller: ScrollerBox) -> Range<f64> {
    let ScrollerBox {
        scroll_top,
        client_height,
        top,
        window_height,
    } = scroller;
    let client_height = client_height.max(0.0);
    let from = (-top).max(0.0).min(client_height);
    let to = (window_height - top).min(client_height).max(from);
    (scroll_top + from)..(scroll_top + to)
}

/// The rows of a list whose content `on_screen` (pixels from the list's top) is on screen, in
/// whole or in part. No margin beyond them: a row more either side cost each move of a drag more
/// than it saved, which is a frame or two of a stale row at the edge when the page is scrolled in
/// mid-drag, before the page answers the scroll.
pub fn rows_in_sight(on_screen: &Range<f64>) -> Range<usize> {
    let row = ROW_HEIGHT_PX as f64;
    let first = (on_screen.start.max(0.0) / row) as usize;
    let last = (on_screen.end.max(0.0) / row).ceil() as usize;
    first..last
}

/// The rows `reach` rows beyond `in_sight` either side: those that follow the ranking while the
/// rows a drag left out catch up.
pub fn widened(in_sight: Range<usize>, reach: usize) -> Range<usize> {
    in_sight.start.saturating_sub(reach)..in_sight.end.saturating_add(reach)
}

/// The first `filled` rows of `rows`: what the list shows while it first fills.
pub fn filled_rows(rows: Range<usize>, filled: usize) -> Range<usize> {
    rows.start..rows.end.min(rows.start.saturating_add(filled))
}

/// Where a scroller showing `client_height` pixels of its content, scrolled to `scroll_top`,
/// must scroll to bring the row at `position` into its window, moving as little as it can: as it
/// is if the row is in the window already, else to the nearer edge.
pub fn scroll_top_to_show(position: usize, scroll_top: f64, client_height: f64) -> f64 {
    let row = ROW_HEIGHT_PX as f64;
    let top = position as f64 * row;
    if top < scroll_top {
        top
    } else if top + row > scroll_top + client_height {
        (top + row - client_height).max(0.0)
    } else {
        scroll_top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_brought_into_the_window_by_the_least_scroll() {
        let row = ROW_HEIGHT_PX as f64;
        // In the window already: no scroll.
        assert_eq!(scroll_top_to_show(3, 0.0, 10.0 * row), 0.0);
        // Above it: its top at the window's top.
        assert_eq!(scroll_top_to_show(2, 5.0 * row, 10.0 * row), 2.0 * row);
        // Below it: its bottom at the window's bottom.
        assert_eq!(scroll_top_to_show(20, 0.0, 10.0 * row), 11.0 * row);
    }

    proptest::proptest! {
        #[test]
        fn the_row_ends_up_wholly_in_a_window_at_least_a_row_tall(
            position in 0usize..20_000,
            scroll_top in 0.0..1e6_f64,
            rows_shown in 1.0..40.0_f64,
        ) {
            let row = ROW_HEIGHT_PX as f64;
            let client_height = rows_shown * row;
            let to = scroll_top_to_show(position, scroll_top, client_height);
            let top = position as f64 * row;
            proptest::prop_assert!(to <= top + 1e-6 && top + row <= to + client_height + 1e-6);
        }
    }

    #[test]
    fn catching_up_widens_the_rows_in_sight_either_side() {
        assert_eq!(widened(20..34, ROWS_PER_TASK), 4..50);
        assert_eq!(widened(3..17, ROWS_PER_TASK), 0..33);
        assert_eq!(widened(3..17, 0), 3..17);
    }

    #[test]
    fn a_filling_list_shows_its_first_rows_and_then_all() {
        assert_eq!(filled_rows(0..61, FIRST_ROWS), 0..FIRST_ROWS);
        assert_eq!(filled_rows(100..164, FIRST_ROWS), 100..(100 + FIRST_ROWS));
        let short = FIRST_ROWS - 1;
        assert_eq!(filled_rows(0..short, FIRST_ROWS), 0..short);
        assert_eq!(filled_rows(0..61, usize::MAX), 0..61);
    }

    #[test]
    fn rows_in_sight_are_those_on_screen_in_whole_or_in_part() {
        let row = ROW_HEIGHT_PX as f64;
        assert_eq!(rows_in_sight(&(0.0..10.0 * row)), 0..10);
        assert_eq!(rows_in_sight(&(20.5 * row..30.5 * row)), 20..31);
        assert!(rows_in_sight(&(0.0..f64::INFINITY)).contains(&usize::MAX.saturating_sub(1)));
    }

    fn scroller(scroll_top: f64, top: f64) -> ScrollerBox {
        ScrollerBox {
            scroll_top,
            client_height: 700.0,
            top,
            window_height: 900.0,
        }
    }

    #[test]
    fn a_scroller_inside_the_window_is_on_screen_whole() {
        assert_eq!(content_on_screen(scroller(0.0, 100.0)), 0.0..700.0);
        assert_eq!(content_on_screen(scroller(260.0, 100.0)), 260.0..960.0);
    }

    #[test]
    fn a_scroller_past_an_edge_of_the_window_is_on_screen_in_part() {
        // Its bottom 100 pixels below the window.
        assert_eq!(content_on_screen(scroller(50.0, 300.0)), 50.0..650.0);
        // Its top 200 pixels above it.
        assert_eq!(content_on_screen(scroller(50.0, -200.0)), 250.0..750.0);
    }

    #[test]
    fn a_scroller_off_screen_shows_nothing() {
        assert!(content_on_screen(scroller(0.0, 1000.0)).is_empty());
        assert!(content_on_screen(scroller(0.0, -800.0)).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn the_content_on_screen_lies_in_the_scrollers_window_and_fits_the_browsers(
            scroll_top in 0.0..5000.0_f64,
            client_height in 0.0..2000.0_f64,
            top in -3000.0..3000.0_f64,
            window_height in 0.0..2000.0_f64,
        ) {
            let band = content_on_screen(ScrollerBox { scroll_top, client_height, top, window_height });
            proptest::prop_assert!(band.start <= band.end);
            proptest::prop_assert!(band.start >= scroll_top);
            proptest::prop_assert!(band.end <= scroll_top + client_height);
            proptest::prop_assert!(band.end - band.start <= window_height + 1e-9);
        }
    }

    #[test]
    fn short_lists_render_every_row() {
        assert_eq!(rendered_rows(61, 5000.0), 0..61);
    }

    #[test]
    fn long_lists_render_a_window_around_the_scroll_position() {
        let rows = rendered_rows(10_000, (ROW_HEIGHT_PX * 1000) as f64);
        assert_eq!(rows.len(), WINDOW_ROWS);
        assert!(rows.contains(&1000));
        assert_eq!(rendered_rows(10_000, 1e12), (10_000 - WINDOW_ROWS)..10_000);
        assert_eq!(rendered_rows(10_000, -5.0), 0..WINDOW_ROWS);
    }
}
