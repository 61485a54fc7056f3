//! Rows into a tree. A row followed by `属性` (or a `+` row followed by a sub-table) holds the
//! rows after it; where they stop, the page marks only sometimes. Indented rows mark it: a row
//! indented no deeper than the holder closes the holder. Without indentation, the example
//! bodies decide: a row stays in the innermost open holder whose example object has its name,
//! else it goes to the nearest outer one that has it; when no example shows it, it stays, and a
//! note says so. Every end of a holder that is inferred is noted.

use serde_json::{Map, Value};

use super::rows::RawRow;

/// How deep holders may nest; rows deeper stay at this depth, noted.
pub(crate) const MAX_DEPTH: usize = 8;

/// A row and the rows it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// The row.
    pub(crate) row: RawRow,
    /// The rows it holds, in page order.
    pub(crate) children: Vec<Node>,
    /// What was inferred about where its rows end: a page line and the issue.
    pub(crate) notes: Vec<(usize, String)>,
}

/// An open holder while rows are read.
struct Frame<'e> {
    node: Option<Node>,
    children: Vec<Node>,
    example: Option<&'e Map<String, Value>>,
    /// Whether its rows are indented deeper than it: known at its first row.
    indented: bool,
    /// Whether a row already stayed in it without an example to show it belongs.
    unshown_noted: bool,
}

impl<'e> Frame<'e> {
    fn new(node: Option<Node>, example: Option<&'e Map<String, Value>>) -> Self {
        Self {
            node,
            children: Vec::new(),
            example,
            indented: false,
            unshown_noted: false,
        }
    }

    fn has(&self, name: &str) -> bool {
        self.example.is_some_and(|e| e.contains_key(name))
    }

    fn label(&self) -> String {
        self.node.as_ref().map_or_else(
            || "the top level".to_owned(),
            |n| format!("`{}`", n.row.name),
        )
    }
}

/// The example object of a field named `name` in `parent`: an object, or an array's first
/// object.
fn child_example<'e>(
    parent: Option<&'e Map<String, Value>>,
    name: &str,
) -> Option<&'e Map<String, Value>> {
    match parent?.get(name)? {
        Value::Object(object) => Some(object),
        Value::Array(items) => items.iter().find_map(Value::as_object),
        _ => None,
    }
}

/// The rows as a tree, the example body (`example`) deciding where unmarked holders end.
pub(crate) fn nest(rows: Vec<RawRow>, example: Option<&Value>) -> Vec<Node> {
    let mut stack = vec![Frame::new(None, example.and_then(Value::as_object))];
    let mut opening = false;
    for row in rows {
        let depth = stack.len();
        if opening && depth <= MAX_DEPTH {
            open_holder(&mut stack, &row);
        } else if opening {
            if let Some(holder) = stack.last_mut().and_then(|top| top.children.last_mut()) {
                holder.notes.push((
                    row.line,
                    format!("nested more than {MAX_DEPTH} levels deep: the rows after it are kept beside it"),
                ));
            }
        } else {
            close_holders(&mut stack, &row);
        }
        opening = row.opens;
        if let Some(top) = stack.last_mut() {
            top.children.push(Node {
                row,
                children: Vec::new(),
                notes: Vec::new(),
            });
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// Opens a holder for the last row read, whose first row is `row`.
fn open_holder(stack: &mut Vec<Frame>, row: &RawRow) {
    let Some(top) = stack.last_mut() else { return };
    let Some(holder) = top.children.pop() else {
        return;
    };
    let example = child_example(top.example, &holder.row.name);
    let indented = matches!(
        (row.indent, holder.row.indent),
        (Some(inner), Some(outer)) if inner > outer
    );
    let mut frame = Frame::new(Some(holder), example);
    frame.indented = indented;
    stack.push(frame);
}

/// Closes the holders `row` does not belong to, by indentation or by the examples.
fn close_holders(stack: &mut Vec<Frame>, row: &RawRow) {
    while let [outers @ .., top] = stack.as_mut_slice() {
        if outers.is_empty() {
            return;
        }
        let holder_indent = top.node.as_ref().and_then(|n| n.row.indent);
        if top.indented {
            match (row.indent, holder_indent) {
                (Some(inner), Some(outer)) if inner <= outer => {
                    pop(stack);
                    continue;
                }
                _ => return,
            }
        }
        if top.has(&row.name) {
            return;
        }
        let Some(outer) = outers.iter().rposition(|f| f.has(&row.name)) else {
            if !top.unshown_noted {
                top.unshown_noted = true;
                if let Some(node) = top.node.as_mut() {
                    let issue = format!(
                        "the page does not mark where the fields of `{}` end, and no example shows \
                         whether `{}` (and the rows after it) belong to it: kept inside",
                        node.row.name, row.name
                    );
                    node.notes.push((row.line, issue));
                }
            }
            return;
        };
        let to = outers[outer].label();
        if let Some(node) = top.node.as_mut() {
            let issue = format!(
                "the page does not mark where the fields of `{}` end; the example has `{}` at \
                 {to}, so they end before it",
                node.row.name, row.name
            );
            node.notes.push((row.line, issue));
        }
        while stack.len() > outer + 1 {
            pop(stack);
        }
        return;
    }
}

/// Closes the innermost holder into its parent.
fn pop(stack: &mut Vec<Frame>) {
    if let Some(frame) = stack.pop()
        && let Some(mut node) = frame.node
    {
        node.children = frame.children;
        if let Some(parent) = stack.last_mut() {
            parent.children.push(node);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::rows::Cell;

    fn row(name: &str, opens: bool, indent: Option<usize>) -> RawRow {
        let mut row = RawRow::new(1, name, "string", Cell::Given("是".into()));
        row.opens = opens;
        row.indent = indent;
        row
    }

    fn shape(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|n| {
                if n.children.is_empty() {
                    n.row.name.clone()
                } else {
                    format!("{}({})", n.row.name, shape(&n.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_example_closes_unmarked_holders() {
        let example: Value = serde_json::json!({
            "id": "1", "plan": {"name": "n", "stages": [{"no": 1}], "remark": "r"}, "url": "u"
        });
        let rows = vec![
            row("id", false, None),
            row("plan", true, None),
            row("name", false, None),
            row("stages", true, None),
            row("no", false, None),
            row("amount", false, None),
            row("remark", false, None),
            row("url", false, None),
        ];
        let tree = nest(rows, Some(&example));
        assert_eq!(shape(&tree), "id plan(name stages(no amount) remark) url");
        let plan = &tree[1];
        let stages = &plan.children[1];
        assert_eq!(plan.notes.len(), 1, "{:?}", plan.notes);
        assert_eq!(stages.notes.len(), 2, "{:?}", stages.notes);
    }

    #[test]
    fn indentation_closes_holders_without_notes() {
        let rows = vec![
            row("plan", true, Some(1)),
            row("name", false, Some(3)),
            row("stages", true, Some(3)),
            row("no", false, Some(5)),
            row("remark", false, Some(3)),
            row("url", false, Some(1)),
        ];
        let tree = nest(rows, None);
        assert_eq!(shape(&tree), "plan(name stages(no) remark) url");
        assert!(
            tree.iter()
                .all(|n| n.notes.is_empty() && n.children.iter().all(|c| c.notes.is_empty()))
        );
    }
}
