//! A successful call: the typed body and what the caller may need to quote.

use std::ops::Deref;

/// A verified, decoded 2xx answer. It dereferences to the body, so `response.result` reads the
/// body's field; what the call itself knows is behind methods, which never shadow body fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<T> {
    data: T,
    http_status: u16,
    request_id: Option<String>,
    attempts: u32,
}

impl<T> Response<T> {
    /// Assembles a response (the client does; tests and mocks may too).
    pub fn new(data: T, http_status: u16, request_id: Option<String>, attempts: u32) -> Self {
        Self {
            data,
            http_status,
            request_id,
            attempts,
        }
    }

    /// The decoded body.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The decoded body, by value.
    pub fn into_inner(self) -> T {
        self.data
    }

    /// The HTTP status of the answer.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// The answer's `Request-ID`, to quote to WeChat Pay support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Attempts the call took, the successful one included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.data
    }
}
