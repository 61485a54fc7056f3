//! How the emitted modules are laid out: as files (the checked-in crate, one file per module,
//! each behind `#[rustfmt::skip]` so that rustfmt and the stale check never disagree), or inline
//! (a macro expansion or a build script's single file). Both come from one module tree, so the
//! two layouts hold the same items.
//!
//! An endpoint's or a notification's items are most of the code; the tree holds them as
//! [`Work`], built where they are laid out, so that files are built and printed on every core
//! (token streams cannot move between threads).

use proc_macro2::TokenStream;
use quote::quote;

use super::types::ident;

/// The items of one endpoint or notification module, built when laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// The endpoint at this index of the model.
    Endpoint(usize),
    /// The notification at this index of the model.
    Notification(usize),
}

/// A module's own items: built already, or built when laid out.
enum Items {
    Ready(TokenStream),
    Deferred(Work),
}

/// What the layouts need to build deferred items: a function that may run on any thread.
pub trait Builder: Sync {
    /// The tokens of `work`.
    fn build(&self, work: Work) -> TokenStream;
}

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
    items: Items,
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
            items: Items::Ready(items),
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
            items: Items::Ready(items),
            children: Vec::new(),
        }
    }

    /// A private module whose items, built by `work`, are re-exported; they carry their own
    /// inner docs.
    pub fn reexported(name: &str, work: Work) -> Self {
        Self {
            name: name.to_owned(),
            kind: Kind::Reexported,
            doc: ModuleDoc::None,
            gate: TokenStream::new(),
            items: Items::Deferred(work),
            children: Vec::new(),
        }
    }

    /// A private module of items built already, re-exported: items that would otherwise stand
    /// at a crate root, where `#[rustfmt::skip]` cannot keep rustfmt from reflowing them.
    #[cfg(feature = "files")]
    pub fn reexported_items(name: &str, items: TokenStream) -> Self {
        Self {
            name: name.to_owned(),
            kind: Kind::Reexported,
            doc: ModuleDoc::None,
            gate: TokenStream::new(),
            items: Items::Ready(items),
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

/// Each module as a file (`lib.rs` for the root, `name.rs` for a leaf, `name/mod.rs` for a
/// module with children), printed behind `header`; deferred items are built and every file
/// printed on every core.
#[cfg(feature = "files")]
pub fn to_files(
    root: &Module,
    builder: &dyn Builder,
    header: &super::Header,
) -> Vec<crate::emit::GeneratedFile> {
    let mut sources = Vec::new();
    collect_sources(root, "", &mut sources);
    let contents = wechatpay_spec::parallel::map_in_order(&sources, |(_, source)| match source {
        Source::Text(text) => super::print::render_text(text, header),
        Source::Work(work) => super::render(&builder.build(*work), header),
    });
    sources
        .into_iter()
        .zip(contents)
        .map(|((path, _), contents)| crate::emit::GeneratedFile { path, contents })
        .collect()
}

/// A file to print: the text of tokens built already, or a module whose items are all deferred.
#[cfg(feature = "files")]
enum Source {
    Text(String),
    Work(Work),
}

/// Each module's path under `dir` and what it is printed from, parents first.
#[cfg(feature = "files")]
fn collect_sources(module: &Module, dir: &str, sources: &mut Vec<(String, Source)>) {
    let (path, child_dir) = match module.kind {
        Kind::Root => ("lib.rs".to_owned(), String::new()),
        _ if module.children.is_empty() => (format!("{dir}{}.rs", module.name), String::new()),
        _ => (
            format!("{dir}{}/mod.rs", module.name),
            format!("{dir}{}/", module.name),
        ),
    };
    let items = match &module.items {
        Items::Ready(items) => items,
        // Only endpoint and notification modules are deferred, and they hold no module.
        Items::Deferred(work) => {
            debug_assert!(
                module.children.is_empty(),
                "a deferred module with children"
            );
            sources.push((path, Source::Work(*work)));
            return;
        }
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
    let crate_attrs = (module.kind == Kind::Root).then(|| quote!(#![forbid(unsafe_code)]));
    let tokens = quote! {
        #inner_doc
        #crate_attrs
        #(#declarations)*
        #items
    };
    // Printed on another thread, where only text can go.
    sources.push((path, Source::Text(tokens.to_string())));
    for child in &module.children {
        let dir = if module.kind == Kind::Root {
            ""
        } else {
            child_dir.as_str()
        };
        collect_sources(child, dir, sources);
    }
}

impl Items {
    fn tokens(&self, builder: &dyn Builder) -> TokenStream {
        match self {
            Self::Ready(items) => items.clone(),
            Self::Deferred(work) => builder.build(*work),
        }
    }
}

/// The root's items and every module inline, without crate-level attributes.
pub fn inline_items(root: &Module, builder: &dyn Builder) -> TokenStream {
    let children = root
        .children
        .iter()
        .map(|child| inline_module(child, builder));
    let items = root.items.tokens(builder);
    quote! {
        #(#children)*
        #items
    }
}

fn inline_module(module: &Module, builder: &dyn Builder) -> TokenStream {
    let name = ident(&module.name);
    let inner_doc = module.inner_doc();
    let children = module
        .children
        .iter()
        .map(|child| inline_module(child, builder));
    let items = module.items.tokens(builder);
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
