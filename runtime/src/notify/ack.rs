//! The answers WeChat Pay expects to a notification, as plain data for any framework.

use serde::Serialize;

/// The answer to one notification: a status and the body bytes, to send as they are (with
/// [`Acknowledgement::content_type`] when there is a body).
///
/// Success is 204 with no body; a failure is a 4xx or 5xx status with
/// `{"code": "FAIL", "message": …}`, after which WeChat Pay delivers the notification again
/// later (see the [module documentation](super)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Acknowledgement {
    /// The HTTP status.
    pub status: u16,
    /// The body: empty for success, the `FAIL` JSON for a failure.
    pub body: Vec<u8>,
}

/// The failure body, as documented.
#[derive(Serialize)]
struct Fail<'a> {
    code: &'static str,
    message: &'a str,
}

impl Acknowledgement {
    /// The notification was received and handled: 204, no body (WeChat Pay takes 200 or 204).
    pub fn success() -> Self {
        Self {
            status: 204,
            body: Vec::new(),
        }
    }

    /// The notification was not handled: `status`, which should be 4xx or 5xx (any other is
    /// answered as 500, since a 2xx would tell WeChat Pay it was handled), and
    /// `{"code": "FAIL", "message": message}`. WeChat Pay delivers the notification again
    /// later. The message is sent to whoever sent the request: keep details for the log.
    pub fn failure(status: u16, message: &str) -> Self {
        let status = if (400..=599).contains(&status) {
            status
        } else {
            500
        };
        let fail = Fail {
            code: "FAIL",
            message,
        };
        // Two strings cannot fail to serialize; the fallback only keeps this total.
        let body = serde_json::to_vec(&fail)
            .unwrap_or_else(|_| br#"{"code":"FAIL","message":""}"#.to_vec());
        Self { status, body }
    }

    /// Whether this tells WeChat Pay the notification was handled.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The `Content-Type` to send with the body: `application/json` for a failure, none for
    /// success, which has no body.
    pub fn content_type(&self) -> Option<&'static str> {
        (!self.body.is_empty()).then_some("application/json")
    }
}

#[cfg(feature = "axum")]
impl ::axum::response::IntoResponse for Acknowledgement {
    fn into_response(self) -> ::axum::response::Response {
        let status = ::axum::http::StatusCode::from_u16(self.status)
            .unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        match self.content_type() {
            Some(content_type) => (
                status,
                [(::axum::http::header::CONTENT_TYPE, content_type)],
                self.body,
            )
                .into_response(),
            None => status.into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_is_204_without_a_body() {
        let ack = Acknowledgement::success();
        assert_eq!((ack.status, ack.body.as_slice()), (204, &b""[..]));
        assert!(ack.is_success());
        assert_eq!(ack.content_type(), None);
    }

    #[test]
    fn failure_is_the_documented_json() {
        let ack = Acknowledgement::failure(503, "稍后再试 \"now\"");
        assert_eq!(ack.status, 503);
        assert!(!ack.is_success());
        assert_eq!(ack.content_type(), Some("application/json"));
        let body: serde_json::Value = serde_json::from_slice(&ack.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"code": "FAIL", "message": "稍后再试 \"now\""})
        );
    }

    #[test]
    fn a_failure_never_says_success() {
        for status in [0, 200, 204, 302, 600, 999] {
            assert_eq!(Acknowledgement::failure(status, "x").status, 500);
        }
        assert_eq!(Acknowledgement::failure(400, "x").status, 400);
        assert_eq!(Acknowledgement::failure(599, "x").status, 599);
    }
}
