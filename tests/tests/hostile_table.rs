//! HOSTILE_INPUTS.md stays true: every test its rows name exists in the repository's tests.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() && name != "target" && !name.starts_with('.') {
            rust_files(&path, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_test_the_table_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let table = fs::read_to_string(root.join("HOSTILE_INPUTS.md")).unwrap();
    let mut files = Vec::new();
    for dir in ["codegen", "mock", "runtime", "tests", "macros", "rules"] {
        rust_files(&root.join(dir), &mut files);
    }
    let sources: String = files
        .iter()
        .map(|path| fs::read_to_string(path).unwrap())
        .collect();
    let mut named = 0;
    for row in table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| input"))
    {
        let test_column = row.trim_end_matches('|').rsplit('|').next().unwrap();
        for name in test_column.split('`').skip(1).step_by(2) {
            named += 1;
            assert!(
                sources.contains(&format!("fn {name}(")),
                "HOSTILE_INPUTS.md names `{name}`, which no test defines"
            );
        }
    }
    assert!(named >= 25, "only {named} tests named");
}
