//! Where the changes found are collected, each placed and judged as it is recorded.

use super::report::{Change, Kind, Side, Subject};
use super::rules::Verdict;

/// Where a change stands: its subject, the side of it, and the field's path.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    /// The endpoint, notification or shared type.
    pub subject: &'a Subject,
    /// The part of it, when there is one.
    pub side: Option<Side>,
    /// The field's path, for a field or a value.
    pub path: Option<&'a str>,
}

impl<'a> At<'a> {
    /// The same place, at `path`.
    pub fn path(self, path: &'a str) -> At<'a> {
        At {
            path: Some(path),
            ..self
        }
    }
}

/// The changes found so far, in the order found.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Every change recorded.
    pub changes: Vec<Change>,
}

impl Recorder {
    /// Records a change at `at`, with its old and new states in words and its verdict.
    pub fn record(
        &mut self,
        at: At<'_>,
        kind: Kind,
        (old, new): (Option<String>, Option<String>),
        verdict: Verdict,
    ) {
        self.changes.push(Change {
            subject: at.subject.clone(),
            side: at.side,
            path: at.path.map(str::to_owned),
            kind,
            old,
            new,
            breaking: verdict.bump == super::report::Bump::Major,
            bump: verdict.bump,
            reason: verdict.reason,
        });
    }
}
