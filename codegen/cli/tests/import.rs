//! `wechatpay-codegen import`: the draft on standard output or in `--out`, the notes on
//! standard error with the page's lines, and the documented exit codes (0 a draft, 3 no draft
//! from this text, 4 a file that could not be read or written).

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::fs;
use std::process::{Command, Output};

use common::text;

/// `import` with `args`, from the repository's root.
fn run(args: &[&str]) -> Output {
    common::run(&[&["import"][..], args].concat())
}

const SEED_001: &str = "tests/data/seeds/001_783cc1c18dbaa47a.txt";

#[test]
fn a_seed_drafts_to_standard_output_with_its_notes_on_standard_error() {
    let output = run(&[SEED_001]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let draft = text(&output.stdout);
    assert!(draft.contains("\ntitle: 查询分账回退结果\n"), "{draft}");
    assert!(
        draft.contains(&format!("  document: {SEED_001}\n")),
        "{draft}"
    );
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("2 import notes to settle"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{SEED_001}:43: request.fields.order_id.required: "
        )),
        "{stderr}"
    );
}

#[test]
fn out_writes_the_file_and_replaces_one_only_when_forced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.yaml");
    let out_arg = out.to_str().unwrap();
    let args = [SEED_001, "--out", out_arg, "--document", "seeds/001.txt"];
    let first = run(&args);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(first.stdout.is_empty());
    let written = fs::read_to_string(&out).unwrap();
    assert!(written.contains("  document: seeds/001.txt\n"), "{written}");
    let again = run(&args);
    assert_eq!(again.status.code(), Some(4));
    assert!(
        text(&again.stderr).contains("exists; pass --force"),
        "{}",
        text(&again.stderr)
    );
    let forced = run(&[SEED_001, "--out", out_arg, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
}

#[test]
fn text_that_gives_no_draft_exits_3_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    fs::write(&page, "查询\n参数名 | 变量 |\n").unwrap();
    let output = run(&[page.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("no request method"), "{stderr}");
    fs::write(&page, b"\xe6\x9f\xa5\xe8\xaf\xa2\n\xff\n").unwrap();
    let output = run(&[page.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:2: not UTF-8", page.display())),
        "{stderr}"
    );
}

#[test]
fn a_page_that_cannot_be_read_exits_4() {
    let missing = run(&["no/such/page.txt"]);
    assert_eq!(missing.status.code(), Some(4));
    assert!(text(&missing.stderr).contains("no/such/page.txt: cannot read"));
    let directory = run(&["tests/data"]);
    assert_eq!(directory.status.code(), Some(4));
    assert!(text(&directory.stderr).contains("not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_fifo_page_is_refused_unopened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("page.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Opening a FIFO with no writer would block: the command must refuse it first.
    let output = run(&[fifo.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(4));
    assert!(text(&output.stderr).contains("not a regular file"));
}

#[test]
fn over_writes_the_spec_back_with_the_pages_descriptions_in_place_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("query_order.yaml");
    std::fs::write(
        &spec,
        "title: t\nmethod: GET\npath: /v3/ecommerce/profitsharing/orders\nidempotent: true\n\
         signed_response: true\nsource:\n  document: d\n  descriptions: spec\nrequest:\n  fields:\n\
         \x20   - name: sub_mchid\n      title: 二级商户号\n      in: query\n      type: string[1,32]\n\
         \x20     required: true\n      description: 谁出的钱\nresponse:\n  fields: []\n",
    )
    .unwrap();
    let output = run(&[
        "tests/data/seeds/002_ddc00bb1490c5c2e.txt",
        "--over",
        spec.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let written = text(&output.stdout);
    assert!(
        written.contains("      description: \"分账出资的电商平台二级商户,填写微信支付分配的商户号。\"\n      description_source: page\n"),
        "{written}"
    );
    assert!(text(&output.stderr).contains("request.fields[0]"));
    // A spec that is not a spec file is refused as a spec error, naming its place.
    std::fs::write(&spec, "title: [\n").unwrap();
    let output = run(&[
        "tests/data/seeds/002_ddc00bb1490c5c2e.txt",
        "--over",
        spec.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
}
