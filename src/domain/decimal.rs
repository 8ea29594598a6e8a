//! Numbers as text with a fixed number of decimals, without the standard library's float
//! formatter: `format!("{:.2}", x)` pulls about 13 KB of float-printing code into the wasm
//! binary, while every number the page shows needs only rounding and integer digits.

/// The largest magnitude written digit by digit; anything larger is beyond every figure the
/// page shows (the largest are developer counts in the tens of millions).
const LIMIT: f64 = 1e15;

/// `value` rounded half away from zero to `decimals` places (at most 6), as `format!("{:.N}")`
/// writes it, except that ties round away from zero. Magnitudes of 10¹⁵ and more are written
/// as `>1e15` or `<-1e15`, and NaN as `NaN`.
///
/// ```
/// use ai_cities_index::domain::decimal::fixed;
/// assert_eq!(fixed(3.14159, 2), "3.14");
/// assert_eq!(fixed(-0.004, 2), "0.00");
/// assert_eq!(fixed(-2.5, 0), "-3");
/// assert_eq!(fixed(42.0, 1), "42.0");
/// ```
pub fn fixed(value: f64, decimals: u8) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    let decimals = u32::from(decimals.min(6));
    let scale = 10_u64.pow(decimals);
    if value.abs() >= LIMIT {
        return if value > 0.0 { ">1e15" } else { "<-1e15" }.into();
    }
    // The whole part and the fraction apart: both are exact in f64 below 10¹⁵, where a scaled
    // product would lose digits past 2⁵³.
    let magnitude = value.abs();
    let mut whole = magnitude.trunc() as u64;
    let mut fraction = ((magnitude - magnitude.trunc()) * scale as f64).round() as u64;
    if fraction == scale {
        whole += 1;
        fraction = 0;
    }
    let negative = value < 0.0 && (whole > 0 || fraction > 0);
    let mut text = String::with_capacity(24);
    if negative {
        text.push('-');
    }
    text.push_str(&whole.to_string());
    if decimals > 0 {
        let digits = fraction.to_string();
        text.push('.');
        for _ in digits.len()..decimals as usize {
            text.push('0');
        }
        text.push_str(&digits);
    }
    text
}
