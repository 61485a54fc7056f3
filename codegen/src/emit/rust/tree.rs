//! The module tree of the generated code: the root with the client trait, `shared`, and a
//! module per namespace, whose endpoint modules are private and re-exported.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::Api;

use super::features::{self, Gate};
use super::layout::{self, Module, ModuleDoc, Work};
use super::{Options, OptionsText, client, endpoint, module_docs, notification, shared};

/// Builds the items of each endpoint and notification module, on whichever thread lays it out.
pub struct ItemBuilder<'a> {
    pub(super) api: &'a Api,
    options: OptionsText,
    /// What the endpoints need of the whole API, computed once for every builder of a run.
    pub(super) whole: &'a endpoint::WholeApi,
}

impl<'a> ItemBuilder<'a> {
    /// The builder of `api`'s items under `options`; `whole` is [`endpoint::WholeApi::of`] it.
    pub fn new(api: &'a Api, whole: &'a endpoint::WholeApi, options: &Options) -> Self {
        Self {
            api,
            options: OptionsText::new(options),
            whole,
        }
    }
}

impl layout::Builder for ItemBuilder<'_> {
    fn build(&self, work: Work) -> TokenStream {
        let options = self.options.options();
        match work {
            Work::Endpoint(index) => {
                endpoint::endpoint_tokens(self.api, index, &options, self.whole)
            }
            Work::Notification(index) => {
                notification::notification_tokens(self.api, index, &options, self.whole)
            }
        }
    }
}

/// The whole tree of `items`' API; endpoint and notification modules are left to `items`.
pub fn module_tree(items: &ItemBuilder<'_>, options: &Options) -> Module {
    let api = items.api;
    let builder = TreeBuilder::new(api, options, items.whole);
    let shared = shared::shared_tokens(api, options, &builder.whole.validated);
    let mut root = Module::root(
        root_doc(api, options, !shared.is_empty()),
        client::root_items(&builder.handles(), options),
    );
    if !shared.is_empty() {
        root.children.push(Module::public(
            "shared",
            ModuleDoc::Outer(" Enums, objects and error codes several endpoints share.".into()),
            shared,
        ));
    }
    root.children.extend(builder.top_namespaces(|_| true));
    root
}

/// The crate's documentation: the overview of every endpoint, and, when families can be left
/// out, leave for its links to them to point nowhere.
pub(super) fn root_doc(api: &Api, options: &Options, has_shared: bool) -> TokenStream {
    let mut doc = module_docs::lib_doc(api, has_shared);
    if options.family_features {
        // The crate's overview links every endpoint; with some families left out, the links to
        // them have nothing to point at, which is expected rather than a mistake in the docs.
        let full = features::FULL;
        doc.extend(quote! {
            #![cfg_attr(not(feature = #full), allow(rustdoc::broken_intra_doc_links))]
        });
    }
    doc
}

/// `namespace` with `child` appended.
fn child_path(namespace: &[String], child: &str) -> Vec<String> {
    let mut path = namespace.to_vec();
    path.push(child.to_owned());
    path
}

/// What every namespace module needs: the API, the options, the objects requests reach, and
/// which sub-namespaces and endpoints each namespace holds.
pub(super) struct TreeBuilder<'a> {
    api: &'a Api,
    options: &'a Options,
    /// What the endpoints need of the whole API, computed once.
    whole: &'a endpoint::WholeApi,
    /// For each namespace path: its sub-namespaces and what it holds.
    namespaces: BTreeMap<Vec<String>, Namespace>,
    /// The API's families, as the manifest's features table lists them ([`features::families`]).
    families: BTreeSet<Vec<String>>,
}

/// One namespace's sub-namespaces, and the indices of its endpoints and notifications.
#[derive(Default)]
struct Namespace {
    children: BTreeSet<String>,
    endpoints: Vec<usize>,
    notifications: Vec<usize>,
}

impl<'a> TreeBuilder<'a> {
    pub(super) fn new(api: &'a Api, options: &'a Options, whole: &'a endpoint::WholeApi) -> Self {
        let mut namespaces: BTreeMap<Vec<String>, Namespace> = BTreeMap::new();
        let paths = api
            .endpoints
            .iter()
            .map(|e| &e.namespace)
            .chain(api.notifications.iter().map(|n| &n.namespace));
        for path in paths {
            for depth in 0..path.len() {
                namespaces
                    .entry(path[..depth].to_vec())
                    .or_default()
                    .children
                    .insert(path[depth].clone());
            }
        }
        for (index, endpoint) in api.endpoints.iter().enumerate() {
            namespaces
                .entry(endpoint.namespace.clone())
                .or_default()
                .endpoints
                .push(index);
        }
        for (index, notification) in api.notifications.iter().enumerate() {
            namespaces
                .entry(notification.namespace.clone())
                .or_default()
                .notifications
                .push(index);
        }
        Self {
            api,
            options,
            whole,
            namespaces,
            families: features::families(api),
        }
    }

    /// Each top-level namespace a client calls into, with the `#[cfg]` of its handle: what the
    /// client trait lists. A namespace with nothing to call (only a file answer, only
    /// notifications) has no handle.
    pub(super) fn handles(&self) -> Vec<(&str, TokenStream)> {
        self.children(&[])
            .filter(|name| self.callable(&[(*name).clone()]))
            .map(|name| {
                let gate = self.gate_below(std::slice::from_ref(name)).attribute();
                (name.as_str(), gate)
            })
            .collect()
    }

    /// The modules of the top-level namespaces that `wanted` keeps, each behind its gate.
    pub(super) fn top_namespaces(&self, wanted: impl Fn(&str) -> bool) -> Vec<Module> {
        self.children(&[])
            .filter(|name| wanted(name))
            .map(|name| {
                let mut module = self.namespace(vec![name.clone()]);
                module.gate = self.gate_below(std::slice::from_ref(name)).attribute();
                module
            })
            .collect()
    }

    /// The sub-namespaces of `namespace`, sorted.
    pub(super) fn children(&self, namespace: &[String]) -> impl Iterator<Item = &String> {
        self.namespaces
            .get(namespace)
            .into_iter()
            .flat_map(|namespace| &namespace.children)
    }

    /// Whether `namespace` or one below it has an endpoint a client calls by name.
    fn callable(&self, namespace: &[String]) -> bool {
        self.namespaces.get(namespace).is_some_and(|held| {
            held.endpoints
                .iter()
                .any(|&index| client::has_call(&self.api.endpoints[index]))
                || held
                    .children
                    .iter()
                    .any(|child| self.callable(&child_path(namespace, child)))
        })
    }

    /// The features under which `namespace`'s module is compiled: those of the families at or
    /// below it.
    pub(super) fn gate_below(&self, namespace: &[String]) -> Gate {
        if !self.options.family_features {
            return Gate::Always;
        }
        // The namespaces below this one follow it in the sorted map: a range, not a scan of
        // every namespace (a scan per namespace is quadratic at a thousand families).
        Gate::Any(
            self.families
                .range(namespace.to_vec()..)
                .take_while(|path| path.starts_with(namespace))
                .map(|path| features::family_feature(path))
                .collect(),
        )
    }

    /// The gate of the family at `namespace` itself, within its module's gate `outer`.
    fn own_gate(&self, namespace: &[String], outer: &Gate) -> TokenStream {
        if !self.options.family_features {
            return quote!();
        }
        Gate::family(namespace).within(outer)
    }

    fn namespace(&self, namespace: Vec<String>) -> Module {
        let empty = Namespace::default();
        let held = self.namespaces.get(&namespace).unwrap_or(&empty);
        let doc = format!(" Endpoints under `/v3/{}/`.", namespace.join("/"));
        let gate = self.gate_below(&namespace);
        let own = self.own_gate(&namespace, &gate);
        // Each sub-namespace's path, and the condition its declaration and its handle method
        // carry here: only what this module's own gate does not already state.
        let children: Vec<(&String, Vec<String>, TokenStream)> = held
            .children
            .iter()
            .map(|child| {
                let path = child_path(&namespace, child);
                let child_gate = self.gate_below(&path).within(&gate);
                (child, path, child_gate)
            })
            .collect();
        let handle = if self.callable(&namespace) {
            let callable: BTreeMap<String, TokenStream> = children
                .iter()
                .filter(|(_, path, _)| self.callable(path))
                .map(|(child, _, child_gate)| ((*child).clone(), child_gate.clone()))
                .collect();
            client::namespace_handle(
                self.api,
                &namespace,
                (&callable, &own),
                &held.endpoints,
                self.options,
            )
        } else {
            quote!()
        };
        let name = namespace.last().cloned().unwrap_or_default();
        let mut module = Module::public(&name, ModuleDoc::Inner(quote!(#![doc = #doc])), handle);
        for (_, path, child_gate) in children {
            let mut child = self.namespace(path);
            child.gate = child_gate;
            module.children.push(child);
        }
        let endpoints = held.endpoints.iter().map(|&index| {
            Module::reexported(&self.api.endpoints[index].operation, Work::Endpoint(index))
        });
        let notifications = held.notifications.iter().map(|&index| {
            Module::reexported(
                &self.api.notifications[index].name,
                Work::Notification(index),
            )
        });
        for mut item in endpoints.chain(notifications) {
            item.gate = own.clone();
            module.children.push(item);
        }
        module
    }
}
