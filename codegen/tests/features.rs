//! The cargo features of a generated crate: one per family, and the manifest table that declares
//! them, kept between its markers without touching the rest of the manifest.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::collections::BTreeSet;
use std::path::Path;

use wechatpay_codegen::emit::rust::features::{self, Gate};
use wechatpay_codegen::emit::rust::{Header, Options};
use wechatpay_codegen::generate;
use wechatpay_codegen::manifest::{self, BEGIN, END, ManifestError};
use wechatpay_spec::model::Api;

fn golden() -> Api {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/sample/spec");
    wechatpay_spec::load_api(&spec).unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn each_namespace_holding_endpoints_is_a_family_and_full_holds_them_all() {
    let api = golden();
    let table = features::manifest_features(&api);
    assert_eq!(table[0], ("default".to_owned(), vec!["full".to_owned()]));
    let families: Vec<String> = features::families(&api)
        .iter()
        .map(|namespace| features::family_feature(namespace))
        .collect();
    assert_eq!(table[1], ("full".to_owned(), families.clone()));
    assert_eq!(table[2], ("serialize-answers".to_owned(), Vec::new()));
    assert_eq!(table.len(), families.len() + 3);
    // Every endpoint's namespace is a family, and a nested one is named by its whole path.
    for endpoint in &api.endpoints {
        assert!(families.contains(&features::family_feature(&endpoint.namespace)));
    }
    assert_eq!(
        features::family_feature(&["ecommerce".into(), "profitsharing".into()]),
        "ecommerce-profitsharing"
    );
}

/// Every `feature = "…"` the generated files name.
fn features_named(files: &[wechatpay_codegen::emit::GeneratedFile]) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for file in files {
        for piece in file.contents.split("feature = \"").skip(1) {
            named.insert(piece.split('"').next().unwrap().to_owned());
        }
    }
    named
}

#[test]
fn the_code_gates_on_exactly_the_features_the_manifest_declares() {
    let api = golden();
    let header = Header::command("spec/", "generate");
    let declared: BTreeSet<String> = features::manifest_features(&api)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name != "default")
        .collect();
    let named = features_named(&generate::crate_sources(&api, &header));
    assert_eq!(named, declared);
    // Items expanded into a user's crate, whose manifest declares none, name no feature.
    let embedded =
        generate::crate_sources_with(&api, &Options::embedded(&syn::parse_quote!(crate)), &header);
    assert_eq!(features_named(&embedded), BTreeSet::new());
}

#[test]
fn a_gate_states_only_what_its_module_does_not() {
    let one = Gate::family(&["pay".into()]);
    assert_eq!(one.attribute().to_string(), "# [cfg (feature = \"pay\")]");
    assert!(one.within(&one).is_empty());
    let both = Gate::Any(["a".to_owned(), "b".to_owned()].into());
    assert_eq!(
        both.attribute().to_string(),
        "# [cfg (any (feature = \"a\" , feature = \"b\"))]"
    );
    assert_eq!(one.within(&both).to_string(), one.attribute().to_string());
    assert!(Gate::Always.attribute().is_empty());
}

#[test]
fn the_table_is_appended_once_then_replaced_in_place() {
    let api = golden();
    let original = "[package]\nname = \"x\"\n\n[lints]\nworkspace = true\n";
    let first = manifest::with_features(original, &api, "regen").unwrap();
    assert!(first.starts_with(original), "{first}");
    assert!(first.ends_with(&format!("{END}\n")), "{first}");
    assert_eq!(
        manifest::with_features(&first, &api, "regen").unwrap(),
        first
    );
    // A stale table between the markers is replaced; what follows it stays.
    let stale =
        first.replace("default = [\"full\"]", "default = []") + "\n[dependencies]\nserde = \"1\"\n";
    let fixed = manifest::with_features(&stale, &api, "regen").unwrap();
    assert_eq!(fixed, first.clone() + "\n[dependencies]\nserde = \"1\"\n");
}

#[test]
fn a_manifest_in_the_way_of_the_table_is_refused_with_its_line() {
    let api = golden();
    let own = "[package]\nname = \"x\"\n[features]\nextra = []\n";
    assert_eq!(
        manifest::with_features(own, &api, "regen"),
        Err(ManifestError::OwnFeatures { line: 3 })
    );
    let unterminated = format!("[package]\n{BEGIN}\n[features]\n");
    assert_eq!(
        manifest::with_features(&unterminated, &api, "regen"),
        Err(ManifestError::Unterminated { line: 2 })
    );
    let key_after = format!("[package]\n{BEGIN}\n[features]\n{END}\n\n# note\nstray = 1\n");
    let error = manifest::with_features(&key_after, &api, "regen").unwrap_err();
    assert_eq!(error, ManifestError::KeyAfterTable { line: 7 });
    assert!(error.to_string().contains("line 7"), "{error}");
}
