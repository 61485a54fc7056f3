//! `wechatpay-codegen openapi`: the document it writes, `--check`, and its exit codes.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::process::Output;

use common::text;

/// `openapi` with `args`, from the repository's root.
fn run(args: &[&str]) -> Output {
    common::run(&[&["openapi"][..], args].concat())
}

#[test]
fn the_checked_in_document_is_current() {
    // As CI runs it.
    let output = run(&["--check", "--out", "docs/openapi.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn a_stale_document_fails_the_check_naming_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("openapi.json");
    std::fs::write(&stale, "{}\n").unwrap();
    let output = run(&["--check", "--out", stale.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("cargo codegen openapi --spec spec --out"));
}

#[test]
fn version_3_0_is_written_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("openapi-3.0.json");
    let output = run(&["--openapi-version", "3.0", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(document["openapi"], "3.0.3");
    assert!(document["x-webhooks"].is_object());
}

#[test]
fn an_unknown_version_is_a_usage_error() {
    let output = run(&["--openapi-version", "2.0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("write 3.1 or 3.0"));
}

#[test]
fn spec_errors_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.yaml"), "length_unit: furlongs\n").unwrap();
    let output = run(&["--spec", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
}
