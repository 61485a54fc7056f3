//! Writes a synthetic spec tree (`benches/synthetic/mod.rs`) for measurements outside the divan
//! benchmarks: the `cargo check` cost of a generated crate, the side-by-side script.
//!
//! `cargo run --release -p wechatpay-codegen --example synthetic_tree -- DIR ENDPOINTS [FAMILY]`
//! writes ENDPOINTS endpoints ten per namespace, and with FAMILY also one family of FAMILY
//! endpoints in the namespace `family/large` (feature `family-large`).

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = |text: Option<&String>| text.and_then(|text| text.parse::<usize>().ok());
    let (Some(dir), Some(endpoints)) = (args.first(), count(args.get(1))) else {
        eprintln!("usage: synthetic_tree DIR ENDPOINTS [FAMILY]");
        return ExitCode::from(2);
    };
    if endpoints > synthetic::MAX_ENDPOINTS {
        eprintln!("at most {} endpoints", synthetic::MAX_ENDPOINTS);
        return ExitCode::from(2);
    }
    let mut written = synthetic::write_tree(dir.as_ref(), endpoints);
    if let (Ok(()), Some(family)) = (&written, count(args.get(2))) {
        written = synthetic::write_family(dir.as_ref(), ("family", "large"), family);
    }
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cannot write {dir}: {error}");
            ExitCode::FAILURE
        }
    }
}
