//! How the emitted modules are laid out: as files (the checked-in crate, one file per module,
//! each behind `#[rustfmt::skip]` so that rustfmt and the stale check never disagree), or inline
//! (a macro expansion or a build script's single file). Both come from one module tree, so the
//! two layouts hold the same items.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;

/// A module and what it holds.
pub struct Module {
    name: String,
    /// `pub mod` (namespaces, `shared`) or a private module re-exported with `pub use m::*`
    /// (one endpoint's items, shown at the namespace's level).
    kind: Kind,
    /// Its documentation.
    doc: ModuleDoc,
    /// The `#[cfg]` its declaration carries (empty when always compiled).
    pub gate: TokenStream,
    /// The module's own items.
    items: TokenStream,
    /// Child modules, in order.
    pub children: Vec<Module>,
}

/// Where a module's documentation stands (never both: rustdoc would show them one after the
/// other).
pub enum ModuleDoc {
    /// None, or carried by the items themselves.
    None,
    /// On the `mod` declaration (`#[doc]`).
    Outer(String),
    /// At the top of the module (`#![doc]`).
    Inner(TokenStream),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Public,
    Reexported,
}

impl Module {
    /// The crate root: its documentation and its own items.
    pub fn root(inner_doc: TokenStream, items: TokenStream) -> Self {
        Self {
            name: String::new(),
            kind: Kind::Root,
            doc: ModuleDoc::Inner(inner_doc),
            gate: TokenStream::new(),
            items,
            children: Vec::new(),
        }
    }

    /// A `pub mod`.
    pub fn public(name: &str, doc: ModuleDoc, items: TokenStream) -> Self {
        Self {
            name: name.to_owned(),
            kind: Kind::Public,
            doc,
            gate: TokenStream::new(),
            items,
            children: Vec::new(),
        }
    }

    /// A private module whose items are re-exported; its tokens carry their own inner docs.
    pub fn reexported(name: &str, items: TokenStream) -> Self {
        Self {
            name: name.to_owned(),
            kind: Kind::Reexported,
            doc: ModuleDoc::None,
            gate: TokenStream::new(),
            items,
            children: Vec::new(),
        }
    }

    /// The `#[doc]` on the module's declaration.
    fn outer_doc(&self) -> TokenStream {
        match &self.doc {
            ModuleDoc::Outer(doc) => quote!(#[doc = #doc]),
            ModuleDoc::None | ModuleDoc::Inner(_) => quote!(),
        }
    }

    /// The `#![doc]` at the top of the module.
    fn inner_doc(&self) -> TokenStream {
        match &self.doc {
            ModuleDoc::Inner(doc) => doc.clone(),
            ModuleDoc::None | ModuleDoc::Outer(_) => quote!(),
        }
    }
}

/// Each module as a file under `dir` (`lib.rs` for the root, `name.rs` for a leaf, `name/mod.rs`
/// for a module with children).
#[cfg(feature = "files")]
pub fn to_files(
    module: &Module,
    dir: &str,
    header: &super::Header,
    files: &mut Vec<crate::emit::GeneratedFile>,
) {
    let (path, child_dir) = match module.kind {
        Kind::Root => ("lib.rs".to_owned(), String::new()),
        _ if module.children.is_empty() => (format!("{dir}{}.rs", module.name), String::new()),
        _ => (
            format!("{dir}{}/mod.rs", module.name),
            format!("{dir}{}/", module.name),
        ),
    };
    let declarations = module.children.iter().map(|child| {
        let name = ident(&child.name);
        let gate = &child.gate;
        match child.kind {
            Kind::Reexported => {
                quote!(#gate #[rustfmt::skip] mod #name; #gate pub use #name::*;)
            }
            _ => {
                let doc = child.outer_doc();
                quote!(#doc #gate #[rustfmt::skip] pub mod #name;)
            }
        }
    });
    let inner_doc = module.inner_doc();
    let items = &module.items;
    let crate_attrs = (module.kind == Kind::Root).then(|| quote!(#![forbid(unsafe_code)]));
    files.push(crate::emit::GeneratedFile {
        path,
        contents: super::render(
            &quote! {
                #inner_doc
                #crate_attrs
                #(#declarations)*
                #items
            },
            header,
        ),
    });
    for child in &module.children {
        let dir = if module.kind == Kind::Root {
            ""
        } else {
            child_dir.as_str()
        };
        to_files(child, dir, header, files);
    }
}

/// The root's items and every module inline, without crate-level attributes.
pub fn inline_items(root: &Module) -> TokenStream {
    let children = root.children.iter().map(inline_module);
    let items = &root.items;
    quote! {
        #(#children)*
        #items
    }
}

fn inline_module(module: &Module) -> TokenStream {
    let name = ident(&module.name);
    let inner_doc = module.inner_doc();
    let children = module.children.iter().map(inline_module);
    let items = &module.items;
    let gate = &module.gate;
    let body = quote! {
        #inner_doc
        #(#children)*
        #items
    };
    match module.kind {
        Kind::Reexported => quote!(#gate mod #name { #body } #gate pub use #name::*;),
        _ => {
            let doc = module.outer_doc();
            quote!(#doc #gate pub mod #name { #body })
        }
    }
}
