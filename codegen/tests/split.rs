//! A crate larger than a part, split into a facade, a shared crate and parts: which namespaces go
//! where, what each crate's manifest says, and what the facade's manifest must give.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use wechatpay_codegen::emit::rust::split::{DEFAULT_PART_SIZE, Split};
use wechatpay_codegen::generate::{self, Invocation};
use wechatpay_codegen::manifest::ManifestError;
use wechatpay_codegen::manifest::parts::Facade;
use wechatpay_spec::model::Api;

fn project() -> Api {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    wechatpay_spec::load_api(&spec).unwrap_or_else(|errors| panic!("{errors}"))
}

fn synthetic(endpoints: usize) -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_tree(dir.path(), endpoints).unwrap();
    let api = wechatpay_spec::load_api(dir.path()).unwrap_or_else(|errors| panic!("{errors}"));
    (dir, api)
}

fn tops(api: &Api) -> BTreeSet<String> {
    api.endpoints
        .iter()
        .map(|endpoint| endpoint.namespace[0].clone())
        .chain(api.notifications.iter().map(|n| n.namespace[0].clone()))
        .collect()
}

#[test]
fn a_crate_no_larger_than_a_part_stays_whole() {
    let api = project();
    let size = api.endpoints.len() + api.notifications.len();
    assert_eq!(Split::plan(&api, "x", size), None);
    assert_eq!(Split::plan(&api, "x", DEFAULT_PART_SIZE), None);
    assert!(Split::plan(&api, "x", size - 1).is_some());
}

#[test]
fn every_top_level_namespace_lands_whole_in_exactly_one_part() {
    let (_dir, api) = synthetic(600);
    let split = Split::plan(&api, "big", 150).unwrap();
    let mut seen = BTreeSet::new();
    for part in split.parts() {
        assert!(!part.is_empty());
        for top in part {
            assert!(seen.insert(top.clone()), "{top} is in two parts");
        }
    }
    assert_eq!(seen, tops(&api));
    // Parts hold about the size asked for; a namespace larger than that is a part on its own.
    let weight = |part: &BTreeSet<String>| {
        api.endpoints
            .iter()
            .filter(|endpoint| part.contains(&endpoint.namespace[0]))
            .count()
    };
    for part in &split.parts()[1..] {
        assert!(weight(part) <= 200, "{part:?} holds {}", weight(part));
    }
    // The same specs split the same way.
    assert_eq!(Split::plan(&api, "big", 150), Some(split));
}

#[test]
fn the_namespaces_of_hubs_make_the_first_part_and_the_others_depend_on_it_alone() {
    let api = project();
    let split = Split::plan(&api, "wechatpay-apiv3", 12).unwrap();
    // The brand return order's `OrderRef` is the hub the e-commerce and direct ones convert from.
    assert_eq!(split.parts()[0], BTreeSet::from(["brand".to_owned()]));
    assert!(split.parts().len() >= 3, "{:?}", split.parts());
    assert!(split.hub_families(0).is_empty());
    let brand = vec!["brand".to_owned(), "profitsharing".to_owned()];
    let converting: Vec<usize> = (1..split.parts().len())
        .filter(|&index| split.hub_families(index).contains(&brand))
        .collect();
    let ecommerce = split.part_of("ecommerce").unwrap();
    let direct = split.part_of("profitsharing").unwrap();
    assert_eq!(
        converting,
        BTreeSet::from([ecommerce, direct])
            .into_iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(split.part_package(0), "wechatpay-apiv3-part-1");
    assert_eq!(split.shared_package(), "wechatpay-apiv3-shared");
}

/// A facade crate in `dir`, inside a workspace whose package version is 2.3.4.
fn facade_in_workspace(dir: &Path, package: &str) -> std::path::PathBuf {
    fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"api\"]\n\n[workspace.package]\nversion = \"2.3.4\"\n",
    )
    .unwrap();
    let crate_dir = dir.join("api");
    fs::create_dir_all(&crate_dir).unwrap();
    fs::write(crate_dir.join("Cargo.toml"), package).unwrap();
    crate_dir
}

/// A run writing the project's specs into the facade of [`facade_in_workspace`].
const RUN: Invocation<'static> = Invocation {
    program: "gen",
    spec: "spec",
    out: "api/src",
    with_project_shared: false,
    docs: None,
};

const FACADE: &str = "[package]\nname = \"api\"\nversion.workspace = true\nedition = \"2024\"\n\
    license = \"MIT\"\n\n[dependencies]\nwechatpay-runtime = { path = \"../runtime\" }\n\n\
    [lints]\nrust.unsafe_code = \"forbid\"\n\n[package.metadata.wechatpay-codegen]\npart-size = 12\n";

#[test]
fn parts_take_the_facade_s_package_keys_runtime_and_lints_and_its_workspace_version() {
    let dir = tempfile::tempdir().unwrap();
    let crate_dir = facade_in_workspace(dir.path(), FACADE);
    let api = project();
    let targets = generate::crate_targets(&api, &crate_dir.join("src"), &RUN).unwrap();
    let parts = &targets[1];
    assert_eq!(parts.dir, crate_dir.join("parts"));
    let manifest = |path: &str| {
        let file = parts.files.iter().find(|file| file.path == path).unwrap();
        file.contents.clone()
    };
    let second = manifest("2/Cargo.toml");
    assert!(
        second.starts_with("# @generated by wechatpay-codegen from spec/. Do not edit"),
        "{second}"
    );
    for line in [
        "name = \"api-part-2\"",
        "version = { workspace = true }",
        "edition = \"2024\"",
        "license = \"MIT\"",
        // Two directories further down than the facade.
        "wechatpay-runtime = { path = \"../../../runtime\" }",
        "api-shared = { path = \"../shared\", version = \"=2.3.4\" }",
        "rust = { unsafe_code = \"forbid\" }",
        "serialize-answers = [\"api-shared/serialize-answers\"]",
    ] {
        assert!(second.contains(&format!("\n{line}\n")), "{line}\n{second}");
    }
    // The facade's own lines: each family turns on the part that holds it.
    let facade = &targets[2].files[0].contents;
    assert!(facade.starts_with(FACADE), "the owner's lines stay first");
    for line in [
        "[dependencies.api-shared]\npath = \"parts/shared\"\nversion = \"=2.3.4\"\n",
        "[dependencies.api-part-1]\npath = \"parts/1\"\nversion = \"=2.3.4\"\noptional = true\n",
        "bill = [\"dep:api-part-",
    ] {
        assert!(facade.contains(line), "{line}\n{facade}");
    }
    // Every source file of a part is in the part's `src/`, and the facade's `src/` holds its root
    // alone.
    assert_eq!(
        targets[0]
            .files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>(),
        ["lib.rs"]
    );
    assert!(parts.files.iter().all(|file| {
        let (dir, rest) = file.path.split_once('/').unwrap();
        (dir == "shared" || dir.parse::<usize>().is_ok())
            && (rest == "Cargo.toml" || rest.starts_with("src/"))
    }));
}

#[test]
fn a_part_size_that_is_not_a_whole_number_or_a_facade_without_the_runtime_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for size in ["0", "\"12\"", "-3"] {
        let text = FACADE.replace("part-size = 12", &format!("part-size = {size}"));
        assert_eq!(
            Facade::read(&text, dir.path()),
            Err(ManifestError::PartSize),
            "{size}"
        );
    }
    let no_runtime = FACADE.replace("wechatpay-runtime = { path = \"../runtime\" }\n", "");
    let crate_dir = facade_in_workspace(dir.path(), &no_runtime);
    let error = generate::crate_targets(&project(), &crate_dir.join("src"), &RUN).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("the manifest has no dependency on wechatpay-runtime"),
        "{error}"
    );
    // A crate that stays whole needs neither.
    let whole = no_runtime.replace("part-size = 12", "part-size = 500");
    fs::write(crate_dir.join("Cargo.toml"), whole).unwrap();
    assert!(generate::crate_targets(&project(), &crate_dir.join("src"), &RUN).is_ok());
}

/// Every `feature = "…"` a part's sources gate on is declared by the part's manifest, and every
/// family it declares is gated on somewhere: the split keeps the code and the manifests in step.
/// With hubs (the project's specs) and without (the golden sample's).
#[test]
fn each_part_gates_on_exactly_the_features_its_manifest_declares() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/sample/spec");
    let golden = wechatpay_spec::load_api(&golden).unwrap_or_else(|errors| panic!("{errors}"));
    for (api, size) in [(project(), 12), (golden, 5)] {
        let dir = tempfile::tempdir().unwrap();
        let facade = FACADE.replace("part-size = 12", &format!("part-size = {size}"));
        let crate_dir = facade_in_workspace(dir.path(), &facade);
        let targets = generate::crate_targets(&api, &crate_dir.join("src"), &RUN).unwrap();
        assert_parts_gate_on_their_features(&targets[1].files);
    }
}

fn assert_parts_gate_on_their_features(parts: &[wechatpay_codegen::emit::GeneratedFile]) {
    let part_dirs: BTreeSet<&str> = parts
        .iter()
        .map(|file| file.path.split_once('/').unwrap().0)
        .collect();
    assert!(part_dirs.len() >= 3, "{part_dirs:?}");
    for part in part_dirs {
        let prefix = format!("{part}/");
        let manifest = parts
            .iter()
            .find(|file| file.path == format!("{part}/Cargo.toml"))
            .unwrap();
        let table: toml::Table = manifest.contents.parse().unwrap();
        let declared: BTreeSet<String> = table["features"]
            .as_table()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut named = BTreeSet::new();
        for file in parts.iter().filter(|file| file.path.starts_with(&prefix)) {
            for piece in file.contents.split("feature = \"").skip(1) {
                named.insert(piece.split('"').next().unwrap().to_owned());
            }
        }
        let undeclared: Vec<_> = named.difference(&declared).collect();
        assert!(undeclared.is_empty(), "{part}: {undeclared:?}");
        let unused: Vec<_> = declared.difference(&named).collect();
        assert!(unused.is_empty(), "{part}: {unused:?}");
    }
}

#[test]
fn without_conversions_across_namespaces_the_first_part_is_like_the_others() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden/sample/spec");
    let api = wechatpay_spec::load_api(&spec).unwrap_or_else(|errors| panic!("{errors}"));
    let split = Split::plan(&api, "sample", 5).unwrap();
    assert_eq!(split.hub_part(), None);
    assert!(split.parts().len() >= 3, "{:?}", split.parts());
    for index in 0..split.parts().len() {
        assert!(split.hub_families(index).is_empty());
    }
    // No part converts from the first one, so none depends on it.
    let dir = tempfile::tempdir().unwrap();
    let crate_dir = facade_in_workspace(
        dir.path(),
        &FACADE.replace("part-size = 12", "part-size = 5"),
    );
    let targets = generate::crate_targets(&api, &crate_dir.join("src"), &RUN).unwrap();
    for file in targets[1]
        .files
        .iter()
        .filter(|f| f.path.ends_with("Cargo.toml"))
    {
        assert!(!file.contents.contains("api-part-1 ="), "{}", file.path);
    }
}

#[test]
fn a_manifest_the_parts_cannot_be_made_from_is_refused_with_the_rule() {
    let dir = Path::new("/nonexistent");
    let read = |text: &str| Facade::read(text, dir);
    let error = read("[package]\nname = \"x\"\nversion = {\n").unwrap_err();
    assert!(
        matches!(error, ManifestError::Unreadable { line: 3, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("line 3: the manifest does not parse as TOML: ")
    );
    assert_eq!(
        read("[package]\nname = \"x\"\nmetadata.wechatpay-codegen = 5\n"),
        Err(ManifestError::NotATable)
    );
    assert_eq!(
        read("[package]\nname = \"x\"\n[package.metadata.wechatpay-codegen]\npart-sise = 5\n"),
        Err(ManifestError::UnknownSetting {
            key: "part-sise".into()
        })
    );
    for name in ["1pay", "my.pay", "支付", ""] {
        let facade = read(&format!("[package]\nname = \"{name}\"\n")).unwrap();
        assert_eq!(
            facade.name(),
            Err(ManifestError::PackageName {
                name: name.to_owned()
            })
        );
    }
    for name in ["pay", "_pay", "wechatpay-apiv3", "my_pay2"] {
        let facade = read(&format!("[package]\nname = \"{name}\"\n")).unwrap();
        assert_eq!(facade.name(), Ok(name));
    }
}

#[test]
fn the_workspace_version_is_found_from_a_relative_directory_and_from_the_crate_s_own_manifest() {
    // Tests run in this crate's directory, inside the repository's workspace (version 0.1.0):
    // a relative path is made absolute before the search goes up.
    let inherited = "[package]\nname = \"x\"\nversion.workspace = true\n";
    let facade = Facade::read(inherited, Path::new("no/such/crate")).unwrap();
    assert_eq!(facade.version(), Some("0.1.0"));
    // A package that is its own workspace sets the version in its own manifest.
    let dir = tempfile::tempdir().unwrap();
    let own = format!("{inherited}\n[workspace]\n\n[workspace.package]\nversion = \"4.5.6\"\n");
    fs::write(dir.path().join("Cargo.toml"), &own).unwrap();
    let facade = Facade::read(&own, dir.path()).unwrap();
    assert_eq!(facade.version(), Some("4.5.6"));
}

#[test]
fn only_the_shared_and_numbered_directories_under_parts_are_the_generator_s() {
    use wechatpay_codegen::generate::{Owns, Target};
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    let marked = format!(
        "{} from an older spec.\n",
        wechatpay_codegen::emit::rust::MARKER_PREFIX
    );
    for file in ["mine/src/lib.rs", "7/src/lib.rs", "07/src/lib.rs"] {
        let path = parts.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &marked).unwrap();
    }
    let target = Target {
        dir: parts.clone(),
        files: Vec::new(),
        owns: Owns::Parts,
    };
    let stale: Vec<_> = target
        .check()
        .unwrap()
        .into_iter()
        .map(|s| s.path)
        .collect();
    assert_eq!(stale, [parts.join("7/src/lib.rs")]);
    target.write().unwrap();
    assert!(!parts.join("7").exists());
    assert!(parts.join("mine/src/lib.rs").exists() && parts.join("07/src/lib.rs").exists());
}
