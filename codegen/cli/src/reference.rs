//! Where the Markdown reference goes: `generate` writes it and `check` compares it beside the
//! crate's sources, with the same write and stale-check code.

use std::path::{Path, PathBuf};

use wechatpay_codegen::emit::GeneratedFile;
use wechatpay_codegen::emit::docs;
use wechatpay_codegen::emit::rust::Header;
use wechatpay_codegen::generate;
use wechatpay_spec::model::Api;

/// The reference's directory for a run: `--docs DIR` when given; otherwise `docs/reference` when
/// the run writes this repository's own crate (`--out` left at `generated/src`, the project's
/// specs), and none for a user's crate, whose invocations stay as they were.
pub fn directory(given: Option<&Path>, out: &Path, with_project_shared: bool) -> Option<PathBuf> {
    match given {
        Some(dir) => Some(dir.to_path_buf()),
        None if out == Path::new(generate::DEFAULT_OUT) && !with_project_shared => {
            Some(PathBuf::from(docs::DEFAULT_DIR))
        }
        None => None,
    }
}

/// The reference's files, or the message to print when a template fails (a bug of the
/// generator, never of the specs).
pub fn files(api: &Api, header: &Header) -> Result<Vec<GeneratedFile>, String> {
    docs::reference_files(api, header)
        .map_err(|error| format!("error: the Markdown reference did not render: {error:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_goes_beside_this_repository_s_crate_and_nowhere_for_a_user_s() {
        let default = Path::new(generate::DEFAULT_OUT);
        assert_eq!(
            directory(None, default, false),
            Some(PathBuf::from("docs/reference"))
        );
        assert_eq!(directory(None, Path::new("my-crate/src"), false), None);
        assert_eq!(directory(None, default, true), None);
        assert_eq!(
            directory(Some(Path::new("api-docs")), Path::new("my-crate/src"), true),
            Some(PathBuf::from("api-docs"))
        );
    }
}
