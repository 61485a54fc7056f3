//! A user's own specs as one token stream: what the `include_spec!` macro expands to and what a
//! build script writes. The user's specs may use the project's shared definitions by name; the
//! expansion then refers to the checked-in crate's types instead of emitting them again.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;

use wechatpay_spec::SpecErrors;

use crate::emit::rust::{self, Options};

/// What a spec directory expands to.
pub struct Expansion {
    /// The items, for a module whose path is the `root` given.
    pub tokens: TokenStream,
    /// Every file read, so that builds re-run when one changes.
    pub files: Vec<PathBuf>,
}

/// Loads `spec_dir` on top of the project's shared definitions and emits its items for the
/// module `root` (`crate` when they land at the crate root).
pub fn expand(spec_dir: &Path, root: &syn::Path) -> Result<Expansion, SpecErrors> {
    let (api, files) = wechatpay_spec::load_user_api(spec_dir)?;
    Ok(Expansion {
        tokens: rust::inline_tokens(&api, &Options::embedded(root)),
        files,
    })
}

/// The expansion plus, for each file read, an `include_bytes!` that makes the compiler track it:
/// editing any spec file rebuilds the crate that expands it (on stable Rust, where proc macros
/// cannot declare dependencies otherwise).
pub fn with_tracking(expansion: &Expansion) -> TokenStream {
    let tokens = &expansion.tokens;
    let tracked = expansion.files.iter().map(|path| {
        let path = path.to_string_lossy();
        quote!(
            const _: &[u8] = include_bytes!(#path);
        )
    });
    quote! {
        #tokens
        #(#tracked)*
    }
}
