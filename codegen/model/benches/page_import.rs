//! How long `import` takes as a page grows: a real page's tables repeated to 64 KiB, 256 KiB
//! and 1 MiB, and hostile text of the same sizes (one very long line; thousands of short table
//! rows that never close). Time should grow in proportion to size. Figures and method:
//! BENCHMARKS.md, "Page import".
//!
//! Run with `cargo bench -p wechatpay-spec --bench page_import`.

use wechatpay_spec::import::import;

fn main() {
    divan::main();
}

/// Seed page 002 (whitespace tables, version history), as the repository keeps it.
const SEED: &str = include_str!("../../../tests/data/seeds/002_ddc00bb1490c5c2e.txt");

/// The sizes measured, in KiB.
const SIZES: [usize; 3] = [64, 256, 1024];

/// The seed with its request table's rows repeated until the page is `kib` KiB: a page whose
/// every line is something the reader must look at.
fn grown(kib: usize) -> String {
    let (head, rest) = SEED.split_at(SEED.find("sub_mchid").unwrap_or(0));
    let row_end = rest.find("\n\n").unwrap_or(rest.len());
    let (row, tail) = rest.split_at(row_end);
    let mut page = head.to_owned();
    while page.len() + row.len() + tail.len() < kib << 10 {
        page.push_str(row);
        page.push('\n');
    }
    page.push_str(tail);
    page
}

/// Text no page looks like, of `kib` KiB: half one long line, half unterminated pipe rows.
fn hostile(kib: usize) -> String {
    let half = (kib << 10) / 2;
    let mut page = "参数名".repeat(half / 9);
    page.push('\n');
    let row = "| a | b | string[1,32] | 是 | query 示例值:1\n";
    while page.len() + row.len() <= kib << 10 {
        page.push_str(row);
    }
    page
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn a_real_page_grown(bencher: divan::Bencher, kib: usize) {
    let page = grown(kib);
    // What is timed is a whole import, not an early refusal.
    assert!(import(&page, "page.txt").is_ok(), "the grown page imports");
    bencher.bench(|| divan::black_box(import(&page, "page.txt")));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn hostile_text(bencher: divan::Bencher, kib: usize) {
    let page = hostile(kib);
    assert!(
        page.len() <= wechatpay_spec::import::MAX_PAGE_BYTES,
        "read, not refused for size"
    );
    bencher.bench(|| divan::black_box(import(&page, "page.txt")));
}
