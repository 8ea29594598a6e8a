//! The licence gate: no figure derived from a non-commercial or no-derivatives source ships.
//!
//! A derived city total is an adaptation, so a no-derivatives licence forbids it, and the site is
//! public, so a non-commercial licence does too. Sources that state no licence at all may ship
//! only aggregated counts with attribution; the metadata says so in each source's `usage`.

use super::BuildError;

/// The terms, in upper case with spaces and hyphens removed, that mark a licence as
/// non-commercial or no-derivatives.
const FORBIDDING_TERMS: [&str; 6] = ["BYNC", "BYND", "NONCOMMERCIAL", "NODERIV", "NCND", "NCSA"];

/// Whether a licence, as a source states it, forbids shipping derived figures.
///
/// ```
/// use ai_cities_index::dataset_build::licence::forbids_shipping;
/// assert!(forbids_shipping("CC BY-NC-ND 4.0"));
/// assert!(!forbids_shipping("CC BY 4.0"));
/// ```
pub fn forbids_shipping(licence: &str) -> bool {
    let squeezed: String = licence
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .collect::<String>()
        .to_uppercase();
    FORBIDDING_TERMS.iter().any(|term| squeezed.contains(term))
}

/// Refuses the input `file` if its `licence` forbids shipping.
pub fn check_shippable(file: &str, licence: &str) -> Result<(), BuildError> {
    if forbids_shipping(licence) {
        return Err(BuildError::Licence {
            file: file.to_owned(),
            licence: licence.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_commercial_and_no_derivatives_licences_are_refused() {
        for licence in [
            "CC BY-NC-ND 4.0",
            "CC BY-NC 4.0",
            "CC BY-ND 4.0",
            "CC BY-NC-SA 4.0",
            "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0",
            "cc by-nc-nd",
        ] {
            assert!(forbids_shipping(licence), "{licence}");
        }
    }

    #[test]
    fn open_and_unstated_licences_pass_the_gate() {
        for licence in [
            "CC BY 4.0",
            "CC0 1.0",
            "CC BY 3.0 IGO",
            "Public domain",
            "MIT",
            "None stated",
        ] {
            assert!(!forbids_shipping(licence), "{licence}");
        }
    }
}
