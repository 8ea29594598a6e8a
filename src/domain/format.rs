//! Number formatting for the page: grouped thousands, trimmed decimals, indicator values,
//! signed movements.

use super::dataset::{City, Indicator, Kind};
use super::score::Basis;
use super::top_list;

/// `value` with `decimals` places, as `format!("{:.N}")` writes it (ties to even), except that a
/// value that rounds to zero has no minus sign.
///
/// ```
/// use ai_cities_index::domain::format::fixed;
/// assert_eq!(fixed(3.14159, 2), "3.14");
/// assert_eq!(fixed(-0.004, 2), "0.00");
/// assert_eq!(fixed(0.27915449999999997, 6), "0.279154");
/// ```
pub fn fixed(value: f64, decimals: u8) -> String {
    let text = format!("{value:.prec$}", prec = usize::from(decimals));
    match text.strip_prefix('-') {
        Some(unsigned) if unsigned.bytes().all(|b| b == b'0' || b == b'.') => unsigned.to_owned(),
        _ => text,
    }
}

/// Groups the digits of a non-negative integer string in threes: `28629080` → `28,629,080`.
fn group_thousands(digits: &str) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// A raw indicator value: whole numbers grouped, others with up to two decimals.
///
/// ```
/// use ai_cities_index::domain::format::format_value;
/// assert_eq!(format_value(28629080.0), "28,629,080");
/// assert_eq!(format_value(567.7), "567.7");
/// assert_eq!(format_value(6698604.97), "6,698,604.97");
/// ```
pub fn format_value(value: f64) -> String {
    if !value.is_finite() {
        return "no data".into();
    }
    let text = fixed(value.abs(), 2);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let sign = if value < 0.0 && text != "0.00" {
        "-"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{}", group_thousands(whole))
    } else {
        format!("{sign}{}.{fraction}", group_thousands(whole))
    }
}

/// What a city's value of indicator `column` reads as on `basis`: the figure with its unit (per
/// million inhabitants for a count in the per-capita view), a top list's place, or why there is
/// no figure.
///
/// ```
/// # use ai_cities_index::domain::{score::Basis, synthetic};
/// use ai_cities_index::domain::format::value_text;
/// let dataset = synthetic::generate(1, 1, 7);
/// let (indicator, city) = (&dataset.indicators()[0], &dataset.cities()[0]);
/// assert!(value_text(indicator, city, 0, Basis::Absolute).ends_with("synthetic units"));
/// ```
pub fn value_text(indicator: &Indicator, city: &City, column: usize, basis: Basis) -> String {
    if !basis.applies_to(indicator) {
        return "not applicable per capita".into();
    }
    let Some(value) = basis.value(indicator, city, column) else {
        return "no data".into();
    };
    match indicator.kind {
        Kind::TopList { size } => match top_list::place(value, size) {
            Some(place) => format!("{} of {size}", ordinal(place)),
            None => format!("not in the top {size}"),
        },
        Kind::Count if basis == Basis::PerMillion => format!(
            "{} {} per million inhabitants",
            format_value(value),
            indicator.unit
        ),
        Kind::Count | Kind::Measure => format!("{} {}", format_value(value), indicator.unit),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `12th`, `13th`, `21st`.
///
/// ```
/// use ai_cities_index::domain::format::ordinal;
/// assert_eq!(ordinal(1), "1st");
/// assert_eq!(ordinal(12), "12th");
/// assert_eq!(ordinal(23), "23rd");
/// ```
pub fn ordinal(place: u16) -> String {
    let suffix = match (place % 10, place % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{place}{suffix}")
}

/// `text` right-aligned in `width` characters by figure spaces (U+2007, a digit's width in
/// tabular figures). A number that gains or loses a digit then keeps its box's glyph count, and
/// Chromium repaints the box instead of working out the page's compositing layers anew, which a
/// change of a text's width sends it to do (`scripts/measure` counts those frames).
///
/// ```
/// use ai_cities_index::domain::format::padded;
/// assert_eq!(padded("9%", 4), "\u{2007}\u{2007}9%");
/// assert_eq!(padded("100%", 4), "100%");
/// assert_eq!(padded("12345", 4), "12345");
/// ```
pub fn padded(text: &str, width: usize) -> String {
    format!("{text:\u{2007}>width$}")
}

/// A 0–100 score with one decimal.
pub fn format_score(score: f64) -> String {
    fixed(score, 1)
}

/// A share of the total weight, 0–1, as a whole percentage: a weighted share too small to round
/// to 1% reads "<1%", so it is never shown as nothing.
///
/// ```
/// use ai_cities_index::domain::format::share_text;
/// assert_eq!(share_text(0.375), "38%");
/// assert_eq!(share_text(0.004), "<1%");
/// assert_eq!(share_text(0.0), "0%");
/// assert_eq!(share_text(1.0), "100%");
/// ```
pub fn share_text(share: f64) -> String {
    if share > 0.0 && share < 0.005 {
        "<1%".to_owned()
    } else {
        format!("{}%", fixed(share * 100.0, 0))
    }
}

/// A rank movement against the default weights, as a symbol and its spoken form. A rank with
/// nothing to compare (no rank now, or none with the default weights) has no symbol, and says so.
///
/// ```
/// use ai_cities_index::domain::format::movement;
/// assert_eq!(movement(Some(3)), ("▲3".to_owned(), "up 3 places from the default weights".to_owned()));
/// assert_eq!(movement(Some(0)).0, "–");
/// assert_eq!(movement(None), (String::new(), "no rank to compare with the default weights".to_owned()));
/// ```
pub fn movement(places_gained: Option<i64>) -> (String, String) {
    match places_gained {
        Some(gained) if gained > 0 => (
            format!("▲{gained}"),
            format!(
                "up {gained} place{} from the default weights",
                plural(gained)
            ),
        ),
        Some(gained) if gained < 0 => (
            format!("▼{}", -gained),
            format!(
                "down {} place{} from the default weights",
                -gained,
                plural(-gained)
            ),
        ),
        Some(_) => ("–".into(), "same place as with the default weights".into()),
        None => (
            String::new(),
            "no rank to compare with the default weights".into(),
        ),
    }
}

fn plural(count: i64) -> &'static str {
    if count == 1 { "" } else { "s" }
}
