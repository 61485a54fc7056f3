//! The draft as YAML, in the order and style of the project's specs, its open questions first.
//! Written through a small tree of mappings, lists and scalars, so that nesting and quoting are
//! decided in one place (`yaml_text`) and every value reads back as written.

use super::draft::{Draft, DraftEnum, DraftField, DraftObject, DraftOneOf};
use super::yaml_text::{quoted_scalar, scalar};
use crate::spec::{
    EncryptedDef, ErrorRow, HistoryEntry, ImportNote, NumberKind, ProtocolHeader, Required,
};

/// A YAML value.
enum Node {
    /// Text, quoted as it needs.
    Text(String),
    /// Text always quoted (examples, dates).
    Quoted(String),
    /// A word or number written as it is (`true`, `one_of`, `200`).
    Word(String),
    /// A mapping, in order; entries whose value is `None` are left out.
    Map(Vec<(&'static str, Option<Node>)>),
    /// A mapping with keys of the draft's own (object and enum names).
    Named(Vec<(String, Node)>),
    /// A list.
    List(Vec<Node>),
}

fn text(value: &str) -> Option<Node> {
    Some(Node::Text(value.to_owned()))
}

fn word(value: impl ToString) -> Option<Node> {
    Some(Node::Word(value.to_string()))
}

fn list<T>(items: &[T], each: impl Fn(&T) -> Node) -> Option<Node> {
    Some(Node::List(items.iter().map(each).collect()))
}

/// The draft as the text of a spec file.
pub fn write_draft(draft: &Draft) -> String {
    let mut out = String::from(
        "# A draft written by `wechatpay-codegen import` from the page in source.document.\n\
         # Settle each import note (recording an erratum where the page is contradicted), delete\n\
         # it, rename the types by meaning, and decide idempotent; lint refuses the file while a\n\
         # note remains.\n",
    );
    render_entries(&top(draft), 0, &mut out);
    out
}

fn top(draft: &Draft) -> Vec<(&'static str, Option<Node>)> {
    vec![
        (
            "import_notes",
            (!draft.notes.is_empty())
                .then(|| list(&draft.notes, note))
                .flatten(),
        ),
        ("title", text(&draft.title)),
        ("summary", draft.summary.as_deref().and_then(text)),
        ("method", word(draft.method.as_str())),
        ("path", text(&draft.path)),
        ("idempotent", word(draft.idempotent)),
        ("signed_response", word(draft.signed_response)),
        ("source", Some(source(draft))),
        (
            "protocol_headers",
            (!draft.protocol_headers.is_empty())
                .then(|| list(&draft.protocol_headers, header))
                .flatten(),
        ),
        (
            "request",
            Some(Node::Map(vec![
                ("fields", list(&draft.request, field)),
                (
                    "one_of",
                    (!draft.one_of.is_empty())
                        .then(|| list(&draft.one_of, one_of))
                        .flatten(),
                ),
            ])),
        ),
        (
            "response",
            Some(Node::Map(vec![
                ("status", draft.response_status.and_then(word)),
                (
                    "fields",
                    draft
                        .response
                        .as_ref()
                        .and_then(|fields| list(fields, field)),
                ),
            ])),
        ),
        (
            "objects",
            (!draft.objects.is_empty())
                .then(|| Node::Named(draft.objects.iter().map(object).collect())),
        ),
        (
            "enums",
            (!draft.enums.is_empty())
                .then(|| Node::Named(draft.enums.iter().map(enum_def).collect())),
        ),
        (
            "errors",
            (!draft.errors.is_empty())
                .then(|| list(&draft.errors, error))
                .flatten(),
        ),
        ("examples", examples(draft)),
    ]
}

fn note(note: &ImportNote) -> Node {
    Node::Map(vec![
        ("line", word(note.line)),
        ("at", text(&note.at)),
        ("issue", text(&note.issue)),
    ])
}

fn source(draft: &Draft) -> Node {
    let source = &draft.source;
    Node::Map(vec![
        ("document", source.document.as_deref().and_then(text)),
        (
            "applicable_to",
            (!source.applicable_to.is_empty())
                .then(|| list(&source.applicable_to, |s| Node::Text(s.clone())))
                .flatten(),
        ),
        ("updated", source.updated.clone().map(Node::Quoted)),
        ("version", source.version.as_deref().and_then(text)),
        (
            "history",
            (!source.history.is_empty())
                .then(|| list(&source.history, history))
                .flatten(),
        ),
        (
            "notes",
            (!source.notes.is_empty())
                .then(|| list(&source.notes, |s| Node::Text(s.clone())))
                .flatten(),
        ),
    ])
}

fn history(entry: &HistoryEntry) -> Node {
    Node::Map(vec![
        ("version", text(&entry.version)),
        ("date", Some(Node::Quoted(entry.date.clone()))),
        ("changes", text(&entry.changes)),
    ])
}

fn header(header: &ProtocolHeader) -> Node {
    Node::Map(vec![
        ("name", text(&header.name)),
        ("required", word(header.required)),
        ("type", text(&header.ty)),
        ("description", text(&header.description)),
    ])
}

fn field(field: &DraftField) -> Node {
    let required = match field.required {
        Required::Yes => "true",
        Required::No => "false",
        Required::OneOf => "one_of",
    };
    let encrypted = field.encrypted.map(|e| match e {
        EncryptedDef::Yes => "true",
        EncryptedDef::Plaintext => "plaintext",
        EncryptedDef::Ciphertext => "ciphertext",
    });
    Node::Map(vec![
        ("name", text(&field.name)),
        ("title", text(&field.title)),
        ("in", field.location.and_then(|l| word(l.as_str()))),
        ("type", text(&field.ty)),
        ("required", word(required)),
        ("description", text(&field.description)),
        ("example", field.example.clone().map(Node::Quoted)),
        ("enum", field.enum_name.as_deref().and_then(text)),
        ("format", field.format.as_deref().and_then(text)),
        ("charset", field.charset.clone().map(Node::Quoted)),
        ("object", field.object.as_deref().and_then(text)),
        ("items", field.items.as_deref().and_then(text)),
        ("free_form", field.free_form.then(|| word(true)).flatten()),
        (
            "number",
            field.number.and_then(|n| {
                word(match n {
                    NumberKind::Integer => "integer",
                    NumberKind::Decimal => "decimal",
                })
            }),
        ),
        ("encrypted", encrypted.and_then(word)),
    ])
}

fn one_of(group: &DraftOneOf) -> Node {
    Node::Map(vec![
        ("name", text(&group.name)),
        ("members", list(&group.members, |m| Node::Text(m.clone()))),
        ("description", group.description.as_deref().and_then(text)),
    ])
}

fn object(object: &DraftObject) -> (String, Node) {
    let node = Node::Map(vec![
        ("title", text(&object.title)),
        ("fields", list(&object.fields, field)),
    ]);
    (object.name.clone(), node)
}

fn enum_def(def: &DraftEnum) -> (String, Node) {
    let node = Node::Map(vec![
        ("title", text(&def.title)),
        ("description", def.description.as_deref().and_then(text)),
        (
            "values",
            list(&def.values, |v| {
                Node::Map(vec![
                    ("value", text(&v.value)),
                    ("meaning", text(&v.meaning)),
                ])
            }),
        ),
    ]);
    (def.name.clone(), node)
}

fn error(row: &ErrorRow) -> Node {
    Node::Map(vec![
        ("status", word(row.status)),
        ("code", text(&row.code)),
        ("description", text(&row.description)),
        ("solution", text(&row.solution)),
    ])
}

fn examples(draft: &Draft) -> Option<Node> {
    let examples = &draft.examples;
    let empty = examples.request_url.is_none()
        && examples.request_body.is_none()
        && examples.responses.is_empty();
    (!empty).then(|| {
        Node::Map(vec![
            (
                "request_url",
                examples.request_url.as_deref().and_then(text),
            ),
            (
                "request_body",
                examples.request_body.as_deref().and_then(text),
            ),
            (
                "responses",
                (!examples.responses.is_empty())
                    .then(|| {
                        list(&examples.responses, |r| {
                            Node::Map(vec![("status", word(r.status)), ("body", text(&r.body))])
                        })
                    })
                    .flatten(),
            ),
        ])
    })
}

/// Writes a mapping's entries at `indent`.
fn render_entries(entries: &[(&'static str, Option<Node>)], indent: usize, out: &mut String) {
    let mut first = true;
    for (key, value) in entries {
        if let Some(value) = value {
            render_entry(key, value, indent, first && out.ends_with("- "), out);
            first = false;
        }
    }
}

/// Writes `key: value`; `inline` when the entry follows a list's `- ` on the same line.
fn render_entry(key: &str, value: &Node, indent: usize, inline: bool, out: &mut String) {
    if !inline {
        out.push_str(&" ".repeat(indent));
    }
    out.push_str(key);
    out.push(':');
    match value {
        Node::Text(text) => {
            out.push(' ');
            out.push_str(&scalar(text, indent));
            out.push('\n');
        }
        Node::Quoted(text) => {
            out.push(' ');
            out.push_str(&quoted_scalar(text));
            out.push('\n');
        }
        Node::Word(word) => {
            out.push(' ');
            out.push_str(word);
            out.push('\n');
        }
        Node::Map(entries) if entries.iter().all(|(_, v)| v.is_none()) => out.push_str(" {}\n"),
        Node::Map(entries) => {
            out.push('\n');
            render_entries(entries, indent + 2, out);
        }
        Node::Named(entries) => {
            out.push('\n');
            for (name, node) in entries {
                render_entry(&scalar(name, indent + 2), node, indent + 2, false, out);
            }
        }
        Node::List(items) if items.is_empty() => out.push_str(" []\n"),
        Node::List(items) => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str("- ");
                match item {
                    Node::Map(entries) => render_entries(entries, indent + 4, out),
                    Node::Text(text) => {
                        out.push_str(&scalar(text, indent + 2));
                        out.push('\n');
                    }
                    other => render_entry("value", other, indent + 4, true, out),
                }
            }
        }
    }
}
