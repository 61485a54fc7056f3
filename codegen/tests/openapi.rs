//! The OpenAPI export of the project's specs: valid against the official OpenAPI 3.1 and 3.0
//! schemas (vendored in `tests/data/openapi`, so no network is needed), and shaped as the
//! issue asks (one-of groups, encryption, open enums, webhooks, servers, security).

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::path::{Path, PathBuf};

use serde_json::Value;
use wechatpay_codegen::emit::openapi::{self, BACKUP_SERVER, PRIMARY_SERVER, Version};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn document(version: Version) -> Value {
    spec_document("spec", version)
}

/// The document of the spec directory at `dir` (relative to the repository root).
fn spec_document(dir: &str, version: Version) -> Value {
    let api = wechatpay_spec::load_api(&root().join(dir)).unwrap();
    openapi::document(&api, version)
}

/// The golden sample's specs: uploads, paging, path parameters and nested arrays.
const SAMPLE: &str = "tests/golden/sample/spec";

fn official_schema(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/openapi")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every way `document` breaks `schema`, one per line.
fn violations(schema: &Value, document: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(document)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn the_3_1_document_is_valid_openapi_3_1() {
    let errors = violations(
        &official_schema("oas-3.1-schema.json"),
        &document(Version::V3_1),
    );
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_3_0_document_is_valid_openapi_3_0() {
    let errors = violations(
        &official_schema("oas-3.0-schema.json"),
        &document(Version::V3_0),
    );
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_golden_sample_is_valid_in_both_versions() {
    for (version, schema) in [
        (Version::V3_1, "oas-3.1-schema.json"),
        (Version::V3_0, "oas-3.0-schema.json"),
    ] {
        let errors = violations(&official_schema(schema), &spec_document(SAMPLE, version));
        assert!(errors.is_empty(), "{version}: {}", errors.join("\n"));
    }
}

#[test]
fn uploads_are_multipart_with_the_file_and_its_meta() {
    let document = spec_document(SAMPLE, Version::V3_1);
    let upload = any_value(&document, |v| {
        let form = &v["multipart/form-data"];
        form["schema"]["properties"]["file"].is_object()
            && form["schema"]["properties"]["meta"].is_object()
            && form["x-wechatpay-upload"]["max_bytes"].is_u64()
    });
    assert!(upload, "no upload became a multipart form");
}

#[test]
fn the_validator_refuses_a_broken_document() {
    for (version, schema) in [
        (Version::V3_1, "oas-3.1-schema.json"),
        (Version::V3_0, "oas-3.0-schema.json"),
    ] {
        let mut broken = document(version);
        broken["paths"]["/v3/x"] = serde_json::json!({ "get": { "responses": 7 } });
        assert!(
            !violations(&official_schema(schema), &broken).is_empty(),
            "{version}"
        );
    }
}

#[test]
fn the_output_is_the_same_bytes_every_time() {
    let api = wechatpay_spec::load_api(&root().join("spec")).unwrap();
    assert_eq!(
        openapi::to_json(&api, Version::V3_1),
        openapi::to_json(&api, Version::V3_1)
    );
}

/// Every schema in the document, depth first.
fn all_values(value: &Value, found: &mut Vec<Value>) {
    found.push(value.clone());
    match value {
        Value::Object(map) => map.values().for_each(|v| all_values(v, found)),
        Value::Array(items) => items.iter().for_each(|v| all_values(v, found)),
        _ => {}
    }
}

fn any_value(document: &Value, test: impl Fn(&Value) -> bool) -> bool {
    let mut found = Vec::new();
    all_values(document, &mut found);
    found.iter().any(test)
}

#[test]
fn one_of_groups_become_one_of_or_named_parameters() {
    let document = document(Version::V3_1);
    let query = &document["paths"]["/v3/ecommerce/profitsharing/returnorders"]["get"];
    let groups = query["x-wechatpay-one-of"].as_array().unwrap();
    let members: Vec<&Value> = groups[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| &member["field"])
        .collect();
    assert_eq!(members, ["order_id", "out_order_no"]);
    let in_body = any_value(&document, |v| {
        v["oneOf"].as_array().is_some_and(|alternatives| {
            alternatives
                .iter()
                .all(|a| a["required"].as_array().is_some_and(|r| r.len() == 1))
        })
    });
    assert!(in_body, "no request body carries a one-of group as oneOf");
}

#[test]
fn encrypted_fields_are_marked() {
    let document = document(Version::V3_1);
    assert!(any_value(&document, |v| {
        v["x-wechatpay-encrypted"]["limit_on"].is_string()
    }));
}

#[test]
fn enums_say_unknown_values_may_appear() {
    let document = document(Version::V3_1);
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let enums: Vec<&Value> = schemas
        .values()
        .filter(|s| s.get("enum").is_some())
        .collect();
    assert!(!enums.is_empty());
    assert!(
        enums
            .iter()
            .all(|e| e["x-wechatpay-open-enum"] == Value::Bool(true))
    );
}

#[test]
fn notifications_are_webhooks_in_3_1_and_an_extension_in_3_0() {
    let current = document(Version::V3_1);
    let older = document(Version::V3_0);
    assert!(!current["webhooks"].as_object().unwrap().is_empty());
    assert!(current.get("x-webhooks").is_none());
    assert_eq!(older["x-webhooks"], current["webhooks"]);
    assert!(older.get("webhooks").is_none());
}

#[test]
fn servers_list_the_primary_and_backup_domains() {
    let document = document(Version::V3_1);
    let urls: Vec<&str> = document["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|server| server["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, [PRIMARY_SERVER, BACKUP_SERVER]);
    assert_eq!(PRIMARY_SERVER, "https://api.mch.weixin.qq.com");
    assert_eq!(BACKUP_SERVER, "https://api2.mch.weixin.qq.com");
}

#[test]
fn the_signature_is_an_authorization_header_scheme() {
    let document = document(Version::V3_1);
    let scheme = &document["components"]["securitySchemes"]["WechatPayV3"];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "header");
    assert_eq!(scheme["name"], "Authorization");
    assert_eq!(
        scheme["x-wechatpay-signature"]["scheme"],
        "WECHATPAY2-SHA256-RSA2048"
    );
    assert_eq!(
        document["security"][0]["WechatPayV3"],
        serde_json::json!([])
    );
}

#[test]
fn the_checked_in_document_is_current() {
    let api = wechatpay_spec::load_api(&root().join("spec")).unwrap();
    let expected = openapi::to_json(&api, Version::V3_1);
    let path = root().join("docs/openapi.json");
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == expected,
        "{} is stale: run `cargo codegen openapi --out docs/openapi.json`",
        path.display()
    );
}
