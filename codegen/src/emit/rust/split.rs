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
    /// Each part's families, sorted: the features it declares as its own.
    families: Vec<BTreeSet<Vec<String>>>,
    /// For each part, the hub part's families whose hubs it converts from: it declares a feature
    /// of the same name for each, which turns the hub part's family on with the conversions to
    /// it. Empty for the hub part itself, and for every part when there is none.
    hub_families: Vec<BTreeSet<Vec<String>>>,
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
        let conversions = crossing_conversions(api);
        let hubs: BTreeSet<String> = (conversions.iter())
            .filter_map(|(_, hub)| hub.first().cloned())
            .collect();
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
        if parts.len() < 2 {
            return None;
        }
        let part_of: BTreeMap<&str, usize> = (parts.iter().enumerate())
            .flat_map(|(index, tops)| tops.iter().map(move |top| (top.as_str(), index)))
            .collect();
        let index_of = |namespace: &[String]| {
            let top = namespace.first()?;
            part_of.get(top.as_str()).copied()
        };
        let mut families = vec![BTreeSet::new(); parts.len()];
        for family in features::families(api) {
            if let Some(index) = index_of(&family) {
                families[index].insert(family);
            }
        }
        // With a hub part, every crossing conversion's hub is in it; the others are its parts'.
        let mut hub_families = vec![BTreeSet::new(); parts.len()];
        for (from, hub) in conversions {
            if let Some(index) = index_of(&from) {
                hub_families[index].insert(hub);
            }
        }
        Some(Self {
            facade: facade.to_owned(),
            parts,
            families,
            hub_families,
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
    pub fn families(&self, index: usize) -> &BTreeSet<Vec<String>> {
        &self.families[index]
    }

    /// The hub part's families whose hubs part `index` converts from: it declares a feature of
    /// the same name for each. Empty for the hub part itself, and when there is none.
    pub fn hub_families(&self, index: usize) -> &BTreeSet<Vec<String>> {
        &self.hub_families[index]
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

/// Each conversion between namespaces of different top levels, as the namespace of the group
/// that converts and the family of its hub.
fn crossing_conversions(api: &Api) -> BTreeSet<(Vec<String>, Vec<String>)> {
    api.one_of_hubs()
        .into_iter()
        .filter_map(|((endpoint, _), (hub, _))| {
            let from = &api.endpoints[endpoint].namespace;
            let to = &api.endpoints[hub].namespace;
            (from.first()? != to.first()?).then(|| (from.clone(), to.clone()))
        })
        .collect()
}
