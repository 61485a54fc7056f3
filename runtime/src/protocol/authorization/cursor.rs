//! A byte cursor over an `Authorization` header value.

use super::AuthorizationError;

/// A position in the header value; every byte it steps over is ASCII it has checked.
pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor over `text`, starting at byte `at` (a character boundary).
    pub(super) fn new(text: &'a str, at: usize) -> Self {
        Self {
            bytes: text.as_bytes(),
            at,
        }
    }

    /// The byte offset reached.
    pub(super) fn at(&self) -> usize {
        self.at
    }

    pub(super) fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    pub(super) fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    pub(super) fn consume(
        &mut self,
        wanted: u8,
        expected: &'static str,
    ) -> Result<(), AuthorizationError> {
        if self.peek() == Some(wanted) {
            self.at += 1;
            Ok(())
        } else {
            Err(AuthorizationError::Malformed {
                at: self.at,
                expected,
            })
        }
    }

    /// The run of ASCII bytes from here that `accept` admits. Being ASCII, the run is valid
    /// UTF-8 on its own.
    pub(super) fn take_while(&mut self, accept: impl Fn(u8) -> bool) -> &'a str {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|byte| byte.is_ascii() && accept(byte))
        {
            self.at += 1;
        }
        // Every byte taken is ASCII, so this never falls back.
        std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default()
    }
}
