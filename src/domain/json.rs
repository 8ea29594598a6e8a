//! A small pull reader for JSON text (RFC 8259), for the one JSON file the app reads.
//!
//! The browser build reads the bundled dataset with this instead of serde_json, whose generic
//! deserializer, instantiated for every field type, took 15 KB of the 261 KB gzipped wasm
//! binary; this reader is one non-generic copy. The caller walks the document: it asks for an
//! object and is handed each key with the reader positioned at its value, asks for a string,
//! a number or an array, or skips a value it does not know. Errors name the line and column.

use std::fmt;

use super::decimal;

/// Why a JSON text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// The 1-based line of the offending byte.
    pub line: usize,
    /// The 1-based column (in characters) of the offending byte.
    pub column: usize,
    /// What was wrong, e.g. `expected a string`.
    pub problem: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.problem, self.line, self.column
        )
    }
}

impl std::error::Error for JsonError {}

/// A cursor over JSON text that hands out one value at a time.
///
/// ```
/// use ai_cities_index::domain::json::Reader;
/// let mut reader = Reader::new(r#"{"name": "Z\u00fcrich", "sizes": [1, 2.5e1]}"#);
/// let (mut name, mut sizes) = (String::new(), Vec::new());
/// reader.object(&mut |reader, key| {
///     match key {
///         "name" => name = reader.string()?,
///         "sizes" => reader.array(&mut |reader| {
///             sizes.push(reader.number()?);
///             Ok(())
///         })?,
///         _ => reader.skip()?,
///     }
///     Ok(())
/// })?;
/// reader.finish()?;
/// assert_eq!((name.as_str(), sizes), ("Zürich", vec![1.0, 25.0]));
/// # Ok::<(), ai_cities_index::domain::json::JsonError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    text: &'a str,
    position: usize,
    depth: usize,
}

/// How deeply arrays and objects may nest, as in serde_json: deeper input is refused instead
/// of exhausting the stack.
pub const MAX_DEPTH: usize = 128;

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            position: 0,
            depth: 0,
        }
    }

    /// An error at the current position.
    pub fn error(&self, problem: impl Into<String>) -> JsonError {
        let before = &self.text.as_bytes()[..self.position.min(self.text.len())];
        let line_start = before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |newline| newline + 1);
        JsonError {
            line: before.iter().filter(|&&byte| byte == b'\n').count() + 1,
            // Characters, counted by their first bytes (UTF-8 continuation bytes are 0b10xxxxxx).
            column: before[line_start..]
                .iter()
                .filter(|&&byte| byte & 0xC0 != 0x80)
                .count()
                + 1,
            problem: problem.into(),
        }
    }

    /// Checks that only whitespace follows the value read.
    pub fn finish(mut self) -> Result<(), JsonError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("unexpected text after the JSON value")),
        }
    }

    /// Reads an object, calling `each` with every key and the reader positioned at its value.
    /// `each` must consume the value (read it or [`Reader::skip`] it).
    pub fn object(
        &mut self,
        each: &mut dyn FnMut(&mut Reader<'a>, &str) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.expect(b'{', "expected an object")?;
        self.enter()?;
        if !self.eat(b'}') {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.error("expected a key"));
                }
                let key = self.string()?;
                self.expect(b':', "expected `:`")?;
                each(self, &key)?;
                if self.eat(b'}') {
                    break;
                }
                self.expect(b',', "expected `,` or `}`")?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads an array, calling `each` with the reader positioned at every element.
    pub fn array(
        &mut self,
        each: &mut dyn FnMut(&mut Reader<'a>) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.expect(b'[', "expected an array")?;
        self.enter()?;
        if !self.eat(b']') {
            loop {
                each(self)?;
                if self.eat(b']') {
                    break;
                }
                self.expect(b',', "expected `,` or `]`")?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Goes one level deeper, or refuses to past [`MAX_DEPTH`].
    fn enter(&mut self) -> Result<(), JsonError> {
        if self.depth == MAX_DEPTH {
            return Err(self.error(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        Ok(())
    }

    /// Reads a string, resolving its escapes.
    pub fn string(&mut self) -> Result<String, JsonError> {
        self.expect(b'"', "expected a string")?;
        let mut value = String::new();
        loop {
            let Some((chunk, _)) = self
                .rest()
                .split_once(|c: char| c == '"' || c == '\\' || c < ' ')
            else {
                self.position = self.text.len();
                return Err(self.error("unterminated string"));
            };
            value.push_str(chunk);
            self.position += chunk.len();
            match self.text.as_bytes()[self.position] {
                b'"' => {
                    self.position += 1;
                    return Ok(value);
                }
                b'\\' => {
                    self.position += 1;
                    value.push(self.escape()?);
                }
                _ => return Err(self.error("control character in a string")),
            }
        }
    }

    /// Reads a number, as [`decimal::parse`] reads it.
    pub fn number(&mut self) -> Result<f64, JsonError> {
        self.skip_whitespace();
        let start = self.position;
        self.eat_byte(b'-');
        let digits = self.digits();
        let leading_zero = digits > 1 && self.text.as_bytes()[self.position - digits] == b'0';
        if digits == 0 || leading_zero {
            self.position = start;
            return Err(self.error("expected a number"));
        }
        if self.eat_byte(b'.') && self.digits() == 0 {
            return Err(self.error("expected a digit after `.`"));
        }
        if self.eat_byte(b'e') || self.eat_byte(b'E') {
            if !self.eat_byte(b'+') {
                self.eat_byte(b'-');
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let number = (self.text.get(start..self.position))
            .and_then(decimal::parse)
            .ok_or_else(|| self.error("expected a number"))?;
        if number.is_finite() {
            Ok(number)
        } else {
            Err(self.error("number out of range"))
        }
    }

    /// Reads a whole number in `0..=max`.
    pub fn unsigned(&mut self, max: u32) -> Result<u32, JsonError> {
        let number = self.number()?;
        if number.fract() == 0.0 && (0.0..=f64::from(max)).contains(&number) {
            Ok(number as u32)
        } else {
            Err(self.error(format!("expected a whole number from 0 to {max}")))
        }
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, JsonError> {
        if self.eat_word("true") {
            Ok(true)
        } else if self.eat_word("false") {
            Ok(false)
        } else {
            Err(self.error("expected `true` or `false`"))
        }
    }

    /// Reads `null` if it comes next, and says whether it did.
    pub fn null(&mut self) -> bool {
        self.eat_word("null")
    }

    /// Reads a value of any kind and drops it.
    pub fn skip(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'{') => self.object(&mut |reader, _| reader.skip()),
            Some(b'[') => self.array(&mut Reader::skip),
            Some(b'"') => self.string().map(drop),
            Some(b't' | b'f') => self.boolean().map(drop),
            Some(b'n') if self.null() => Ok(()),
            _ => self.number().map(drop),
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(&byte) = self.text.as_bytes().get(self.position) else {
            return Err(self.error("unterminated string"));
        };
        if !byte.is_ascii() {
            return Err(self.error("invalid escape"));
        }
        self.position += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if !(0xD800..0xDC00).contains(&high) {
                    return char::from_u32(high).ok_or_else(|| self.error("lone low surrogate"));
                }
                if !self.rest().starts_with("\\u") {
                    return Err(self.error("lone high surrogate"));
                }
                self.position += 2;
                let low = self.hex4()?;
                if !(0xDC00..0xE000).contains(&low) {
                    return Err(self.error("expected a low surrogate"));
                }
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(code).ok_or_else(|| self.error("invalid escape"));
            }
            _ => return Err(self.error("invalid escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .text
            .get(self.position..self.position + 4)
            .filter(|digits| digits.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected four hex digits"))?;
        self.position += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("expected four hex digits"))
    }

    /// The text after the current position. The reader only ever stops after a whole character,
    /// so this is all of it; `get` instead of indexing keeps string slicing's panic, and the
    /// `Debug` formatting it pulls in, out of the wasm.
    fn rest(&self) -> &'a str {
        self.text.get(self.position..).unwrap_or_default()
    }

    fn digits(&mut self) -> usize {
        let count = self.text.as_bytes()[self.position..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        self.position += count;
        count
    }

    fn skip_whitespace(&mut self) {
        let rest = &self.text.as_bytes()[self.position..];
        self.position += rest
            .iter()
            .take_while(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.text.as_bytes().get(self.position).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        self.eat_byte(byte)
    }

    fn eat_byte(&mut self, byte: u8) -> bool {
        let found = self.text.as_bytes().get(self.position) == Some(&byte);
        self.position += usize::from(found);
        found
    }

    fn eat_word(&mut self, word: &str) -> bool {
        self.skip_whitespace();
        let found = self.rest().starts_with(word);
        if found {
            self.position += word.len();
        }
        found
    }

    fn expect(&mut self, byte: u8, problem: &str) -> Result<(), JsonError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(problem))
        }
    }
}
