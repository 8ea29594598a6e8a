//! Decimal text both ways, against the standard library's float formatting and parsing as the
//! oracles.

use ai_cities_index::domain::decimal::{fixed, parse};
use proptest::prelude::*;

proptest! {
    #[test]
    fn it_writes_what_the_standard_formatter_writes_away_from_ties(
        value in -1e12f64..1e12,
        decimals in 0u8..=6,
    ) {
        let scaled_fraction = value.abs().fract() * 10f64.powi(i32::from(decimals));
        let near_a_tie = (scaled_fraction.fract() - 0.5).abs() < 1e-3;
        prop_assume!(!near_a_tie);
        let expected = format!("{value:.prec$}", prec = usize::from(decimals));
        let expected = if expected.starts_with('-') && expected.trim_start_matches(['-', '0', '.']).is_empty() {
            expected[1..].to_owned()
        } else {
            expected
        };
        prop_assert_eq!(fixed(value, decimals), expected);
    }

    #[test]
    fn it_is_within_half_a_step_of_the_value(value in -1e9f64..1e9, decimals in 0u8..=6) {
        let text = fixed(value, decimals);
        let read: f64 = text.parse().expect("the text is a number");
        let step = 10f64.powi(-i32::from(decimals));
        prop_assert!((read - value).abs() <= step / 2.0 + value.abs() * 1e-12, "{} vs {}", text, value);
        prop_assert_eq!(text.split_once('.').map_or(0, |(_, f)| f.len()), usize::from(decimals));
    }
}

proptest! {
    #[test]
    fn the_page_s_numbers_parse_exactly_as_the_standard_parser_parses_them(
        value in -1e9f64..1e9,
        decimals in 0u8..=6,
    ) {
        let text = fixed(value, decimals);
        prop_assert_eq!(parse(&text), text.parse::<f64>().ok());
    }
}

#[test]
fn huge_and_missing_values_have_words() {
    assert_eq!(fixed(f64::NAN, 2), "NaN");
    assert_eq!(fixed(f64::INFINITY, 2), ">1e15");
    assert_eq!(fixed(-1e300, 0), "<-1e15");
    assert_eq!(fixed(999_999_999_999_999.0, 0), "999999999999999");
}
