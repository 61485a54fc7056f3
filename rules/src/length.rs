//! How a documented length is counted.

/// How the length of a string is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum LengthUnit {
    /// Unicode scalar values (`char`s): `"分账"` is 2 long.
    Chars,
    /// UTF-8 bytes: `"分账"` is 6 long.
    Bytes,
}

impl LengthUnit {
    /// The length of `value` in this unit.
    pub fn count(self, value: &str) -> usize {
        match self {
            LengthUnit::Chars => value.chars().count(),
            LengthUnit::Bytes => value.len(),
        }
    }

    /// The unit as a spec writes it (`length_unit: chars`): `chars` or `bytes`.
    pub fn as_str(self) -> &'static str {
        match self {
            LengthUnit::Chars => "chars",
            LengthUnit::Bytes => "bytes",
        }
    }

    /// The unit a spec's spelling names ([`LengthUnit::as_str`]).
    pub fn from_spelling(text: &str) -> Option<Self> {
        [LengthUnit::Chars, LengthUnit::Bytes]
            .into_iter()
            .find(|unit| unit.as_str() == text)
    }

    /// The unit's noun for `count` of it: `1 character`, `6 bytes`.
    pub fn noun(self, count: usize) -> &'static str {
        match (self, count) {
            (LengthUnit::Chars, 1) => "character",
            (LengthUnit::Chars, _) => "characters",
            (LengthUnit::Bytes, 1) => "byte",
            (LengthUnit::Bytes, _) => "bytes",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_or_bytes() {
        assert_eq!(LengthUnit::Chars.count("分账"), 2);
        assert_eq!(LengthUnit::Bytes.count("分账"), 6);
        assert_eq!(LengthUnit::Chars.noun(1), "character");
        assert_eq!(LengthUnit::Bytes.noun(2), "bytes");
    }

    #[test]
    fn a_spelling_names_its_unit_and_nothing_else_does() {
        for unit in [LengthUnit::Chars, LengthUnit::Bytes] {
            assert_eq!(LengthUnit::from_spelling(unit.as_str()), Some(unit));
        }
        assert_eq!(LengthUnit::Chars.as_str(), "chars");
        assert_eq!(LengthUnit::from_spelling("char"), None);
    }
}
