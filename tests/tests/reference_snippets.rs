//! The Rust snippets of the Markdown reference (`docs/reference/`) compile against the generated
//! crate, so they never rot: the generator writes each page's snippet again into
//! `docs/reference/snippets.rs`, which is included here, and `cargo codegen check` keeps both in
//! step with the specs. The test below checks that every page shows a snippet compiled here, word
//! for word.

use std::fs;
use std::path::{Path, PathBuf};

include!("../../docs/reference/snippets.rs");

/// The reference's directory, from this crate's.
fn reference_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/reference")
}

/// Every Markdown file below `dir`.
fn pages(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            pages(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    Ok(())
}

/// The ```rust blocks of a page, each as the lines between its fences.
fn rust_blocks(page: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in page.lines() {
        match (&mut current, line) {
            (None, "```rust") => current = Some(Vec::new()),
            (Some(lines), "```") => {
                blocks.push(lines.join("\n"));
                current = None;
            }
            (Some(lines), line) => lines.push(line),
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_snippet_a_page_shows_is_one_this_file_compiles() -> std::io::Result<()> {
    let compiled = fs::read_to_string(reference_dir().join("snippets.rs"))?;
    let mut found = Vec::new();
    pages(&reference_dir(), &mut found)?;
    let mut shown = 0;
    for page in &found {
        for block in rust_blocks(&fs::read_to_string(page)?) {
            shown += 1;
            let indented: Vec<String> = block
                .lines()
                .map(|line| {
                    if line.is_empty() {
                        String::new()
                    } else {
                        format!("    {line}")
                    }
                })
                .collect();
            assert!(
                compiled.contains(&indented.join("\n")),
                "{} shows a snippet that snippets.rs does not hold: run `cargo codegen generate`",
                page.display()
            );
        }
    }
    let modules = compiled.matches("\nmod ").count();
    assert_eq!(shown, modules, "one snippet per page, each compiled once");
    assert!(modules > 0, "the reference has snippets");
    Ok(())
}
