//! Sensitive fields (敏感信息) end to end, against a real local server: a hand-made `Operation`
//! with encrypted fields nested in an array and in an object, which the server decrypts with the
//! WeChat Pay private key after checking that `Wechatpay-Serial` names that key; retries resend
//! the same ciphertext; an encrypted answer field opened with the merchant key; and everything
//! refused before sending (too long a plaintext, no key to encrypt with, a request that does not
//! declare its encrypted fields).

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use wechatpay_apiv3::shared::ErrorCode;
use wechatpay_runtime::client::Sleeper;
use wechatpay_runtime::protocol::ResponseSignatureHeaders;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};
use wechatpay_runtime::sensitive::{MAX_PLAINTEXT_BYTES, OUTSIDE_THE_CLIENT, OaepError};
use wechatpay_runtime::{
    Client, Encrypted, Error, FieldPath, LengthUnit, Method as HttpMethod, Operation, Rule,
    SecretString, Validate, Violation,
};

use common::{InstantSleeper, MCHID, MERCHANT_SERIAL, NOW, PUBLIC_KEY_ID, Serving, serve};

const MERCHANT_KEY: &str = include_str!("data/protocol/merchant_test_key.pem");
const WECHATPAY_PUBLIC_KEY: &str = include_str!("data/protocol/wechatpay_public_key_test.pem");
const PLATFORM_KEY: &str = include_str!("data/protocol/platform_test_key.pem");
const PLATFORM_CERT: &str = include_str!("data/protocol/platform_test_cert.pem");
const PLATFORM_CERT_ROTATED: &str = include_str!("data/protocol/platform_test_cert_rotated.pem");
const PLATFORM_CERT_EXPIRED: &str = include_str!("data/protocol/platform_test_cert_expired.pem");
/// The platform certificate valid from 2020.
const PLATFORM_SERIAL: &str = "7E57000000000000000000000000000000000001";
/// The newest of the two valid platform certificates, valid from 2024-01-01T00:00:00Z.
const ROTATED_SERIAL: &str = "7E57000000000000000000000000000000000003";
const ROTATED_FROM: i64 = 1_704_067_200;

// ---- The request, as generated code would describe it ----

/// 添加分账接收方, with a contact: the receivers' and the contact's names are sent encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Validate)]
struct AddReceivers {
    #[validate(required, length(max = 32))]
    appid: String,
    #[validate(nested)]
    receivers: Vec<Receiver>,
    #[validate(nested)]
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<Contact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
struct Receiver {
    #[serde(rename = "type")]
    #[validate(name = "type", required)]
    kind: String,
    #[validate(required)]
    account: String,
    /// The page gives the ciphertext's length: only the encryption's own limit is checked.
    #[validate(required, length(max = 214, unit = "bytes"))]
    name: SecretString,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
struct Contact {
    /// A page's limit on the plaintext, in characters: the 214 bytes still apply.
    #[validate(length(min = 1, max = 100))]
    name: Option<SecretString>,
    /// No rule at all: only the encryption itself limits it.
    id_number: Option<SecretString>,
}

#[derive(Debug, Deserialize)]
struct AddedReceivers {
    account: String,
    name: Option<Encrypted>,
}

impl Operation for AddReceivers {
    type Response = AddedReceivers;
    type ErrorCode = ErrorCode;
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH_TEMPLATE: &'static str = "/v3/profitsharing/receivers/add";
    const IDEMPOTENT: bool = true;
    const SIGNED_RESPONSE: bool = true;
    const ENCRYPTS: bool = true;

    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        serde_json::to_vec(self).map(Some)
    }
}

/// The same request from a generator that forgot `ENCRYPTS`.
#[derive(Debug)]
struct Undeclared(AddReceivers);

impl Validate for Undeclared {
    fn validate_at(&self, path: &FieldPath<'_>, out: &mut Vec<Violation>) {
        self.0.validate_at(path, out);
    }
}

impl Operation for Undeclared {
    type Response = AddedReceivers;
    type ErrorCode = ErrorCode;
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH_TEMPLATE: &'static str = "/v3/profitsharing/receivers/add";
    const IDEMPOTENT: bool = true;
    const SIGNED_RESPONSE: bool = true;

    fn body(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        self.0.body()
    }
}

fn request() -> AddReceivers {
    AddReceivers {
        appid: "wx8888888888888888".to_owned(),
        receivers: vec![
            Receiver {
                kind: "PERSONAL_OPENID".to_owned(),
                account: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".to_owned(),
                name: "张三".into(),
            },
            Receiver {
                kind: "MERCHANT_ID".to_owned(),
                account: "1900000109".to_owned(),
                name: "深圳腾大餐饮有限公司".into(),
            },
        ],
        contact: Some(Contact {
            name: Some("李四".into()),
            id_number: Some("110101199003074477".into()),
        }),
    }
}

/// Where the request puts its encrypted fields, and their plaintexts.
const PLAINTEXTS: [(&str, &str); 4] = [
    ("/receivers/0/name", "张三"),
    ("/receivers/1/name", "深圳腾大餐饮有限公司"),
    ("/contact/name", "李四"),
    ("/contact/id_number", "110101199003074477"),
];

// ---- The server ----

/// One request as the server received it.
#[derive(Debug, Clone)]
struct Seen {
    serial: Option<String>,
    body: Vec<u8>,
    /// The encrypted fields, decrypted with the key the serial names, by JSON pointer.
    decrypted: Vec<(String, String)>,
}

struct ServerState {
    /// The status of each attempt in turn; 200 after the list.
    statuses: Vec<u16>,
    /// The serial requests must name: of the key the server decrypts with and signs with.
    serial: &'static str,
    key: PrivateKey,
    /// The time answers are signed at.
    signed_at: i64,
    seen: Mutex<Vec<Seen>>,
}

/// WeChat Pay, for the endpoint above: checks the request's signature and `Wechatpay-Serial`,
/// decrypts its sensitive fields, and answers the first receiver's account with its name
/// encrypted under the merchant's public key.
struct Server {
    url: String,
    state: Arc<ServerState>,
    /// Stops the server when dropped.
    _serving: Serving,
}

impl Server {
    /// In public-key mode, at [`NOW`].
    async fn start(statuses: Vec<u16>) -> Self {
        Self::start_with(ServerState {
            statuses,
            serial: PUBLIC_KEY_ID,
            key: common::wechatpay_key(),
            signed_at: NOW,
            seen: Mutex::new(Vec::new()),
        })
        .await
    }

    async fn start_with(state: ServerState) -> Self {
        let state = Arc::new(state);
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

    fn seen(&self) -> Vec<Seen> {
        self.state
            .seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = uri.path_and_query().unwrap().as_str().to_owned();
    let authorization = headers.get("Authorization").and_then(|v| v.to_str().ok());
    let merchant = common::merchant_key();
    if !common::signed_by_merchant(authorization, method.as_str(), &target, &body, &merchant) {
        return error(401, "SIGN_ERROR");
    }
    let serial = headers
        .get("Wechatpay-Serial")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let decrypted = PLAINTEXTS
        .iter()
        .filter_map(|(pointer, _)| {
            let ciphertext = json.pointer(pointer)?.as_str()?;
            let plaintext = state.key.decrypt_oaep(ciphertext).ok()?;
            Some(((*pointer).to_owned(), plaintext.expose().to_owned()))
        })
        .collect();
    let index = {
        let mut seen = state.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.push(Seen {
            serial: serial.clone(),
            body: body.to_vec(),
            decrypted,
        });
        seen.len() - 1
    };
    // As the service does: a request naming a key it does not have is refused.
    if serial.as_deref() != Some(state.serial) {
        return error(400, "INVALID_REQUEST");
    }
    let status = state.statuses.get(index).copied().unwrap_or(200);
    if status != 200 {
        return error(status, "SYSTEM_ERROR");
    }
    let account = json.pointer("/receivers/0/account").unwrap().clone();
    let name = state
        .key
        .decrypt_oaep(json.pointer("/receivers/0/name").unwrap().as_str().unwrap())
        .unwrap();
    // Answered encrypted under the merchant's public key, as the service answers.
    let sealed = merchant.encrypt_oaep(name.expose().as_bytes()).unwrap();
    let answer =
        serde_json::to_vec(&serde_json::json!({ "account": account, "name": sealed })).unwrap();
    let signed =
        ResponseSignatureHeaders::sign(&state.key, state.serial, state.signed_at, &answer).unwrap();
    let mut headers = HeaderMap::new();
    for (name, value) in signed.pairs() {
        headers.insert(name, HeaderValue::from_str(value).unwrap());
    }
    headers.insert("Content-Type", HeaderValue::from_static("application/json"));
    (StatusCode::OK, headers, answer).into_response()
}

fn error(status: u16, code: &str) -> Response {
    let body = format!(r#"{{"code":"{code}","message":"refused by the test server"}}"#);
    (StatusCode::from_u16(status).unwrap(), body).into_response()
}

// ---- Clients ----

/// Moves a clock on by `step` at every wait, so that time passes between attempts.
#[derive(Debug)]
struct ClockSleeper {
    clock: ManualClock,
    step: i64,
}

impl Sleeper for ClockSleeper {
    fn sleep(&self, _duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        self.clock.advance(self.step);
        Box::pin(async {})
    }
}

fn builder() -> wechatpay_runtime::ClientBuilder {
    Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .clock(Arc::new(ManualClock::new(NOW)))
        .sleeper(Arc::new(InstantSleeper::default()) as Arc<dyn Sleeper>)
}

/// A client in public-key mode, with platform certificates too: the public key is preferred.
fn client_of(server: &Server) -> Client {
    builder()
        .wechatpay_public_key(PUBLIC_KEY_ID, WECHATPAY_PUBLIC_KEY)
        .platform_certificate(PLATFORM_CERT)
        .base_url(&server.url)
        .build()
        .unwrap()
}

fn assert_decrypted_as_sent(seen: &Seen) {
    let expected: Vec<(String, String)> = PLAINTEXTS
        .iter()
        .map(|(pointer, plaintext)| ((*pointer).to_owned(), (*plaintext).to_owned()))
        .collect();
    assert_eq!(seen.decrypted, expected);
    let body = String::from_utf8(seen.body.clone()).unwrap();
    for (_, plaintext) in PLAINTEXTS {
        assert!(
            !body.contains(plaintext),
            "{plaintext} sent in clear: {body}"
        );
    }
}

// ---- Tests ----

#[tokio::test]
async fn encrypted_fields_reach_the_server_under_the_key_the_serial_names() {
    let server = Server::start(Vec::new()).await;
    let client = client_of(&server);
    let response = client.execute(&request()).await.unwrap();

    let [seen] = server.seen().try_into().unwrap();
    assert_eq!(seen.serial.as_deref(), Some(PUBLIC_KEY_ID));
    assert_decrypted_as_sent(&seen);
    // The other fields are sent as they are.
    let json: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(json["appid"], "wx8888888888888888");
    assert_eq!(json["receivers"][1]["type"], "MERCHANT_ID");
    for (pointer, _) in PLAINTEXTS {
        assert_eq!(json.pointer(pointer).unwrap().as_str().unwrap().len(), 344);
    }

    // The answer's encrypted field, opened with the merchant key the client signs with.
    let added = response.into_inner();
    assert_eq!(added.account, "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    let name = added.name.unwrap();
    assert!(format!("{name:?}").starts_with("Encrypted(<RSA-OAEP ciphertext"));
    assert_eq!(name.decrypt(&client).unwrap().expose(), "张三");
    assert_eq!(client.decrypt(&name).unwrap().expose(), "张三");
    let merchant = PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap();
    assert_eq!(name.decrypt_with(&merchant).unwrap().expose(), "张三");
    // Not under WeChat Pay's key: that one opens requests, not answers.
    assert_eq!(
        name.decrypt_with(&common::wechatpay_key()),
        Err(OaepError::Undecryptable)
    );
}

#[tokio::test]
async fn retries_resend_the_same_ciphertext() {
    let server = Server::start(vec![500, 503]).await;
    let client = client_of(&server);
    let response = client.execute(&request()).await.unwrap();
    assert_eq!(response.attempts(), 3);

    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for attempt in &seen {
        assert_eq!(attempt.serial.as_deref(), Some(PUBLIC_KEY_ID));
        assert_decrypted_as_sent(attempt);
        // Byte for byte: the body was encrypted once for the call.
        assert_eq!(attempt.body, seen[0].body);
    }
    // A second call encrypts afresh: OAEP is randomized.
    client.execute(&request()).await.unwrap();
    let again = server.seen();
    assert_ne!(again[3].body, seen[0].body);
    assert_decrypted_as_sent(&again[3]);
}

/// The certificate to encrypt with changes between two attempts: the retry still names the
/// certificate its body was encrypted for, since it resends that body.
#[tokio::test]
async fn a_retry_names_the_key_its_body_was_encrypted_for_across_a_rotation() {
    let start = ROTATED_FROM - 100;
    let server = Server::start_with(ServerState {
        statuses: vec![500],
        serial: PLATFORM_SERIAL,
        key: PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap(),
        signed_at: start + 200,
        seen: Mutex::new(Vec::new()),
    })
    .await;
    let clock = ManualClock::new(start);
    let client = Client::builder()
        .merchant(MCHID, MERCHANT_SERIAL, MERCHANT_KEY)
        .platform_certificate(PLATFORM_CERT)
        .platform_certificate(PLATFORM_CERT_ROTATED)
        .clock(Arc::new(clock.clone()))
        .sleeper(Arc::new(ClockSleeper {
            clock: clock.clone(),
            step: 200,
        }))
        .base_url(&server.url)
        .build()
        .unwrap();
    let response = client.execute(&request()).await.unwrap();
    assert_eq!(response.attempts(), 2);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for attempt in &seen {
        assert_eq!(attempt.serial.as_deref(), Some(PLATFORM_SERIAL));
        assert_decrypted_as_sent(attempt);
        assert_eq!(attempt.body, seen[0].body);
    }
    // A new call, now that the rotated certificate is valid, encrypts for it.
    let signed = client.sign_request(&request()).unwrap();
    assert!(
        signed
            .headers
            .contains(&("Wechatpay-Serial", ROTATED_SERIAL.to_owned()))
    );
}

#[tokio::test]
async fn sign_request_encrypts_and_names_the_key_as_execute_does() {
    let server = Server::start(Vec::new()).await;
    let client = client_of(&server);
    let signed = client.sign_request(&request()).unwrap();
    let serials: Vec<&str> = signed
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("Wechatpay-Serial"))
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(serials, [PUBLIC_KEY_ID]);
    let body: serde_json::Value = serde_json::from_slice(signed.body.as_ref().unwrap()).unwrap();
    let key = common::wechatpay_key();
    for (pointer, plaintext) in PLAINTEXTS {
        let ciphertext = body.pointer(pointer).unwrap().as_str().unwrap();
        assert_eq!(key.decrypt_oaep(ciphertext).unwrap().expose(), plaintext);
    }
    // Neither the request nor what was signed shows a plaintext.
    for shown in [format!("{:?}", request()), format!("{signed:?}")] {
        for (_, plaintext) in PLAINTEXTS {
            assert!(!shown.contains(plaintext), "{shown}");
        }
    }
}

#[test]
fn without_a_public_key_the_newest_valid_certificate_encrypts() {
    let client = builder()
        .platform_certificate(PLATFORM_CERT)
        .platform_certificate(PLATFORM_CERT_ROTATED)
        .platform_certificate(PLATFORM_CERT_EXPIRED)
        .build()
        .unwrap();
    let signed = client.sign_request(&request()).unwrap();
    let serial = signed
        .headers
        .iter()
        .find(|(name, _)| *name == "Wechatpay-Serial")
        .map(|(_, value)| value.as_str());
    assert_eq!(serial, Some(ROTATED_SERIAL));
    // Both certificates carry the platform key; the body opens with it.
    let body: serde_json::Value = serde_json::from_slice(signed.body.as_ref().unwrap()).unwrap();
    let key = PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap();
    let ciphertext = body.pointer("/receivers/0/name").unwrap().as_str().unwrap();
    assert_eq!(key.decrypt_oaep(ciphertext).unwrap().expose(), "张三");
}

#[tokio::test]
async fn no_key_to_encrypt_with_is_a_typed_error_before_sending() {
    let server = Server::start(Vec::new()).await;
    // Only an expired certificate: responses could not be verified either, but the request
    // is refused first, for want of a key to encrypt with.
    let client = builder()
        .platform_certificate(PLATFORM_CERT_EXPIRED)
        .base_url(&server.url)
        .build()
        .unwrap();
    let error = client.execute(&request()).await.unwrap_err();
    assert!(matches!(error, Error::NoEncryptionKey), "{error:?}");
    assert!(error.to_string().contains("not sent"), "{error}");
    assert!(matches!(
        client.sign_request(&request()),
        Err(Error::NoEncryptionKey)
    ));
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_215_byte_plaintext_is_refused_by_validation_naming_the_field() {
    let server = Server::start(Vec::new()).await;
    let client = client_of(&server);
    let secret = "a".repeat(MAX_PLAINTEXT_BYTES + 1);
    let mut long = request();
    long.receivers[1].name = secret.as_str().into();
    let error = client.execute(&long).await.unwrap_err();
    let Error::Validation(validation) = &error else {
        panic!("expected a validation error, got {error:?}");
    };
    let [violation] = validation.violations() else {
        panic!("{validation}");
    };
    assert_eq!(violation.field, "receivers[1].name");
    assert_eq!(
        violation.rule,
        Rule::Length {
            min: None,
            max: Some(214),
            unit: LengthUnit::Bytes,
            actual: 215
        }
    );
    assert_eq!(violation.value, "<redacted>");
    assert_eq!(
        validation.to_string(),
        r#"1 invalid field: receivers[1].name: must be at most 214 bytes long (found 215) in "<redacted>""#
    );
    assert!(!error.report().contains(&secret));
    assert!(server.seen().is_empty());

    // 214 bytes are fine.
    long.receivers[1].name = "a".repeat(MAX_PLAINTEXT_BYTES).into();
    assert!(long.validate().is_ok());
}

#[test]
fn the_214_bytes_apply_beside_a_limit_in_characters() {
    let mut request = request();
    // 80 characters, within the page's 100, but 240 bytes.
    request.contact = Some(Contact {
        name: Some("张".repeat(80).into()),
        id_number: None,
    });
    let violations = request.validate().unwrap_err().into_violations();
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].field, "contact.name");
    assert_eq!(
        violations[0].rule,
        Rule::Length {
            min: None,
            max: Some(214),
            unit: LengthUnit::Bytes,
            actual: 240
        }
    );
    // Over the page's own limit: that violation alone, not two for one field.
    request.contact = Some(Contact {
        name: Some("张".repeat(101).into()),
        id_number: None,
    });
    let violations = request.validate().unwrap_err().into_violations();
    assert_eq!(violations.len(), 1);
    assert_eq!(
        violations[0].to_string(),
        r#"contact.name: must be 1 to 100 characters long (found 101) in "<redacted>""#
    );
    // And an empty required one is missing, as any text.
    let mut empty = self::request();
    empty.receivers[0].name = SecretString::default();
    assert_eq!(
        empty.validate().unwrap_err().to_string(),
        "1 invalid field: receivers[0].name: is required but empty"
    );
}

#[tokio::test]
async fn a_field_no_rule_checks_is_refused_when_it_cannot_be_encrypted() {
    let server = Server::start(Vec::new()).await;
    let client = client_of(&server);
    let mut request = request();
    request.contact = Some(Contact {
        name: None,
        id_number: Some("9".repeat(300).into()),
    });
    let error = client.execute(&request).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Encrypt(OaepError::PlaintextTooLong { len: 300, max: 214 })
        ),
        "{error:?}"
    );
    assert!(!error.report().contains("999"), "{}", error.report());
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_request_that_does_not_declare_its_encrypted_fields_never_sends_them() {
    let server = Server::start(Vec::new()).await;
    let client = client_of(&server);
    let error = client.execute(&Undeclared(request())).await.unwrap_err();
    let Error::Encode(source) = &error else {
        panic!("expected an encoding error, got {error:?}");
    };
    assert!(source.to_string().contains(OUTSIDE_THE_CLIENT), "{source}");
    for (_, plaintext) in PLAINTEXTS {
        assert!(!error.report().contains(plaintext));
    }
    assert!(server.seen().is_empty());
}

#[test]
fn a_secret_reads_plaintext_from_json_and_keys_encrypt_for_each_other() {
    // Nested request objects derive Deserialize too: a secret reads its plaintext.
    let receiver: Receiver =
        serde_json::from_str(r#"{"type":"PERSONAL_OPENID","account":"o1","name":"张三"}"#).unwrap();
    assert_eq!(receiver.name.expose(), "张三");
    // Public keys and certificates encrypt; the matching private key decrypts.
    let certificate =
        wechatpay_runtime::protocol::keys::Certificate::from_pem(PLATFORM_CERT).unwrap();
    let sealed = certificate.encrypt_oaep("张三".as_bytes()).unwrap();
    let platform = PrivateKey::from_pkcs8_pem(PLATFORM_KEY).unwrap();
    assert_eq!(platform.decrypt_oaep(&sealed).unwrap().expose(), "张三");
    let public = PublicKey::from_spki_pem(WECHATPAY_PUBLIC_KEY).unwrap();
    let sealed = public.encrypt_oaep(b"x").unwrap();
    assert_eq!(
        common::wechatpay_key()
            .decrypt_oaep(&sealed)
            .unwrap()
            .expose(),
        "x"
    );
    assert_eq!(
        platform.decrypt_oaep(&sealed),
        Err(OaepError::Undecryptable)
    );
}
