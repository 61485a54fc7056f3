//! The `multipart/form-data` body of an upload (RFC 7578): the `meta` part, then the `file`
//! part, between boundaries that occur in neither.

use super::{FILE_PART, META_CONTENT_TYPE, META_PART, UploadFile};
use crate::protocol::keys::CryptoError;
use crate::protocol::message::nonce;

/// Before the random part of a boundary: names the sender in a captured request.
const BOUNDARY_PREFIX: &str = "wechatpay-rs-";
/// How many boundaries are drawn before giving up. One suffices but for a chance of about
/// 2^-170 per megabyte of content (32 characters of 62 are 190 bits); sixteen failures in a row
/// mean the random source is broken.
const BOUNDARY_DRAWS: u32 = 16;

/// An upload's body and the request `Content-Type` that names its boundary.
#[derive(Clone)]
pub(crate) struct Multipart {
    /// `multipart/form-data; boundary=…`.
    pub(crate) content_type: String,
    /// The whole body, closing delimiter included.
    pub(crate) bytes: Vec<u8>,
}

impl Multipart {
    /// The body carrying `meta` (the JSON bytes that are signed, unchanged) and `file`, with a
    /// fresh random boundary that occurs in neither.
    ///
    /// `file`'s content type must already have passed [`super::is_media_type`] (the client's
    /// check before this), so that it cannot end its header line.
    pub(crate) fn new(meta: &[u8], file: &UploadFile) -> Result<Self, CryptoError> {
        let boundary = draw_boundary(nonce, &[meta, file.bytes()])?;
        Ok(Self::with_boundary(&boundary, meta, file))
    }

    /// The body with the boundary given.
    pub(crate) fn with_boundary(boundary: &str, meta: &[u8], file: &UploadFile) -> Self {
        // The escaped name is at most three times as long; the rest is the fixed header text.
        let capacity = meta.len() + file.len() + 3 * file.filename().len() + 4 * boundary.len();
        let mut body = Vec::with_capacity(capacity + 256);
        push(
            &mut body,
            &[
                "--",
                boundary,
                "\r\nContent-Disposition: form-data; name=\"",
                META_PART,
                "\"\r\nContent-Type: ",
                META_CONTENT_TYPE,
                "\r\n\r\n",
            ],
        );
        body.extend_from_slice(meta);
        push(
            &mut body,
            &[
                "\r\n--",
                boundary,
                "\r\nContent-Disposition: form-data; name=\"",
                FILE_PART,
                "\"; filename=\"",
            ],
        );
        push_escaped_filename(&mut body, file.filename());
        push(
            &mut body,
            &["\"\r\nContent-Type: ", file.content_type(), "\r\n\r\n"],
        );
        body.extend_from_slice(file.bytes());
        push(&mut body, &["\r\n--", boundary, "--\r\n"]);
        Self {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes: body,
        }
    }
}

fn push(body: &mut Vec<u8>, texts: &[&str]) {
    for text in texts {
        body.extend_from_slice(text.as_bytes());
    }
}

/// Writes `filename` inside the quotes of `filename="…"` as the HTML standard's
/// multipart/form-data encoding does: `"` as `%22`, CR as `%0D`, LF as `%0A`; every other ASCII
/// control character is escaped the same way, since strict part-header parsers refuse them.
/// Other bytes (UTF-8 included, as browsers send it) are written as they are. The name in
/// `meta` is the one that counts; this one only has to be harmless.
pub(crate) fn push_escaped_filename(body: &mut Vec<u8>, filename: &str) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in filename.as_bytes() {
        if byte == b'"' || byte.is_ascii_control() {
            body.extend_from_slice(&[
                b'%',
                DIGITS[usize::from(byte >> 4)],
                DIGITS[usize::from(byte & 0x0f)],
            ]);
        } else {
            body.push(byte);
        }
    }
}

/// A boundary from `draw`'s random text that occurs in none of `contents`: a part can then only
/// end where the body says.
pub(crate) fn draw_boundary(
    mut draw: impl FnMut() -> Result<String, CryptoError>,
    contents: &[&[u8]],
) -> Result<String, CryptoError> {
    for _ in 0..BOUNDARY_DRAWS {
        let boundary = format!("{BOUNDARY_PREFIX}{}", draw()?);
        if !contents
            .iter()
            .any(|content| contains(content, boundary.as_bytes()))
        {
            return Ok(boundary);
        }
    }
    // Only a source that repeats itself gets here: it is reported as the failure it is.
    Err(CryptoError(()))
}

/// Whether `needle` occurs in `haystack`. The first byte is compared before the rest, so a
/// file of megabytes is scanned in about a millisecond.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    haystack
        .windows(needle.len())
        .any(|window| window[0] == first && &window[1..] == rest)
}
