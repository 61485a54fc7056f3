//! How long loading takes for the worst spec files a user or an attacker can hand the loader
//! (through `lint`, `include_spec!`, a build script or the mock's `--user-spec`), each just under
//! the size limit or far past the nesting limit. Figures and method: BENCHMARKS.md, "Spec loader
//! under hostile input".
//!
//! Run with `cargo bench -p wechatpay-spec --bench hostile_specs`.

use std::fs;
use std::path::{Path, PathBuf};

use wechatpay_spec::yaml::{MAX_DEPTH, MAX_FILE_BYTES};

fn main() {
    divan::main();
}

/// The endpoint every case starts from.
const ENDPOINT: &str = "title: t
method: GET
path: /v3/things
idempotent: true
signed_response: true
source:
  document: d
request:
  fields: []
response:
  fields: []
";

/// A spec tree holding `settings.yaml` and `ns/query_things.yaml` with `text`.
fn tree(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wechatpay-hostile-{}-{name}", std::process::id()));
    fs::create_dir_all(dir.join("ns")).expect("a scratch directory");
    fs::write(
        dir.join("settings.yaml"),
        "length_unit: chars\nlength_unit_reason: r\n",
    )
    .expect("settings");
    fs::write(dir.join("ns/query_things.yaml"), text).expect("the endpoint");
    dir
}

/// Fills the file to just under the size limit with `line` repeated after `head`.
fn fill(head: &str, line: &str) -> String {
    let mut text = head.to_owned();
    while text.len() + line.len() < MAX_FILE_BYTES {
        text.push_str(line);
    }
    text
}

fn lint(dir: &Path) {
    // Every case is refused or accepted; what is measured is that the answer comes quickly.
    let _ = divan::black_box(wechatpay_spec::load_api(dir));
}

/// Sequences nested one level short of the limit, errata after errata, to the size limit.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn nested_at_the_limit(bencher: divan::Bencher) {
    // The document, the errata list and an erratum take three levels.
    let depth = MAX_DEPTH - 3;
    let line = format!(
        "  - at: {}{}\n    doc_says: d\n    decision: d\n    reason: r\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = tree("nested", &fill(&format!("{ENDPOINT}errata:\n"), &line));
    bencher.bench(|| lint(&dir));
    let _ = fs::remove_dir_all(dir);
}

/// Half a million brackets deep: refused where the nesting passes the limit.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn nested_far_past_the_limit(bencher: divan::Bencher) {
    let half = MAX_FILE_BYTES / 2 - 64;
    let text = format!(
        "{ENDPOINT}errata:\n  - at: {}{}\n",
        "[".repeat(half),
        "]".repeat(half)
    );
    let dir = tree("deep", &text);
    bencher.bench(|| lint(&dir));
    let _ = fs::remove_dir_all(dir);
}

/// One scalar of nearly a megabyte.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn one_huge_scalar(bencher: divan::Bencher) {
    let text = format!(
        "{}summary: {}\n",
        ENDPOINT,
        "分".repeat((MAX_FILE_BYTES - ENDPOINT.len() - 16) / 3)
    );
    let dir = tree("scalar", &text);
    bencher.bench(|| lint(&dir));
    let _ = fs::remove_dir_all(dir);
}

/// Thousands of response fields, each checked and resolved.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn many_fields(bencher: divan::Bencher) {
    let head = ENDPOINT.replace("response:\n  fields: []\n", "response:\n  fields:\n");
    let mut text = head;
    let mut i = 0;
    loop {
        let field = format!(
            "    - name: f{i}\n      title: t\n      type: string[1,32]\n      required: true\n      description: d\n      example: x\n"
        );
        if text.len() + field.len() >= MAX_FILE_BYTES {
            break;
        }
        text.push_str(&field);
        i += 1;
    }
    let dir = tree("fields", &text);
    bencher.bench(|| lint(&dir));
    let _ = fs::remove_dir_all(dir);
}

/// Anchors and aliases, one after the other, to the size limit.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn many_aliases(bencher: divan::Bencher) {
    let head = format!("{ENDPOINT}x-anchor: &a [1, 2, 3]\n");
    let dir = tree("aliases", &fill(&head, "errata: *a\n"));
    bencher.bench(|| lint(&dir));
    let _ = fs::remove_dir_all(dir);
}
