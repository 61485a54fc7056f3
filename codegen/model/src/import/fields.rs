//! Rows into draft fields: cells read, the description taken apart, nested rows made into
//! object types, value lists into enums. Where the page leaves a choice, the field gets the
//! draft's decision and the draft a note (see `rules`).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::draft::{DraftField, DraftObject};
use super::naming::Names;
use super::nesting::Node;
use super::rows::Cell;
use super::types::{self, PageType};
use super::{draft::DraftEnum, text};
use crate::doc_type::Kind;
use crate::spec::{ImportNote, Method, Required};

/// Which table a row stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// 请求参数.
    Request,
    /// 应答参数.
    Response,
}

/// Where a table's fields go in the draft.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// The key path of the table (`request.fields`, `objects.plan.fields`).
    pub(crate) fields: String,
    /// The object the table makes, for a nested table.
    pub(crate) owner: Option<String>,
}

impl Place {
    /// A top table of the draft.
    pub(crate) fn top(fields: &str) -> Self {
        Self {
            fields: fields.to_owned(),
            owner: None,
        }
    }

    /// Whether the table is the request's or the response's own (not an object's).
    pub(crate) fn is_top(&self) -> bool {
        self.owner.is_none()
    }
}

/// Builds the fields of a page, collecting the types they make and the notes.
#[derive(Debug)]
pub(crate) struct Builder {
    /// The request method, which decides the location of a row the page gives none.
    pub(crate) method: Method,
    /// The path parameters.
    pub(crate) path_params: Vec<String>,
    /// Object types made so far.
    pub(crate) objects: Vec<DraftObject>,
    /// Enums made so far.
    pub(crate) enums: Vec<DraftEnum>,
    /// Each enum's place in `enums`, by its values and meanings, so that a list given twice
    /// makes one enum.
    pub(crate) enum_by_values: HashMap<Vec<(String, String)>, usize>,
    /// Each enum's place in `enums`, by name.
    pub(crate) enum_by_name: HashMap<String, usize>,
    /// The type names taken.
    pub(crate) names: Names,
    /// The notes.
    pub(crate) notes: Vec<ImportNote>,
}

impl Builder {
    /// A builder for a page of `method` and `path_params`.
    pub(crate) fn new(method: Method, path_params: Vec<String>) -> Self {
        Self {
            method,
            path_params,
            objects: Vec::new(),
            enums: Vec::new(),
            enum_by_values: HashMap::new(),
            enum_by_name: HashMap::new(),
            names: Names::default(),
            notes: Vec::new(),
        }
    }

    /// Records a note.
    pub(crate) fn note(&mut self, line: usize, at: &str, issue: impl Into<String>) {
        self.notes.push(ImportNote {
            line,
            at: at.to_owned(),
            issue: issue.into(),
        });
    }

    /// The fields of one table; `example` is the example body's object for it.
    pub(crate) fn table(
        &mut self,
        nodes: Vec<Node>,
        side: Side,
        place: &Place,
        example: Option<&Map<String, Value>>,
    ) -> Vec<DraftField> {
        if let Some(first) = nodes
            .iter()
            .find(|n| n.row.required == Cell::MissingInTable)
        {
            self.note(
                first.row.line,
                &place.fields,
                "the table announces a 必填 column that none of its rows fills: each row is \
                 drafted one_of where its description says 二选一 (requests), optional where it \
                 says when the field is present, required otherwise",
            );
        }
        nodes
            .into_iter()
            .map(|node| self.field(node, side, place, example))
            .collect()
    }

    /// One field, and the types its nested rows and value list make.
    fn field(
        &mut self,
        node: Node,
        side: Side,
        place: &Place,
        example: Option<&Map<String, Value>>,
    ) -> DraftField {
        let Node {
            row,
            children,
            notes,
        } = node;
        let at = format!("{}.{}", place.fields, row.name);
        let described = text::describe(&row.text, side == Side::Request && place.is_top());
        let title = row.title.as_deref().unwrap_or("");
        let title = title.trim_start_matches('+').trim().to_owned();
        if title.is_empty() {
            self.note(
                row.line,
                &format!("{at}.title"),
                "the row gives no title (参数名 or 【】): the draft's is empty",
            );
        }
        let mut field = DraftField {
            name: row.name.clone(),
            title,
            location: None,
            ty: row.ty.trim().to_owned(),
            required: Required::Yes,
            description: described.text.clone(),
            example: described.example.clone(),
            enum_name: None,
            format: None,
            charset: None,
            object: None,
            items: None,
            free_form: false,
            number: None,
            encrypted: None,
            line: row.line,
        };
        field.required = self.required(&row, &described.text, side, place, &at);
        if side == Side::Request && place.is_top() {
            field.location = Some(self.location(&row, described.location, &at));
        }
        let page_type = self.page_type(&mut field, !children.is_empty(), &at);
        let child_example = example.and_then(|e| child_object(e.get(&row.name)));
        if let Some(page_type) = &page_type {
            self.value_rules(&mut field, page_type, place, &at);
            self.example_fits(&field, page_type, &at);
        }
        self.nested(
            &mut field,
            page_type.as_ref(),
            children,
            side,
            place,
            child_example,
        );
        self.example_body_value(&field, example, &at);
        let holder_at = field
            .object
            .as_ref()
            .map_or_else(|| at.clone(), |object| format!("objects.{object}"));
        for (line, issue) in notes {
            self.note(line, &holder_at, issue);
        }
        field
    }

    /// The field's type read; a type the spec does not know is kept as written, noted.
    fn page_type(
        &mut self,
        field: &mut DraftField,
        has_children: bool,
        at: &str,
    ) -> Option<PageType> {
        match types::read(&field.ty) {
            Ok(page_type) => {
                field.ty.clone_from(&page_type.ty);
                field.items.clone_from(&page_type.items);
                Some(page_type)
            }
            Err(problem) if has_children => {
                self.note(
                    field.line,
                    &format!("{at}.type"),
                    format!("{problem}; rows follow it as its fields: drafted as object"),
                );
                field.ty = "object".to_owned();
                types::read("object").ok()
            }
            Err(problem) => {
                self.note(
                    field.line,
                    &format!("{at}.type"),
                    format!("{problem}: kept as written"),
                );
                None
            }
        }
    }

    /// The object type of nested rows, or what an object or array without them holds.
    fn nested(
        &mut self,
        field: &mut DraftField,
        page_type: Option<&PageType>,
        children: Vec<Node>,
        side: Side,
        place: &Place,
        example: Option<&Map<String, Value>>,
    ) {
        let kind = page_type.map(|t| t.kind);
        if children.is_empty() {
            match kind {
                Some(Kind::Object) => {
                    field.free_form = true;
                    let at = format!("{}.{}.free_form", place.fields, field.name);
                    let issue = "an object whose fields the page does not list: drafted \
                                 free_form (any JSON object)";
                    self.note(field.line, &at, issue);
                }
                Some(Kind::Array) if field.items.is_none() => {
                    field.items = Some("string".to_owned());
                    self.note(
                        field.line,
                        &format!("{}.{}.items", place.fields, field.name),
                        "the page does not say what the array holds: drafted as strings",
                    );
                }
                _ => {}
            }
            return;
        }
        if !matches!(kind, Some(Kind::Object | Kind::Array)) {
            self.note(
                field.line,
                &format!("{}.{}.type", place.fields, field.name),
                format!(
                    "the type says `{}`, but rows follow it as its fields: drafted as object",
                    field.ty
                ),
            );
            field.ty = "object".to_owned();
        }
        let base = if field.ty == "array" {
            format!("{}_item", field.name)
        } else {
            field.name.clone()
        };
        let name = self.names.claim(&base, place.owner.as_deref());
        let index = self.objects.len();
        self.objects.push(DraftObject {
            name: name.clone(),
            title: field.title.clone(),
            fields: Vec::new(),
        });
        let inner = Place {
            fields: format!("objects.{name}.fields"),
            owner: Some(name.clone()),
        };
        let fields = self.table(children, side, &inner, example);
        if let Some(object) = self.objects.get_mut(index) {
            object.fields = fields;
        }
        field.items = None;
        field.object = Some(name);
    }
}

/// The example object of a field's value: the object itself, or an array's first object.
fn child_object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value? {
        Value::Object(object) => Some(object),
        Value::Array(items) => items.iter().find_map(Value::as_object),
        _ => None,
    }
}
