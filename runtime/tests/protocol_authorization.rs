//! The request `Authorization` header: what the signer writes, what the server-side parser
//! accepts and refuses, and what `verify_request` proves.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use wechatpay_runtime::protocol::authorization::{
    AuthorizationError, MerchantSigner, parse, verify_request,
};
use wechatpay_runtime::protocol::keys::{PrivateKey, PublicKey};

const MERCHANT_KEY: &str = include_str!("data/protocol/merchant_test_key.pem");
const MERCHANT_PUBLIC_KEY: &str = include_str!("data/protocol/merchant_test_public_key.pem");
const OTHER_PUBLIC_KEY: &str = include_str!("data/protocol/wechatpay_public_key_test.pem");

const MCHID: &str = "1900009191";
const SERIAL_NO: &str = "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C";
const NONCE: &str = "593BEC0C930BF1AFEB40B4A08C8FB242";
const TIMESTAMP: i64 = 1_554_208_460;
const TARGET: &str = "/v3/pay/transactions/jsapi";
const BODY: &str =
    r#"{"mchid":"1900009191","description":"Image形象店-深圳腾大-QQ公仔","amount":{"total":1}}"#;

fn signer() -> MerchantSigner {
    MerchantSigner::new(
        MCHID,
        SERIAL_NO,
        PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap(),
    )
    .unwrap()
}

fn merchant_public_key() -> PublicKey {
    PublicKey::from_spki_pem(MERCHANT_PUBLIC_KEY).unwrap()
}

fn signed_post() -> String {
    signer()
        .authorization("POST", TARGET, BODY.as_bytes(), TIMESTAMP, NONCE)
        .unwrap()
}

/// The signature parameter's value in a header.
fn signature_of(header: &str) -> &str {
    let start = header.find("signature=\"").unwrap() + "signature=\"".len();
    let end = start + header[start..].find('"').unwrap();
    &header[start..end]
}

/// The five `name="value"` parameters of a header, in the order written.
fn params_of(header: &str) -> Vec<String> {
    header
        .strip_prefix("WECHATPAY2-SHA256-RSA2048 ")
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect()
}

fn with_params(params: &[String], separator: &str) -> String {
    format!("WECHATPAY2-SHA256-RSA2048 {}", params.join(separator))
}

fn parse_err(header: &str) -> AuthorizationError {
    parse(header).unwrap_err()
}

fn permutations(items: &[String]) -> Vec<Vec<String>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut all = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(index);
        for mut tail in permutations(&rest) {
            tail.insert(0, item.clone());
            all.push(tail);
        }
    }
    all
}

#[test]
fn header_has_the_documented_form() {
    let header = signed_post();
    let signature = signature_of(&header);
    assert_eq!(
        header,
        format!(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"{MCHID}\",nonce_str=\"{NONCE}\",timestamp=\"{TIMESTAMP}\",serial_no=\"{SERIAL_NO}\",signature=\"{signature}\""
        )
    );
    assert_eq!(STANDARD.decode(signature).unwrap().len(), 256);
}

#[test]
fn signed_header_parses_and_verifies() {
    let authorization = parse(&signed_post()).unwrap();
    assert_eq!(authorization.mchid(), MCHID);
    assert_eq!(authorization.nonce_str(), NONCE);
    assert_eq!(authorization.timestamp(), TIMESTAMP);
    assert_eq!(authorization.serial_no(), SERIAL_NO);
    assert_eq!(authorization.signature().len(), 256);
    verify_request(
        &authorization,
        "POST",
        TARGET,
        BODY.as_bytes(),
        &merchant_public_key(),
    )
    .unwrap();
}

#[test]
fn get_with_query_verifies_only_with_that_query() {
    let target = "/v3/pay/transactions/id/4200000985202103031441826014?mchid=1900009191";
    let header = signer()
        .authorization("GET", target, b"", TIMESTAMP, NONCE)
        .unwrap();
    let authorization = parse(&header).unwrap();
    let key = merchant_public_key();
    verify_request(&authorization, "GET", target, b"", &key).unwrap();
    let without_query = "/v3/pay/transactions/id/4200000985202103031441826014";
    assert_eq!(
        verify_request(&authorization, "GET", without_query, b"", &key),
        Err(AuthorizationError::BadSignature)
    );
}

#[test]
fn authorize_draws_a_fresh_nonce_each_time() {
    let signer = signer();
    let first = parse(
        &signer
            .authorize("GET", "/v3/certificates", b"", TIMESTAMP)
            .unwrap(),
    )
    .unwrap();
    let second = parse(
        &signer
            .authorize("GET", "/v3/certificates", b"", TIMESTAMP)
            .unwrap(),
    )
    .unwrap();
    assert_ne!(first.nonce_str(), second.nonce_str());
    assert_eq!(first.nonce_str().len(), 32);
    for authorization in [first, second] {
        verify_request(
            &authorization,
            "GET",
            "/v3/certificates",
            b"",
            &merchant_public_key(),
        )
        .unwrap();
    }
}

#[test]
fn parameters_parse_in_every_order() {
    let header = signed_post();
    let key = merchant_public_key();
    let orders = permutations(&params_of(&header));
    assert_eq!(orders.len(), 120);
    for (index, order) in orders.iter().enumerate() {
        let separator = [",", ", ", ",  ", " , ", ",\t"][index % 5];
        let reordered = with_params(order, separator);
        let authorization =
            parse(&reordered).unwrap_or_else(|error| panic!("{reordered}: {error}"));
        verify_request(&authorization, "POST", TARGET, BODY.as_bytes(), &key).unwrap();
    }
}

#[test]
fn spaces_are_tolerated_where_the_grammar_allows() {
    let header = signed_post();
    let params = params_of(&header);
    let spaced: Vec<String> = params
        .iter()
        .map(|param| param.replacen('=', " = ", 1))
        .collect();
    let variants = [
        header.replacen(' ', "   ", 1),
        format!("{header}  "),
        with_params(&spaced, " ,  "),
    ];
    for variant in variants {
        assert_eq!(
            parse(&variant).unwrap(),
            parse(&header).unwrap(),
            "{variant}"
        );
    }
}

#[test]
fn other_schemes_are_refused() {
    let header = signed_post();
    let params = header.strip_prefix("WECHATPAY2-SHA256-RSA2048").unwrap();
    for other in [
        String::new(),
        "Bearer abc".to_owned(),
        format!("WECHATPAY2-SM2-WITH-SM3{params}"),
        format!("wechatpay2-sha256-rsa2048{params}"),
        format!("WECHATPAY2-SHA256-RSA2048{}", params.trim_start()),
        format!(" {header}"),
        params.to_owned(),
    ] {
        assert_eq!(
            parse_err(&other),
            AuthorizationError::UnsupportedScheme,
            "{other}"
        );
    }
}

#[test]
fn a_repeated_parameter_is_refused() {
    let mut params = params_of(&signed_post());
    params.push(format!("mchid=\"{MCHID}\""));
    assert_eq!(
        parse_err(&with_params(&params, ",")),
        AuthorizationError::DuplicateParameter("mchid")
    );
}

#[test]
fn an_unknown_parameter_is_refused() {
    let mut params = params_of(&signed_post());
    params.insert(2, "appid=\"wxd678efh567hg6787\"".to_owned());
    assert_eq!(
        parse_err(&with_params(&params, ",")),
        AuthorizationError::UnknownParameter("appid".to_owned())
    );
    // The old mistake of writing `nonce` for `nonce_str`.
    let renamed = signed_post().replace("nonce_str=", "nonce=");
    assert_eq!(
        parse_err(&renamed),
        AuthorizationError::UnknownParameter("nonce".to_owned())
    );
}

#[test]
fn each_missing_parameter_is_named() {
    let params = params_of(&signed_post());
    for (index, name) in ["mchid", "nonce_str", "timestamp", "serial_no", "signature"]
        .into_iter()
        .enumerate()
    {
        let mut without = params.clone();
        without.remove(index);
        assert_eq!(
            parse_err(&with_params(&without, ",")),
            AuthorizationError::MissingParameter(name)
        );
    }
}

#[test]
fn syntax_errors_say_where_and_what() {
    let scheme = "WECHATPAY2-SHA256-RSA2048 ";
    let at = scheme.len();
    let cases = [
        (scheme.to_owned(), at, "a parameter name"),
        (
            format!("{scheme}mchid=1900009191"),
            at + 6,
            "a quoted value",
        ),
        (
            format!("{scheme}mchid\"1900009191\""),
            at + 5,
            "'=' after the parameter name",
        ),
        (
            format!("{scheme}mchid=\"1900009191"),
            at + 17,
            "a closing quote after a value of printable ASCII without escapes",
        ),
        (
            format!("{scheme}mchid=\"19000\\\"09191\""),
            at + 12,
            "a closing quote after a value of printable ASCII without escapes",
        ),
        (
            format!("{scheme}mchid=\"1900 9191\""),
            at + 11,
            "a closing quote after a value of printable ASCII without escapes",
        ),
        (
            format!("{scheme}mchid=\"1\";nonce_str=\"2\""),
            at + 9,
            "',' between parameters",
        ),
        (
            format!("{scheme}mchid=\"1\",,nonce_str=\"2\""),
            at + 10,
            "a parameter name",
        ),
        (format!("{scheme}mchid=\"1\","), at + 10, "a parameter name"),
        (
            format!("{scheme}mchid=\"1\" nonce_str=\"2\""),
            at + 10,
            "',' between parameters",
        ),
        (
            format!("{scheme}mchid=\"一\""),
            at + 7,
            "a closing quote after a value of printable ASCII without escapes",
        ),
    ];
    for (header, at, expected) in cases {
        assert_eq!(
            parse_err(&header),
            AuthorizationError::Malformed { at, expected },
            "{header}"
        );
    }
}

#[test]
fn values_must_keep_their_formats() {
    let header = signed_post();
    let cases = [
        (header.replace(MCHID, ""), "mchid"),
        (header.replace(MCHID, "1900-9191"), "mchid"),
        (header.replace(NONCE, ""), "nonce_str"),
        (header.replace(NONCE, &format!("{NONCE}X")), "nonce_str"),
        (header.replace(NONCE, "593BEC0C-930B"), "nonce_str"),
        (header.replace(SERIAL_NO, ""), "serial_no"),
        (header.replace(SERIAL_NO, &"A".repeat(65)), "serial_no"),
        (header.replace("1554208460", ""), "timestamp"),
        (header.replace("1554208460", "-1554208460"), "timestamp"),
        (header.replace("1554208460", "+1554208460"), "timestamp"),
        (header.replace("1554208460", "1554208460.5"), "timestamp"),
        (
            header.replace("1554208460", "99999999999999999999"),
            "timestamp",
        ),
    ];
    for (header, name) in cases {
        assert!(
            matches!(parse_err(&header), AuthorizationError::InvalidParameter { name: n, .. } if n == name),
            "{header}"
        );
    }
}

#[test]
fn a_signature_that_is_not_base64_is_refused() {
    let header = signed_post();
    let signature = signature_of(&header).to_owned();
    for garbage in [
        "",
        "!!!!",
        "abc",
        "YWJj=",
        &signature[..signature.len() - 2],
        &signature.replace('+', "-"),
    ] {
        if garbage == signature {
            continue; // The signature happened to contain no '+'.
        }
        let damaged = header.replace(&signature, garbage);
        assert_eq!(
            parse_err(&damaged),
            AuthorizationError::MalformedSignature,
            "{garbage}"
        );
    }
}

#[test]
fn a_signature_over_anything_else_is_refused() {
    let header = signed_post();
    let authorization = parse(&header).unwrap();
    let key = merchant_public_key();
    let body = BODY.as_bytes();
    let mismatches = [
        verify_request(&authorization, "PUT", TARGET, body, &key),
        verify_request(
            &authorization,
            "POST",
            "/v3/pay/transactions/app",
            body,
            &key,
        ),
        verify_request(&authorization, "POST", &format!("{TARGET}?"), body, &key),
        verify_request(&authorization, "POST", TARGET, &body[1..], &key),
        verify_request(&authorization, "POST", TARGET, b"", &key),
        verify_request(
            &authorization,
            "POST",
            TARGET,
            body,
            &PublicKey::from_spki_pem(OTHER_PUBLIC_KEY).unwrap(),
        ),
    ];
    for result in mismatches {
        assert_eq!(result, Err(AuthorizationError::BadSignature));
    }
    // The signature covers the timestamp as written: the same number spelled differently fails.
    let respelled = parse(&header.replace("\"1554208460\"", "\"01554208460\"")).unwrap();
    assert_eq!(respelled.timestamp(), TIMESTAMP);
    assert_eq!(
        verify_request(&respelled, "POST", TARGET, body, &key),
        Err(AuthorizationError::BadSignature)
    );
    let other_nonce = parse(&header.replace(NONCE, "593BEC0C930BF1AFEB40B4A08C8FB243")).unwrap();
    assert_eq!(
        verify_request(&other_nonce, "POST", TARGET, body, &key),
        Err(AuthorizationError::BadSignature)
    );
}

#[test]
fn timestamp_window_is_300_seconds_each_way() {
    let authorization = parse(&signed_post()).unwrap();
    for now in [TIMESTAMP - 300, TIMESTAMP, TIMESTAMP + 300] {
        authorization.check_timestamp(now).unwrap();
    }
    for now in [TIMESTAMP - 301, TIMESTAMP + 301, i64::MIN, i64::MAX] {
        assert_eq!(
            authorization.check_timestamp(now),
            Err(AuthorizationError::StaleTimestamp {
                timestamp: TIMESTAMP,
                now
            })
        );
    }
}

#[test]
fn signer_refuses_fields_that_would_break_the_header() {
    let key = PrivateKey::from_pkcs8_pem(MERCHANT_KEY).unwrap();
    for (mchid, serial_no, name) in [
        ("", SERIAL_NO, "mchid"),
        ("1900009191\",x=\"", SERIAL_NO, "mchid"),
        (MCHID, "", "serial_no"),
        (MCHID, "1DDE 55AD", "serial_no"),
    ] {
        let error = MerchantSigner::new(mchid, serial_no, key.clone()).unwrap_err();
        assert!(
            matches!(error, AuthorizationError::InvalidParameter { name: n, .. } if n == name),
            "{error:?}"
        );
    }
}

#[test]
fn signer_refuses_a_bad_nonce_or_negative_time() {
    let signer = signer();
    for nonce in ["", "a\"b", &"A".repeat(33)] {
        assert!(matches!(
            signer.authorization("GET", "/", b"", TIMESTAMP, nonce),
            Err(AuthorizationError::InvalidParameter {
                name: "nonce_str",
                ..
            })
        ));
    }
    assert!(matches!(
        signer.authorization("GET", "/", b"", -1, NONCE),
        Err(AuthorizationError::InvalidParameter {
            name: "timestamp",
            ..
        })
    ));
}

#[test]
fn debug_never_shows_the_key_or_the_signature() {
    let signer = signer();
    assert_eq!(
        format!("{signer:?}"),
        format!(
            "MerchantSigner {{ mchid: \"{MCHID}\", serial_no: \"{SERIAL_NO}\", key: PrivateKey {{ bits: 2048, .. }} }}"
        )
    );
    let header = signed_post();
    let signature = signature_of(&header);
    let authorization = parse(&header).unwrap();
    let debug = format!("{authorization:?} {authorization:#?}");
    assert!(debug.contains(MCHID) && debug.contains(NONCE) && debug.contains(SERIAL_NO));
    // Not even a fragment of the signature, in either encoding.
    for fragment in signature.as_bytes().chunks(8) {
        assert!(
            !debug.contains(std::str::from_utf8(fragment).unwrap()),
            "{debug}"
        );
    }
    assert!(
        !debug.contains(&format!("{:?}", &authorization.signature()[..4])),
        "{debug}"
    );
}

#[test]
fn errors_never_show_the_signature() {
    let header = signed_post();
    let signature = signature_of(&header);
    let authorization = parse(&header).unwrap();
    let errors = [
        verify_request(&authorization, "PUT", TARGET, b"", &merchant_public_key()).unwrap_err(),
        parse_err(&header.replace("mchid=", "mchid2=")),
        parse_err(&header.replace(",signature=", ",,signature=")),
        parse_err(&format!("{header},x=\"{signature}\"")),
    ];
    for error in errors {
        let message = format!("{error} {error:?}");
        assert!(!message.contains(&signature[..16]), "{message}");
    }
}
