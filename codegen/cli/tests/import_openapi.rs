//! `import-openapi` through the command line: the README's example is what it prints, drafts are
//! replaced only with `--force`, and a broken document exits 3 with its line and column.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

mod common;

use std::fs;

use common::{repo_root, run, text};

const FIXTURE: &str = "codegen/model/tests/data/openapi/third_party_swagger.yaml";

/// The lines the README shows after `$ <command>`, up to the next `$` line.
fn readme_output(command: &str) -> String {
    let readme = fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme.find(command).expect("the README shows the command");
    let shown: Vec<&str> = readme[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("    ") && !line.starts_with("    $"))
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect();
    format!("{}\n", shown.join("\n"))
}

#[test]
fn the_readme_example_is_what_the_command_prints() {
    let shown = readme_output(&format!(
        "    $ cargo codegen import-openapi {FIXTURE} --out drafts"
    ));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("drafts");
    let output = run(&["import-openapi", FIXTURE, "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed = text(&output.stdout) + &text(&output.stderr);
    assert_eq!(
        printed.replace(out.to_str().unwrap(), "drafts"),
        shown,
        "README.md's import-openapi example differs from what the command prints; paste it again"
    );
}

#[test]
fn drafts_are_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert_eq!(
        run(&["import-openapi", FIXTURE, "--out", out])
            .status
            .code(),
        Some(0)
    );
    let settings = dir.path().join("settings.yaml");
    fs::write(&settings, "# kept\n").unwrap();
    let again = run(&["import-openapi", FIXTURE, "--out", out]);
    assert_eq!(again.status.code(), Some(4));
    assert!(
        text(&again.stderr).contains("pass --force"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(fs::read_to_string(&settings).unwrap(), "# kept\n");
    let forced = run(&["import-openapi", FIXTURE, "--out", out, "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_ne!(fs::read_to_string(&settings).unwrap(), "# kept\n");
}

#[test]
fn a_broken_document_exits_3_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("broken.json");
    fs::write(&document, "{\"openapi\": \"3.0.3\",\n \"paths\": {").unwrap();
    let out = dir.path().join("drafts");
    let output = run(&[
        "import-openapi",
        document.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("broken.json:2:"), "{stderr}");
    assert!(!out.exists(), "no draft is written from a broken document");
}
