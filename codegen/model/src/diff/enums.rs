//! The values of one enum in two versions: which were added, removed, renamed or spelt anew.
//!
//! A value is the same value when it keeps its canonical spelling, or else when any of its
//! spellings (canonical or alias) is one of the other's: `FAIL` becoming `FAILED` with the
//! alias `FAIL` is one value spelt anew, not a removal and an addition.

use crate::model::{Enum, EnumValue};

use super::record::{At, Recorder};
use super::report::Kind;
use super::rules::{self, Uses};

/// Records how `new`'s values differ from `old`'s, at `at` (the field using the enum).
pub fn compare(old: &Enum, new: &Enum, uses: Uses, at: At<'_>, out: &mut Recorder) {
    let pairs = match_values(&old.values, &new.values);
    let mut matched_new = vec![false; new.values.len()];
    for (old_value, found) in old.values.iter().zip(&pairs) {
        let Some(new_index) = *found else {
            out.record(
                at,
                Kind::EnumValueRemoved,
                (Some(value_words(old_value)), None),
                rules::enum_value_removed(uses),
            );
            continue;
        };
        if let Some(seen) = matched_new.get_mut(new_index) {
            *seen = true;
        }
        if let Some(new_value) = new.values.get(new_index) {
            compare_value(old_value, new_value, uses, at, out);
        }
    }
    for (new_value, _) in new
        .values
        .iter()
        .zip(&matched_new)
        .filter(|(_, seen)| !**seen)
    {
        out.record(
            at,
            Kind::EnumValueAdded,
            (None, Some(value_words(new_value))),
            rules::enum_value_added(uses),
        );
    }
}

/// For each old value, the index of the new value it is, if any: first by canonical spelling,
/// then by any spelling the two share. Each new value is taken once.
fn match_values(old: &[EnumValue], new: &[EnumValue]) -> Vec<Option<usize>> {
    let mut taken = vec![false; new.len()];
    let mut pairs = vec![None; old.len()];
    for (slot, value) in pairs.iter_mut().zip(old) {
        let found = new
            .iter()
            .position(|candidate| candidate.value == value.value);
        if let Some(index) = found {
            *slot = Some(index);
            if let Some(taken) = taken.get_mut(index) {
                *taken = true;
            }
        }
    }
    for (slot, value) in pairs.iter_mut().zip(old) {
        if slot.is_some() {
            continue;
        }
        let found = new.iter().enumerate().position(|(index, candidate)| {
            !taken.get(index).copied().unwrap_or(true)
                && spellings(candidate).any(|s| spellings(value).any(|o| o == s))
        });
        if let Some(index) = found {
            *slot = Some(index);
            if let Some(taken) = taken.get_mut(index) {
                *taken = true;
            }
        }
    }
    pairs
}

fn compare_value(old: &EnumValue, new: &EnumValue, uses: Uses, at: At<'_>, out: &mut Recorder) {
    if old.rust_name != new.rust_name {
        out.record(
            at,
            Kind::EnumValueRenamed,
            (
                Some(format!("{} as {}", old.value, old.rust_name)),
                Some(format!("{} as {}", new.value, new.rust_name)),
            ),
            rules::enum_value_renamed(),
        );
    }
    let same_spellings = old.value == new.value
        && old.aliases.len() == new.aliases.len()
        && old.aliases.iter().all(|alias| new.aliases.contains(alias));
    if !same_spellings {
        let lost_read = spellings(old).any(|s| !spellings(new).any(|n| n == s));
        out.record(
            at,
            Kind::EnumSpellingChanged,
            (Some(spelling_words(old)), Some(spelling_words(new))),
            rules::enum_spelling_changed(uses, lost_read),
        );
    }
}

/// Every spelling read as the value: the canonical one, then the aliases.
fn spellings(value: &EnumValue) -> impl Iterator<Item = &str> {
    std::iter::once(value.value.as_str()).chain(value.aliases.iter().map(String::as_str))
}

/// A value in words: `RECEIVER_HIGH_RISK (高风险接收方)`.
fn value_words(value: &EnumValue) -> String {
    if value.meaning.is_empty() {
        value.value.clone()
    } else {
        format!("{} ({})", value.value, value.meaning)
    }
}

/// A value's spellings in words: `FAILED, also read from FAIL`.
fn spelling_words(value: &EnumValue) -> String {
    if value.aliases.is_empty() {
        value.value.clone()
    } else {
        format!(
            "{}, also read from {}",
            value.value,
            value.aliases.join(", ")
        )
    }
}
