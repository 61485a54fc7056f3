//! Media types (`image/jpeg`): what an upload's file may be, as a spec lists them, the `Validate`
//! derive reads them and the runtime checks a file's content type (RFC 9110, section 8.3.1).

/// Whether `value` is a media type a part header can carry: `type/subtype`, both RFC 9110
/// tokens, optionally followed by `;` and parameters, all of it visible ASCII, spaces and tabs
/// (so no CR or LF can end a header early).
pub fn is_media_type(value: &str) -> bool {
    let printable = value
        .bytes()
        .all(|byte| byte == b' ' || byte == b'\t' || byte.is_ascii_graphic());
    printable && is_essence(essence(value))
}

/// Whether `value` is a bare `type/subtype`, both tokens, without parameters: how a spec and
/// the derive list allowed types.
pub fn is_essence(value: &str) -> bool {
    value
        .split_once('/')
        .is_some_and(|(kind, subtype)| is_token(kind) && is_token(subtype))
}

/// The `type/subtype` of a media type, without its parameters and surrounding spaces: what two
/// media types are compared by (case-insensitively).
pub fn essence(value: &str) -> &str {
    value.split(';').next().unwrap_or_default().trim()
}

/// An RFC 9110 token: one or more `tchar`.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_type_subtype_and_parameters() {
        for good in [
            "image/jpeg",
            "image/svg+xml",
            "text/plain; charset=utf-8",
            "a/b",
        ] {
            assert!(is_media_type(good), "{good}");
        }
        for bad in [
            "image",
            "/jpeg",
            "image/",
            "PNG image",
            "text/plain\r\nX: y",
            "",
        ] {
            assert!(!is_media_type(bad), "{bad:?}");
        }
        assert!(is_essence("image/png"));
        assert!(!is_essence("image/png; q=1"));
        assert_eq!(essence(" image/png ; q=1"), "image/png");
    }
}
