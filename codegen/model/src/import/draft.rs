//! What the importer makes of a page: a spec draft, in the shape of an endpoint file, with the
//! page line of every field kept for the notes.

use crate::spec::{
    EncryptedDef, EnumValueDef, ErrorRow, Examples, ImportNote, Location, Method, NumberKind,
    ProtocolHeader, Required, Source,
};

/// A spec draft of one page. [`crate::import::write_draft`] writes it as YAML that the loader
/// reads back into the same values.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The page title; empty when the page has none (and a note says so).
    pub title: String,
    /// The page's introduction.
    pub summary: Option<String>,
    /// The request method.
    pub method: Method,
    /// The request path, `{name}` for a path parameter.
    pub path: String,
    /// `true` for GET only, `false` otherwise, so that the client retries nothing else before
    /// someone has read the page for it.
    pub idempotent: bool,
    /// Every APIv3 answer with a JSON body is signed.
    pub signed_response: bool,
    /// Where the page comes from and what else it says.
    pub source: Source,
    /// Headers the page lists that the runtime sets itself.
    pub protocol_headers: Vec<ProtocolHeader>,
    /// The request fields, in page order.
    pub request: Vec<DraftField>,
    /// The 二选一 groups of the request.
    pub one_of: Vec<DraftOneOf>,
    /// The success status the page names, when it is not 200.
    pub response_status: Option<u16>,
    /// The response fields in page order; `None` for an answer without a body.
    pub response: Option<Vec<DraftField>>,
    /// Object types made of the page's nested tables, in page order.
    pub objects: Vec<DraftObject>,
    /// Enums made of the page's value lists, in page order.
    pub enums: Vec<DraftEnum>,
    /// The page's error tables, row by row.
    pub errors: Vec<ErrorRow>,
    /// The page's example URL and JSON bodies.
    pub examples: Examples,
    /// The decisions the page left open.
    pub notes: Vec<ImportNote>,
}

/// One row of a parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftField {
    /// The wire name.
    pub name: String,
    /// The Chinese title.
    pub title: String,
    /// Where a request field travels; `None` on responses and inside objects.
    pub location: Option<Location>,
    /// The type as the spec writes it (`string[1,32]`, `int`, `array`).
    pub ty: String,
    /// Required, optional, or a member of a 二选一 group.
    pub required: Required,
    /// The description, without its example and location word.
    pub description: String,
    /// The 示例值.
    pub example: Option<String>,
    /// The local enum the field's value list became.
    pub enum_name: Option<String>,
    /// A shared format the description names (`rfc3339`).
    pub format: Option<String>,
    /// The characters the description allows.
    pub charset: Option<String>,
    /// The object type of an `object` field or of an array's items.
    pub object: Option<String>,
    /// The type of an array's items when they are not objects.
    pub items: Option<String>,
    /// An object the page gives no properties.
    pub free_form: bool,
    /// How a `number` column is read.
    pub number: Option<NumberKind>,
    /// Whether the description says the value travels encrypted.
    pub encrypted: Option<EncryptedDef>,
    /// The page line the row starts on.
    pub line: usize,
}

/// A 二选一 group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOneOf {
    /// A name made of the members' (`order_id_or_out_order_no`); the spec's author names it by
    /// meaning.
    pub name: String,
    /// The members' wire names, in page order.
    pub members: Vec<String>,
    /// The sentence of the page that states the choice.
    pub description: Option<String>,
}

/// An object type: the rows of one nested table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftObject {
    /// Its name in the draft, made of the field's.
    pub name: String,
    /// The title of the field holding it.
    pub title: String,
    /// Its fields, in page order.
    pub fields: Vec<DraftField>,
}

/// An enum: the value list of one row.
#[derive(Debug, Clone)]
pub struct DraftEnum {
    /// Its name in the draft, made of the field's.
    pub name: String,
    /// The field's title.
    pub title: String,
    /// The field's description up to the list.
    pub description: Option<String>,
    /// The values, in page order.
    pub values: Vec<EnumValueDef>,
}
