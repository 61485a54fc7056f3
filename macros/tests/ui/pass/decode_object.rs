#![deny(warnings)]
// DecodeObject beside serde's Serialize, sharing the field attributes; times read with `with`.
#[derive(Debug, PartialEq, ::wechatpay_runtime::serde::Serialize, ::wechatpay_runtime::DecodeObject)]
#[serde(crate = "::wechatpay_runtime::serde")]
struct Receiver {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount: Option<i64>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(with = "::wechatpay_runtime::datetime::rfc3339")]
    finished: ::wechatpay_runtime::time::OffsetDateTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "::wechatpay_runtime::datetime::rfc3339_option"
    )]
    started: Option<::wechatpay_runtime::time::OffsetDateTime>,
}

// No required field: the pattern over the slots cannot fail.
#[derive(Debug, PartialEq, ::wechatpay_runtime::DecodeObject)]
struct Optional {
    note: Option<String>,
    #[serde(default)]
    count: i64,
}

// No field at all: every key is passed over.
#[derive(Debug, PartialEq, ::wechatpay_runtime::DecodeObject)]
struct Empty {}

fn main() {
    assert_eq!(serde_json::from_str::<Optional>("{}").unwrap(), Optional { note: None, count: 0 });
    assert_eq!(serde_json::from_str::<Empty>(r#"{"a":1,"b":[{}]}"#).unwrap(), Empty {});
    assert!(serde_json::from_str::<Empty>("null").unwrap_err().to_string().contains("a JSON object (Empty)"));
    let text = r#"{"type":"MERCHANT_ID","finished":"2015-05-20T13:29:35+08:00","unknown":{"a":[1]}}"#;
    let read: Receiver = serde_json::from_str(text).unwrap();
    assert_eq!(read.kind, "MERCHANT_ID");
    assert_eq!((read.amount, read.tags.len(), read.started), (None, 0, None));
    let written = serde_json::to_string(&read).unwrap();
    let again: Receiver = serde_json::from_str(&written).unwrap();
    assert_eq!(again, read);
    // Not an object, a missing required field, a field given twice: errors, never a panic.
    assert!(serde_json::from_str::<Receiver>("[1, 2]").unwrap_err().to_string().contains("a JSON object (Receiver)"));
    // With two required fields absent, the first declared is named.
    assert!(serde_json::from_str::<Receiver>("{}").unwrap_err().to_string().contains("missing field `type`"));
    assert!(serde_json::from_str::<Receiver>(r#"{"type":"X"}"#).unwrap_err().to_string().contains("missing field `finished`"));
    let twice = r#"{"type":"X","type":"Y","finished":"2015-05-20T13:29:35+08:00"}"#;
    assert!(serde_json::from_str::<Receiver>(twice).unwrap_err().to_string().contains("duplicate field `type`"));
}
