//! Percent-encoding of query strings and path segments.
//!
//! The request target is signed byte for byte, so it must be built one way only. Everything but
//! RFC 3986's unreserved characters (`ALPHA / DIGIT / "-" / "." / "_" / "~"`) is encoded as
//! `%XX` of its UTF-8 bytes, upper-case hex: a space is `%20`, never `+`, and `*`, `@`, `+`,
//! `&` and `=` inside a value are always escaped.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The bytes that are encoded: every ASCII byte but the unreserved ones (non-ASCII bytes always
/// are).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What a query string reserves with its first parameter: most APIv3 queries fit.
const QUERY_CAPACITY: usize = 128;

/// A query string built parameter by parameter, in order, without the leading `?`.
///
/// ```
/// use wechatpay_runtime::QueryString;
///
/// let mut query = QueryString::new();
/// query.push("sub_mchid", "1900000109");
/// query.push("out_order_no", "P 20150806+1");
/// query.push_display("limit", 20);
/// assert_eq!(query.finish(), "sub_mchid=1900000109&out_order_no=P%2020150806%2B1&limit=20");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryString {
    buf: String,
}

impl QueryString {
    /// An empty query string.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value`, both percent-encoded.
    pub fn push(&mut self, name: &str, value: &str) {
        self.start(name);
        self.buf.extend(utf8_percent_encode(value, NOT_UNRESERVED));
    }

    /// Appends `name=value` with the value's `Display` output, percent-encoded; for integers and
    /// wire enums.
    pub fn push_display(&mut self, name: &str, value: impl fmt::Display) {
        self.start(name);
        // Encoding as the pieces arrive avoids formatting into a temporary string. A piece is
        // always a whole `str`, so no UTF-8 sequence is split. The encoder never fails; an error
        // could only come from a `Display` impl breaking its contract, which `ToString` treats
        // as a bug too, so what it wrote is kept and the error dropped.
        let _ = write!(Encoder(&mut self.buf), "{value}");
    }

    /// Appends `name=` and the time as RFC 3339 with its own offset (as [`crate::datetime::format`]
    /// writes it), percent-encoded: `+08:00` travels as `%2B08%3A00`.
    ///
    /// A time RFC 3339 cannot write (a year past 9999, an offset with seconds) is sent as its
    /// `Display` text, which the service refuses with a parameter error naming the field.
    pub fn push_time(&mut self, name: &str, value: time::OffsetDateTime) {
        match crate::datetime::format(value) {
            Ok(text) => self.push(name, &text),
            Err(_) => self.push_display(name, value),
        }
    }

    /// Whether no parameter has been appended.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The query string so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The finished query string, without the leading `?`.
    pub fn finish(self) -> String {
        self.buf
    }

    fn start(&mut self, name: &str) {
        if self.buf.is_empty() {
            // Room for a typical query at once, rather than growing it piece by piece.
            self.buf.reserve(QUERY_CAPACITY);
        } else {
            self.buf.push('&');
        }
        self.buf.extend(utf8_percent_encode(name, NOT_UNRESERVED));
        self.buf.push('=');
    }
}

impl fmt::Display for QueryString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.buf)
    }
}

/// Percent-encodes one path segment with the same set as [`QueryString`], so a `/` inside a
/// value cannot change the path. Borrows when nothing needs encoding.
pub fn encode_path_segment(segment: &str) -> Cow<'_, str> {
    utf8_percent_encode(segment, NOT_UNRESERVED).into()
}

struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        self.0.extend(utf8_percent_encode(piece, NOT_UNRESERVED));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str, value: &str) -> String {
        let mut query = QueryString::new();
        query.push(name, value);
        query.finish()
    }

    #[test]
    fn times_travel_as_rfc3339_with_the_offset_encoded() {
        let time = crate::datetime::parse("2015-05-20T13:29:35.120+08:00").unwrap();
        let mut query = QueryString::new();
        query.push_time("create_start_time", time);
        assert_eq!(
            query.finish(),
            "create_start_time=2015-05-20T13%3A29%3A35.120%2B08%3A00"
        );
    }

    #[test]
    fn empty_query_stays_empty() {
        let query = QueryString::new();
        assert!(query.is_empty());
        assert_eq!(query.finish(), "");
    }

    #[test]
    fn parameters_are_joined_in_order() {
        let mut query = QueryString::new();
        query.push("b", "2");
        query.push("a", "1");
        assert!(!query.is_empty());
        assert_eq!(query.as_str(), "b=2&a=1");
        assert_eq!(query.to_string(), "b=2&a=1");
    }

    #[test]
    fn unreserved_characters_pass_through() {
        assert_eq!(one("k", "AZaz09-._~"), "k=AZaz09-._~");
    }

    #[test]
    fn chinese_is_encoded_as_utf8_bytes() {
        assert_eq!(one("description", "分账"), "description=%E5%88%86%E8%B4%A6");
    }

    #[test]
    fn space_is_percent_20_not_plus() {
        assert_eq!(one("k", "a b"), "k=a%20b");
    }

    #[test]
    fn delimiters_inside_values_are_escaped() {
        assert_eq!(one("k", "a+b&c=d"), "k=a%2Bb%26c%3Dd");
        assert_eq!(one("k", "*@"), "k=%2A%40");
        assert_eq!(one("k", "%/?#"), "k=%25%2F%3F%23");
    }

    #[test]
    fn names_are_encoded_too() {
        assert_eq!(one("a b", "1"), "a%20b=1");
    }

    #[test]
    fn empty_value_keeps_the_equals_sign() {
        assert_eq!(one("k", ""), "k=");
    }

    #[test]
    fn display_values_are_encoded() {
        let mut query = QueryString::new();
        query.push_display("offset", 0);
        query.push_display("amount", -100_i64);
        query.push_display("note", format_args!("{} {}", "分", "&"));
        assert_eq!(query.finish(), "offset=0&amount=-100&note=%E5%88%86%20%26");
    }

    #[test]
    fn path_segments_borrow_when_clean() {
        assert!(matches!(
            encode_path_segment("P20150806125346"),
            Cow::Borrowed(_)
        ));
        assert_eq!(encode_path_segment("a/b c*分"), "a%2Fb%20c%2A%E5%88%86");
    }
}
