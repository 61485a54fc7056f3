//! Downloads of bills behind a ticket (`Client::download_to_path`, `download_to_writer`) against
//! a real local HTTP server. The server checks that every file `GET` is signed over the URL's
//! path and query with an empty body. It answers the file unsigned, as WeChat Pay does, whole,
//! gzip-compressed, cut short, stalled or as an APIv3 error.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aws_lc_rs::digest::{SHA1_FOR_LEGACY_USE_ONLY, digest};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::StreamExt as _;
use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::client::{DownloadError, DownloadRequest, Downloaded, Sleeper};
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::PublicKey;
use wechatpay_runtime::{Client, ClientBuilder, Error, RetryPolicy};

use common::{
    InstantSleeper, MCHID, MERCHANT_SERIAL, NOW, PUBLIC_KEY_ID, Serving, merchant_key, serve,
    signed_by_merchant,
};

const MERCHANT_KEY: &str = include_str!("data/protocol/merchant_test_key.pem");
const WECHATPAY_PUBLIC_KEY: &str = include_str!("data/protocol/wechatpay_public_key_test.pem");

/// The file path of every ticket, with its token.
const FILE_TARGET: &str = "/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2";

/// A trade bill as WeChat Pay writes one (CSV, backquoted values), `rows` rows long.
fn bill(rows: usize) -> Vec<u8> {
    let mut bill =
        "交易时间,公众账号ID,商户号,微信订单号,商户订单号,交易状态,应结订单金额\n".to_owned();
    for row in 0..rows {
        bill.push_str(&format!(
            "`2025-11-20 10:{:02}:{:02},`wx8888888888888888,`1900000109,`42000000{row:020},`P{row:012},`SUCCESS,`{}.{:02}\n",
            row / 60 % 60,
            row % 60,
            row % 997,
            row % 100,
        ));
    }
    bill.into_bytes()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn sha1_hex(bytes: &[u8]) -> String {
    digest(&SHA1_FOR_LEGACY_USE_ONLY, bytes)
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// One request as the server received it, its signature already checked.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    /// Path and query, as signed.
    target: String,
    body: Vec<u8>,
    accept: Option<String>,
}

/// How the server sends a file.
#[derive(Debug, Clone)]
enum Answer {
    /// Status 200, the whole body, with its `Content-Length`.
    File(Vec<u8>),
    /// Status 200 and chunked: the body in pieces of `chunk` bytes, with no `Content-Length`.
    Chunked { body: Vec<u8>, chunk: usize },
    /// Status 200, a `Content-Length` of `declared` and only `sent`, then the connection closes.
    Cut { declared: usize, sent: Vec<u8> },
    /// Status 200 and chunked: `sent`, then the connection breaks.
    Broken(Vec<u8>),
    /// Status 200: `sent`, then nothing more, ever.
    Stalled(Vec<u8>),
    /// An APIv3 error answer.
    Error(u16, serde_json::Value),
}

type Handler = dyn Fn(usize) -> Answer + Send + Sync;

struct ServerState {
    /// The answer to request number N (from 0).
    handler: Box<Handler>,
    received: Mutex<Vec<Received>>,
    merchant: PublicKey,
}

/// A file server on 127.0.0.1, until dropped.
struct FileServer {
    url: String,
    state: Arc<ServerState>,
    /// Stops the server when dropped.
    _serving: Serving,
}

impl FileServer {
    async fn start(handler: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Self {
        let state = Arc::new(ServerState {
            handler: Box::new(handler),
            received: Mutex::new(Vec::new()),
            merchant: merchant_key(),
        });
        let router = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        let serving = serve(router).await;
        Self {
            url: serving.url.clone(),
            state,
            _serving: serving,
        }
    }

    /// The same answer to every request.
    async fn always(answer: Answer) -> Self {
        Self::start(move |_| answer.clone()).await
    }

    fn received(&self) -> Vec<Received> {
        self.state
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The ticket's `download_url`.
    fn file_url(&self) -> String {
        format!("{}{FILE_TARGET}", self.url)
    }
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
    // Signed exactly as sent: the method, the path and query, and the (empty) body.
    let authorization = headers.get("Authorization").and_then(|v| v.to_str().ok());
    let signed = signed_by_merchant(
        authorization,
        method.as_str(),
        &target,
        &body,
        &state.merchant,
    );
    if !signed {
        return (StatusCode::UNAUTHORIZED, r#"{"code":"SIGN_ERROR"}"#).into_response();
    }
    let index = {
        let mut log = state
            .received
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        log.push(Received {
            method: method.as_str().to_owned(),
            target,
            body: body.to_vec(),
            accept: headers
                .get("Accept")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
        });
        log.len() - 1
    };
    respond((state.handler)(index), index)
}

type Chunk = Result<Bytes, std::io::Error>;

/// `last`, a moment later: the part before has reached the client by then. (hyper ends a body
/// that fails at once before sending its headers, which would test another failure.)
fn later(last: Chunk) -> impl futures_util::Stream<Item = Chunk> {
    futures_util::stream::once(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        last
    })
}

fn respond(answer: Answer, index: usize) -> Response {
    // No Wechatpay-* headers: WeChat Pay does not sign files.
    let request_id = format!("REQ-{index}");
    let file = |body: Body| {
        let headers = [
            ("Request-ID", request_id.clone()),
            ("Content-Type", "application/octet-stream".to_owned()),
        ];
        (StatusCode::OK, headers, body)
    };
    match answer {
        Answer::File(body) => file(Body::from(body)).into_response(),
        Answer::Chunked { body, chunk } => {
            let chunks: Vec<Chunk> = body
                .chunks(chunk)
                .map(|piece| Ok(Bytes::copy_from_slice(piece)))
                .collect();
            file(Body::from_stream(futures_util::stream::iter(chunks))).into_response()
        }
        Answer::Cut { declared, sent } => {
            let stream = futures_util::stream::iter([Chunk::Ok(Bytes::from(sent))])
                .chain(later(Ok(Bytes::new())));
            let mut response = file(Body::from_stream(stream)).into_response();
            response
                .headers_mut()
                .insert("Content-Length", declared.to_string().parse().unwrap());
            response
        }
        Answer::Broken(sent) => {
            let stream = futures_util::stream::iter([Chunk::Ok(Bytes::from(sent))])
                .chain(later(Err(std::io::Error::other("connection lost"))));
            file(Body::from_stream(stream)).into_response()
        }
        Answer::Stalled(sent) => {
            let stream = futures_util::stream::iter([Chunk::Ok(Bytes::from(sent))])
                .chain(futures_util::stream::pending());
            file(Body::from_stream(stream)).into_response()
        }
        Answer::Error(status, body) => {
            let headers = [
                ("Request-ID", request_id),
                ("Content-Type", "application/json".to_owned()),
            ];
            let status = StatusCode::from_u16(status).unwrap();
            (status, headers, body.to_string()).into_response()
        }
    }
}

/// A client of `server`, at [`NOW`], whose waits are instant.
fn client_with(
    server: &FileServer,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> (Client, Arc<InstantSleeper>) {
    let sleeper = Arc::new(InstantSleeper::default());
    let builder = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
        .clock(Arc::new(ManualClock::new(NOW)))
        .sleeper(Arc::clone(&sleeper) as Arc<dyn Sleeper>)
        .base_url(&server.url);
    (configure(builder).build().unwrap(), sleeper)
}

fn client_of(server: &FileServer) -> Client {
    client_with(server, |builder| builder).0
}

/// The ticket for `content` on `server`.
fn ticket(server: &FileServer, content: &[u8]) -> DownloadRequest {
    DownloadRequest::from_ticket(server.file_url(), "SHA1", sha1_hex(content))
}

/// Every file in `dir`, by name, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A directory holding `bill.csv` with an older bill, and the path of that file.
fn dir_with_old_bill() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bill.csv");
    std::fs::write(&path, b"the old bill").unwrap();
    (dir, path)
}

/// The download error inside `error`, which must be one.
fn download_error(error: &Error<ErrorCode>) -> &DownloadError {
    match error {
        Error::Download { error, .. } => error,
        other => panic!("expected Error::Download, got {other:?}"),
    }
}

/// Every request was the signed file GET, with no body (the server refuses unsigned ones).
fn assert_file_gets(server: &FileServer, count: usize) {
    let received = server.received();
    assert_eq!(received.len(), count, "{received:?}");
    for request in received {
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, FILE_TARGET);
        assert!(request.body.is_empty());
        assert_eq!(request.accept.as_deref(), Some("*/*"));
    }
}

#[tokio::test]
async fn a_plain_bill_is_written_to_the_path_once_its_hash_matches() {
    let content = bill(500);
    let server = FileServer::always(Answer::File(content.clone())).await;
    let client = client_of(&server);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tradebill-20251120.csv");

    let downloaded = client
        .download_to_path::<ErrorCode>(&ticket(&server, &content), &path)
        .await
        .unwrap();

    assert_eq!(std::fs::read(&path).unwrap(), content);
    assert_eq!(files_in(dir.path()), ["tradebill-20251120.csv"]);
    let len = content.len() as u64;
    assert_eq!(downloaded.received_bytes, len);
    assert_eq!(downloaded.content_bytes, len);
    assert_eq!(downloaded.hash, sha1_hex(&content));
    assert_eq!(downloaded.hash_type.as_str(), "SHA1");
    assert_eq!(downloaded.request_id.as_deref(), Some("REQ-0"));
    assert_eq!(downloaded.attempts, 1);
    assert_file_gets(&server, 1);
}

#[tokio::test]
async fn a_gzip_bill_is_decompressed_and_hashed_as_the_bill_itself() {
    let content = bill(20_000);
    let compressed = gzip(&content);
    let server = FileServer::always(Answer::Chunked {
        body: compressed.clone(),
        chunk: 1000,
    })
    .await;
    let client = client_of(&server);
    let (dir, path) = dir_with_old_bill();
    // An uppercase hash compares equal: the hex is compared ignoring case.
    let request = DownloadRequest::from_url(server.file_url())
        .expect_hash("SHA1", sha1_hex(&content).to_uppercase())
        .gzip(true);

    let downloaded = client
        .download_to_path::<ErrorCode>(&request, &path)
        .await
        .unwrap();

    assert_eq!(
        std::fs::read(&path).unwrap(),
        content,
        "replaced by the bill"
    );
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
    assert_eq!(downloaded.received_bytes, compressed.len() as u64);
    assert_eq!(downloaded.content_bytes, content.len() as u64);
    assert_eq!(downloaded.hash, sha1_hex(&content));
    assert_file_gets(&server, 1);
}

#[tokio::test]
async fn bills_stream_to_a_writer_plain_and_gzip() {
    let content = bill(20_000);
    let server = FileServer::start({
        let content = content.clone();
        move |index| match index {
            0 => Answer::File(content.clone()),
            _ => Answer::File(gzip(&content)),
        }
    })
    .await;
    let client = client_of(&server);

    let mut plain = Vec::new();
    let request = ticket(&server, &content);
    let downloaded = client
        .download_to_writer::<ErrorCode, _>(&request, &mut plain)
        .await
        .unwrap();
    assert_eq!(plain, content);
    assert_eq!(downloaded.content_bytes, content.len() as u64);

    let mut unzipped = Vec::new();
    let request = ticket(&server, &content).gzip(true);
    let downloaded: Downloaded = client
        .download_to_writer::<ErrorCode, _>(&request, &mut unzipped)
        .await
        .unwrap();
    assert_eq!(unzipped, content);
    assert!(downloaded.received_bytes < downloaded.content_bytes);
    assert_eq!(downloaded.request_id.as_deref(), Some("REQ-1"));
    assert_file_gets(&server, 2);
}

#[tokio::test]
async fn a_hash_mismatch_leaves_neither_the_file_nor_a_temporary_file() {
    let content = bill(100);
    let server = FileServer::always(Answer::File(b"not the bill".to_vec())).await;
    let client = client_of(&server);
    let (dir, path) = dir_with_old_bill();

    let error = client
        .download_to_path::<ErrorCode>(&ticket(&server, &content), &path)
        .await
        .unwrap_err();

    let DownloadError::HashMismatch {
        expected, actual, ..
    } = download_error(&error)
    else {
        panic!("{error:?}");
    };
    assert_eq!(*expected, sha1_hex(&content));
    assert_eq!(*actual, sha1_hex(b"not the bill"));
    let message = download_error(&error).to_string();
    assert!(
        message.contains(expected) && message.contains(actual),
        "{message}"
    );
    assert_eq!(error.request_id(), Some("REQ-0"));
    assert_eq!(
        error.to_string(),
        "cannot download the file (Request-ID REQ-0)"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"the old bill");
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
    assert_file_gets(&server, 1); // a wrong file is not fetched again
}

#[tokio::test]
async fn a_body_cut_short_is_retried_from_the_start() {
    let content = bill(5000);
    let server = FileServer::start({
        let content = content.clone();
        move |index| match index {
            0 => Answer::Cut {
                declared: content.len(),
                sent: content[..content.len() / 2].to_vec(),
            },
            1 => Answer::Broken(content[..content.len() / 3].to_vec()),
            _ => Answer::File(content.clone()),
        }
    })
    .await;
    let (client, sleeper) = client_with(&server, |builder| builder);
    let (dir, path) = dir_with_old_bill();

    let downloaded = client
        .download_to_path::<ErrorCode>(&ticket(&server, &content), &path)
        .await
        .unwrap();

    assert_eq!(downloaded.attempts, 3);
    assert_eq!(sleeper.slept().len(), 2);
    assert_eq!(std::fs::read(&path).unwrap(), content);
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
    assert_file_gets(&server, 3);
}

#[tokio::test]
async fn a_body_cut_short_every_time_is_an_incomplete_download() {
    let content = bill(5000);
    let half = content[..content.len() / 2].to_vec();
    let server = FileServer::always(Answer::Cut {
        declared: content.len(),
        sent: half.clone(),
    })
    .await;
    let client = client_of(&server);
    let (dir, path) = dir_with_old_bill();

    let error = client
        .download_to_path::<ErrorCode>(&ticket(&server, &content), &path)
        .await
        .unwrap_err();

    match download_error(&error) {
        DownloadError::Incomplete {
            received, expected, ..
        } => {
            assert_eq!(*received, half.len() as u64);
            assert_eq!(*expected, Some(content.len() as u64));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), b"the old bill");
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
    assert_file_gets(&server, 3); // the retry policy's 3 attempts
}

#[tokio::test]
async fn a_writer_is_not_written_twice() {
    let content = bill(40_000); // over 1 MiB: a block reaches the writer before the cut
    assert!(content.len() > 1 << 20);
    let server = FileServer::always(Answer::Broken(content[..content.len() / 2].to_vec())).await;
    let client = client_of(&server);

    let mut out = Vec::new();
    let error = client
        .download_to_writer::<ErrorCode, _>(&ticket(&server, &content), &mut out)
        .await
        .unwrap_err();

    assert!(matches!(
        download_error(&error),
        DownloadError::Incomplete { .. }
    ));
    assert!(!out.is_empty() && content.starts_with(&out));
    assert_file_gets(&server, 1);

    // Cut before anything reached the writer: tried again, as the policy says.
    let small = bill(10);
    let server = FileServer::always(Answer::Broken(small[..10].to_vec())).await;
    let client = client_of(&server);
    let mut out = Vec::new();
    client
        .download_to_writer::<ErrorCode, _>(&ticket(&server, &small), &mut out)
        .await
        .unwrap_err();
    assert!(out.is_empty());
    assert_file_gets(&server, 3);
}

#[tokio::test]
async fn a_corrupt_gzip_is_refused_and_not_fetched_again() {
    let content = bill(1000);
    let mut compressed = gzip(&content);
    let middle = compressed.len() / 2;
    compressed[middle] ^= 0xff;
    let server = FileServer::always(Answer::File(compressed)).await;
    let client = client_of(&server);
    let (dir, path) = dir_with_old_bill();

    let error = client
        .download_to_path::<ErrorCode>(&ticket(&server, &content).gzip(true), &path)
        .await
        .unwrap_err();

    assert!(
        matches!(download_error(&error), DownloadError::Gzip(_)),
        "{error:?}"
    );
    assert!(std::error::Error::source(download_error(&error)).is_some());
    assert_eq!(std::fs::read(&path).unwrap(), b"the old bill");
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
    assert_file_gets(&server, 1);

    // A plain file downloaded as gzip is not a gzip stream either.
    let server = FileServer::always(Answer::File(content.clone())).await;
    let client = client_of(&server);
    let error = client
        .download_to_writer::<ErrorCode, _>(&ticket(&server, &content).gzip(true), Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(download_error(&error), DownloadError::Gzip(_)));
}

#[tokio::test]
async fn an_unknown_or_missing_hash_is_refused_before_sending() {
    let content = bill(10);
    let server = FileServer::always(Answer::File(content.clone())).await;
    let client = client_of(&server);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bill.csv");

    let md5 = DownloadRequest::from_ticket(server.file_url(), "MD5", sha1_hex(&content));
    let error = client
        .download_to_path::<ErrorCode>(&md5, &path)
        .await
        .unwrap_err();
    assert!(matches!(
        download_error(&error),
        DownloadError::UnknownHashType { hash_type } if hash_type == "MD5"
    ));

    let none = DownloadRequest::from_url(server.file_url());
    let error = client
        .download_to_path::<ErrorCode>(&none, &path)
        .await
        .unwrap_err();
    assert!(matches!(download_error(&error), DownloadError::MissingHash));

    let short = DownloadRequest::from_ticket(server.file_url(), "SHA1", "abc");
    let error = client
        .download_to_writer::<ErrorCode, _>(&short, Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(
        download_error(&error),
        DownloadError::InvalidHashValue { .. }
    ));

    assert!(server.received().is_empty());
    assert!(files_in(dir.path()).is_empty());
}

#[tokio::test]
async fn a_foreign_host_gets_no_request() {
    let content = bill(10);
    let ours = FileServer::always(Answer::File(content.clone())).await;
    let elsewhere = FileServer::always(Answer::File(content.clone())).await;
    let client = client_of(&ours);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bill.csv");

    for url in [
        elsewhere.file_url(),
        format!(
            "https://{}{FILE_TARGET}",
            ours.url.trim_start_matches("http://")
        ),
        format!("https://api.mch.weixin.qq.com{FILE_TARGET}"),
    ] {
        let request = DownloadRequest::from_ticket(url.as_str(), "SHA1", sha1_hex(&content));
        let error = client
            .download_to_path::<ErrorCode>(&request, &path)
            .await
            .unwrap_err();
        let refused = download_error(&error);
        assert!(
            matches!(refused, DownloadError::ForeignUrl { .. }),
            "{url}: {error:?}"
        );
        assert!(!refused.to_string().contains("token"), "{refused}");
    }
    assert!(elsewhere.received().is_empty());
    assert!(ours.received().is_empty());
    assert!(files_in(dir.path()).is_empty());

    // The backup base URL is trusted as much as the primary.
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
        .clock(Arc::new(ManualClock::new(NOW)))
        .base_urls("https://api.mch.weixin.qq.com", &elsewhere.url)
        .build()
        .unwrap();
    client
        .download_to_path::<ErrorCode>(&ticket(&elsewhere, &content), &path)
        .await
        .unwrap();
    assert_file_gets(&elsewhere, 1);
}

#[tokio::test]
async fn an_error_answer_is_an_api_error() {
    let server = FileServer::always(Answer::Error(
        404,
        serde_json::json!({"code": "RESOURCE_NOT_EXISTS", "message": "账单文件不存在"}),
    ))
    .await;
    let client = client_of(&server);
    let (dir, path) = dir_with_old_bill();

    let error = client
        .download_to_path::<ErrorCode>(&ticket(&server, b"bill"), &path)
        .await
        .unwrap_err();

    let api = error.api().expect("an API error");
    assert_eq!(api.status, 404);
    assert_eq!(api.code, Some(ErrorCode::ResourceNotExists));
    assert_eq!(api.message.as_deref(), Some("账单文件不存在"));
    assert!(error.is_not_found());
    assert_eq!(error.request_id(), Some("REQ-0"));
    assert_eq!(std::fs::read(&path).unwrap(), b"the old bill");
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
    assert_file_gets(&server, 1);

    // A retryable answer is tried again, as for any idempotent call.
    let server = FileServer::always(Answer::Error(
        500,
        serde_json::json!({"code": "SYSTEM_ERROR", "message": "系统异常"}),
    ))
    .await;
    let (client, sleeper) = client_with(&server, |builder| builder);
    let error = client
        .download_to_path::<ErrorCode>(&ticket(&server, b"bill"), &path)
        .await
        .unwrap_err();
    assert_eq!(error.api().unwrap().code, Some(ErrorCode::SystemError));
    assert_file_gets(&server, 3);
    assert_eq!(sleeper.slept().len(), 2);
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
}

#[tokio::test]
async fn files_over_the_download_limit_are_refused() {
    let content = bill(100);
    let limit = content.len() as u64 - 1;
    let server = FileServer::start({
        let content = content.clone();
        move |index| match index {
            0 => Answer::File(content.clone()),
            _ => Answer::Chunked {
                body: content.clone(),
                chunk: 64,
            },
        }
    })
    .await;
    let (client, _) = client_with(&server, |builder| builder.max_download_bytes(limit));
    let (dir, path) = dir_with_old_bill();
    let request = ticket(&server, &content);

    // Declared too long: refused before the body is read. Undeclared: stopped at the limit.
    for _ in 0..2 {
        let error = client
            .download_to_path::<ErrorCode>(&request, &path)
            .await
            .unwrap_err();
        assert!(matches!(
            download_error(&error),
            DownloadError::TooLarge { limit: l, decompressed: false } if *l == limit
        ));
    }
    assert_file_gets(&server, 2);
    assert_eq!(std::fs::read(&path).unwrap(), b"the old bill");
    assert_eq!(files_in(dir.path()), ["bill.csv"]);

    // The JSON limit does not apply to files.
    let (client, _) = client_with(&server, |builder| builder.max_response_bytes(10));
    client
        .download_to_path::<ErrorCode>(&request, &path)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_limit() {
    // 64 MiB of zeros in about 64 KiB: far under the limit as sent, far over it inflated.
    let zeros = vec![0u8; 64 << 20];
    let bomb = gzip(&zeros);
    let hash = sha1_hex(&zeros);
    drop(zeros);
    assert!(bomb.len() < 1 << 20);
    let server = FileServer::always(Answer::File(bomb)).await;
    let (client, _) = client_with(&server, |builder| builder.max_download_bytes(4 << 20));
    let (dir, path) = dir_with_old_bill();
    let request = DownloadRequest::from_ticket(server.file_url(), "SHA1", hash).gzip(true);

    let error = client
        .download_to_path::<ErrorCode>(&request, &path)
        .await
        .unwrap_err();

    assert!(matches!(
        download_error(&error),
        DownloadError::TooLarge {
            limit: 0x40_0000,
            decompressed: true
        }
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"the old bill");
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
    assert_file_gets(&server, 1);
}

#[tokio::test]
async fn a_stalled_body_times_out_and_a_dropped_download_leaves_no_file() {
    let content = bill(100);
    let server = FileServer::always(Answer::Stalled(content[..50].to_vec())).await;
    let (client, _) = client_with(&server, |builder| {
        builder
            .timeout(Duration::from_millis(200))
            .retry_policy(RetryPolicy::none())
    });
    let (dir, path) = dir_with_old_bill();
    let request = ticket(&server, &content);

    let error = client
        .download_to_path::<ErrorCode>(&request, &path)
        .await
        .unwrap_err();
    assert!(matches!(
        download_error(&error),
        DownloadError::TimedOut { received: 50, .. }
    ));
    assert_eq!(files_in(dir.path()), ["bill.csv"]);

    // The caller gives up first: the future is dropped mid-body, and its temporary file goes.
    let patient = client.with_timeout(Duration::from_secs(30));
    let download = patient.download_to_path::<ErrorCode>(&request, &path);
    let gave_up = tokio::time::timeout(Duration::from_millis(300), download).await;
    assert!(gave_up.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"the old bill");
    assert_eq!(files_in(dir.path()), ["bill.csv"]);
}

#[tokio::test]
async fn a_path_that_cannot_be_written_is_named() {
    let content = bill(10);
    let server = FileServer::always(Answer::File(content.clone())).await;
    let client = client_of(&server);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("bill.csv");

    let error = client
        .download_to_path::<ErrorCode>(&ticket(&server, &content), &missing)
        .await
        .unwrap_err();

    let refused = download_error(&error);
    assert!(
        matches!(refused, DownloadError::File { path, .. } if *path == missing),
        "{error:?}"
    );
    assert!(refused.to_string().contains("no-such-dir"), "{refused}");
    assert!(server.received().is_empty(), "no file, no request");

    // A directory in the way of the rename: the temporary file is removed.
    let blocked = dir.path().join("taken");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("inside"), b"x").unwrap();
    let error = client
        .download_to_path::<ErrorCode>(&ticket(&server, &content), &blocked)
        .await
        .unwrap_err();
    assert!(matches!(download_error(&error), DownloadError::File { .. }));
    assert_eq!(files_in(dir.path()), ["taken"]);
    assert_eq!(files_in(&blocked), ["inside"]);
}

#[test]
fn downloads_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
        .build()
        .unwrap();
    let request = DownloadRequest::from_ticket(
        "https://api.mch.weixin.qq.com/v3/billdownload/file?token=t",
        "SHA1",
        "0".repeat(40),
    );
    assert_send(&client.download_to_path::<ErrorCode>(&request, "bill.csv"));
    assert_send(&client.download_to_writer::<ErrorCode, _>(&request, Vec::new()));
    // The token stays out of Debug output.
    assert!(!format!("{request:?}").contains("token=t"));
}
