//! The command line: what it prints and the documented exit codes.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    // codegen/cli
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wechatpay-codegen"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_on_the_repository() {
    let output = run(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("up to date"));
}

#[test]
fn generate_reports_written_then_unchanged_and_check_catches_an_edit() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();

    let first = run(&["generate", "--out", out_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert!(
        stdout.contains("written") && !stdout.contains("unchanged"),
        "{stdout}"
    );

    let second = run(&["generate", "--out", out_arg]);
    let stdout = text(&second.stdout);
    assert!(
        stdout.contains("unchanged") && stdout.contains(", 0 changed,"),
        "{stdout}"
    );

    let lib = out.path().join("lib.rs");
    fs::write(&lib, fs::read_to_string(&lib).unwrap() + "// a hand edit\n").unwrap();
    let check = run(&["check", "--out", out_arg]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = text(&check.stderr);
    assert!(
        stderr.contains("+// a hand edit") || stderr.contains("-// a hand edit"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 generated file is out of date"),
        "{stderr}"
    );
}

#[test]
fn spec_errors_exit_3_with_located_messages() {
    let spec = tempfile::tempdir().unwrap();
    fs::write(
        spec.path().join("settings.yaml"),
        "length_unit: furlongs\nlength_unit_reason: x\n",
    )
    .unwrap();
    let output = run(&["lint", "--spec", spec.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("settings.yaml:1:"), "{stderr}");
    assert!(stderr.contains("unknown variant `furlongs`"), "{stderr}");
    assert!(stderr.contains("1 error in spec files"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["regenerate"]).status.code(), Some(2));
}

#[test]
fn unwritable_output_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "").unwrap();
    let output = run(&["generate", "--out", blocker.join("src").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(4), "{}", text(&output.stderr));
}
