//! The requests a mock received: what tests read back. Bounded by count and by bytes, so that a
//! mock under load, or under attack, keeps a bounded memory.

use std::collections::VecDeque;

use axum::http::HeaderMap;

/// A request as the mock received it, with the status it answered.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    /// `METHOD /path/template` of the route, or the method and raw target for an unknown route.
    pub route: String,
    /// Path and query as received.
    pub target: String,
    /// The headers, in order; empty for a request the mock refused before authenticating it.
    pub headers: Vec<(String, String)>,
    /// The body, up to the log's per-body limit; empty for a request refused before
    /// authenticating it.
    pub body: Vec<u8>,
    /// The body's full length, in bytes, as far as it was read.
    pub body_len: usize,
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

    /// What the entry holds, in bytes: how it counts against the log's byte bound.
    fn size(&self) -> usize {
        self.route.len()
            + self.target.len()
            + self.body.len()
            + self
                .headers
                .iter()
                .map(|(name, value)| name.len() + value.len())
                .sum::<usize>()
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

/// The most recent requests, within a count and a byte bound.
pub(crate) struct RequestLog {
    entries: VecDeque<ReceivedRequest>,
    limit: usize,
    max_bytes: usize,
    body_bytes: usize,
    bytes: usize,
    total: u64,
}

impl RequestLog {
    /// A log keeping at most `limit` requests, `max_bytes` in all, `body_bytes` of each body.
    pub(crate) fn new(limit: usize, max_bytes: usize, body_bytes: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            limit,
            max_bytes,
            body_bytes,
            bytes: 0,
            total: 0,
        }
    }

    /// Counts a request and keeps it, its body cut to the per-body limit, dropping the oldest
    /// past either bound; with a limit of 0 the entry is not even built. An entry larger than
    /// the byte bound on its own is counted, not kept.
    pub(crate) fn record(&mut self, entry: impl FnOnce() -> ReceivedRequest) {
        self.total += 1;
        if self.limit == 0 {
            return;
        }
        let mut entry = entry();
        entry.body.truncate(self.body_bytes);
        entry.body.shrink_to_fit();
        let size = entry.size();
        if size > self.max_bytes {
            return;
        }
        while self.entries.len() >= self.limit || self.bytes + size > self.max_bytes {
            match self.entries.pop_front() {
                Some(old) => self.bytes -= old.size(),
                None => break,
            }
        }
        self.bytes += size;
        self.entries.push_back(entry);
    }

    /// The requests kept, oldest first.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &ReceivedRequest> {
        self.entries.iter()
    }

    /// How many requests were counted, kept or not.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// The bytes the kept requests take.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body: usize) -> ReceivedRequest {
        ReceivedRequest {
            route: "GET /r".into(),
            target: "/r".into(),
            headers: vec![("h".into(), "v".into())],
            body: vec![b'x'; body],
            body_len: body,
            status: 200,
        }
    }

    #[test]
    fn bodies_are_cut_and_the_byte_bound_drops_the_oldest() {
        let mut log = RequestLog::new(100, 300, 64);
        for _ in 0..10 {
            log.record(|| entry(1 << 20));
        }
        assert_eq!(log.total(), 10);
        let kept: Vec<&ReceivedRequest> = log.entries().collect();
        // Each entry is 6 + 2 + 64 + 2 = 74 bytes: four fit in 300.
        assert_eq!(kept.len(), 4);
        assert!(
            kept.iter()
                .all(|e| e.body.len() == 64 && e.body_len == 1 << 20)
        );
        assert!(log.bytes() <= 300);
    }

    #[test]
    fn the_count_bound_holds_too() {
        let mut log = RequestLog::new(2, usize::MAX, 64);
        for _ in 0..5 {
            log.record(|| entry(1));
        }
        assert_eq!(log.entries().count(), 2);
        assert_eq!(log.total(), 5);
    }
}
