//! The module trees of a [`Split`] crate: its facade, its shared crate and its parts, from the
//! same namespace modules as a whole crate's ([`super::tree`]).

use quote::quote;

use super::layout::Module;
use super::split::{self, Split};
use super::tree::{ItemBuilder, TreeBuilder, root_doc};
use super::types::ident;
use super::{Options, client, shared};

/// The facade of a [`Split`] crate: the crate's documentation, the shared crate as `shared`, each
/// top-level namespace re-exported from its part, and the client trait over all of them.
pub fn facade_tree(items: &ItemBuilder<'_>, options: &Options, split: &Split) -> Module {
    let api = items.api;
    let builder = TreeBuilder::new(api, options, items.whole);
    let shared = ident(&split::crate_ident(&split.shared_package()));
    let namespaces = builder.children(&[]).filter_map(|top| {
        let part = ident(&split::crate_ident(
            &split.part_package(split.part_of(top)?),
        ));
        let gate = builder.gate_below(std::slice::from_ref(top)).attribute();
        let top = ident(top);
        Some(quote!(#gate #[doc(inline)] pub use ::#part::#top;))
    });
    let client = client::root_items(&builder.handles(), options);
    let items = quote! {
        #[doc(inline)]
        pub use ::#shared as shared;
        #(#namespaces)*
        #client
    };
    Module::root(root_doc(api, options, true), items)
}

/// The shared crate of a [`Split`] crate: the shared definitions at its root, and the error
/// alias the parts' client methods name.
pub fn shared_tree(items: &ItemBuilder<'_>, options: &Options, split: &Split) -> Module {
    let shared = shared::shared_tokens(items.api, options, &items.whole.validated);
    let error = client::error_alias(options);
    let doc = format!(
        " The definitions the parts of `{facade}` share: error codes, and the enums and objects \
         several endpoints use. `{facade}` re-exports this crate as `shared`; depend on it \
         rather than on this crate.",
        facade = split.facade()
    );
    let mut root = Module::root(quote!(#![doc = #doc]), quote!());
    root.children.push(Module::reexported_items(
        "definitions",
        quote!(#error #shared),
    ));
    root
}

/// Part `index` of a [`Split`] crate: its top-level namespaces.
pub fn part_tree(
    items: &ItemBuilder<'_>,
    options: &Options,
    split: &Split,
    index: usize,
) -> Module {
    let builder = TreeBuilder::new(items.api, options, items.whole);
    let tops = &split.parts()[index];
    let doc = format!(
        " Part {number} of `{facade}`: the endpoints of {listed}, compiled as a crate of their \
         own so that cargo checks the parts in parallel. `{facade}` re-exports each namespace; \
         depend on it rather than on this crate.",
        number = index + 1,
        facade = split.facade(),
        listed = split.namespaces_of(index, |top| format!("`{top}`")),
    );
    let mut root = Module::root(quote!(#![doc = #doc]), quote!());
    root.children
        .extend(builder.top_namespaces(|top| tops.contains(top)));
    root
}
