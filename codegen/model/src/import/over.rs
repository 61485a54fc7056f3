//! A page imported over its spec: where a description is the spec author's own words (written
//! while no page was at hand), the page's text for the same field replaces it, marked as the
//! page's. Everything else in the spec file stays as written, comments included: the file is
//! edited where its descriptions stand, not written anew.

use std::collections::BTreeMap;

use super::draft::{Draft, DraftField};
use crate::spec::{EndpointFile, FieldDef, TextSource};
use crate::yaml::{self, PositionIndex, YamlError};

/// `spec` with the spec's own descriptions replaced by the page's (from `draft`), and the key
/// paths of the fields replaced.
pub fn replace_own_descriptions(
    spec: &str,
    draft: &Draft,
) -> Result<(String, Vec<String>), YamlError> {
    let (file, positions) = yaml::parse::<EndpointFile>(spec)?;
    let page = page_descriptions(draft);
    let default = file.source.descriptions;
    let mut edits = Vec::new();
    let mut replaced = Vec::new();
    let mut visit = |at: &str, path: &str, field: &FieldDef| {
        let own = field.description_source.unwrap_or(default) == TextSource::Spec;
        let Some(text) = page.get(path).filter(|text| !text.is_empty()) else {
            return;
        };
        if own && *text != field.description {
            edits.extend(field_edits(
                &positions,
                at,
                text,
                field.description_source.is_some(),
                default,
            ));
            replaced.push(at.to_owned());
        }
    };
    walk(&file, &mut visit);
    Ok((apply(spec, edits), replaced))
}

/// The page's description of each field, by side and wire-name path
/// (`response.receivers.amount`).
fn page_descriptions(draft: &Draft) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let objects: BTreeMap<&str, &[DraftField]> = draft
        .objects
        .iter()
        .map(|o| (o.name.as_str(), o.fields.as_slice()))
        .collect();
    let mut stack: Vec<(String, &[DraftField], usize)> =
        vec![("request".to_owned(), draft.request.as_slice(), 0)];
    if let Some(response) = &draft.response {
        stack.push(("response".to_owned(), response.as_slice(), 0));
    }
    while let Some((prefix, fields, depth)) = stack.pop() {
        for field in fields {
            let path = format!("{prefix}.{}", field.name);
            out.insert(path.clone(), field.description.clone());
            // Nesting is bounded by the page; the depth bound keeps a cycle of names finite.
            if let Some(object) = field.object.as_deref().and_then(|name| objects.get(name))
                && depth < 8
            {
                stack.push((path, object, depth + 1));
            }
        }
    }
    out
}

/// Calls `visit(key path, wire-name path, field)` for every field of `file`, nested ones by way
/// of the local objects their fields name.
fn walk(file: &EndpointFile, visit: &mut impl FnMut(&str, &str, &FieldDef)) {
    let mut stack: Vec<(String, String, &[FieldDef], usize)> = vec![(
        "request.fields".to_owned(),
        "request".to_owned(),
        file.request.fields.as_slice(),
        0,
    )];
    if let Some(fields) = &file.response.fields {
        stack.push((
            "response.fields".to_owned(),
            "response".to_owned(),
            fields.as_slice(),
            0,
        ));
    }
    while let Some((at, path, fields, depth)) = stack.pop() {
        for (index, field) in fields.iter().enumerate() {
            let field_at = format!("{at}[{index}]");
            let field_path = format!("{path}.{}", field.name);
            visit(&field_at, &field_path, field);
            if let Some(name) = field.object.as_deref()
                && let Some(object) = file.objects.get(name)
                && depth < 8
            {
                stack.push((
                    format!("objects.{name}.fields"),
                    field_path,
                    object.fields.as_slice(),
                    depth + 1,
                ));
            }
        }
    }
}

/// One change to the file: line `line` (from 1, with its continuation lines) becomes `text`
/// (no trailing newline).
struct Edit {
    line: usize,
    text: String,
}

/// The edits replacing the description at `at` with `text`, marked as the page's.
fn field_edits(
    positions: &PositionIndex,
    at: &str,
    text: &str,
    has_marker: bool,
    default: TextSource,
) -> Vec<Edit> {
    let Some(position) = positions.exact(&format!("{at}.description")) else {
        return Vec::new();
    };
    let indent = " ".repeat(position.column.saturating_sub(1));
    // A JSON string is a YAML double-quoted scalar: any text fits on one line.
    let quoted = serde_json::to_string(text).unwrap_or_default();
    let mut text = format!("{indent}description: {quoted}");
    let mut edits = Vec::new();
    if has_marker {
        if let Some(marker) = positions.exact(&format!("{at}.description_source")) {
            edits.push(Edit {
                line: marker.line,
                text: format!("{indent}description_source: page"),
            });
        }
    } else if default == TextSource::Spec {
        // With the description, not after it: the old text's continuation lines go first.
        text.push_str(&format!("\n{indent}description_source: page"));
    }
    edits.push(Edit {
        line: position.line,
        text,
    });
    edits
}

/// `spec` with `edits` made. A replaced description's continuation lines (a block or folded
/// scalar) go with it: the lines after it indented deeper than its key, or blank.
fn apply(spec: &str, mut edits: Vec<Edit>) -> String {
    let mut lines: Vec<String> = spec.lines().map(str::to_owned).collect();
    // Bottom up, so that an edit never moves the lines of one still to come.
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.line));
    for edit in edits {
        let first = edit.line.saturating_sub(1);
        let Some(key_line) = lines.get(first) else {
            continue;
        };
        let depth = key_line.len() - key_line.trim_start().len();
        let mut end = first + 1;
        while let Some(line) = lines.get(end) {
            let deeper = line.len() - line.trim_start().len() > depth;
            if !(line.trim().is_empty() || deeper) {
                break;
            }
            end += 1;
        }
        // A blank line before the next key is layout, not the scalar's.
        while end > first + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        lines.splice(first..end, [edit.text]);
    }
    let mut out = lines.join("\n");
    if spec.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_scalar_goes_with_its_key_and_a_blank_line_stays() {
        let spec = "a:\n  description: |-\n    one\n    two\n\n  next: 1\n";
        let edit = Edit {
            line: 2,
            text: "  description: \"new\"".to_owned(),
        };
        assert_eq!(
            apply(spec, vec![edit]),
            "a:\n  description: \"new\"\n\n  next: 1\n"
        );
    }
}
