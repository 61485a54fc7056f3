//! RFC 3339 times as WeChat Pay writes them, for `#[serde(with = "…")]`.
//!
//! Times travel as strings such as `2015-05-20T13:29:35+08:00`. They are read into
//! [`time::OffsetDateTime`] keeping the offset that was sent, and written back the same way.
//!
//! ```
//! use wechatpay_runtime::{serde, time::OffsetDateTime};
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! # #[serde(crate = "wechatpay_runtime::serde")]
//! struct Order {
//!     #[serde(with = "wechatpay_runtime::datetime::rfc3339")]
//!     create_time: OffsetDateTime,
//!     // Absent, `null` and `""` all read as `None`.
//!     #[serde(default, with = "wechatpay_runtime::datetime::rfc3339_option")]
//!     finish_time: Option<OffsetDateTime>,
//! }
//!
//! let order: Order =
//!     serde_json::from_str(r#"{"create_time":"2015-05-20T13:29:35.120+08:00","finish_time":""}"#)?;
//! assert_eq!(order.create_time.offset().whole_hours(), 8);
//! assert_eq!(order.finish_time, None);
//! assert_eq!(
//!     serde_json::to_string(&order)?,
//!     r#"{"create_time":"2015-05-20T13:29:35.120+08:00","finish_time":null}"#
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt::{self, Write as _};

use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serializer};
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// What every error message says a time should look like.
const EXPECTED: &str = "an RFC 3339 date-time such as 2015-05-20T13:29:35+08:00";

/// The part every form shares; the fraction and the offset are written by [`format()`].
const DATE_TIME: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

/// Formats `value` as RFC 3339 with its own offset (`Z` for UTC): no fraction for whole
/// seconds, the form the documentation prints for request times; three digits for whole
/// milliseconds, the form the service uses for times it records more finely; otherwise as many
/// digits as the value needs.
pub fn format(value: OffsetDateTime) -> Result<String, time::error::Format> {
    let offset = value.offset();
    if !(0..=9999).contains(&value.year()) || offset.seconds_past_minute() != 0 {
        // RFC 3339 has no room for these; the general formatter says which part does not fit.
        return value.format(&Rfc3339);
    }
    let mut text = value.format(DATE_TIME)?;
    let nanos = value.nanosecond();
    if nanos != 0 {
        let (mut digits, mut width) = (nanos, 9);
        let least = if nanos.is_multiple_of(1_000_000) {
            3
        } else {
            1
        };
        while width > least && digits.is_multiple_of(10) {
            digits /= 10;
            width -= 1;
        }
        text.push('.');
        push_padded(&mut text, digits, width);
    }
    if offset.is_utc() {
        text.push('Z');
    } else {
        let (hours, minutes, _) = offset.as_hms();
        text.push(if offset.is_negative() { '-' } else { '+' });
        push_padded(&mut text, hours.unsigned_abs().into(), 2);
        text.push(':');
        push_padded(&mut text, minutes.unsigned_abs().into(), 2);
    }
    Ok(text)
}

fn push_padded(text: &mut String, number: u32, width: usize) {
    // Writing to a `String` cannot fail.
    let _ = write!(text, "{number:0width$}");
}

/// Parses an RFC 3339 time, keeping its offset.
///
/// One deviation is accepted: a colon instead of the dot before the fraction of a second
/// (`2015-05-20T13:29:35:120+08:00`). A WeChat Pay documentation page prints its example that
/// way; if the service ever sends what its documentation shows, reading it beats failing the
/// whole response over a separator.
pub fn parse(text: &str) -> Result<OffsetDateTime, ParseError> {
    OffsetDateTime::parse(text, &Rfc3339).or_else(|error| {
        colon_before_fraction(text)
            .and_then(|fixed| OffsetDateTime::parse(&fixed, &Rfc3339).ok())
            .ok_or_else(|| ParseError {
                text: text.to_owned(),
                reason: error,
            })
    })
}

/// `…T13:29:35:120+08:00` with the dot put back, or `None` when `text` is not of that form.
fn colon_before_fraction(text: &str) -> Option<String> {
    // `YYYY-MM-DDTHH:MM:SS` is 19 ASCII bytes; the fraction's separator comes next.
    const SEPARATOR: usize = 19;
    let bytes = text.as_bytes();
    let is_colon_then_digit = bytes.get(SEPARATOR) == Some(&b':')
        && bytes.get(SEPARATOR + 1).is_some_and(u8::is_ascii_digit);
    // A colon is ASCII, so both slices below start and end on character boundaries.
    is_colon_then_digit.then(|| format!("{}.{}", &text[..SEPARATOR], &text[SEPARATOR + 1..]))
}

/// A string that is not an RFC 3339 time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid time {text:?}: {reason}; expected {EXPECTED}")]
pub struct ParseError {
    text: String,
    reason: time::error::Parse,
}

/// `#[serde(with = "wechatpay_runtime::datetime::rfc3339")]` for an [`OffsetDateTime`].
pub mod rfc3339 {
    use super::*;

    /// Writes the time with [`format()`].
    pub fn serialize<S: Serializer>(
        value: &OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = super::format(*value).map_err(|error| {
            ser::Error::custom(format_args!("cannot write {value} as RFC 3339: {error}"))
        })?;
        serializer.serialize_str(&text)
    }

    /// Reads the time with [`parse()`].
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<OffsetDateTime, D::Error> {
        deserializer.deserialize_str(TimeVisitor)
    }
}

/// `#[serde(default, with = "wechatpay_runtime::datetime::rfc3339_option")]` for an
/// `Option<OffsetDateTime>`.
///
/// An absent field (given `#[serde(default)]`), `null` and the empty string all read as `None`:
/// the service sends `""` for a time that has not happened yet, such as the finish time of an
/// order still processing. `None` is written as `null`.
pub mod rfc3339_option {
    use super::*;

    /// Writes `Some` with [`format()`] and `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&Rfc3339Ref(value)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` or `""` as `None`, anything else with [`parse()`].
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        deserializer.deserialize_option(OptionVisitor)
    }

    struct Rfc3339Ref<'a>(&'a OffsetDateTime);

    impl serde::Serialize for Rfc3339Ref<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            super::rfc3339::serialize(self.0, serializer)
        }
    }
}

struct TimeVisitor;

impl Visitor<'_> for TimeVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<OffsetDateTime, E> {
        parse(text).map_err(E::custom)
    }
}

struct OptionVisitor;

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Option<OffsetDateTime>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{EXPECTED}, an empty string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if text.is_empty() {
            Ok(None)
        } else {
            TimeVisitor.visit_str(text).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use time::macros::datetime;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Times {
        #[serde(with = "rfc3339")]
        at: OffsetDateTime,
        #[serde(default, with = "rfc3339_option")]
        maybe: Option<OffsetDateTime>,
    }

    fn read(json: &str) -> Result<Times, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn parse_keeps_the_offset() {
        let value = parse("2015-05-20T13:29:35+08:00").unwrap();
        assert_eq!(value, datetime!(2015-05-20 13:29:35 +08:00));
        assert_eq!(value.offset().whole_hours(), 8);
        assert_eq!(parse("2015-05-20T05:29:35Z").unwrap(), value);
        assert_eq!(
            parse("2015-05-20T05:29:35Z")
                .unwrap()
                .offset()
                .whole_hours(),
            0
        );
    }

    #[test]
    fn parse_reads_fractions() {
        assert_eq!(
            parse("2015-05-20T13:29:35.120+08:00").unwrap(),
            datetime!(2015-05-20 13:29:35.120 +08:00)
        );
        assert_eq!(
            parse("2015-05-20T13:29:35.123456789-03:30").unwrap(),
            datetime!(2015-05-20 13:29:35.123456789 -03:30)
        );
    }

    #[test]
    fn parse_accepts_a_space_for_the_t_as_rfc3339_allows() {
        assert_eq!(
            parse("2015-05-20 13:29:35+08:00").unwrap(),
            datetime!(2015-05-20 13:29:35 +08:00)
        );
    }

    #[test]
    fn parse_accepts_the_documented_colon_before_milliseconds() {
        assert_eq!(
            parse("2015-05-20T13:29:35:120+08:00").unwrap(),
            datetime!(2015-05-20 13:29:35.120 +08:00)
        );
    }

    #[test]
    fn parse_rejects_everything_else_naming_what_was_expected() {
        for text in [
            "",
            "2015-05-20",
            "2015-05-20T13:29:35",
            "2015-05-20T13:29:35:+08:00",
            "2015-05-20T13:29:35:1x0+08:00",
            "2015-05-20T25:29:35+08:00",
            "2015-05-20T13:29:35.120+0800",
            "分2015-05-20T13:29:35+08:00",
        ] {
            let error = parse(text).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("invalid time {text:?}: ")),
                "{error}"
            );
            assert!(
                error.ends_with("expected an RFC 3339 date-time such as 2015-05-20T13:29:35+08:00"),
                "{error}"
            );
        }
    }

    #[test]
    fn format_uses_the_shortest_exact_form() {
        assert_eq!(
            format(datetime!(2015-05-20 13:29:35 +08:00)).unwrap(),
            "2015-05-20T13:29:35+08:00"
        );
        assert_eq!(
            format(datetime!(2015-05-20 13:29:35.120 +08:00)).unwrap(),
            "2015-05-20T13:29:35.120+08:00"
        );
        assert_eq!(
            format(datetime!(2015-05-20 13:29:35.001 -03:30)).unwrap(),
            "2015-05-20T13:29:35.001-03:30"
        );
        assert_eq!(
            format(datetime!(2015-05-20 13:29:35.1234 UTC)).unwrap(),
            "2015-05-20T13:29:35.1234Z"
        );
        assert_eq!(
            format(datetime!(2015-05-20 13:29:35 UTC)).unwrap(),
            "2015-05-20T13:29:35Z"
        );
        assert_eq!(
            format(datetime!(0001-01-01 0:00 -00:30)).unwrap(),
            "0001-01-01T00:00:00-00:30"
        );
    }

    #[test]
    fn format_refuses_what_rfc3339_cannot_hold() {
        assert!(format(datetime!(-0001-01-01 0:00 UTC)).is_err());
        assert!(format(datetime!(2015-05-20 13:29:35 +08:00:30)).is_err());
    }

    #[test]
    fn serde_roundtrip_is_byte_for_byte() {
        for json in [
            r#"{"at":"2015-05-20T13:29:35+08:00","maybe":"2015-05-20T13:29:35.120+08:00"}"#,
            r#"{"at":"2015-05-20T13:29:35.120+08:00","maybe":null}"#,
        ] {
            assert_eq!(serde_json::to_string(&read(json).unwrap()).unwrap(), json);
        }
    }

    #[test]
    fn serde_colon_form_is_written_back_standard() {
        let times = read(r#"{"at":"2015-05-20T13:29:35:120+08:00"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&times).unwrap(),
            r#"{"at":"2015-05-20T13:29:35.120+08:00","maybe":null}"#
        );
    }

    #[test]
    fn serde_option_absent_null_and_empty_are_none() {
        for json in [
            r#"{"at":"2015-05-20T13:29:35+08:00"}"#,
            r#"{"at":"2015-05-20T13:29:35+08:00","maybe":null}"#,
            r#"{"at":"2015-05-20T13:29:35+08:00","maybe":""}"#,
        ] {
            assert_eq!(read(json).unwrap().maybe, None, "{json}");
        }
    }

    #[test]
    fn serde_option_reads_owned_strings() {
        let value = serde_json::json!({"at": "2015-05-20T13:29:35+08:00", "maybe": ""});
        let times: Times = serde_json::from_value(value).unwrap();
        assert_eq!(times.maybe, None);
    }

    #[test]
    fn serde_errors_name_the_expected_form() {
        let error = read(r#"{"at":"yesterday"}"#).unwrap_err().to_string();
        assert!(error.contains(r#"invalid time "yesterday""#), "{error}");
        assert!(error.contains("expected an RFC 3339 date-time"), "{error}");
        let error = read(r#"{"at":""}"#).unwrap_err().to_string();
        assert!(error.contains(r#"invalid time """#), "{error}");
        let error = read(r#"{"at":1432099775}"#).unwrap_err().to_string();
        assert!(error.contains("expected an RFC 3339 date-time"), "{error}");
        let error = read(r#"{"at":"2015-05-20T13:29:35+08:00","maybe":5}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("an empty string or null"), "{error}");
    }

    #[test]
    fn serde_unrepresentable_time_is_an_error() {
        let times = Times {
            at: datetime!(2015-05-20 13:29:35 +08:00:30),
            maybe: None,
        };
        let error = serde_json::to_string(&times).unwrap_err().to_string();
        assert!(error.contains("cannot write"), "{error}");
    }
}
