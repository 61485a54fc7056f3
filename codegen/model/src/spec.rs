//! The spec files as written: one serde type per kind of file, read strictly.
//!
//! These types mirror `spec/README.md` key by key. They carry no meaning beyond the text; the
//! checker turns them into the [`crate::model`] that every emitter reads.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
pub use wechatpay_rules::{LengthUnit, Method};

/// `spec/settings.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    /// How `string[min,max]` limits are counted unless a field says otherwise.
    pub length_unit: LengthUnit,
    /// Why the default is what it is.
    pub length_unit_reason: String,
}

/// A file under `spec/shared/`: definitions any endpoint may reference by name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedFile {
    /// Enums by name.
    #[serde(default)]
    pub enums: BTreeMap<String, EnumDef>,
    /// Object types by name.
    #[serde(default)]
    pub objects: BTreeMap<String, ObjectDef>,
    /// Reusable field formats by name.
    #[serde(default)]
    pub formats: BTreeMap<String, FormatDef>,
    /// Public error codes that apply to every endpoint.
    #[serde(default)]
    pub errors: Vec<ErrorRow>,
    /// Decisions taken in this file: a code applied beyond the pages that list it, a definition
    /// merged from pages that disagree.
    #[serde(default)]
    pub errata: Vec<Erratum>,
    /// Questions an importer left open in a draft of shared definitions (an OpenAPI document's
    /// components); the checker refuses the file while any remains, as for an endpoint.
    #[serde(default)]
    pub import_notes: Vec<ImportNote>,
}

/// A notification WeChat Pay sends (回调通知): one documentation page, in a namespace's
/// `notifications/` directory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationFile {
    /// The page title.
    pub title: String,
    /// The page's introduction.
    #[serde(default)]
    pub summary: Option<String>,
    /// Where the transcription comes from.
    pub source: Source,
    /// The `event_type` values the page lists, with their meanings.
    pub event_types: Vec<EnumValueDef>,
    /// The decrypted `resource`.
    pub resource: ResourceDef,
    /// The response (by its `name`, in this namespace) whose records this notification reports:
    /// the mock sends it when such a record settles.
    #[serde(default)]
    pub about: Option<String>,
    /// Object types local to this notification.
    #[serde(default)]
    pub objects: BTreeMap<String, ObjectDef>,
    /// Enums local to this notification.
    #[serde(default)]
    pub enums: BTreeMap<String, EnumDef>,
    /// Contradictions and gaps in the page, and what the spec decided.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

/// A notification's decrypted `resource`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceDef {
    /// The `resource.original_type` it arrives with (`transaction`).
    pub original_type: String,
    /// The Rust name of its type, by meaning; default: the file's stem.
    #[serde(default)]
    pub name: Option<String>,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// Its fields, in table order.
    pub fields: Vec<FieldDef>,
}

/// One endpoint: one documentation page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointFile {
    /// The page title.
    pub title: String,
    /// The page's introduction.
    #[serde(default)]
    pub summary: Option<String>,
    /// The HTTP method.
    pub method: Method,
    /// The request path with `{name}` placeholders.
    pub path: String,
    /// Whether a retry with the same parameters is safe.
    pub idempotent: bool,
    /// Whether 2xx responses are signed.
    pub signed_response: bool,
    /// Where the transcription comes from.
    pub source: Source,
    /// Headers the page lists that the runtime sets itself.
    #[serde(default)]
    pub protocol_headers: Vec<ProtocolHeader>,
    /// The request table.
    pub request: RequestDef,
    /// The response table.
    pub response: ResponseDef,
    /// Object types local to this endpoint.
    #[serde(default)]
    pub objects: BTreeMap<String, ObjectDef>,
    /// Enums local to this endpoint.
    #[serde(default)]
    pub enums: BTreeMap<String, EnumDef>,
    /// The page's error-code table.
    #[serde(default)]
    pub errors: Vec<ErrorRow>,
    /// The page's examples.
    #[serde(default)]
    pub examples: Examples,
    /// How a list endpoint pages through its items (`offset` and `limit`).
    #[serde(default)]
    pub paging: Option<PagingDef>,
    /// Contradictions and gaps in the page, and what the spec decided.
    #[serde(default)]
    pub errata: Vec<Erratum>,
    /// Questions `wechatpay-codegen import` left open in a draft: each marks a decision the
    /// page did not settle. The checker refuses a file while any remains.
    #[serde(default)]
    pub import_notes: Vec<ImportNote>,
}

/// A decision the page importer took where the page is ambiguous or contradicts itself, left
/// for a person to confirm or change (then to record as an erratum where the page is
/// contradicted) and delete.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportNote {
    /// The line of the saved page the question comes from, counting from 1.
    pub line: usize,
    /// What the decision applies to: a key path by names, as an erratum's `at`.
    pub at: String,
    /// What the page leaves open and what the draft decided.
    pub issue: String,
}

/// Whose words a description is: the page's, copied (the default), or the spec author's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// Copied from the page.
    #[default]
    Page,
    /// Written by whoever wrote the spec (a user's own endpoint, or a gap the page leaves).
    Spec,
}

impl TextSource {
    /// As a spec writes it: `page` or `spec`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextSource::Page => "page",
            TextSource::Spec => "spec",
        }
    }

    /// The source a spec's word names, when it names one.
    pub fn from_spelling(text: &str) -> Option<Self> {
        [TextSource::Page, TextSource::Spec]
            .into_iter()
            .find(|source| source.as_str() == text)
    }
}

#[cfg(test)]
mod text_source_tests {
    use super::TextSource;

    #[test]
    fn the_spelling_is_the_one_serde_reads() {
        for source in [TextSource::Page, TextSource::Spec] {
            let read: TextSource =
                serde_yaml::from_str(source.as_str()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(read, source);
            assert_eq!(TextSource::from_spelling(source.as_str()), Some(source));
        }
        assert_eq!(TextSource::from_spelling("pages"), None);
    }
}

/// The page's provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The saved page, a file name under `tests/data/seeds/` (the project's specs).
    #[serde(default)]
    pub document: Option<String>,
    /// The page's address.
    #[serde(default)]
    pub url: Option<String>,
    /// Where the spec comes from, in words, for a page that is neither saved nor online (a
    /// user's own spec: "our integration guide, section 3").
    #[serde(default)]
    pub from: Option<String>,
    /// 适用对象 / 支持商户.
    #[serde(default)]
    pub applicable_to: Vec<String>,
    /// 更新时间, `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: Option<String>,
    /// Current version.
    #[serde(default)]
    pub version: Option<String>,
    /// 版本说明, newest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// Anything else on the page that is not a table.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Whose words this file's descriptions are, unless one says otherwise: `spec` for a spec
    /// written from scratch, so that each description need not say it.
    #[serde(default)]
    pub descriptions: TextSource,
}

/// One row of a page's version history.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// `V1.5`.
    pub version: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// As written.
    pub changes: String,
}

/// A header the page lists that the runtime sets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtocolHeader {
    /// Header name.
    pub name: String,
    /// Whether the page marks it required.
    pub required: bool,
    /// Type as written.
    #[serde(rename = "type")]
    pub ty: String,
    /// Description as written.
    pub description: String,
}

/// The request table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDef {
    /// Parameters in table order; for an upload, the body fields are the `meta` JSON's own.
    pub fields: Vec<FieldDef>,
    /// 二选一 groups.
    #[serde(default)]
    pub one_of: Vec<OneOfDef>,
    /// A file sent as multipart/form-data, and the limits the page gives it.
    #[serde(default)]
    pub upload: Option<UploadDef>,
}

/// `request.upload`: the file part of a multipart/form-data request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadDef {
    /// The largest file the page allows, in bytes.
    pub max_bytes: u64,
    /// The media types the page allows (`image/jpeg`).
    pub content_types: Vec<String>,
}

/// A 二选一 group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneOfDef {
    /// The group's name, by meaning.
    pub name: String,
    /// Wire names of the members.
    pub members: Vec<String>,
    /// What the page says of the choice.
    #[serde(default)]
    pub description: Option<String>,
    /// Whose words `description` is.
    #[serde(default)]
    pub description_source: Option<TextSource>,
}

/// The response table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseDef {
    /// The response type's name, by meaning.
    #[serde(default)]
    pub name: Option<String>,
    /// What the response is.
    #[serde(default)]
    pub description: Option<String>,
    /// Whose words `description` is.
    #[serde(default)]
    pub description_source: Option<TextSource>,
    /// The success status the page documents: 200 (the default), 201, 202 or 204.
    #[serde(default)]
    pub status: Option<u16>,
    /// Fields in table order; absent for an answer without a body (a 204, say).
    #[serde(default)]
    pub fields: Option<Vec<FieldDef>>,
    /// The field whose values say whether the resource is still in progress.
    #[serde(default)]
    pub poll: Option<PollDef>,
    /// An answer that is a ticket for downloading a file (`download_url` and its hash).
    #[serde(default)]
    pub download: Option<DownloadDef>,
    /// An answer that is the file itself, not JSON.
    #[serde(default)]
    pub file: Option<FileDef>,
}

/// `response.download`: the fields of a download ticket, by wire name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DownloadDef {
    /// The field holding the URL to fetch the file from.
    pub url: String,
    /// The field naming the hash algorithm (`SHA1`).
    pub hash_type: String,
    /// The field holding the expected hash.
    pub hash_value: String,
    /// The request field and value that ask for a gzip file, when the endpoint offers one.
    #[serde(default)]
    pub gzip_when: Option<GzipWhen>,
}

/// `gzip_when: {field: tar_type, value: GZIP}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GzipWhen {
    /// The request field's wire name.
    pub field: String,
    /// The value asking for gzip.
    pub value: String,
}

/// `response.file`: the answer is the file's bytes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDef {
    /// The media types the page says the file comes as.
    #[serde(default)]
    pub content_types: Vec<String>,
}

/// `paging`: how a list endpoint pages, by the wire names of the fields involved.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingDef {
    /// The request's query field holding the offset.
    pub offset: String,
    /// The request's query field holding the page size.
    pub limit: String,
    /// The response's array field holding one page of items.
    pub items: String,
    /// The response's field holding the total number of items, when it has one.
    #[serde(default)]
    pub total: Option<String>,
    /// Whether the offset counts items (the default) or pages.
    #[serde(default)]
    pub offset_counts: OffsetUnit,
}

/// What a paging offset counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetUnit {
    /// The offset is the number of items before the page.
    #[default]
    Items,
    /// The offset is the page's index (分页页码), from 0.
    Pages,
}

/// `response.poll`: which field to watch and which of its values mean "not final yet".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollDef {
    /// The wire name of an enum field of the response.
    pub field: String,
    /// The values (canonical spellings) that mean the resource is still in progress.
    pub pending: Vec<String>,
}

/// One row of a parameter table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// Wire name.
    pub name: String,
    /// Rust field name override.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// 参数名.
    pub title: String,
    /// Location, requests only.
    #[serde(default, rename = "in")]
    pub location: Option<Location>,
    /// The type column as written.
    #[serde(rename = "type")]
    pub ty: String,
    /// Overrides the spec-wide length unit.
    #[serde(default)]
    pub length_unit: Option<LengthUnit>,
    /// The spec's decision on presence.
    pub required: Required,
    /// As written.
    pub description: String,
    /// Whose words `description` is.
    #[serde(default)]
    pub description_source: Option<TextSource>,
    /// 示例值, as written.
    #[serde(default, deserialize_with = "scalar_as_string")]
    pub example: Option<String>,
    /// Enum name.
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
    /// Format name.
    #[serde(default)]
    pub format: Option<String>,
    /// Object name for `object` and `array` fields.
    #[serde(default)]
    pub object: Option<String>,
    /// The type of an array's items when they are not objects: a type as written
    /// (`string[1,32]`), or a mapping with the item's own rules (`{type, enum, pattern, ...}`).
    #[serde(default)]
    pub items: Option<ItemsDef>,
    /// An `object` field whose page declares no properties: any JSON object.
    #[serde(default)]
    pub free_form: bool,
    /// For a `number` type: whether the spec reads it as an integer or a decimal.
    #[serde(default)]
    pub number: Option<NumberKind>,
    /// Allowed characters, given on the field itself (a format may give them too, not both).
    #[serde(default)]
    pub charset: Option<String>,
    /// A regular expression the whole value must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// A string field holding JSON text, and the type of that JSON where the page gives it.
    #[serde(default)]
    pub json: Option<ValueDef>,
    /// A field sent or answered encrypted (敏感信息): `true`, or, for a field whose type has a
    /// length limit, which text the limit applies to (`plaintext` or `ciphertext`).
    #[serde(default)]
    pub encrypted: Option<EncryptedDef>,
}

/// `encrypted: true | plaintext | ciphertext`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncryptedDef {
    /// Encrypted; the type has no length limit to place.
    Yes,
    /// Encrypted; the page's length limit applies to the plaintext.
    Plaintext,
    /// Encrypted; the page's length limit applies to the ciphertext as sent (base64).
    Ciphertext,
}

impl<'de> Deserialize<'de> for EncryptedDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EncryptedVisitor;
        impl Visitor<'_> for EncryptedVisitor {
            type Value = EncryptedDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, plaintext or ciphertext")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<EncryptedDef, E> {
                if value {
                    Ok(EncryptedDef::Yes)
                } else {
                    Err(E::custom(
                        "leave `encrypted` out for a field that is not encrypted",
                    ))
                }
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<EncryptedDef, E> {
                match value {
                    "plaintext" => Ok(EncryptedDef::Plaintext),
                    "ciphertext" => Ok(EncryptedDef::Ciphertext),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
        }
        deserializer.deserialize_any(EncryptedVisitor)
    }
}

/// `number: integer | decimal`: what a `number` column means, decided by the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// A whole number (`i64`): what most `number` columns hold (amounts in fen, counts).
    Integer,
    /// A number with a fractional part.
    Decimal,
}

/// An array's item type: `items: string[1,32]`, or `items: {type: string[1,32], enum: x}`.
#[derive(Debug, Clone)]
pub enum ItemsDef {
    /// A type as written.
    Type(String),
    /// A type with its own keys.
    Value(Box<ValueDef>),
}

impl ItemsDef {
    /// The item as a value definition (a bare type has no other keys).
    pub fn value(&self) -> ValueDef {
        match self {
            Self::Type(ty) => ValueDef {
                ty: Some(ty.clone()),
                ..ValueDef::default()
            },
            Self::Value(value) => (**value).clone(),
        }
    }
}

impl<'de> Deserialize<'de> for ItemsDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemsVisitor;
        impl<'de> Visitor<'de> for ItemsVisitor {
            type Value = ItemsDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a type such as `string[1,32]`, or a mapping with `type` and the item's rules",
                )
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<ItemsDef, E> {
                Ok(ItemsDef::Type(value.to_owned()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ItemsDef, A::Error> {
                let value = ValueDef::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ItemsDef::Value(Box::new(value)))
            }
        }
        deserializer.deserialize_any(ItemsVisitor)
    }
}

/// A value's type and rules without a name or a place: an array's items, or the JSON a string
/// holds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueDef {
    /// The type as written; for `json`, absent when the page does not say.
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// Overrides the spec-wide length unit.
    #[serde(default)]
    pub length_unit: Option<LengthUnit>,
    /// Enum name.
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
    /// Format name.
    #[serde(default)]
    pub format: Option<String>,
    /// Object name for `object` and `array` values.
    #[serde(default)]
    pub object: Option<String>,
    /// The items of an `array` value.
    #[serde(default)]
    pub items: Option<ItemsDef>,
    /// An `object` without declared properties.
    #[serde(default)]
    pub free_form: bool,
    /// For a `number` type: integer or decimal.
    #[serde(default)]
    pub number: Option<NumberKind>,
    /// Allowed characters.
    #[serde(default)]
    pub charset: Option<String>,
    /// A regular expression the whole value must match.
    #[serde(default)]
    pub pattern: Option<String>,
}

/// Where a request parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Location {
    Path,
    Query,
    Header,
    Body,
}

impl Location {
    /// The name used in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Body => "body",
        }
    }
}

/// `required: true | false | one_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Always present.
    Yes,
    /// May be absent.
    No,
    /// A member of a 二选一 group.
    OneOf,
}

impl<'de> Deserialize<'de> for Required {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RequiredVisitor;
        impl Visitor<'_> for RequiredVisitor {
            type Value = Required;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or one_of")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Required, E> {
                Ok(if value { Required::Yes } else { Required::No })
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Required, E> {
                match value {
                    "one_of" => Ok(Required::OneOf),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
        }
        deserializer.deserialize_any(RequiredVisitor)
    }
}

/// An object type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectDef {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whose words `description` is.
    #[serde(default)]
    pub description_source: Option<TextSource>,
    /// Fields in table order.
    pub fields: Vec<FieldDef>,
}

/// An enum.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whose words `description` is.
    #[serde(default)]
    pub description_source: Option<TextSource>,
    /// What the values are on the wire: strings (the default) or integers.
    #[serde(default, rename = "type")]
    pub base: EnumBase,
    /// Values in table order.
    pub values: Vec<EnumValueDef>,
}

/// How an enum's values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumBase {
    /// JSON strings.
    #[default]
    String,
    /// JSON numbers (`3`, `124`); each value needs a `rust_name`.
    Integer,
}

/// One enum value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueDef {
    /// Canonical spelling (a number for an integer enum, kept as written).
    #[serde(deserialize_with = "scalar_as_text")]
    pub value: String,
    /// Chinese meaning.
    pub meaning: String,
    /// Other spellings read as this value.
    #[serde(default, deserialize_with = "scalars_as_text")]
    pub aliases: Vec<String>,
    /// Variant name override.
    #[serde(default)]
    pub rust_name: Option<String>,
}

/// A reusable field format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatDef {
    /// The base type it refines.
    pub base: FormatBase,
    /// How the generated code represents it.
    #[serde(default)]
    pub representation: Representation,
    /// Allowed characters.
    #[serde(default)]
    pub charset: Option<String>,
    /// What it is.
    pub description: String,
}

/// Base type of a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum FormatBase {
    String,
    Int,
}

/// Representation of a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Representation {
    /// As its base type.
    #[default]
    Plain,
    /// An RFC 3339 time with its offset.
    Datetime,
}

/// One error-code row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorRow {
    /// HTTP status.
    pub status: u16,
    /// Error code.
    pub code: String,
    /// 描述.
    pub description: String,
    /// 解决方案.
    pub solution: String,
}

/// The page's examples.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// The example request URL as printed.
    #[serde(default)]
    pub request_url: Option<String>,
    /// The example request body (JSON) as printed; checked against the request's body fields.
    #[serde(default)]
    pub request_body: Option<String>,
    /// Example responses.
    #[serde(default)]
    pub responses: Vec<ResponseExample>,
}

/// One example response.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseExample {
    /// HTTP status.
    pub status: u16,
    /// JSON body as printed.
    pub body: String,
}

/// A contradiction or gap in the page and the decision taken.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// What it applies to: a key path by names, or `page`.
    pub at: String,
    /// What the page says.
    pub doc_says: String,
    /// What the spec does.
    pub decision: String,
    /// Why.
    pub reason: String,
}

/// A required scalar kept as text: integer enum values are written as numbers.
fn scalar_as_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    scalar_as_string(deserializer)?.ok_or_else(|| de::Error::custom("expected a value, not null"))
}

/// A list of scalars kept as text.
fn scalars_as_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct Scalar(String);
    impl<'de> Deserialize<'de> for Scalar {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            scalar_as_text(deserializer).map(Scalar)
        }
    }
    let items: Vec<Scalar> = Vec::deserialize(deserializer)?;
    Ok(items.into_iter().map(|Scalar(text)| text).collect())
}

/// Examples are written as strings, but a bare number is accepted and kept as written.
fn scalar_as_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct ScalarVisitor;
    impl Visitor<'_> for ScalarVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Some(value.to_owned()))
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_i128<E: de::Error>(self, value: i128) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_u128<E: de::Error>(self, value: u128) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom(
                "YAML reads this as a float, which loses digits: quote the example as written",
            ))
        }
        fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(ScalarVisitor)
}
