//! The generator on synthetic specs of 10, 100 and 1,000 endpoints (see `synthetic/mod.rs`).
//!
//! - `parse_and_check`: `load_api` — read every YAML file, parse it strictly, check it, build
//!   the model.
//! - `emit`: `crate_sources` on a loaded model — build the tokens and print every file.
//! - `end_to_end`: both, then write the crate into a new directory (`generate::write`).
//! - `write_files`: that last step alone, for the files of a loaded model.
//!
//! Each spec tree is written once per size, outside the timed region. Each benchmark takes up
//! to ten samples of one run, stopping after five seconds, so the 1,000-endpoint runs take a few
//! samples and the whole suite well under a minute. Every benchmark counts
//! endpoints, so divan's throughput column gives endpoints per second: constant throughput
//! across sizes means the generator scales linearly. After the run, the size of the generated
//! Rust is printed for each size that was measured.
//!
//! Run with `cargo bench -p wechatpay-codegen`.

mod synthetic;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use wechatpay_codegen::emit::rust::Header;
use wechatpay_codegen::generate;
use wechatpay_spec::load_api;
use wechatpay_spec::model::Api;

/// Endpoints in each measured spec tree.
const SIZES: [usize; 3] = [10, 100, 1000];

/// Where the spec trees are written; removed when the run ends.
static ROOT: OnceLock<PathBuf> = OnceLock::new();
/// The spec tree of each size, written on first use.
static TREES: [OnceLock<PathBuf>; SIZES.len()] = [const { OnceLock::new() }; SIZES.len()];
/// The loaded model of each size, built on first use.
static APIS: [OnceLock<Api>; SIZES.len()] = [const { OnceLock::new() }; SIZES.len()];

fn main() {
    let root = tempfile::tempdir().expect("cannot create a temporary directory");
    ROOT.set(root.path().to_owned())
        .expect("the root is set once");
    divan::main();
    print_generated_sizes();
}

/// The header the project's own crate carries.
fn header() -> Header {
    Header::command("spec/", "cargo codegen generate")
}

fn slot(endpoints: usize) -> usize {
    SIZES
        .iter()
        .position(|&size| size == endpoints)
        .expect("a size from SIZES")
}

/// The spec tree of `endpoints` endpoints.
fn tree(endpoints: usize) -> &'static PathBuf {
    TREES[slot(endpoints)].get_or_init(|| {
        let root = ROOT.get().expect("main sets the root");
        let dir = root.join(format!("spec_{endpoints}"));
        synthetic::write_tree(&dir, endpoints).expect("cannot write the synthetic spec");
        dir
    })
}

/// The checked model of `endpoints` endpoints.
fn api(endpoints: usize) -> &'static Api {
    APIS[slot(endpoints)].get_or_init(|| load(endpoints))
}

fn load(endpoints: usize) -> Api {
    match load_api(tree(endpoints)) {
        Ok(api) => {
            assert_eq!(api.endpoints.len(), endpoints);
            api
        }
        Err(errors) => panic!("the synthetic spec does not check:\n{errors}"),
    }
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 5)]
fn parse_and_check(bencher: Bencher, endpoints: usize) {
    let root = tree(endpoints);
    bencher
        .counter(ItemsCount::new(endpoints))
        .bench(|| load_api(black_box(root)).map_err(|errors| errors.to_string()));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 5)]
fn emit(bencher: Bencher, endpoints: usize) {
    let api = api(endpoints);
    bencher
        .counter(ItemsCount::new(endpoints))
        .bench(|| generate::crate_sources(black_box(api), &header()));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 5)]
fn end_to_end(bencher: Bencher, endpoints: usize) {
    let spec = tree(endpoints);
    bencher
        .counter(ItemsCount::new(endpoints))
        .with_inputs(|| output_dir(endpoints))
        .bench_values(|out| {
            let api = load_api(black_box(spec)).map_err(|errors| errors.to_string())?;
            let files = generate::crate_sources(&api, &header());
            generate::write(&out, &files).map_err(|error| error.to_string())
        });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 5)]
fn write_files(bencher: Bencher, endpoints: usize) {
    let files = generate::crate_sources(api(endpoints), &header());
    bencher
        .counter(ItemsCount::new(endpoints))
        .with_inputs(|| output_dir(endpoints))
        .bench_values(|out| generate::write(&out, &files).map_err(|error| error.to_string()));
}

/// A new, empty output directory. Output directories are removed only when the run ends:
/// removing thousands of files between samples makes the file system's inode allocation the
/// slowest part of the next write (ext4 scans for recently deleted inodes).
fn output_dir(endpoints: usize) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let root = ROOT.get().expect("main sets the root");
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    root.join(format!("out_{endpoints}_{n}"))
}

/// Prints the size of the generated Rust for every size a benchmark loaded.
fn print_generated_sizes() {
    let measured: Vec<usize> = SIZES
        .iter()
        .copied()
        .filter(|&size| TREES[slot(size)].get().is_some())
        .collect();
    if measured.is_empty() {
        return;
    }
    println!();
    println!("generated Rust (src/ of the crate, all files):");
    println!(
        "{:>10} {:>7} {:>10} {:>12} {:>15} {:>15}",
        "endpoints", "files", "lines", "bytes", "lines/endpoint", "bytes/endpoint"
    );
    for endpoints in measured {
        let files = generate::crate_sources(api(endpoints), &header());
        let lines: usize = files.iter().map(|file| file.contents.lines().count()).sum();
        let bytes: usize = files.iter().map(|file| file.contents.len()).sum();
        println!(
            "{:>10} {:>7} {:>10} {:>12} {:>15.1} {:>15.0}",
            endpoints,
            files.len(),
            lines,
            bytes,
            lines as f64 / endpoints as f64,
            bytes as f64 / endpoints as f64
        );
    }
}
