//! The input surfaces that hostile-input tests attack, one module each. A surface says how to
//! make inputs for it (a proptest strategy, and a reading of raw bytes for the fuzz targets) and
//! what a correct answer to any input is (`check`, which returns the property broken, if one
//! is). The property tests (`tests/tests/properties.rs`) and the fuzz targets (`fuzz/`) both
//! run `check`, so a surface added here is attacked by both.
//!
//! A new surface (an upload, the page importer) is a new module here with the
//! same three parts, and one line in each of the two runners.

pub mod client_response;
pub mod mock_request;
pub mod notification;
pub mod openapi_import;
pub mod page_import;
pub mod spec_loader;

use std::sync::OnceLock;

use wechatpay_runtime::Client;
use wechatpay_runtime::protocol::ApiV3Key;
use wechatpay_runtime::protocol::keys::PrivateKey;
use wechatpay_runtime::protocol::sign_response;

use crate::keys::{self, PUBLIC_KEY_ID};
use crate::{NOW, RecordingSleeper, client_builder};

/// The merchant's APIv3 key in these inputs.
const APIV3_KEY: &str = "surface-test-apiv3-key-32-bytes!";

/// A client of the test merchant trusting the test WeChat Pay public key and holding the APIv3
/// key, at the test time; its base URLs lead nowhere (the surfaces read, they never call).
fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        let clock = wechatpay_runtime::protocol::clock::ManualClock::new(NOW);
        client_builder(
            &clock,
            std::sync::Arc::new(RecordingSleeper::new(clock.clone())),
        )
        .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem"))
        .apiv3_key(APIV3_KEY)
        .base_urls("http://127.0.0.1:9", "http://127.0.0.1:9")
        .build()
        .expect("the test client builds")
    })
}

fn apiv3_key() -> &'static ApiV3Key {
    static KEY: OnceLock<ApiV3Key> = OnceLock::new();
    KEY.get_or_init(|| ApiV3Key::new(APIV3_KEY).expect("32 bytes"))
}

/// `headers`, with the signature headers of `body` (by the test WeChat Pay key, now) in place of
/// any `Wechatpay-` header when `sign` is set.
fn signed_if(
    sign: bool,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<Vec<(String, String)>, String> {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    let mut headers = headers.to_vec();
    if !sign {
        return Ok(headers);
    }
    let key = KEY.get_or_init(|| {
        PrivateKey::from_pkcs8_pem(keys::pem("wechatpay_public_key_test_private.pem"))
            .expect("the test key loads")
    });
    let nonce = "n0nce";
    let signature =
        sign_response(key, NOW, nonce, body).map_err(|e| format!("signing failed: {e}"))?;
    headers.retain(|(name, _)| !name.to_ascii_lowercase().starts_with("wechatpay-"));
    headers.extend([
        ("Wechatpay-Serial".to_owned(), PUBLIC_KEY_ID.to_owned()),
        ("Wechatpay-Timestamp".to_owned(), NOW.to_string()),
        ("Wechatpay-Nonce".to_owned(), nonce.to_owned()),
        ("Wechatpay-Signature".to_owned(), signature),
    ]);
    Ok(headers)
}

/// The first header named `name` (case-insensitively, as HTTP names are).
fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Header pairs with owned names.
fn owned(headers: Vec<(&str, String)>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

/// A small, deterministic byte reader for the fuzz targets: turns fuzzer bytes into choices.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// Reads from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// The next byte, or 0 when none is left.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    /// A number below `bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        let high = usize::from(self.byte());
        let low = usize::from(self.byte());
        ((high << 8) | low) % bound
    }

    /// The next `len` bytes at most.
    pub fn take(&mut self, len: usize) -> &'a [u8] {
        let (taken, rest) = self.data.split_at(len.min(self.data.len()));
        self.data = rest;
        taken
    }

    /// A length-prefixed piece (the prefix is one byte).
    pub fn piece(&mut self) -> &'a [u8] {
        let len = usize::from(self.byte());
        self.take(len)
    }

    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        self.take(self.data.len())
    }
}
