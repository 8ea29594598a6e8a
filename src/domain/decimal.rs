//! Decimal numbers to and from text without the standard library's float formatter and
//! parser, which the browser build would otherwise carry: `format!("{:.2}", x)` pulls about
//! 13 KB of float-printing code into the wasm binary and `str::parse::<f64>` about 20 KB of code
//! and power tables, while the page only shows rounded numbers and reads short decimals.

/// The largest magnitude written digit by digit; anything larger is beyond every figure the
/// page shows (the largest are developer counts in the tens of millions).
const LIMIT: f64 = 1e15;

/// `value` rounded to `decimals` places (at most 6), as `format!("{:.N}")` writes it, with two
/// differences: an exact tie rounds away from zero (the formatter rounds it to even), and a
/// value that rounds to zero has no minus sign. Magnitudes of 10¹⁵ and more are written as
/// `>1e15` or `<-1e15`, and NaN as `NaN`.
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

/// The powers of ten that `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of a number written in JSON's grammar: `-?digits[.digits][(e|E)[+-]digits]`;
/// `None` for anything else.
///
/// The result is exact (correctly rounded, as `str::parse` gives it) when the number has at
/// most 15 significant digits and its decimal exponent, once they are an integer, lies within
/// ±22: one rounding of a product of two exact numbers (Clinger's fast path). Every figure the
/// data build writes is such a number. Anything longer or larger is read to within a few units
/// in the last place (at most 8 in two million random numbers; the tests allow 16).
///
/// ```
/// use ai_cities_index::domain::decimal::parse;
/// assert_eq!(parse("-37.8136"), Some(-37.8136));
/// assert_eq!(parse("6.0221e23"), Some(6.0221e23));
/// assert_eq!(parse("1.5."), None);
/// ```
pub fn parse(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((digits, exponent)) => (digits, exponent_of(exponent)?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || digits.ends_with('.') {
        return None;
    }
    let mut mantissa = 0_u64;
    let mut exponent = exponent;
    let mut significant = 0;
    let mut exact = true;
    let fraction_digits = fraction.bytes().map(|digit| (digit, true));
    for (digit, in_fraction) in whole
        .bytes()
        .map(|digit| (digit, false))
        .chain(fraction_digits)
    {
        let value = u64::from(digit.checked_sub(b'0').filter(|d| *d <= 9)?);
        if significant < 19 {
            mantissa = mantissa * 10 + value;
            significant += usize::from(mantissa > 0);
            exponent -= i64::from(in_fraction);
        } else {
            exact &= value == 0;
            exponent += i64::from(!in_fraction);
        }
    }
    // Bring the number into the fast path where an exact integer step allows.
    while mantissa != 0 && mantissa.is_multiple_of(10) && (exponent < 0 || mantissa > 1 << 53) {
        mantissa /= 10;
        exponent += 1;
    }
    while exponent > 22 && mantissa <= (1 << 53) / 10 {
        mantissa *= 10;
        exponent -= 1;
    }
    let magnitude = if mantissa == 0 {
        0.0
    } else if exact && mantissa <= 1 << 53 && exponent.unsigned_abs() < 23 {
        let power = EXACT_POWERS_OF_TEN[exponent.unsigned_abs() as usize];
        if exponent >= 0 {
            mantissa as f64 * power
        } else {
            mantissa as f64 / power
        }
    } else {
        let mantissa = mantissa as f64;
        let exponent = exponent.clamp(-700, 700) as i32;
        match exponent {
            0..=308 => mantissa * 10_f64.powi(exponent),
            -308..0 => mantissa / 10_f64.powi(-exponent),
            // Two half powers, so that neither overflows where the product does not.
            _ => mantissa * 10_f64.powi(exponent / 2) * 10_f64.powi(exponent - exponent / 2),
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// An exponent's value, `[+-]digits`, saturated far beyond any finite `f64`.
fn exponent_of(text: &str) -> Option<i64> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(digits) => (-1, digits),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() {
        return None;
    }
    let mut value = 0_i64;
    for digit in digits.bytes() {
        let digit = i64::from(digit.checked_sub(b'0').filter(|d| *d <= 9)?);
        value = (value * 10 + digit).min(100_000);
    }
    Some(sign * value)
}
