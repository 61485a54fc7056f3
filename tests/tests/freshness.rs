//! The checked-in generated crates match what spec/ and the generator produce today.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::fs;
use std::path::{Path, PathBuf};

use wechatpay_codegen::generate;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository root")
        .to_path_buf()
}

fn assert_fresh(spec: &str, out: &str) {
    let root = repo_root();
    let api =
        wechatpay_spec::load_api(&root.join(spec)).unwrap_or_else(|errors| panic!("{errors}"));
    let stale = generate::check(&root.join(out), &generate::crate_sources(&api)).unwrap();
    assert!(stale.is_empty(), "{}", generate::describe(&stale));
}

#[test]
fn generated_crate_is_up_to_date() {
    assert_fresh("spec", "generated/src");
}

#[test]
fn golden_sample_is_up_to_date() {
    assert_fresh("tests/golden/sample/spec", "tests/golden/sample/src");
}

#[test]
fn generation_is_byte_identical_across_runs() {
    let spec = repo_root().join("spec");
    let first = generate::crate_sources(&wechatpay_spec::load_api(&spec).unwrap());
    let second = generate::crate_sources(&wechatpay_spec::load_api(&spec).unwrap());
    assert_eq!(first, second);
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn check_reports_hand_edits_missing_and_leftover_files_with_a_diff() {
    let root = repo_root();
    let api = wechatpay_spec::load_api(&root.join("spec")).unwrap();
    let files = generate::crate_sources(&api);
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&root.join("generated/src"), copy.path());
    assert!(generate::check(copy.path(), &files).unwrap().is_empty());

    // A hand edit.
    let edited = copy.path().join("shared.rs");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(
        &edited,
        text.replacen("系统异常,请稍后重试", "hand-edited", 1),
    )
    .unwrap();
    // A file the specs no longer produce, and one they do that is gone.
    let leftover = copy.path().join("ecommerce/profitsharing/old_endpoint.rs");
    fs::write(
        &leftover,
        format!("{}\n", wechatpay_codegen::emit::rust::GENERATED_MARKER),
    )
    .unwrap();
    fs::remove_file(
        copy.path()
            .join("brand/profitsharing/query_return_order.rs"),
    )
    .unwrap();

    let stale = generate::check(copy.path(), &files).unwrap();
    let paths: Vec<_> = stale.iter().map(|s| s.path.clone()).collect();
    assert_eq!(
        paths,
        [
            copy.path()
                .join("brand/profitsharing/query_return_order.rs"),
            copy.path().join("shared.rs"),
            leftover.clone(),
        ]
    );
    let report = generate::describe(&stale);
    assert!(
        report.contains("-    /// - HTTP 500: hand-edited"),
        "{report}"
    );
    assert!(
        report.contains("+    /// - HTTP 500: 系统异常,请稍后重试"),
        "{report}"
    );
    assert!(
        report.contains("3 generated files are out of date"),
        "{report}"
    );

    // Regenerating repairs all three and leaves hand-written files alone.
    let handwritten = copy.path().join("notes.rs");
    fs::write(&handwritten, "// kept\n").unwrap();
    generate::write(copy.path(), &files).unwrap();
    assert!(generate::check(copy.path(), &files).unwrap().is_empty());
    assert!(!leftover.exists());
    assert!(handwritten.exists());
}
