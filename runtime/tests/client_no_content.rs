//! Endpoints that answer without a body (204 No Content, 202 Accepted, 200 with nothing), with
//! a hand-made `Operation` for `POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close`:
//! acknowledged with the status and `Request-ID`, still verified when signed, and any body
//! refused as an error, through `execute` against a local server and through `read_response`.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::borrow::Cow;
use std::time::Duration;

use base64::Engine as _;

use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::protocol::ResponseSignatureHeaders;
use wechatpay_runtime::protocol::message::response_message;
use wechatpay_runtime::protocol::verify::VerificationError;
use wechatpay_runtime::{
    Call, Error, FieldPath, Method, NoContent, Operation, ResponseBody, Validate, Violation,
};

use common::{Answer, NOW, PUBLIC_KEY_ID, Server, Signing, client_of, offline_client};

/// 关闭订单: the request as generated code would describe it.
#[derive(Debug, Clone)]
struct CloseOrder {
    out_trade_no: String,
    mchid: String,
}

fn close_order() -> CloseOrder {
    CloseOrder {
        out_trade_no: "1217752501201407033233368018".to_owned(),
        mchid: "1230000109".to_owned(),
    }
}

impl Validate for CloseOrder {
    fn validate_at(&self, _path: &FieldPath<'_>, _out: &mut Vec<Violation>) {}
}

impl Operation for CloseOrder {
    type Response = NoContent;
    type ErrorCode = ErrorCode;
    const METHOD: Method = Method::Post;
    const PATH_TEMPLATE: &'static str = "/v3/pay/transactions/out-trade-no/{out_trade_no}/close";
    const IDEMPOTENT: bool = false;
    const SIGNED_RESPONSE: bool = true;
    const RESPONSE_BODY: ResponseBody = ResponseBody::Empty;

    fn path(&self) -> Cow<'static, str> {
        format!(
            "/v3/pay/transactions/out-trade-no/{}/close",
            self.out_trade_no
        )
        .into()
    }

    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        serde_json::to_vec(&serde_json::json!({ "mchid": self.mchid })).map(Some)
    }
}

/// The same endpoint misdescribed: no body declared, yet a response type that wants one.
#[derive(Debug, Clone)]
struct Misdescribed;

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // Never built: decoding it fails, which is the point.
struct WantsData {
    id: String,
}

impl Validate for Misdescribed {
    fn validate_at(&self, _path: &FieldPath<'_>, _out: &mut Vec<Violation>) {}
}

impl Operation for Misdescribed {
    type Response = WantsData;
    type ErrorCode = ErrorCode;
    const METHOD: Method = Method::Post;
    const PATH_TEMPLATE: &'static str = "/v3/misdescribed";
    const IDEMPOTENT: bool = false;
    const SIGNED_RESPONSE: bool = true;
    const RESPONSE_BODY: ResponseBody = ResponseBody::Empty;
}

#[tokio::test]
async fn a_signed_204_is_a_typed_acknowledgement() {
    let server = Server::start(|_| Answer::empty(204)).await;
    let (client, _) = client_of(&server);
    let response = client.execute(&close_order()).await.unwrap();
    assert_eq!(*response.data(), NoContent);
    assert_eq!(response.http_status(), 204);
    assert_eq!(response.request_id(), Some("REQ-0"));
    assert_eq!(response.attempts(), 1);

    let [request] = server.received().try_into().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        "/v3/pay/transactions/out-trade-no/1217752501201407033233368018/close"
    );
    assert_eq!(request.body, br#"{"mchid":"1230000109"}"#);
}

/// What generated client methods return: a future that is `Send` and `Unpin`, sends nothing
/// until polled, and gives what `execute` gives.
#[tokio::test]
async fn a_call_sends_once_awaited_and_answers_as_execute() {
    fn send_and_unpin<T: std::future::Future + Send + Unpin>(_: &T) {}
    let server = Server::start(|_| Answer::empty(204)).await;
    let (client, _) = client_of(&server);
    let request = close_order();
    let call = Call::new(&client, &request);
    send_and_unpin(&call);
    assert_eq!(
        format!("{call:?}"),
        r#"Call { endpoint: "/v3/pay/transactions/out-trade-no/{out_trade_no}/close", .. }"#
    );
    // Long enough for a call started eagerly to reach the local server.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(server.received().is_empty(), "sent before it was awaited");
    let response = call.await.unwrap();
    assert_eq!(
        (response.http_status(), response.into_inner()),
        (204, NoContent)
    );
    assert_eq!(server.received().len(), 1);

    // Dropped without being awaited: nothing is sent.
    drop(Call::new(&client, &request));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_202_and_an_empty_200_are_acknowledgements_too() {
    for status in [202, 200] {
        let server = Server::start(move |_| Answer::empty(status)).await;
        let (client, _) = client_of(&server);
        let response = client.execute(&close_order()).await.unwrap();
        assert_eq!(response.http_status(), status);
        assert_eq!(response.into_inner(), NoContent);
    }
}

/// A forged, missing or misplaced signature on an empty answer is refused, never retried.
#[tokio::test]
async fn a_204_with_a_bad_or_missing_signature_is_rejected() {
    type Expect = fn(&VerificationError) -> bool;
    let cases: [(Signing, Expect); 3] = [
        (Signing::OtherKey, |e| {
            matches!(e, VerificationError::BadSignature)
        }),
        (Signing::Unsigned, |e| {
            matches!(e, VerificationError::MissingHeader(_))
        }),
        // Signed over a body, sent without one: the signature does not cover what arrived.
        (Signing::OverBody(b"{}".to_vec()), |e| {
            matches!(e, VerificationError::BadSignature)
        }),
    ];
    for (signing, expected) in cases {
        let answer = Answer::empty(204).signing(signing.clone());
        let server = Server::start(move |_| answer.clone()).await;
        let (client, sleeper) = client_of(&server);
        let error = client.execute(&close_order()).await.unwrap_err();
        match &error {
            Error::Verification {
                error,
                status,
                request_id,
            } => {
                assert!(expected(error), "{signing:?}: {error:?}");
                assert_eq!(*status, 204);
                assert_eq!(request_id.as_deref(), Some("REQ-0"));
            }
            other => panic!("{signing:?}: expected a verification error, got {other:?}"),
        }
        assert_eq!(server.received().len(), 1, "{signing:?}: not retried");
        assert!(sleeper.slept().is_empty());
    }
}

#[tokio::test]
async fn a_body_where_none_is_documented_is_a_typed_error() {
    let server =
        Server::start(|_| Answer::json(200, &serde_json::json!({ "status": "CLOSED" }))).await;
    let (client, _) = client_of(&server);
    let error = client.execute(&close_order()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::UnexpectedBody {
                len: 19,
                status: 200,
                ref request_id
            } if request_id.as_deref() == Some("REQ-0")
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "expected no response body, got 19 bytes (HTTP 200, Request-ID REQ-0)"
    );
    assert_eq!(error.request_id(), Some("REQ-0"));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn an_error_answer_is_an_api_error_as_for_any_endpoint() {
    let server = Server::start(|_| {
        Answer::json(
            400,
            &serde_json::json!({ "code": "ORDER_CLOSED", "message": "订单已关闭" }),
        )
        .signing(Signing::Unsigned)
    })
    .await;
    let (client, _) = client_of(&server);
    let error = client.execute(&close_order()).await.unwrap_err();
    let api = error.api().unwrap();
    assert_eq!(api.status, 400);
    assert_eq!(api.code_str(), Some("ORDER_CLOSED"));
}

/// An empty answer, signed by the service's side of the protocol and read by `read_response`.
fn read(
    status: u16,
    headers: &ResponseSignatureHeaders,
    body: &[u8],
) -> Result<wechatpay_runtime::Response<NoContent>, Error<ErrorCode>> {
    offline_client().read_response::<CloseOrder>(
        status,
        |name| {
            if name.eq_ignore_ascii_case("Request-ID") {
                Some("08F7E0B2A4C00600-204")
            } else {
                headers.get(name)
            }
        },
        body,
    )
}

#[test]
fn read_response_verifies_an_empty_answer_over_timestamp_nonce_and_an_empty_line() {
    // The message of an empty answer is exactly `TIMESTAMP\nNONCE\n\n`: signed here by hand,
    // without the protocol's message builder, so that `verify_body(&[])` is held to it.
    let nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS";
    let message = format!("{NOW}\n{nonce}\n\n");
    assert_eq!(
        response_message(&NOW.to_string(), nonce, b""),
        message.as_bytes()
    );
    let signature = common::wechatpay_key()
        .sign_sha256(message.as_bytes())
        .unwrap();
    let mut headers = ResponseSignatureHeaders::sign_with_nonce(
        &common::wechatpay_key(),
        PUBLIC_KEY_ID,
        NOW,
        nonce,
        b"",
    )
    .unwrap();
    assert_eq!(
        headers.signature,
        base64::engine::general_purpose::STANDARD.encode(&signature)
    );
    let response = read(204, &headers, b"").unwrap();
    assert_eq!(response.http_status(), 204);
    assert_eq!(response.request_id(), Some("08F7E0B2A4C00600-204"));
    assert_eq!(response.attempts(), 1);

    // The same signature does not cover a message with a body line that is not empty.
    let error = read(204, &headers, b" ").unwrap_err();
    assert!(matches!(
        error,
        Error::Verification {
            error: VerificationError::BadSignature,
            ..
        }
    ));

    // A forgery, and no signature at all.
    headers =
        ResponseSignatureHeaders::sign(&common::other_key(), PUBLIC_KEY_ID, NOW, b"").unwrap();
    let error = read(204, &headers, b"").unwrap_err();
    assert!(matches!(
        error,
        Error::Verification {
            error: VerificationError::BadSignature,
            status: 204,
            ..
        }
    ));
    let unsigned = offline_client()
        .read_response::<CloseOrder>(204, |_| None, b"")
        .unwrap_err();
    assert!(matches!(
        unsigned,
        Error::Verification {
            error: VerificationError::MissingHeader(_),
            ..
        }
    ));
}

#[test]
fn read_response_refuses_a_signed_body_where_none_is_documented() {
    let body = br#"{"status":"CLOSED"}"#;
    let headers =
        ResponseSignatureHeaders::sign(&common::wechatpay_key(), PUBLIC_KEY_ID, NOW, body).unwrap();
    // Over HTTP a 204 cannot carry a body; handed to `read_response`, it is refused the same.
    for status in [200, 204] {
        let error = read(status, &headers, body).unwrap_err();
        assert!(
            matches!(error, Error::UnexpectedBody { len: 19, status: s, .. } if s == status),
            "{error:?}"
        );
        assert_eq!(error.request_id(), Some("08F7E0B2A4C00600-204"));
    }
}

#[test]
fn a_response_type_that_wants_data_is_a_decode_error_not_a_panic() {
    let headers =
        ResponseSignatureHeaders::sign(&common::wechatpay_key(), PUBLIC_KEY_ID, NOW, b"").unwrap();
    let error = offline_client()
        .read_response::<Misdescribed>(204, |name| headers.get(name), b"")
        .unwrap_err();
    match error {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, ".");
            assert!(
                message.starts_with("an answer without a body: "),
                "{message}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn no_content_is_a_serde_unit() {
    assert_eq!(serde_json::to_string(&NoContent).unwrap(), "null");
    assert_eq!(
        serde_json::from_str::<NoContent>("null").unwrap(),
        NoContent
    );
    assert_eq!(
        <CloseOrder as Operation>::RESPONSE_BODY,
        ResponseBody::Empty
    );
    // Existing operations keep the JSON default.
    assert_eq!(
        <wechatpay_apiv3::ecommerce::profitsharing::QueryReturnOrderRequest as Operation>::RESPONSE_BODY,
        ResponseBody::Json
    );
}
