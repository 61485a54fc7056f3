//! The three ways to generate code from a spec (the CLI's checked-in files, a build script's
//! single file, the `include_spec!` expansion) produce the same items for the same spec.

#![allow(clippy::unwrap_used)] // Tests fail loudly; that is what unwrap is for here.

use std::collections::HashMap;
use std::path::Path;

use wechatpay_codegen::build::Build;
use wechatpay_codegen::emit::rust::{Header, Options, render};
use wechatpay_codegen::{embed, generate};

const USER_SPEC: &str = "../examples/custom-endpoint/spec";

fn spec_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(USER_SPEC)
}

/// The checked-in layout folded back into one file: each `mod x;` replaced by the file's items,
/// without the attributes that only concern files (`#[rustfmt::skip]`, crate-level attributes).
fn inline_files(files: &HashMap<String, String>, path: &str, dir: &str) -> Vec<syn::Item> {
    let file: syn::File = syn::parse_str(&files[path]).unwrap();
    file.items
        .into_iter()
        .map(|item| match item {
            syn::Item::Mod(mut module) if module.content.is_none() => {
                module
                    .attrs
                    .retain(|a| !a.path().is_ident("rustfmt") && !is_rustfmt_skip(a));
                let name = module.ident.to_string();
                let (child, child_dir) = if files.contains_key(&format!("{dir}{name}.rs")) {
                    (format!("{dir}{name}.rs"), dir.to_owned())
                } else {
                    (format!("{dir}{name}/mod.rs"), format!("{dir}{name}/"))
                };
                let child_file: syn::File = syn::parse_str(&files[&child]).unwrap();
                module.attrs.extend(child_file.attrs);
                let items = inline_files(files, &child, &child_dir);
                module.content = Some((Default::default(), items));
                module.semi = None;
                syn::Item::Mod(module)
            }
            other => other,
        })
        .collect()
}

fn is_rustfmt_skip(attribute: &syn::Attribute) -> bool {
    attribute
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .eq(["rustfmt", "skip"])
}

/// Printed the same way, so that only differences in items show.
fn print(items: Vec<syn::Item>) -> String {
    let mut file: syn::File = syn::parse_quote!();
    file.items = items;
    prettyplease::unparse(&file)
}

#[test]
fn cli_build_script_and_macro_emit_the_same_items() {
    let root: syn::Path = syn::parse_quote!(crate);

    // 1. The CLI (`generate --with-project-shared`): one file per module.
    let (api, _) = wechatpay_spec::load_user_api(&spec_dir()).unwrap();
    let files: HashMap<String, String> = generate::crate_sources_with(
        &api,
        &Options::embedded(&root),
        &Header::command("spec/", "generate"),
    )
    .into_iter()
    .map(|f| (f.path, f.contents))
    .collect();
    assert!(files.contains_key("ecommerce/profitsharing/create_return_order.rs"));
    let cli = print(inline_files(&files, "lib.rs", ""));

    // 2. A build script: one file for `include!`.
    let (built, read) = Build::new(spec_dir()).root("crate").render().unwrap();
    let built: syn::File = syn::parse_str(&built).unwrap();
    assert_eq!(read.len(), 3);

    // 3. The macro: the expansion `include_spec!` returns (without its file-tracking consts).
    let expansion = embed::expand(&spec_dir(), &root).unwrap();
    let expanded: syn::File = syn::parse2(expansion.tokens).unwrap();

    assert_eq!(
        print(built.items.clone()),
        print(expanded.items),
        "build script vs macro"
    );
    assert_eq!(print(built.items), cli, "build script vs CLI");
}

#[test]
fn the_macro_output_tracks_every_spec_file() {
    let expansion = embed::expand(&spec_dir(), &syn::parse_quote!(crate)).unwrap();
    let tracked = embed::with_tracking(&expansion).to_string();
    for file in &expansion.files {
        assert!(
            tracked.contains(&format!("include_bytes ! ({:?})", file.to_string_lossy())),
            "{tracked}"
        );
    }
    assert_eq!(expansion.files.len(), 3);
}

#[test]
fn user_specs_refer_to_the_projects_shared_types_instead_of_copying_them() {
    let expansion = embed::expand(&spec_dir(), &syn::parse_quote!(crate)).unwrap();
    let text = render(&expansion.tokens, &Header::build_script("spec"));
    assert!(
        text.contains("::wechatpay_apiv3::shared::ReturnOrderFailReason"),
        "{text}"
    );
    assert!(!text.contains("pub enum ReturnOrderFailReason"));
    // The error codes are the user's own: the public ones and those of their tables.
    assert!(
        text.contains("type ErrorCode = crate::shared::ErrorCode;"),
        "{text}"
    );
    assert!(text.contains("pub enum ErrorCode"));
    assert!(text.contains("#[wire(\"NOT_ENOUGH\")]"), "{text}");
    assert!(text.contains("#[wire(\"SYSTEM_ERROR\")]"), "{text}");
}

#[test]
fn a_user_spec_cannot_redefine_a_project_definition() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("shared")).unwrap();
    std::fs::write(
        dir.path().join("shared/enums.yaml"),
        "enums:\n  return_order_fail_reason:\n    title: x\n    values:\n      - value: A\n        meaning: a\n",
    )
    .unwrap();
    let errors = wechatpay_spec::load_user_api(dir.path()).err().unwrap();
    assert!(
        errors
            .to_string()
            .contains("one of the project's shared definitions"),
        "{errors}"
    );
}
