//! All YAML reading happens here: typed, strict deserialization with serde_yaml, and an index of
//! where every key stands, so that errors found after parsing can still point at a line.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

/// The largest spec file read, in bytes (512 KiB; the seed pages' specs are 13 to 19 KiB).
pub const MAX_FILE_BYTES: usize = 512 << 10;

/// The deepest nesting of mappings and sequences a spec file may have (the format needs about
/// six). Refused before the YAML deserializer sees the text: its time grows with the square of
/// the nesting, so a small file of nested `[[[…]]]` would otherwise take minutes.
pub const MAX_DEPTH: usize = 32;

/// A position in a spec file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, counting from 1.
    pub line: usize,
    /// Column, counting from 1.
    pub column: usize,
}

impl Position {
    /// The position just past `text`, the valid start of a file: where its first byte that is
    /// not UTF-8 stands. The column counts characters, as an editor shows it.
    pub fn after(text: &[u8]) -> Self {
        let line = text.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&text[line_start..]).chars().count() + 1;
        Self { line, column }
    }
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
    /// The position of `path` itself, when the document has that key.
    pub fn exact(&self, path: &str) -> Option<Position> {
        self.positions.get(path).copied()
    }

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

    /// The index of `text`; an error, located, where the nesting passes [`MAX_DEPTH`], before
    /// the rest of the text is parsed.
    fn build(text: &str) -> Result<Self, YamlError> {
        let mut index = Self::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in events_within(text, MAX_DEPTH) {
            let (event, position) = item.map_err(too_deep)?;
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
        Ok(index)
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

/// Where YAML `text` first nests deeper than `max_depth` mappings and sequences, found with the
/// event parser before any deserializer reads the text (whose time grows with the square of the
/// nesting). [`PositionIndex::build`] applies the same rule to spec files while it indexes them;
/// this serves readers that need no index (the OpenAPI import). Syntax errors are left to the
/// deserializer, which reports them with its own message.
pub(crate) fn first_too_deep(text: &str, max_depth: usize) -> Option<Position> {
    events_within(text, max_depth).find_map(Result::err)
}

/// The events of `text`, each with where it starts, while the nesting stays within `max_depth`
/// mappings and sequences: where it first passes that (or the event parser's own limit, which is
/// deeper) comes as an `Err`, and ends the events. So does the first syntax error, unreported:
/// the deserializer reports those with its own message.
fn events_within(
    text: &str,
    max_depth: usize,
) -> impl Iterator<Item = Result<(Event<'_>, Position), Position>> {
    let mut parser = Parser::new_from_str(text);
    let (mut depth, mut ended) = (0usize, false);
    std::iter::from_fn(move || {
        if ended {
            return None;
        }
        let (event, span) = match parser.next()? {
            Ok(event) => event,
            Err(error) => {
                ended = true;
                return error.info().contains("recursion limit").then(|| {
                    Err(Position {
                        line: error.marker().line(),
                        column: error.marker().col() + 1,
                    })
                });
            }
        };
        let position = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) if depth == max_depth => {
                ended = true;
                return Some(Err(position));
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        Some(Ok((event, position)))
    })
}

fn too_deep(position: Position) -> YamlError {
    YamlError {
        message: format!("nested more than {MAX_DEPTH} levels deep; a spec never needs that"),
        path: String::new(),
        position: Some(position),
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

/// Deserializes `text` strictly into `T` and indexes the position of every key. Text over
/// [`MAX_FILE_BYTES`] or nested deeper than [`MAX_DEPTH`] is refused first.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<(T, PositionIndex), YamlError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(YamlError {
            message: format!(
                "{} bytes; a spec file is at most {MAX_FILE_BYTES} bytes",
                text.len()
            ),
            path: String::new(),
            position: None,
        });
    }
    refuse_inner_bom(text)?;
    let positions = PositionIndex::build(text)?;
    let value: T = serde_yaml::from_str(text).map_err(|error| {
        let position = error.location().map(|location| Position {
            line: location.line(),
            column: location.column(),
        });
        let (path, message) = split_serde_message(&error.to_string());
        YamlError {
            message: with_suggestion(message),
            path,
            position,
        }
    })?;
    Ok((value, positions))
}

/// A byte-order mark (U+FEFF) may open a file; anywhere else it is an invisible character in a
/// key or value (`\u{FEFF}PROFITSHARING.SUCCESS` is not the event type it looks like), and the
/// two YAML readers disagree about it, so it is refused where it stands.
fn refuse_inner_bom(text: &str) -> Result<(), YamlError> {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let Some(at) = body.find('\u{FEFF}') else {
        return Ok(());
    };
    let before = &body[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    Err(YamlError {
        message: "an invisible byte-order mark (U+FEFF) inside the file; delete it (one may only open the file)".to_owned(),
        path: String::new(),
        position: Some(Position { line, column }),
    })
}

/// serde's "unknown field `exmaple`, expected one of `name`, …" (or variant), with the likely
/// fix: "; did you mean `example`?".
fn with_suggestion(message: String) -> String {
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|start| message.strip_prefix(start));
    let Some(rest) = unknown else {
        return message;
    };
    let Some((name, rest)) = rest.split_once('`') else {
        return message;
    };
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let hint = crate::suggest::did_you_mean(name, expected);
    format!("{message}{hint}")
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
        let index = PositionIndex::build(DOC).unwrap();
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
    fn a_byte_order_mark_opens_a_file_and_nowhere_else() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)] // Read only to make parsing fail or pass.
        struct Doc {
            a: String,
        }
        assert!(parse::<Doc>("\u{FEFF}a: x\n").is_ok());
        let error = parse::<Doc>("a: \u{FEFF}x\n").unwrap_err();
        assert!(error.message.contains("U+FEFF"), "{}", error.message);
        assert_eq!(error.position, Some(Position { line: 1, column: 4 }));
        let error = parse::<Doc>("\u{FEFF}# 分账\na: 值\u{FEFF}\n").unwrap_err();
        assert_eq!(error.position, Some(Position { line: 2, column: 5 }));
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

    #[test]
    fn deep_nesting_is_refused_where_it_passes_the_limit() {
        // The mapping is level 1, so the 32nd bracket opens the 33rd level.
        let deep = format!("at: {}{}\n", "[".repeat(40), "]".repeat(40));
        let error = parse::<serde_yaml::Value>(&deep).unwrap_err();
        assert!(
            error.message.contains("nested more than 32"),
            "{}",
            error.message
        );
        assert_eq!(
            error.position,
            Some(Position {
                line: 1,
                column: 36
            })
        );
        // Far deeper, the event parser's own limit is reported as the same error.
        let deeper = format!("at: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let error = parse::<serde_yaml::Value>(&deeper).unwrap_err();
        assert!(
            error.message.contains("nested more than 32"),
            "{}",
            error.message
        );
        assert_eq!(error.position.map(|p| p.line), Some(1));
        // Block nesting counts as well.
        let mut block = String::new();
        for depth in 0..40 {
            block.push_str(&format!("{}k:\n", "  ".repeat(depth)));
        }
        let error = parse::<serde_yaml::Value>(&block).unwrap_err();
        assert!(
            error.message.contains("nested more than 32"),
            "{}",
            error.message
        );
        let fine = format!("at: {}{}\n", "[".repeat(31), "]".repeat(31));
        assert!(parse::<serde_yaml::Value>(&fine).is_ok());
    }

    #[test]
    fn oversized_text_is_refused_unparsed() {
        let big = "#".repeat(MAX_FILE_BYTES + 1);
        let error = parse::<serde_yaml::Value>(&big).unwrap_err();
        assert!(error.message.contains("at most"), "{}", error.message);
    }
}
