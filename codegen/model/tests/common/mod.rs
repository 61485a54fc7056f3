//! What the spec-error tests share: a valid endpoint to vary, and a tree to load it in.

#![allow(dead_code)] // Each test file uses its own part of this.

use std::fs;

use wechatpay_spec::{SpecError, load_api};

pub const SETTINGS: &str = "length_unit: chars\nlength_unit_reason: test\n";

pub const VALID: &str = "\
title: t
method: GET
path: /v3/things
idempotent: true
signed_response: true
source:
  document: d
request:
  fields:
    - name: a
      title: A
      in: query
      type: string[1,8]
      required: true
      description: d
response:
  fields:
    - name: b
      title: B
      type: int
      required: true
      description: d
";

/// Loads a spec tree made of `settings.yaml` and the given files; returns its errors.
pub fn errors_of(files: &[(&str, &str)]) -> Vec<SpecError> {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("settings.yaml"), SETTINGS).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    match load_api(dir.path()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .errors()
            .iter()
            .cloned()
            .map(|mut e| {
                e.file = e.file.strip_prefix(dir.path()).unwrap().to_path_buf();
                e
            })
            .collect(),
    }
}

/// Asserts exactly one error, at `line`, naming `key_path`, whose message contains `needle`.
#[track_caller]
pub fn assert_one(errors: &[SpecError], line: usize, key_path: &str, needle: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = &errors[0];
    assert_eq!(error.position.map(|p| p.line), Some(line), "{error}");
    assert_eq!(error.key_path, key_path, "{error}");
    assert!(error.message.contains(needle), "`{needle}` not in: {error}");
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!("{}:{line}:", error.file.display())),
        "{shown}"
    );
}

pub fn endpoint(text: &str) -> Vec<SpecError> {
    errors_of(&[("ns/query_things.yaml", text)])
}

/// Asserts that exactly one error names `key_path`, and that its message contains `needle`.
#[track_caller]
pub fn assert_at(errors: &[SpecError], key_path: &str, needle: &str) {
    let at: Vec<&SpecError> = errors.iter().filter(|e| e.key_path == key_path).collect();
    assert_eq!(
        at.len(),
        1,
        "one error at `{key_path}` expected: {errors:#?}"
    );
    assert!(
        at[0].message.contains(needle),
        "`{needle}` not in: {}",
        at[0]
    );
    assert!(at[0].position.is_some(), "not located: {}", at[0]);
}
