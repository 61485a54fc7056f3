//! Enums whose values travel as JSON integers and may grow without notice, such as a scene id
//! documented as 3, 4, 5 or 124.
//!
//! They are the integer counterpart of [`crate::wire_enum`]: a catch-all variant holds any other
//! integer as received ([`UnknownInt`]), so reading never fails on a value this version does not
//! know and such a value is written back unchanged. Implementations come from
//! [`#[derive(WireEnum)]`](macro@crate::WireEnum) on an enum whose values are integer literals
//! (`#[wire(3)]`); this module holds what every such enum shares.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;

use crate::clip::clip;

/// What [`Deserialize`](serde::Deserialize) and [`ParseWireIntError`] say they expected.
const EXPECTED: &str = "an integer in the i64 range";

/// How many characters of a text that is not an integer [`ParseWireIntError`] keeps.
const SHOWN_CHARS: usize = 64;

/// An enum that travels as a JSON integer, with a catch-all variant for values it does not know.
///
/// Derive it with `#[derive(WireEnum)]` and integer values (`#[wire(3)]`); the derive also gives
/// the enum inherent `as_i64` and `is_known` methods, `Display` (the number), `FromStr` (the
/// number's text), `Serialize` and `Deserialize`.
pub trait WireIntEnum: Sized {
    /// The canonical value of every known variant, in declaration order. Aliases, which are
    /// accepted when reading but never written, are not listed.
    const KNOWN: &'static [i64];

    /// The known variant that `value` denotes, by its canonical value or by an alias; `None`
    /// for any other integer.
    fn known(value: i64) -> Option<Self>;

    /// Wraps a value that [`WireIntEnum::known`] does not recognise in the catch-all variant.
    ///
    /// [`UnknownInt`] has no public constructor, so the values reaching this method are ones the
    /// runtime itself found unknown.
    fn from_unknown(value: UnknownInt) -> Self;

    /// The value on the wire: the canonical one for a known variant, the integer as received for
    /// an unknown one.
    fn as_i64(&self) -> i64;

    /// Whether this is a variant this version knows, rather than the catch-all.
    fn is_known(&self) -> bool;

    /// Reads a wire value; any integer is accepted, and one that is not known becomes the
    /// catch-all variant.
    fn from_wire(value: i64) -> Self {
        Self::known(value).unwrap_or_else(|| Self::from_unknown(UnknownInt(value)))
    }
}

/// An integer wire value that no variant of its enum knows, kept as received.
///
/// It can only be obtained by reading a value (through `FromStr`, `Deserialize` or
/// [`WireIntEnum::from_wire`]), so an enum's catch-all variant never holds a value that one of
/// its known variants claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownInt(i64);

impl UnknownInt {
    /// The value as received.
    pub fn as_i64(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A text that is not an integer in the i64 range, given to an integer wire enum's `FromStr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWireIntError {
    /// The text, cut short after 64 characters.
    text: String,
}

impl fmt::Display for ParseWireIntError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {EXPECTED}, found {:?}", self.text)
    }
}

impl std::error::Error for ParseWireIntError {}

/// Reads an integer wire enum from the integer's text (`"124"`, `"-1"`); the derived `FromStr`
/// calls this. Any integer in the i64 range is accepted, as by `i64::from_str`; a known one
/// becomes its variant, any other the catch-all.
pub fn from_str<T: WireIntEnum>(text: &str) -> Result<T, ParseWireIntError> {
    match text.parse::<i64>() {
        Ok(value) => Ok(T::from_wire(value)),
        Err(_) => Err(ParseWireIntError {
            text: clip(text, SHOWN_CHARS),
        }),
    }
}

/// Writes an integer wire enum as its number; usable as `#[serde(serialize_with = "…")]`.
///
/// The derived `Serialize` calls this.
pub fn serialize<T: WireIntEnum, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(value.as_i64())
}

/// Reads an integer wire enum from a JSON integer; usable as
/// `#[serde(deserialize_with = "…")]`.
///
/// The derived `Deserialize` calls this. Any integer in the i64 range is accepted; a larger one,
/// a float (even `3.0`) or a string is an error saying an integer in the i64 range was expected.
pub fn deserialize<'de, T: WireIntEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_i64(WireIntEnumVisitor(PhantomData))
}

struct WireIntEnumVisitor<T>(PhantomData<fn() -> T>);

impl<T: WireIntEnum> Visitor<'_> for WireIntEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        Ok(T::from_wire(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        match i64::try_from(value) {
            Ok(value) => Ok(T::from_wire(value)),
            Err(_) => Err(E::invalid_value(Unexpected::Unsigned(value), &self)),
        }
    }
}

/// Used by the derive's expansion only.
#[doc(hidden)]
pub mod __private {
    use super::UnknownInt;

    /// The type the catch-all variant of an integer enum holds. Going through this trait, rather
    /// than naming [`UnknownInt`] directly, turns a catch-all declared with the wrong type into
    /// an error that says what to write.
    #[diagnostic::on_unimplemented(
        message = "the #[wire(other)] variant of an enum of integer values must hold `wechatpay_runtime::UnknownInt`, not `{Self}`",
        label = "expected `::wechatpay_runtime::UnknownInt`",
        note = "the catch-all keeps an integer this version does not know exactly as received: `Unknown(::wechatpay_runtime::UnknownInt)`"
    )]
    pub trait CatchAllInt {
        /// Wraps the raw value.
        fn wrap(value: UnknownInt) -> Self;
        /// The raw value.
        fn raw(&self) -> i64;
    }

    impl CatchAllInt for UnknownInt {
        fn wrap(value: UnknownInt) -> Self {
            value
        }

        fn raw(&self) -> i64 {
            self.as_i64()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written out by hand as the derive would, so these tests do not depend on the macro.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Scene {
        Offline,
        App,
        Unknown(UnknownInt),
    }

    impl WireIntEnum for Scene {
        const KNOWN: &'static [i64] = &[3, 124];

        fn known(value: i64) -> Option<Self> {
            match value {
                3 | -3 => Some(Self::Offline),
                124 => Some(Self::App),
                _ => None,
            }
        }

        fn from_unknown(value: UnknownInt) -> Self {
            Self::Unknown(value)
        }

        fn as_i64(&self) -> i64 {
            match self {
                Self::Offline => 3,
                Self::App => 124,
                Self::Unknown(value) => value.as_i64(),
            }
        }

        fn is_known(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    }

    impl serde::Serialize for Scene {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(self, serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for Scene {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    fn read(json: &str) -> Result<Scene, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }

    #[test]
    fn canonical_alias_and_unknown_values_read() {
        assert_eq!(Scene::from_wire(3), Scene::Offline);
        assert_eq!(Scene::from_wire(-3), Scene::Offline);
        assert_eq!(Scene::from_wire(-3).as_i64(), 3);
        let unknown = Scene::from_wire(i64::MIN);
        assert!(!unknown.is_known());
        assert_eq!(unknown.as_i64(), i64::MIN);
    }

    #[test]
    fn serde_reads_any_i64_and_writes_canonical_or_raw() {
        let read: Vec<Scene> =
            serde_json::from_str("[3, -3, 124, 5, -9223372036854775808, 9223372036854775807]")
                .unwrap();
        assert_eq!(read[1], Scene::Offline);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            "[3,3,124,5,-9223372036854775808,9223372036854775807]"
        );
        let value: Scene = serde_json::from_value(serde_json::json!(124)).unwrap();
        assert_eq!(value, Scene::App);
    }

    #[test]
    fn serde_rejects_what_is_not_an_i64() {
        assert_eq!(
            read("9223372036854775808").unwrap_err(),
            "invalid value: integer `9223372036854775808`, expected an integer in the i64 range at line 1 column 19"
        );
        assert_eq!(
            read("3.0").unwrap_err(),
            "invalid type: floating point `3.0`, expected an integer in the i64 range at line 1 column 3"
        );
        assert_eq!(
            read("\"3\"").unwrap_err(),
            "invalid type: string \"3\", expected an integer in the i64 range at line 1 column 3"
        );
        for json in ["null", "true", "[]", "{}", "1e3"] {
            let error = read(json).unwrap_err();
            assert!(
                error.contains("expected an integer in the i64 range"),
                "{json}: {error}"
            );
        }
    }

    #[test]
    fn from_str_reads_the_integer_text() {
        assert_eq!(from_str::<Scene>("124"), Ok(Scene::App));
        assert_eq!(from_str::<Scene>("+3"), Ok(Scene::Offline));
        assert_eq!(from_str::<Scene>("7").map(|s| s.as_i64()), Ok(7));
        let error = from_str::<Scene>("3.0").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected an integer in the i64 range, found \"3.0\""
        );
        for text in ["", " 3", "0x10", "9223372036854775808", "三"] {
            assert!(from_str::<Scene>(text).is_err(), "{text:?}");
        }
        let long = "x".repeat(100);
        let shown = from_str::<Scene>(&long).unwrap_err().to_string();
        assert!(
            shown.ends_with(&format!("\"{}…\"", "x".repeat(SHOWN_CHARS))),
            "{shown}"
        );
    }

    #[test]
    fn unknown_int_displays_as_the_number() {
        let Scene::Unknown(raw) = Scene::from_wire(-42) else {
            panic!("-42 is not known");
        };
        assert_eq!(raw.to_string(), "-42");
        assert_eq!(format!("[{raw:>5}]"), "[  -42]");
        assert_eq!(format!("{raw:?}"), "UnknownInt(-42)");
    }
}
