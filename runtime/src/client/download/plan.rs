//! A download request checked before anything is sent: the URL against the client's base URLs,
//! the expected hash against the hash types this client computes.

use reqwest::Url;

use super::{DownloadError, DownloadRequest, HashType};
use crate::clip::clip;

/// The most characters of a refused URL or hash an error shows.
const SHOWN_CHARS: usize = 200;
/// The most characters of a refused hash type or value an error shows.
const SHOWN_HASH_CHARS: usize = 64;

/// What every attempt of one download uses.
#[derive(Debug)]
pub(super) struct Plan {
    /// The URL, parsed: reqwest sends exactly its path and query.
    pub(super) url: Url,
    /// The path and query as sent, which the signature covers.
    pub(super) target: String,
    pub(super) hash_type: HashType,
    /// The expected hash, lowercase hex.
    pub(super) expected: String,
    pub(super) gzip: bool,
}

impl Plan {
    /// Checks `request` against the client's base URLs (`primary`, `backup`).
    pub(super) fn new(
        request: &DownloadRequest,
        primary: &str,
        backup: &str,
    ) -> Result<Self, DownloadError> {
        let url = checked_url(&request.url, &[primary, backup])?;
        let (hash_type, hash_value) = request
            .expected
            .as_ref()
            .ok_or(DownloadError::MissingHash)?;
        let hash_type =
            HashType::from_wire(hash_type).ok_or_else(|| DownloadError::UnknownHashType {
                hash_type: clip(hash_type, SHOWN_HASH_CHARS),
            })?;
        let expected = expected_hex(hash_value, hash_type.hex_len()).ok_or_else(|| {
            DownloadError::InvalidHashValue {
                hash_value: clip(hash_value, SHOWN_HASH_CHARS),
            }
        })?;
        // The request line reqwest writes is the parsed URL's path and query; signing the same
        // string (not the text as given, which the parser may normalise) keeps the two equal.
        let target = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        };
        Ok(Self {
            url,
            target,
            hash_type,
            expected,
            gzip: request.gzip,
        })
    }
}

/// `hash_value` as lowercase hex, when it is `len` hex digits.
fn expected_hex(hash_value: &str, len: usize) -> Option<String> {
    let value = hash_value.trim();
    (value.len() == len && value.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| value.to_ascii_lowercase())
}

/// `url` parsed, when it is a plain `http(s)` URL on the scheme, host and port of one of `bases`.
fn checked_url(url: &str, bases: &[&str]) -> Result<Url, DownloadError> {
    let invalid = |reason: &str| DownloadError::InvalidUrl {
        // The query carries the ticket's token: kept out of error messages and logs.
        url: clip(url.split('?').next().unwrap_or_default(), SHOWN_CHARS),
        reason: reason.to_owned(),
    };
    let parsed = Url::parse(url).map_err(|error| invalid(&error.to_string()))?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(invalid("not an http or https URL"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("it carries user information"));
    }
    if parsed.fragment().is_some() {
        return Err(invalid("it carries a fragment"));
    }
    let same_origin = |base: &&str| {
        Url::parse(base).is_ok_and(|base| {
            base.scheme() == parsed.scheme()
                && base.host() == parsed.host()
                && base.port_or_known_default() == parsed.port_or_known_default()
        })
    };
    if !bases.iter().any(same_origin) {
        return Err(DownloadError::ForeignUrl {
            origin: clip(&parsed.origin().ascii_serialization(), SHOWN_CHARS),
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASES: [&str; 2] = [
        "https://api.mch.weixin.qq.com",
        "https://api2.mch.weixin.qq.com",
    ];

    fn check(url: &str) -> Result<Url, DownloadError> {
        checked_url(url, &BASES)
    }

    #[test]
    fn urls_on_a_base_are_taken_as_they_are_sent() {
        let url = check("https://api.mch.weixin.qq.com/v3/billdownload/file?token=abc").unwrap();
        assert_eq!(url.path(), "/v3/billdownload/file");
        assert!(check("https://API2.mch.weixin.qq.com:443/v3/billdownload/file?token=x").is_ok());
    }

    #[test]
    fn other_origins_are_refused() {
        for url in [
            "http://api.mch.weixin.qq.com/v3/billdownload/file?token=abc",
            "https://api.mch.weixin.qq.com:8443/v3/billdownload/file?token=abc",
            "https://api.mch.weixin.qq.com.evil.example/v3/billdownload/file?token=abc",
            "https://evil.example/v3/billdownload/file?token=api.mch.weixin.qq.com",
        ] {
            let error = check(url).unwrap_err();
            assert!(
                matches!(error, DownloadError::ForeignUrl { .. }),
                "{url}: {error}"
            );
        }
    }

    #[test]
    fn odd_urls_are_refused_without_showing_the_token() {
        for url in [
            "/v3/billdownload/file?token=secret",
            "ftp://api.mch.weixin.qq.com/v3/billdownload/file?token=secret",
            "https://user:pass@api.mch.weixin.qq.com/v3/billdownload/file?token=secret",
            "https://api.mch.weixin.qq.com/v3/billdownload/file?token=secret#part",
        ] {
            let error = check(url).unwrap_err();
            assert!(
                matches!(error, DownloadError::InvalidUrl { .. }),
                "{url}: {error}"
            );
            assert!(!error.to_string().contains("secret"), "{error}");
        }
    }

    #[test]
    fn hashes_are_40_hex_digits_in_any_case() {
        let upper = "A94A8FE5CCB19BA61C4C0873D391E987982FBBD3";
        assert_eq!(
            expected_hex(upper, 40).as_deref(),
            Some("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3")
        );
        assert_eq!(expected_hex("a94a8fe5", 40), None);
        assert_eq!(expected_hex(&"g".repeat(40), 40), None);
    }
}
