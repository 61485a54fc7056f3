//! Cargo features per API family, so that a user compiles only the families they call.
//!
//! A family is a namespace that holds endpoints or notifications (`ecommerce/profitsharing`);
//! its feature is the namespace's segments joined by `-` (`ecommerce-profitsharing`). The shared
//! definitions are always compiled. The crate's `[features]` table, with `full` (every family)
//! as the default, is written from the same list ([`families`], [`family_feature`]), so the
//! features the code tests and the ones the manifest declares cannot drift apart.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use wechatpay_spec::model::Api;

/// The feature that turns on every family, and the crate's default.
pub const FULL: &str = "full";

/// The feature that gives answers (responses, the objects in them, notification resources)
/// `Serialize` as well as `Deserialize`, for callers who store or forward them as JSON. Off by
/// default: the derive is a large part of what an answer type costs to compile.
pub const SERIALIZE_ANSWERS: &str = "serialize-answers";

/// The feature of the family at `namespace`.
pub fn family_feature(namespace: &[String]) -> String {
    namespace.join("-")
}

/// Every family of `api`: the namespaces that hold an endpoint or a notification, sorted.
pub fn families(api: &Api) -> BTreeSet<Vec<String>> {
    api.endpoints
        .iter()
        .map(|endpoint| endpoint.namespace.clone())
        .chain(api.notifications.iter().map(|n| n.namespace.clone()))
        .collect()
}

/// The features a crate generated from `api` declares, in manifest order: `default`, `full`,
/// [`SERIALIZE_ANSWERS`], then one per family, each enabling nothing else.
pub fn manifest_features(api: &Api) -> Vec<(String, Vec<String>)> {
    let families: Vec<String> = families(api)
        .iter()
        .map(|namespace| family_feature(namespace))
        .collect();
    let mut table = vec![
        ("default".to_owned(), vec![FULL.to_owned()]),
        (FULL.to_owned(), families.clone()),
        (SERIALIZE_ANSWERS.to_owned(), Vec::new()),
    ];
    table.extend(families.into_iter().map(|family| (family, Vec::new())));
    table
}

/// Which features a generated item is compiled under.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Always compiled (the crate root, `shared`, or a crate without family features).
    #[default]
    Always,
    /// Compiled when any of these features is on (a namespace holding these families).
    Any(BTreeSet<String>),
}

impl Gate {
    /// The gate of the family at `namespace`.
    pub fn family(namespace: &[String]) -> Self {
        Self::Any(BTreeSet::from([family_feature(namespace)]))
    }

    /// The `#[cfg(...)]` attribute, or nothing when always compiled.
    pub fn attribute(&self) -> TokenStream {
        match self {
            Self::Always => quote!(),
            Self::Any(features) if features.len() == 1 => {
                let feature = features.iter().next();
                quote!(#[cfg(feature = #feature)])
            }
            Self::Any(features) => {
                let features = features.iter();
                quote!(#[cfg(any(#(feature = #features),*))])
            }
        }
    }

    /// The attribute an item inside a module gated by `outer` needs: none when `outer` already
    /// says the same, so the code does not repeat a condition its module states.
    pub fn within(&self, outer: &Gate) -> TokenStream {
        if self == outer {
            quote!()
        } else {
            self.attribute()
        }
    }
}
