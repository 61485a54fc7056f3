//! Encrypted fields (敏感信息): where they may stand, and which text a length limit applies to.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use common::{VALID, assert_at, endpoint, errors_of};
use wechatpay_spec::model::LimitOn;

/// `VALID` with a POST body field `name` carrying `extra` keys.
fn with_name(extra: &str, ty: &str) -> String {
    VALID.replace("method: GET", "method: POST").replacen(
        "response:\n",
        &format!(
            "    - name: name\n      title: N\n      in: body\n      type: {ty}\n      required: false\n      description: d\n{extra}response:\n"
        ),
        1,
    )
}

#[test]
fn an_encrypted_field_says_which_text_its_limit_applies_to() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.yaml"), common::SETTINGS).unwrap();
    std::fs::create_dir_all(dir.path().join("ns")).unwrap();
    std::fs::write(
        dir.path().join("ns/query_things.yaml"),
        with_name("      encrypted: plaintext\n", "string[1,64]"),
    )
    .unwrap();
    let api = wechatpay_spec::load_api(dir.path()).unwrap();
    assert_eq!(
        api.endpoints[0].request.fields[1].encrypted,
        Some(LimitOn::Plaintext)
    );

    let undecided = with_name("      encrypted: true\n", "string[1,64]");
    assert_at(
        &endpoint(&undecided),
        "request.fields[1].encrypted",
        "plaintext or the ciphertext",
    );
    let no_limit = with_name("      encrypted: ciphertext\n", "string");
    assert_at(
        &endpoint(&no_limit),
        "request.fields[1].encrypted",
        "write `encrypted: true`",
    );
    let not_text = with_name("      encrypted: true\n", "int");
    assert_at(
        &endpoint(&not_text),
        "request.fields[1].encrypted",
        "only a plain string",
    );
    let in_query = VALID.replace(
        "      in: query\n      type: string[1,8]\n",
        "      in: query\n      type: string\n      encrypted: true\n",
    );
    assert_at(
        &endpoint(&in_query),
        "request.fields[0].encrypted",
        "travels in the JSON body",
    );
    let odd = with_name("      encrypted: maybe\n", "string");
    assert_at(
        &endpoint(&odd),
        "request.fields[1].encrypted",
        "true, plaintext or ciphertext",
    );
}

#[test]
fn an_object_with_encrypted_fields_belongs_to_one_side() {
    let objects = "objects:\n  person:\n    title: P\n    fields:\n      - name: name\n        title: N\n        type: string\n        encrypted: true\n        required: true\n        description: d\n";
    let text = format!(
        "{}{objects}",
        VALID
            .replace("method: GET", "method: POST")
            .replace(
                "response:\n",
                "    - name: who\n      title: W\n      in: body\n      type: object\n      object: person\n      required: true\n      description: d\nresponse:\n",
            )
            .replace("      type: int\n", "      type: object\n      object: person\n")
    );
    let errors = errors_of(&[("ns/query_things.yaml", &text)]);
    assert_at(
        &errors,
        "response.fields",
        "define one object for each side",
    );
}
