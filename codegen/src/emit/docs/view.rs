//! What a reference page shows, every value already decided: the templates only lay it out.
//!
//! Each struct is plain data for minijinja. Texts are final (Markdown table cells escaped, limits
//! in words, Rust types spelt out), so that no template ever derives a name, a type or a rule.

use serde::Serialize;

/// The index page: every family with its endpoints and notifications.
#[derive(Debug, Serialize)]
pub struct IndexView {
    /// The generated-file marker, as an HTML comment.
    pub header: String,
    /// Families (namespaces) in model order.
    pub families: Vec<FamilyView>,
}

/// One family (namespace) in the index.
#[derive(Debug, Serialize)]
pub struct FamilyView {
    /// The namespace as a module path (`ecommerce::profitsharing`).
    pub name: String,
    /// The cargo feature that compiles it (`ecommerce-profitsharing`).
    pub feature: String,
    /// Its endpoints and notifications.
    pub pages: Vec<PageLink>,
}

/// One line of the index.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// The page title.
    pub title: String,
    /// `METHOD /path`, or `notification` for a notification.
    pub route: String,
    /// The page's path relative to the index.
    pub link: String,
    /// 更新时间, or an empty text.
    pub updated: String,
}

/// One endpoint's or notification's page.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// The generated-file marker, as an HTML comment.
    pub header: String,
    /// The page title.
    pub title: String,
    /// `notification` or `endpoint`.
    pub kind: &'static str,
    /// The introduction, when the page has one.
    pub summary: Option<String>,
    /// Facts listed under the title: (heading, Markdown text).
    pub facts: Vec<(String, String)>,
    /// The link back to the index, relative to this page.
    pub index_link: String,
    /// The request's tables, one per location that has fields.
    pub request_tables: Vec<TableView>,
    /// Notes about the request (an upload's file, the one-of groups).
    pub request_notes: Vec<String>,
    /// What a success looks like: status, type and notes.
    pub response_notes: Vec<String>,
    /// The response's fields (empty when the answer has none).
    pub response: Option<TableView>,
    /// Objects the fields reach, each with its table.
    pub objects: Vec<TableView>,
    /// Enums the fields reach.
    pub enums: Vec<EnumView>,
    /// The error table, the page's rows then the assumed public ones.
    pub errors: Vec<ErrorView>,
    /// How many rows of `errors` are assumed rather than printed on the page.
    pub assumed_errors: usize,
    /// Contradictions in the page and what the spec decided.
    pub errata: Vec<ErratumView>,
    /// The page's examples.
    pub examples: Vec<ExampleView>,
    /// The Rust that calls the endpoint, when it has a call.
    pub snippet: Option<String>,
    /// Why there is no snippet, when there is none.
    pub snippet_note: Option<String>,
}

/// A table of fields.
#[derive(Debug, Serialize)]
pub struct TableView {
    /// Its heading (`Query parameters`, or an object's Rust name and title).
    pub heading: String,
    /// The anchor other tables link to, when it is an object's.
    pub anchor: Option<String>,
    /// The rows in table order.
    pub rows: Vec<RowView>,
}

/// One field, each cell ready for a Markdown table.
#[derive(Debug, Serialize)]
pub struct RowView {
    /// The wire name, in code.
    pub name: String,
    /// 参数名: the page's Chinese title.
    pub title: String,
    /// The type column as the page writes it, in code.
    pub doc_type: String,
    /// The Rust type, linking to the object or enum it names on this page.
    pub rust_type: String,
    /// Required, optional, or which one-of group.
    pub required: String,
    /// Length, characters, pattern and item rules in words.
    pub limits: String,
    /// Whether and how it is encrypted, or an empty text.
    pub encryption: String,
    /// The description and the example.
    pub description: String,
}

/// An enum and its values.
#[derive(Debug, Serialize)]
pub struct EnumView {
    /// The Rust name.
    pub rust_name: String,
    /// Its anchor on the page.
    pub anchor: String,
    /// The title.
    pub title: String,
    /// Integer or string values on the wire.
    pub wire: String,
    /// Values in table order.
    pub values: Vec<EnumValueView>,
}

/// One enum value.
#[derive(Debug, Serialize)]
pub struct EnumValueView {
    /// The canonical spelling, in code.
    pub value: String,
    /// The Rust variant.
    pub rust_name: String,
    /// The meaning the page gives.
    pub meaning: String,
    /// Other spellings read as this value, or an empty text.
    pub aliases: String,
}

/// One error row.
#[derive(Debug, Serialize)]
pub struct ErrorView {
    /// HTTP status.
    pub status: u16,
    /// The code, in code.
    pub code: String,
    /// The Rust variant of `ErrorCode`.
    pub rust_name: String,
    /// 描述.
    pub description: String,
    /// 解决方案.
    pub solution: String,
    /// `page`, or `assumed` for a public code the page does not print.
    pub origin: &'static str,
}

/// One erratum.
#[derive(Debug, Serialize)]
pub struct ErratumView {
    /// What it applies to.
    pub at: String,
    /// What the page says.
    pub doc_says: String,
    /// What the spec does.
    pub decision: String,
    /// Why.
    pub reason: String,
}

/// One example.
#[derive(Debug, Serialize)]
pub struct ExampleView {
    /// What it is (`Request body`, `Response 200`).
    pub caption: String,
    /// The fence's language.
    pub language: &'static str,
    /// The text as the spec holds it.
    pub text: String,
}
