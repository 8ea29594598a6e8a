//! Number formatting for the page: grouped thousands, trimmed decimals, signed movements.

/// `value` with `decimals` places, as `format!("{:.N}")` writes it (ties to even), except that a
/// value that rounds to zero has no minus sign.
///
/// ```
/// use ai_cities_index::ui::format::fixed;
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
/// use ai_cities_index::ui::format::format_value;
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

/// A 0–100 score with one decimal.
pub fn format_score(score: f64) -> String {
    fixed(score, 1)
}

/// A rank movement against the default weights, as a symbol and its spoken form. A rank with
/// nothing to compare (no rank now, or none with the default weights) has no symbol, and says so.
///
/// ```
/// use ai_cities_index::ui::format::movement;
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
