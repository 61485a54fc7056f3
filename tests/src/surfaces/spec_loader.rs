//! The spec loader: spec files, real ones mutated or arbitrary text, through parsing and
//! checking. Correct: no panic, and every error names an input file, with a line and column
//! unless it is about the file as a whole.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use wechatpay_spec::diagnostics::ErrorKind;
use wechatpay_spec::load::{self, Settings, SpecFile};

/// The seed files a mutated tree starts from, and where each goes in it; the settings and
/// shared definitions are the project's own (`wechatpay_spec::base::FILES`).
const SEEDS: [(&str, &str); 4] = [
    (
        ENDPOINT_PATH,
        include_str!("../../../spec/ecommerce/profitsharing/query_return_order.yaml"),
    ),
    (
        ENDPOINT_PATH,
        include_str!("../../../spec/brand/profitsharing/query_return_order.yaml"),
    ),
    (
        ENDPOINT_PATH,
        include_str!("../../../spec/ecommerce/profitsharing/query_order.yaml"),
    ),
    (
        NOTIFICATION_PATH,
        include_str!(
            "../../../spec/ecommerce/profitsharing/notifications/profit_sharing_movement.yaml"
        ),
    ),
];

/// Where an endpoint seed (and arbitrary text) is placed.
const ENDPOINT_PATH: &str = "ns/query_things.yaml";

/// Where a notification seed is placed.
const NOTIFICATION_PATH: &str = "ns/notifications/movement.yaml";

/// Tokens that mean something to YAML or to the spec format, to insert anywhere.
const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!binary ",
    "!!str ",
    "\t",
    "\"",
    "'",
    "#",
    "\n",
    "  ",
    "~",
    "null",
    "|",
    ">",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "<<: *a",
    "99999999999999999999999",
    "-1",
    "1e400",
    "\u{FEFF}",
    "\u{0}",
    "分账",
    "{name}",
    "in: path",
    "required: one_of",
    "enum: nope",
    "type: string[9,1]",
    "object: nope",
    "at: page",
];

/// One spec file in a tree with the project's settings and shared files.
#[derive(Debug, Clone)]
pub struct SpecInput {
    /// Where the file goes: an endpoint's place, or a notification's.
    pub relative: &'static str,
    /// The file's text (any bytes; not UTF-8 is a read error of its own).
    pub endpoint: Vec<u8>,
}

/// A seed's text as the tree starts it: a notification is `about` a response of its own
/// namespace, which the tree of one file does not have.
fn seed_text(seed: usize) -> Vec<u8> {
    let (_, text) = SEEDS[seed];
    text.lines()
        .filter(|line| !line.starts_with("about:"))
        .flat_map(|line| line.bytes().chain([b'\n']))
        .collect()
}

/// A change to a text.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, &'static str),
    Delete(usize, usize),
    DuplicateLine(usize),
    ReplaceByte(usize, u8),
    Truncate(usize),
}

impl Mutation {
    fn apply(&self, text: &mut Vec<u8>) {
        let at = |offset: usize| {
            if text.is_empty() {
                0
            } else {
                offset % (text.len() + 1)
            }
        };
        match *self {
            Self::Insert(offset, token) => {
                let at = at(offset);
                text.splice(at..at, token.bytes());
            }
            Self::Delete(offset, len) => {
                let start = at(offset);
                let end = (start + len).min(text.len());
                text.drain(start..end);
            }
            Self::DuplicateLine(offset) => {
                let start = at(offset);
                let line_start = text[..start]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let line_end = text[start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(text.len(), |i| start + i + 1);
                let line: Vec<u8> = text[line_start..line_end].to_vec();
                text.splice(line_end..line_end, line);
            }
            Self::ReplaceByte(offset, byte) => {
                if !text.is_empty() {
                    let at = offset % text.len();
                    text[at] = byte;
                }
            }
            Self::Truncate(offset) => {
                let at = at(offset);
                text.truncate(at);
            }
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), prop::sample::select(TOKENS)).prop_map(|(o, t)| Mutation::Insert(o, t)),
        2 => (any::<usize>(), 1usize..200).prop_map(|(o, l)| Mutation::Delete(o, l)),
        2 => any::<usize>().prop_map(Mutation::DuplicateLine),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(o, b)| Mutation::ReplaceByte(o, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Seed endpoints with one to six mutations, or arbitrary text.
pub fn strategy() -> impl Strategy<Value = SpecInput> {
    let mutated =
        (0..SEEDS.len(), prop::collection::vec(mutation(), 1..6)).prop_map(|(seed, mutations)| {
            let mut text = seed_text(seed);
            for mutation in &mutations {
                mutation.apply(&mut text);
            }
            SpecInput {
                relative: SEEDS[seed].0,
                endpoint: text,
            }
        });
    let arbitrary = prop::collection::vec(any::<u8>(), 0..2048).prop_map(|endpoint| SpecInput {
        relative: ENDPOINT_PATH,
        endpoint,
    });
    prop_oneof![4 => mutated, 1 => arbitrary]
}

/// The fuzzer's bytes: the first chooses a seed to mutate with the rest, or the rest is the file.
pub fn from_bytes(data: &[u8]) -> SpecInput {
    let mut bytes = super::Bytes::new(data);
    let choice = usize::from(bytes.byte());
    // Three bytes in four choose a seed to mutate.
    if choice < 192 {
        let seed = choice % SEEDS.len();
        let mut text = seed_text(seed);
        for _ in 0..bytes.below(6) + 1 {
            let offset = bytes.below(usize::MAX);
            let mutation = match bytes.below(5) {
                0 => Mutation::Insert(offset, TOKENS[bytes.below(TOKENS.len())]),
                1 => Mutation::Delete(offset, bytes.below(200) + 1),
                2 => Mutation::DuplicateLine(offset),
                3 => Mutation::ReplaceByte(offset, bytes.byte()),
                _ => Mutation::Truncate(offset),
            };
            mutation.apply(&mut text);
        }
        SpecInput {
            relative: SEEDS[seed].0,
            endpoint: text,
        }
    } else {
        SpecInput {
            relative: ENDPOINT_PATH,
            endpoint: bytes.rest().to_vec(),
        }
    }
}

/// Loads and checks the tree; the property broken, if one is.
pub fn check(input: &SpecInput) -> Result<(), String> {
    let root = Path::new("spec");
    let file = |relative: &str, text: Result<String, _>| SpecFile {
        path: root.join(relative),
        relative: relative.to_owned(),
        text,
    };
    let endpoint_path = root.join(input.relative);
    let endpoint = String::from_utf8(input.endpoint.clone())
        .map_err(|_| wechatpay_spec::SpecError::unreadable(&endpoint_path, "not UTF-8"));
    let mut files: Vec<SpecFile> = wechatpay_spec::base::FILES
        .iter()
        .map(|(relative, text)| file(relative, Ok((*text).to_owned())))
        .collect();
    files.push(file(input.relative, endpoint));
    let known: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let errors = match load::parse_tree(root, files, Settings::Required) {
        Ok(tree) => match wechatpay_spec::check::check(&tree, None) {
            Ok(_) => return Ok(()),
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    for error in errors.errors() {
        if !known.contains(&error.file) {
            return Err(format!(
                "an error names a file that is not an input: {error}"
            ));
        }
        let whole_file = error.key_path.is_empty();
        if error.kind == ErrorKind::Spec && error.position.is_none() && !whole_file {
            return Err(format!(
                "an error at `{}` has no line and column: {error}",
                error.key_path
            ));
        }
        if error.message.is_empty() {
            return Err(format!("an error without a message: {error:?}"));
        }
    }
    Ok(())
}
