//! What `#[derive(DecodeObject)]` calls: the parts of reading a JSON object into a generated
//! struct that are the same for every struct, written once here, so that each struct's own code
//! is a slot, a match arm and a line per field. Answers are most of the generated types, and
//! serde's own derive gives each of them a field enum, a sequence visitor and a map visitor:
//! several times the code for what a JSON object needs.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

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

/// The half of reading a JSON object that differs per struct, implemented by
/// `#[derive(DecodeObject)]`: where each key's value goes, and how the slots become the struct.
/// The loop over the object's keys is [`deserialize`]'s, written once for every struct, so that
/// each struct's own code is a match arm and a line per field.
pub trait DecodeObject: Sized {
    /// One slot per field, each `None` until its key is read.
    type Slots;

    /// The struct's name, for the error when the input is not an object.
    const NAME: &'static str;

    /// Every slot empty.
    fn empty() -> Self::Slots;

    /// Reads the value of `key` into its field's slot, or passes over it when no field reads
    /// that key.
    fn fill<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// The struct from its slots, once every key has been read: an error names the first
    /// required field whose key was absent.
    fn finish<E: de::Error>(slots: Self::Slots) -> Result<Self, E>;
}

/// Reads a JSON object into `T`: the body of every derived `Deserialize`.
pub fn deserialize<'de, T: DecodeObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::empty();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            T::fill(&mut slots, key.as_str(), &mut map)?;
        }
        T::finish(slots)
    }
}

/// Passes over the value of a key no field reads.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
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

/// The error for the first field, in declaration order, that the object must carry and did
/// not: `required` pairs each such field's key with whether its slot is empty.
pub fn missing<E: de::Error>(required: &[(&'static str, bool)]) -> E {
    match required.iter().find(|&&(_, empty)| empty) {
        Some(&(name, _)) => E::missing_field(name),
        // Only reached if a derive called this with every required slot filled.
        None => E::custom("a required field was reported absent, but every one was read"),
    }
}
