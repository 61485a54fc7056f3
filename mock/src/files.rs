//! Files: bills behind download tickets, the file answers those tickets point at, and uploads.
//!
//! A ticket endpoint (`response.download` in its spec) answers a `download_url` on this mock, the
//! hash type `SHA1` and the SHA1 of the bill, uncompressed, as WeChat Pay's 下载账单 page
//! describes; the bill is kept under a random token. The file endpoint (`response.file`) answers
//! the bill for its token, gzip-compressed when the ticket was asked for with the spec's
//! `gzip_when` value, and unsigned, as the service answers files. An upload endpoint
//! (`request.upload`) reads the multipart body: its `meta` part is what the request is signed
//! over, its `file` part must match `meta.sha256` and the page's limits.

use std::collections::VecDeque;
use std::io::Write as _;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Response, StatusCode};
use serde_json::{Map, Value};
use wechatpay_spec::model::{Api, Endpoint, Ticket, Upload};

use crate::faults::Fault;
use crate::params::ParamError;

/// How many issued bills are kept; the oldest is forgotten first.
const MAX_ISSUED: usize = 256;

/// The size of the chunks a file is sent in (a slow file waits before each).
const FILE_CHUNK: usize = 16 << 10;

/// A bill behind a token.
#[derive(Debug, Clone)]
pub(crate) struct Bill {
    /// The bill, uncompressed: what the ticket's hash is of.
    pub(crate) content: Vec<u8>,
    /// Whether it is sent gzip-compressed.
    pub(crate) gzip: bool,
}

/// The bills issued, by token.
#[derive(Default)]
pub(crate) struct Downloads {
    issued: Mutex<VecDeque<(String, Bill)>>,
}

impl Downloads {
    fn lock(&self) -> MutexGuard<'_, VecDeque<(String, Bill)>> {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `bill` under a new token, and returns the token.
    pub(crate) fn issue(&self, bill: Bill) -> String {
        let token = crate::respond::request_id();
        let mut issued = self.lock();
        issued.push_back((token.clone(), bill));
        while issued.len() > MAX_ISSUED {
            issued.pop_front();
        }
        token
    }

    /// The bill kept under `token`.
    pub(crate) fn get(&self, token: &str) -> Option<Bill> {
        self.lock()
            .iter()
            .find(|(known, _)| known == token)
            .map(|(_, bill)| bill.clone())
    }
}

/// Lowercase hex SHA1, the hash WeChat Pay names bills by.
pub(crate) fn sha1_hex(bytes: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, bytes);
    hex(digest.as_ref())
}

/// Lowercase hex SHA-256, as `meta.sha256` carries it.
fn sha256_hex(bytes: &[u8]) -> String {
    hex(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `bytes`, gzip-compressed.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a `Vec` cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Where tickets point: the path of the first file endpoint of the loaded specs and its first
/// query parameter (the token), or the service's own `/v3/billdownload/file?token=`.
pub(crate) fn file_route(apis: &[Api]) -> (String, String) {
    apis.iter()
        .flat_map(|api| &api.endpoints)
        .find(|endpoint| {
            matches!(
                endpoint.download,
                Some(wechatpay_spec::model::Download::File { .. })
            )
        })
        .map_or_else(
            || ("/v3/billdownload/file".to_owned(), "token".to_owned()),
            |endpoint| {
                let token = endpoint
                    .request
                    .fields
                    .iter()
                    .find(|f| f.is_in(wechatpay_spec::model::Location::Query))
                    .map_or_else(|| "token".to_owned(), |f| f.wire_name.clone());
                (endpoint.path.as_str().to_owned(), token)
            },
        )
}

/// What a ticket endpoint answers: a bill made of the records of its namespace, issued under a
/// token, and the ticket naming it.
pub(crate) struct TicketAnswer<'a> {
    pub(crate) endpoint: &'a Endpoint,
    pub(crate) ticket: &'a Ticket,
    /// The scalar parameters the request sent.
    pub(crate) sent: &'a [(String, String)],
    /// `http://host:port`, as the request reached this mock.
    pub(crate) origin: String,
    /// The file route's path and token parameter.
    pub(crate) file_route: &'a (String, String),
    pub(crate) faults: &'a [Fault],
}

impl TicketAnswer<'_> {
    /// The ticket's JSON fields.
    pub(crate) fn body(
        &self,
        downloads: &Downloads,
        bill_lines: Vec<String>,
    ) -> Map<String, Value> {
        let mut content = format!(
            "# bill asked for with {}\n",
            self.sent
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        );
        for line in bill_lines {
            content.push_str(&line);
            content.push('\n');
        }
        let gzip = self
            .ticket
            .gzip_when
            .as_ref()
            .is_some_and(|(field, value)| {
                let name = &self.endpoint.request.fields[*field].wire_name;
                self.sent
                    .iter()
                    .any(|(sent, text)| sent == name && text == value)
            });
        let mut hash = sha1_hex(content.as_bytes());
        if self.faults.contains(&Fault::WrongHash) {
            hash = sha1_hex(format!("{content}.").as_bytes());
        }
        let token = downloads.issue(Bill {
            content: content.into_bytes(),
            gzip,
        });
        let (path, parameter) = self.file_route;
        let fields = &self.endpoint.response.fields;
        let mut body = Map::new();
        body.insert(
            fields[self.ticket.url].wire_name.clone(),
            Value::String(format!("{}{path}?{parameter}={token}", self.origin)),
        );
        body.insert(
            fields[self.ticket.hash_type].wire_name.clone(),
            Value::String("SHA1".to_owned()),
        );
        body.insert(
            fields[self.ticket.hash_value].wire_name.clone(),
            Value::String(hash),
        );
        body
    }
}

/// A file answer: the bill's bytes (compressed as issued), unsigned, as the service sends files;
/// cut short or slowed as the faults say.
pub(crate) fn file_answer(bill: &Bill, faults: &[Fault]) -> Response<Body> {
    let bytes = if bill.gzip {
        gzip(&bill.content)
    } else {
        bill.content.clone()
    };
    let declared = bytes.len();
    let sent = if faults.contains(&Fault::TruncatedFile) {
        bytes[..bytes.len() / 2].to_vec()
    } else {
        bytes
    };
    let wait = faults.iter().find_map(|fault| match fault {
        Fault::SlowFile(wait) => Some(*wait),
        _ => None,
    });
    let truncated = sent.len() < declared;
    let mut chunks: Vec<Option<Bytes>> = sent
        .chunks(FILE_CHUNK)
        .map(|chunk| Some(Bytes::copy_from_slice(chunk)))
        .collect();
    if truncated {
        // The connection breaks once what was sent has had time to leave: the client has the
        // headers and part of the file, then nothing.
        chunks.push(None);
    }
    let stream = futures_util::stream::iter(chunks).then(move |chunk| async move {
        if let Some(wait) = wait {
            tokio::time::sleep(wait.min(Duration::from_secs(1))).await;
        }
        match chunk {
            Some(chunk) => Ok(chunk),
            None => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Err(std::io::Error::other("file cut short by fault injection"))
            }
        }
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(
            "Content-Type",
            if bill.gzip {
                "application/x-gzip"
            } else {
                "text/plain; charset=utf-8"
            },
        )
        .header("Content-Length", declared)
        .header("Request-ID", crate::respond::request_id())
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

use futures_util::StreamExt as _;

/// The parts of an upload.
pub(crate) struct UploadParts {
    /// The `meta` part's bytes: what the request is signed over.
    pub(crate) meta: Bytes,
    /// The `file` part's file name.
    pub(crate) file_name: String,
    /// The `file` part's media type.
    pub(crate) file_type: String,
    /// The file.
    pub(crate) file: Bytes,
}

/// Reads a multipart/form-data body into its `meta` and `file` parts.
pub(crate) async fn read_multipart(content_type: &str, body: Bytes) -> Result<UploadParts, String> {
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| format!("the request is not multipart/form-data with a boundary: {e}"))?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let (mut meta, mut file) = (None, None);
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| format!("the multipart body cannot be read: {e}"))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let file_type = field.content_type().map(ToString::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| format!("the part `{name}` cannot be read: {e}"))?;
        match name.as_str() {
            "meta" if meta.is_none() => meta = Some(bytes),
            "file" if file.is_none() => file = Some((file_name, file_type, bytes)),
            other => {
                return Err(format!(
                    "unexpected part `{other}`; an upload has `meta` and `file` once each"
                ));
            }
        }
    }
    let meta = meta.ok_or("the upload has no `meta` part")?;
    let (file_name, file_type, file) = file.ok_or("the upload has no `file` part")?;
    Ok(UploadParts {
        meta,
        file_name: file_name.unwrap_or_default(),
        file_type: file_type.unwrap_or_default(),
        file,
    })
}

/// The file against `meta` and the page's limits: its hash, name, size and media type.
pub(crate) fn check_upload(
    upload: &Upload,
    meta: &Value,
    parts: &UploadParts,
) -> Result<(), Box<ParamError>> {
    let refuse = |field: &str, value: Value, issue: String| {
        Err(Box::new(ParamError {
            field: field.to_owned(),
            value,
            issue,
            location: "body",
        }))
    };
    let sha256 = sha256_hex(&parts.file);
    match meta.get("sha256").and_then(Value::as_str) {
        Some(claimed) if claimed.eq_ignore_ascii_case(&sha256) => {}
        claimed => {
            return refuse(
                "meta.sha256",
                claimed.map_or(Value::Null, |c| Value::String(c.to_owned())),
                format!("the file's SHA-256 is {sha256}"),
            );
        }
    }
    if meta.get("filename").and_then(Value::as_str) != Some(parts.file_name.as_str()) {
        return refuse(
            "meta.filename",
            meta.get("filename").cloned().unwrap_or(Value::Null),
            format!("the file part is named {:?}", parts.file_name),
        );
    }
    if parts.file.len() as u64 > upload.max_bytes {
        return refuse(
            "file",
            Value::from(parts.file.len()),
            format!("the file is larger than {} bytes", upload.max_bytes),
        );
    }
    let essence = wechatpay_spec::rules::media_type::essence(&parts.file_type);
    if !upload
        .content_types
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(essence))
    {
        return refuse(
            "file",
            Value::String(parts.file_type.clone()),
            format!("the file is not one of {}", upload.content_types.join(", ")),
        );
    }
    Ok(())
}
