//! The input surfaces that hostile-input tests attack, one module each. A surface says how to
//! make inputs for it (a proptest strategy, and a reading of raw bytes for the fuzz targets) and
//! what a correct answer to any input is (`check`, which returns the property broken, if one
//! is). The property tests (`tests/tests/properties.rs`) and the fuzz targets (`fuzz/`) both
//! run `check`, so a surface added here is attacked by both.
//!
//! A new surface (an upload, a notification, the page importer) is a new module here with the
//! same three parts, and one line in each of the two runners.

pub mod client_response;
pub mod mock_request;
pub mod spec_loader;

/// Header pairs with owned names.
fn owned(headers: Vec<(&str, String)>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

/// A small, deterministic byte reader for the fuzz targets: turns fuzzer bytes into choices.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// Reads from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// The next byte, or 0 when none is left.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        let high = usize::from(self.byte());
        let low = usize::from(self.byte());
        ((high << 8) | low) % bound
    }

    /// The next `len` bytes at most.
    pub fn take(&mut self, len: usize) -> &'a [u8] {
        let (taken, rest) = self.data.split_at(len.min(self.data.len()));
        self.data = rest;
        taken
    }

    /// A length-prefixed piece (the prefix is one byte).
    pub fn piece(&mut self) -> &'a [u8] {
        let len = usize::from(self.byte());
        self.take(len)
    }

    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        self.take(self.data.len())
    }
}
