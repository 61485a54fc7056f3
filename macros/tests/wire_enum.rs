//! What `#[derive(WireEnum)]` gives an enum, used as generated code uses it.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::collections::BTreeMap;

/// 回退结果
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::wechatpay_runtime::WireEnum)]
#[non_exhaustive]
pub enum ReturnOrderResult {
    /// `PROCESSING`: 处理中
    #[wire("PROCESSING")]
    Processing,
    /// `SUCCESS`: 已成功
    #[wire("SUCCESS")]
    Success,
    /// `FAILED`: 已失败
    #[wire("FAILED", alias = "FAIL", alias = "FAILURE")]
    Failed,
    /// A value this version does not know, kept as received.
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownValue),
}

/// Variant names need not follow the values, and the catch-all need not be last or be called
/// `Unknown`.
#[derive(Debug, PartialEq, Eq, ::wechatpay_runtime::WireEnum)]
enum Odd {
    #[wire(other)]
    Unrecognised(::wechatpay_runtime::UnknownValue),
    #[wire(r"a b")]
    r#Type,
    #[wire("分账")]
    ProfitSharing,
}

/// An enum may know no value at all.
#[derive(Debug, PartialEq, Eq, ::wechatpay_runtime::WireEnum)]
enum Opaque {
    #[wire(other)]
    Value(::wechatpay_runtime::UnknownValue),
}

#[derive(
    Debug, PartialEq, ::wechatpay_runtime::serde::Serialize, ::wechatpay_runtime::serde::Deserialize,
)]
#[serde(crate = "::wechatpay_runtime::serde")]
struct Response {
    result: ReturnOrderResult,
    history: Vec<ReturnOrderResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<ReturnOrderResult>,
}

fn read(json: &str) -> ReturnOrderResult {
    serde_json::from_str(json).expect("any JSON string reads as a wire enum")
}

fn write(value: &ReturnOrderResult) -> String {
    serde_json::to_string(value).expect("a wire enum always serializes")
}

#[test]
fn canonical_values_read_and_write() {
    for (variant, wire) in [
        (ReturnOrderResult::Processing, "PROCESSING"),
        (ReturnOrderResult::Success, "SUCCESS"),
        (ReturnOrderResult::Failed, "FAILED"),
    ] {
        assert_eq!(read(&format!("{wire:?}")), variant);
        assert_eq!(write(&variant), format!("{wire:?}"));
        assert_eq!(variant.as_str(), wire);
        assert_eq!(variant.to_string(), wire);
        assert!(variant.is_known());
    }
}

#[test]
fn aliases_read_as_the_variant_and_write_canonical() {
    for alias in ["FAIL", "FAILURE"] {
        let value = read(&format!("{alias:?}"));
        assert_eq!(value, ReturnOrderResult::Failed);
        assert_eq!(write(&value), r#""FAILED""#);
        assert_eq!(alias.parse(), Ok(ReturnOrderResult::Failed));
    }
}

#[test]
fn known_lists_canonical_spellings_only() {
    use wechatpay_runtime::WireEnum as _;
    assert_eq!(
        ReturnOrderResult::KNOWN,
        ["PROCESSING", "SUCCESS", "FAILED"]
    );
    assert_eq!(Odd::KNOWN, ["a b", "分账"]);
    assert!(Opaque::KNOWN.is_empty());
}

#[test]
fn unknown_values_roundtrip_byte_for_byte() {
    for json in [
        r#""REFUNDED""#,
        r#""failed""#,
        r#""""#,
        r#"" FAILED ""#,
        r#""分账回退""#,
        r#""tab\tquote\"backslash\\""#,
        r#""\u0000""#,
    ] {
        let value = read(json);
        assert!(!value.is_known(), "{json}");
        assert!(matches!(value, ReturnOrderResult::Unknown(_)));
        assert_eq!(write(&value), json);
    }
}

#[test]
fn unknown_value_exposes_the_raw_string() {
    let ReturnOrderResult::Unknown(raw) = read(r#""ON_HOLD""#) else {
        panic!("ON_HOLD is not known");
    };
    assert_eq!(raw.as_str(), "ON_HOLD");
    assert_eq!(raw.to_string(), "ON_HOLD");
    assert_eq!(format!("{raw:?}"), r#"UnknownValue("ON_HOLD")"#);
}

#[test]
fn owned_and_escaped_strings_deserialize() {
    // `from_value` hands the string over by value; an escape makes serde_json copy it.
    let owned: ReturnOrderResult = serde_json::from_value(serde_json::json!("FAIL")).unwrap();
    assert_eq!(owned, ReturnOrderResult::Failed);
    assert_eq!(read(r#""F\u0041ILED""#), ReturnOrderResult::Failed);
}

#[test]
fn non_strings_are_rejected() {
    for json in ["1", "null", "[]", r#"{"a":1}"#] {
        let error = serde_json::from_str::<ReturnOrderResult>(json).unwrap_err();
        assert!(
            error.to_string().contains("expected a string"),
            "{json}: {error}"
        );
    }
}

#[test]
fn from_str_accepts_any_string() {
    let parsed: Result<ReturnOrderResult, std::convert::Infallible> = "anything at all".parse();
    assert_eq!(parsed.unwrap().as_str(), "anything at all");
    assert_eq!("SUCCESS".parse(), Ok(ReturnOrderResult::Success));
}

#[test]
fn display_honours_width_and_alignment() {
    assert_eq!(
        format!("[{:<12}]", ReturnOrderResult::Failed),
        "[FAILED      ]"
    );
    assert_eq!(format!("[{:>6.3}]", ReturnOrderResult::Success), "[   SUC]");
}

#[test]
fn unusual_names_and_values() {
    assert_eq!("a b".parse(), Ok(Odd::r#Type));
    assert_eq!(Odd::ProfitSharing.as_str(), "分账");
    assert_eq!(serde_json::to_string(&Odd::r#Type).unwrap(), r#""a b""#);
    let other: Odd = "x".parse().unwrap();
    assert!(matches!(other, Odd::Unrecognised(_)));
    let opaque: Opaque = serde_json::from_str(r#""v""#).unwrap();
    assert_eq!(opaque.as_str(), "v");
    assert!(!opaque.is_known());
}

#[test]
fn embedded_in_a_response() {
    let json = r#"{"result":"FAIL","history":["PROCESSING","LATER"],"previous":"SUCCESS"}"#;
    let response: Response = serde_json::from_str(json).unwrap();
    assert_eq!(response.result, ReturnOrderResult::Failed);
    assert_eq!(response.previous, Some(ReturnOrderResult::Success));
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"result":"FAILED","history":["PROCESSING","LATER"],"previous":"SUCCESS"}"#
    );
    let absent: Response = serde_json::from_str(r#"{"result":"X","history":[]}"#).unwrap();
    assert_eq!(absent.previous, None);
}

#[test]
fn usable_as_map_keys() {
    let map: BTreeMap<ReturnOrderResult, u32> =
        serde_json::from_str(r#"{"FAIL":1,"NEW":2,"SUCCESS":3}"#).unwrap();
    assert_eq!(map[&ReturnOrderResult::Failed], 1);
    assert_eq!(
        serde_json::to_string(&map).unwrap(),
        r#"{"SUCCESS":3,"FAILED":1,"NEW":2}"#
    );
}

/// 场景, travelling as a JSON number.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::wechatpay_runtime::WireEnum,
)]
#[non_exhaustive]
pub enum Scene {
    /// `3`: 线下
    #[wire(3)]
    Offline,
    /// `4`: 公众号
    #[wire(4, alias = 40, alias = 0x29)]
    OfficialAccount,
    /// `-1`: 未知 (negative values are written as such)
    #[wire(-1)]
    Unspecified,
    /// `124`: App
    #[wire(124)]
    App,
    /// A value this version does not know, kept as received.
    #[wire(other)]
    Unknown(::wechatpay_runtime::UnknownInt),
}

/// The extremes of i64, and a catch-all that is not last.
#[derive(Debug, PartialEq, Eq, ::wechatpay_runtime::WireEnum)]
enum Extremes {
    #[wire(other)]
    Other(::wechatpay_runtime::UnknownInt),
    #[wire(-9223372036854775808)]
    Min,
    #[wire(9_223_372_036_854_775_807)]
    Max,
}

/// An integer enum that knows no value, told from its catch-all.
#[derive(Debug, PartialEq, Eq, ::wechatpay_runtime::WireEnum)]
enum OpaqueInt {
    #[wire(other)]
    Value(::wechatpay_runtime::UnknownInt),
}

fn read_scene(json: &str) -> Result<Scene, String> {
    serde_json::from_str(json).map_err(|error| error.to_string())
}

#[test]
fn integer_values_read_and_write_as_numbers() {
    for (variant, wire) in [
        (Scene::Offline, 3),
        (Scene::OfficialAccount, 4),
        (Scene::Unspecified, -1),
        (Scene::App, 124),
    ] {
        assert_eq!(read_scene(&wire.to_string()), Ok(variant));
        assert_eq!(serde_json::to_string(&variant).unwrap(), wire.to_string());
        assert_eq!(variant.as_i64(), wire);
        assert_eq!(variant.to_string(), wire.to_string());
        assert_eq!(wire.to_string().parse(), Ok(variant));
        assert!(variant.is_known());
    }
}

#[test]
fn integer_aliases_read_as_the_variant_and_write_canonical() {
    assert_eq!(read_scene("40"), Ok(Scene::OfficialAccount));
    assert_eq!(read_scene("41"), Ok(Scene::OfficialAccount));
    assert_eq!(
        serde_json::to_string(&read_scene("41").unwrap()).unwrap(),
        "4"
    );
    use wechatpay_runtime::WireIntEnum as _;
    assert_eq!(Scene::KNOWN, [3, 4, -1, 124]);
    assert_eq!(Extremes::KNOWN, [i64::MIN, i64::MAX]);
    assert!(OpaqueInt::KNOWN.is_empty());
}

#[test]
fn unknown_integers_roundtrip() {
    for json in [
        "5",
        "0",
        "-2",
        "9223372036854775806",
        "-9223372036854775807",
    ] {
        let value = read_scene(json).unwrap();
        assert!(!value.is_known(), "{json}");
        assert!(matches!(value, Scene::Unknown(_)));
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
        assert_eq!(value.to_string(), json);
    }
    let Scene::Unknown(raw) = read_scene("77").unwrap() else {
        panic!("77 is not known");
    };
    assert_eq!(raw.as_i64(), 77);
    assert_eq!(format!("{raw:?}"), "UnknownInt(77)");
}

#[test]
fn integer_enums_refuse_what_is_not_an_i64() {
    for json in [
        "9223372036854775808",
        "3.0",
        "1e2",
        r#""3""#,
        "null",
        "true",
        "[3]",
    ] {
        let error = read_scene(json).unwrap_err();
        assert!(
            error.contains("expected an integer in the i64 range"),
            "{json}: {error}"
        );
    }
}

#[test]
fn integer_from_str_parses_the_number() {
    assert_eq!("124".parse(), Ok(Scene::App));
    assert_eq!("-1".parse(), Ok(Scene::Unspecified));
    let unknown: Scene = "8".parse().unwrap();
    assert_eq!(unknown.as_i64(), 8);
    let error: wechatpay_runtime::wire_int_enum::ParseWireIntError =
        "APP".parse::<Scene>().unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"expected an integer in the i64 range, found "APP""#
    );
}

#[test]
fn integer_display_honours_width_and_sign() {
    assert_eq!(format!("[{:>5}]", Scene::App), "[  124]");
    assert_eq!(format!("[{:+}]", Scene::Offline), "[+3]");
    assert_eq!(format!("[{:<4}]", Scene::Unspecified), "[-1  ]");
}

#[test]
fn integer_extremes_and_opaque_enums() {
    assert_eq!(
        serde_json::from_str::<Extremes>("-9223372036854775808").unwrap(),
        Extremes::Min
    );
    assert_eq!(
        serde_json::from_str::<Extremes>("9223372036854775807").unwrap(),
        Extremes::Max
    );
    assert!(matches!(
        serde_json::from_str::<Extremes>("0").unwrap(),
        Extremes::Other(_)
    ));
    let opaque: OpaqueInt = serde_json::from_str("12").unwrap();
    assert_eq!(opaque.as_i64(), 12);
    assert!(!opaque.is_known());
}

#[derive(
    Debug, PartialEq, ::wechatpay_runtime::serde::Serialize, ::wechatpay_runtime::serde::Deserialize,
)]
#[serde(crate = "::wechatpay_runtime::serde")]
struct SceneInfo {
    scene: Scene,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<Scene>,
    history: Vec<Scene>,
}

#[test]
fn integer_enums_embedded_and_as_map_keys() {
    let json = r#"{"scene":41,"previous":null,"history":[3,999]}"#;
    let info: SceneInfo = serde_json::from_str(json).unwrap();
    assert_eq!(info.scene, Scene::OfficialAccount);
    assert_eq!(info.previous, None);
    assert_eq!(
        serde_json::to_string(&info).unwrap(),
        r#"{"scene":4,"history":[3,999]}"#
    );
    let map: BTreeMap<Scene, u32> = serde_json::from_str(r#"{"124":1,"40":2,"7":3}"#).unwrap();
    assert_eq!(map[&Scene::App], 1);
    assert_eq!(map[&Scene::OfficialAccount], 2);
    assert_eq!(
        serde_json::to_string(&map).unwrap(),
        r#"{"4":2,"124":1,"7":3}"#
    );
}
