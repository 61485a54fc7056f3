//! `include_spec!`: your own WeChat Pay APIv3 spec files, expanded at compile time into the same
//! request and response types, validation and client methods as the checked-in crate
//! `wechatpay-apiv3`, on the same runtime.
//!
//! ```ignore
//! mod api {
//!     // The path is relative to this source file, as with `include_str!`. The items land in
//!     // this module, so say where it is (the default, `crate`, is the crate root).
//!     wechatpay_spec_macros::include_spec!("../spec", root = crate::api);
//! }
//! ```
//!
//! Your specs follow `spec/README.md` of the project and may use its shared definitions (enums
//! such as `return_order_fail_reason`, formats such as `rfc3339`, the public error codes) by
//! name: the expansion uses the types of `wechatpay-apiv3` for them. Your crate depends on
//! `wechatpay-runtime` and `wechatpay-apiv3`. Editing any spec file rebuilds your crate. A spec
//! error is a compile error naming the spec file, line and column, pointing at the path.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use quote::quote_spanned;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// Expands the spec directory at the given path, relative to the file the macro stands in (as
/// `include_str!` reads paths).
///
/// `include_spec!("../spec")` puts the items at the crate root; `include_spec!("../spec", root =
/// crate::api)` in the module `crate::api`.
#[proc_macro]
pub fn include_spec(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as Input);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.into_compile_error().into(),
    }
}

struct Input {
    path: LitStr,
    root: syn::Path,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let path: LitStr = input.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected the spec directory as a string literal, e.g. include_spec!(\"../spec\")",
            )
        })?;
        let mut root: syn::Path = syn::parse_quote!(crate);
        if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "root" {
                return Err(syn::Error::new(
                    key.span(),
                    format!(
                        "unknown option `{key}`; the only option is `root = crate::path::to::this::module`"
                    ),
                ));
            }
            input.parse::<Token![=]>()?;
            root = input.parse()?;
            input.parse::<Option<Token![,]>>()?;
        }
        if !input.is_empty() {
            return Err(input.error(
                "unexpected tokens; expected include_spec!(\"../spec\", root = crate::module)",
            ));
        }
        Ok(Self { path, root })
    }
}

fn expand(input: &Input) -> syn::Result<proc_macro2::TokenStream> {
    let span = input.path.span();
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // Relative to the invoking file, as `include_str!`; the manifest directory when the
    // compiler does not say which file that is.
    // A relative file name is relative to the compiler's working directory, which is this
    // process's.
    let cwd = std::env::current_dir().unwrap_or_default();
    let base = proc_macro::Span::call_site()
        .local_file()
        .and_then(|file| file.parent().map(|dir| cwd.join(dir)))
        .unwrap_or_else(|| manifest_dir.clone());
    let spec_dir = base.join(input.path.value());
    if !spec_dir.is_dir() {
        return Err(syn::Error::new(
            span,
            format!(
                "no spec directory at {:?} (the path is relative to this source file)",
                input.path.value()
            ),
        ));
    }
    match wechatpay_codegen::embed::expand(&spec_dir, &input.root) {
        Ok(expansion) => Ok(wechatpay_codegen::embed::with_tracking(&expansion)),
        Err(errors) => {
            let mut combined: Option<syn::Error> = None;
            for error in errors.errors() {
                let mut shown = error.clone();
                shown.file = as_written(&input.path.value(), &spec_dir, &error.file);
                // Messages may name directories of the tree (`…/shared/`); name them as written too.
                shown.message = shown
                    .message
                    .replace(&spec_dir.display().to_string(), &input.path.value());
                let next = syn::Error::new(span, format!("spec error: {shown}"));
                match &mut combined {
                    Some(all) => all.combine(next),
                    None => combined = Some(next),
                }
            }
            let error = combined.unwrap_or_else(|| syn::Error::new(span, "the spec has errors"));
            // Keep the module well-formed around the error, so that only the spec is reported.
            let compile_error = error.into_compile_error();
            Ok(quote_spanned!(span=> #compile_error))
        }
    }
}

/// A spec file named the way the user wrote the directory, so messages read the same on every
/// machine: `../spec/ecommerce/x.yaml` rather than an absolute path.
fn as_written(written: &str, spec_dir: &Path, file: &Path) -> PathBuf {
    match file.strip_prefix(spec_dir) {
        Ok(inside) => Path::new(written).join(inside),
        Err(_) => file.to_path_buf(),
    }
}
