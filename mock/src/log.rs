//! The requests a mock received, most recent first out: what tests read back.

use std::collections::VecDeque;

use axum::http::HeaderMap;

/// A request as the mock received it, with the status it answered.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    /// `METHOD /path/template` of the route, or the method and raw target for an unknown route.
    pub route: String,
    /// Path and query as received.
    pub target: String,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The status answered.
    pub status: u16,
}

impl ReceivedRequest {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The headers as text (lossy where they are not UTF-8).
pub(crate) fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// The most recent requests, up to a limit, so a mock under load keeps a bounded memory.
pub(crate) struct RequestLog {
    entries: VecDeque<ReceivedRequest>,
    limit: usize,
    total: u64,
}

impl RequestLog {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            limit,
            total: 0,
        }
    }

    /// Counts a request and keeps it, dropping the oldest past the limit; with a limit of 0 the
    /// entry is not even built.
    pub(crate) fn record(&mut self, entry: impl FnOnce() -> ReceivedRequest) {
        self.total += 1;
        if self.limit == 0 {
            return;
        }
        if self.entries.len() == self.limit {
            self.entries.pop_front();
        }
        self.entries.push_back(entry());
    }

    /// The requests kept, oldest first.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &ReceivedRequest> {
        self.entries.iter()
    }

    /// How many requests were counted, kept or not.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }
}
