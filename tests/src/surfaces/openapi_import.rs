//! The OpenAPI importer (`wechatpay-codegen import-openapi`): our own export and a third
//! party's Swagger 2.0 document, mutated as values (a node replaced by a reference that loops,
//! points outside, dangles, or by a construct the spec cannot hold) or as bytes, or arbitrary
//! bytes. Correct: no panic; an error that is typed and located (a syntax error at a line and
//! column, a limit at a JSON pointer); or drafts that the spec loader reads, each problem of a
//! report at a JSON pointer with a message.

use proptest::prelude::*;
use serde_json::{Value, json};
use wechatpay_spec::load::{self, Settings, SpecFile};
use wechatpay_spec::openapi_import::{self, ErrorKind};

/// The documents mutated: our export of the project's specs, and the third-party fixture.
const DOCUMENTS: [&str; 2] = [
    include_str!("../../../docs/openapi.json"),
    include_str!("../../../codegen/model/tests/data/openapi/third_party_swagger.yaml"),
];

/// An input: the document's bytes.
#[derive(Debug, Clone)]
pub struct OpenApiInput {
    /// The bytes, which may not be UTF-8, JSON or YAML.
    pub document: Vec<u8>,
}

/// Values put in place of a node of a document.
fn replacements() -> Vec<Value> {
    vec![
        json!({ "$ref": "#" }),
        json!({ "$ref": "#/components/schemas/ApiError" }),
        json!({ "$ref": "#/definitions/Order" }),
        json!({ "$ref": "#/paths" }),
        json!({ "$ref": "other.yaml#/components/schemas/X" }),
        json!({ "$ref": "#/components/schemas/Missing" }),
        json!({ "$ref": 7 }),
        json!({ "allOf": [{ "$ref": "#/components/schemas/ApiError" }, { "$ref": "#" }] }),
        json!({ "oneOf": [{ "type": "string" }, { "type": "integer" }] }),
        json!({ "type": ["string", "integer"] }),
        json!({ "type": "object", "additionalProperties": { "type": "string" } }),
        json!({ "type": "string", "minLength": 3, "pattern": "^(" }),
        json!({ "type": "integer", "enum": [1, {}, null] }),
        json!({ "type": "array" }),
        json!({ "in": "cookie", "name": "c" }),
        json!({ "x-wechatpay-type": "string[9,1]" }),
        json!({ "x-wechatpay-spec-file": "../../etc/passwd" }),
        json!(null),
        json!([]),
        json!("text"),
        json!(u64::MAX),
        json!({ "a": { "b": { "c": { "d": [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]] } } } }),
    ]
}

/// A change to a document.
#[derive(Debug, Clone)]
enum Mutation {
    /// The node at this place of a pre-order walk replaced by the value at this index.
    Replace(usize, usize),
    /// The node at this place removed from its parent.
    Remove(usize),
    /// Bytes removed from here, this many.
    Cut(usize, usize),
    /// A byte replaced.
    Byte(usize, u8),
}

/// Every node of `value`, in a pre-order walk, as (parent pointer, key) pairs.
fn places(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![(value, String::new())];
    while let Some((value, pointer)) = pending.pop() {
        found.push(pointer.clone());
        match value {
            Value::Object(map) => pending.extend(map.iter().map(|(k, v)| {
                (
                    v,
                    format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")),
                )
            })),
            Value::Array(items) => pending.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v, format!("{pointer}/{i}"))),
            ),
            _ => {}
        }
    }
    found
}

fn apply(value: &mut Value, mutation: &Mutation, places: &[String]) {
    let place = |n: usize| {
        places
            .get(n % places.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    match *mutation {
        Mutation::Replace(node, with) => {
            let replacements = replacements();
            if let Some(target) = value.pointer_mut(&place(node)) {
                *target = replacements[with % replacements.len()].clone();
            }
        }
        Mutation::Remove(node) => {
            let pointer = place(node);
            if let Some((parent, key)) = pointer.rsplit_once('/')
                && let Some(parent) = value.pointer_mut(parent)
            {
                match parent {
                    Value::Object(map) => {
                        map.shift_remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Value::Array(items) => {
                        if let Ok(index) = key.parse::<usize>()
                            && index < items.len()
                        {
                            items.remove(index);
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Cut(..) | Mutation::Byte(..) => {}
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        5 => (any::<usize>(), any::<usize>()).prop_map(|(n, w)| Mutation::Replace(n, w)),
        2 => any::<usize>().prop_map(Mutation::Remove),
        1 => (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Cut(at, n)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Byte(at, b)),
    ]
}

/// A document mutated: values first (written back as JSON), then bytes.
fn mutate(document: usize, mutations: &[Mutation]) -> OpenApiInput {
    let text = DOCUMENTS[document % DOCUMENTS.len()];
    let mut value: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(_) => {
            return OpenApiInput {
                document: text.as_bytes().to_vec(),
            };
        }
    };
    let walk = places(&value);
    for mutation in mutations {
        apply(&mut value, mutation, &walk);
    }
    let mut bytes = serde_json::to_vec(&value).unwrap_or_default();
    for mutation in mutations {
        match *mutation {
            Mutation::Cut(at, many) if !bytes.is_empty() => {
                let start = at % bytes.len();
                bytes.drain(start..(start + many).min(bytes.len()));
            }
            Mutation::Byte(at, byte) if !bytes.is_empty() => {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            _ => {}
        }
    }
    OpenApiInput { document: bytes }
}

/// Documents mutated one to six times, or arbitrary bytes.
pub fn strategy() -> impl Strategy<Value = OpenApiInput> {
    let mutated = (0..DOCUMENTS.len(), prop::collection::vec(mutation(), 1..6))
        .prop_map(|(document, mutations)| mutate(document, &mutations));
    let arbitrary =
        prop::collection::vec(any::<u8>(), 0..1024).prop_map(|document| OpenApiInput { document });
    prop_oneof![8 => mutated, 1 => arbitrary]
}

/// An input from a fuzzer's bytes: the first byte picks a document and whether to mutate it,
/// the rest are mutation seeds, or the bytes are the document.
pub fn from_bytes(data: &[u8]) -> OpenApiInput {
    match data.split_first() {
        Some((&first, rest)) if first < 64 && rest.len() >= 8 => {
            let mutations: Vec<Mutation> = rest
                .chunks(8)
                .take(6)
                .map(|chunk| {
                    let n = chunk
                        .iter()
                        .fold(0usize, |n, &b| n.wrapping_mul(257).wrapping_add(b as usize));
                    match chunk[0] % 4 {
                        0 | 1 => Mutation::Replace(n, n >> 8),
                        2 => Mutation::Remove(n),
                        _ => Mutation::Byte(n, chunk[chunk.len() - 1]),
                    }
                })
                .collect();
            mutate(usize::from(first), &mutations)
        }
        _ => OpenApiInput {
            document: data.to_vec(),
        },
    }
}

/// Whether the importer's answer to `input` is correct (see the module docs).
pub fn check(input: &OpenApiInput) -> Result<(), String> {
    let imported = match openapi_import::import_document(&input.document, "mutated.json") {
        Ok(imported) => imported,
        Err(error) => {
            if error.message.is_empty() {
                return Err(format!("an error without a message: {error:?}"));
            }
            return match error.kind {
                ErrorKind::Syntax | ErrorKind::Encoding if error.position.is_none() => {
                    Err(format!("an unlocated {:?} error: {error}", error.kind))
                }
                ErrorKind::TooDeep if error.pointer.is_none() => {
                    Err(format!("a depth error without a pointer: {error}"))
                }
                _ => Ok(()),
            };
        }
    };
    for problem in imported.problems() {
        if problem.message.is_empty()
            || !(problem.pointer.is_empty() || problem.pointer.starts_with('/'))
        {
            return Err(format!(
                "a problem not at a JSON pointer or without words: {problem:?}"
            ));
        }
    }
    let root = std::path::Path::new("drafts");
    let mut files = Vec::new();
    for file in &imported.files {
        if file.path.starts_with('/') || file.path.split('/').any(|part| part == "..") {
            return Err(format!(
                "a draft outside the output directory: {}",
                file.path
            ));
        }
        files.push(SpecFile {
            path: root.join(&file.path),
            relative: file.path.clone(),
            text: Ok(file.text.clone()),
        });
    }
    // Every draft reads back as the kind of spec file its place makes it.
    match load::parse_tree(root, files, Settings::Required) {
        Ok(_) => Ok(()),
        Err(errors) => Err(format!("drafts that do not read back:\n{errors}")),
    }
}
