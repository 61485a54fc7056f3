//! A crate too large to check quickly, split into crates that cargo checks in parallel.
//!
//! rustc checks one crate on one core, so a crate of a thousand endpoints keeps one core busy
//! for the whole check while the others wait (and, by the medians of BENCHMARKS.md, costs about
//! a tenth more CPU than the same endpoints in parts). So past a size the generated crate
//! becomes a *facade* that users depend on, which re-exports a *shared* crate (the definitions
//! every endpoint may use) and *parts*, each holding whole top-level namespaces. Paths, features
//! and the client trait stay the facade's, so a caller's code reads the same either way.
//!
//! A one-of group's conversions name the group's hub, which may stand in another namespace
//! ([`Api::one_of_hubs`]). The namespaces holding such hubs make the first part, with nothing
//! else, so the other parts depend on the first one at most and never on each other: that part
//! is checked before the rest, which all run at once. It is as large as those namespaces are,
//! whatever the part size: the split works in whole top-level namespaces.

use std::collections::{BTreeMap, BTreeSet};

use wechatpay_spec::model::Api;

use super::features;

/// How many endpoints and notifications a part holds at most, about, unless the crate's manifest
/// says otherwise; a crate of no more than this stays whole. On two cores, a thousand endpoints
/// check as fast in eight parts as in four, with less memory per compiler (BENCHMARKS.md), and
/// a machine with more cores checks more of them at once.
pub const DEFAULT_PART_SIZE: usize = 125;

/// The crates a split crate is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The facade's package name.
    facade: String,
    /// Each part's top-level namespaces.
    parts: Vec<BTreeSet<String>>,
    /// Whether the first part holds the namespaces of hubs that other namespaces convert from,
    /// and nothing else; when no conversion crosses namespaces, it is a part like the others.
    hub_part: bool,
}

impl Split {
    /// How `api` is split for the facade package `facade` with at most about `part_size`
    /// endpoints and notifications per part (top-level namespaces in name order, a part closed
    /// once it holds that many); `None` when it stays one crate: it is no larger than a part, or
    /// all of it lands in one part.
    pub fn plan(api: &Api, facade: &str, part_size: usize) -> Option<Self> {
        let weights = top_level_weights(api);
        let total: usize = weights.values().sum();
        let part_size = part_size.max(1);
        if total <= part_size {
            return None;
        }
        // The hubs' namespaces make a part of their own, however small: every other part may
        // wait for it, so the less it holds, the sooner the rest check side by side.
        let hubs = hub_namespaces(api);
        let rest: usize = (weights.iter())
            .filter(|(top, _)| !hubs.contains(*top))
            .map(|(_, weight)| weight)
            .sum();
        let target = rest.div_ceil(rest.div_ceil(part_size).max(1));
        let hub_part = !hubs.is_empty();
        let mut parts: Vec<BTreeSet<String>> = vec![hubs.clone(), BTreeSet::new()];
        let mut filled = 0;
        for (top, weight) in weights.iter().filter(|(top, _)| !hubs.contains(*top)) {
            if filled >= target {
                parts.push(BTreeSet::new());
                filled = 0;
            }
            if let Some(part) = parts.last_mut() {
                part.insert(top.clone());
            }
            filled += weight;
        }
        parts.retain(|part| !part.is_empty());
        (parts.len() > 1).then(|| Self {
            facade: facade.to_owned(),
            parts,
            hub_part,
        })
    }

    /// The facade's package name.
    pub fn facade(&self) -> &str {
        &self.facade
    }

    /// The package of the shared definitions: `<facade>-shared`.
    pub fn shared_package(&self) -> String {
        format!("{}-shared", self.facade)
    }

    /// The package of part `index` (from 0): `<facade>-part-<index + 1>`.
    pub fn part_package(&self, index: usize) -> String {
        format!("{}-part-{}", self.facade, index + 1)
    }

    /// The directory beside the facade's manifest that holds the shared crate and the parts.
    pub const PARTS_DIR: &'static str = "parts";

    /// The way from a part's directory back to the facade's: parts sit two levels below it
    /// ([`Split::PARTS_DIR`], then their own).
    pub const TO_FACADE: &'static str = "../../";

    /// The directory of part `index` under [`Split::PARTS_DIR`]: its number, from 1.
    pub fn part_dir(index: usize) -> String {
        (index + 1).to_string()
    }

    /// The directory of the shared crate under [`Split::PARTS_DIR`].
    pub const SHARED_DIR: &'static str = "shared";

    /// Whether `name`, a directory under [`Split::PARTS_DIR`], is one a split crate writes: the
    /// shared crate's, or a part's number. Nothing else there is the generator's.
    pub fn is_part_dir(name: &str) -> bool {
        name == Self::SHARED_DIR
            || (!name.is_empty()
                && !name.starts_with('0')
                && name.bytes().all(|b| b.is_ascii_digit()))
    }

    /// The namespaces of the hubs other parts convert from, when the first part holds them.
    pub fn hub_part(&self) -> Option<&BTreeSet<String>> {
        self.parts.first().filter(|_| self.hub_part)
    }

    /// The top-level namespaces of each part, in order.
    pub fn parts(&self) -> &[BTreeSet<String>] {
        &self.parts
    }

    /// Part `index`'s top-level namespaces for a person, each written by `spell`: "the `a`
    /// namespace", "the `a` and `b` namespaces", or, when there are many, the first three and
    /// the last with how many there are.
    pub fn namespaces_of(&self, index: usize, spell: impl Fn(&str) -> String) -> String {
        let names: Vec<String> = self.parts[index].iter().map(|top| spell(top)).collect();
        match names.as_slice() {
            [one] => format!("the {one} namespace"),
            [first, second, third, .., last] if names.len() > 4 => format!(
                "the {first}, {second}, {third} … {last} namespaces ({} in all)",
                names.len()
            ),
            _ => format!("the {} namespaces", crate::text::and_list(&names)),
        }
    }

    /// The part holding the top-level namespace `top`.
    pub fn part_of(&self, top: &str) -> Option<usize> {
        self.parts.iter().position(|part| part.contains(top))
    }

    /// The families of part `index`, sorted: the features it declares as its own.
    pub fn families(&self, api: &Api, index: usize) -> BTreeSet<Vec<String>> {
        features::families(api)
            .into_iter()
            .filter(|family| {
                family
                    .first()
                    .is_some_and(|top| self.part_of(top) == Some(index))
            })
            .collect()
    }

    /// The families of the hub part whose hubs part `index` converts from: it declares a
    /// feature of the same name for each, which turns the hub part's family on with the
    /// conversions to it. Empty for the hub part itself, and when there is none.
    pub fn hub_families(&self, api: &Api, index: usize) -> BTreeSet<Vec<String>> {
        let mut families = BTreeSet::new();
        if index == 0 || !self.hub_part {
            return families;
        }
        for ((endpoint, _), (hub, _)) in api.one_of_hubs() {
            let (endpoint, hub) = (&api.endpoints[endpoint], &api.endpoints[hub]);
            let part = |namespace: &[String]| namespace.first().and_then(|top| self.part_of(top));
            if part(&endpoint.namespace) == Some(index) && part(&hub.namespace) == Some(0) {
                families.insert(hub.namespace.clone());
            }
        }
        families
    }
}

/// The Rust name of a package: `-` becomes `_`.
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

/// Each top-level namespace with how many endpoints and notifications it holds, sorted by name.
fn top_level_weights(api: &Api) -> BTreeMap<String, usize> {
    let mut weights = BTreeMap::new();
    let namespaces = api
        .endpoints
        .iter()
        .map(|endpoint| &endpoint.namespace)
        .chain(api.notifications.iter().map(|n| &n.namespace));
    for namespace in namespaces {
        if let Some(top) = namespace.first() {
            *weights.entry(top.clone()).or_insert(0) += 1;
        }
    }
    weights
}

/// The top-level namespaces holding a hub that an endpoint of another top-level namespace
/// converts from.
fn hub_namespaces(api: &Api) -> BTreeSet<String> {
    api.one_of_hubs()
        .into_iter()
        .filter_map(|((endpoint, _), (hub, _))| {
            let from = api.endpoints[endpoint].namespace.first()?;
            let to = api.endpoints[hub].namespace.first()?;
            (from != to).then(|| to.clone())
        })
        .collect()
}
