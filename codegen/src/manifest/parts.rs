//! The manifests of a [`Split`] crate: the facade's generated lines (its features, forwarded to
//! the part that holds each family, and its dependencies on the parts), and the whole manifest
//! of the shared crate and of each part.
//!
//! A part is the facade's code in another directory, so it takes what its package needs from the
//! facade's manifest: the [`INHERITED`] package keys, how it depends on `wechatpay-runtime`, and
//! its lints. Those are read, never written: the facade's manifest stays its owner's.

use std::fmt::Write as _;
use std::path::Path;

use toml::{Table, Value};
use wechatpay_spec::model::Api;

use super::{ManifestError, generated_lines, with_generated, write_features};
use crate::emit::rust::features::{self, SERIALIZE_ANSWERS};
use crate::emit::rust::split::{DEFAULT_PART_SIZE, Split};

/// The `[package]` keys a part repeats from the facade, in this order, when the facade has them.
pub const INHERITED: [&str; 8] = [
    "version",
    "edition",
    "rust-version",
    "license",
    "authors",
    "repository",
    "homepage",
    "publish",
];

/// The table of `[package.metadata]` the generator reads.
pub const METADATA: &str = "wechatpay-codegen";
/// Its key for the part size.
pub const PART_SIZE: &str = "part-size";

/// The runtime every generated crate depends on.
const RUNTIME: &str = "wechatpay-runtime";

/// What the parts take from the facade's manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Facade {
    /// The facade's package name (a split crate names its parts after it).
    name: Option<String>,
    /// The [`INHERITED`] keys it sets, with their values as written.
    package: Vec<(String, Value)>,
    /// Its version, its own or its workspace's, which path dependencies on the parts ask for;
    /// `None` when it cannot be found (the dependencies then name no version).
    version: Option<String>,
    /// Its dependency on the runtime, a relative path made relative to a part's directory.
    runtime: Option<Value>,
    /// Its `[lints]`, when it has them.
    lints: Option<Table>,
    /// How many endpoints and notifications a part holds at most, about:
    /// `[package.metadata.wechatpay-codegen] part-size`, or [`DEFAULT_PART_SIZE`].
    pub part_size: usize,
}

impl Facade {
    /// Reads the facade's manifest `text`, at `crate_dir`.
    pub fn read(text: &str, crate_dir: &Path) -> Result<Self, ManifestError> {
        let manifest: Table = text.parse().map_err(|error: toml::de::Error| {
            let offset = error.span().map_or(0, |span| span.start);
            ManifestError::Unreadable {
                line: text[..offset.min(text.len())].matches('\n').count() + 1,
                message: error.message().trim_end().to_owned(),
            }
        })?;
        let package = manifest.get("package").and_then(Value::as_table);
        let name = package
            .and_then(|package| package.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let runtime = manifest
            .get("dependencies")
            .and_then(Value::as_table)
            .and_then(|dependencies| dependencies.get(RUNTIME));
        let inherited = INHERITED
            .iter()
            .filter_map(|key| Some(((*key).to_owned(), package?.get(*key)?.clone())))
            .collect();
        let version = match package.and_then(|package| package.get("version")) {
            Some(Value::String(version)) => Some(version.clone()),
            Some(Value::Table(table)) if table.get("workspace") == Some(&Value::Boolean(true)) => {
                workspace_version(crate_dir)
            }
            _ => None,
        };
        let ours = package
            .and_then(|package| package.get("metadata"))
            .and_then(|metadata| metadata.get(METADATA));
        let part_size = match ours {
            None => DEFAULT_PART_SIZE,
            Some(Value::Table(ours)) => {
                if let Some(key) = ours.keys().find(|key| key.as_str() != PART_SIZE) {
                    return Err(ManifestError::UnknownSetting { key: key.clone() });
                }
                match ours.get(PART_SIZE) {
                    None => DEFAULT_PART_SIZE,
                    Some(Value::Integer(size)) if *size >= 1 => {
                        usize::try_from(*size).unwrap_or(usize::MAX)
                    }
                    Some(_) => return Err(ManifestError::PartSize),
                }
            }
            Some(_) => return Err(ManifestError::NotATable),
        };
        Ok(Self {
            name,
            part_size,
            package: inherited,
            version,
            runtime: runtime.map(rebased),
            lints: manifest.get("lints").and_then(Value::as_table).cloned(),
        })
    }

    /// The package name, which a split crate names its parts after: their Rust names are it
    /// with `_` for `-` and a suffix, so it must make a Rust identifier that way.
    pub fn name(&self) -> Result<&str, ManifestError> {
        let name = self.name.as_deref().ok_or(ManifestError::Missing {
            what: "[package] name",
        })?;
        let mut bytes = name.bytes();
        let starts_well = bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
        if starts_well && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            Ok(name)
        } else {
            Err(ManifestError::PackageName {
                name: name.to_owned(),
            })
        }
    }

    /// The version path dependencies between the crates of a split crate ask for (exactly): the
    /// facade's own, or its workspace's; `None` when neither is found.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Its dependency on the runtime, which each part repeats.
    fn runtime(&self) -> Result<&Value, ManifestError> {
        self.runtime.as_ref().ok_or(ManifestError::Missing {
            what: "dependency on wechatpay-runtime",
        })
    }

    /// The keys of a path dependency on the crate in `path`, optional or not. The version is
    /// exact: the crates of a split crate are generated together, and a part's conversions match
    /// the hub part's enums as they are in the same run.
    fn path_dependency(&self, path: &str, optional: bool) -> Vec<String> {
        let mut keys = vec![format!("path = {}", Value::String(path.to_owned()))];
        if let Some(version) = &self.version {
            keys.push(format!(
                "version = {}",
                Value::String(format!("={version}"))
            ));
        }
        if optional {
            keys.push("optional = true".to_owned());
        }
        keys
    }
}

/// The version `[workspace.package]` sets in the workspace of the crate at `crate_dir`: the
/// nearest manifest with a `[workspace]` table, the crate's own included, as Cargo finds it.
/// The directory is made absolute first, so the answer does not depend on where the command runs.
fn workspace_version(crate_dir: &Path) -> Option<String> {
    // `src` as the output directory leaves the crate's directory empty: the current one.
    let here = Path::new(".");
    let crate_dir = match crate_dir.as_os_str().is_empty() {
        true => std::path::absolute(here),
        false => std::path::absolute(crate_dir),
    }
    .ok()?;
    let workspace = crate_dir.ancestors().find_map(|dir| {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        let mut manifest: Table = text.parse().ok()?;
        manifest.remove("workspace")
    })?;
    Some(
        workspace
            .get("package")?
            .get("version")?
            .as_str()?
            .to_owned(),
    )
}

/// `dependency` as a part declares it, [`Split::TO_FACADE`] further down: a relative path gets
/// that in front.
fn rebased(dependency: &Value) -> Value {
    let mut dependency = dependency.clone();
    if let Some(path) = dependency.get_mut("path")
        && let Some(text) = path.as_str()
        && Path::new(text).is_relative()
    {
        *path = Value::String(format!("{}{text}", Split::TO_FACADE));
    }
    dependency
}

/// The facade's generated lines: its features, each family forwarded to the part that holds it
/// (and to the parts converting from its hubs, when they are on), then its dependencies on the
/// shared crate and the parts.
pub fn facade_lines(api: &Api, split: &Split, facade: &Facade, command: &str) -> String {
    let families = features::families(api);
    let shared = split.shared_package();
    let parts: Vec<String> = (0..split.parts().len())
        .map(|index| split.part_package(index))
        .collect();
    // `default` and `full` as the whole crate has them; the others turn on what they do in parts.
    let mut table = features::manifest_features(api);
    table.truncate(2);
    let mut serialize = vec![format!("{shared}/{SERIALIZE_ANSWERS}")];
    serialize.extend(
        parts
            .iter()
            .map(|part| format!("{part}?/{SERIALIZE_ANSWERS}")),
    );
    table.push((SERIALIZE_ANSWERS.to_owned(), serialize));
    for family in &families {
        let feature = features::family_feature(family);
        let home = family.first().and_then(|top| split.part_of(top));
        // `dep:` keeps Cargo from adding a feature named after each part.
        let mut enables: Vec<String> = home
            .into_iter()
            .flat_map(|index| {
                [
                    format!("dep:{}", parts[index]),
                    format!("{}/{feature}", parts[index]),
                ]
            })
            .collect();
        enables.extend(
            (parts.iter().enumerate())
                .filter(|(index, _)| split.hub_families(*index).contains(family))
                .map(|(_, part)| format!("{part}?/{feature}")),
        );
        table.push((feature, enables));
    }
    // Each under a header of its own: the facade's `[dependencies]` table is its owner's.
    let mut after = String::from("\n# The crates under parts/, which the generator writes whole.");
    let mut dependency = |package: &str, path: String, optional: bool| {
        let _ = writeln!(after, "\n[dependencies.{package}]");
        for key in facade.path_dependency(&path, optional) {
            let _ = writeln!(after, "{key}");
        }
    };
    dependency(
        &shared,
        format!("{}/{}", Split::PARTS_DIR, Split::SHARED_DIR),
        false,
    );
    for (index, part) in parts.iter().enumerate() {
        let path = format!("{}/{}", Split::PARTS_DIR, Split::part_dir(index));
        dependency(part, path, true);
    }
    generated_lines(command, &table, &after)
}

/// `manifest` with its generated lines replaced by the split crate's, or those appended when it
/// has none yet.
pub fn with_facade_lines(
    manifest: &str,
    api: &Api,
    split: &Split,
    facade: &Facade,
    command: &str,
) -> Result<String, ManifestError> {
    with_generated(manifest, &facade_lines(api, split, facade, command))
}

/// The shared crate's manifest, behind `header` (a TOML comment naming the regenerating command).
pub fn shared_manifest(
    split: &Split,
    facade: &Facade,
    header: &str,
) -> Result<String, ManifestError> {
    let description = format!(
        "The definitions the parts of {} share; depend on {0}, which re-exports them as `shared`",
        split.facade()
    );
    let features = [(SERIALIZE_ANSWERS.to_owned(), Vec::new())];
    part_like_manifest(
        (&split.shared_package(), &description),
        facade,
        header,
        &[],
        &features,
    )
}

/// The manifest of part `index`, behind `header`.
pub fn part_manifest(
    split: &Split,
    index: usize,
    facade: &Facade,
    header: &str,
) -> Result<String, ManifestError> {
    let shared = split.shared_package();
    let first = split.part_package(0);
    let description = format!(
        "Part {} of {}: {}, compiled apart so that the parts check in parallel; \
         depend on {1}",
        index + 1,
        split.facade(),
        split.namespaces_of(index, str::to_owned),
    );
    let inline = |keys: Vec<String>| format!("{{ {} }}", keys.join(", "));
    let mut dependencies = vec![(
        shared.clone(),
        inline(facade.path_dependency(&format!("../{}", Split::SHARED_DIR), false)),
    )];
    let hubs = split.hub_families(index);
    if !hubs.is_empty() {
        dependencies.push((
            first.clone(),
            inline(facade.path_dependency(&format!("../{}", Split::part_dir(0)), true)),
        ));
    }
    let mut features = vec![(
        SERIALIZE_ANSWERS.to_owned(),
        vec![format!("{shared}/{SERIALIZE_ANSWERS}")],
    )];
    features.extend(
        split
            .families(index)
            .iter()
            .map(|family| (features::family_feature(family), Vec::new())),
    );
    // The conversions to a hub of the first part are compiled when its family is on there too.
    features.extend(hubs.iter().map(|family| {
        let feature = features::family_feature(family);
        let enables = vec![format!("dep:{first}"), format!("{first}/{feature}")];
        (feature, enables)
    }));
    features[1..].sort();
    part_like_manifest(
        (&split.part_package(index), &description),
        facade,
        header,
        &dependencies,
        &features,
    )
}

/// A manifest for the package `(name, description)`: the facade's inherited keys and lints, the
/// runtime and `dependencies`, and `features`.
fn part_like_manifest(
    (name, description): (&str, &str),
    facade: &Facade,
    header: &str,
    dependencies: &[(String, String)],
    features: &[(String, Vec<String>)],
) -> Result<String, ManifestError> {
    let mut text = format!("{header}\n[package]\n");
    let _ = writeln!(text, "name = {}", Value::String(name.to_owned()));
    let _ = writeln!(
        text,
        "description = {}",
        Value::String(description.to_owned())
    );
    for (key, value) in &facade.package {
        let _ = writeln!(text, "{key} = {value}");
    }
    text.push_str("\n[dependencies]\n");
    let _ = writeln!(text, "{RUNTIME} = {}", facade.runtime()?);
    for (package, dependency) in dependencies {
        let _ = writeln!(text, "{package} = {dependency}");
    }
    if let Some(lints) = &facade.lints {
        text.push_str("\n[lints]\n");
        for (key, value) in lints {
            let _ = writeln!(text, "{key} = {value}");
        }
    }
    text.push_str("\n[features]\n");
    write_features(&mut text, features);
    Ok(text)
}
