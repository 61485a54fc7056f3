//! Support for the integration tests: the test keys, and the mock server and a client set up to
//! talk to each other on 127.0.0.1 with a clock the tests move by hand.

pub mod keys;
pub mod load;
/// The README's "generated types on their own" snippet, compiled here and run by
/// `tests/tests/freshness.rs`.
pub mod readme_types;
pub mod surfaces;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use wechatpay_mock::{Merchant, MockConfig, MockServer, ResponseSigning};
use wechatpay_runtime::client::Sleeper;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::{Certificate, PrivateKey, PublicKey};
use wechatpay_runtime::{Client, ClientBuilder};

use crate::keys::{MCHID, MERCHANT_SERIAL, PUBLIC_KEY_ID};

/// 2025-11-21T00:00:00Z: inside the test platform certificate's validity.
pub const NOW: i64 = 1_763_683_200;

/// How the mock signs its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningKey {
    /// The WeChat Pay public key mode, under [`keys::PUBLIC_KEY_ID`].
    PublicKey,
    /// The platform certificate mode, under [`keys::PLATFORM_SERIAL`].
    PlatformCertificate,
}

/// The repository's `spec/`, or a spec directory under it.
pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// The mock configured with the test keys, the project's specs and the default fixtures.
pub fn mock_config(signing: SigningKey, clock: &ManualClock) -> MockConfig {
    let merchant = Merchant {
        mchid: MCHID.to_owned(),
        serial_no: MERCHANT_SERIAL.to_owned(),
        public_key: PublicKey::from_spki_pem(keys::pem("merchant_test_public_key.pem"))
            .expect("test key"),
    };
    let signing = match signing {
        SigningKey::PublicKey => ResponseSigning::PublicKey {
            id: PUBLIC_KEY_ID.to_owned(),
            key: PrivateKey::from_pkcs8_pem(keys::pem("wechatpay_public_key_test_private.pem"))
                .expect("test key"),
        },
        SigningKey::PlatformCertificate => ResponseSigning::PlatformCertificate {
            certificate: Certificate::from_pem(keys::pem("platform_test_cert.pem"))
                .expect("test cert"),
            key: PrivateKey::from_pkcs8_pem(keys::pem("platform_test_key.pem")).expect("test key"),
        },
    };
    MockConfig::new(merchant, signing)
        .spec_dir(repo_path("spec"))
        .spec_dir(repo_path("tests/golden/sample/spec"))
        .clock(Arc::new(clock.clone()))
}

/// Waits nothing, records what was asked, and moves the clock on by it.
#[derive(Debug)]
pub struct RecordingSleeper {
    slept: Mutex<Vec<Duration>>,
    clock: ManualClock,
}

impl RecordingSleeper {
    /// A sleeper moving `clock`.
    pub fn new(clock: ManualClock) -> Self {
        Self {
            slept: Mutex::new(Vec::new()),
            clock,
        }
    }

    /// Every wait asked for, in order.
    pub fn slept(&self) -> Vec<Duration> {
        self.slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        self.slept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(duration);
        self.clock
            .advance(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX));
        Box::pin(async {})
    }
}

/// A client builder with the test merchant key, the clock and the sleeper; the caller adds
/// verification keys and base URLs.
pub fn client_builder(clock: &ManualClock, sleeper: Arc<RecordingSleeper>) -> ClientBuilder {
    Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, keys::pem("merchant_test_key.pem"))
        .clock(Arc::new(clock.clone()))
        .sleeper(sleeper)
}

/// A mock and a client pointed at it, sharing one manual clock.
pub struct Harness {
    /// The mock.
    pub mock: MockServer,
    /// The clock both read.
    pub clock: ManualClock,
    /// The client's sleeper.
    pub sleeper: Arc<RecordingSleeper>,
    /// The client.
    pub client: Client,
}

impl Harness {
    /// Starts a mock signing in `signing` mode and a client trusting that key.
    pub async fn start(signing: SigningKey) -> Self {
        let clock = ManualClock::new(NOW);
        let mock = MockServer::start(mock_config(signing, &clock))
            .await
            .expect("mock starts");
        let sleeper = Arc::new(RecordingSleeper::new(clock.clone()));
        let builder = client_builder(&clock, sleeper.clone()).base_urls(mock.url(), mock.url());
        let builder = match signing {
            SigningKey::PublicKey => builder
                .wechatpay_public_key(PUBLIC_KEY_ID, keys::pem("wechatpay_public_key_test.pem")),
            SigningKey::PlatformCertificate => {
                builder.platform_certificate(keys::pem("platform_test_cert.pem"))
            }
        };
        Self {
            mock,
            clock,
            sleeper,
            client: builder.build().expect("client builds"),
        }
    }
}

/// An answer as the wire carried it: status, headers, body.
pub type RawAnswer = (u16, reqwest::header::HeaderMap, Vec<u8>);

/// Sends a request the way any APIv3 client would, without the generated types: `target` and
/// `body` as given, signed by the test merchant, with a mock fault when one is named.
pub async fn raw_request(
    h: &Harness,
    method: &str,
    target: &str,
    body: &[u8],
    fault: Option<&str>,
) -> RawAnswer {
    let key = PrivateKey::from_pkcs8_pem(keys::pem("merchant_test_key.pem")).expect("test key");
    let signer = wechatpay_runtime::protocol::authorization::MerchantSigner::new(
        MCHID,
        MERCHANT_SERIAL,
        key,
    )
    .expect("signer");
    let authorization = signer
        .authorize(
            method,
            target,
            body,
            wechatpay_runtime::protocol::clock::Clock::now_unix(&h.clock),
        )
        .expect("signs");
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{target}", h.mock.url()))
        .header("Authorization", authorization)
        .header("Accept", "application/json");
    if !body.is_empty() {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_vec());
    }
    if let Some(fault) = fault {
        request = request.header(wechatpay_mock::FAULT_HEADER, fault);
    }
    let answer = request.send().await.expect("the mock answers");
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let body = answer.bytes().await.expect("a body").to_vec();
    (status, headers, body)
}

/// A base URL where nothing listens, so connecting fails at once.
pub async fn refusing_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

/// Asserts that `shown` holds no secret of a call: not the signature of the `Authorization`
/// header the mock received, not a line of the merchant's private key.
pub fn assert_no_secret(shown: &str, authorization: &str) {
    let signature = authorization
        .split("signature=\"")
        .nth(1)
        .map(|rest| rest.trim_end_matches('"'))
        .expect("an Authorization header with a signature");
    assert!(!shown.contains(signature), "the signature leaked:\n{shown}");
    assert!(
        !shown.contains("signature=\""),
        "an Authorization header leaked:\n{shown}"
    );
    assert!(
        !shown.contains("PRIVATE KEY"),
        "key material leaked:\n{shown}"
    );
    let key = String::from_utf8(keys::pem("merchant_test_key.pem")).expect("a PEM file");
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!shown.contains(line), "key material leaked:\n{shown}");
    }
}
