use super::multipart::{draw_boundary, push_escaped_filename};
use super::*;
use crate::protocol::keys::CryptoError;

fn png() -> UploadFile {
    UploadFile::new("logo.png", "image/png", b"\x89PNG\r\n".to_vec())
}

#[test]
fn sha256_is_lowercase_hex_of_the_bytes() {
    // FIPS 180-2, appendix B.1 ("abc") and the digest of nothing.
    let abc = UploadFile::new("a", "text/plain", b"abc".to_vec());
    assert_eq!(
        abc.sha256_hex(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let empty = UploadFile::new("a", "text/plain", Vec::new());
    assert_eq!(
        empty.sha256_hex(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn debug_shows_the_length_never_the_bytes() {
    let file = UploadFile::new("a.png", "image/png", b"SECRET-BYTES".to_vec());
    let shown = format!("{file:?}");
    assert_eq!(
        shown,
        r#"UploadFile { filename: "a.png", content_type: "image/png", len: 12 }"#
    );
}

#[test]
fn accessors_give_back_what_was_given() {
    let file = png();
    assert_eq!(file.filename(), "logo.png");
    assert_eq!(file.content_type(), "image/png");
    assert_eq!(file.bytes(), b"\x89PNG\r\n");
    assert_eq!(file.len(), 6);
    assert!(!file.is_empty());
    assert_eq!(file.into_bytes(), b"\x89PNG\r\n");
}

#[test]
fn meta_is_filename_then_sha256_with_the_name_json_escaped() {
    let file = UploadFile::new("a\"b\n.png", "image/png", b"abc".to_vec());
    assert_eq!(
        serde_json::to_string(&file.meta()).unwrap(),
        r#"{"filename":"a\"b\n.png","sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}"#
    );
}

#[test]
fn the_body_is_meta_then_file_byte_for_byte() {
    let meta = br#"{"filename":"logo.png","sha256":"x"}"#;
    let body = Multipart::with_boundary("B0UND", meta, &png());
    assert_eq!(body.content_type, "multipart/form-data; boundary=B0UND");
    let expected: &[u8] = b"--B0UND\r\n\
        Content-Disposition: form-data; name=\"meta\"\r\n\
        Content-Type: application/json\r\n\
        \r\n\
        {\"filename\":\"logo.png\",\"sha256\":\"x\"}\r\n\
        --B0UND\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\n\
        Content-Type: image/png\r\n\
        \r\n\
        \x89PNG\r\n\r\n\
        --B0UND--\r\n";
    assert_eq!(
        String::from_utf8_lossy(&body.bytes),
        String::from_utf8_lossy(expected)
    );
    assert_eq!(body.bytes, expected);
}

#[test]
fn a_fresh_body_has_a_random_boundary_in_neither_part() {
    let meta = br#"{"filename":"logo.png"}"#;
    let one = Multipart::new(meta, &png()).unwrap();
    let two = Multipart::new(meta, &png()).unwrap();
    assert_ne!(one.content_type, two.content_type);
    let boundary = one
        .content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    // RFC 2046: 1 to 70 characters; these need no quoting.
    assert!(boundary.len() <= 70);
    assert!(
        boundary
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
    );
    assert_eq!(
        one.bytes,
        Multipart::with_boundary(boundary, meta, &png()).bytes
    );
}

#[test]
fn a_boundary_found_in_the_content_is_drawn_again() {
    let content = b"...wechatpay-rs-AAAA...".as_slice();
    let mut draws = ["AAAA", "AAAB"].into_iter();
    let mut drawn = 0;
    let boundary = draw_boundary(
        || {
            drawn += 1;
            Ok(draws.next().unwrap_or_default().to_owned())
        },
        &[b"meta", content],
    )
    .unwrap();
    assert_eq!(boundary, "wechatpay-rs-AAAB");
    assert_eq!(drawn, 2);
}

#[test]
fn a_source_that_keeps_repeating_the_content_is_a_crypto_failure() {
    let content = b"wechatpay-rs-SAME".as_slice();
    let mut drawn = 0;
    let result = draw_boundary(
        || {
            drawn += 1;
            Ok("SAME".to_owned())
        },
        &[content],
    );
    assert_eq!(result, Err(CryptoError(())));
    assert_eq!(drawn, 16);
    // And a failure of the source itself is passed on at once.
    let failed = draw_boundary(|| Err(CryptoError(())), &[content]);
    assert_eq!(failed, Err(CryptoError(())));
}

#[test]
fn a_filename_cannot_end_its_quotes_or_its_header() {
    let escaped = |name: &str| {
        let mut out = Vec::new();
        push_escaped_filename(&mut out, name);
        String::from_utf8(out).unwrap()
    };
    assert_eq!(escaped("logo.png"), "logo.png");
    assert_eq!(escaped("营业执照.jpg"), "营业执照.jpg");
    assert_eq!(
        escaped("a\".png\r\nContent-Type: text/html"),
        "a%22.png%0D%0AContent-Type: text/html"
    );
    assert_eq!(escaped("\0\t\x7f\\%"), "%00%09%7F\\%");
}

#[test]
fn an_escaped_filename_lands_in_the_part_header() {
    let file = UploadFile::new("a\"\r\n.png", "image/png", b"x".to_vec());
    let body = Multipart::with_boundary("B", b"{}", &file);
    let text = String::from_utf8(body.bytes).unwrap();
    assert!(
        text.contains("name=\"file\"; filename=\"a%22%0D%0A.png\"\r\nContent-Type: image/png\r\n")
    );
    // Three header lines per part, no more: nothing the name held became a line.
    assert_eq!(text.matches("\r\n").count(), 11);
}

#[test]
fn media_types_are_tokens_around_a_slash() {
    for good in [
        "image/png",
        "IMAGE/PNG",
        "application/vnd.ms-excel",
        "text/plain; charset=utf-8",
        "image/svg+xml",
    ] {
        assert!(is_media_type(good), "{good}");
    }
    for bad in [
        "",
        "png",
        "image/",
        "/png",
        "image/png/x",
        "image /png",
        "image/png\r\n",
        "image/png; x=\"\n\"",
        "image/pñg",
        "(image)/png",
    ] {
        assert!(!is_media_type(bad), "{bad:?}");
    }
    assert_eq!(media_type_essence(" image/png ; q=1"), "image/png");
}
