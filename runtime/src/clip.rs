//! Text that comes from outside (response headers, error bodies) is kept and shown bounded: a
//! hostile or broken answer must not fill memory, logs or a terminal.

/// The most characters of a response header value an error message shows.
pub(crate) const HEADER_CHARS: usize = 64;
/// The most characters of a `Request-ID` kept (real ones are about 30).
pub(crate) const REQUEST_ID_CHARS: usize = 128;
/// The most characters of an error answer's `message` kept.
pub(crate) const MESSAGE_CHARS: usize = 1024;
/// The most bytes of an error answer's body kept in `ApiError::body`.
pub(crate) const ERROR_BODY_BYTES: usize = 4 << 10;

/// `value` whole if it has at most `max` characters; otherwise its first `max`, then `…`.
pub(crate) fn clip(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        None => value.to_owned(),
        Some((end, _)) => format!("{}…", &value[..end]),
    }
}

/// At most `max` bytes of `bytes` as text (lossy UTF-8), cut at a character boundary.
pub(crate) fn clip_bytes(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(max)]);
    if bytes.len() <= max {
        return text.into_owned();
    }
    // A character cut in two at the end shows as U+FFFD; drop it.
    let kept = text.trim_end_matches('\u{FFFD}');
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_at_characters() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("分账回退", 2), "分账…");
        assert_eq!(clip_bytes("分账".as_bytes(), 4), "分…");
        assert_eq!(clip_bytes(b"abc", 8), "abc");
    }
}
