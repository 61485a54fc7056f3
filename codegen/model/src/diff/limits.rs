//! Which way a value's rules moved: length limits, charsets, patterns, an encrypted field's
//! limit. Whether that breaks anyone is `rules`' question; this file only measures.

use crate::model::{Charset, Length, LengthUnit, LimitOn};

use super::report::Kind;
use super::rules::Direction;

/// One rule that differs between two versions of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleChange {
    /// Which rule.
    pub kind: Kind,
    /// Which way it moved.
    pub direction: Direction,
    /// The old rule in words.
    pub old: String,
    /// The new rule in words.
    pub new: String,
}

/// The rules of a string value, as the field or an array's items carry them.
#[derive(Debug, Clone, Copy)]
pub struct TextRules<'a> {
    /// Length limits.
    pub length: Option<Length>,
    /// Allowed characters.
    pub charset: Option<&'a Charset>,
    /// A pattern the whole value must match.
    pub pattern: Option<&'a str>,
}

/// Every rule that differs, in the order length, charset, pattern.
pub fn compare(old: TextRules<'_>, new: TextRules<'_>) -> Vec<RuleChange> {
    let length = length_direction(old.length, new.length).map(|direction| RuleChange {
        kind: Kind::LengthChanged,
        direction,
        old: length_words(old.length),
        new: length_words(new.length),
    });
    let charset = charset_direction(old.charset, new.charset).map(|direction| RuleChange {
        kind: Kind::CharsetChanged,
        direction,
        old: old
            .charset
            .map_or("any".to_owned(), |c| c.class().to_owned()),
        new: new
            .charset
            .map_or("any".to_owned(), |c| c.class().to_owned()),
    });
    let pattern = pattern_direction(old.pattern, new.pattern).map(|direction| RuleChange {
        kind: Kind::PatternChanged,
        direction,
        old: old.pattern.unwrap_or("none").to_owned(),
        new: new.pattern.unwrap_or("none").to_owned(),
    });
    [length, charset, pattern].into_iter().flatten().collect()
}

/// A limit in words: `1..=32 chars`, `..=64 bytes`, `no limit`.
pub fn length_words(length: Option<Length>) -> String {
    let Some(length) = length else {
        return "no limit".to_owned();
    };
    let unit = length.unit.as_str();
    match (length.min, length.max) {
        (Some(min), Some(max)) => format!("{min}..={max} {unit}"),
        (None, Some(max)) => format!("..={max} {unit}"),
        (Some(min), None) => format!("{min}.. {unit}"),
        (None, None) => "no limit".to_owned(),
    }
}

/// How a length limit moved, if it did. Bytes count a value at least as long as characters
/// do, so a maximum counted in bytes is the stricter one and a minimum the looser.
pub fn length_direction(old: Option<Length>, new: Option<Length>) -> Option<Direction> {
    let bounds = |length: Option<Length>| {
        let min = length.and_then(|l| l.min).unwrap_or(0);
        let max = length.and_then(|l| l.max).unwrap_or(u64::MAX);
        (min, max, length.map(|l| l.unit))
    };
    let (old_min, old_max, old_unit) = bounds(old);
    let (new_min, new_max, new_unit) = bounds(new);
    let mut tighter = new_min > old_min || new_max < old_max;
    let mut looser = new_min < old_min || new_max > old_max;
    if let (Some(old_unit), Some(new_unit)) = (old_unit, new_unit)
        && old_unit != new_unit
    {
        let to_bytes = new_unit == LengthUnit::Bytes;
        if new_max != u64::MAX {
            tighter |= to_bytes;
            looser |= !to_bytes;
        }
        if new_min > 0 {
            tighter |= !to_bytes;
            looser |= to_bytes;
        }
    }
    direction(tighter, looser)
}

fn direction(tighter: bool, looser: bool) -> Option<Direction> {
    match (tighter, looser) {
        (false, false) => None,
        (true, false) => Some(Direction::Tightened),
        (false, true) => Some(Direction::Loosened),
        (true, true) => Some(Direction::Changed),
    }
}

/// How the allowed characters moved, if they did (no charset allows every character).
pub fn charset_direction(old: Option<&Charset>, new: Option<&Charset>) -> Option<Direction> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(Direction::Tightened),
        (Some(_), None) => Some(Direction::Loosened),
        (Some(old), Some(new)) => {
            let new_within_old = within(new.ranges(), old.ranges());
            let old_within_new = within(old.ranges(), new.ranges());
            direction(!old_within_new, !new_within_old)
        }
    }
}

/// Whether every character of `inner` is in `outer`.
fn within(inner: &[(char, char)], outer: &[(char, char)]) -> bool {
    let mut merged: Vec<(u32, u32)> = outer.iter().map(|&(a, b)| (a as u32, b as u32)).collect();
    merged.sort_unstable();
    let mut joined: Vec<(u32, u32)> = Vec::with_capacity(merged.len());
    for (low, high) in merged {
        match joined.last_mut() {
            Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
            _ => joined.push((low, high)),
        }
    }
    inner.iter().all(|&(low, high)| {
        joined
            .iter()
            .any(|&(a, b)| a <= low as u32 && high as u32 <= b)
    })
}

/// How a pattern moved, if it did: two different patterns cannot be ordered.
pub fn pattern_direction(old: Option<&str>, new: Option<&str>) -> Option<Direction> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(Direction::Tightened),
        (Some(_), None) => Some(Direction::Loosened),
        (Some(old), Some(new)) if old == new => None,
        (Some(_), Some(_)) => Some(Direction::Changed),
    }
}

/// How an encrypted field's limit moved: only a plaintext limit is checked beyond what the
/// encryption itself allows (214 bytes).
pub fn encryption_direction(old: LimitOn, new: LimitOn) -> Option<Direction> {
    let checks_plaintext = |limit| limit == LimitOn::Plaintext;
    direction(
        checks_plaintext(new) && !checks_plaintext(old),
        checks_plaintext(old) && !checks_plaintext(new),
    )
    .or((old != new).then_some(Direction::Loosened))
}
