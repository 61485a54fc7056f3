//! `wechatpay-codegen diff` through the real binary: the three ways to name a side (a file, a
//! directory, a git revision), the text and JSON reports, colour, and the exit codes.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{command, repo_root, run, text};

const QUERY_ORDER: &str = "spec/ecommerce/profitsharing/query_order.yaml";

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// `text` with `from` replaced by `to`, which must stand in it exactly once.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must stand once");
    text.replacen(from, to, 1)
}

fn seed() -> String {
    fs::read_to_string(repo_root().join(QUERY_ORDER)).unwrap()
}

/// Page 002 before V1.3 (no `type` nor `receiver_account` on a receiver).
fn before_v1_3() -> String {
    let text = seed();
    let start = text
        .find("      - name: type\n        rust_name: receiver_type")
        .unwrap();
    let end = text.find("\nenums:").unwrap();
    format!("{}{}", &text[..start], &text[end..])
}

/// Page 002 before V1.5 (the status ACCEPTED and the result ADJUST, dropped then).
fn before_v1_5() -> String {
    let text = edit(
        &seed(),
        "      - value: PROCESSING\n        meaning: 处理中\n      - value: FINISHED",
        "      - value: ACCEPTED\n        meaning: 受理成功\n      - value: PROCESSING\n        meaning: 处理中\n      - value: FINISHED",
    );
    edit(
        &text,
        "        meaning: 分账成功\n      - value: CLOSED",
        "        meaning: 分账成功\n      - value: ADJUST\n        meaning: 分账失败待调账\n      - value: CLOSED",
    )
}

/// A loose copy of a page, outside any spec directory.
fn loose(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("query_order.yaml");
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Copies the directory `from` to `to`, files and subdirectories.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_page_before_v1_3_diffs_as_new_response_fields_not_breaking() {
    let dir = tempfile::tempdir().unwrap();
    let old = loose(&dir, &before_v1_3());
    let output = run(&["diff", &old, QUERY_ORDER, "--fail-on", "breaking"]);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("GET /v3/ecommerce/profitsharing/orders"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "minor     response receivers[].type: field added: optional enum ReceiverType"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("response receivers[].receiver_account: field added"),
        "{stdout}"
    );
    assert!(stdout.contains("2 changes, 0 breaking"), "{stdout}");
    assert!(stdout.contains("Not breaking: new API"), "{stdout}");
}

#[test]
fn breaking_changes_fail_only_under_fail_on_breaking() {
    let dir = tempfile::tempdir().unwrap();
    let old = loose(&dir, &before_v1_5());
    let output = run(&["diff", &old, QUERY_ORDER]);
    assert_exit(&output, 0);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("breaking  response status: enum value removed: ACCEPTED (受理成功)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Breaking: the generated crate needs a major release"),
        "{stdout}"
    );
    let failing = run(&["diff", &old, QUERY_ORDER, "--fail-on", "breaking"]);
    assert_exit(&failing, 1);
    assert_eq!(text(&failing.stdout), stdout, "the same report either way");
    // The other way round the values are added: not breaking.
    let back = run(&["diff", QUERY_ORDER, &old, "--fail-on", "breaking"]);
    assert_exit(&back, 0);
    assert!(text(&back.stdout).contains("enum value added: ACCEPTED"));
}

#[test]
fn json_output_parses_back_into_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let old = loose(&dir, &before_v1_5());
    let output = run(&["diff", &old, QUERY_ORDER, "--format", "json"]);
    assert_exit(&output, 0);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["format_version"], 1);
    assert_eq!(json["old"], old.as_str());
    assert_eq!(json["new"], QUERY_ORDER);
    assert_eq!(json["breaking"], true);
    assert_eq!(json["bump"], "major");
    assert_eq!(json["bump_before_1_0"], "minor");
    let changes = json["changes"].as_array().unwrap();
    let found: Vec<(&str, &str, bool)> = changes
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap(),
                c["path"].as_str().unwrap(),
                c["breaking"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("enum_value_removed", "status", true),
            ("enum_value_removed", "receivers[].result", true),
        ]
    );
    let first = &changes[0];
    assert_eq!(first["subject"]["kind"], "endpoint");
    assert_eq!(
        first["subject"]["name"],
        "GET /v3/ecommerce/profitsharing/orders"
    );
    assert_eq!(first["side"], "response");
    assert_eq!(first["old"], "ACCEPTED (受理成功)");
    assert_eq!(first["bump"], "major");
    assert!(!first["reason"].as_str().unwrap().is_empty());
}

#[test]
fn the_fail_failed_split_compares_between_directories() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    copy_dir(&repo_root().join("spec"), &old);
    copy_dir(&repo_root().join("spec"), &new);
    // Before 001 was read beside 000, the shared result spelt the failure FAILED only.
    let enums = old.join("shared/enums.yaml");
    let without_alias = edit(
        &fs::read_to_string(&enums).unwrap(),
        "        meaning: 已失败\n        aliases:\n          - FAIL\n",
        "        meaning: 已失败\n",
    );
    fs::write(&enums, without_alias).unwrap();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());

    let gained = run(&["diff", old, new, "--fail-on", "breaking"]);
    assert_exit(&gained, 0);
    let stdout = text(&gained.stdout);
    assert!(
        stdout.contains("GET /v3/brand/profitsharing/returnorders"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "patch     response result: enum spelling changed: FAILED → FAILED, also read from FAIL"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("Not breaking: a patch release"), "{stdout}");

    let lost = run(&["diff", new, old, "--fail-on", "breaking"]);
    assert_exit(&lost, 1);
    assert!(text(&lost.stdout).contains("read as Unknown"));
}

/// Runs git in `dir`, failing the test when git is missing or fails: CI machines have it.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .status()
        .expect("git must be installed to run this test");
    assert!(status.success(), "git {args:?}");
}

/// A repository of two commits: the project's specs, then page 002 with a new required
/// request field.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    copy_dir(&repo_root().join("spec"), &dir.join("spec"));
    git(dir, &["add", "spec"]);
    git(dir, &["commit", "-q", "-m", "specs"]);
    let page = dir.join(QUERY_ORDER);
    let with_field = edit(
        &fs::read_to_string(&page).unwrap(),
        "      example: \"P20150806125346\"\n  one_of: []",
        "      example: \"P20150806125346\"\n    - name: receiver_mchid\n      title: 分账接收商户号\n      in: query\n      type: string[1,32]\n      required: true\n      description: d\n  one_of: []",
    );
    fs::write(&page, with_field).unwrap();
    git(dir, &["commit", "-q", "-a", "-m", "a required field"]);
    repo
}

#[test]
fn git_revisions_are_read_as_rev_colon_path() {
    let repo = repository();
    let dir = repo.path();
    let trees = command(
        dir,
        &["diff", "HEAD~1:spec", "HEAD:spec", "--format", "json"],
    )
    .output()
    .unwrap();
    assert_exit(&trees, 0);
    let json: serde_json::Value = serde_json::from_slice(&trees.stdout).unwrap();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json:#}");
    assert_eq!(changes[0]["kind"], "field_added");
    assert_eq!(changes[0]["side"], "request");
    assert_eq!(changes[0]["path"], "receiver_mchid");
    assert_eq!(changes[0]["breaking"], true);

    // A file of a revision against the working tree's copy, failing on the breaking change.
    let old_file = format!("HEAD~1:{QUERY_ORDER}");
    let files = command(
        dir,
        &["diff", &old_file, QUERY_ORDER, "--fail-on", "breaking"],
    )
    .output()
    .unwrap();
    assert_exit(&files, 1);
    assert!(text(&files.stdout).contains("request receiver_mchid: field added: required String"));

    let same = command(dir, &["diff", "HEAD:spec", "spec"])
        .output()
        .unwrap();
    assert_exit(&same, 0);
    assert!(text(&same.stdout).starts_with("No changes"));
}

#[test]
fn a_missing_revision_or_a_missing_git_is_an_io_error() {
    let repo = repository();
    let dir = repo.path();
    let missing = command(dir, &["diff", "no-such-revision:spec", "spec"])
        .output()
        .unwrap();
    assert_exit(&missing, 4);
    let stderr = text(&missing.stderr);
    assert!(
        stderr.contains("git cat-file") && stderr.contains("no-such-revision"),
        "{stderr}"
    );

    let empty = tempfile::tempdir().unwrap();
    let no_git = command(dir, &["diff", "HEAD~1:spec", "spec"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_exit(&no_git, 4);
    assert!(text(&no_git.stderr).contains("cannot run git"));
}

#[test]
fn exit_codes_for_arguments_specs_and_paths() {
    // 2: the command line.
    assert_exit(&run(&["diff", QUERY_ORDER]), 2);
    assert_exit(
        &run(&["diff", QUERY_ORDER, QUERY_ORDER, "--format", "xml"]),
        2,
    );
    assert_exit(
        &run(&["diff", QUERY_ORDER, QUERY_ORDER, "--fail-on", "all"]),
        2,
    );
    assert_exit(&run(&["diff", ":spec", QUERY_ORDER]), 2);
    // 3: a side does not load, each error located.
    let dir = tempfile::tempdir().unwrap();
    let broken = loose(
        &dir,
        &seed().replacen("idempotent: true", "idempotnt: true", 1),
    );
    let output = run(&["diff", &broken, QUERY_ORDER]);
    assert_exit(&output, 3);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!("{broken}:10:1: unknown field `idempotnt`")),
        "{stderr}"
    );
    // 4: nothing to read.
    let output = run(&["diff", "no/such/dir", QUERY_ORDER]);
    assert_exit(&output, 4);
    assert!(text(&output.stderr).contains("no such file or directory"));
    // 0: nothing changed.
    let output = run(&["diff", QUERY_ORDER, QUERY_ORDER, "--fail-on", "breaking"]);
    assert_exit(&output, 0);
}

#[test]
fn colour_only_on_a_terminal_or_when_forced_and_never_under_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let old = loose(&dir, &before_v1_5());
    let args = ["diff", old.as_str(), QUERY_ORDER];
    let piped = command(&repo_root(), &args).output().unwrap();
    assert!(!piped.stdout.contains(&0x1b), "{}", text(&piped.stdout));
    let forced = command(&repo_root(), &args)
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        forced.stdout.contains(&0x1b),
        "styles are written when asked for"
    );
    let refused = command(&repo_root(), &args)
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!refused.stdout.contains(&0x1b), "NO_COLOR wins");
    assert_eq!(refused.stdout, piped.stdout);
}

#[test]
fn the_readme_example_is_what_the_command_prints() {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let command = "    $ cargo codegen diff query_order-v1.2.yaml ";
    let start = readme.find(command).expect("the README shows a diff");
    let shown: Vec<&str> = readme[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.is_empty() || line.starts_with("    "))
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect();
    let shown = format!("{}\n", shown.join("\n").trim_end());

    // The V1.3 fields and the V1.5 enum values undone, as the README says.
    let v1_5 = before_v1_5();
    let start = v1_5
        .find("      - name: type\n        rust_name: receiver_type")
        .unwrap();
    let end = v1_5.find("\nenums:").unwrap();
    let old_page = format!("{}{}", &v1_5[..start], &v1_5[end..]);
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("query_order-v1.2.yaml");
    fs::write(&old, old_page).unwrap();
    let output = run(&["diff", old.to_str().unwrap(), QUERY_ORDER]);
    assert_exit(&output, 0);
    let printed = text(&output.stdout).replace(old.to_str().unwrap(), "query_order-v1.2.yaml");
    assert_eq!(
        printed, shown,
        "README.md's diff example differs from what the command prints; paste it again"
    );
}
