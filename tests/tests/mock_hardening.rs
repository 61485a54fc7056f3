//! The mock under hostile or careless requests: bodies too large or broken, a flood of
//! unauthenticated requests, out-of-range faults, slow or too many connections, and parameters
//! a careful server refuses. Every test sends real requests over loopback.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use wechatpay_mock::{Both, FAULT_HEADER, MockConfig, MockServer, Strictness, Unknown};
use wechatpay_runtime::protocol::authorization::MerchantSigner;
use wechatpay_runtime::protocol::clock::ManualClock;
use wechatpay_runtime::protocol::keys::PrivateKey;
use wechatpay_tests::keys::{self, MCHID, MERCHANT_SERIAL, PUBLIC_KEY_ID};
use wechatpay_tests::{NOW, SigningKey, mock_config};

const RETURN_ORDERS: &str = "/v3/ecommerce/profitsharing/returnorders";
const QUERY: &str =
    "?sub_mchid=1900000109&order_id=3008450740201411110007820472&out_return_no=R20190516001";

fn config() -> MockConfig {
    mock_config(SigningKey::PublicKey, &ManualClock::new(NOW))
}

async fn start(config: MockConfig) -> MockServer {
    MockServer::start(config).await.unwrap()
}

fn authorization(method: &str, target: &str, body: &[u8]) -> String {
    let key = PrivateKey::from_pkcs8_pem(keys::pem("merchant_test_key.pem")).unwrap();
    let signer = MerchantSigner::new(MCHID, MERCHANT_SERIAL, key).unwrap();
    signer.authorize(method, target, body, NOW).unwrap()
}

/// Sends `method target` with `body`, the `Authorization` signed over `signed_body`, and extra
/// headers; the status and the JSON body of the answer.
async fn send(
    mock: &MockServer,
    method: &str,
    target: &str,
    (body, signed_body): (Vec<u8>, &[u8]),
    headers: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{}{target}", mock.url()),
        )
        .header("Authorization", authorization(method, target, signed_body))
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status().as_u16();
    let body = answer.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn get(mock: &MockServer, target: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    send(mock, "GET", target, (Vec::new(), b""), headers).await
}

fn assert_param_error(answer: &(u16, Value), field: &str, issue: &str) {
    let (status, body) = answer;
    assert_eq!(*status, 400, "{body}");
    assert_eq!(body["code"], "PARAM_ERROR", "{body}");
    assert_eq!(body["detail"]["field"], field, "{body}");
    let said = body["detail"]["issue"].as_str().unwrap_or_default();
    assert!(said.contains(issue), "`{issue}` not in {body}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_whatever_was_signed() {
    let mock = start(config()).await;
    let target = format!("{RETURN_ORDERS}{QUERY}");
    // A GET carrying 10 MiB, signed over an empty body: never read as an empty body.
    let (status, body) = send(&mock, "GET", &target, (vec![b'x'; 10 << 20], b""), &[]).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["code"], "INVALID_REQUEST");
    // A POST over 1 MiB, correctly signed: refused for its size, not as a bad signature.
    let big = vec![b' '; (1 << 20) + 1];
    let (status, _) = send(
        &mock,
        "POST",
        "/v3/sample/profitsharing/orders",
        (big.clone(), &big),
        &[],
    )
    .await;
    assert_eq!(status, 413);
    // Under the limit, the signature is checked against the body that came.
    let (status, body) = send(&mock, "GET", &target, (b"{}".to_vec(), b""), &[]).await;
    assert_eq!(status, 401, "{body}");
}

#[tokio::test]
async fn a_route_may_take_larger_bodies() {
    let route = "POST /v3/sample/profitsharing/orders";
    let mock = start(config().route_body_limit(route, 4 << 20)).await;
    let big = vec![b' '; 2 << 20];
    let (status, body) = send(
        &mock,
        "POST",
        "/v3/sample/profitsharing/orders",
        (big.clone(), &big),
        &[],
    )
    .await;
    // Read and authenticated: what is wrong now is the (blank) body itself.
    assert_eq!(status, 400, "{body}");
    assert_ne!(body["code"], "SIGN_ERROR");
    let unknown = config().route_body_limit("POST /v3/nowhere", 1);
    assert!(MockServer::start(unknown).await.is_err());
}

#[tokio::test]
async fn a_broken_chunked_body_is_400_not_an_empty_body() {
    let mock = start(config()).await;
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    let request = "POST /v3/sample/profitsharing/orders HTTP/1.1\r\nHost: x\r\n\
                   Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nzz\r\n";
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = vec![0; 64];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[tokio::test]
async fn the_log_keeps_little_of_unauthenticated_requests_and_stays_within_its_bytes() {
    let mock = start(config().request_log_bytes(64 << 10, 1 << 10)).await;
    let target = format!("{RETURN_ORDERS}{QUERY}");
    for _ in 0..20 {
        let body = vec![b'x'; 1 << 20];
        let (status, _) = send(&mock, "GET", &target, (body, b"not this"), &[]).await;
        assert_eq!(status, 401);
    }
    let received = mock.received();
    assert_eq!(received.len(), 20);
    for entry in &received {
        assert!(entry.headers.is_empty() && entry.body.is_empty());
        assert_eq!(entry.body_len, 1 << 20);
    }
    // Authenticated requests keep their headers, and bodies up to the per-body limit.
    let body = vec![b' '; 100 << 10];
    for _ in 0..20 {
        send(
            &mock,
            "POST",
            "/v3/sample/profitsharing/orders",
            (body.clone(), &body),
            &[],
        )
        .await;
    }
    let last = mock.received().pop().unwrap();
    assert!(last.header("Authorization").is_some());
    assert_eq!((last.body.len(), last.body_len), (1 << 10, 100 << 10));
    assert!(mock.received_bytes() <= 64 << 10);
    assert_eq!(mock.received_count(), 40);
}

#[tokio::test]
async fn faults_outside_their_range_are_400_not_a_panic_or_a_hang() {
    let mock = start(config()).await;
    let target = format!("{RETURN_ORDERS}{QUERY}");
    for fault in [
        "stale_timestamp=9223372036854775807",
        "latency=18446744073709551615s",
    ] {
        let (status, body) = get(&mock, &target, &[(FAULT_HEADER, fault)]).await;
        assert_eq!(status, 400, "{fault}: {body}");
        assert!(body["message"].as_str().unwrap().contains(fault), "{body}");
    }
}

#[tokio::test]
async fn a_slow_header_is_cut_off_and_connections_are_capped() {
    let slow = config().header_read_timeout(Duration::from_millis(200));
    let mock = start(slow).await;
    let mut stream = TcpStream::connect(mock.addr()).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buffer = [0; 256];
    // The server closes the connection (possibly after a 408) well before this bound.
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "still open after {:?}", started.elapsed());

    let capped = start(config().max_connections(1)).await;
    let holder = TcpStream::connect(capped.addr()).await.unwrap();
    let target = format!("{RETURN_ORDERS}{QUERY}");
    let waiting = tokio::spawn({
        let url = format!("{}{target}", capped.url());
        let authorization = authorization("GET", &target, b"");
        async move {
            reqwest::Client::new()
                .get(url)
                .header("Authorization", authorization)
                .send()
                .await
                .map(|answer| answer.status().as_u16())
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "served past the cap");
    drop(holder);
    let status = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(status, 200);
}

#[tokio::test]
async fn query_parameters_are_read_strictly() {
    let mock = start(config()).await;
    let base = RETURN_ORDERS;
    let valid =
        "sub_mchid=1900000109&order_id=3008450740201411110007820472&out_return_no=R20190516001";
    assert_eq!(get(&mock, &format!("{base}?{valid}"), &[]).await.0, 200);
    let cases = [
        (
            format!("{valid}&sub_mchid=1900000109"),
            "sub_mchid",
            "more than once",
        ),
        (format!("{valid}&debug=1"), "debug", "not a parameter"),
        (
            valid.replace("R20190516001", "R%zz"),
            "out_return_no",
            "two hex digits",
        ),
        (
            valid.replace("R20190516001", "R%"),
            "out_return_no",
            "two hex digits",
        ),
        (
            valid.replace("R20190516001", "R%00"),
            "out_return_no",
            "NUL",
        ),
        (
            valid.replace("R20190516001", "R%FF"),
            "out_return_no",
            "not UTF-8",
        ),
    ];
    for (query, field, issue) in cases {
        assert_param_error(
            &get(&mock, &format!("{base}?{query}"), &[]).await,
            field,
            issue,
        );
    }
    // An empty required value is missing, as the client's validation says too.
    let brand = "/v3/brand/profitsharing/returnorders?sub_mchid=&out_order_no=P20150806125346&out_return_no=R20190516001";
    assert_param_error(&get(&mock, brand, &[]).await, "sub_mchid", "is required");

    let lenient = Strictness {
        unknown_query_parameters: Unknown::Ignore,
        ..Strictness::default()
    };
    let mock = start(config().strictness(lenient)).await;
    assert_eq!(
        get(&mock, &format!("{base}?{valid}&debug=1"), &[]).await.0,
        200
    );
}

#[tokio::test]
async fn protocol_headers_a_careful_server_refuses() {
    let mock = start(config()).await;
    let target = format!("{RETURN_ORDERS}{QUERY}");
    let twice = {
        let signed = authorization("GET", &target, b"");
        reqwest::Client::new()
            .get(format!("{}{target}", mock.url()))
            .header("Authorization", signed.clone())
            .header("Authorization", signed)
            .send()
            .await
            .unwrap()
    };
    let status = twice.status().as_u16();
    let body: Value = serde_json::from_slice(&twice.bytes().await.unwrap()).unwrap();
    assert_param_error(&(status, body), "Authorization", "2 times");

    for accept in ["text/html", "application/json;q=0", "text/*"] {
        let (status, body) = get(&mock, &target, &[("Accept", accept)]).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("INVALID_REQUEST")),
            "{accept}"
        );
    }
    for accept in ["application/json", "*/*", "text/html, application/*;q=0.5"] {
        assert_eq!(
            get(&mock, &target, &[("Accept", accept)]).await.0,
            200,
            "{accept}"
        );
    }
    let (status, body) = get(&mock, &target, &[("Wechatpay-Serial", "PUB_KEY_ID_OTHER")]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("INVALID_REQUEST"))
    );
    assert_eq!(
        get(&mock, &target, &[("Wechatpay-Serial", PUBLIC_KEY_ID)])
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn both_one_of_members_are_a_configurable_choice() {
    let target = format!("{RETURN_ORDERS}{QUERY}&out_order_no=P20150806125346");
    let mock = start(config()).await;
    assert_eq!(get(&mock, &target, &[]).await.0, 200);
    let strict = Strictness {
        both_one_of_members: Both::Reject,
        ..Strictness::default()
    };
    let mock = start(config().strictness(strict)).await;
    assert_param_error(
        &get(&mock, &target, &[]).await,
        "order_id/out_order_no",
        "only one of",
    );
}
