//! A page imported and diffed against its curated spec: the step of the page-change workflow
//! where a person sees what a new page would change. Seed page 001, its notes settled as its
//! curated spec settles them, against that spec: only what its errata decide and names chosen
//! by meaning differ.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::fs;
use std::path::{Path, PathBuf};

use wechatpay_spec::diff::compare;
use wechatpay_spec::import::{import, write_draft};

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// A spec tree with the project's settings and shared files and one endpoint file.
fn tree(dir: &Path, relative: &str, text: &str) {
    fs::create_dir_all(dir.join("shared")).unwrap();
    fs::copy(repo("spec/settings.yaml"), dir.join("settings.yaml")).unwrap();
    for entry in fs::read_dir(repo("spec/shared")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join("shared").join(entry.file_name())).unwrap();
    }
    let file = dir.join(relative);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(file, text).unwrap();
}

#[test]
fn an_imported_page_diffs_against_its_curated_spec() {
    let relative = "brand/profitsharing/query_return_order.yaml";
    let page = fs::read_to_string(repo("tests/data/seeds/001_783cc1c18dbaa47a.txt")).unwrap();
    let mut draft = import(&page, "tests/data/seeds/001_783cc1c18dbaa47a.txt").unwrap();
    // The person settles each note (the curated spec's errata record the same decisions).
    assert!(!draft.notes.is_empty());
    draft.notes.clear();
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    tree(
        dirs.0.path(),
        relative,
        &fs::read_to_string(repo(&format!("spec/{relative}"))).unwrap(),
    );
    tree(dirs.1.path(), relative, &write_draft(&draft));
    let curated = wechatpay_spec::load_api(dirs.0.path()).unwrap();
    let imported = wechatpay_spec::load_api(dirs.1.path()).unwrap_or_else(|e| panic!("{e}"));
    let report = compare(&curated, &imported);
    let listed: Vec<String> = report
        .changes()
        .iter()
        .map(|c| {
            format!(
                "{:?} {} {:?}",
                c.side,
                c.path.as_deref().unwrap_or("-"),
                c.kind
            )
        })
        .collect();
    // The same endpoint on both sides; what differs is listed, and each entry is a decision of
    // the curated spec's errata or a name chosen by meaning there.
    assert!(
        report
            .changes()
            .iter()
            .all(|c| c.subject.name == "GET /v3/brand/profitsharing/returnorders"),
        "{listed:#?}"
    );
    assert_eq!(
        listed,
        [
            // `poll`: the curated spec polls a PROCESSING return order, a choice of its own.
            "None - HelperRemoved",
            // The page marks both 选填 and says 二选一: the curated spec makes them a one-of
            // group (an erratum), the draft keeps them optional (and its note asks).
            "Some(Request) order_id PresenceChanged",
            "Some(Request) out_order_no PresenceChanged",
            // The response's name, chosen by meaning.
            "Some(Response) - TypeRenamed",
            // The shared enums the curated spec uses (FAIL read as FAILED, an erratum).
            "Some(Response) result TypeChanged",
            "Some(Response) fail_reason TypeChanged",
            // finish_time: optional in the curated spec (an erratum), required on the page.
            "Some(Response) finish_time PresenceChanged",
        ]
    );
}
