//! All YAML reading happens here: typed, strict deserialization with serde_yaml, and an index of
//! where every key stands, so that errors found after parsing can still point at a line.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

/// A position in a spec file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, counting from 1.
    pub line: usize,
    /// Column, counting from 1.
    pub column: usize,
}

/// Where each key path of one YAML document stands.
///
/// Paths are written like `response.fields[3].enum`. A mapping entry is located at its key, a
/// sequence item at its first token.
#[derive(Debug, Default, Clone)]
pub struct PositionIndex {
    positions: HashMap<String, Position>,
}

impl PositionIndex {
    /// The position of `path`, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &str) -> Option<Position> {
        let mut path = path;
        loop {
            if let Some(position) = self.positions.get(path) {
                return Some(*position);
            }
            path = parent_path(path)?;
        }
    }

    fn build(text: &str) -> Self {
        let mut index = Self::default();
        let mut stack: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(text) {
            // Syntax errors are reported by serde_yaml, with their own position.
            let Ok((event, span)) = event else { break };
            let position = Position {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = index.enter_value(&mut stack, position);
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping { path, key: None }
                    } else {
                        Frame::Sequence { path, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    index.value_done(&mut stack);
                }
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Mapping {
                        path,
                        key: key @ None,
                    }) = stack.last_mut()
                    {
                        let child = join_key(path, &value);
                        index.positions.entry(child.clone()).or_insert(position);
                        *key = Some(child);
                    } else {
                        index.enter_value(&mut stack, position);
                        index.value_done(&mut stack);
                    }
                }
                Event::Alias(_) => {
                    index.enter_value(&mut stack, position);
                    index.value_done(&mut stack);
                }
                _ => {}
            }
        }
        index
    }

    /// The path of a value that starts now, recording where sequence items begin.
    fn enter_value(&mut self, stack: &mut [Frame], position: Position) -> String {
        match stack.last_mut() {
            None => String::new(),
            Some(Frame::Mapping { key, path }) => key.clone().unwrap_or_else(|| path.clone()),
            Some(Frame::Sequence { path, next }) => {
                let child = format!("{path}[{next}]");
                self.positions.entry(child.clone()).or_insert(position);
                child
            }
        }
    }

    /// A value has ended: the enclosing mapping expects a key, the sequence its next item.
    fn value_done(&mut self, stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { next, .. }) => *next += 1,
            None => {}
        }
    }
}

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next: usize },
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → none.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

/// A YAML document that failed to deserialize: the message and, when known, where.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// What serde_yaml said, without its own location suffix.
    pub message: String,
    /// The key path serde_yaml was at, when it gave one.
    pub path: String,
    /// Where the problem is.
    pub position: Option<Position>,
}

/// Deserializes `text` strictly into `T` and indexes the position of every key.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<(T, PositionIndex), YamlError> {
    let value: T = serde_yaml::from_str(text).map_err(|error| {
        let position = error.location().map(|location| Position {
            line: location.line(),
            column: location.column(),
        });
        let (path, message) = split_serde_message(&error.to_string());
        YamlError {
            message,
            path,
            position,
        }
    })?;
    Ok((value, PositionIndex::build(text)))
}

/// serde_yaml writes `path.to.key: message at line L column C`; keep the path and the message.
fn split_serde_message(full: &str) -> (String, String) {
    let without_location = match full.rfind(" at line ") {
        Some(cut) => &full[..cut],
        None => full,
    };
    // A path prefix contains no spaces and ends in ": ".
    match without_location.split_once(": ") {
        Some((path, message)) if !path.contains(' ') && !path.is_empty() => {
            (path.to_owned(), message.to_owned())
        }
        _ => (String::new(), without_location.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
title: x
request:
  fields:
    - name: a
      type: int
    - name: b
      enum: e
response:
  fields: []
";

    #[test]
    fn locates_keys_and_sequence_items() {
        let index = PositionIndex::build(DOC);
        let at = |path: &str| index.locate(path).map(|p| (p.line, p.column));
        assert_eq!(at("title"), Some((1, 1)));
        assert_eq!(at("request.fields"), Some((3, 3)));
        assert_eq!(at("request.fields[0]"), Some((4, 7)));
        assert_eq!(at("request.fields[1].enum"), Some((7, 7)));
        assert_eq!(at("response.fields"), Some((9, 3)));
        // Unknown paths fall back to their nearest known ancestor.
        assert_eq!(at("request.fields[1].enum.missing"), Some((7, 7)));
        assert_eq!(at("nothing"), None);
    }

    #[test]
    fn serde_errors_keep_path_and_position() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Doc {
            title: String,
            inner: Inner,
        }
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Inner {
            a: i64,
        }
        let error = parse::<Doc>("title: x\ninner:\n  a: 1\n  b: 2\n").unwrap_err();
        assert_eq!(error.path, "inner");
        assert!(
            error.message.contains("unknown field `b`"),
            "{}",
            error.message
        );
        assert_eq!(error.position.map(|p| p.line), Some(4));
    }
}
