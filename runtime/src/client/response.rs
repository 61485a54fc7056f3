//! A successful call: the typed body and what the caller may need to quote.

use std::ops::Deref;

/// A verified, decoded 2xx answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub data: T,
    /// HTTP status.
    pub status: u16,
    /// The answer's `Request-ID`, to quote to WeChat Pay support.
    pub request_id: Option<String>,
    /// Attempts it took, the successful one included.
    pub attempts: u32,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.data
    }

    /// The answer's `Request-ID`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.data
    }
}
