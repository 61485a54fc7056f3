//! What `#[derive(DecodeObject)]` calls: the parts of reading a JSON object into a generated
//! struct that are the same for every struct, written once here, so that each struct's own code
//! is a slot, a match arm and a line per field. Answers are most of the generated types, and
//! serde's own derive gives each of them a field enum, a sequence visitor and a map visitor:
//! several times the code for what a JSON object needs.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// An object's key as read: borrowed from the input when it can be, owned when it holds an
/// escape.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Puts the value read for `name` in its slot; a second value for the same field is an error,
/// as with serde's derive.
pub fn fill<T, E: de::Error>(
    slot: &mut Option<T>,
    name: &'static str,
    value: Result<T, E>,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value?);
    Ok(())
}

/// The value of a field the object must carry.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// What a struct's visitor says it expected, when the input is not an object.
pub fn expecting(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "a JSON object ({name})")
}
