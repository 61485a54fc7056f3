//! The project's own settings and shared definitions, built into the generator, so that a
//! user's spec (in a macro, a build script or the CLI) can use them by name without a copy of
//! `spec/` at hand. What a user's spec takes from here is emitted once, in the checked-in crate
//! `wechatpay-apiv3`, and referred to there.

use std::path::Path;
use std::sync::OnceLock;

use crate::diagnostics::SpecErrors;
use crate::load::{Settings, SpecFile, SpecTree, parse_tree};

/// The files, as `spec/` has them (a test checks that none is missing).
pub const FILES: &[(&str, &str)] = &[
    ("settings.yaml", include_str!("../../../spec/settings.yaml")),
    (
        "shared/brand_profitsharing.yaml",
        include_str!("../../../spec/shared/brand_profitsharing.yaml"),
    ),
    (
        "shared/ecommerce_profitsharing.yaml",
        include_str!("../../../spec/shared/ecommerce_profitsharing.yaml"),
    ),
    (
        "shared/enums.yaml",
        include_str!("../../../spec/shared/enums.yaml"),
    ),
    (
        "shared/errors.yaml",
        include_str!("../../../spec/shared/errors.yaml"),
    ),
    (
        "shared/formats.yaml",
        include_str!("../../../spec/shared/formats.yaml"),
    ),
    (
        "shared/profitsharing.yaml",
        include_str!("../../../spec/shared/profitsharing.yaml"),
    ),
];

/// The parsed base, parsed once.
pub fn tree() -> Result<&'static SpecTree, &'static SpecErrors> {
    static TREE: OnceLock<Result<SpecTree, SpecErrors>> = OnceLock::new();
    TREE.get_or_init(|| {
        let files = FILES
            .iter()
            .map(|(relative, text)| SpecFile {
                path: Path::new("wechatpay-apiv3/spec").join(relative),
                relative: (*relative).to_owned(),
                text: Ok((*text).to_owned()),
            })
            .collect();
        parse_tree(Path::new("wechatpay-apiv3/spec"), files, Settings::Required)
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shared_file_is_built_in_and_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/shared");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("shared/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = FILES
            .iter()
            .map(|(name, _)| *name)
            .filter(|n| n.starts_with("shared/"))
            .collect();
        assert_eq!(on_disk, built_in, "add the new file to base::FILES");
        let tree = tree().unwrap();
        assert!(tree.settings.is_some());
        assert_eq!(tree.shared.len(), 6);
    }
}
