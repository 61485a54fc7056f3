//! The checked model of an API: the one structure every emitter reads.
//!
//! Everything here has been resolved and checked: names are Rust-ready, references point at
//! definitions that exist, lengths are possible. Emitters never see YAML.

pub use crate::spec::{
    Erratum, ErrorRow, HistoryEntry, LengthUnit, Location, Method, ProtocolHeader,
};

/// The whole API: shared definitions and every endpoint, in a fixed order.
#[derive(Debug, Clone)]
pub struct Api {
    /// The spec-wide default length unit and why.
    pub length_unit: LengthUnit,
    /// Why the default length unit is what it is.
    pub length_unit_reason: String,
    /// Definitions in `spec/shared/`.
    pub shared: Definitions,
    /// The public error codes that apply to every endpoint.
    pub common_errors: Vec<ErrorRow>,
    /// Endpoints sorted by namespace, then operation name.
    pub endpoints: Vec<Endpoint>,
}

/// Enums and objects defined together (in `shared/`, or local to one endpoint).
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    /// Sorted by spec name.
    pub enums: Vec<Enum>,
    /// Sorted by spec name.
    pub objects: Vec<Object>,
}

/// Where a definition lives, which decides the Rust path it is reached by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `spec/shared/`: emitted once into the `shared` module.
    Shared,
    /// Local to the endpoint file with this index in [`Api::endpoints`].
    Endpoint(usize),
    /// The project's own shared definitions, used by a user's spec: emitted by the checked-in
    /// crate, never again.
    Base,
}

/// One endpoint: one documentation page.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The spec file, relative to the spec root, with `/` separators.
    pub spec_file: String,
    /// Module path segments (`["ecommerce", "profitsharing"]`).
    pub namespace: Vec<String>,
    /// Operation name (`query_return_order`), the client method.
    pub operation: String,
    /// Page title.
    pub title: String,
    /// Page introduction.
    pub summary: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// Path template with `{name}` placeholders.
    pub path: String,
    /// Whether a retry is safe.
    pub idempotent: bool,
    /// Whether 2xx responses are signed.
    pub signed_response: bool,
    /// Provenance.
    pub source: Source,
    /// Headers the page lists that the runtime sets.
    pub protocol_headers: Vec<ProtocolHeader>,
    /// The request.
    pub request: Request,
    /// The response.
    pub response: Object,
    /// How to tell that the resource is still in progress, when the spec says.
    pub poll: Option<Poll>,
    /// Local enums and objects.
    pub definitions: Definitions,
    /// The page's error-code table.
    pub errors: Vec<ErrorRow>,
    /// The example request URL.
    pub request_url_example: Option<String>,
    /// Example responses, `(status, body)`.
    pub response_examples: Vec<(u16, String)>,
    /// Contradictions and decisions.
    pub errata: Vec<Erratum>,
}

/// The pending states of a response, from `response.poll`.
#[derive(Debug, Clone)]
pub struct Poll {
    /// Index into the response's fields of the enum field to watch.
    pub field: usize,
    /// The enum the field takes.
    pub enum_ref: TypeRef,
    /// The pending values: (Rust variant name, wire value).
    pub pending: Vec<(String, String)>,
}

/// Provenance of an endpoint.
#[derive(Debug, Clone)]
pub struct Source {
    /// Saved page file name.
    pub document: String,
    /// Page address.
    pub url: Option<String>,
    /// 适用对象 / 支持商户.
    pub applicable_to: Vec<String>,
    /// 更新时间.
    pub updated: Option<String>,
    /// Current version.
    pub version: Option<String>,
    /// 版本说明.
    pub history: Vec<HistoryEntry>,
    /// Other notes.
    pub notes: Vec<String>,
}

/// A request: its fields in table order and its one-of groups.
#[derive(Debug, Clone)]
pub struct Request {
    /// Rust type name (`QueryReturnOrderRequest`).
    pub rust_name: String,
    /// Fields in table order, one-of members included.
    pub fields: Vec<Field>,
    /// 二选一 groups.
    pub one_of: Vec<OneOf>,
}

/// A 二选一 group, emitted as an enum.
#[derive(Debug, Clone)]
pub struct OneOf {
    /// Spec name (`order_ref`); also the request's Rust field name.
    pub name: String,
    /// Rust enum name (`OrderRef`).
    pub rust_name: String,
    /// What the page says.
    pub description: Option<String>,
    /// Indices into [`Request::fields`], in table order.
    pub members: Vec<usize>,
}

/// A struct: a response or a nested object.
#[derive(Debug, Clone)]
pub struct Object {
    /// Spec name.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Fields in table order.
    pub fields: Vec<Field>,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Field {
    /// Wire name.
    pub wire_name: String,
    /// Rust field name (a valid identifier, never a keyword).
    pub rust_name: String,
    /// 参数名.
    pub title: String,
    /// Description.
    pub description: String,
    /// 示例值 as written, unless an erratum set it aside.
    pub example: Option<String>,
    /// The type column as written.
    pub doc_type: String,
    /// Location (requests only).
    pub location: Option<Location>,
    /// Presence.
    pub presence: Presence,
    /// The value's type.
    pub ty: Type,
    /// Length limits for strings.
    pub length: Option<Length>,
    /// Allowed characters for strings.
    pub charset: Option<Charset>,
}

/// Whether a field is always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present.
    Required,
    /// May be absent.
    Optional,
    /// A member of the one-of group with this index in [`Request::one_of`].
    OneOf(usize),
}

/// Length limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    /// Minimum, when given.
    pub min: Option<u64>,
    /// Maximum, when given.
    pub max: Option<u64>,
    /// How it is counted.
    pub unit: LengthUnit,
}

/// A value type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// A string.
    String,
    /// An integer (`i64`).
    Integer,
    /// A boolean.
    Bool,
    /// An RFC 3339 time with offset.
    DateTime,
    /// An enum.
    Enum(TypeRef),
    /// An object.
    Object(TypeRef),
    /// An array.
    Array(Box<Type>),
}

/// A reference to a named definition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeRef {
    /// Where it is defined.
    pub scope: Scope,
    /// Its Rust name.
    pub rust_name: String,
}

/// An enum with known values and a catch-all.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Spec name.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Values in table order.
    pub values: Vec<EnumValue>,
}

/// A known enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Canonical spelling.
    pub value: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Chinese meaning.
    pub meaning: String,
    /// Other spellings read as this value.
    pub aliases: Vec<String>,
}

impl Api {
    /// The enums and objects of `scope`.
    pub fn definitions(&self, scope: &Scope) -> &Definitions {
        static NONE: Definitions = Definitions {
            enums: Vec::new(),
            objects: Vec::new(),
        };
        match scope {
            Scope::Shared => &self.shared,
            Scope::Endpoint(index) => &self.endpoints[*index].definitions,
            Scope::Base => &NONE,
        }
    }

    /// The enum a reference names.
    pub fn enum_def(&self, reference: &TypeRef) -> Option<&Enum> {
        self.definitions(&reference.scope)
            .enums
            .iter()
            .find(|e| e.rust_name == reference.rust_name)
    }

    /// Every distinct error-code row: the public ones, then each endpoint's in order. A code may
    /// stand in several rows when pages describe it differently.
    pub fn all_error_codes(&self) -> Vec<&ErrorRow> {
        let mut rows: Vec<&ErrorRow> = Vec::new();
        for row in self
            .common_errors
            .iter()
            .chain(self.endpoints.iter().flat_map(|e| &e.errors))
        {
            let same = |known: &&ErrorRow| {
                (
                    known.status,
                    &known.code,
                    &known.description,
                    &known.solution,
                ) == (row.status, &row.code, &row.description, &row.solution)
            };
            if !rows.iter().any(same) {
                rows.push(row);
            }
        }
        rows
    }
}

/// A character class such as `0-9A-Za-z_*@-`, parsed once when the spec is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charset {
    /// The class as the spec writes it.
    pub class: String,
    /// Its inclusive ranges.
    pub ranges: Vec<(char, char)>,
}

impl Charset {
    /// The first character of `text` outside the class.
    pub fn first_outside(&self, text: &str) -> Option<char> {
        text.chars()
            .find(|c| !self.ranges.iter().any(|(lo, hi)| (lo..=hi).contains(&c)))
    }
}

impl Field {
    /// Why `text` breaks this field's length or charset, if it does: the one rule both the
    /// spec checker (for examples) and the mock server (for requests) apply.
    pub fn text_problem(&self, text: &str) -> Option<String> {
        if let Some(length) = self.length {
            let actual = match length.unit {
                LengthUnit::Chars => text.chars().count(),
                LengthUnit::Bytes => text.len(),
            } as u64;
            if length.min.is_some_and(|min| actual < min)
                || length.max.is_some_and(|max| actual > max)
            {
                return Some(format!("length {actual} is outside `{}`", self.doc_type));
            }
        }
        let charset = self.charset.as_ref()?;
        charset
            .first_outside(text)
            .map(|c| format!("`{c}` is not allowed: only {}", charset.class))
    }
}
