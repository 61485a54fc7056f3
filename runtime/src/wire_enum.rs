//! Enums whose values travel as strings and may grow without notice.
//!
//! WeChat Pay adds enum values to responses without versioning the API, so every generated enum
//! keeps a catch-all variant holding the raw string. Reading never fails, and a value this
//! version does not know is written back byte for byte.
//!
//! Implementations come from [`#[derive(WireEnum)]`](macro@crate::WireEnum); this module holds
//! what every such enum shares, so each expansion stays a few lines long.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;

/// An enum that travels as a string, with a catch-all variant for values it does not know.
///
/// Derive it with `#[derive(WireEnum)]`; the derive also gives the enum inherent `as_str` and
/// `is_known` methods, `Display`, an infallible `FromStr`, `Serialize` and `Deserialize`.
pub trait WireEnum: Sized {
    /// The canonical spelling of every known variant, in declaration order. Aliases, which are
    /// accepted when reading but never written, are not listed.
    const KNOWN: &'static [&'static str];

    /// The known variant that `value` spells, by its canonical spelling or by an alias; `None`
    /// for any other string.
    fn known(value: &str) -> Option<Self>;

    /// Wraps a value that [`WireEnum::known`] does not recognise in the catch-all variant.
    ///
    /// [`UnknownValue`] has no public constructor, so the values reaching this method are ones
    /// the runtime itself found unknown.
    fn from_unknown(value: UnknownValue) -> Self;

    /// The spelling on the wire: the canonical one for a known variant, the raw string as
    /// received for an unknown one.
    fn as_str(&self) -> &str;

    /// Whether this is a variant this version knows, rather than the catch-all.
    fn is_known(&self) -> bool;

    /// Reads a wire value; any string is accepted, and one that is not known becomes the
    /// catch-all variant.
    fn from_wire(value: &str) -> Self {
        Self::known(value).unwrap_or_else(|| Self::from_unknown(UnknownValue(value.to_owned())))
    }

    /// Like [`WireEnum::from_wire`], keeping the given allocation for an unknown value.
    fn from_wire_owned(value: String) -> Self {
        match Self::known(&value) {
            Some(known) => known,
            None => Self::from_unknown(UnknownValue(value)),
        }
    }
}

/// A wire value that no variant of its enum knows, kept exactly as received.
///
/// It can only be obtained by reading a value (through `FromStr`, `Deserialize` or
/// [`WireEnum::from_wire`]), so an enum's catch-all variant never holds a spelling that one of
/// its known variants claims.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as received, as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// Writes a wire enum as its string; usable as `#[serde(serialize_with = "…")]`.
///
/// The derived `Serialize` calls this.
pub fn serialize<T: WireEnum, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// Reads a wire enum from a string; usable as `#[serde(deserialize_with = "…")]`.
///
/// The derived `Deserialize` calls this. Any string is accepted; an owned string handed over by
/// the deserializer is kept without copying when the value is unknown.
pub fn deserialize<'de, T: WireEnum, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(WireEnumVisitor(PhantomData))
}

struct WireEnumVisitor<T>(PhantomData<fn() -> T>);

impl<T: WireEnum> Visitor<'_> for WireEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from_wire(value))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from_wire_owned(value))
    }
}

/// Used by the derive's expansion only.
#[doc(hidden)]
pub mod __private {
    use super::UnknownValue;

    /// The type the catch-all variant holds. Going through this trait, rather than naming
    /// [`UnknownValue`] directly, turns a catch-all declared with the wrong type into an error
    /// that says what to write.
    #[diagnostic::on_unimplemented(
        message = "the #[wire(other)] variant must hold `wechatpay_runtime::UnknownValue`, not `{Self}`",
        label = "expected `::wechatpay_runtime::UnknownValue`",
        note = "the catch-all keeps a value this version does not know exactly as received: `Unknown(::wechatpay_runtime::UnknownValue)`; an enum whose values are integers (#[wire(3)]) holds `UnknownInt` instead"
    )]
    pub trait CatchAll {
        /// Wraps the raw value.
        fn wrap(value: UnknownValue) -> Self;
        /// The raw value.
        fn raw(&self) -> &str;
    }

    impl CatchAll for UnknownValue {
        fn wrap(value: UnknownValue) -> Self {
            value
        }

        fn raw(&self) -> &str {
            self.as_str()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written out by hand as the derive would, so these tests do not depend on the macro.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Outcome {
        Processing,
        Failed,
        Unknown(UnknownValue),
    }

    impl WireEnum for Outcome {
        const KNOWN: &'static [&'static str] = &["PROCESSING", "FAILED"];

        fn known(value: &str) -> Option<Self> {
            match value {
                "PROCESSING" => Some(Self::Processing),
                "FAILED" | "FAIL" => Some(Self::Failed),
                _ => None,
            }
        }

        fn from_unknown(value: UnknownValue) -> Self {
            Self::Unknown(value)
        }

        fn as_str(&self) -> &str {
            match self {
                Self::Processing => "PROCESSING",
                Self::Failed => "FAILED",
                Self::Unknown(value) => value.as_str(),
            }
        }

        fn is_known(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    }

    impl serde::Serialize for Outcome {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(self, serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for Outcome {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    #[test]
    fn canonical_and_alias_read_as_the_variant() {
        assert_eq!(Outcome::from_wire("FAILED"), Outcome::Failed);
        assert_eq!(Outcome::from_wire("FAIL"), Outcome::Failed);
        assert_eq!(Outcome::from_wire_owned("FAIL".to_owned()), Outcome::Failed);
        assert_eq!(Outcome::from_wire("FAIL").as_str(), "FAILED");
    }

    #[test]
    fn matching_is_exact() {
        assert!(!Outcome::from_wire("failed").is_known());
        assert!(!Outcome::from_wire(" FAILED").is_known());
        assert!(!Outcome::from_wire("").is_known());
    }

    #[test]
    fn unknown_value_is_kept_verbatim() {
        let value = Outcome::from_wire("Ｐending 处理中 ");
        assert!(!value.is_known());
        assert_eq!(value.as_str(), "Ｐending 处理中 ");
        let Outcome::Unknown(raw) = &value else {
            panic!("expected the catch-all, got {value:?}");
        };
        assert_eq!(raw.to_string(), "Ｐending 处理中 ");
        assert_eq!(format!("[{raw:>6}]"), "[Ｐending 处理中 ]");
        assert_eq!(
            format!("[{:>4}]", Outcome::from_wire("AB").as_str()),
            "[  AB]"
        );
    }

    #[test]
    fn owned_unknown_keeps_its_allocation() {
        let raw = String::from("NEW_STATE");
        let pointer = raw.as_ptr();
        let Outcome::Unknown(value) = Outcome::from_wire_owned(raw) else {
            panic!("NEW_STATE is not known");
        };
        let kept = value.into_string();
        assert_eq!(kept.as_ptr(), pointer);
    }

    #[test]
    fn serde_roundtrip_writes_canonical_or_raw() {
        let read: Vec<Outcome> =
            serde_json::from_str(r#"["PROCESSING","FAIL","FAILED","BRAND_NEW","a\"b"]"#).unwrap();
        assert_eq!(read[1], Outcome::Failed);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"["PROCESSING","FAILED","FAILED","BRAND_NEW","a\"b"]"#
        );
    }

    #[test]
    fn serde_reads_owned_strings() {
        // A `Value` hands strings over by value, which exercises `visit_string`.
        let value = serde_json::json!("LATER");
        let read: Outcome = serde_json::from_value(value).unwrap();
        assert_eq!(read.as_str(), "LATER");
    }

    #[test]
    fn serde_rejects_non_strings() {
        let error = serde_json::from_str::<Outcome>("3").unwrap_err();
        assert!(error.to_string().contains("expected a string"), "{error}");
    }
}
