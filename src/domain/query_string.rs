//! `application/x-www-form-urlencoded` query strings, as the URL standard reads and writes them.
//!
//! The same behaviour as the `form_urlencoded` crate (a property test checks the two against
//! each other), in a few lines: that crate's general machinery cost 1.4 KB of gzipped
//! WebAssembly, for the one query string this app reads and writes.

/// The name–value pairs of `query` (without its `?`), decoded: `+` is a space, `%XX` a byte,
/// and bytes that are not UTF-8 become U+FFFD. Empty `&`-separated parts are skipped; a part
/// without `=` has an empty value.
///
/// ```
/// use ai_cities_index::domain::query_string::parse;
/// let pairs: Vec<_> = parse("q=new+york&&c=de%2Efr&flag").collect();
/// assert_eq!(pairs, [("q".into(), "new york".into()), ("c".into(), "de.fr".into()), ("flag".into(), String::new())]);
/// ```
pub fn parse(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(name), decode(value))
        })
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let byte = match bytes[at] {
            b'+' => b' ',
            b'%' => match (bytes.get(at + 1), bytes.get(at + 2)) {
                (Some(&high), Some(&low))
                    if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() =>
                {
                    at += 2;
                    hex_value(high) << 4 | hex_value(low)
                }
                _ => b'%',
            },
            byte => byte,
        };
        decoded.push(byte);
        at += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

/// Builds a query string pair by pair: letters, digits and `*-._` as they are, a space as `+`,
/// every other byte as `%XX`.
///
/// ```
/// use ai_cities_index::domain::query_string::QueryWriter;
/// let mut query = QueryWriter::default();
/// query.append_pair("q", "São Paulo");
/// query.append_pair("w", "a7");
/// assert_eq!(query.finish(), "q=S%C3%A3o+Paulo&w=a7");
/// ```
#[derive(Debug, Default)]
pub struct QueryWriter(String);

impl QueryWriter {
    /// Adds `name=value`.
    pub fn append_pair(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.encode(name);
        self.0.push('=');
        self.encode(value);
    }

    /// The query string, without a `?`.
    pub fn finish(self) -> String {
        self.0
    }

    fn encode(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        for &byte in text.as_bytes() {
            match byte {
                b'*' | b'-' | b'.' | b'_' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => {
                    self.0.push(char::from(byte));
                }
                b' ' => self.0.push('+'),
                _ => {
                    self.0.push('%');
                    self.0.push(char::from(HEX[usize::from(byte >> 4)]));
                    self.0.push(char::from(HEX[usize::from(byte & 0xF)]));
                }
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn it_parses_as_the_form_urlencoded_crate_does(query in "([a-z=&+%.]|%[0-9a-fA-F]{2}|%[0-9A-Z]|é|\\PC){0,24}") {
            let ours: Vec<(String, String)> = parse(&query).collect();
            let theirs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn it_writes_as_the_form_urlencoded_crate_does(
            pairs in prop::collection::vec(("\\PC{0,8}", "\\PC{0,8}"), 0..4)
        ) {
            let mut ours = QueryWriter::default();
            let mut theirs = form_urlencoded::Serializer::new(String::new());
            for (name, value) in &pairs {
                ours.append_pair(name, value);
                theirs.append_pair(name, value);
            }
            prop_assert_eq!(ours.finish(), theirs.finish());
        }
    }
}
