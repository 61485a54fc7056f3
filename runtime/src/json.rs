//! JSON values the tables describe loosely: objects with no declared properties, and numbers with
//! a fractional part.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Any JSON object: the type of a field whose page declares no properties for it.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// A finite number with a fractional part (`1.5`), where a page documents a decimal.
///
/// Amounts are never decimals in APIv3: they are integers in fen. This type is for the few
/// quantities that are, such as a dish count of 1.5. It holds an `f64`, so it carries the
/// 15–17 significant digits a JSON number is read with elsewhere too. It is never NaN or
/// infinite, which lets it be `Eq` and `Hash` (by value; `-0.0` is kept as `0.0`).
#[derive(Clone, Copy, Default)]
pub struct Decimal(f64);

impl Decimal {
    /// The number, when it is finite.
    pub fn new(value: f64) -> Option<Self> {
        // `-0.0 + 0.0` is `0.0`: one representation for zero keeps `Eq` and `Hash` in step.
        value.is_finite().then_some(Self(value + 0.0))
    }

    /// The number as an `f64`.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl From<i32> for Decimal {
    fn from(value: i32) -> Self {
        Self(f64::from(value))
    }
}

impl From<Decimal> for f64 {
    fn from(value: Decimal) -> Self {
        value.0
    }
}

/// An `f64` that is NaN or infinite, which no [`Decimal`] holds.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("{0} is not a finite number, so it is no decimal")]
pub struct NotFinite(pub f64);

impl TryFrom<f64> for Decimal {
    type Error = NotFinite;

    fn try_from(value: f64) -> Result<Self, NotFinite> {
        Self::new(value).ok_or(NotFinite(value))
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        // Finite, with one zero: equal bits are equal values and the other way round.
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Decimal {}

impl std::hash::Hash for Decimal {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DecimalVisitor;
        impl Visitor<'_> for DecimalVisitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a finite number")
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
                Decimal::new(value).ok_or_else(|| E::custom(NotFinite(value)))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
                // Integers past 2^53 lose their last digits, as every JSON reader of doubles does.
                #[allow(clippy::cast_precision_loss)]
                Ok(Decimal(value as f64))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
                #[allow(clippy::cast_precision_loss)]
                Ok(Decimal(value as f64))
            }
        }
        deserializer.deserialize_f64(DecimalVisitor)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn decimals_are_finite_numbers_with_one_zero() {
        assert_eq!(Decimal::new(1.5).unwrap().get(), 1.5);
        assert!(Decimal::new(f64::NAN).is_none());
        assert!(Decimal::try_from(f64::INFINITY).is_err());
        assert_eq!(Decimal::new(-0.0), Decimal::new(0.0));
        assert_eq!(Decimal::from(3).to_string(), "3");
    }

    #[test]
    fn decimals_travel_as_json_numbers() {
        let read: Decimal = serde_json::from_str("1.5").unwrap();
        assert_eq!(serde_json::to_string(&read).unwrap(), "1.5");
        let whole: Decimal = serde_json::from_str("2").unwrap();
        assert_eq!(whole.get(), 2.0);
        let error = serde_json::from_str::<Decimal>("\"1.5\"").unwrap_err();
        assert!(error.to_string().contains("a finite number"), "{error}");
    }
}
