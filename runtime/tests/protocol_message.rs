//! The signed messages, byte for byte, and the nonces that go into them.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::collections::HashSet;

use wechatpay_runtime::protocol::message::{NONCE_LEN, nonce, request_message, response_message};

const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

#[test]
fn get_message_has_an_empty_body_line() {
    let message = request_message(
        "GET",
        "/v3/certificates",
        1_554_208_460,
        "593BEC0C930BF1AFEB40B4A08C8FB242",
        b"",
    );
    assert_eq!(
        message,
        b"GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
    );
}

#[test]
fn target_keeps_its_query_byte_for_byte() {
    let target = "/v3/pay/transactions/out-trade-no/1217752501201407033233368018?mchid=1230000109&note=%E5%A4%87%20x";
    let message = request_message("GET", target, 1, "n", b"");
    assert_eq!(message, format!("GET\n{target}\n1\nn\n\n").into_bytes());
}

#[test]
fn post_message_carries_the_exact_body_bytes() {
    let body = r#"{"appid":"wxd678efh567hg6787","description":"Image形象店-深圳腾大-QQ公仔","amount":{"total":100,"currency":"CNY"}}"#;
    let message = request_message(
        "POST",
        "/v3/pay/transactions/jsapi",
        1_554_208_460,
        "N",
        body.as_bytes(),
    );
    let mut expected = b"POST\n/v3/pay/transactions/jsapi\n1554208460\nN\n".to_vec();
    expected.extend_from_slice(body.as_bytes());
    expected.push(b'\n');
    assert_eq!(message, expected);
}

#[test]
fn body_bytes_are_not_reinterpreted() {
    // Whitespace, a trailing newline and bytes that are not UTF-8 all stay as sent.
    let body = b"{ \"a\" : 1 }\n\xff";
    let message = request_message("PUT", "/x", 0, "n", body);
    assert_eq!(message, b"PUT\n/x\n0\nn\n{ \"a\" : 1 }\n\xff\n");
}

#[test]
fn response_message_layout() {
    let body = r#"{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz","说明":"成功"}"#;
    let message = response_message(
        "1554209980",
        "c5ac7061fccab6bf3e254dcf98995b8c",
        body.as_bytes(),
    );
    assert_eq!(
        message,
        format!("1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{body}\n").into_bytes()
    );
    assert_eq!(response_message("1", "n", b""), b"1\nn\n\n");
}

#[test]
fn nonces_are_32_alphanumerics_and_distinct() {
    let nonces: Vec<String> = (0..1000).map(|_| nonce().unwrap()).collect();
    for nonce in &nonces {
        assert_eq!(nonce.len(), NONCE_LEN);
        assert!(
            nonce.bytes().all(|byte| byte.is_ascii_alphanumeric()),
            "{nonce}"
        );
    }
    assert_eq!(nonces.iter().collect::<HashSet<_>>().len(), nonces.len());
}

#[test]
fn nonce_characters_are_uniform() {
    // 200,000 characters: about 3,226 of each. A plain `byte % 62` would give the first eight
    // characters 5/256 each (~3,906) and the rest 4/256 (~3,125); the ±10% band below is more
    // than five standard deviations wide, so it catches that bias and never fails by chance.
    let mut counts = [0_u32; 62];
    for _ in 0..6_250 {
        for byte in nonce().unwrap().bytes() {
            let index = ALPHABET.bytes().position(|known| known == byte).unwrap();
            counts[index] += 1;
        }
    }
    let expected = 200_000.0 / 62.0;
    for (index, &count) in counts.iter().enumerate() {
        let ratio = f64::from(count) / expected;
        assert!(
            (0.9..1.1).contains(&ratio),
            "{:?} appeared {count} times, expected about {expected:.0}",
            char::from(ALPHABET.as_bytes()[index])
        );
    }
}
