//! The checked model of an API: the one structure every emitter reads.
//!
//! Everything here has been resolved and checked: names are Rust-ready, references point at
//! definitions that exist, lengths are possible. Emitters never see YAML.

pub use crate::path::{PathTemplate, Segment};
pub use crate::spec::{
    EnumBase, Erratum, ErrorRow, HistoryEntry, LengthUnit, Location, Method, OffsetUnit,
    ProtocolHeader, TextSource,
};
pub use wechatpay_rules::Charset;

/// The whole API: shared definitions and every endpoint, in a fixed order.
#[derive(Debug, Clone)]
pub struct Api {
    /// The spec-wide default length unit and why.
    pub length_unit: LengthUnit,
    /// Why the default length unit is what it is.
    pub length_unit_reason: String,
    /// Definitions in `spec/shared/`.
    pub shared: Definitions,
    /// For a user's specs: the project's own shared definitions ([`Scope::Base`]), which the
    /// checked-in crate emits; they are here to be looked up, never emitted again. Empty for
    /// the project's own specs.
    pub base: Definitions,
    /// The public error codes that apply to every endpoint.
    pub common_errors: Vec<ErrorRow>,
    /// Endpoints sorted by namespace, then operation name.
    pub endpoints: Vec<Endpoint>,
    /// Notifications sorted by namespace, then name.
    pub notifications: Vec<Notification>,
}

/// A notification WeChat Pay sends: its event types and its decrypted resource.
#[derive(Debug, Clone)]
pub struct Notification {
    /// The spec file, relative to the spec root, with `/` separators.
    pub spec_file: String,
    /// Module path segments of its namespace (`["ecommerce", "profitsharing"]`).
    pub namespace: Vec<String>,
    /// Its name: the file's stem (`profit_sharing_settled`), its module.
    pub name: String,
    /// Page title.
    pub title: String,
    /// Page introduction.
    pub summary: Option<String>,
    /// Provenance.
    pub source: Source,
    /// The `event_type` values, as an enum (string wire values, with a catch-all).
    pub event_type: Enum,
    /// The `resource.original_type` value it arrives with.
    pub original_type: String,
    /// The decrypted resource.
    pub resource: Object,
    /// The response name (in the namespace) whose records it reports, when the spec says.
    pub about: Option<String>,
    /// Local enums and objects.
    pub definitions: Definitions,
    /// Contradictions and decisions.
    pub errata: Vec<Erratum>,
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
    /// Local to the notification file with this index in [`Api::notifications`].
    Notification(usize),
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
    /// Path template with `{name}` placeholders, parsed.
    pub path: PathTemplate,
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
    /// The success status the page documents (200, 201, 202 or 204).
    pub success_status: u16,
    /// Whether a successful answer has no body (a 204, say): then `response` has no fields and
    /// stands for nothing the caller decodes.
    pub empty_response: bool,
    /// The response.
    pub response: Object,
    /// How a list endpoint pages, when it does.
    pub paging: Option<Paging>,
    /// What the answer is when it is not a plain JSON resource: a download ticket, or the file.
    pub download: Option<Download>,
    /// How to tell that the resource is still in progress, when the spec says.
    pub poll: Option<Poll>,
    /// Local enums and objects.
    pub definitions: Definitions,
    /// The page's error-code table.
    pub errors: Vec<ErrorRow>,
    /// The example request URL.
    pub request_url_example: Option<String>,
    /// The example request body (JSON), checked against the body fields.
    pub request_body_example: Option<String>,
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
    /// The pending values, as the enum defines them.
    pub pending: Vec<EnumValue>,
}

/// An answer that leads to a file.
#[derive(Debug, Clone)]
pub enum Download {
    /// A JSON ticket: the file is fetched from its URL and checked against its hash.
    Ticket(Ticket),
    /// The answer is the file itself, in one of these media types (as the page lists them).
    File {
        /// The media types.
        content_types: Vec<String>,
    },
}

/// The fields of a download ticket, by index into the response's fields.
#[derive(Debug, Clone)]
pub struct Ticket {
    /// The URL to fetch the file from.
    pub url: usize,
    /// The hash algorithm's name.
    pub hash_type: usize,
    /// The expected hash.
    pub hash_value: usize,
    /// The request field (by index) and value asking for a gzip file.
    pub gzip_when: Option<(usize, String)>,
}

/// A file sent as multipart/form-data.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The largest file allowed, in bytes.
    pub max_bytes: u64,
    /// The media types allowed.
    pub content_types: Vec<String>,
}

/// How a list endpoint pages, by field indices.
#[derive(Debug, Clone)]
pub struct Paging {
    /// Index into the request's fields of the (query) offset.
    pub offset: usize,
    /// Index into the request's fields of the (query) page size.
    pub limit: usize,
    /// Index into the response's fields of the array holding a page of items.
    pub items: usize,
    /// Index into the response's fields of the total item count, when the answer has one.
    pub total: Option<usize>,
    /// What the offset counts.
    pub offset_unit: OffsetUnit,
}

/// Provenance of an endpoint.
#[derive(Debug, Clone)]
pub struct Source {
    /// Saved page file name.
    pub document: Option<String>,
    /// Page address.
    pub url: Option<String>,
    /// Where the spec comes from, in words.
    pub from: Option<String>,
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
    /// Whose words the endpoint's descriptions are unless one says otherwise.
    pub descriptions: TextSource,
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
    /// The file, for a multipart/form-data upload; the body fields are then its `meta` JSON's.
    pub upload: Option<Upload>,
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
    /// Whose words the description is.
    pub description_source: TextSource,
    /// The members, in table order.
    pub members: Vec<OneOfMember>,
}

/// A member of a one-of group.
#[derive(Debug, Clone)]
pub struct OneOfMember {
    /// Index into [`Request::fields`].
    pub field: usize,
    /// The Rust variant name of the group's enum (`OutOrderNo`).
    pub variant: String,
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
    /// Whose words the description is.
    pub description_source: TextSource,
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
    /// Whose words the description is.
    pub description_source: TextSource,
    /// 示例值 as written, unless an erratum set it aside.
    pub example: Option<String>,
    /// The type column as written.
    pub doc_type: String,
    /// Location (requests only).
    pub location: Option<Location>,
    /// Other places the same value is sent (a page listing one parameter in the path and in
    /// the body): one Rust field, written at each.
    pub also_in: Vec<Location>,
    /// Presence.
    pub presence: Presence,
    /// The value's type.
    pub ty: Type,
    /// Length limits for strings.
    pub length: Option<Length>,
    /// Allowed characters for strings.
    pub charset: Option<Charset>,
    /// A regular expression the whole string must match, as written in the spec.
    pub pattern: Option<String>,
    /// The rules of each item, for an array of strings that has any.
    pub items: Option<ItemRules>,
    /// For a string holding JSON text: what that JSON is.
    pub json: Option<JsonText>,
    /// For a field sent or answered encrypted (敏感信息): which text the page's length limit
    /// applies to. `length` then holds the page's limit as written.
    pub encrypted: Option<LimitOn>,
}

/// Which text of an encrypted field a documented length limit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitOn {
    /// The type has no limit.
    Nothing,
    /// The plaintext: checked before encrypting.
    Plaintext,
    /// The ciphertext as sent: always within it for RSA-2048 (344 base64 characters), so only
    /// the encryption's own plaintext limit is checked.
    Ciphertext,
}

/// The most plaintext bytes RSA-2048 OAEP with SHA-1 encrypts (256 − 2·20 − 2).
pub const MAX_ENCRYPTED_PLAINTEXT_BYTES: u64 = 214;

/// The string rules of each item of an array.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemRules {
    /// Length limits.
    pub length: Option<Length>,
    /// Allowed characters.
    pub charset: Option<Charset>,
    /// A regular expression each whole item must match.
    pub pattern: Option<String>,
}

/// A string field holding JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonText {
    /// The type of the JSON, where the page gives one.
    pub inner: Option<Type>,
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A string.
    String,
    /// An integer (`i64`).
    Integer,
    /// A non-negative integer (`u64`), where the page says `uint64`.
    UnsignedInteger,
    /// A number with a fractional part.
    Decimal,
    /// A boolean.
    Bool,
    /// An RFC 3339 time with offset.
    DateTime,
    /// An enum whose values are strings.
    Enum(TypeRef),
    /// An enum whose values are integers on the wire.
    IntegerEnum(TypeRef),
    /// An object.
    Object(TypeRef),
    /// Any JSON object: an object whose page declares no properties.
    JsonObject,
    /// An array.
    Array(Box<Type>),
}

/// A reference to a named definition: its scope and its index there, for a direct lookup
/// ([`Api::enum_def`], [`Api::object_def`]), and its Rust name, for the code that names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeRef {
    /// Where it is defined.
    pub scope: Scope,
    /// Its index in the scope's [`Definitions::enums`] or [`Definitions::objects`] (which of
    /// the two, the [`Type`] variant holding the reference says).
    pub index: usize,
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
    /// Whose words the description is.
    pub description_source: TextSource,
    /// Whether the values travel as strings or as integers.
    pub base: EnumBase,
    /// Values in table order.
    pub values: Vec<EnumValue>,
}

/// A known enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Canonical spelling (an integer enum's value as decimal text).
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
            Scope::Endpoint(index) => self
                .endpoints
                .get(*index)
                .map_or(&NONE, |endpoint| &endpoint.definitions),
            Scope::Notification(index) => self
                .notifications
                .get(*index)
                .map_or(&NONE, |notification| &notification.definitions),
            Scope::Base => &self.base,
        }
    }

    /// The enum a reference names (`None` only for a reference into another model).
    pub fn enum_def(&self, reference: &TypeRef) -> Option<&Enum> {
        self.definitions(&reference.scope)
            .enums
            .get(reference.index)
    }

    /// The object a reference names (`None` only for a reference into another model).
    pub fn object_def(&self, reference: &TypeRef) -> Option<&Object> {
        self.definitions(&reference.scope)
            .objects
            .get(reference.index)
    }

    /// Every error code the API answers with, each once with its Rust variant name and every
    /// distinct row that describes it: the public codes first, then each endpoint's in order.
    pub fn error_codes(&self) -> Vec<ErrorCode<'_>> {
        let mut codes: Vec<ErrorCode> = Vec::new();
        for row in self
            .common_errors
            .iter()
            .chain(self.endpoints.iter().flat_map(|e| &e.errors))
        {
            match codes.iter_mut().find(|known| known.code == row.code) {
                Some(known) => {
                    if !known.rows.iter().any(|known| same_row(known, row)) {
                        known.rows.push(row);
                    }
                }
                None => codes.push(ErrorCode {
                    code: &row.code,
                    rust_name: crate::names::camel(&row.code),
                    rows: vec![row],
                }),
            }
        }
        codes
    }
}

fn same_row(a: &ErrorRow, b: &ErrorRow) -> bool {
    (a.status, &a.code, &a.description, &a.solution)
        == (b.status, &b.code, &b.description, &b.solution)
}

/// One error code and the rows that describe it (pages may describe a code differently).
#[derive(Debug, Clone)]
pub struct ErrorCode<'a> {
    /// The code as written (`RESOURCE_NOT_EXISTS`).
    pub code: &'a str,
    /// Its Rust variant name (`ResourceNotExists`).
    pub rust_name: String,
    /// Every distinct row, in the order met.
    pub rows: Vec<&'a ErrorRow>,
}

impl Endpoint {
    /// Whether a successful answer is a JSON object the response type decodes: not an answer
    /// without a body, and not a file.
    pub fn answers_json(&self) -> bool {
        !self.empty_response && !matches!(self.download, Some(Download::File { .. }))
    }

    /// `METHOD /path/template`: how documentation, routes and logs name the endpoint.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The error codes this endpoint's table lists under HTTP 404: the codes that say the
    /// resource does not exist, even when the service sends them with another status.
    pub fn not_found_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = Vec::new();
        for row in self.errors.iter().filter(|row| row.status == 404) {
            if !codes.contains(&row.code.as_str()) {
                codes.push(&row.code);
            }
        }
        codes
    }
}

impl Field {
    /// Why `text` breaks this field's length, charset or pattern, if it does: the one rule both
    /// the spec checker (for examples) and the mock server (for requests) apply.
    pub fn text_problem(&self, text: &str) -> Option<String> {
        text_rules_problem(
            text,
            self.length,
            self.charset.as_ref(),
            self.pattern.as_deref(),
            &self.doc_type,
        )
    }

    /// Whether the value is sent at `location` (its own, or one it is also sent at).
    pub fn is_in(&self, location: Location) -> bool {
        self.location == Some(location) || self.also_in.contains(&location)
    }

    /// Whether `other`'s location is already one of this field's places.
    pub fn is_in_any(&self, other: &Field) -> bool {
        other.location.is_some_and(|location| self.is_in(location))
    }
}

impl ItemRules {
    /// Why one item breaks these rules, if it does; `doc_type` is the item's type as written.
    pub fn text_problem(&self, text: &str, doc_type: &str) -> Option<String> {
        text_rules_problem(
            text,
            self.length,
            self.charset.as_ref(),
            self.pattern.as_deref(),
            doc_type,
        )
    }
}

fn text_rules_problem(
    text: &str,
    length: Option<Length>,
    charset: Option<&Charset>,
    pattern: Option<&str>,
    doc_type: &str,
) -> Option<String> {
    if let Some(length) = length {
        let actual = length.unit.count(text) as u64;
        if length.min.is_some_and(|min| actual < min) || length.max.is_some_and(|max| actual > max)
        {
            return Some(format!("length {actual} is outside `{doc_type}`"));
        }
    }
    if let Some(charset) = charset
        && let Some(c) = charset.first_outside(text)
    {
        return Some(format!("`{c}` is not allowed: only {}", charset.class()));
    }
    let pattern = pattern?;
    match wechatpay_rules::pattern::compile(pattern) {
        Ok(regex) if regex.is_match(text) => None,
        Ok(_) => Some(format!("does not match the pattern `{pattern}`")),
        Err(error) => Some(error.to_string()),
    }
}
