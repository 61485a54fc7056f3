//! Emits Rust for the model: tokens built with quote, laid out as files (the checked-in crate,
//! printed by prettyplease) or inline (a macro expansion, a build script's output).
//!
//! The output depends only on the model, and the model only on the spec files, in sorted order:
//! the same specs give byte-identical files on every run and machine.
//!
//! `tree` builds one module tree and `layout` lays it out (`print` prints files). The items come
//! from the item emitters (`request`, `structs`, `enums`, `client`), which share only the helpers
//! `types`, `docs` and `constructor`; `endpoint` and `shared` compose items into a module's.

mod client;
mod constructor;
mod conversions;
mod docs;
mod endpoint;
mod enums;
pub mod features;
mod json_text;
mod layout;
mod module_docs;
mod notification;
mod paging;
#[cfg(feature = "files")]
mod print;
mod request;
mod shared;
pub mod split;
#[cfg(feature = "files")]
mod split_tree;
mod structs;
mod tree;
pub(crate) mod types;
mod upload;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use wechatpay_spec::model::Api;

#[cfg(feature = "files")]
pub use self::print::{Header, MARKER_PREFIX, TOML_MARKER_PREFIX, render};
/// How the Markdown reference spells a Rust type.
#[cfg(feature = "docs")]
pub(crate) use self::types::spelt;
#[cfg(feature = "files")]
use super::GeneratedFile;

/// Whether an endpoint has a call of its own, as the Markdown reference asks.
#[cfg(feature = "docs")]
pub(crate) use self::client::has_call as client_has_call;

/// Where the emitted code finds what it does not emit itself, and what it emits once.
#[derive(Clone)]
pub struct Options {
    /// The module the generated items land in (`crate`, or a user's `crate::api`).
    pub root: syn::Path,
    /// The module holding the shared definitions of these specs, e.g. `crate::shared`.
    pub shared_path: syn::Path,
    /// The module holding the project's shared definitions, for a user's specs that use them.
    pub base_shared_path: syn::Path,
    /// The error alias the root module declares (`crate::Error`), which client methods return.
    pub error_alias: syn::Path,
    /// Whether each API family is compiled only under its cargo feature ([`features`]): on for
    /// a crate of its own (whose manifest declares the features), off for items expanded into a
    /// user's crate.
    pub family_features: bool,
    /// Top-level namespaces emitted in another crate, with the path of that crate's root: in a
    /// part of a [`split`] crate, those of the first part, whose hubs its conversions name.
    pub elsewhere: BTreeMap<String, syn::Path>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            root: syn::parse_quote!(crate),
            shared_path: syn::parse_quote!(crate::shared),
            base_shared_path: syn::parse_quote!(::wechatpay_apiv3::shared),
            error_alias: syn::parse_quote!(crate::Error),
            family_features: true,
            elsewhere: BTreeMap::new(),
        }
    }
}

impl Options {
    /// For a user's specs expanded into the module at `root` (e.g. `crate` or `crate::api`):
    /// their own shared definitions under `root::shared` (their error codes among them, the
    /// project's public ones included), the project's shared definitions from the checked-in
    /// crate.
    pub fn embedded(root: &syn::Path) -> Self {
        Self {
            root: root.clone(),
            shared_path: syn::parse_quote!(#root::shared),
            error_alias: syn::parse_quote!(#root::Error),
            base_shared_path: syn::parse_quote!(::wechatpay_apiv3::shared),
            family_features: false,
            elsewhere: BTreeMap::new(),
        }
    }

    /// The root of the crate or module holding the top-level namespace `top`.
    pub fn root_of(&self, top: &str) -> &syn::Path {
        self.elsewhere.get(top).unwrap_or(&self.root)
    }

    /// The error-code enum every operation answers with: `shared::ErrorCode` of these specs,
    /// which lists every code of their error tables and the public ones.
    pub fn error_code(&self) -> syn::Path {
        let shared = &self.shared_path;
        syn::parse_quote!(#shared::ErrorCode)
    }
}

/// Every file of a generated crate's `src/`, sorted by path, each starting with `header`.
#[cfg(feature = "files")]
pub fn crate_files(api: &Api, options: &Options, header: &Header) -> Vec<GeneratedFile> {
    let whole = endpoint::WholeApi::of(api);
    let items = tree::ItemBuilder::new(api, &whole, options);
    let mut files = layout::to_files(&tree::module_tree(&items, options), &items, header);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The sources of a [`split::Split`] crate, each file behind `header` (the manifests are
/// [`crate::manifest`]'s).
#[cfg(feature = "files")]
pub struct SplitSources {
    /// The facade's `src/`.
    pub facade: Vec<GeneratedFile>,
    /// Under the facade's `parts/`: the shared crate's sources (`shared/src/lib.rs`), then each
    /// part's (`1/src/lib.rs`, …).
    pub parts: Vec<GeneratedFile>,
}

/// The sources of `api` split as `split` says.
#[cfg(feature = "files")]
pub fn split_crate_files(api: &Api, split: &split::Split, header: &Header) -> SplitSources {
    let path = |text: &str| -> syn::Path {
        match syn::parse_str(text) {
            Ok(path) => path,
            // `manifest::parts::Facade::name` refuses a package name that makes no Rust name.
            Err(error) => panic!("`{text}` is not a path: {error}"),
        }
    };
    // The whole API's facts, once for the facade, the shared crate and every part.
    let whole = endpoint::WholeApi::of(api);
    let facade_options = Options::default();
    let facade_items = tree::ItemBuilder::new(api, &whole, &facade_options);
    let mut facade = layout::to_files(
        &split_tree::facade_tree(&facade_items, &facade_options, split),
        &facade_items,
        header,
    );
    facade.sort_by(|a, b| a.path.cmp(&b.path));

    let shared_crate = split::crate_ident(&split.shared_package());
    let shared_options = Options {
        shared_path: path("crate"),
        ..Options::default()
    };
    let shared_items = tree::ItemBuilder::new(api, &whole, &shared_options);
    let mut parts = in_dir(
        split::Split::SHARED_DIR,
        layout::to_files(
            &split_tree::shared_tree(&shared_items, &shared_options, split),
            &shared_items,
            header,
        ),
    );
    let first = split::crate_ident(&split.part_package(0));
    for index in 0..split.parts().len() {
        // The other parts find the hubs' types in the hub part.
        let elsewhere = match split.hub_part() {
            Some(hubs) if index > 0 => (hubs.iter())
                .map(|top| (top.clone(), path(&format!("::{first}"))))
                .collect(),
            _ => BTreeMap::new(),
        };
        let options = Options {
            shared_path: path(&format!("::{shared_crate}")),
            error_alias: path(&format!("::{shared_crate}::Error")),
            elsewhere,
            ..Options::default()
        };
        let items = tree::ItemBuilder::new(api, &whole, &options);
        let files = layout::to_files(
            &split_tree::part_tree(&items, &options, split, index),
            &items,
            header,
        );
        parts.extend(in_dir(&split::Split::part_dir(index), files));
    }
    parts.sort_by(|a, b| a.path.cmp(&b.path));
    SplitSources { facade, parts }
}

/// `files` moved under `<dir>/src/`.
#[cfg(feature = "files")]
fn in_dir(dir: &str, files: Vec<GeneratedFile>) -> Vec<GeneratedFile> {
    files
        .into_iter()
        .map(|file| GeneratedFile {
            path: format!("{dir}/src/{}", file.path),
            contents: file.contents,
        })
        .collect()
}

/// The same modules as [`crate_files`], inline, as one token stream for a macro expansion or a
/// build script's output. Crate-level attributes are left out: the tokens land in a module.
pub fn inline_tokens(api: &Api, options: &Options) -> TokenStream {
    let whole = endpoint::WholeApi::of(api);
    let items = tree::ItemBuilder::new(api, &whole, options);
    layout::inline_items(&tree::module_tree(&items, options), &items)
}

/// [`Options`] as text, which can go to another thread where syn's paths cannot; each thread
/// that builds items parses its own [`Options`] back from it.
struct OptionsText {
    root: String,
    shared_path: String,
    base_shared_path: String,
    error_alias: String,
    family_features: bool,
    elsewhere: Vec<(String, String)>,
}

impl OptionsText {
    fn new(options: &Options) -> Self {
        let text = |path: &syn::Path| quote::quote!(#path).to_string();
        Self {
            root: text(&options.root),
            shared_path: text(&options.shared_path),
            base_shared_path: text(&options.base_shared_path),
            error_alias: text(&options.error_alias),
            family_features: options.family_features,
            elsewhere: (options.elsewhere.iter())
                .map(|(top, path)| (top.clone(), text(path)))
                .collect(),
        }
    }

    fn options(&self) -> Options {
        let path = |text: &str| match syn::parse_str::<syn::Path>(text) {
            Ok(path) => path,
            // The text is a path syn printed; not parsing it back is a bug of this emitter.
            Err(error) => panic!("the path `{text}` does not parse back: {error}"),
        };
        Options {
            root: path(&self.root),
            shared_path: path(&self.shared_path),
            base_shared_path: path(&self.base_shared_path),
            error_alias: path(&self.error_alias),
            family_features: self.family_features,
            elsewhere: (self.elsewhere.iter())
                .map(|(top, root)| (top.clone(), path(root)))
                .collect(),
        }
    }
}
