//! Uploads (图片上传, `POST /v3/merchant/media/upload`) against a real local server that holds
//! the client to the protocol: it parses the multipart body by hand (strictly: one `meta` part,
//! then one `file` part), checks the `Authorization` signature over the `meta` bytes exactly as
//! they arrived, checks `sha256` against the file part, and answers a signed `media_id`.
//!
//! The request is a hand-written `Operation`, written as generated code writes one: the file
//! field with its `#[validate(file(...))]` rule, `file()`, and `body()` returning the `meta`.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::sync::{Arc, Mutex, PoisonError};

use aws_lc_rs::digest;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method as HttpMethod, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::client::Sleeper;
use wechatpay_runtime::protocol::ResponseSignatureHeaders;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::PublicKey;
use wechatpay_runtime::{
    Client, Error, FieldPath, Method, Operation, Rule, UploadFile, Validate, Violation,
};

use common::{
    InstantSleeper, MCHID, MERCHANT_SERIAL, NOW, PUBLIC_KEY_ID, Serving, merchant_key, serve,
    signed_by_merchant, wechatpay_key,
};

const MERCHANT_KEY: &str = include_str!("data/protocol/merchant_test_key.pem");
const WECHATPAY_PUBLIC_KEY: &str = include_str!("data/protocol/wechatpay_public_key_test.pem");
const PATH: &str = "/v3/merchant/media/upload";
const MEDIA_ID: &str =
    "H1ihR9JUtVj-J7CJqBUY5ZOrG_Je75H-rKhaAFHLnYZWXGalFaJ8nJ2HmdKz1ZnJ3sbJDF1zLjVbsYm6mRBC";

/// 图片上传, as generated code describes it; `RETRIED` makes it idempotent for the retry test.
#[derive(Debug, Clone, wechatpay_runtime::Validate)]
struct UploadImage<const RETRIED: bool = false> {
    #[validate(file(max_bytes = 2097152, content_types = "image/jpeg,image/bmp,image/png"))]
    file: UploadFile,
}

#[derive(Debug, serde::Deserialize)]
struct MediaId {
    media_id: String,
}

impl<const RETRIED: bool> Operation for UploadImage<RETRIED> {
    type Response = MediaId;
    type ErrorCode = ErrorCode;
    const METHOD: Method = Method::Post;
    const PATH_TEMPLATE: &'static str = PATH;
    const IDEMPOTENT: bool = RETRIED;
    const SIGNED_RESPONSE: bool = true;

    fn file(&self) -> Option<&UploadFile> {
        Some(&self.file)
    }

    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        serde_json::to_vec(&self.file.meta()).map(Some)
    }
}

fn upload(file: UploadFile) -> UploadImage {
    UploadImage { file }
}

/// An upload written by hand with no rules of its own, and a `meta` of the test's choosing:
/// what the client checks whatever the request says.
#[derive(Debug, Clone)]
struct BareUpload {
    file: UploadFile,
    meta: Option<Vec<u8>>,
}

impl Validate for BareUpload {
    fn validate_at(&self, _path: &FieldPath<'_>, _out: &mut Vec<Violation>) {}
}

impl Operation for BareUpload {
    type Response = MediaId;
    type ErrorCode = ErrorCode;
    const METHOD: Method = Method::Post;
    const PATH_TEMPLATE: &'static str = PATH;
    const IDEMPOTENT: bool = false;
    const SIGNED_RESPONSE: bool = true;

    fn file(&self) -> Option<&UploadFile> {
        Some(&self.file)
    }

    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        Ok(self.meta.clone())
    }
}

/// 2 MiB exactly (the limit), holding what could confuse a careless parser: CRLFs, dashes,
/// the start of the client's boundaries, and every byte value.
fn large_png() -> UploadFile {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let noise =
        b"\r\n--\r\n--wechatpay-rs-\r\n\r\nContent-Disposition: form-data; name=\"meta\"\r\n";
    let mut seed = 0x2545_f491_u32;
    while bytes.len() < 2 * 1024 * 1024 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        if seed.is_multiple_of(7) {
            bytes.extend_from_slice(noise);
        } else {
            bytes.extend_from_slice(&seed.to_le_bytes());
        }
    }
    bytes.truncate(2 * 1024 * 1024);
    UploadFile::new("logo.png", "image/png", bytes)
}

fn hex_sha256(bytes: &[u8]) -> String {
    digest::digest(&digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The server.

/// One part of a multipart body, as parsed here.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    /// Header lines, in order, split at the first `": "`.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        let (_, value) = found.next()?;
        // A header the sender did not write twice: a repeated one means an injection.
        found.next().is_none().then_some(value.as_str())
    }

    /// `Content-Disposition: form-data; name="…"[; filename="…"]`, as (name, filename). A quoted
    /// value ends at the next `"`: the sender escapes any in it.
    fn disposition(&self) -> Result<(String, Option<String>), String> {
        let value = self
            .header("Content-Disposition")
            .ok_or("no Content-Disposition")?;
        let mut rest = value.strip_prefix("form-data").ok_or("not form-data")?;
        let mut params = Vec::new();
        while !rest.is_empty() {
            let after = rest
                .strip_prefix("; ")
                .ok_or("parameters not separated by `; `")?;
            let (key, quoted) = after
                .split_once("=\"")
                .ok_or("a parameter is not key=\"…\"")?;
            let (value, next) = quoted.split_once('"').ok_or("an unclosed quote")?;
            params.push((key.to_owned(), value.to_owned()));
            rest = next;
        }
        let find = |key: &str| {
            params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let name = find("name").ok_or("no name")?;
        Ok((name, find("filename")))
    }
}

/// Parses `body` as RFC 2046 multipart with `boundary`: no preamble, no epilogue past the
/// closing delimiter's CRLF, every part with headers.
fn parse_multipart(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut rest = body
        .strip_prefix(format!("--{boundary}").as_bytes())
        .ok_or("the body does not start with the boundary")?;
    let mut parts = Vec::new();
    loop {
        if let Some(after) = rest.strip_prefix(b"--") {
            return match after {
                b"\r\n" | b"" => Ok(parts),
                _ => Err("bytes after the closing delimiter".to_owned()),
            };
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a boundary line not ended by CRLF")?;
        let end = find(rest, &delimiter).ok_or("a part without a closing delimiter")?;
        let (part, next) = rest.split_at(end);
        rest = &next[delimiter.len()..];
        let head_end = find(part, b"\r\n\r\n").ok_or("a part without a blank line")?;
        let head = std::str::from_utf8(&part[..head_end]).map_err(|e| e.to_string())?;
        let headers = head
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(": ").ok_or(format!("bad line {line:?}"))?;
                Ok((name.to_owned(), value.to_owned()))
            })
            .collect::<Result<_, String>>()?;
        parts.push(Part {
            headers,
            body: part[head_end + 4..].to_vec(),
        });
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An upload as the server accepted it.
#[derive(Debug, Clone)]
struct Received {
    /// The request's `Content-Type`.
    content_type: String,
    authorization: String,
    /// The whole multipart body.
    raw: Vec<u8>,
    meta: Part,
    file: Part,
}

impl Received {
    /// The raw body with its boundary replaced by `BOUNDARY`, to compare two calls' bodies.
    fn normalized(&self) -> Vec<u8> {
        let boundary = boundary_of(&self.content_type).unwrap();
        replace(&self.raw, boundary.as_bytes(), b"BOUNDARY")
    }
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = haystack;
    while let Some(at) = find(rest, from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

fn boundary_of(content_type: &str) -> Option<&str> {
    content_type.strip_prefix("multipart/form-data; boundary=")
}

type Handler = dyn Fn(usize) -> (u16, serde_json::Value) + Send + Sync;

struct ServerState {
    handler: Box<Handler>,
    /// Every request that reached the server, before any check.
    requests: Mutex<usize>,
    accepted: Mutex<Vec<Received>>,
    merchant: PublicKey,
}

struct Server {
    url: String,
    state: Arc<ServerState>,
    /// Stops the server when dropped.
    _serving: Serving,
}

impl Server {
    /// A server answering the `n`th accepted upload (from 0) with `handler(n)`.
    async fn start(
        handler: impl Fn(usize) -> (u16, serde_json::Value) + Send + Sync + 'static,
    ) -> Self {
        let state = Arc::new(ServerState {
            handler: Box::new(handler),
            requests: Mutex::new(0),
            accepted: Mutex::new(Vec::new()),
            merchant: merchant_key(),
        });
        // axum buffers 2 MiB by default: a file at the limit plus its part headers is more.
        let router = axum::Router::new()
            .fallback(handle)
            .layer(axum::extract::DefaultBodyLimit::max(8 << 20))
            .with_state(Arc::clone(&state));
        let serving = serve(router).await;
        Self {
            url: serving.url.clone(),
            state,
            _serving: serving,
        }
    }

    /// A server answering every upload with a signed `media_id`.
    async fn media() -> Self {
        Self::start(|_| (200, serde_json::json!({ "media_id": MEDIA_ID }))).await
    }

    fn requests(&self) -> usize {
        *self
            .state
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn accepted(&self) -> Vec<Received> {
        self.state
            .accepted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn client(&self) -> Client {
        Client::builder()
            .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
            .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
            .clock(Arc::new(ManualClock::new(NOW)))
            .sleeper(Arc::new(InstantSleeper::default()) as Arc<dyn Sleeper>)
            .base_url(&self.url)
            .build()
            .unwrap()
    }
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: HttpMethod,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    *state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner) += 1;
    match check(&state, &method, &uri, &headers, &body) {
        Ok(received) => {
            let index = {
                let mut accepted = state
                    .accepted
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                accepted.push(received);
                accepted.len() - 1
            };
            let (status, answer) = (state.handler)(index);
            signed(status, &answer)
        }
        Err((status, code, message)) => {
            let answer = serde_json::json!({ "code": code, "message": message });
            (StatusCode::from_u16(status).unwrap(), answer.to_string()).into_response()
        }
    }
}

type Refusal = (u16, &'static str, String);

/// What the service checks of an upload, each failure a refusal naming it.
fn check(
    state: &ServerState,
    method: &HttpMethod,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Received, Refusal> {
    let bad = |message: String| (400, "PARAM_ERROR", message);
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let content_type = header("Content-Type").unwrap_or_default().to_owned();
    let boundary =
        boundary_of(&content_type).ok_or_else(|| bad(format!("Content-Type {content_type}")))?;
    let parts = parse_multipart(body, boundary).map_err(bad)?;
    let [meta, file]: [Part; 2] = parts
        .try_into()
        .map_err(|parts: Vec<Part>| bad(format!("{} parts", parts.len())))?;
    if meta.disposition().map_err(bad)? != ("meta".to_owned(), None) {
        return Err(bad("the first part is not meta".to_owned()));
    }
    if meta.header("Content-Type") != Some("application/json") {
        return Err(bad("meta is not application/json".to_owned()));
    }
    let (name, filename) = file.disposition().map_err(bad)?;
    if name != "file" || filename.is_none() || file.header("Content-Type").is_none() {
        return Err(bad(
            "the second part is not a named file with a type".to_owned()
        ));
    }
    // The signature covers the meta part's bytes exactly as they arrived.
    let authorization = header("Authorization").unwrap_or_default().to_owned();
    let target = uri.path_and_query().map_or(PATH, |pq| pq.as_str());
    let signed = signed_by_merchant(
        Some(&authorization),
        method.as_str(),
        target,
        &meta.body,
        &state.merchant,
    );
    if !signed {
        return Err((401, "SIGN_ERROR", "not signed over meta".to_owned()));
    }
    let fields: serde_json::Value =
        serde_json::from_slice(&meta.body).map_err(|e| bad(e.to_string()))?;
    if fields["sha256"] != hex_sha256(&file.body) {
        return Err(bad("sha256 does not match the file".to_owned()));
    }
    Ok(Received {
        content_type,
        authorization,
        raw: body.to_vec(),
        meta,
        file,
    })
}

fn signed(status: u16, answer: &serde_json::Value) -> Response {
    let body = answer.to_string().into_bytes();
    let mut headers = HeaderMap::new();
    headers.insert("Content-Type", HeaderValue::from_static("application/json"));
    headers.insert("Request-ID", HeaderValue::from_static("REQ-UPLOAD"));
    let signature =
        ResponseSignatureHeaders::sign(&wechatpay_key(), PUBLIC_KEY_ID, NOW, &body).unwrap();
    for (name, value) in signature.pairs() {
        headers.insert(name, HeaderValue::from_str(value).unwrap());
    }
    (StatusCode::from_u16(status).unwrap(), headers, body).into_response()
}

fn violations<C: std::fmt::Debug>(error: Error<C>) -> Vec<Violation> {
    match error {
        Error::Validation(error) => error.into_violations(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[tokio::test]
async fn an_image_is_sent_as_multipart_signed_over_its_meta() {
    let server = Server::media().await;
    let request = upload(large_png());
    let response = server.client().execute(&request).await.unwrap();
    assert_eq!(response.media_id, MEDIA_ID);
    assert_eq!(response.request_id(), Some("REQ-UPLOAD"));

    let [received] = server.accepted().try_into().unwrap();
    // The meta part is `body()` byte for byte: the bytes that were signed.
    assert_eq!(received.meta.body, request.body().unwrap().unwrap());
    let meta: serde_json::Value = serde_json::from_slice(&received.meta.body).unwrap();
    assert_eq!(
        meta,
        serde_json::json!({ "filename": "logo.png", "sha256": hex_sha256(request.file.bytes()) })
    );
    assert_eq!(received.file.body, request.file.bytes());
    assert_eq!(
        received.file.headers,
        [
            (
                "Content-Disposition".to_owned(),
                "form-data; name=\"file\"; filename=\"logo.png\"".to_owned()
            ),
            ("Content-Type".to_owned(), "image/png".to_owned()),
        ]
    );
    // The boundary occurs nowhere but where it delimits: three times.
    let boundary = boundary_of(&received.content_type).unwrap();
    assert_eq!(
        received
            .raw
            .windows(boundary.len())
            .filter(|w| *w == boundary.as_bytes())
            .count(),
        3
    );
}

#[tokio::test]
async fn a_file_over_the_limit_or_of_another_type_is_refused_before_sending() {
    let server = Server::media().await;
    let client = server.client();

    let mut bytes = large_png().into_bytes();
    bytes.push(0);
    let error = client
        .execute(&upload(UploadFile::new("big.png", "image/png", bytes)))
        .await;
    let out = violations(error.unwrap_err());
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].rule,
        Rule::FileTooLarge {
            max_bytes: 2_097_152,
            actual: 2_097_153
        }
    );

    let gif = UploadFile::new("logo.gif", "image/gif", b"GIF89a".to_vec());
    let error = client.execute(&upload(gif.clone())).await.unwrap_err();
    assert_eq!(error.to_string(), "invalid request, not sent");
    let out = violations(error);
    assert_eq!(
        out[0].to_string(),
        r#"file: must have one of the content types image/jpeg,image/bmp,image/png (found "image/gif") in file "logo.gif""#
    );
    // `sign_request` validates first too.
    assert!(matches!(
        client.sign_request(&upload(gif)),
        Err(Error::Validation(_))
    ));

    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn an_empty_file_or_name_or_a_broken_content_type_is_refused_whatever_the_request_says() {
    let server = Server::media().await;
    let client = server.client();
    let bare = |file: UploadFile| BareUpload {
        meta: Some(serde_json::to_vec(&file.meta()).unwrap()),
        file,
    };

    let out = violations(
        client
            .execute(&bare(UploadFile::new("", "image/png", Vec::new())))
            .await
            .unwrap_err(),
    );
    let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "file.filename: is required but empty",
            r#"file: must not be an empty file in file """#,
        ]
    );

    // A content type that would end its header line and add one never reaches the wire.
    let injected = UploadFile::new("a.png", "image/png\r\nX-Injected: 1", b"x".to_vec());
    let out = violations(client.execute(&bare(injected)).await.unwrap_err());
    assert!(matches!(
        &out[0].rule,
        Rule::ContentType { allowed: None, .. }
    ));

    // The derived rules report the same at the field, before the client's own check.
    let out = violations(
        client
            .execute(&upload(UploadFile::new("a.png", "image/png", Vec::new())))
            .await
            .unwrap_err(),
    );
    assert_eq!(out[0].rule, Rule::EmptyFile);

    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn an_upload_without_meta_is_not_sent() {
    let server = Server::media().await;
    let request = BareUpload {
        file: UploadFile::new("a.png", "image/png", b"x".to_vec()),
        meta: None,
    };
    let error = server.client().execute(&request).await.unwrap_err();
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert_eq!(error.to_string(), "cannot encode the request body");
    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn a_filename_with_a_quote_or_a_newline_cannot_add_a_header_or_a_part() {
    let server = Server::media().await;
    let filename = "a\"b\r\nContent-Type: text/html\r\n\r\n<script>.png";
    let request = upload(UploadFile::new(filename, "image/png", b"\x89PNG".to_vec()));
    let response = server.client().execute(&request).await.unwrap();
    assert_eq!(response.media_id, MEDIA_ID);

    let [received] = server.accepted().try_into().unwrap();
    assert_eq!(
        received.file.disposition().unwrap(),
        (
            "file".to_owned(),
            Some("a%22b%0D%0AContent-Type: text/html%0D%0A%0D%0A<script>.png".to_owned())
        )
    );
    assert_eq!(received.file.header("Content-Type"), Some("image/png"));
    assert_eq!(received.file.headers.len(), 2);
    // meta keeps the name as given, JSON-escaped.
    let meta: serde_json::Value = serde_json::from_slice(&received.meta.body).unwrap();
    assert_eq!(meta["filename"], filename);
}

#[tokio::test]
async fn sign_request_yields_the_body_execute_sends_and_another_stack_can_send_it() {
    let server = Server::media().await;
    let client = server.client();
    let request = upload(UploadFile::new(
        "营业执照.jpg",
        "image/jpeg",
        b"\xff\xd8\xff\xe0JFIF".to_vec(),
    ));

    client.execute(&request).await.unwrap();
    let signed = client.sign_request(&request).unwrap();
    let content_type = signed.content_type().unwrap().to_owned();
    let boundary = boundary_of(&content_type).unwrap();
    let body = signed.body.clone().unwrap();
    let [meta, file]: [Part; 2] = parse_multipart(&body, boundary)
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(meta.body, request.body().unwrap().unwrap());
    assert_eq!(file.body, request.file.bytes());
    assert_eq!(
        format!("{signed:?}")
            .matches("bytes of multipart/form-data")
            .count(),
        1,
        "Debug shows an upload's body by its length"
    );

    // Sent as it is by another HTTP stack (reqwest by hand here), it is accepted, and the answer
    // reads as any other.
    let http = reqwest::Client::new();
    let mut builder = http.post(&signed.url);
    for (name, value) in &signed.headers {
        builder = builder.header(*name, value);
    }
    let answer = builder.body(body).send().await.unwrap();
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let answer_body = answer.bytes().await.unwrap();
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let response = client
        .read_response::<UploadImage>(status, header, &answer_body)
        .unwrap();
    assert_eq!(response.media_id, MEDIA_ID);

    // Both calls sent the same body but for the boundary.
    let [by_execute, by_hand] = server.accepted().try_into().unwrap();
    assert_eq!(by_execute.normalized(), by_hand.normalized());
    assert_eq!(by_hand.raw, signed.body.unwrap());
    assert_eq!(by_hand.authorization, signed.headers[0].1);
}

#[tokio::test]
async fn a_retry_resends_the_same_bytes_signed_afresh() {
    let server = Server::start(|index| match index {
        0 => (
            500,
            serde_json::json!({ "code": "SYSTEM_ERROR", "message": "busy" }),
        ),
        _ => (200, serde_json::json!({ "media_id": MEDIA_ID })),
    })
    .await;
    let request = UploadImage::<true> { file: large_png() };
    let response = server.client().execute(&request).await.unwrap();
    assert_eq!(response.media_id, MEDIA_ID);
    assert_eq!(response.attempts(), 2);

    let [first, second] = server.accepted().try_into().unwrap();
    assert_eq!(first.content_type, second.content_type);
    assert_eq!(first.raw, second.raw);
    assert_ne!(first.authorization, second.authorization);
}

/// The server's check is the service's: a `meta` changed after signing is refused, so the
/// uploads above were accepted for their signature over `meta`, not in spite of it.
#[tokio::test]
async fn a_meta_changed_after_signing_is_refused_by_the_server() {
    let server = Server::media().await;
    let signed = server
        .client()
        .sign_request(&upload(UploadFile::new(
            "logo.png",
            "image/png",
            b"x".to_vec(),
        )))
        .unwrap();
    let body = replace(
        signed.body.as_deref().unwrap(),
        br#"{"filename":"logo.png""#,
        br#"{"filename":"logo.PNG""#,
    );
    let mut builder = reqwest::Client::new().post(&signed.url);
    for (name, value) in &signed.headers {
        builder = builder.header(*name, value);
    }
    let answer = builder.body(body).send().await.unwrap();
    assert_eq!(answer.status(), 401);
    assert!(server.accepted().is_empty());
    assert_eq!(server.requests(), 1);
}
