//! Export then import: the OpenAPI document of a spec directory, imported back
//! (`wechatpay_spec::openapi_import`), gives specs that check into the same model and generate
//! the same crate.
//!
//! What is compared, and why: the drafts are loaded and checked like any spec directory, then
//! (1) the two checked models ([`wechatpay_spec::model::Api`]) are compared whole, through their
//! `Debug` text: every field of every endpoint, notification, object, enum and field, with
//! names, types, limits, charsets, patterns, presence, locations, examples, errata, sources,
//! paging, polling, downloads, uploads and error tables (the model holds no positions, so
//! nothing but what the specs say is compared); and (2) the Rust crate generated from each is
//! compared file by file. The model is the strongest sound comparison: the spec files
//! themselves are not (a shared format's name, which shared file holds a definition, a shared
//! file's errata and a key spelled out at its default value resolve away in the checker, and
//! the export is built from the model, so it can keep only what the model keeps). Everything a
//! generator, the mock or the reference reads is in the model.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::path::{Path, PathBuf};

use serde_json::Value;
use wechatpay_codegen::emit::openapi::{self, Version};
use wechatpay_codegen::emit::rust::Header;
use wechatpay_codegen::generate;
use wechatpay_spec::load::{self, SpecFile};
use wechatpay_spec::model::Api;
use wechatpay_spec::openapi_import::{self, Imported};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The checked model of drafts held in memory.
fn load_drafts(imported: &Imported) -> Api {
    let base = Path::new("imported");
    let files = imported
        .files
        .iter()
        .map(|file| SpecFile {
            path: base.join(&file.path),
            relative: file.path.clone(),
            text: Ok(file.text.clone()),
        })
        .collect();
    let tree = load::parse_tree(base, files, load::Settings::Required).unwrap();
    match wechatpay_spec::check::check(&tree, None) {
        Ok(api) => api,
        Err(errors) => panic!("the drafts do not check:\n{errors}"),
    }
}

/// The drafts of a document, refused when the import reports a problem or leaves a note: our
/// own export leaves nothing open.
fn import(document: &Value) -> Result<Imported, String> {
    let text = serde_json::to_string_pretty(document).unwrap();
    let imported = openapi_import::import_document(text.as_bytes(), "openapi.json").unwrap();
    let problems: Vec<String> = imported.problems().map(ToString::to_string).collect();
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    match imported.note_count() {
        0 => Ok(imported),
        count => Err(format!("{count} import notes")),
    }
}

/// The first line where two texts differ, with a little context, for a readable failure.
fn first_difference(left: &str, right: &str) -> String {
    let (left, right): (Vec<&str>, Vec<&str>) = (left.lines().collect(), right.lines().collect());
    let at = left
        .iter()
        .zip(&right)
        .position(|(a, b)| a != b)
        .unwrap_or(left.len().min(right.len()));
    let from = at.saturating_sub(12);
    format!(
        "line {at}:\n--- original\n{}\n--- imported\n{}",
        left[from..(at + 3).min(left.len())].join("\n"),
        right[from..(at + 3).min(right.len())].join("\n")
    )
}

/// Whether the specs in `dir` survive export then import, in `version`.
fn round_trip(dir: &str, version: Version) -> Result<(), String> {
    let original = wechatpay_spec::load_api(&root().join(dir)).unwrap();
    round_trip_document(&original, &openapi::document(&original, version))
}

fn round_trip_document(original: &Api, document: &Value) -> Result<(), String> {
    let imported = load_drafts(&import(document)?);
    let (before, after) = (format!("{original:#?}"), format!("{imported:#?}"));
    if before != after {
        return Err(format!(
            "the models differ at {}",
            first_difference(&before, &after)
        ));
    }
    let header = Header::command("spec/", "generate");
    let (before, after) = (
        generate::crate_sources(original, &header),
        generate::crate_sources(&imported, &header),
    );
    let names = |files: &[wechatpay_codegen::emit::GeneratedFile]| {
        files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
    };
    if names(&before) != names(&after) {
        return Err(format!(
            "the generated files differ: {:?} vs {:?}",
            names(&before),
            names(&after)
        ));
    }
    for (a, b) in before.iter().zip(&after) {
        if a.contents != b.contents {
            return Err(format!(
                "{} differs at {}",
                a.path,
                first_difference(&a.contents, &b.contents)
            ));
        }
    }
    Ok(())
}

#[test]
fn the_project_specs_survive_export_and_import() {
    round_trip("spec", Version::V3_1).unwrap();
}

#[test]
fn the_golden_sample_survives_export_and_import() {
    round_trip("tests/golden/sample/spec", Version::V3_1).unwrap();
}

#[test]
fn the_3_0_export_survives_import_too() {
    round_trip("spec", Version::V3_0).unwrap();
    round_trip("tests/golden/sample/spec", Version::V3_0).unwrap();
}

/// The comparison can fail: without the extension that keeps the request table's order, a
/// reference's title or an enum's variant names, the golden sample (which has every shape) no
/// longer survives.
#[test]
fn dropping_an_extension_breaks_the_round_trip() {
    let original = wechatpay_spec::load_api(&root().join("tests/golden/sample/spec")).unwrap();
    for extension in [
        wechatpay_spec::openapi_ext::REQUEST_ORDER,
        wechatpay_spec::openapi_ext::TITLE,
        wechatpay_spec::openapi_ext::ENUM_VARNAMES,
        wechatpay_spec::openapi_ext::TYPE,
    ] {
        let mut document = openapi::document(&original, Version::V3_1);
        strip(&mut document, extension);
        assert!(
            round_trip_document(&original, &document).is_err(),
            "the round trip held without {extension}"
        );
    }
}

fn strip(value: &mut Value, key: &str) {
    match value {
        Value::Object(map) => {
            map.shift_remove(key);
            map.values_mut().for_each(|v| strip(v, key));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| strip(v, key)),
        _ => {}
    }
}
