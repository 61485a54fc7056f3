//! Every kind of spec mistake is a located, actionable error, never a panic.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::fs;
use std::path::Path;

use wechatpay_spec::load_api;

mod common;

use common::{SETTINGS, VALID, assert_at, assert_one, endpoint, errors_of};

#[test]
fn the_valid_base_loads() {
    assert!(endpoint(VALID).is_empty());
}

#[test]
fn unknown_key() {
    let text = VALID.replace(
        "      required: true\n      description: d\nresponse",
        "      required: true\n      descripton: d\nresponse",
    );
    let errors = endpoint(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("unknown field `descripton`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].message.ends_with("did you mean `description`?"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].position.map(|p| p.line), Some(15));
}

/// In a user's directory, a misspelt name of the project's definitions gets the likely fix, and
/// the message names the user's directory, not the project's.
#[test]
fn unknown_names_suggest_the_close_one_and_name_the_users_directory() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("ns")).unwrap();
    let text = VALID.replace(
        "      type: int\n",
        "      type: string[1,32]\n      enum: return_order_failure_reason\n",
    );
    fs::write(dir.path().join("ns/query_things.yaml"), text).unwrap();
    let errors = wechatpay_spec::load_user_api(dir.path()).err().unwrap();
    let message = &errors.errors()[0].message;
    assert!(
        message.contains("did you mean `return_order_fail_reason`?"),
        "{message}"
    );
    let shared = format!("{}/shared/", dir.path().display());
    assert!(message.contains(&shared), "{message}");
    assert!(!message.contains("spec/shared/"), "{message}");
}

#[test]
fn yaml_syntax_error() {
    let errors = endpoint(&VALID.replace("title: t\n", "title: [t\n"));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].position.is_some(), "{}", errors[0]);
}

#[test]
fn unknown_enum_reference() {
    let text = VALID.replace(
        "      type: string[1,8]\n",
        "      type: string[1,8]\n      enum: colour\n",
    );
    assert_one(
        &endpoint(&text),
        14,
        "request.fields[0].enum",
        "unknown enum `colour`",
    );
}

#[test]
fn unknown_object_reference() {
    let text = VALID.replace(
        "      type: int\n",
        "      type: array\n      object: item\n",
    );
    assert_one(
        &endpoint(&text),
        21,
        "response.fields[0].object",
        "unknown object `item`",
    );
}

#[test]
fn unknown_format_reference() {
    let text = VALID.replace(
        "      type: string[1,8]\n",
        "      type: string[1,8]\n      format: isbn\n",
    );
    assert_one(
        &endpoint(&text),
        14,
        "request.fields[0].format",
        "unknown format `isbn`",
    );
}

#[test]
fn impossible_length_range() {
    let text = VALID.replace("string[1,8]", "string[9,8]");
    assert_one(
        &endpoint(&text),
        13,
        "request.fields[0].type",
        "impossible length range",
    );
}

#[test]
fn unknown_type() {
    let text = VALID.replace("string[1,8]", "float");
    assert_one(
        &endpoint(&text),
        13,
        "request.fields[0].type",
        "unknown type `float`",
    );
}

#[test]
fn duplicate_field() {
    let text = VALID.replace(
        "response:\n  fields:\n",
        "response:\n  fields:\n    - name: b\n      title: B\n      type: int\n      required: true\n      description: d\n",
    );
    assert_one(
        &endpoint(&text),
        23,
        "response.fields[1].name",
        "listed twice",
    );
}

#[test]
fn fields_that_collide_in_rust() {
    let text = VALID.replace(
        "response:\n  fields:\n",
        "response:\n  fields:\n    - name: B\n      title: B\n      type: int\n      required: true\n      description: d\n",
    );
    assert_one(
        &endpoint(&text),
        23,
        "response.fields[1].name",
        "both become the Rust field `b`",
    );
}

#[test]
fn one_of_group_naming_a_missing_field() {
    let text = VALID.replace("      required: true\n      description: d\nresponse", "      required: one_of\n      description: d\n  one_of:\n    - name: pick\n      members: [a, z]\nresponse");
    assert_one(
        &endpoint(&text),
        18,
        "request.one_of[0].members[1]",
        "`z`, which is not a request field",
    );
}

#[test]
fn one_of_member_not_marked_one_of() {
    let text = VALID.replace(
        "      description: d\nresponse",
        "      description: d\n  one_of:\n    - name: pick\n      members: [a, a]\nresponse",
    );
    let errors = endpoint(&text);
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("its `required` must be `one_of`")),
        "{errors:#?}"
    );
}

#[test]
fn one_of_in_a_response() {
    let text = VALID.replace(
        "      type: int\n      required: true",
        "      type: int\n      required: one_of",
    );
    assert_one(
        &endpoint(&text),
        21,
        "response.fields[0].required",
        "for request fields only",
    );
}

#[test]
fn required_takes_three_words() {
    let text = VALID.replace(
        "      type: int\n      required: true",
        "      type: int\n      required: maybe",
    );
    let errors = endpoint(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("true, false or one_of"),
        "{}",
        errors[0]
    );
}

#[test]
fn enum_values_colliding_after_case_conversion() {
    let text = format!(
        "{VALID}enums:\n  colour:\n    title: c\n    values:\n      - value: DARK_RED\n        meaning: x\n      - value: DarkRed\n        meaning: y\n"
    );
    assert_one(
        &endpoint(&text),
        29,
        "enums.colour.values[1]",
        "both become the variant `DarkRed`",
    );
}

#[test]
fn enum_value_named_like_the_catch_all() {
    let text = format!(
        "{VALID}enums:\n  colour:\n    title: c\n    values:\n      - value: UNKNOWN\n        meaning: x\n"
    );
    assert_one(
        &endpoint(&text),
        27,
        "enums.colour.values[0]",
        "add a `rust_name`",
    );
}

#[test]
fn duplicate_enum_spelling() {
    let text = format!(
        "{VALID}enums:\n  colour:\n    title: c\n    values:\n      - value: RED\n        meaning: x\n      - value: CRIMSON\n        meaning: y\n        aliases: [RED]\n"
    );
    assert_one(
        &endpoint(&text),
        29,
        "enums.colour.values[1]",
        "already a spelling of `RED`",
    );
}

#[test]
fn example_that_does_not_fit_needs_an_erratum() {
    let text = VALID.replace("      type: int\n      required: true\n      description: d\n", "      type: int\n      required: true\n      description: d\n      example: \"12345678901234567890123\"\n");
    assert_one(
        &endpoint(&text),
        23,
        "response.fields[0].example",
        "at: response.fields.b.example",
    );
    let excused = format!(
        "{text}errata:\n  - at: response.fields.b.example\n    doc_says: x\n    decision: y\n    reason: z\n"
    );
    assert!(endpoint(&excused).is_empty());
}

#[test]
fn example_outside_the_length() {
    let text = VALID.replace(
        "      required: true\n      description: d\nresponse",
        "      required: true\n      description: d\n      example: \"123456789\"\nresponse",
    );
    assert_one(
        &endpoint(&text),
        16,
        "request.fields[0].example",
        "length 9 is outside",
    );
}

#[test]
fn unquoted_decimal_example_loses_digits() {
    let text = VALID.replace(
        "      required: true\n      description: d\nresponse",
        "      required: true\n      description: d\n      example: 12.50\nresponse",
    );
    let errors = endpoint(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("quote the example"),
        "{}",
        errors[0]
    );
}

#[test]
fn unquoted_long_integer_example_is_kept_exactly() {
    let text = VALID.replace("string[1,8]", "string[1,32]").replace(
        "      required: true\n      description: d\nresponse",
        "      required: true\n      description: d\n      example: 3008450740201411110007820472\nresponse",
    );
    assert!(endpoint(&text).is_empty());
}

#[test]
fn erratum_naming_nothing() {
    let text = format!(
        "{VALID}errata:\n  - at: response.fields.nope\n    doc_says: x\n    decision: y\n    reason: z\n"
    );
    assert_one(
        &endpoint(&text),
        24,
        "errata[0].at",
        "there is no field `nope`",
    );
}

#[test]
fn path_placeholder_without_field() {
    let text = VALID.replace("path: /v3/things", "path: /v3/things/{id}");
    assert_one(
        &endpoint(&text),
        3,
        "path",
        "`{id}` but no request field `id`",
    );
}

#[test]
fn path_field_without_placeholder() {
    let text = VALID.replace("      in: query", "      in: path");
    assert_one(
        &endpoint(&text),
        12,
        "request.fields[0].in",
        "the path has no `{a}`",
    );
}

#[test]
fn body_on_a_get() {
    let text = VALID.replace("      in: query", "      in: body");
    assert_one(
        &endpoint(&text),
        12,
        "request.fields[0].in",
        "a GET request has no body",
    );
}

#[test]
fn protocol_header_as_a_field() {
    let text = VALID.replace(
        "    - name: a\n      title: A\n      in: query",
        "    - name: Authorization\n      title: A\n      in: header",
    );
    assert_one(
        &endpoint(&text),
        10,
        "request.fields[0].name",
        "set by the runtime",
    );
}

#[test]
fn request_field_without_location() {
    let text = VALID.replace("      in: query\n", "");
    assert_one(&endpoint(&text), 10, "request.fields[0].name", "needs `in:");
}

#[test]
fn response_field_with_location() {
    let text = VALID.replace("      type: int\n", "      type: int\n      in: query\n");
    assert_one(&endpoint(&text), 21, "response.fields[0].in", "remove `in`");
}

#[test]
fn keyword_rust_name_given() {
    let text = VALID.replace("    - name: b\n", "    - name: b\n      rust_name: type\n");
    assert_one(
        &endpoint(&text),
        19,
        "response.fields[0].rust_name",
        "not a usable Rust field name",
    );
}

#[test]
fn keyword_wire_name_gets_a_derived_rust_name() {
    let text = VALID.replace("    - name: b\n", "    - name: type\n");
    assert!(endpoint(&text).is_empty());
}

#[test]
fn bad_date() {
    let text = VALID.replace("  document: d\n", "  document: d\n  updated: 2025.08.21\n");
    assert_one(&endpoint(&text), 8, "source.updated", "YYYY-MM-DD");
}

#[test]
fn unknown_method() {
    let errors = endpoint(&VALID.replace("method: GET", "method: FETCH"));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("unknown variant `FETCH`"),
        "{}",
        errors[0]
    );
}

#[test]
fn invalid_example_json() {
    let text =
        format!("{VALID}examples:\n  responses:\n    - status: 200\n      body: '{{\"b\": 1,}}'\n");
    assert_one(
        &endpoint(&text),
        26,
        "examples.responses[0].body",
        "not valid JSON",
    );
}

#[test]
fn endpoint_at_the_root() {
    let errors = errors_of(&[("query_things.yaml", VALID)]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("namespace directory"),
        "{}",
        errors[0]
    );
}

#[test]
fn missing_settings() {
    let dir = tempfile::tempdir().unwrap();
    let errors = load_api(dir.path()).unwrap_err();
    assert!(errors.to_string().contains("settings.yaml"), "{errors}");
}

#[test]
fn missing_directory() {
    let errors = load_api(Path::new("/nonexistent/spec")).unwrap_err();
    assert!(
        errors
            .to_string()
            .contains("cannot read the spec directory"),
        "{errors}"
    );
}

#[test]
fn same_type_name_twice_in_a_namespace() {
    let other = VALID.replace("path: /v3/things", "path: /v3/others");
    let with_name = |text: &str| text.replace("response:\n", "response:\n  name: thing\n");
    let errors = errors_of(&[
        ("ns/query_things.yaml", &with_name(VALID)),
        ("ns/query_others.yaml", &with_name(&other)),
    ]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .contains("`Thing` is already used in this namespace"),
        "{}",
        errors[0]
    );
}

#[test]
fn duplicate_shared_definition() {
    let shared =
        "enums:\n  colour:\n    title: c\n    values:\n      - value: RED\n        meaning: x\n";
    let errors = errors_of(&[
        ("shared/a.yaml", shared),
        ("shared/b.yaml", shared),
        ("ns/query_things.yaml", VALID),
    ]);
    assert_one(
        &errors,
        2,
        "enums.colour",
        "already defined in shared/a.yaml",
    );
}

#[test]
fn bad_charset() {
    let shared = "formats:\n  code:\n    base: string\n    charset: \"z-a\"\n    description: x\n";
    let errors = errors_of(&[
        ("shared/formats.yaml", shared),
        ("ns/query_things.yaml", VALID),
    ]);
    assert_one(&errors, 4, "formats.code.charset", "`z` comes after `a`");
}

/// The checker reads a charset with the grammar the `Validate` derive compiles: a class that
/// passes `lint` compiles, and one the derive would refuse fails `lint` here, located.
#[test]
fn a_dash_that_joins_no_range_fails_lint_as_the_derive_would_fail_to_compile() {
    let shared =
        "formats:\n  code:\n    base: string\n    charset: \"a-z-0\"\n    description: x\n";
    let errors = errors_of(&[
        ("shared/formats.yaml", shared),
        ("ns/query_things.yaml", VALID),
    ]);
    assert_one(&errors, 4, "formats.code.charset", "joins no range");
}

#[test]
fn path_templates_are_parsed_and_located() {
    for (path, needle) in [
        ("/v3//things", "empty segment"),
        ("/v3/things/", "empty segment"),
        ("/v3/x{id}", "whole segment"),
        ("/v3/things?a=1", "no query"),
        ("/v3/{}", "is not a parameter"),
    ] {
        let errors = endpoint(&VALID.replace("path: /v3/things", &format!("path: {path}")));
        assert_one(&errors, 3, "path", needle);
    }
    let twice = VALID
        .replace("path: /v3/things", "path: /v3/{a}/{a}")
        .replace("      in: query\n", "      in: path\n");
    assert_one(&endpoint(&twice), 3, "path", "stands twice");
}

#[test]
fn all_errors_are_reported_at_once_in_file_order() {
    let text = VALID
        .replace("string[1,8]", "string[9,8]")
        .replace("      type: int\n", "      type: int\n      enum: nope\n");
    let errors = endpoint(&text);
    let lines: Vec<usize> = errors
        .iter()
        .filter_map(|e| e.position.map(|p| p.line))
        .collect();
    assert_eq!(lines, [13, 21], "{errors:#?}");
}

#[test]
fn the_project_specs_load() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    let api = load_api(&spec).unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(api.endpoints.len(), 31);
    assert_eq!(api.notifications.len(), 2);
}

/// A page may list one code for two causes: both rows are kept, and both describe the code.
#[test]
fn one_code_may_have_two_rows_but_not_the_same_row_twice() {
    let rows = "errors:\n  - status: 403\n    code: NO_AUTH\n    description: 无权限\n    solution: s\n  - status: 403\n    code: NO_AUTH\n    description: 商户未开通\n    solution: s\n";
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("settings.yaml"), SETTINGS).unwrap();
    fs::create_dir_all(dir.path().join("ns")).unwrap();
    fs::write(
        dir.path().join("ns/query_things.yaml"),
        format!("{VALID}{rows}"),
    )
    .unwrap();
    let api = load_api(dir.path()).unwrap();
    let codes = api.error_codes();
    let no_auth = codes.iter().find(|c| c.code == "NO_AUTH").unwrap();
    assert_eq!(no_auth.rows.len(), 2);

    let twice = format!("{VALID}{rows}", rows = rows.replace("商户未开通", "无权限"));
    assert_one(
        &endpoint(&twice),
        28,
        "errors[1]",
        "same description and solution",
    );
}

const POST: &str = "\
title: t
method: POST
path: /v3/things
idempotent: false
signed_response: true
source:
  from: our own integration guide
request:
  fields:
    - name: a
      title: A
      in: body
      type: string[1,8]
      required: true
      description: d
    - name: n
      title: N
      in: body
      type: int
      required: false
      description: d
response:
  fields: []
examples:
  request_body: '{\"a\": \"x\", \"n\": 1}'
";

#[test]
fn a_request_body_example_fits_the_request_or_is_an_erratum() {
    assert!(endpoint(POST).is_empty(), "{:#?}", endpoint(POST));
    let example = r#"{"a": "x", "n": 1}"#;
    for (body, needle) in [
        (r#"{"a": "x", "m": 1}"#, "`m` is not a body field"),
        (r#"{"n": 1}"#, "a is required"),
        (r#"{"a": "x", "n": "one"}"#, "expected an integer"),
        (r#"{"a": "xxxxxxxxx"}"#, "length 9"),
        ("[1]", "a JSON body is an object"),
        (r#"{"a": "#, "not valid JSON"),
    ] {
        let text = POST.replace(example, body);
        assert_one(&endpoint(&text), 25, "examples.request_body", needle);
    }
    let excused = POST.replace(example, r#"{"a": "x", "n": "one"}"#)
        + "errata:\n  - at: examples.request_body\n    doc_says: d\n    decision: d\n    reason: r\n";
    assert!(endpoint(&excused).is_empty(), "{:#?}", endpoint(&excused));
}

#[test]
fn a_spec_says_where_it_comes_from() {
    let text = VALID.replace("source:\n  document: d\n", "source: {}\n");
    assert_one(
        &endpoint(&text),
        6,
        "source",
        "say where this spec comes from",
    );
    let from = VALID.replace("  document: d\n", "  from: a partner's guide\n");
    assert!(endpoint(&from).is_empty());
}

/// A shared file records its decisions as errata, and each must name something in that file.
#[test]
fn shared_errata_name_their_own_definitions() {
    let shared = "errors:\n  - status: 429\n    code: FREQUENCY_LIMITED\n    description: d\n    solution: s\nerrata:\n  - at: errors.FREQUENCY_LIMITED\n    doc_says: d\n    decision: d\n    reason: r\n  - at: errors.FREQUENCY_LIMTED\n    doc_says: d\n    decision: d\n    reason: r\n";
    let errors = errors_of(&[
        ("shared/errors.yaml", shared),
        ("ns/query_things.yaml", VALID),
    ]);
    assert_one(
        &errors,
        11,
        "errata[1].at",
        "the error table has no code `FREQUENCY_LIMTED`",
    );
}

/// The codes an endpoint's page lists are its own rows; the public codes it does not list are
/// the ones the spec assumes for it, and its docs say so.
#[test]
fn public_codes_a_page_does_not_list_are_assumed() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    let api = load_api(&spec).unwrap_or_else(|errors| panic!("{errors}"));
    let assumed = |file: &str| -> Vec<&str> {
        let endpoint = api.endpoints.iter().find(|e| e.spec_file == file).unwrap();
        api.assumed_errors(endpoint)
            .iter()
            .map(|row| row.code.as_str())
            .collect()
    };
    // Page 001 lists the four public codes and no 429.
    assert_eq!(
        assumed("brand/profitsharing/query_return_order.yaml"),
        ["FREQUENCY_LIMITED"]
    );
    // Pages 000 and 002 list 429 but not the signature and request-shape codes.
    for file in [
        "ecommerce/profitsharing/query_return_order.yaml",
        "ecommerce/profitsharing/query_order.yaml",
    ] {
        assert_eq!(assumed(file), ["INVALID_REQUEST", "SIGN_ERROR"], "{file}");
    }
}

/// A success example must fit the response: a required field missing, or a value of another
/// type, is located at the example, unless an erratum keeps the example as printed.
#[test]
fn response_examples_must_fit_the_response() {
    let with_example = |body: &str| {
        format!("{VALID}examples:\n  responses:\n    - status: 200\n      body: '{body}'\n")
    };
    let errors = endpoint(&with_example(r#"{"c": 1}"#));
    assert_at(&errors, "examples.responses[0].body", "b is required");
    let errors = endpoint(&with_example(r#"{"b": "one"}"#));
    assert_at(&errors, "examples.responses[0].body", "at `b`");
    assert!(endpoint(&with_example(r#"{"b": 1, "added_later": true}"#)).is_empty());
    let excused = format!(
        "{}errata:\n  - at: examples.responses\n    doc_says: x\n    decision: kept\n    reason: as printed\n",
        with_example(r#"{"c": 1}"#)
    );
    assert!(endpoint(&excused).is_empty(), "{:#?}", endpoint(&excused));
}
